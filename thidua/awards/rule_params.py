"""What each engine rule reads from its entry's parameters, and the validation of those
parameters: an unknown key, a bad value or a condition naming an unknown predicate is refused
with a Vietnamese message (a key nobody reads must never be accepted and silently ignored).

Kinds of value: ``rating`` (HTXS/HTT/HT/KHT), ``scope`` (grassroots/provincial/national),
``count`` (integer 0–30), ``share`` (a fraction in (0, 1], e.g. 7/10), ``bool``, ``text``,
``award`` (a catalogue code or a list of codes), ``level`` (a discipline level 1–6),
``rounding`` (floor/nearest/ceil), ``excellence`` (``engine.EXCELLENCE``)."""

from __future__ import annotations

from fractions import Fraction

from django.core.exceptions import ValidationError

from thidua.awards import engine
from thidua.awards.choices import RATING_ORDER, SCOPE_ORDER

# Every rule: a note that the regime's rule is not confirmed; the other grounds a commendation
# may be proposed on besides the checkable one (Law 06/2022 Art 73, 74), and their article.
COMMON = {"unconfirmed": "text", "grounds": "grounds", "grounds_article": "text"}
CAP = {"cap_ratio": "share", "cap_rounding": "rounding", "cap_article": "text"}
RULE_PARAMS: dict[str, dict[str, str]] = {
    "rating_at_least": {"min_rating": "rating"},
    "grassroots_fighter": {
        "min_rating": "rating",
        "initiative_scope": "scope",
        "excellence": "excellence",
        **CAP,
    },
    "titles_with_initiative": {
        "title": "award",
        "title_name": "text",
        "times": "count",
        "cycle": "count",
        "initiative_scope": "scope",
    },
    "individual_certificate": {"consecutive": "count", "title": "award", "initiatives": "count"},
    "sustained_individual": {
        "prerequisite": "award",
        "prerequisite_name": "text",
        "years": "count",
        "min_rating": "rating",
        "min_top": "count",
        "title": "award",
        "title_times": "count",
        "initiatives": "count",
        "initiative_scope": "scope",
    },
    "advanced_collective": {
        "min_rating": "rating",
        "member_share": "share",
        "strict": "bool",
        "max_discipline_level": "level",
    },
    "excellent_collective": {
        "member_share": "share",
        "fighters": "count",
        "fighter_excellence": "excellence",
        "max_discipline_level": "level",
    },
    "bloc_leader_flag": {"min_rating": "rating", "require_lead": "bool"},
    "collective_certificate": {"consecutive": "count", "alt_title": "award"},
    "sustained_collective": {
        "prerequisite": "award",
        "prerequisite_name": "text",
        "years": "count",
        "flags": "award",
        "flags_name": "text",
        "flag_times": "count",
        "yearly_title": "award",
        "yearly_title_name": "text",
    },
    # ``all`` / ``any``: lists of predicates (below) or nested groups.
    "conditions": {"all": "group", "any": "group", **CAP},
}
PREDICATE_PARAMS: dict[str, dict[str, str]] = {
    "rating": {"min_rating": "rating", "years": "count"},
    "advanced": {},
    "initiatives": {"count": "count", "scope": "scope", "years": "count"},
    "title": {"award": "award", "award_name": "text", "times": "count", "years": "count"},
    "prior_award": {"award": "award", "award_name": "text", "before": "count", "within": "count"},
    "member_share": {"title": "award", "title_name": "text", "share": "share", "strict": "bool"},
    "no_member_discipline": {"level": "level"},
    "led_bloc": {},
    "bloc_member": {},
}
REQUIRED = {"prior_award": {"award"}, "title": {"award"}}
MAX_DEPTH = 4

UNKNOWN_KEY = "Tham số “{key}” không được quy tắc “{rule}” sử dụng (các tham số hợp lệ: {allowed})."
UNKNOWN_PREDICATE = "Điều kiện “{name}” không có trong danh mục điều kiện được phép ({allowed})."
UNKNOWN_RULE = "Quy tắc xét “{rule}” không được hỗ trợ."


def _error(message: str) -> ValidationError:
    return ValidationError({"params": [message]})


def _value(key: str, kind: str, value, award_codes) -> None:
    if kind == "rating" and value not in RATING_ORDER:
        raise _error(f"Xếp loại “{value}” không hợp lệ (HTXS, HTT, HT, KHT).")
    if kind == "scope" and value not in SCOPE_ORDER:
        raise _error(f"Phạm vi sáng kiến “{value}” không hợp lệ (grassroots, provincial, national).")
    if kind == "count" and (isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 30):
        raise _error(f"“{key}” phải là số nguyên từ 0 đến 30.")
    if kind == "level" and (isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 6):
        raise _error(f"“{key}” phải là mức kỷ luật từ 1 (khiển trách) đến 6 (buộc thôi việc).")
    if kind == "bool" and not isinstance(value, bool):
        raise _error(f"“{key}” phải là true hoặc false.")
    if kind == "text" and not isinstance(value, str):
        raise _error(f"“{key}” phải là một chuỗi văn bản.")
    if kind == "rounding" and value not in ("floor", "nearest", "ceil"):
        raise _error(f"Cách làm tròn “{value}” không hợp lệ (floor, nearest, ceil).")
    if kind == "excellence" and value not in engine.EXCELLENCE:
        raise _error(f"“{value}” không hợp lệ cho “{key}” ({', '.join(engine.EXCELLENCE)}).")
    if kind == "share":
        try:
            frac = Fraction(str(value).strip().replace(",", "."))
        except (ValueError, ZeroDivisionError) as exc:
            raise _error(f"“{value}” không phải tỉ lệ hợp lệ (ví dụ 7/10).") from exc
        if not 0 < frac <= 1:
            raise _error(f"Tỉ lệ “{key}” phải lớn hơn 0 và không quá 1.")
    if kind == "grounds":
        other = [g for g in engine.GROUNDS if g != "checkable"]
        if not isinstance(value, list) or not all(isinstance(g, str) and g in other for g in value):
            raise _error(f"“{key}” phải là danh sách các căn cứ: {', '.join(other)}.")
    if kind == "award":
        codes = [value] if isinstance(value, str) else value
        if not isinstance(codes, list) or not codes or not all(isinstance(c, str) for c in codes):
            raise _error(f"“{key}” phải là mã khen thưởng hoặc danh sách mã.")
        unknown = [c for c in codes if award_codes is not None and c not in award_codes]
        if unknown:
            raise _error(f"Không có khen thưởng mã “{unknown[0]}” trong danh mục.")


def _group(nodes, award_codes, depth: int, subject: str | None = None) -> None:
    if depth > MAX_DEPTH:
        raise _error(f"Điều kiện lồng nhau quá {MAX_DEPTH} cấp.")
    if not isinstance(nodes, list) or not nodes:
        raise _error("“all”/“any” phải là danh sách điều kiện, không được rỗng.")
    for node in nodes:
        if not isinstance(node, dict):
            raise _error("Mỗi điều kiện phải là một đối tượng JSON.")
        groups = [k for k in ("all", "any") if k in node]
        if groups:
            if len(node) != 1:
                raise _error("Một nhóm điều kiện chỉ có một khoá “all” hoặc “any”.")
            _group(node[groups[0]], award_codes, depth + 1, subject)
            continue
        name = node.get("predicate")
        if name not in PREDICATE_PARAMS:
            raise _error(UNKNOWN_PREDICATE.format(name=name, allowed=", ".join(PREDICATE_PARAMS)))
        letter = {"individual": "p", "collective": "u"}.get(subject or "")
        if letter and letter not in engine.PREDICATES[name][2]:
            who = "cá nhân" if letter == "p" else "tập thể"
            raise _error(f"Điều kiện “{name}” không dùng được cho {who}.")
        allowed = PREDICATE_PARAMS[name]
        for key, value in node.items():
            if key == "predicate":
                continue
            if key not in allowed:
                raise _error(UNKNOWN_KEY.format(key=key, rule=name, allowed=", ".join(allowed) or "không có"))
            _value(key, allowed[key], value, award_codes)
        missing = REQUIRED.get(name, set()) - set(node)
        if missing:
            raise _error(f"Điều kiện “{name}” thiếu tham số “{sorted(missing)[0]}”.")


def validate(rule: str, params, *, award_codes=None, subject: str | None = None) -> dict:
    """``params`` checked against what ``rule`` reads; returns them unchanged when valid.
    ``award_codes``: the catalogue's codes (None skips that check); ``subject``: the award's
    kind of subject ("individual"/"collective"), refusing predicates of the other kind."""
    if rule not in engine.RULES or rule not in RULE_PARAMS:
        raise ValidationError({"rule": [UNKNOWN_RULE.format(rule=rule)]})
    if not isinstance(params, dict):
        raise _error("Tham số phải là một đối tượng JSON.")
    allowed = {**RULE_PARAMS[rule], **COMMON}
    for key, value in params.items():
        if key not in allowed:
            shown = ", ".join(k for k in allowed if k != "unconfirmed")
            raise _error(UNKNOWN_KEY.format(key=key, rule=rule, allowed=shown))
        if allowed[key] == "group":
            _group(value, award_codes, 1, subject)
        else:
            _value(key, allowed[key], value, award_codes)
    if rule == "conditions":
        if ("all" in params) == ("any" in params):
            raise _error("Quy tắc điều kiện kết hợp cần đúng một khoá “all” hoặc “any”.")
    if rule in ("titles_with_initiative",) and "title" not in params:
        raise _error("Thiếu tham số “title”.")
    return params
