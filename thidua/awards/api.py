"""REST endpoints: catalogue, rule packs, base salary, award history (with import), eligibility
for one subject and a batch, and the Government-flag quota."""

import base64
import binascii
import datetime as dt
import uuid
from decimal import Decimal
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import Http404, HttpResponse
from ninja import Router, Schema, Status

from thidua.awards import facts as eligibility
from thidua.awards import importer, quotas, selectors, services
from thidua.awards.choices import Nature, Rating
from thidua.awards.models import Award, ImportJob, RuleEntry, RulePack, ServicePeriod
from thidua.awards.pack_params import validate as validate_params
from thidua.awards.permissions import can_import_history, can_record_service, can_view_unit_history
from thidua.awards.services import periods, ratings, revocation
from thidua.core.api import ErrorOut, page_params
from thidua.core.errors import field_error
from thidua.core.idempotency import idempotent_operation
from thidua.core.sane import limited
from thidua.core.spreadsheets import check_size
from thidua.organisations.access import bloc_year_for
from thidua.organisations.models import Person, Unit

router = Router(tags=["Khen thưởng"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _authenticated(request):
    if not request.user.is_authenticated:
        raise Http404


def _award(code: str) -> Award:
    try:
        return Award.objects.get(code=code)
    except Award.DoesNotExist as exc:
        raise field_error(
            "award", f"Không có danh hiệu, hình thức khen thưởng mã “{code}” trong danh mục."
        ) from exc


# Schemas ------------------------------------------------------------------------------------------


class AwardOut(Schema):
    code: str
    name: str
    kind: str
    subject: str
    authority: str
    authority_vertical: str
    default_nature: str
    rank: int


class AwardIn(Schema):
    code: limited("awards.Award", "code")
    name: limited("awards.Award", "name")
    kind: limited("awards.Award", "kind")
    subject: limited("awards.Award", "subject")
    authority: limited("awards.Award", "authority") = ""
    authority_vertical: limited("awards.Award", "authority_vertical") = ""
    rank: int = 0
    default_nature: limited("awards.Award", "default_nature") = Nature.MERIT
    description: str = ""
    reason: str = ""


class EntryOut(Schema):
    award: str
    award_name: str
    rule: str
    article: str
    criteria_text: str
    params: dict
    cash_coefficient: Decimal
    council_ratio: str
    council_article: str
    enabled: bool
    deadline: str
    deadline_years_after: int
    deadline_article: str

    @staticmethod
    def resolve_award(obj):
        return obj.award.code

    @staticmethod
    def resolve_award_name(obj):
        return obj.award.name


class PackOut(Schema):
    code: str
    name: str
    legal_basis: str
    effective_from: dt.date
    effective_to: dt.date | None
    params: dict
    based_on: str | None = None

    @staticmethod
    def resolve_params(obj):
        return validate_params(obj.params).to_json()

    @staticmethod
    def resolve_based_on(obj):
        return obj.based_on.code if obj.based_on_id else None


class PackDetailOut(PackOut):
    entries: list[EntryOut]

    @staticmethod
    def resolve_entries(obj):
        return list(selectors.pack_entries(pack=obj))


class PackCopyIn(Schema):
    code: limited("awards.RulePack", "code")
    name: limited("awards.RulePack", "name")
    effective_from: dt.date
    legal_basis: str = ""
    reason: str = ""


class PackPatch(Schema):
    name: limited("awards.RulePack", "name") | None = None
    legal_basis: str | None = None
    notes: str | None = None
    params: dict | None = None
    reason: str = ""


class EntryIn(Schema):
    award: str
    rule: limited("awards.RuleEntry", "rule")
    article: limited("awards.RuleEntry", "article")
    criteria_text: str = ""
    params: dict = {}
    cash_coefficient: Decimal | None = None
    council_ratio: limited("awards.RuleEntry", "council_ratio") = ""
    council_article: limited("awards.RuleEntry", "council_article") = ""
    enabled: bool = True
    deadline: limited("awards.RuleEntry", "deadline") = ""
    deadline_years_after: int = 1
    deadline_article: limited("awards.RuleEntry", "deadline_article") = ""
    reason: str = ""


class EntryPatch(Schema):
    rule: limited("awards.RuleEntry", "rule") | None = None
    deadline: limited("awards.RuleEntry", "deadline") | None = None
    deadline_years_after: int | None = None
    deadline_article: limited("awards.RuleEntry", "deadline_article") | None = None
    article: limited("awards.RuleEntry", "article") | None = None
    criteria_text: str | None = None
    params: dict | None = None
    cash_coefficient: Decimal | None = None
    council_ratio: limited("awards.RuleEntry", "council_ratio") | None = None
    council_article: limited("awards.RuleEntry", "council_article") | None = None
    enabled: bool | None = None
    reason: str = ""


class SalaryOut(Schema):
    effective_from: dt.date
    amount: int
    legal_ref: str


class SalaryIn(Schema):
    effective_from: dt.date
    amount: int
    legal_ref: limited("awards.BaseSalary", "legal_ref") = ""


class CashOut(Schema):
    award: str
    decision_date: dt.date
    pack: str
    coefficient: Decimal
    base_salary: int
    exact: Decimal
    amount: int
    rounding: str
    article: str


class RecordOut(Schema):
    id: int
    award: str
    award_name: str
    year: int
    decision_number: str
    decision_date: dt.date
    decided_by: str
    nature: str
    unit: str | None
    person_id: int | None
    subject_name: str
    note: str
    revoked: str | None = None  # "Đã thu hồi theo QĐ số … ngày …" (only the office and the unit see it)

    @staticmethod
    def resolve_award(obj):
        return obj.award.code

    @staticmethod
    def resolve_award_name(obj):
        return obj.award.name

    @staticmethod
    def resolve_unit(obj):
        return obj.unit.code if obj.unit_id else None

    @staticmethod
    def resolve_subject_name(obj):
        return obj.unit.name if obj.unit_id else obj.person.full_name

    @staticmethod
    def resolve_revoked(obj):
        revocation = getattr(obj, "revocation", None)
        return revocation.label if revocation is not None else None


class RecordIn(Schema):
    award: str
    year: int
    decision_number: limited("awards.AwardRecord", "decision_number")
    decision_date: dt.date
    unit: str | None = None
    person_id: int | None = None
    decided_by: limited("awards.AwardRecord", "decided_by") = ""
    nature: Nature = Nature.MERIT
    note: limited("awards.AwardRecord", "note") = ""


class RatingIn(Schema):
    year: int
    rating: limited("awards.PerformanceRating", "rating")
    unit: str | None = None
    person_id: int | None = None


class RatingOut(Schema):
    year: int
    rating: str


class ServicePeriodOut(Schema):
    id: int
    person_id: int
    person_name: str
    unit: str
    unit_name: str
    started_on: dt.date
    ended_on: dt.date | None
    note: str

    @staticmethod
    def resolve_person_name(obj):
        return obj.person.full_name

    @staticmethod
    def resolve_unit(obj):
        return obj.unit.code

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name


class ServicePeriodIn(Schema):
    person_id: int
    unit: str
    started_on: dt.date
    ended_on: dt.date | None = None
    note: limited("awards.ServicePeriod", "note") = ""


class ServicePeriodEndIn(Schema):
    ended_on: dt.date


class ImportIn(Schema):
    filename: str
    content_base64: str


class ImportOut(Schema):
    uid: str
    filename: str
    status: str
    phase: str
    total_rows: int
    processed_rows: int
    percent: int
    created_count: dict
    errors: list
    message: str

    @staticmethod
    def resolve_uid(obj):
        return str(obj.uid)

    @staticmethod
    def resolve_total_rows(obj):
        return obj.total

    @staticmethod
    def resolve_processed_rows(obj):
        return obj.done


class CriterionOut(Schema):
    code: str
    label: str
    passed: bool
    facts: str
    article: str


class VerdictOut(Schema):
    subject_type: str
    subject: str
    award: str
    award_name: str
    year: int
    pack: str
    eligible: bool
    criteria: list[CriterionOut]


class SubjectRef(Schema):
    type: str  # "unit" | "person"
    id: str  # unit code or person id


class BatchIn(Schema):
    year: int
    subjects: list[SubjectRef]
    awards: list[str] | None = None


class BatchOut(Schema):
    year: int
    pack: str
    verdicts: list[VerdictOut]
    not_found: list[str]


class QuotaOut(Schema):
    year: int
    basis: str
    basis_count: int
    ratio: str
    rounding: str
    quota: int
    article: str


# Catalogue, packs, salary ---------------------------------------------------------------------------


@router.get("/awards", response=list[AwardOut], url_name="api_award_list", summary="Danh mục khen thưởng")
def award_list(request):
    _authenticated(request)
    return list(selectors.catalogue())


@router.post("/awards", response={201: AwardOut, **ERRORS}, url_name="api_award_create")
@idempotent_operation
def award_create(request, payload: AwardIn):
    data = payload.dict()
    award = services.award_create(actor=request.user, **data)
    return Status(201, award)


@router.get(
    "/awards/{code}/cash",
    response={200: CashOut, **ERRORS},
    url_name="api_award_cash",
    summary="Tiền thưởng tại ngày quyết định",
)
def award_cash(request, code: str, decision_date: dt.date):
    _authenticated(request)
    return quotas.cash_amount(award=_award(code), decision_date=decision_date).__dict__


@router.get("/rule-packs", response=list[PackOut], url_name="api_pack_list", summary="Các bộ quy tắc")
def pack_list(request):
    _authenticated(request)
    return list(selectors.packs().select_related("based_on"))


def _pack(code: str) -> RulePack:
    try:
        return selectors.pack_detail(code=code)
    except RulePack.DoesNotExist as exc:
        raise Http404 from exc


@router.get("/rule-packs/{code}", response={200: PackDetailOut, **ERRORS}, url_name="api_pack_detail")
def pack_detail(request, code: str):
    _authenticated(request)
    return _pack(code)


@router.post("/rule-packs/{code}/copy", response={201: PackDetailOut, **ERRORS}, url_name="api_pack_copy")
@idempotent_operation
def pack_copy(request, code: str, payload: PackCopyIn):
    new = services.rule_pack_copy(actor=request.user, pack=_pack(code), **payload.dict())
    return Status(201, _pack(new.code))


@router.patch("/rule-packs/{code}", response={200: PackDetailOut, **ERRORS}, url_name="api_pack_update")
def pack_update(request, code: str, payload: PackPatch):
    data = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None and k != "reason"}
    services.rule_pack_update(actor=request.user, pack=_pack(code), data=data, reason=payload.reason)
    return _pack(code)


@router.post("/rule-packs/{code}/entries", response={201: EntryOut, **ERRORS}, url_name="api_entry_create")
@idempotent_operation
def entry_create(request, code: str, payload: EntryIn):
    data = payload.dict()
    reason = data.pop("reason")
    award = _award(data.pop("award"))
    if not data["criteria_text"]:
        data.pop("criteria_text")
    entry = services.rule_entry_create(
        actor=request.user, pack=_pack(code), award=award, data=data, reason=reason
    )
    return Status(201, RuleEntry.objects.select_related("award").get(pk=entry.pk))


@router.patch(
    "/rule-packs/{code}/entries/{award}", response={200: EntryOut, **ERRORS}, url_name="api_entry_update"
)
def entry_update(request, code: str, award: str, payload: EntryPatch):
    try:
        entry = RuleEntry.objects.select_related("award", "pack").get(pack__code=code, award__code=award)
    except RuleEntry.DoesNotExist as exc:
        raise Http404 from exc
    data = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None and k != "reason"}
    return services.rule_entry_update(actor=request.user, entry=entry, data=data, reason=payload.reason)


@router.get("/base-salaries", response=list[SalaryOut], url_name="api_salary_list", summary="Lương cơ sở")
def salary_list(request):
    _authenticated(request)
    return list(selectors.base_salaries())


@router.post("/base-salaries", response={201: SalaryOut, **ERRORS}, url_name="api_salary_create")
@idempotent_operation
def salary_create(request, payload: SalaryIn):
    return Status(201, services.base_salary_create(actor=request.user, **payload.dict()))


# History --------------------------------------------------------------------------------------------


@router.get(
    "/award-records", response=list[RecordOut], url_name="api_record_list", summary="Lịch sử khen thưởng"
)
def record_list(
    request,
    q: str = "",
    year: int | None = None,
    award: str = "",
    subject: str = "",
    unit: str = "",
    person_id: int | None = None,
    page: int = 1,
    page_size: int = 50,
):
    _authenticated(request)
    qs = selectors.history(
        user=request.user,
        query=q,
        year=year,
        award=award,
        subject=subject,
        unit_code=unit,
        person_id=person_id,
    )
    start, end = page_params(page, page_size)
    return list(qs[start:end])


def _subject_from(unit_code: str | None, person_id: int | None):
    unit = person = None
    if unit_code:
        unit = Unit.objects.filter(code=unit_code).first()
        if unit is None:
            raise field_error("unit", f"Không có đơn vị mã “{unit_code}”.")
    if person_id is not None:
        person = Person.objects.filter(pk=person_id).first()
        if person is None:
            raise field_error("person_id", f"Không có cá nhân mã {person_id}.")
    return unit, person


@router.post("/award-records", response={201: RecordOut, **ERRORS}, url_name="api_record_create")
@idempotent_operation
def record_create(request, payload: RecordIn):
    unit, person = _subject_from(payload.unit, payload.person_id)
    data = payload.dict(exclude={"unit", "person_id", "award"})
    record = services.award_record_create(
        actor=request.user, award=_award(payload.award), unit=unit, person=person, **data
    )
    return Status(201, record)


# Revocation (Law 06/2022 Art 93.2) ------------------------------------------------------------------


class RevocationIn(Schema):
    decision_number: limited("awards.Revocation", "decision_number")
    decision_date: dt.date
    ground: limited("awards.Revocation", "ground")  # a RevocationGround value, checked by the service
    reason: limited("awards.Revocation", "reason") = ""
    decided_by: limited("awards.Revocation", "decided_by") = ""
    cash_to_recover: int | None = None
    certificate_recovered: bool = False
    certificate_recovered_on: dt.date | None = None


class RecoveryPaymentIn(Schema):
    amount: int
    paid_on: dt.date
    note: limited("awards.RecoveryPayment", "note") = ""


class CertificateRecoveredIn(Schema):
    recovered_on: dt.date


class RecoveryPaymentOut(Schema):
    id: int
    amount: int
    paid_on: dt.date
    note: str


class RevocationOut(Schema):
    id: int
    record_id: int
    award: str
    award_name: str
    subject_name: str
    record_decision_number: str
    record_decision_date: dt.date
    decision_number: str
    decision_date: dt.date
    decided_by: str
    ground: str
    reason: str
    cash_to_recover: int
    recovered: int
    outstanding: int
    certificate_recovered: bool
    certificate_recovered_on: dt.date | None
    payments: list[RecoveryPaymentOut]

    @staticmethod
    def resolve_award(obj):
        return obj.record.award.code

    @staticmethod
    def resolve_award_name(obj):
        return obj.record.award.name

    @staticmethod
    def resolve_subject_name(obj):
        return obj.record.unit.name if obj.record.unit_id else obj.record.person.full_name

    @staticmethod
    def resolve_record_decision_number(obj):
        return obj.record.decision_number

    @staticmethod
    def resolve_record_decision_date(obj):
        return obj.record.decision_date

    @staticmethod
    def resolve_recovered(obj):
        return obj.recovered_amount()

    @staticmethod
    def resolve_outstanding(obj):
        return obj.outstanding()

    @staticmethod
    def resolve_payments(obj):
        return list(obj.payments.all())


def _revocation_of(request, revocation_id: int):
    _authenticated(request)
    row = revocation.visible_revocations(request.user).filter(pk=revocation_id).first()
    if row is None:
        raise Http404
    return row


@router.get(
    "/award-revocations",
    response=list[RevocationOut],
    url_name="api_revocation_list",
    summary="Quyết định thu hồi khen thưởng",
)
def revocation_list(request, outstanding: bool = False, page: int = 1, page_size: int = 50):
    """The office sees every revocation, a unit's officers those of their unit; ``outstanding``:
    only those with cash still to recover."""
    _authenticated(request)
    qs = revocation.visible_revocations(request.user).prefetch_related("payments")
    if outstanding:
        qs = qs.filter(cash_to_recover__gt=F("recovered"))
    start, end = page_params(page, page_size)
    return list(qs[start:end])


@router.get(
    "/award-revocations/{revocation_id}",
    response={200: RevocationOut, **ERRORS},
    url_name="api_revocation_detail",
    summary="Một quyết định thu hồi khen thưởng",
)
def revocation_detail(request, revocation_id: int):
    return _revocation_of(request, revocation_id)


@router.post(
    "/award-records/{record_id}/revocation",
    response={201: RevocationOut, **ERRORS},
    url_name="api_record_revoke",
    summary="Thu hồi khen thưởng (hủy bỏ quyết định khen thưởng)",
)
@idempotent_operation
def record_revoke(request, record_id: int, payload: RevocationIn):
    _authenticated(request)
    record = selectors.history(user=request.user).filter(pk=record_id).first()
    if record is None:
        raise Http404
    row = revocation.revoke(actor=request.user, record=record, **payload.dict())
    return Status(201, _revocation_of(request, row.pk))


@router.post(
    "/award-revocations/{revocation_id}/payments",
    response={201: RevocationOut, **ERRORS},
    url_name="api_revocation_payment",
    summary="Ghi một lần thu hồi tiền thưởng",
)
@idempotent_operation
def revocation_payment(request, revocation_id: int, payload: RecoveryPaymentIn):
    row = _revocation_of(request, revocation_id)
    revocation.record_payment(actor=request.user, revocation=row, **payload.dict())
    return Status(201, _revocation_of(request, row.pk))


@router.post(
    "/award-revocations/{revocation_id}/certificate",
    response={200: RevocationOut, **ERRORS},
    url_name="api_revocation_certificate",
    summary="Ghi đã thu hồi hiện vật khen thưởng",
)
@idempotent_operation
def revocation_certificate(request, revocation_id: int, payload: CertificateRecoveredIn):
    row = _revocation_of(request, revocation_id)
    revocation.mark_certificate_recovered(
        actor=request.user, revocation=row, recovered_on=payload.recovered_on
    )
    return _revocation_of(request, row.pk)


@router.post(
    "/ratings",
    response={200: RatingOut, **ERRORS},
    url_name="api_rating_set",
    summary="Ghi xếp loại hằng năm",
)
def rating_set(request, payload: RatingIn):
    unit, person = _subject_from(payload.unit, payload.person_id)
    return services.rating_set(
        actor=request.user, year=payload.year, rating=payload.rating, unit=unit, person=person
    )


@router.get(
    "/service-periods",
    response=list[ServicePeriodOut],
    url_name="api_service_period_list",
    summary="Thời gian công tác của cá nhân tại đơn vị",
)
def service_period_list(
    request, person: int | None = None, unit: str = "", page: int = 1, page_size: int = 50
):
    _authenticated(request)
    qs = periods.visible_periods(request.user)
    if person is not None:
        qs = qs.filter(person_id=person)
    if unit:
        qs = qs.filter(unit__code=unit)
    start, end = page_params(page, page_size)
    return list(qs.order_by("person_id", "started_on", "id")[start:end])


def _period_subjects(user, person_id: int, unit_code: str):
    """The person and unit of a new period, if the user may see them (hidden reads as unknown)."""
    person = Person.objects.filter(pk=person_id).first()
    if person is None or not can_view_unit_history(user, person.unit_id):
        raise field_error("person_id", f"Không có cá nhân mã {person_id}.")
    unit = Unit.objects.filter(code=unit_code).first()
    if unit is None:
        raise field_error("unit", f"Không có đơn vị mã “{unit_code}”.")
    return person, unit


@router.post(
    "/service-periods",
    response={201: ServicePeriodOut, **ERRORS},
    url_name="api_service_period_create",
    summary="Ghi thời gian công tác",
)
@idempotent_operation
def service_period_create(request, payload: ServicePeriodIn):
    if not can_record_service(request.user):
        raise PermissionDenied(periods.DENIED)
    person, unit = _period_subjects(request.user, payload.person_id, payload.unit)
    row = periods.service_period_create(
        actor=request.user,
        person=person,
        unit=unit,
        started_on=payload.started_on,
        ended_on=payload.ended_on,
        note=payload.note,
    )
    return Status(201, row)


@router.patch(
    "/service-periods/{period_id}",
    response={200: ServicePeriodOut, **ERRORS},
    url_name="api_service_period_end",
    summary="Ghi ngày kết thúc thời gian công tác",
)
def service_period_end(request, period_id: int, payload: ServicePeriodEndIn):
    _authenticated(request)
    try:
        period = periods.visible_periods(request.user).get(pk=period_id)
    except ServicePeriod.DoesNotExist as exc:
        raise Http404 from exc
    return periods.service_period_end(actor=request.user, period=period, ended_on=payload.ended_on)


@router.get("/award-imports/template", url_name="api_import_template", summary="Tệp mẫu nhập lịch sử")
def import_template(request):
    if not can_import_history(request.user):
        raise Http404
    response = HttpResponse(
        importer.template_workbook(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-lich-su-khen-thuong.xlsx"'
    return response


@router.post(
    "/award-imports",
    response={201: ImportOut, **ERRORS},
    url_name="api_import_create",
    summary="Nhập lịch sử (chạy nền)",
)
@idempotent_operation
def import_create(request, payload: ImportIn):
    check_size(len(payload.content_base64) * 3 // 4, "content_base64")
    try:
        content = base64.b64decode(payload.content_base64, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise field_error("content_base64", "Nội dung tệp phải mã hoá base64.") from exc
    job = services.import_job_create(actor=request.user, filename=payload.filename, content=content)
    return Status(201, job)


@router.get(
    "/award-imports/{uid}",
    response={200: ImportOut, **ERRORS},
    url_name="api_import_detail",
    summary="Tiến độ và kết quả nhập",
)
def import_detail(request, uid: uuid.UUID):
    if not can_import_history(request.user):
        raise Http404
    try:
        return ImportJob.objects.defer("content").get(uid=uid)
    except ImportJob.DoesNotExist as exc:
        raise Http404 from exc


# Eligibility ----------------------------------------------------------------------------------------


def _resolve(user, kind: str, ident: str):
    """A visible unit or person, or None (unknown and hidden look the same)."""
    if kind == "unit":
        unit = Unit.objects.filter(code=ident).first()
        return unit if unit and can_view_unit_history(user, unit.pk) else None
    if kind == "person" and str(ident).isdigit():
        person = Person.objects.filter(pk=int(ident)).first()
        return person if person and can_view_unit_history(user, person.unit_id) else None
    return None


def _verdict_out(v, names: dict) -> dict:
    kind = "unit" if v.subject[0] == "u" else "person"
    return {
        "subject_type": kind,
        "subject": names.get(v.subject, str(v.subject[1])),
        "award": v.award,
        "award_name": v.award_name,
        "year": v.year,
        "pack": v.pack,
        "eligible": v.eligible,
        "criteria": [c.as_dict() for c in v.criteria],
    }


@router.get(
    "/eligibility",
    response={200: list[VerdictOut], **ERRORS},
    url_name="api_eligibility",
    summary="Xét điều kiện của một đối tượng",
)
def eligibility_one(
    request,
    subject_type: str,
    subject: str,
    year: int,
    award: str | None = None,
    as_of: dt.date | None = None,
    received_on: dt.date | None = None,
):
    _authenticated(request)
    if subject_type not in ("unit", "person"):
        raise field_error("subject_type", "Loại đối tượng phải là “unit” (tập thể) hoặc “person” (cá nhân).")
    obj = _resolve(request.user, subject_type, subject)
    if obj is None:
        label = "đơn vị" if subject_type == "unit" else "cá nhân"
        return Status(404, {"detail": f"Không tìm thấy {label} “{subject}”.", "errors": {}})
    if received_on is not None:
        if not award:
            raise field_error(
                "award", "Xét theo ngày nhận hồ sơ cần chọn một danh hiệu, hình thức khen thưởng."
            )
        verdicts = [
            eligibility.eligibility_on_receipt(
                subject=obj, year=year, award=award, received_on=received_on, as_of=as_of
            )
        ]
    else:
        verdicts = eligibility.eligibility_for(subject=obj, year=year, award=award or None, as_of=as_of)
    names = {eligibility.subject_key(obj): obj.code if subject_type == "unit" else str(obj.pk)}
    return [_verdict_out(v, names) for v in verdicts]


@router.post(
    "/eligibility/batch",
    response={200: BatchOut, **ERRORS},
    url_name="api_eligibility_batch",
    summary="Xét điều kiện nhiều đối tượng cùng lúc",
)
def eligibility_batch(request, payload: BatchIn):
    _authenticated(request)
    if len(payload.subjects) > 50000:
        raise field_error("subjects", "Mỗi lần xét tối đa 50.000 đối tượng.")
    pack = eligibility.pack_for_year(payload.year)
    spec = eligibility.pack_spec(pack)
    for code in payload.awards or []:
        if code not in spec.rules:
            eligibility.awards_for(spec, ("p", 0), code)  # raises the Vietnamese message
    unit_codes = {s.id for s in payload.subjects if s.type == "unit"}
    person_ids = {int(s.id) for s in payload.subjects if s.type == "person" and str(s.id).isdigit()}
    units = {u.code: u for u in Unit.objects.filter(code__in=unit_codes)}
    people = dict(Person.objects.filter(pk__in=person_ids).values_list("pk", "unit_id"))
    found_units, found_people, not_found = [], [], []
    for s in payload.subjects:
        if s.type == "unit" and s.id in units and can_view_unit_history(request.user, units[s.id].pk):
            found_units.append(units[s.id].pk)
        elif (
            s.type == "person"
            and str(s.id).isdigit()
            and int(s.id) in people
            and can_view_unit_history(request.user, people[int(s.id)])
        ):
            found_people.append(int(s.id))
        else:
            not_found.append(f"{s.type}:{s.id}")
    verdicts = eligibility.evaluate_many(
        person_ids=found_people, unit_ids=found_units, year=payload.year, awards=payload.awards
    )
    names = {("u", u.pk): code for code, u in units.items()} | {("p", pid): str(pid) for pid in found_people}
    return {
        "year": payload.year,
        "pack": pack.code,
        "verdicts": [_verdict_out(v, names) for v in verdicts],
        "not_found": not_found,
    }


@router.get(
    "/quotas/government-flag",
    response={200: QuotaOut, **ERRORS},
    url_name="api_quota_gov_flag",
    summary="Chỉ tiêu Cờ thi đua của Chính phủ",
)
def quota_government_flag(request, year: int):
    _authenticated(request)
    q = quotas.government_flag_quota(year=year)
    return {**q.__dict__, "ratio": str(q.ratio)}


# Annual ratings: the bloc's collective ratings from its ranking, a unit's grid -------------------


class CollectiveRatingOut(Schema):
    unit: str
    unit_name: str
    rank: int
    classification: str
    current: str


class GridRowOut(Schema):
    person_id: int
    full_name: str
    rating: str
    titles: list[str]


class GridRowIn(Schema):
    person_id: int
    rating: Rating | None = None
    titles: list[Literal["ldtt", "cstdcs"]] = []


class GridIn(Schema):
    rows: list[GridRowIn]
    decision_number: limited("awards.AwardRecord", "decision_number") = ""
    decision_date: dt.date | None = None


class GridSavedOut(Schema):
    ratings: int
    titles: int


@router.get(
    "/ratings/blocs/{code}/{year}/collective",
    response={200: list[CollectiveRatingOut], **ERRORS},
    url_name="api_ratings_collective",
    summary="Xếp loại tập thể theo kết quả xếp hạng đã công bố của khối",
)
def ratings_collective(request, code: str, year: int):
    bloc_year = bloc_year_for(request.user, code, year)
    return [
        {
            "unit": r.unit.code,
            "unit_name": r.unit.name,
            "rank": r.rank,
            "classification": r.classification,
            "current": r.current,
        }
        for r in ratings.collective_preview(bloc_year)
    ]


@router.post(
    "/ratings/blocs/{code}/{year}/collective/confirm",
    response={200: list[RatingOut], **ERRORS},
    url_name="api_ratings_collective_confirm",
    summary="Thư ký khối xác nhận xếp loại tập thể từ kết quả xếp hạng",
)
def ratings_collective_confirm(request, code: str, year: int):
    bloc_year = bloc_year_for(request.user, code, year)
    return ratings.collective_ratings_confirm(actor=request.user, bloc_year=bloc_year)


def _grid_unit(request, code: str) -> Unit:
    unit = Unit.objects.filter(code=code).first()
    if unit is None or not can_view_unit_history(request.user, unit.pk):
        raise Http404
    return unit


@router.get(
    "/ratings/units/{code}/{year}",
    response={200: list[GridRowOut], **ERRORS},
    url_name="api_ratings_unit",
    summary="Xếp loại cá nhân và danh hiệu cơ sở của đơn vị trong năm",
)
def ratings_unit(request, code: str, year: int):
    unit = _grid_unit(request, code)
    return [
        {
            "person_id": r.person.pk,
            "full_name": r.person.full_name,
            "rating": r.rating,
            "titles": sorted(r.titles),
        }
        for r in ratings.unit_grid(unit, year)
    ]


@router.put(
    "/ratings/units/{code}/{year}",
    response={200: GridSavedOut, **ERRORS},
    url_name="api_ratings_unit_save",
    summary="Lưu xếp loại cá nhân và danh hiệu cơ sở (tất cả hoặc không)",
)
def ratings_unit_save(request, code: str, year: int, payload: GridIn):
    unit = _grid_unit(request, code)
    people = {p.pk: p for p in Person.objects.filter(pk__in=[r.person_id for r in payload.rows])}
    missing = [r.person_id for r in payload.rows if r.person_id not in people]
    if missing:
        raise field_error("rows", f"Không có cá nhân mã {missing[0]}.")
    rows = [
        {"person": people[r.person_id], "rating": r.rating or "", "titles": set(r.titles)}
        for r in payload.rows
    ]
    return ratings.unit_ratings_save(
        actor=request.user,
        unit=unit,
        year=year,
        rows=rows,
        decision_number=payload.decision_number,
        decision_date=payload.decision_date,
    )
