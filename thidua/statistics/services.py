"""The statutory statistics as the office works with them: computing a body's five forms for a
statistical year, sending them ("Chốt số liệu và gửi báo cáo": a locked snapshot), correcting a
sent report (a new version with its reason) and telling what changed since a version was sent.

The forms themselves are computed by ``thidua.statistics.engine``; a sent version keeps them as
``FormResult.to_json`` so that a later correction of the records never changes it silently."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from thidua.awards.models import AwardRecord
from thidua.core import jobs, sane
from thidua.core.audit import audit
from thidua.core.errors import field_error
from thidua.core.models import JobStatus
from thidua.statistics import engine, exports
from thidua.statistics.models import StatisticsExportJob, StatisticsReport, StatisticsReportVersion
from thidua.statistics.permissions import can_submit_body, can_view_body
from thidua.statistics.tables import FORM_CODES, FormResult, ReportingBody, statistical_period

log = logging.getLogger(__name__)

EARLIEST_YEAR = 2000
# Above this many award records in the statistical period, today's forms are exported by a task
# in a worker (with progress) rather than while the page waits.
INLINE_RECORDS = 20_000
REASON_MAX = 2000
DENIED = (
    "Chỉ Phòng Thi đua – Khen thưởng (mọi đơn vị báo cáo) hoặc cán bộ thi đua của chính đơn vị "
    "(báo cáo của đơn vị mình) được chốt và gửi báo cáo thống kê."
)


def period_text(year: int) -> str:
    start, end = statistical_period(year)
    return f"Từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}"


def current_year(today: dt.date | None = None) -> int:
    """The statistical year ``today`` falls in (from 01/12 it is the next calendar year's)."""
    today = today or sane.today()
    return today.year + 1 if today.month == 12 else today.year


def last_closed_year(today: dt.date | None = None) -> int:
    """The latest statistical year already over (the one reported by 15/12)."""
    return current_year(today) - 1


def year_problem(year: int | None) -> str | None:
    latest = current_year()
    if year is None or not EARLIEST_YEAR <= year <= latest:
        return f"Năm thống kê {year} không hợp lệ: phải từ {EARLIEST_YEAR} đến {latest}."
    return None


def check_year(year: int | None) -> int:
    sane.check("year", year_problem(year))
    return year


def years() -> list[int]:
    """The years offered in the picker, the latest first."""
    return list(range(current_year(), EARLIEST_YEAR - 1, -1))


# Computing ----------------------------------------------------------------------------------------


def compute(*, year: int, body: ReportingBody) -> list[FormResult]:
    """Today's five forms of ``body`` for the statistical ``year``, in ``FORM_CODES`` order."""
    check_year(year)
    forms = {f.code: f for f in engine.build_all(year=year, body=body)}
    return [forms[code] for code in FORM_CODES if code in forms]


def has_data(forms: list[FormResult]) -> bool:
    """A year has data when some cell counts something or some record is waiting to be classified."""
    return any(not f.is_empty() or f.warnings for f in forms)


def no_data_message(year: int) -> str:
    return (
        f"Năm thống kê {year} ({period_text(year).lower()}) chưa có số liệu nào: không có phong trào, "
        "khen thưởng hay số liệu tổ chức, cán bộ nào trong kỳ này."
    )


def forms_json(forms: list[FormResult]) -> list[dict]:
    return [f.to_json() for f in forms]


def digest_of(data: list[dict]) -> str:
    text = json.dumps(data, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _cells_only(data: list[dict]) -> str:
    """What a comparison of versions looks at: the cells (not labels or warnings' wording)."""
    return digest_of([{"code": f["code"], "cells": f["cells"]} for f in data])


# Versions -----------------------------------------------------------------------------------------


def report_of(*, year: int, body: ReportingBody) -> StatisticsReport | None:
    return StatisticsReport.objects.filter(year=year, body_code=body.unit_code).first()


def versions_of(*, year: int, body: ReportingBody) -> list[StatisticsReportVersion]:
    """The sent versions, the latest first."""
    return list(
        StatisticsReportVersion.objects.filter(report__year=year, report__body_code=body.unit_code)
        .select_related("report", "submitted_by")
        .order_by("-number")
    )


def version_of(*, year: int, body: ReportingBody, number: int) -> StatisticsReportVersion | None:
    return (
        StatisticsReportVersion.objects.filter(
            report__year=year, report__body_code=body.unit_code, number=number
        )
        .select_related("report", "submitted_by")
        .first()
    )


@dataclass(frozen=True)
class Change:
    """One cell whose value today differs from a sent version."""

    form: str
    row: str
    row_label: str
    column: str
    column_label: str
    sent: int
    today: int


def _column_label(column) -> str:
    return f"{column.group} – {column.label}" if column.group else column.label


def changed_cells(sent: list[FormResult], today: list[FormResult]) -> list[Change]:
    """The cells of ``today``'s forms whose value differs from the ``sent`` ones, form by form in
    the forms' row and column order (a row or column that exists on one side only counts too)."""
    before = {f.code: f for f in sent}
    changes = []
    for form in today:
        old = before.get(form.code)
        old_cells = old.cells if old else {}
        keys = {k for k, v in form.cells.items() if v} | {k for k, v in old_cells.items() if v}
        rows = {r.key: (i, r) for i, r in enumerate(form.rows)}
        columns = {c.key: (i, c) for i, c in enumerate(form.columns)}
        if old:
            for i, r in enumerate(old.rows):
                rows.setdefault(r.key, (len(form.rows) + i, r))
            for i, c in enumerate(old.columns):
                columns.setdefault(c.key, (len(form.columns) + i, c))
        for row_key, column_key in keys:
            was, now = old_cells.get((row_key, column_key), 0), form.cells.get((row_key, column_key), 0)
            if was == now:
                continue
            ri, row = rows.get(row_key, (10**6, None))
            ci, column = columns.get(column_key, (10**6, None))
            changes.append(
                (
                    (FORM_CODES.index(form.code) if form.code in FORM_CODES else 99, ri, ci),
                    Change(
                        form=form.code,
                        row=row_key,
                        row_label=(f"{row.code}. {row.label}" if row and row.code else row.label)
                        if row
                        else row_key,
                        column=column_key,
                        column_label=_column_label(column) if column else column_key,
                        sent=was,
                        today=now,
                    ),
                )
            )
    return [change for _, change in sorted(changes, key=lambda item: item[0])]


# Sending ------------------------------------------------------------------------------------------


def _check_can_send(actor, year: int, body: ReportingBody) -> None:
    if not can_submit_body(actor, body):
        raise PermissionDenied(DENIED)
    check_year(year)
    _, end = statistical_period(year)
    if end >= sane.today():
        raise field_error(
            "year",
            f"Năm thống kê {year} kết thúc ngày {end:%d/%m/%Y}: chỉ chốt số liệu và gửi báo cáo sau ngày đó.",
        )


def _report_locked(year: int, body: ReportingBody) -> StatisticsReport:
    """The report row of (year, body), created if needed, locked for this transaction."""
    try:
        with transaction.atomic():
            StatisticsReport.objects.get_or_create(
                year=year, body_code=body.unit_code, defaults={"body_name": body.name[:255]}
            )
    except IntegrityError:  # created meanwhile by a concurrent request: it exists now
        pass
    return StatisticsReport.objects.select_for_update().get(year=year, body_code=body.unit_code)


def _audit_after(version: StatisticsReportVersion, body: ReportingBody) -> dict:
    return {
        "year": version.report.year,
        "body": body.name,
        "number": version.number,
        "digest": version.digest,
        "cells": sum(len(f["cells"]) for f in version.forms),
        "warnings": sum(len(f["warnings"]) for f in version.forms),
    }


def report_submit(*, actor, year: int, body: ReportingBody) -> StatisticsReportVersion:
    """Lock today's five forms of ``body`` for ``year`` as the sent report (version 1). A report
    already sent is not sent again: to change it, create a correction with its reason."""
    _check_can_send(actor, year, body)
    forms = compute(year=year, body=body)
    if not has_data(forms):
        raise field_error("year", no_data_message(year) + " Không có gì để chốt và gửi.")
    data = forms_json(forms)
    with transaction.atomic():
        report = _report_locked(year, body)
        latest = report.versions.order_by("-number").first()
        if latest is not None:
            sent = f"{latest.submitted_at:%d/%m/%Y}"
            if _cells_only(latest.forms) == _cells_only(data):
                raise field_error(
                    "year",
                    f"Báo cáo thống kê năm {year} của {body.name} đã được chốt và gửi ngày {sent} "
                    f"(phiên bản {latest.number}); số liệu không thay đổi nên không gửi lại.",
                )
            raise field_error(
                "year",
                f"Báo cáo thống kê năm {year} của {body.name} đã được chốt và gửi ngày {sent} "
                f"(phiên bản {latest.number}); số liệu đã thay đổi kể từ đó: hãy tạo bản điều chỉnh "
                "kèm lý do.",
            )
        version = StatisticsReportVersion.objects.create(
            report=report, number=1, forms=data, digest=digest_of(data), submitted_by=actor
        )
        audit(
            actor=actor,
            action="statistics_report.submit",
            obj=version,
            after=_audit_after(version, body),
        )
    return version


def report_correct(*, actor, year: int, body: ReportingBody, reason: str) -> StatisticsReportVersion:
    """Send today's forms again as a new version of an already sent report, with the reason of
    the correction (required). The earlier versions are kept as they were."""
    _check_can_send(actor, year, body)
    reason = (reason or "").strip()
    if not reason:
        raise field_error(
            "reason", "Hãy ghi lý do điều chỉnh báo cáo (ví dụ: bổ sung quyết định khen thưởng)."
        )
    sane.check_length("reason", reason, REASON_MAX, "Lý do điều chỉnh")
    forms = compute(year=year, body=body)
    data = forms_json(forms)
    with transaction.atomic():
        report = (
            StatisticsReport.objects.select_for_update().filter(year=year, body_code=body.unit_code).first()
        )
        latest = report.versions.order_by("-number").first() if report else None
        if latest is None:
            raise field_error(
                "reason",
                f"Báo cáo thống kê năm {year} của {body.name} chưa được chốt và gửi: hãy chốt số liệu "
                "và gửi báo cáo trước, bản điều chỉnh chỉ dùng cho báo cáo đã gửi.",
            )
        if _cells_only(latest.forms) == _cells_only(data):
            raise field_error(
                "reason",
                f"Số liệu tính hôm nay không khác phiên bản {latest.number} đã gửi ngày "
                f"{latest.submitted_at:%d/%m/%Y}: không có gì để điều chỉnh.",
            )
        version = StatisticsReportVersion.objects.create(
            report=report,
            number=latest.number + 1,
            forms=data,
            digest=digest_of(data),
            reason=reason,
            submitted_by=actor,
        )
        audit(
            actor=actor,
            action="statistics_report.correct",
            obj=version,
            after={**_audit_after(version, body), "previous": latest.number},
            reason=reason,
        )
    return version


# Exports of a large province: a background job ---------------------------------------------------


def export_in_background(year: int) -> bool:
    """Whether building today's forms of ``year`` is long enough to run as a background job: the
    award records of the period exceed ``THIDUA_STATISTICS_INLINE_RECORDS`` (20 000)."""
    limit = getattr(settings, "THIDUA_STATISTICS_INLINE_RECORDS", INLINE_RECORDS)
    start, end = statistical_period(year)
    return AwardRecord.objects.filter(decision_date__range=(start, end))[: limit + 1].count() > limit


def export_job_start(
    *, actor, year: int, body: ReportingBody, file_format: str, form_code: str = ""
) -> StatisticsExportJob:
    """Queue a job that builds today's forms of ``body`` for ``year`` and writes them in
    ``file_format`` (xlsx: one form or, with ``form_code`` empty, all five; docx, pdf: one form)."""
    if not can_view_body(actor, body):
        raise PermissionDenied(DENIED)
    check_year(year)
    if file_format not in ("xlsx", "docx", "pdf"):
        raise field_error("file_format", "Chỉ xuất được Excel (xlsx), Word (docx) hoặc PDF.")
    if form_code and form_code not in FORM_CODES:
        raise field_error("form_code", f"Không có biểu {form_code}.")
    if file_format != "xlsx" and not form_code:
        raise field_error("form_code", "Bản Word, PDF xuất từng biểu: hãy chọn một biểu.")
    if file_format == "pdf" and not exports.pdf_available():
        raise field_error(
            "file_format", "Máy chủ chưa cài LibreOffice nên chưa xuất được PDF; hãy tải bản Word."
        )
    codes = [form_code] if form_code else list(FORM_CODES)
    with transaction.atomic():
        job = StatisticsExportJob.objects.create(
            created_by=actor,
            year=year,
            body_code=body.unit_code,
            body_name=body.name[:255],
            file_format=file_format,
            form_code=form_code,
            total=len(codes) + 1,
            phase="Đang chờ xử lý",
        )
        audit(
            actor=actor,
            action="statistics_export.create",
            obj=job,
            after={"year": year, "body": body.name, "form": form_code or "tat-ca", "format": file_format},
        )
        jobs.enqueue(job)
    return job


def export_job_run(job_id: int, *, task_id: str = "") -> StatisticsExportJob | None:
    """The task's body: build the forms one by one (progress), write the file, finish."""
    job = jobs.claim(StatisticsExportJob, job_id, phase="Đang chuẩn bị", task_id=task_id)
    if job is None:
        return StatisticsExportJob.objects.filter(pk=job_id).first()
    with jobs.running(job):
        body = next((b for b in engine.reporting_bodies() if b.unit_code == job.body_code), None)
        if body is None:
            return jobs.fail(job, f"Đơn vị báo cáo “{job.body_name}” không còn hoạt động.")
        codes = [job.form_code] if job.form_code else list(FORM_CODES)
        forms = []
        for index, code in enumerate(codes, start=1):
            jobs.progress(job, phase=f"Đang tính biểu {code} ({index}/{len(codes)})")
            forms.append(engine.build(code, year=job.year, body=body))
            jobs.progress(job, done=index)
        jobs.progress(job, phase="Đang ghi tệp")
        if job.file_format == "xlsx":
            data = exports.forms_xlsx(forms)
        elif job.file_format == "docx":
            data = exports.form_docx(
                forms[0], exports.head_of(body, job.year), job.created_by.get_full_name()
            )
        else:
            data = exports.form_pdf(forms[0], exports.head_of(body, job.year), job.created_by.get_full_name())
            if data is None:
                return jobs.fail(job, "Không chuyển được sang PDF (LibreOffice); hãy tải bản Word.")
        name = exports.file_name(job.form_code or None, job.year, body, job.file_format)
        return jobs.finish(
            job,
            status=JobStatus.SUCCEEDED,
            message=f"Đã tạo tệp {name}.",
            actor=job.created_by,
            after={"file": name, "size": len(data)},
            content=data,
            file_name=name,
        )
    return StatisticsExportJob.objects.filter(pk=job_id).first()
