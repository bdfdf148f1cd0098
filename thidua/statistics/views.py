"""The statutory statistics pages: pick a statistical year and reporting body, read each form as a
table (every non-empty cell opens the records it counts), export it (Excel, Word, PDF), send it
(a locked snapshot) and correct a sent report (a new version with its reason)."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from thidua.core.errors import error_messages
from thidua.core.forms import ReasonForm, StyledFormMixin
from thidua.core.idempotency import idempotent
from thidua.core.permissions import require
from thidua.core.views_helpers import call_service
from thidua.statistics import engine, exports, services
from thidua.statistics.models import StatisticsExportJob
from thidua.statistics.permissions import (
    PROVINCE_SLUG,
    bodies_for,
    body_for,
    can_submit_body,
    can_view_body,
    can_view_statistics,
    slug_of,
)
from thidua.statistics.tables import FORM_CODES, FormResult, ReportingBody

LIVE = "hien-tai"  # ?phien-ban=hien-tai: today's computation even when a version was sent


class PickForm(StyledFormMixin, forms.Form):
    year = forms.TypedChoiceField(label="Năm thống kê", coerce=int)
    body = forms.ChoiceField(label="Đơn vị báo cáo")

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [
            (y, f"{y} ({services.period_text(y).lower()})") for y in services.years()
        ]
        self.fields["year"].initial = services.last_closed_year()
        self.fields["body"].choices = [(slug_of(b), b.name) for b in bodies]


class CorrectionForm(StyledFormMixin, ReasonForm):
    reason = forms.CharField(
        label="Lý do điều chỉnh",
        required=False,
        max_length=services.REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Lý do dài quá %(limit_value)d ký tự."},
        help_text="Bắt buộc: vì sao số liệu đã gửi cần điều chỉnh (ví dụ: bổ sung quyết định khen thưởng).",
    )


def _form_code(value: str | None) -> str:
    """ "0601", "0601.N" → "0601.N"; anything else is not a form (404)."""
    if not value:
        return FORM_CODES[0]
    code = value if value.endswith(".N") else f"{value}.N"
    if code not in FORM_CODES:
        raise Http404
    return code


def _year(year: int) -> int:
    require(services.year_problem(year) is None)
    return year


def _report_url(year: int, body, **params) -> str:
    url = reverse("statistics:report", args=[year, slug_of(body)])
    params = {k: v for k, v in params.items() if v not in (None, "")}
    return f"{url}?{urlencode(params)}" if params else url


def record_url(model: str, pk: int) -> str:
    """The page of a record a warning names, when its model has one."""
    try:
        obj = apps.get_model(model).objects.filter(pk=pk).first()
    except (LookupError, ValueError):
        return ""
    if obj is None or not hasattr(obj, "get_absolute_url"):
        return ""
    try:
        return obj.get_absolute_url()
    except NoReverseMatch:
        return ""


@dataclass
class HeaderCell:
    label: str
    colspan: int = 1
    rowspan: int = 1


def header_rows(form: FormResult) -> tuple[list[HeaderCell], list[HeaderCell]]:
    """The table's two header rows: merged group headers (a column without a group spans both
    rows), then the grouped columns' own labels."""
    top = [HeaderCell("STT", rowspan=2), HeaderCell("Chỉ tiêu", rowspan=2)]
    bottom = []
    for group, first, last in exports._groups(form):
        if group:
            top.append(HeaderCell(group, colspan=last - first + 1))
            bottom += [HeaderCell(form.columns[i].label) for i in range(first, last + 1)]
        else:
            top.append(HeaderCell(form.columns[first].label, rowspan=2))
    if not bottom:
        for cell in top:
            cell.rowspan = 1
    return top, bottom


def _column_label(column) -> str:
    """The column's name on a phone, where each row is a card of "column: value" lines."""
    return f"{column.group} – {column.label}" if column.group else column.label


def table_rows(form: FormResult, cell_url: str) -> list[dict]:
    rows = []
    for row in form.rows:
        cells = []
        for column in form.columns:
            value = form.value(row.key, column.key)
            link = f"{cell_url}?{urlencode({'mau': form.code, 'hang': row.key, 'cot': column.key})}"
            cells.append({"value": value, "url": link if value else "", "label": _column_label(column)})
        heading = getattr(row, "heading", False)
        if heading:
            cells = [{"value": 0, "url": "", "label": _column_label(c)} for c in form.columns]
        rows.append({"row": row, "total": bool(row.total_of) or heading, "cells": cells})
    return rows


@login_required
def index(request):
    """Pick a statistical year and a reporting body."""
    require(can_view_statistics(request.user))
    bodies = bodies_for(request.user)
    form = PickForm(request.GET or None, bodies=bodies)
    if request.GET and form.is_valid():
        return redirect("statistics:report", form.cleaned_data["year"], form.cleaned_data["body"])
    return render(
        request,
        "statistics/index.html",
        {"form": form, "bodies": bodies, "year": services.last_closed_year(), "forms": FORM_CODES},
    )


def _shown(request, year: int, body):
    """(forms shown, the version shown or None, today's forms, the versions): the latest sent
    version unless another one, or today's computation, is asked for."""
    today = services.compute(year=year, body=body)
    versions = services.versions_of(year=year, body=body)
    wanted = request.GET.get("phien-ban", "")
    if wanted == LIVE or not versions:
        return today, None, today, versions
    if wanted:
        version = next((v for v in versions if str(v.number) == wanted), None)
        if version is None:
            raise Http404
    else:
        version = versions[0]
    return version.results(), version, today, versions


@login_required
def report(request, year: int, body: str):
    """One form of a body's report for a statistical year, as a table; the sent version when there
    is one (with what changed since), else today's computation."""
    body = body_for(request.user, body)
    year = _year(year)
    code = _form_code(request.GET.get("mau"))
    forms_shown, version, today, versions = _shown(request, year, body)
    by_code = {f.code: f for f in forms_shown}
    form = by_code.get(code)
    if form is None:
        raise Http404
    changes = services.changed_cells(forms_shown, today) if version is not None else []
    top, bottom = header_rows(form)
    cell_url = reverse("statistics:cell", args=[year, slug_of(body)])
    warnings = [{"warning": w, "url": record_url(w.model, w.record_id)} for w in form.warnings]
    version_param = str(version.number) if version else (LIVE if versions else "")
    return render(
        request,
        "statistics/report.html",
        {
            "year": year,
            "body": body,
            "slug": slug_of(body),
            "period": services.period_text(year),
            "form": form,
            "tabs": [
                {
                    "code": f.code,
                    "title": f.title,
                    "url": _report_url(year, body, mau=f.code[:4], **{"phien-ban": version_param}),
                    "warnings": len(f.warnings),
                }
                for f in forms_shown
            ],
            "top": top,
            "bottom": bottom,
            "rows": table_rows(form, cell_url),
            "warnings": warnings,
            "has_data": services.has_data(forms_shown),
            "no_data": services.no_data_message(year),
            "version": version,
            "versions": versions,
            "changes": changes,
            "live_url": _report_url(year, body, mau=code[:4], **{"phien-ban": LIVE}),
            "latest_url": _report_url(year, body, mau=code[:4]),
            "version_urls": {
                v.number: _report_url(year, body, mau=code[:4], **{"phien-ban": v.number}) for v in versions
            },
            "export": {
                fmt: f"{reverse('statistics:export', args=[year, slug_of(body)])}?"
                + urlencode({"dinh-dang": fmt, "mau": code[:4], "phien-ban": version_param})
                for fmt in ("xlsx", "docx", "pdf")
            },
            "export_all": f"{reverse('statistics:export', args=[year, slug_of(body)])}?"
            + urlencode({"dinh-dang": "xlsx", "mau": "tat-ca", "phien-ban": version_param}),
            "pdf_available": exports.pdf_available(),
            # Today's forms of a large province are exported by a background job (with progress).
            "background": version is None and services.export_in_background(year),
            "export_jobs": [
                ("xlsx", "Tạo Excel biểu này", code[:4]),
                ("xlsx", "Tạo Excel cả 5 biểu", "tat-ca"),
                ("docx", "Tạo Word", code[:4]),
                *([("pdf", "Tạo PDF", code[:4])] if exports.pdf_available() else []),
            ],
            "can_submit": can_submit_body(request.user, body),
            "closed": services.statistical_period(year)[1] < services.sane.today(),
            "correction_form": CorrectionForm(),
        },
    )


@login_required
def cell(request, year: int, body: str):
    """The records one cell counts (opened by HTMX under the table; a page of its own otherwise)."""
    body = body_for(request.user, body)
    year = _year(year)
    code = _form_code(request.GET.get("mau"))
    row_key, column_key = request.GET.get("hang", ""), request.GET.get("cot", "")
    form = engine.build(code, year=year, body=body)
    row = next((r for r in form.rows if r.key == row_key), None)
    column = next((c for c in form.columns if c.key == column_key), None)
    if row is None or column is None:
        raise Http404
    records = engine.cell_records(code, year=year, body=body, row=row_key, column=column_key)
    context = {
        "year": year,
        "body": body,
        "form": form,
        "row": row,
        "column": column,
        "column_label": services._column_label(column),
        "value": form.value(row_key, column_key),
        "records": records,
        # The engine lists at most CELL_RECORDS_LIMIT records (a sum cell lists its sources).
        "truncated": len(records) >= getattr(engine, "CELL_RECORDS_LIMIT", 500)
        and len(records) < form.value(row_key, column_key),
        "back": _report_url(year, body, mau=code[:4], **{"phien-ban": LIVE}),
    }
    template = "statistics/_cell.html" if request.headers.get("HX-Request") else "statistics/cell.html"
    return render(request, template, context)


def _forms_for_export(request, year: int, body) -> list[FormResult]:
    wanted = request.GET.get("phien-ban", "")
    if wanted and wanted != LIVE:
        if not wanted.isdigit():
            raise Http404
        version = services.version_of(year=year, body=body, number=int(wanted))
        if version is None:
            raise Http404
        return version.results()
    if not wanted:
        versions = services.versions_of(year=year, body=body)
        if versions:
            return versions[0].results()
    return services.compute(year=year, body=body)


@login_required
def export(request, year: int, body: str):
    """The form (or, in Excel, all five) in the statutory layout: ?dinh-dang=xlsx|docx|pdf."""
    body = body_for(request.user, body)
    year = _year(year)
    fmt = request.GET.get("dinh-dang", "xlsx")
    if fmt not in ("xlsx", "docx", "pdf"):
        raise Http404
    every = request.GET.get("mau") == "tat-ca"
    code = None if every else _form_code(request.GET.get("mau"))
    if every and fmt != "xlsx":
        raise Http404
    forms_out = _forms_for_export(request, year, body)
    if code is not None:
        forms_out = [f for f in forms_out if f.code == code]
        if not forms_out:
            raise Http404
    if fmt == "xlsx":
        data, content_type = exports.forms_xlsx(forms_out), exports.XLSX
    else:
        signer, preparer = exports.head_of(body, year), request.user.get_full_name()
        if fmt == "docx":
            data, content_type = exports.form_docx(forms_out[0], signer, preparer), exports.DOCX
        else:
            data, content_type = exports.form_pdf(forms_out[0], signer, preparer), exports.PDF
            if data is None:
                messages.error(
                    request, "Máy chủ chưa cài LibreOffice nên chưa xuất được PDF; hãy tải bản Word."
                )
                return redirect(_report_url(year, body, mau=code[:4]))
    response = HttpResponse(data, content_type=content_type)
    name = exports.file_name(code, year, body, fmt)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_POST
@idempotent
def submit(request, year: int, body: str):
    """ "Chốt số liệu và gửi báo cáo": today's five forms become version 1 of the sent report."""
    body = body_for(request.user, body)
    require(can_submit_body(request.user, body))
    try:
        version = services.report_submit(actor=request.user, year=year, body=body)
    except ValidationError as exc:
        for texts in error_messages(exc).values():
            for text in texts:
                messages.error(request, text)
        return redirect(_report_url(year, body, **{"phien-ban": LIVE}))
    except PermissionDenied as exc:
        messages.error(request, str(exc))
        return redirect(_report_url(year, body))
    messages.success(
        request,
        f"Đã chốt số liệu và gửi báo cáo thống kê năm {year} của {body.name} (phiên bản {version.number}).",
    )
    return redirect(_report_url(year, body))


@login_required
@idempotent
def correct(request, year: int, body: str):
    """ "Tạo bản điều chỉnh": today's forms as a new version of a sent report, with its reason."""
    body = body_for(request.user, body)
    require(can_submit_body(request.user, body))
    year = _year(year)
    versions = services.versions_of(year=year, body=body)
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        version = call_service(
            form,
            services.report_correct,
            actor=request.user,
            year=year,
            body=body,
            reason=form.cleaned_data["reason"],
        )
        if version:
            messages.success(
                request,
                f"Đã tạo bản điều chỉnh (phiên bản {version.number}) của báo cáo thống kê năm {year}.",
            )
            return redirect(_report_url(year, body))
    today = services.compute(year=year, body=body)
    changes = services.changed_cells(versions[0].results(), today) if versions else []
    return render(
        request,
        "statistics/correct.html",
        {
            "year": year,
            "body": body,
            "slug": slug_of(body),
            "form": form,
            "latest": versions[0] if versions else None,
            "changes": changes,
            "back": _report_url(year, body),
            "province_slug": PROVINCE_SLUG,
        },
    )


class ExportStartForm(forms.Form):
    dinh_dang = forms.ChoiceField(choices=[("xlsx", "Excel"), ("docx", "Word"), ("pdf", "PDF")])
    mau = forms.CharField(required=False, max_length=10)


@login_required
@require_POST
@idempotent
def export_start(request, year: int, body: str):
    """Export today's forms by a background job (a large province): its page shows the progress."""
    body = body_for(request.user, body)
    year = _year(year)
    form = ExportStartForm(request.POST)
    if not form.is_valid():
        raise Http404
    wanted = form.cleaned_data["mau"]
    code = "" if wanted in ("", "tat-ca") else _form_code(wanted)
    try:
        job = services.export_job_start(
            actor=request.user,
            year=year,
            body=body,
            file_format=form.cleaned_data["dinh_dang"],
            form_code=code,
        )
    except ValidationError as exc:
        for texts in error_messages(exc).values():
            for text in texts:
                messages.error(request, text)
        return redirect(_report_url(year, body, mau=code[:4], **{"phien-ban": LIVE}))
    return redirect(job)


def _job_for(request, uid) -> StatisticsExportJob:
    job = get_object_or_404(StatisticsExportJob.objects.defer("content"), uid=uid)
    require(can_view_body(request.user, ReportingBody(name=job.body_name, unit_code=job.body_code)))
    return job


def _job_context(job: StatisticsExportJob) -> dict:
    body = ReportingBody(name=job.body_name, unit_code=job.body_code)
    return {"job": job, "back": _report_url(job.year, body, mau=(job.form_code or "")[:4])}


@login_required
def export_job(request, uid):
    job = _job_for(request, uid)
    return render(request, "statistics/export_job.html", _job_context(job))


@login_required
def export_progress(request, uid):
    """The polled partial; opened directly (not polled by htmx), the job's own page."""
    if not request.headers.get("HX-Request"):
        return export_job(request, uid)
    job = _job_for(request, uid)
    return render(request, "statistics/_export_progress.html", _job_context(job))


@login_required
def export_download(request, uid):
    job = _job_for(request, uid)
    if job.status != "succeeded":
        raise Http404
    data = StatisticsExportJob.objects.values_list("content", flat=True).get(pk=job.pk)
    if data is None:
        raise Http404
    content_type = {"xlsx": exports.XLSX, "docx": exports.DOCX, "pdf": exports.PDF}[job.file_format]
    response = HttpResponse(bytes(data), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{job.file_name}"'
    return response
