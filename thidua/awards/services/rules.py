"""Rule packs and base salaries: copy a pack to a new effective date, adjust its parameters."""

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from thidua.awards import engine, pack_params, rule_params
from thidua.awards.choices import Authority, AwardKind, Nature, SubjectKind
from thidua.awards.models import Award, BaseSalary, RuleEntry, RulePack
from thidua.awards.permissions import can_manage_rules
from thidua.core.audit import audit, snapshot
from thidua.core.errors import field_error

DENIED = "Chỉ Phòng Thi đua – Khen thưởng hoặc quản trị hệ thống được sửa quy tắc khen thưởng."
CODE_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,39}$")
AWARD_CODE_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{1,29}$")
ENTRY_FIELDS = {
    "rule",
    "article",
    "criteria_text",
    "params",
    "cash_coefficient",
    "council_ratio",
    "council_article",
    "enabled",
    "deadline",
    "deadline_years_after",
    "deadline_article",
}


def _check(actor) -> None:
    if not can_manage_rules(actor):
        raise PermissionDenied(DENIED)


def rule_pack_copy(
    *,
    actor,
    pack: RulePack,
    code: str,
    name: str,
    effective_from: dt.date,
    legal_basis: str = "",
    reason: str = "",
) -> RulePack:
    """A new pack from ``effective_from`` with the same entries and parameters as ``pack``. The
    pack in force the day before is closed on that day, so periods never overlap."""
    _check(actor)
    code = (code or "").strip().lower()
    if not CODE_RE.match(code):
        raise field_error("code", "Mã chỉ gồm chữ thường không dấu, số và dấu gạch ngang (2–40 ký tự).")
    if not (name or "").strip():
        raise field_error("name", "Hãy nhập tên bộ quy tắc.")
    if effective_from is None:
        raise field_error("effective_from", "Hãy nhập ngày có hiệu lực.")
    with transaction.atomic():
        if RulePack.objects.filter(code=code).exists():
            raise field_error("code", f"Mã “{code}” đã tồn tại.")
        packs = list(RulePack.objects.select_for_update().order_by("effective_from"))
        if any(p.effective_from >= effective_from for p in packs):
            latest = max(p.effective_from for p in packs)
            raise field_error(
                "effective_from",
                f"Ngày có hiệu lực phải sau ngày bắt đầu của bộ quy tắc mới nhất ({latest:%d/%m/%Y}).",
            )
        previous = next((p for p in reversed(packs) if p.covers(effective_from - dt.timedelta(days=1))), None)
        if previous is not None:
            before = snapshot(previous)
            previous.effective_to = effective_from - dt.timedelta(days=1)
            previous.save(update_fields=["effective_to", "updated_at"])
            audit(
                actor=actor,
                action="rule_pack.close",
                obj=previous,
                before=before,
                after=snapshot(previous),
                reason=reason,
            )
        new = RulePack.objects.create(
            code=code,
            name=name.strip(),
            legal_basis=(legal_basis or pack.legal_basis).strip(),
            effective_from=effective_from,
            effective_to=None,
            params=dict(pack.params),
            based_on=pack,
            notes=f"Sao chép từ “{pack.name}”.",
        )
        RuleEntry.objects.bulk_create(
            [
                RuleEntry(
                    pack=new,
                    award_id=e.award_id,
                    rule=e.rule,
                    article=e.article,
                    criteria_text=e.criteria_text,
                    params=dict(e.params),
                    cash_coefficient=e.cash_coefficient,
                    council_ratio=e.council_ratio,
                    council_article=e.council_article,
                    enabled=e.enabled,
                )
                for e in pack.entries.all()
            ]
        )
        audit(actor=actor, action="rule_pack.copy", obj=new, after=snapshot(new), reason=reason)
    return new


def rule_pack_update(*, actor, pack: RulePack, data: dict, reason: str = "") -> RulePack:
    """Change name, legal basis, notes or pack-wide parameters (validated)."""
    _check(actor)
    allowed = {"name", "legal_basis", "notes", "params"}
    unknown = set(data) - allowed
    if unknown:
        raise field_error(sorted(unknown)[0], "Không sửa được trường này.")
    if "params" in data:
        data = {**data, "params": pack_params.validate({**pack.params, **(data["params"] or {})}).to_json()}
    if "name" in data and not (data["name"] or "").strip():
        raise field_error("name", "Hãy nhập tên bộ quy tắc.")
    with transaction.atomic():
        pack = RulePack.objects.select_for_update().get(pk=pack.pk)
        before = snapshot(pack)
        for key, value in data.items():
            setattr(pack, key, value)
        pack.save()
        audit(
            actor=actor,
            action="rule_pack.update",
            obj=pack,
            before=before,
            after=snapshot(pack),
            reason=reason,
        )
    return pack


def _validate_params(rule: str, params, subject: str | None = None) -> dict:
    return rule_params.validate(
        rule, params, award_codes=set(Award.objects.values_list("code", flat=True)), subject=subject
    )


def _clean_entry(data: dict, *, rule: str, subject: str) -> dict:
    """Normalises and validates entry fields (shared by creation and update)."""
    data = dict(data)
    if "rule" in data and data["rule"] not in engine.RULES:
        raise field_error("rule", rule_params.UNKNOWN_RULE.format(rule=data["rule"]))
    if "params" in data or "rule" in data:
        data["params"] = _validate_params(rule, data.get("params", {}), subject)
    if "council_ratio" in data:
        data["council_ratio"] = pack_params.parse_fraction(
            data["council_ratio"], "council_ratio", allow_blank=True
        )
    if "cash_coefficient" in data:
        if data["cash_coefficient"] is None or str(data["cash_coefficient"]).strip() == "":
            raise field_error("cash_coefficient", "Hãy nhập hệ số tiền thưởng.")
        try:
            value = Decimal(str(data["cash_coefficient"]).replace(",", "."))
        except InvalidOperation as exc:
            raise field_error("cash_coefficient", "Hệ số tiền thưởng phải là số.") from exc
        if not Decimal(0) <= value <= Decimal(100):
            raise field_error("cash_coefficient", "Hệ số tiền thưởng phải từ 0 đến 100.")
        data["cash_coefficient"] = value
    if "article" in data and not (data["article"] or "").strip():
        raise field_error("article", "Hãy ghi điều khoản căn cứ.")
    if data.get("deadline"):
        data["deadline"] = data["deadline"].strip()
        try:
            dt.datetime.strptime(f"{data['deadline']}/2000", "%d/%m/%Y")
        except ValueError as exc:
            raise field_error("deadline", "Hạn gửi hồ sơ phải có dạng ngày/tháng, ví dụ 30/06.") from exc
    if "deadline_years_after" in data:
        value = data["deadline_years_after"]
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 5:
            raise field_error("deadline_years_after", "Số năm sau năm thành tích phải từ 0 đến 5.")
    return data


def rule_entry_update(*, actor, entry: RuleEntry, data: dict, reason: str = "") -> RuleEntry:
    """Adjust one award's rule in a pack: article, text, parameters, Council ratio, cash, on/off."""
    _check(actor)
    unknown = set(data) - ENTRY_FIELDS
    if unknown:
        raise field_error(sorted(unknown)[0], "Không sửa được trường này.")
    rule = data.get("rule", entry.rule)
    if "rule" in data and "params" not in data:
        data = {**data, "params": entry.params}
    data = _clean_entry(data, rule=rule, subject=entry.award.subject)
    if rule not in engine.RULES:
        raise field_error("rule", "Quy tắc xét không được hỗ trợ.")
    with transaction.atomic():
        entry = RuleEntry.objects.select_for_update().select_related("pack", "award").get(pk=entry.pk)
        before = snapshot(entry)
        for key, value in data.items():
            setattr(entry, key, value)
        entry.save()
        audit(
            actor=actor,
            action="rule_entry.update",
            obj=entry,
            before=before,
            after=snapshot(entry),
            reason=reason,
        )
    return entry


def base_salary_create(*, actor, effective_from: dt.date, amount: int, legal_ref: str = "") -> BaseSalary:
    _check(actor)
    if effective_from is None:
        raise field_error("effective_from", "Hãy nhập ngày áp dụng.")
    if amount is None or int(amount) < 100_000 or int(amount) > 100_000_000:
        raise field_error("amount", "Mức lương cơ sở phải từ 100.000 đến 100.000.000 đồng.")
    try:
        with transaction.atomic():
            if BaseSalary.objects.filter(effective_from=effective_from).exists():
                raise field_error(
                    "effective_from", f"Đã có mức lương cơ sở áp dụng từ {effective_from:%d/%m/%Y}."
                )
            row = BaseSalary.objects.create(
                effective_from=effective_from, amount=int(amount), legal_ref=legal_ref.strip()
            )
            audit(actor=actor, action="base_salary.create", obj=row, after=snapshot(row))
    except IntegrityError as exc:
        raise ValidationError({"effective_from": ["Ngày áp dụng bị trùng."]}) from exc
    return row


def award_create(
    *,
    actor,
    code: str,
    name: str,
    kind: str,
    subject: str,
    authority: str,
    authority_vertical: str = "",
    rank: int = 0,
    default_nature: str = Nature.MERIT,
    description: str = "",
    reason: str = "",
) -> Award:
    """A new entry of the catalogue (e.g. an award created by a new law). Who decides it is
    required; ``authority_vertical`` is who decides it for a unit under vertical management
    (blank: the same authority; Law 06/2022 Art 79–80). Its cash coefficient belongs to each
    pack's entry (``rule_entry_create``)."""
    _check(actor)
    code = (code or "").strip().lower()
    if not AWARD_CODE_RE.match(code):
        raise field_error(
            "code", "Mã chỉ gồm chữ thường không dấu, số, dấu gạch dưới hoặc gạch ngang (2–30 ký tự)."
        )
    if not (name or "").strip():
        raise field_error("name", "Hãy nhập tên danh hiệu, hình thức khen thưởng.")
    if kind not in AwardKind.values:
        raise field_error("kind", "Hãy chọn loại: danh hiệu thi đua hoặc hình thức khen thưởng.")
    if subject not in SubjectKind.values:
        raise field_error("subject", "Hãy chọn đối tượng: tập thể hoặc cá nhân.")
    if not authority:
        raise field_error("authority", "Hãy chọn thẩm quyền quyết định.")
    if authority not in Authority.values:
        raise field_error("authority", "Thẩm quyền quyết định không hợp lệ.")
    authority_vertical = (authority_vertical or "").strip()
    if authority_vertical and authority_vertical not in Authority.values:
        raise field_error(
            "authority_vertical", "Thẩm quyền quyết định đối với đơn vị ngành dọc không hợp lệ."
        )
    if default_nature not in Nature.values:
        raise field_error("default_nature", "Tính chất khen thưởng không hợp lệ.")
    if isinstance(rank, bool) or not isinstance(rank, int) or not 0 <= rank <= 100:
        raise field_error("rank", "Thứ bậc phải là số nguyên từ 0 đến 100.")
    with transaction.atomic():
        if Award.objects.filter(code=code).exists():
            raise field_error("code", f"Mã “{code}” đã có trong danh mục.")
        award = Award.objects.create(
            code=code,
            name=name.strip(),
            kind=kind,
            subject=subject,
            authority=authority,
            authority_vertical=authority_vertical,
            rank=rank,
            default_nature=default_nature,
            description=(description or "").strip(),
        )
        audit(actor=actor, action="award.create", obj=award, after=snapshot(award), reason=reason)
    return award


def rule_entry_create(*, actor, pack: RulePack, award: Award, data: dict, reason: str = "") -> RuleEntry:
    """A new entry in a pack: how ``award`` is judged under it. Rule, article and cash
    coefficient are required; parameters (conditions, quotas) are validated against the rule."""
    _check(actor)
    unknown = set(data) - ENTRY_FIELDS
    if unknown:
        raise field_error(sorted(unknown)[0], "Không có trường này.")
    for key, message in (
        ("rule", "Hãy chọn quy tắc xét."),
        ("article", "Hãy ghi điều khoản căn cứ."),
        ("cash_coefficient", "Hãy nhập hệ số tiền thưởng."),
    ):
        if data.get(key) is None or str(data.get(key)).strip() == "":
            raise field_error(key, message)
    data = _clean_entry({"params": {}, **data}, rule=data["rule"], subject=award.subject)
    data.setdefault("criteria_text", data["article"])
    with transaction.atomic():
        if RuleEntry.objects.filter(pack=pack, award=award).exists():
            raise field_error("award", f"Bộ quy tắc “{pack.name}” đã có quy tắc cho “{award.name}”.")
        entry = RuleEntry.objects.create(pack=pack, award=award, **data)
        audit(actor=actor, action="rule_entry.create", obj=entry, after=snapshot(entry), reason=reason)
    return entry
