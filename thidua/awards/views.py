import datetime as dt
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from thidua.awards import facts as eligibility
from thidua.awards import importer, quotas, selectors, services
from thidua.awards.forms import (
    AwardCreateForm,
    EntryCreateForm,
    EntryForm,
    HistoryFilterForm,
    ImportForm,
    PackCopyForm,
    PackParamsForm,
    SalaryForm,
    ServicePeriodForm,
)
from thidua.awards.models import Award, ImportJob, RuleEntry, RulePack
from thidua.awards.pack_params import validate as validate_params
from thidua.awards.permissions import (
    can_import_history,
    can_manage_rules,
    can_record_service,
    can_view_unit_history,
)
from thidua.awards.services import periods
from thidua.core import exports
from thidua.core.errors import error_messages
from thidua.core.idempotency import idempotent
from thidua.core.permissions import require
from thidua.core.views_helpers import call_service, paginate, query_string_without_page
from thidua.organisations.models import Person, Unit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"


def _get(model_or_qs, **lookup):
    qs = model_or_qs if hasattr(model_or_qs, "model") else model_or_qs.objects.all()
    try:
        return qs.get(**lookup)
    except qs.model.DoesNotExist as exc:
        raise Http404 from exc


# Catalogue, packs, base salary ---------------------------------------------------------------------


@login_required
def catalogue(request):
    today = timezone.localdate()
    pack = eligibility.pack_for_date(today)
    entries = {e.award_id: e for e in RuleEntry.objects.filter(pack=pack)} if pack else {}
    rows = [(a, entries.get(a.pk)) for a in selectors.catalogue()]
    return render(
        request,
        "awards/catalogue.html",
        {"rows": rows, "pack": pack, "can_manage": can_manage_rules(request.user)},
    )


@login_required
def pack_list(request):
    today = timezone.localdate()
    return render(
        request,
        "awards/pack_list.html",
        {"packs": selectors.packs(), "today": today, "can_manage": can_manage_rules(request.user)},
    )


@login_required
def pack_detail(request, code):
    pack = _get(RulePack, code=code)
    params = validate_params(pack.params)
    year = timezone.localdate().year
    quota = None
    if pack.covers(dt.date(year, 12, 31)):
        quota = quotas.government_flag_quota(year=year)
    return render(
        request,
        "awards/pack_detail.html",
        {
            "pack": pack,
            "params": params.items(),
            "entries": [
                (e, json.dumps(e.params, ensure_ascii=False)) for e in selectors.pack_entries(pack=pack)
            ],
            "can_manage": can_manage_rules(request.user),
            "quota": quota,
        },
    )


@login_required
def pack_copy(request, code):
    require(can_manage_rules(request.user))
    pack = _get(RulePack, code=code)
    form = PackCopyForm(request.POST or None, initial={"legal_basis": pack.legal_basis})
    if request.method == "POST" and form.is_valid():
        new = call_service(form, services.rule_pack_copy, actor=request.user, pack=pack, **form.cleaned_data)
        if new:
            messages.success(
                request, f"Đã tạo bộ quy tắc “{new.name}” có hiệu lực từ {new.effective_from:%d/%m/%Y}."
            )
            return redirect(new)
    return render(
        request,
        "awards/form.html",
        {
            "form": form,
            "title": f"Sao chép “{pack.name}” thành bộ quy tắc mới",
            "help": "Bộ mới giữ nguyên mọi quy tắc và tham số; bộ đang có hiệu lực sẽ kết thúc vào ngày trước ngày hiệu lực mới. Sau đó hãy điều chỉnh các quy tắc đã thay đổi.",
        },
    )


@login_required
def pack_edit(request, code):
    require(can_manage_rules(request.user))
    pack = _get(RulePack, code=code)
    initial = {"name": pack.name, "legal_basis": pack.legal_basis, **validate_params(pack.params).to_json()}
    form = PackParamsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        params = {k: data[k] for k in PackParamsForm.PARAM_FIELDS}
        updated = call_service(
            form,
            services.rule_pack_update,
            actor=request.user,
            pack=pack,
            data={"name": data["name"], "legal_basis": data["legal_basis"], "params": params},
            reason=data["reason"],
        )
        if updated:
            messages.success(request, "Đã lưu tham số của bộ quy tắc.")
            return redirect(updated)
    return render(request, "awards/form.html", {"form": form, "title": f"Tham số chung – {pack.name}"})


@login_required
def entry_edit(request, code, award):
    require(can_manage_rules(request.user))
    entry = _get(RuleEntry.objects.select_related("pack", "award"), pack__code=code, award__code=award)
    initial = {
        f: getattr(entry, f)
        for f in (
            "article",
            "criteria_text",
            "rule",
            "params",
            "cash_coefficient",
            "council_ratio",
            "council_article",
            "enabled",
            "deadline",
            "deadline_years_after",
            "deadline_article",
        )
    }
    form = EntryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason")
        updated = call_service(
            form, services.rule_entry_update, actor=request.user, entry=entry, data=data, reason=reason
        )
        if updated:
            messages.success(request, f"Đã lưu quy tắc “{entry.award.name}”.")
            return redirect(entry.pack)
    return render(
        request,
        "awards/form.html",
        {
            "form": form,
            "title": f"{entry.award.name} – {entry.pack.name}",
            "help": f"Quy tắc xét: {entry.rule}.",
        },
    )


@login_required
@idempotent
def award_create(request):
    require(can_manage_rules(request.user))
    form = AwardCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        award = call_service(form, services.award_create, actor=request.user, **form.cleaned_data)
        if award:
            messages.success(request, f"Đã thêm “{award.name}” vào danh mục.")
            return redirect("awards:catalogue")
    return render(
        request,
        "awards/form.html",
        {
            "form": form,
            "title": "Thêm danh hiệu, hình thức khen thưởng",
            "help": "Sau khi thêm, hãy thêm quy tắc xét (kèm hệ số tiền thưởng) vào bộ quy tắc có hiệu lực.",
        },
    )


@login_required
@idempotent
def entry_create(request, code):
    require(can_manage_rules(request.user))
    pack = _get(RulePack, code=code)
    taken = pack.entries.values_list("award_id", flat=True)
    form = EntryCreateForm(request.POST or None, awards=Award.objects.exclude(pk__in=taken))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason, award = data.pop("reason"), Award.objects.get(code=data.pop("award"))
        if not data["criteria_text"]:
            data.pop("criteria_text")
        entry = call_service(
            form,
            services.rule_entry_create,
            actor=request.user,
            pack=pack,
            award=award,
            data=data,
            reason=reason,
        )
        if entry:
            messages.success(request, f"Đã thêm quy tắc “{award.name}” vào “{pack.name}”.")
            return redirect(pack)
    return render(
        request,
        "awards/form.html",
        {"form": form, "title": f"Thêm quy tắc vào “{pack.name}”", "help": ""},
    )


@login_required
@idempotent
def salary_list(request):
    form = SalaryForm(request.POST or None)
    if request.method == "POST":
        require(can_manage_rules(request.user))
        if form.is_valid():
            row = call_service(form, services.base_salary_create, actor=request.user, **form.cleaned_data)
            if row:
                messages.success(request, f"Đã thêm mức lương cơ sở {row}.")
                return redirect("awards:salary_list")
    rows = list(selectors.base_salaries())
    chart = [{"x": r.effective_from.strftime("%d/%m/%Y"), "y": r.amount} for r in reversed(rows)]
    return render(
        request,
        "awards/salary_list.html",
        {"rows": rows, "form": form, "can_manage": can_manage_rules(request.user), "chart": chart},
    )


# History ------------------------------------------------------------------------------------------


def _history_qs(request):
    form = HistoryFilterForm(request.GET or None, awards=selectors.catalogue())
    data = form.cleaned_data if form.is_valid() else {}
    qs = selectors.history(
        user=request.user,
        query=data.get("q") or "",
        year=data.get("year"),
        award=data.get("award") or "",
        subject=data.get("subject") or "",
        unit_code=request.GET.get("unit", ""),
    )
    return form, qs


@login_required
def history(request):
    form, qs = _history_qs(request)
    per_year = qs.order_by().values("year").annotate(n=Count("id")).order_by("year")
    chart = [{"x": row["year"], "y": row["n"]} for row in per_year]
    page = paginate(request, qs.prefetch_related("unit__name_history"))
    page.object_list = quotas.with_cash(page.object_list)
    return render(
        request,
        "awards/history.html",
        {
            "form": form,
            "page": page,
            "qs": query_string_without_page(request),
            "chart": chart,
            "can_import": can_import_history(request.user),
        },
    )


EXPORT_HEADER = [
    "Số quyết định",
    "Ngày quyết định",
    "Cơ quan quyết định",
    "Khen thưởng",
    "Loại",
    "Đối tượng",
    "Đơn vị",
    "Năm thành tích",
    "Tính chất",
    "Tiền thưởng (đồng)",
    "Ghi chú",
]
EXPORT_WIDTHS = [18, 12, 40, 40, 14, 36, 45, 10, 14, 16, 50]


def _export_rows(qs):
    """One row per record: the unit named as it was in the record's year, the cash it pays."""
    cash = quotas.CashTable()
    for r in qs.iterator(chunk_size=2000):
        unit = (r.unit or r.person.unit).name_in_year(r.year)
        who = unit if r.unit_id else r.person.full_name
        amount = cash.amount(award_id=r.award_id, day=r.decision_date)
        yield [
            r.decision_number,
            r.decision_date,
            r.decided_by,
            r.award.name,
            r.award.get_kind_display(),
            who,
            unit,
            r.year,
            r.get_nature_display(),
            None if amount is None else exports.Money(amount),
            r.note,
        ]


@login_required
def history_export(request):
    _, qs = _history_qs(request)
    # An export goes to others: revoked awards (Law 06/2022 Art 93.2) are left out.
    qs = qs.filter(revocation__isnull=True).prefetch_related(
        "unit__name_history", "person__unit__name_history"
    )
    stamp = timezone.localdate().strftime("%Y%m%d")
    if request.GET.get("format") == "csv":
        data, content_type, ext = exports.csv_bytes(EXPORT_HEADER, _export_rows(qs)), CSV, "csv"
    else:
        data = exports.xlsx_bytes(
            "Lịch sử khen thưởng", EXPORT_HEADER, _export_rows(qs), widths=EXPORT_WIDTHS
        )
        content_type, ext = XLSX, "xlsx"
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="lich-su-khen-thuong-{stamp}.{ext}"'
    return response


@login_required
@idempotent
def import_start(request):
    require(can_import_history(request.user))
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = call_service(
            form, services.import_job_create, actor=request.user, filename=upload.name, content=upload.read()
        )
        if job:
            return redirect(job)
    return render(
        request,
        "awards/import_start.html",
        {"form": form, "columns": importer.COLUMNS, "jobs": selectors.import_jobs(user=request.user)},
    )


@login_required
def import_template(request):
    require(can_import_history(request.user))
    response = HttpResponse(importer.template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-lich-su-khen-thuong.xlsx"'
    return response


def _job(request, uid) -> ImportJob:
    require(can_import_history(request.user))
    return _get(ImportJob.objects.defer("content"), uid=uid)


@login_required
def import_job(request, uid):
    return render(request, "awards/import_job.html", {"job": _job(request, uid)})


@login_required
def import_progress(request, uid):
    if not request.headers.get("HX-Request"):  # opened directly: the job's page, a whole document
        return import_job(request, uid)
    return render(request, "awards/_import_progress.html", {"job": _job(request, uid)})


# Eligibility --------------------------------------------------------------------------------------


def _year(request) -> int:
    text = request.GET.get("nam", "")
    return int(text) if text.isdigit() else timezone.localdate().year


def _eligibility_context(request, subject, year):
    try:
        # What can be proposed first, then the rest with their reasons (catalogue order within).
        verdicts = sorted(
            eligibility.eligibility_for(subject=subject, year=year), key=lambda v: not v.eligible
        )
        error = None
        pack = eligibility.pack_for_year(year)
    except ValidationError as exc:
        verdicts, pack = [], None
        error = " ".join(m for ms in error_messages(exc).values() for m in ms)
    return {"verdicts": verdicts, "year": year, "error": error, "pack": pack, "subject": subject}


@login_required
def eligibility_person(request, pk):
    person = _get(Person.objects.select_related("unit"), pk=pk)
    require(can_view_unit_history(request.user, person.unit_id))
    ctx = _eligibility_context(request, person, _year(request))
    ctx["records"] = quotas.with_cash(selectors.history(user=request.user, person_id=person.pk)[:50])
    ctx["ratings"] = selectors.ratings_of(person=person)[:15]
    ctx["show_periods"] = True
    ctx["periods"] = periods.visible_periods(request.user).filter(person=person).order_by("-started_on")
    if _may_record_service(request.user, person):
        ctx["period_form"] = ServicePeriodForm(
            units=_period_units(request.user), initial={"unit": person.unit.code}
        )
    return render(request, "awards/eligibility.html", ctx)


def _may_record_service(user, person) -> bool:
    return can_record_service(user, None if user.is_provincial else person.unit_id)


def _period_units(user):
    """Units a user may record a period in: any for the office, their own for a unit's officers."""
    return Unit.objects.all() if user.is_provincial else Unit.objects.filter(pk=user.unit_id)


@login_required
@idempotent
def service_period_create(request, pk):
    """Record a period of service of the person (a small form on the person's page)."""
    person = _get(Person.objects.select_related("unit"), pk=pk)
    require(can_view_unit_history(request.user, person.unit_id))
    require(_may_record_service(request.user, person))
    form = ServicePeriodForm(
        request.POST or None, units=_period_units(request.user), initial={"unit": person.unit.code}
    )
    if request.method == "POST" and form.is_valid():
        row = call_service(
            form, periods.service_period_create, actor=request.user, person=person, **form.cleaned_data
        )
        if row:
            end = f" đến {row.ended_on:%d/%m/%Y}" if row.ended_on else ""
            messages.success(
                request,
                f"Đã ghi thời gian công tác của {person.full_name} tại {row.unit.name} "
                f"từ {row.started_on:%d/%m/%Y}{end}.",
            )
            return redirect(f"{reverse('awards:eligibility_person', args=[person.pk])}#cong-tac")
    return render(
        request,
        "awards/form.html",
        {
            "form": form,
            "title": f"Ghi thời gian công tác – {person.full_name}",
            "help": "Thành viên của một tập thể trong năm là những người công tác tại đơn vị trong năm đó.",
            "active": "history",
        },
    )


@login_required
def eligibility_unit(request, code):
    unit = _get(Unit, code=code)
    require(can_view_unit_history(request.user, unit.pk))
    ctx = _eligibility_context(request, unit, _year(request))
    ctx["records"] = quotas.with_cash(
        selectors.history(user=request.user, subject="collective", unit_code=unit.code)[:50]
    )
    ctx["ratings"] = selectors.ratings_of(unit=unit)[:15]
    return render(request, "awards/eligibility.html", ctx)
