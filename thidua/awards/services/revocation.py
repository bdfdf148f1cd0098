"""Revocation of an issued award (hủy bỏ quyết định khen thưởng, thu hồi hiện vật và tiền thưởng),
Law 06/2022/QH15 chapter VII, Art 93.2: the decision giving an emulation title or a commendation
form is cancelled, and its certificate, badge or flag and its cash are recovered, when the holder
declared achievements fraudulently (a), gave false information or forged records (b), was
reviewed or proposed against the law (c), or a competent body found violations that break the
award's standard (d). The authority that decided the award revokes it; in ThiDua the provincial
emulation office (and the administrator) records the revocation decision.

From the date of its decision a revoked award no longer counts: eligibility
(``facts.load_facts``), statistics and the public register read ``AwardRecord.objects.in_force``."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, Sum, Value
from django.db.models.functions import Coalesce

from thidua.accounts.choices import Role
from thidua.awards import quotas, selectors
from thidua.awards.models import AwardRecord, RecoveryPayment, Revocation, RevocationGround
from thidua.core import sane
from thidua.core.audit import audit, snapshot
from thidua.core.errors import field_error
from thidua.core.hooks import call_hooks

ARTICLE = "Luật Thi đua, khen thưởng số 06/2022/QH15, Điều 93 khoản 2"
DENIED = (
    "Chỉ Phòng Thi đua – Khen thưởng hoặc quản trị hệ thống được ghi quyết định thu hồi khen thưởng "
    "và việc thu hồi tiền thưởng, hiện vật."
)
MAX_CASH = 10**12  # đồng; far above any award's cash


def can_revoke(user) -> bool:
    """The office records revocations for the authority that decided the award (and the admin)."""
    return bool(user.is_authenticated and user.is_provincial)


def sees_revoked(user, record: AwardRecord) -> bool:
    """Who sees a revoked award (struck through, with its revocation): the office and the admin,
    and the officers of the subject's own unit. Everybody else (the Council, other units, the
    public) no longer sees it at all."""
    if not user.is_authenticated:
        return False
    if user.is_provincial:
        return True
    unit_id = record.unit_id if record.unit_id else record.person.unit_id
    return bool(
        user.unit_id is not None
        and user.unit_id == unit_id
        and user.has_role(Role.UNIT_OFFICER, Role.BLOC_SECRETARY)
    )


def visible_history(user, qs=None):
    """``qs`` (award records, default all) as ``user`` may see them: revoked records only for those
    who see them (``sees_revoked``)."""
    qs = (AwardRecord.objects.all() if qs is None else qs).visible_to(user)
    return selectors.without_others_revoked(qs, user)


def visible_revocations(user):
    """Revocations ``user`` may see, each with ``recovered`` (the sum of its payments)."""
    qs = Revocation.objects.select_related("record__award", "record__unit", "record__person__unit").annotate(
        recovered=Coalesce(Sum("payments__amount"), Value(0))
    )
    if not user.is_authenticated:
        return qs.none()
    if user.is_provincial:
        return qs
    if user.unit_id is None or not user.has_role(Role.UNIT_OFFICER, Role.BLOC_SECRETARY):
        return qs.none()
    return qs.filter(Q(record__unit_id=user.unit_id) | Q(record__person__unit_id=user.unit_id))


def totals(qs) -> dict:
    """Cash to recover, recovered and outstanding over revocations ``qs`` (annotated)."""
    rows = list(qs)
    to_recover = sum(r.cash_to_recover for r in rows)
    recovered = sum(min(int(r.recovered), r.cash_to_recover) for r in rows)
    return {
        "count": len(rows),
        "to_recover": to_recover,
        "recovered": recovered,
        "outstanding": to_recover - recovered,
    }


def default_cash(record: AwardRecord) -> int | None:
    """The cash the award paid (coefficient × base salary on its decision date), if known."""
    return quotas.CashTable().amount(award_id=record.award_id, day=record.decision_date)


def _text(field: str, value, max_length: int, label: str) -> str:
    return sane.check_length(field, (value or "").strip(), max_length, label)


def _cash(field: str, value, label: str) -> int:
    if value is None or value == "":
        return 0
    try:
        amount = int(value)
    except (TypeError, ValueError) as exc:
        raise field_error(field, f"{label} phải là số đồng (số nguyên).") from exc
    if amount < 0:
        raise field_error(field, f"{label} không thể âm.")
    if amount > MAX_CASH:
        raise field_error(field, f"{label} {amount:,} đồng vượt quá mức hợp lý.".replace(",", "."))
    return amount


def _money(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " đồng"


def revoke(
    *,
    actor,
    record: AwardRecord,
    decision_number: str,
    decision_date: dt.date | None,
    ground: str,
    reason: str,
    decided_by: str = "",
    cash_to_recover: int | None = None,
    certificate_recovered: bool = False,
    certificate_recovered_on: dt.date | None = None,
) -> Revocation:
    """Record the decision revoking ``record`` (Law 06/2022 Art 93.2). ``decided_by`` defaults to
    the authority that decided the award; ``cash_to_recover`` to the award's cash when known."""
    if not can_revoke(actor):
        raise PermissionDenied(DENIED)
    number = _text("decision_number", decision_number, 60, "Số quyết định thu hồi")
    if not number:
        raise field_error("decision_number", "Hãy nhập số quyết định thu hồi.")
    if decision_date is None:
        raise field_error("decision_date", "Hãy nhập ngày quyết định thu hồi.")
    sane.check("decision_date", sane.past_date_problem(decision_date, "Ngày quyết định thu hồi"))
    if ground not in RevocationGround.values:
        raise field_error(
            "ground",
            f"Chọn căn cứ thu hồi theo {ARTICLE} (gian dối, hồ sơ sai sự thật, xét duyệt trái quy định…).",
        )
    reason = _text("reason", reason, 1000, "Lý do thu hồi")
    if not reason:
        raise field_error("reason", "Hãy ghi lý do thu hồi khen thưởng.")
    authority = _text("decided_by", decided_by, 255, "Cơ quan quyết định thu hồi") or record.decided_by
    if not authority:
        raise field_error(
            "decided_by", "Hãy ghi cơ quan quyết định thu hồi (cơ quan đã quyết định khen thưởng)."
        )
    if decision_date < record.decision_date:
        raise field_error(
            "decision_date",
            f"Quyết định khen thưởng số {record.decision_number} ngày {record.decision_date:%d/%m/%Y} chưa "
            f"ban hành vào ngày {decision_date:%d/%m/%Y}: ngày quyết định thu hồi không thể trước ngày "
            "quyết định khen thưởng.",
        )
    if cash_to_recover is None or cash_to_recover == "":
        cash = default_cash(record) or 0
    else:
        cash = _cash("cash_to_recover", cash_to_recover, "Số tiền thưởng phải thu hồi")
    if certificate_recovered_on is not None and not certificate_recovered:
        certificate_recovered = True
    if certificate_recovered_on is not None:
        sane.check(
            "certificate_recovered_on",
            sane.past_date_problem(certificate_recovered_on, "Ngày thu hồi hiện vật"),
        )
    with transaction.atomic():
        # One revocation per award: lock the record so two submissions cannot both pass the check.
        record = AwardRecord.objects.select_for_update().select_related("award").get(pk=record.pk)
        existing = Revocation.objects.filter(record=record).first()
        if existing is not None:
            raise field_error(
                "record",
                f"Khen thưởng này đã bị thu hồi theo quyết định số "
                f"{existing.decision_number} ngày {existing.decision_date:%d/%m/%Y}.",
            )
        row = Revocation.objects.create(
            record=record,
            decision_number=number,
            decision_date=decision_date,
            decided_by=authority,
            ground=ground,
            reason=reason,
            cash_to_recover=cash,
            certificate_recovered=bool(certificate_recovered),
            certificate_recovered_on=certificate_recovered_on,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        audit(actor=actor, action="award_revocation.create", obj=row, after=snapshot(row), reason=reason)
        # The award leaves the public pages now: cached public pages are rebuilt once committed.
        transaction.on_commit(lambda: call_hooks("public_content_changed"))
    return row


def record_payment(
    *, actor, revocation: Revocation, amount, paid_on: dt.date | None, note: str = ""
) -> RecoveryPayment:
    """Record one instalment of the cash recovered; the total never exceeds the cash to recover."""
    if not can_revoke(actor):
        raise PermissionDenied(DENIED)
    amount = _cash("amount", amount, "Số tiền đã thu")
    if amount <= 0:
        raise field_error("amount", "Số tiền đã thu phải lớn hơn 0.")
    if paid_on is None:
        raise field_error("paid_on", "Hãy nhập ngày thu tiền.")
    sane.check("paid_on", sane.past_date_problem(paid_on, "Ngày thu tiền"))
    note = _text("note", note, 300, "Ghi chú")
    with transaction.atomic():
        revocation = Revocation.objects.select_for_update().get(pk=revocation.pk)
        if paid_on < revocation.decision_date:
            raise field_error(
                "paid_on",
                f"Ngày thu tiền không thể trước ngày quyết định thu hồi {revocation.decision_date:%d/%m/%Y}.",
            )
        recovered = revocation.payments.aggregate(total=Sum("amount"))["total"] or 0
        left = revocation.cash_to_recover - recovered
        if amount > left:
            raise field_error(
                "amount",
                f"Số tiền thu {_money(amount)} lớn hơn số còn phải thu {_money(max(left, 0))} "
                f"(phải thu {_money(revocation.cash_to_recover)}, đã thu {_money(recovered)}).",
            )
        row = RecoveryPayment.objects.create(
            revocation=revocation,
            amount=amount,
            paid_on=paid_on,
            note=note,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        audit(actor=actor, action="award_revocation.payment", obj=revocation, after=snapshot(row))
    return row


def mark_certificate_recovered(*, actor, revocation: Revocation, recovered_on: dt.date | None) -> Revocation:
    """Record that the certificate, badge or flag came back (on ``recovered_on``)."""
    if not can_revoke(actor):
        raise PermissionDenied(DENIED)
    if recovered_on is None:
        raise field_error("recovered_on", "Hãy nhập ngày thu hồi hiện vật khen thưởng.")
    sane.check("recovered_on", sane.past_date_problem(recovered_on, "Ngày thu hồi hiện vật"))
    with transaction.atomic():
        revocation = Revocation.objects.select_for_update().get(pk=revocation.pk)
        if revocation.certificate_recovered:
            raise field_error("recovered_on", "Hiện vật khen thưởng đã được ghi là đã thu hồi.")
        if recovered_on < revocation.decision_date:
            raise field_error(
                "recovered_on",
                f"Ngày thu hồi hiện vật không thể trước ngày quyết định thu hồi {revocation.decision_date:%d/%m/%Y}.",
            )
        before = snapshot(revocation)
        revocation.certificate_recovered = True
        revocation.certificate_recovered_on = recovered_on
        revocation.save(update_fields=["certificate_recovered", "certificate_recovered_on", "updated_at"])
        audit(
            actor=actor,
            action="award_revocation.certificate",
            obj=revocation,
            before=before,
            after=snapshot(revocation),
        )
    return revocation
