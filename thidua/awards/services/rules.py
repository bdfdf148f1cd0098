"""Rule packs and base salaries: copy a pack to a new effective date, adjust its parameters."""

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from thidua.awards import engine, pack_params
from thidua.awards.models import BaseSalary, RuleEntry, RulePack
from thidua.awards.permissions import can_manage_rules
from thidua.core.audit import audit, snapshot
from thidua.core.errors import field_error

DENIED = "Chỉ Phòng Thi đua – Khen thưởng hoặc quản trị hệ thống được sửa quy tắc khen thưởng."
CODE_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,39}$")


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


def _validate_params(rule: str, params) -> dict:
    if not isinstance(params, dict):
        raise field_error("params", "Tham số phải là một đối tượng JSON.")
    for key, value in params.items():
        if key in ("min_rating",) and value not in ("HTXS", "HTT", "HT", "KHT"):
            raise field_error("params", f"Xếp loại “{value}” không hợp lệ.")
        if key in ("member_share", "cap_ratio"):
            pack_params.parse_fraction(value, "params", allow_blank=key == "cap_ratio")
        if key in (
            "times",
            "cycle",
            "consecutive",
            "years",
            "title_times",
            "flag_times",
            "min_top",
            "initiatives",
            "fighters",
        ):
            if not isinstance(value, int) or not 0 <= value <= 30:
                raise field_error("params", f"“{key}” phải là số nguyên từ 0 đến 30.")
        if key == "initiative_scope" and value not in ("grassroots", "provincial", "national"):
            raise field_error("params", f"Phạm vi sáng kiến “{value}” không hợp lệ.")
    return params


def rule_entry_update(*, actor, entry: RuleEntry, data: dict, reason: str = "") -> RuleEntry:
    """Adjust one award's rule in a pack: article, text, parameters, Council ratio, cash, on/off."""
    _check(actor)
    allowed = {
        "article",
        "criteria_text",
        "params",
        "cash_coefficient",
        "council_ratio",
        "council_article",
        "enabled",
    }
    unknown = set(data) - allowed
    if unknown:
        raise field_error(sorted(unknown)[0], "Không sửa được trường này.")
    data = dict(data)
    if "params" in data:
        data["params"] = _validate_params(entry.rule, data["params"])
    if "council_ratio" in data:
        data["council_ratio"] = pack_params.parse_fraction(
            data["council_ratio"], "council_ratio", allow_blank=True
        )
    if "cash_coefficient" in data:
        try:
            value = Decimal(str(data["cash_coefficient"]).replace(",", "."))
        except InvalidOperation as exc:
            raise field_error("cash_coefficient", "Hệ số tiền thưởng phải là số.") from exc
        if not Decimal(0) <= value <= Decimal(100):
            raise field_error("cash_coefficient", "Hệ số tiền thưởng phải từ 0 đến 100.")
        data["cash_coefficient"] = value
    if "article" in data and not (data["article"] or "").strip():
        raise field_error("article", "Hãy ghi điều khoản căn cứ.")
    if entry.rule not in engine.RULES:
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
