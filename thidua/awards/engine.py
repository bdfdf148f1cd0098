"""The eligibility engine: pure functions over facts already in memory.

``Facts`` holds everything the rules read for a set of subjects (ratings, merit-based awards,
initiatives, flags, bloc leadership, unit members); ``facts.py`` loads it with a handful of
bulk queries for a whole province or for one subject, so that set-wise and per-subject answers
come from the same code. Each rule returns criteria with passed/failed, the facts used and the
article cited; ``evaluate`` adds the cross-cutting rules of the pack (open discipline,
investigation, inspection or complaint; achievements only after discipline; dissolved units).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction

from thidua.awards.choices import RATING_ORDER, SCOPE_ORDER, DisciplineLevel, FlagKind

RATING_LABEL = {"HTXS": "HTXS", "HTT": "HTT", "HT": "HT", "KHT": "KHT"}
SCOPE_LABEL = {1: "cấp cơ sở", 2: "cấp tỉnh", 3: "toàn quốc"}
FLAG_LABEL = {
    FlagKind.DISCIPLINE: "kỷ luật",
    FlagKind.INVESTIGATION: "đang bị điều tra",
    FlagKind.INSPECTION: "đang bị thanh tra, kiểm tra",
    FlagKind.COMPLAINT: "đang có khiếu nại, tố cáo",
}


def fmt(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "—"


def years_text(years) -> str:
    years = sorted(years)
    return ", ".join(str(y) for y in years) if years else "không có"


@dataclass
class Facts:
    """Facts keyed by subject: ``("p", person_id)`` or ``("u", unit_id)``.

    ``titles`` holds merit-based awards only (award code -> years): thematic and extraordinary
    awards never count as prerequisites (Decree 152/2025 Art 4)."""

    ratings: dict = field(default_factory=lambda: defaultdict(dict))  # key -> {year: "HTXS"}
    titles: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(set)))
    initiatives: dict = field(default_factory=lambda: defaultdict(list))  # key -> [(year, scope)]
    flags: dict = field(default_factory=lambda: defaultdict(list))  # key -> [(kind, level, start, end)]
    dissolved: dict = field(default_factory=dict)  # unit_id -> date
    unit_names: dict = field(default_factory=dict)  # unit_id -> name
    # (unit_id, year) -> bloc name: the unit that LED the emulation of a province-organised bloc
    # (ranked first / chosen by the conference; Law 06/2022 Art 25.1, 26), not its chair.
    led: dict = field(default_factory=dict)
    lead_basis: dict = field(default_factory=dict)  # (unit_id, year) -> how the lead was found
    chair: dict = field(default_factory=dict)  # (unit_id, year) -> bloc name (rotating khối trưởng)
    member_of: dict = field(default_factory=dict)  # (unit_id, year) -> bloc name
    members: dict = field(default_factory=lambda: defaultdict(list))  # unit_id -> [person_id]
    person_unit: dict = field(default_factory=dict)  # person_id -> unit_id
    # Merit-based commendations given, for "one achievement, one award" (Decree 98/2023 Art
    # 30.9): key -> [(award code, period start year or None, year, "decision number of date")]
    given: dict = field(default_factory=lambda: defaultdict(list))
    # People proposed together, in priority order: a quota such as the 2019 15% cap on grassroots
    # fighters counts them with the titles already recorded (Decree 91/2017 Art 9.3).
    proposed: list = field(default_factory=list)


class Criterion:
    """One checked condition: passed or not, the facts used (text built only when read, so that
    a province-wide evaluation does not format explanations nobody looks at) and the article."""

    __slots__ = ("_facts", "article", "code", "label", "passed")

    def __init__(self, code: str, label: str, passed: bool, facts, article: str):
        self.code, self.label, self.passed, self._facts, self.article = (
            code,
            label,
            bool(passed),
            facts,
            article,
        )

    @property
    def facts(self) -> str:
        if callable(self._facts):
            self._facts = self._facts()
        return self._facts

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "label": self.label,
            "passed": self.passed,
            "facts": self.facts,
            "article": self.article,
        }

    def __repr__(self):
        return f"Criterion({self.code!r}, passed={self.passed})"


@dataclass
class Verdict:
    subject: tuple
    award: str
    award_name: str
    year: int
    pack: str
    eligible: bool
    criteria: list[Criterion]
    # Under a transition rule: the verdict of the regime NOT used (see facts.eligibility_on_receipt).
    alternative: Verdict | None = None

    @property
    def failed(self) -> list[Criterion]:
        return [c for c in self.criteria if not c.passed]

    def signature(self) -> tuple:
        """What must agree between set-wise and per-subject evaluation."""
        return (
            self.subject,
            self.award,
            self.year,
            self.eligible,
            tuple((c.code, c.passed) for c in self.criteria),
        )


@dataclass
class RuleSpec:
    """The parts of a ``RuleEntry`` the engine needs (plain data, no ORM)."""

    award: str
    award_name: str
    subject: str  # "individual" | "collective"
    rule: str
    article: str
    params: dict
    kind: str = "title"  # AwardKind: "title" | "commendation"
    rank: int = 0

    def span(self) -> int:
        """Years of achievement the award recognises (its period ends with the judged year)."""
        return max(_spans(self.params))


def _spans(p: dict) -> list[int]:
    """Every window length a rule's parameters (or its nested conditions) read."""
    spans = [
        1,
        int(p.get("years", 1) or 1),
        int(p.get("consecutive", 1) or 1),
        int(p.get("times", 1) or 1) * int(p.get("cycle", 1) or 1),
    ]
    for key in ("all", "any"):
        for child in p.get(key, ()) or ():
            if isinstance(child, dict):
                spans += _spans(child)
    return spans


def as_codes(value) -> list[str]:
    """A parameter naming one award code or a list of them (e.g. a provincial OR a ministry
    certificate as prerequisite: Law 06/2022 Art 73.1.b "Bộ, ban, ngành, tỉnh")."""
    if not value:
        return []
    return [value] if isinstance(value, str) else [str(v) for v in value]


@dataclass
class PackSpec:
    code: str
    name: str
    principles_article: str
    dissolved_article: str
    rules: dict[str, RuleSpec]  # award code -> spec
    # Catalogue: award code -> (kind, rank, name); "one achievement, one award" compares forms.
    catalogue: dict = field(default_factory=dict)
    once_article: str = ""

    def lookback(self) -> int:
        """How many years back the rules read ratings, titles and initiatives (prerequisites aside)."""
        spans = [1]
        for rule in self.rules.values():
            spans += _spans(rule.params)
        return max(spans)

    def prerequisites(self) -> set[str]:
        """Award codes read in any earlier year (held before a window), and commendations whose
        earlier decisions bound the next one's period."""
        codes = set()
        for rule in self.rules.values():
            codes.update(as_codes(rule.params.get("prerequisite")))
            codes.update(_prior_codes(rule.params))
        return codes


def _prior_codes(p: dict) -> set[str]:
    out = set()
    if p.get("predicate") == "prior_award":
        out.update(as_codes(p.get("award")))
    for key in ("all", "any"):
        for child in p.get(key, ()) or ():
            if isinstance(child, dict):
                out |= _prior_codes(child)
    return out


class Subject:
    """One subject's view of the facts for a year, with the discipline cutoff applied."""

    def __init__(self, facts: Facts, key: tuple, as_of: dt.date):
        self.facts = facts
        self.key = key
        self.as_of = as_of
        flags = facts.flags.get(key, ())
        self.open_flags = [f for f in flags if f[2] <= as_of and (f[3] is None or f[3] >= as_of)]
        ended = [f[3] for f in flags if f[0] == FlagKind.DISCIPLINE and f[3] is not None and f[3] < as_of]
        self.discipline_end = max(ended) if ended else None
        # After discipline only achievements of the years after its end count.
        self.first_year = self.discipline_end.year + 1 if self.discipline_end else 0

    def common(self, pack: PackSpec) -> list[Criterion]:
        """The cross-cutting criteria, the same for every award: computed once per subject."""
        cached = getattr(self, "_common", None)
        if cached is not None and cached[0] is pack:
            return cached[1]
        as_of = self.as_of
        criteria = [
            Criterion(
                "not_blocked",
                "Không đang bị kỷ luật, điều tra, thanh tra, kiểm tra hoặc có khiếu nại, tố cáo",
                not self.open_flags,
                "; ".join(
                    f"{FLAG_LABEL[f[0]]} từ {fmt(f[2])}"
                    + (f" đến {fmt(f[3])}" if f[3] else " (chưa kết thúc)")
                    for f in self.open_flags
                )
                or f"Không có vụ việc đang mở tại {fmt(as_of)}",
                pack.principles_article,
            )
        ]
        if self.discipline_end:
            criteria.append(
                Criterion(
                    "after_discipline",
                    "Sau kỷ luật chỉ tính thành tích từ khi hết thời hạn kỷ luật",
                    True,
                    f"Kỷ luật kết thúc {fmt(self.discipline_end)}: chỉ tính các năm từ {self.first_year}",
                    pack.principles_article,
                )
            )
        if self.key[0] == "u":
            dissolved = self.facts.dissolved.get(self.key[1])
            gone = dissolved is not None and dissolved <= as_of
            criteria.append(
                Criterion(
                    "not_dissolved",
                    "Đơn vị còn tồn tại (không khen thưởng đơn vị đã giải thể, sáp nhập)",
                    not gone,
                    f"Giải thể, sáp nhập ngày {fmt(dissolved)}" if gone else "Đơn vị đang hoạt động",
                    pack.dissolved_article,
                )
            )
        self._common = (pack, criteria)
        return criteria

    def rating(self, year: int) -> str | None:
        if year < self.first_year:
            return None
        return self.facts.ratings.get(self.key, {}).get(year)

    def rating_at_least(self, year: int, minimum: str) -> bool:
        value = self.rating(year)
        return value is not None and RATING_ORDER[value] >= RATING_ORDER[minimum]

    def title_years(self, code: str) -> set[int]:
        years = self.facts.titles.get(self.key, {}).get(code, set())
        if not self.first_year:
            return years
        return {y for y in years if y >= self.first_year}

    def has_title(self, code: str, year: int) -> bool:
        return year in self.title_years(code)

    def initiatives(self, years, min_scope: str) -> list[tuple[int, int]]:
        years = set(years)
        floor = SCOPE_ORDER[min_scope]
        return [
            (y, s)
            for y, s in self.facts.initiatives.get(self.key, ())
            if y in years and s >= floor and y >= self.first_year
        ]

    def ratings_text(self, years) -> str:
        return "; ".join(f"{y}: {self.rating(y) or 'chưa có/không tính'}" for y in years)


# Helpers over members (collective titles are computed from members' titles and discipline) -----


def person_is_advanced(facts: Facts, person_id: int, year: int, as_of: dt.date, min_rating="HTT") -> bool:
    """Lao động tiên tiến: the title is recorded, or the year's rating qualifies for it."""
    s = Subject(facts, ("p", person_id), as_of)
    return s.has_title("ldtt", year) or s.rating_at_least(year, min_rating)


def person_is_fighter(
    facts: Facts, person_id: int, year: int, as_of: dt.date, excellence: str = "htxs_or_initiative"
) -> bool:
    """Chiến sĩ thi đua cơ sở: recorded, or qualifies (advanced and, by the regime's
    ``excellence``, HTXS or a grassroots initiative; the 2019 regime: an initiative)."""
    s = Subject(facts, ("p", person_id), as_of)
    if s.has_title("cstdcs", year):
        return True
    return (
        person_is_advanced(facts, person_id, year, as_of)
        and _fighter_excellence(s, year, {"excellence": excellence})[0]
    )


def _share_ok(count: int, total: int, share: str, strict: bool) -> bool:
    if total == 0:
        return False
    ratio = Fraction(count, total)
    return ratio > Fraction(share) if strict else ratio >= Fraction(share)


def _pct(count: int, total: int) -> str:
    return f"{(100 * count / total):.0f}%" if total else "—"


# Rules -----------------------------------------------------------------------------------------
# Each takes (subject view, year, spec) and returns a list of criteria.


def rule_rating_at_least(s: Subject, year: int, spec: RuleSpec) -> list[Criterion]:
    minimum = spec.params.get("min_rating", "HTT")
    return [
        Criterion(
            "rating",
            f"Xếp loại năm {year} từ {minimum} trở lên",
            s.rating_at_least(year, minimum),
            lambda: f"Xếp loại {year}: {s.rating(year) or 'chưa có'}",
            spec.article,
        )
    ]


EXCELLENCE = {
    # How a grassroots fighter's excellence is read (entry parameter ``excellence``).
    "htxs_or_initiative": "Hoàn thành xuất sắc nhiệm vụ hoặc có sáng kiến được công nhận cấp cơ sở",
    "initiative": "Có sáng kiến được công nhận cấp cơ sở (hoặc đề tài nghiên cứu được nghiệm thu)",
    "htxs_and_initiative": "Hoàn thành xuất sắc nhiệm vụ và có sáng kiến được công nhận cấp cơ sở",
}


def round_share(value: Fraction, mode: str) -> int:
    """A quota from a share: ``floor`` never exceeds the share (the default), ``nearest`` rounds
    halves up, ``ceil`` rounds up."""
    if mode == "ceil":
        return math.ceil(value)
    if mode == "nearest":
        return math.floor(value + Fraction(1, 2))
    return math.floor(value)


def _fighter_excellence(s: Subject, year: int, p: dict) -> tuple[bool, int]:
    top = s.rating_at_least(year, p.get("min_rating", "HTXS"))
    inits = len(s.initiatives([year], p.get("initiative_scope", "grassroots")))
    mode = p.get("excellence", "htxs_or_initiative")
    if mode == "initiative":
        return bool(inits), inits
    if mode == "htxs_and_initiative":
        return top and bool(inits), inits
    return top or bool(inits), inits


def rule_grassroots_fighter(s: Subject, year: int, spec: RuleSpec) -> list[Criterion]:
    p = spec.params
    pid = s.key[1]
    advanced = person_is_advanced(s.facts, pid, year, s.as_of)
    excellent, n_inits = _fighter_excellence(s, year, p)
    out = [
        Criterion(
            "advanced",
            f"Đạt danh hiệu Lao động tiên tiến năm {year}",
            advanced,
            lambda: (
                f"Danh hiệu LĐTT {year}: {'có' if s.has_title('ldtt', year) else 'chưa ghi nhận'}; xếp loại {s.rating(year) or 'chưa có'}"
            ),
            spec.article,
        ),
        Criterion(
            "excellence",
            EXCELLENCE.get(p.get("excellence", "htxs_or_initiative"), EXCELLENCE["htxs_or_initiative"]),
            excellent,
            lambda: f"Xếp loại {year}: {s.rating(year) or 'chưa có'}; sáng kiến {year}: {n_inits}",
            spec.article,
        ),
    ]
    if p.get("cap_ratio"):

        def other_qualifies(m: int) -> bool:
            other = Subject(s.facts, ("p", m), s.as_of)
            return person_is_advanced(s.facts, m, year, s.as_of) and _fighter_excellence(other, year, p)[0]

        out.append(_cap(s, year, spec, qualifies=advanced and excellent, other_qualifies=other_qualifies))
    return out


def _cap(s: Subject, year: int, spec: RuleSpec, *, qualifies: bool, other_qualifies) -> Criterion:
    """At most ``cap_ratio`` of the unit's advanced workers hold the title, counting the titles
    already recorded AND the candidates proposed together before this one (in priority order);
    the share is rounded by ``cap_rounding`` (floor by default: never above the share)."""
    p = spec.params
    pid = s.key[1]
    facts = s.facts
    unit_id = facts.person_unit.get(pid)
    members = facts.members.get(unit_id, [])
    code = spec.award
    n_adv = sum(1 for m in members if person_is_advanced(facts, m, year, s.as_of))
    mode = p.get("cap_rounding", "floor")
    limit = round_share(Fraction(p["cap_ratio"]) * n_adv, mode)
    recorded = {m for m in members if m != pid and Subject(facts, ("p", m), s.as_of).has_title(code, year)}
    ahead = []
    for m in facts.proposed:
        if m == pid:
            break
        if m in recorded or m not in members or facts.person_unit.get(m) != unit_id:
            continue
        if other_qualifies(m):
            ahead.append(m)
    taken = len(recorded) + len(ahead)
    rounding = {"floor": "làm tròn xuống", "nearest": "làm tròn đến số gần nhất", "ceil": "làm tròn lên"}
    return Criterion(
        "cap",
        f"Trong giới hạn {float(Fraction(p['cap_ratio'])) * 100:g}% số Lao động tiên tiến của đơn vị",
        taken < limit,
        lambda: (
            f"Đơn vị có {n_adv} Lao động tiên tiến → tối đa {limit} người ({rounding.get(mode, mode)}); "
            f"đã công nhận {len(recorded)} người khác, đề nghị cùng đợt trước người này {len(ahead)} người"
            + ("" if qualifies else "; người này chưa đủ tiêu chuẩn nên không tính vào chỉ tiêu")
        ),
        p.get("cap_article", spec.article),
    )


def rule_titles_with_initiative(s: Subject, year: int, spec: RuleSpec) -> list[Criterion]:
    """N titles at years spaced by ``cycle`` ending this year, plus an initiative of a scope."""
    p = spec.params
    titles, times, cycle = as_codes(p["title"]), int(p.get("times", 3)), int(p.get("cycle", 1))
    title = titles[0]
    wanted = [year - k * cycle for k in range(times)][::-1]
    have = set().union(*(s.title_years(code) for code in titles))
    window = range(year - times * cycle + 1, year + 1)
    scope = p.get("initiative_scope", "provincial")
    inits = s.initiatives(window, scope)
    return [
        Criterion(
            "titles",
            f"{times} lần liên tục đạt {p.get('title_name', title)}",
            all(y in have for y in wanted),
            lambda: (
                f"Cần các năm {years_text(wanted)}; đã có: {years_text(have & set(wanted)) if have else 'không có'}"
            ),
            spec.article,
        ),
        Criterion(
            "initiative",
            f"Có sáng kiến, đề tài được công nhận phạm vi {SCOPE_LABEL[SCOPE_ORDER[scope]]} trở lên",
            bool(inits),
            lambda: (
                f"Sáng kiến {window.start}–{window.stop - 1}: "
                + (", ".join(f"{y} ({SCOPE_LABEL[sc]})" for y, sc in inits) or "không có")
            ),
            spec.article,
        ),
    ]


def rule_individual_certificate(s: Subject, year: int, spec: RuleSpec) -> list[Criterion]:
    p = spec.params
    n = int(p.get("consecutive", 2))
    window = list(range(year - n + 1, year + 1))
    title = p.get("title", "cstdcs")
    fighter = all(s.has_title(title, y) for y in window)
    top = all(s.rating_at_least(y, "HTXS") for y in window)
    need = int(p.get("initiatives", 2))
    inits = s.initiatives(window, "grassroots")
    branch_b = top and len(inits) >= need
    return [
        Criterion(
            "achievement",
            f"{n} năm liên tục Chiến sĩ thi đua cơ sở, hoặc {n} năm liên tục HTXS với {need} sáng kiến được công nhận",
            fighter or branch_b,
            lambda: (
                f"CSTĐCS các năm {years_text(window)}: {'đủ' if fighter else 'chưa đủ'}; "
                f"xếp loại {s.ratings_text(window)}; sáng kiến: {len(inits)}"
            ),
            spec.article,
        )
    ]


def _prerequisite(s: Subject, p: dict, window_start: int, spec: RuleSpec) -> Criterion:
    codes = as_codes(p["prerequisite"])
    code = codes[0]
    before = {y for c in codes for y in s.title_years(c) if y < window_start}
    return Criterion(
        "prerequisite",
        f"Đã được tặng {p.get('prerequisite_name', code)} trước giai đoạn xét",
        bool(before),
        lambda: (
            f"Năm được tặng (chỉ tính khen thưởng thường xuyên, trước {window_start}): {years_text(before)}"
        ),
        spec.article,
    )


def rule_sustained_individual(s: Subject, year: int, spec: RuleSpec) -> list[Criterion]:
    p = spec.params
    n = int(p.get("years", 5))
    window = list(range(year - n + 1, year + 1))
    minimum = p.get("min_rating", "HTT")
    out = [
        _prerequisite(s, p, window[0], spec),
        Criterion(
            "ratings",
            f"{n} năm liên tục ({window[0]}–{year}) xếp loại từ {minimum} trở lên",
            all(s.rating_at_least(y, minimum) for y in window),
            lambda: s.ratings_text(window),
            spec.article,
        ),
    ]
    top_needed = int(p.get("min_top", 0))
    if top_needed:
        tops = [y for y in window if s.rating_at_least(y, "HTXS")]
        out.append(
            Criterion(
                "top",
                f"Có ít nhất {top_needed} năm HTXS trong giai đoạn",
                len(tops) >= top_needed,
                lambda: f"Năm HTXS: {years_text(tops)}",
                spec.article,
            )
        )
    need = int(p.get("initiatives", 0))
    if need:
        scope = p.get("initiative_scope", "grassroots")
        inits = s.initiatives(window, scope)
        out.append(
            Criterion(
                "initiatives",
                f"Trong giai đoạn có {need} sáng kiến được công nhận {SCOPE_LABEL[SCOPE_ORDER[scope]]} trở lên",
                len(inits) >= need,
                lambda: f"Sáng kiến {window[0]}–{year}: {len(inits)}",
                spec.article,
            )
        )
    times = int(p.get("title_times", 0))
    if times:
        got = sorted(y for y in s.title_years(p.get("title", "cstdcs")) if y in window)
        out.append(
            Criterion(
                "titles",
                f"Trong giai đoạn có {times} lần Chiến sĩ thi đua cơ sở",
                len(got) >= times,
                lambda: f"Các năm đạt: {years_text(got)}",
                spec.article,
            )
        )
    return out


def _member_counts(s: Subject, year: int):
    members = s.facts.members.get(s.key[1], [])
    return members, len(members)


def rule_advanced_collective(s: Subject, year: int, spec: RuleSpec) -> list[Criterion]:
    p = spec.params
    members, total = _member_counts(s, year)
    adv = sum(1 for m in members if person_is_advanced(s.facts, m, year, s.as_of))
    share, strict = p.get("member_share", "7/10"), bool(p.get("strict", False))
    sign = ">" if strict else "≥"
    return [
        rule_rating_at_least(
            s, year, RuleSpec(**{**spec.__dict__, "params": {"min_rating": p.get("min_rating", "HTT")}})
        )[0],
        Criterion(
            "members_advanced",
            f"Tỉ lệ thành viên đạt Lao động tiên tiến {sign} {float(Fraction(share)) * 100:.0f}%",
            _share_ok(adv, total, share, strict),
            lambda: f"{adv}/{total} thành viên ({_pct(adv, total)})",
            spec.article,
        ),
        _members_discipline(s, year, spec, members),
    ]


def rule_excellent_collective(s: Subject, year: int, spec: RuleSpec) -> list[Criterion]:
    p = spec.params
    members, total = _member_counts(s, year)
    complete = sum(1 for m in members if Subject(s.facts, ("p", m), s.as_of).rating_at_least(year, "HT"))
    adv = sum(1 for m in members if person_is_advanced(s.facts, m, year, s.as_of))
    mode = p.get("fighter_excellence", "htxs_or_initiative")
    fighters = sum(1 for m in members if person_is_fighter(s.facts, m, year, s.as_of, mode))
    share = p.get("member_share", "7/10")
    need_f = int(p.get("fighters", 1))
    return [
        rule_rating_at_least(s, year, RuleSpec(**{**spec.__dict__, "params": {"min_rating": "HTXS"}}))[0],
        Criterion(
            "members_complete",
            "100% thành viên hoàn thành nhiệm vụ trở lên",
            total > 0 and complete == total,
            lambda: f"{complete}/{total} thành viên xếp loại từ HT trở lên",
            spec.article,
        ),
        Criterion(
            "members_advanced",
            f"Từ {float(Fraction(share)) * 100:.0f}% thành viên đạt Lao động tiên tiến",
            _share_ok(adv, total, share, False),
            lambda: f"{adv}/{total} thành viên ({_pct(adv, total)})",
            spec.article,
        ),
        Criterion(
            "members_fighter",
            f"Có ít nhất {need_f} thành viên đạt Chiến sĩ thi đua cơ sở",
            fighters >= need_f,
            lambda: f"{fighters} thành viên đạt hoặc đủ tiêu chuẩn",
            spec.article,
        ),
    ] + ([_members_discipline(s, year, spec, members)] if "max_discipline_level" in p else [])


def _members_discipline(s: Subject, year: int, spec: RuleSpec, members) -> Criterion:
    level = int(spec.params.get("max_discipline_level", DisciplineLevel.WARNING))
    disciplined = {
        m
        for m in members
        for f in s.facts.flags.get(("p", m), ())
        if f[0] == FlagKind.DISCIPLINE and f[1] >= level and f[2].year == year
    }
    return Criterion(
        "members_discipline",
        f"Không có thành viên bị kỷ luật từ hình thức {DisciplineLevel(level).label.lower()} trở lên trong năm",
        not disciplined,
        lambda: f"Số thành viên bị kỷ luật năm {year}: {len(disciplined)}",
        spec.article,
    )


def rule_bloc_leader_flag(s: Subject, year: int, spec: RuleSpec) -> list[Criterion]:
    """Flags: the collective leading its province-organised bloc (Law 06/2022 Art 25.1, 26), or
    under the 2019 regime one selected by review within the province's blocs (Decree 91/2017
    Art 11.1, 12): then membership of such a bloc is the checkable part."""
    minimum = spec.params.get("min_rating", "HTXS")
    extra = []
    if spec.params.get("require_lead", True):
        key = (s.key[1], year)
        bloc = s.facts.led.get(key)
        chair = s.facts.chair.get(key)

        def why_not():
            text = "Không là đơn vị dẫn đầu phong trào thi đua của khối, cụm nào của tỉnh"
            if chair:
                text += f" (là trưởng khối {chair} theo luân phiên: trưởng khối không phải là đơn vị dẫn đầu)"
            return text

        first = Criterion(
            "led_bloc",
            f"Được bình xét dẫn đầu phong trào thi đua của khối, cụm do tỉnh tổ chức năm {year}",
            bloc is not None,
            lambda: f"Khối dẫn đầu: {bloc}" if bloc else why_not(),
            spec.article,
        )
        if bloc is not None:
            extra.append(
                Criterion(
                    "lead_basis",
                    "Căn cứ xác định đơn vị dẫn đầu (kết quả chấm điểm, xếp hạng và bình xét của khối)",
                    True,
                    s.facts.lead_basis.get(key, "Theo kết quả bình xét của khối"),
                    spec.article,
                )
            )
    else:
        bloc = s.facts.member_of.get((s.key[1], year))
        first = Criterion(
            "bloc_member",
            f"Được bình xét trong khối, cụm thi đua do tỉnh tổ chức năm {year}",
            bloc is not None,
            lambda: f"Thành viên: {bloc}" if bloc else "Không là thành viên khối, cụm nào của tỉnh",
            spec.article,
        )
    return [
        first,
        *extra,
        Criterion(
            "exceeded",
            f"Hoàn thành vượt mức chỉ tiêu (xếp loại {minimum})",
            s.rating_at_least(year, minimum),
            lambda: f"Xếp loại {year}: {s.rating(year) or 'chưa có'}",
            spec.article,
        ),
    ]


def rule_collective_certificate(s: Subject, year: int, spec: RuleSpec) -> list[Criterion]:
    p = spec.params
    n = int(p.get("consecutive", 2))
    window = list(range(year - n + 1, year + 1))
    alt = p.get("alt_title", "ttldxs")
    ok_years = [y for y in window if s.rating_at_least(y, "HTXS") or s.has_title(alt, y)]
    return [
        Criterion(
            "achievement",
            f"{n} năm liên tục HTXS hoặc Tập thể lao động xuất sắc",
            len(ok_years) == n,
            lambda: (
                f"{s.ratings_text(window)}; TTLĐXS: {years_text(y for y in window if s.has_title(alt, y))}"
            ),
            spec.article,
        )
    ]


def rule_sustained_collective(s: Subject, year: int, spec: RuleSpec) -> list[Criterion]:
    p = spec.params
    n = int(p.get("years", 5))
    window = list(range(year - n + 1, year + 1))
    flags = as_codes(p.get("flags", ["co_tinh"]))
    times = int(p.get("flag_times", 1))
    got = sorted(y for code in flags for y in s.title_years(code) if y in window)
    out = [_prerequisite(s, p, window[0], spec)] if p.get("prerequisite") else []
    yearly = p.get("yearly_title")
    if yearly:
        held = [y for y in window if s.has_title(yearly, y)]
        out.append(
            Criterion(
                "yearly_titles",
                f"{n} năm liên tục ({window[0]}–{year}) đạt {p.get('yearly_title_name', yearly)}",
                len(held) == n,
                lambda: f"Các năm đạt: {years_text(held)}",
                spec.article,
            )
        )
    else:
        out.append(
            Criterion(
                "ratings",
                f"{n} năm liên tục ({window[0]}–{year}) HTXS",
                all(s.rating_at_least(y, "HTXS") for y in window),
                lambda: s.ratings_text(window),
                spec.article,
            )
        )
    out.append(
        Criterion(
            "flags",
            f"Trong giai đoạn có {times} lần được tặng {p.get('flags_name', 'cờ thi đua')}",
            len(got) >= times,
            lambda: f"Năm được tặng: {years_text(got)}",
            spec.article,
        )
    )
    return out


# Conditions as data ----------------------------------------------------------------------------
# A vetted vocabulary of predicates that an administrator combines with "all"/"any" in a pack
# entry (rule ``conditions``), e.g. the 2025 draft's grassroots fighter "HTXS and an initiative":
#   {"all": [{"predicate": "advanced"}, {"predicate": "rating", "min_rating": "HTXS"},
#            {"predicate": "initiatives", "count": 1, "scope": "grassroots"}]}
# Each predicate returns (passed, label, facts); ``rule_params.py`` validates their parameters.


def _window(year: int, n) -> list[int]:
    n = int(n or 1)
    return list(range(year - n + 1, year + 1))


def pred_rating(s, year, p):
    window = _window(year, p.get("years"))
    minimum = p.get("min_rating", "HTT")
    ok = all(s.rating_at_least(y, minimum) for y in window)
    span = f"{len(window)} năm liên tục " if len(window) > 1 else f"năm {year} "
    return ok, f"Xếp loại {span}từ {minimum} trở lên", lambda: s.ratings_text(window)


def pred_advanced(s, year, p):
    ok = person_is_advanced(s.facts, s.key[1], year, s.as_of)
    return (
        ok,
        f"Đạt danh hiệu Lao động tiên tiến năm {year}",
        lambda: f"Xếp loại {year}: {s.rating(year) or 'chưa có'}",
    )


def pred_initiatives(s, year, p):
    window = _window(year, p.get("years"))
    scope = p.get("scope", "grassroots")
    need = int(p.get("count", 1))
    inits = s.initiatives(window, scope)
    label = f"Có {need} sáng kiến được công nhận {SCOPE_LABEL[SCOPE_ORDER[scope]]} trở lên"
    if len(window) > 1:
        label += f" trong {len(window)} năm"
    return len(inits) >= need, label, lambda: f"Sáng kiến {window[0]}–{year}: {len(inits)}"


def pred_title(s, year, p):
    codes = as_codes(p.get("award"))
    need = int(p.get("times", 1))
    window = _window(year, p.get("years", need))
    got = sorted({y for c in codes for y in s.title_years(c) if y in window})
    name = p.get("award_name", " hoặc ".join(codes))
    return (
        len(got) >= need,
        f"{need} lần đạt {name} trong giai đoạn {window[0]}–{year}",
        lambda: f"Các năm đạt: {years_text(got)}",
    )


def pred_prior_award(s, year, p):
    codes = as_codes(p.get("award"))
    name = p.get("award_name", " hoặc ".join(codes))
    held = {y for c in codes for y in s.title_years(c)}
    if p.get("within"):
        window = _window(year, p["within"])
        got = sorted(y for y in held if y in window)
        label = f"Được tặng {name} trong {len(window)} năm gần nhất ({window[0]}–{year})"
    else:
        start = year - int(p.get("before", 0) or 0) + 1
        got = sorted(y for y in held if y < start)
        label = f"Đã được tặng {name} trước năm {start}"
    return bool(got), label, lambda: f"Năm được tặng: {years_text(got)}"


def pred_member_share(s, year, p):
    members, total = _member_counts(s, year)
    share, strict = p.get("share", "7/10"), bool(p.get("strict", False))
    code = p.get("title", "ldtt")
    if code == "ldtt":
        count = sum(1 for m in members if person_is_advanced(s.facts, m, year, s.as_of))
    elif code == "cstdcs":
        count = sum(1 for m in members if person_is_fighter(s.facts, m, year, s.as_of))
    else:
        count = sum(1 for m in members if Subject(s.facts, ("p", m), s.as_of).has_title(code, year))
    sign = ">" if strict else "≥"
    return (
        _share_ok(count, total, share, strict),
        f"Tỉ lệ thành viên đạt {p.get('title_name', code)} {sign} {float(Fraction(share)) * 100:g}%",
        lambda: f"{count}/{total} thành viên ({_pct(count, total)})",
    )


def pred_no_member_discipline(s, year, p):
    members, _total = _member_counts(s, year)
    c = _members_discipline(
        s, year, RuleSpec("", "", "", "", "", {"max_discipline_level": p.get("level", 2)}), members
    )
    return c.passed, c.label, lambda: c.facts


def pred_led_bloc(s, year, p):
    bloc = s.facts.led.get((s.key[1], year))
    return (
        bloc is not None,
        f"Được bình xét dẫn đầu phong trào thi đua của khối, cụm do tỉnh tổ chức năm {year}",
        lambda: f"Khối dẫn đầu: {bloc}" if bloc else "Không là đơn vị dẫn đầu khối, cụm nào của tỉnh",
    )


def pred_bloc_member(s, year, p):
    bloc = s.facts.member_of.get((s.key[1], year))
    return (
        bloc is not None,
        f"Được bình xét trong khối, cụm thi đua do tỉnh tổ chức năm {year}",
        lambda: f"Thành viên: {bloc}" if bloc else "Không là thành viên khối, cụm nào của tỉnh",
    )


# name -> (Vietnamese label, function, subjects it applies to: "p", "u" or both)
PREDICATES = {
    "rating": ("Xếp loại tối thiểu trong N năm liên tục", pred_rating, "pu"),
    "advanced": ("Đạt Lao động tiên tiến trong năm", pred_advanced, "p"),
    "initiatives": ("Số sáng kiến được công nhận theo phạm vi", pred_initiatives, "pu"),
    "title": ("Số lần đạt danh hiệu, hình thức trong N năm", pred_title, "pu"),
    "prior_award": (
        "Đã được tặng khen thưởng trước đó (trước hoặc trong một giai đoạn)",
        pred_prior_award,
        "pu",
    ),
    "member_share": ("Tỉ lệ thành viên đạt danh hiệu", pred_member_share, "u"),
    "no_member_discipline": (
        "Không có thành viên bị kỷ luật từ một hình thức trở lên",
        pred_no_member_discipline,
        "u",
    ),
    "led_bloc": ("Dẫn đầu phong trào thi đua của khối", pred_led_bloc, "u"),
    "bloc_member": ("Thành viên khối, cụm thi đua của tỉnh", pred_bloc_member, "u"),
}


def _node(s, year, node: dict):
    """(passed, label, facts) of a predicate or of an all/any group."""
    for key, joiner, combine in (("all", " và ", all), ("any", " hoặc ", any)):
        if key in node:
            parts = [_node(s, year, child) for child in node[key]]
            return (
                combine(part[0] for part in parts),
                "(" + joiner.join(part[1] for part in parts) + ")",
                lambda parts=parts: "; ".join(
                    (part[2]() if callable(part[2]) else part[2]) for part in parts
                ),
            )
    return PREDICATES[node["predicate"]][1](s, year, node)


def _condition_criteria(s: Subject, year: int, spec: RuleSpec) -> list[Criterion]:
    p = spec.params
    nodes = p["all"] if "all" in p else [{"any": p["any"]}]
    out = []
    for i, node in enumerate(nodes, start=1):
        passed, label, text = _node(s, year, node)
        code = node.get("predicate") or ("any" if "any" in node else "all")
        if node.get("predicate") is None:
            label = label.removeprefix("(").removesuffix(")")
        out.append(Criterion(f"{code}_{i}", label, passed, text, spec.article))
    return out


def rule_conditions(s: Subject, year: int, spec: RuleSpec) -> list[Criterion]:
    """Conditions combined as data from ``PREDICATES``, with an optional quota
    (``cap_ratio`` of the unit's advanced workers, ``cap_rounding``, ``cap_article``)."""
    out = _condition_criteria(s, year, spec)
    if spec.params.get("cap_ratio") and s.key[0] == "p":

        def other_qualifies(m: int) -> bool:
            return all(c.passed for c in _condition_criteria(Subject(s.facts, ("p", m), s.as_of), year, spec))

        out.append(_cap(s, year, spec, qualifies=all(c.passed for c in out), other_qualifies=other_qualifies))
    return out


RULES = {
    "rating_at_least": ("Xếp loại tối thiểu", rule_rating_at_least),
    "grassroots_fighter": ("Chiến sĩ thi đua cơ sở", rule_grassroots_fighter),
    "titles_with_initiative": ("Danh hiệu liên tục kèm sáng kiến", rule_titles_with_initiative),
    "individual_certificate": ("Bằng khen cá nhân", rule_individual_certificate),
    "sustained_individual": ("Thành tích nhiều năm của cá nhân", rule_sustained_individual),
    "advanced_collective": ("Tập thể lao động tiên tiến", rule_advanced_collective),
    "excellent_collective": ("Tập thể lao động xuất sắc", rule_excellent_collective),
    "bloc_leader_flag": ("Cờ thi đua: dẫn đầu khối", rule_bloc_leader_flag),
    "collective_certificate": ("Bằng khen tập thể", rule_collective_certificate),
    "sustained_collective": ("Thành tích nhiều năm của tập thể", rule_sustained_collective),
    "conditions": ("Điều kiện kết hợp (dữ liệu)", rule_conditions),
}


def one_achievement_one_award(s: Subject, year: int, spec: RuleSpec, pack: PackSpec) -> Criterion:
    """The next commendation counts from the achievement period written in the previous
    decision (Decree 98/2023 Art 30.9; Decree 152/2025 and Decree 91/2017 counterparts): refused
    while an earlier merit-based decision of the same or a higher form covers part of this
    award's period. A decision without a recorded period start covers the period its award's
    rule reads in this pack (one year for a yearly award)."""
    start = year - spec.span() + 1
    clashes = []
    for code, period_start, y, decision in s.facts.given.get(s.key, ()):
        kind, rank, name = pack.catalogue.get(code, ("title", 0, code))
        if kind != "commendation" or rank < spec.rank or y < start or y < s.first_year:
            continue
        first = (
            period_start
            if period_start is not None
            else y - (pack.rules[code].span() if code in pack.rules else 1) + 1
        )
        if first <= year:
            clashes.append(f"{name} năm {first}–{y}" if first != y else f"{name} năm {y}")
            clashes[-1] += f" ({decision})" if decision else ""
    return Criterion(
        "one_achievement",
        f"Thành tích {start}–{year} chưa được khen thưởng bằng hình thức này hoặc cao hơn"
        if start != year
        else f"Thành tích năm {year} chưa được khen thưởng bằng hình thức này hoặc cao hơn",
        not clashes,
        lambda: (
            ("Đã khen thưởng: " + "; ".join(clashes))
            if clashes
            else "Không có quyết định trùng thời gian thành tích"
        ),
        pack.once_article or pack.principles_article,
    )


def as_of_for(year: int) -> dt.date:
    """Proposals for a year are judged at its end unless the caller says otherwise."""
    return dt.date(year, 12, 31)


GROUNDS = {
    "checkable": "Thành tích nhiều năm theo tiêu chuẩn (kiểm tra từ dữ liệu)",
    "movement": "Thành tích xuất sắc được bình xét trong phong trào thi đua",
    "contribution": "Lập được nhiều thành tích, có đóng góp có phạm vi ảnh hưởng",
    "extraordinary": "Thành tích đột xuất",
}
# Grounds a person must justify in writing; the Council weighs them (nothing to compute).
JUSTIFIED_GROUNDS = {"contribution", "extraordinary"}


@dataclass(frozen=True)
class Ground:
    """The ground a proposal for a commendation rests on (Law 06/2022 Art 73, 74: any one of its
    grounds). ``checkable`` is judged from the data by the entry's rule; the others replace that
    rule by what the proposal brings: ``met`` and ``evidence`` are decided by the caller (the
    bloc's vote or the movement's result for ``movement``, a written justification otherwise)."""

    kind: str = "checkable"
    met: bool = False
    evidence: str = ""


def ground_criterion(spec: RuleSpec, ground: Ground) -> Criterion:
    allowed = as_codes(spec.params.get("grounds"))
    article = spec.params.get("grounds_article") or spec.article
    if ground.kind not in allowed:
        offered = ", ".join(GROUNDS.get(g, g) for g in ["checkable", *allowed])
        return Criterion(
            "ground",
            f"Căn cứ đề nghị: {GROUNDS.get(ground.kind, ground.kind)}",
            False,
            f"{spec.award_name} chỉ xét theo: {offered}",
            article,
        )
    evidence = ground.evidence or "Chưa có"
    if ground.kind in JUSTIFIED_GROUNDS:
        evidence += " — Hội đồng Thi đua – Khen thưởng xem xét giải trình"
    return Criterion("ground", f"Căn cứ đề nghị: {GROUNDS[ground.kind]}", ground.met, evidence, article)


def evaluate(
    facts: Facts,
    pack: PackSpec,
    key: tuple,
    award: str,
    year: int,
    as_of: dt.date | None = None,
    subject: Subject | None = None,
    ground: Ground | None = None,
) -> Verdict:
    """One verdict. ``subject`` may be passed to reuse one subject's view across awards.
    ``ground``: a commendation proposed on another of its grounds than the checkable one."""
    spec = pack.rules[award]
    as_of = as_of or as_of_for(year)
    s = subject if subject is not None else Subject(facts, key, as_of)
    criteria = list(s.common(pack))
    if ground is None or ground.kind == "checkable":
        criteria.extend(RULES[spec.rule][1](s, year, spec))
    else:
        criteria.append(ground_criterion(spec, ground))
        # The achievement is the year the proposal names, not the checkable rule's window.
        spec = RuleSpec(**{**spec.__dict__, "params": {}})
    if spec.kind == "commendation":
        criteria.append(one_achievement_one_award(s, year, spec, pack))
    if pack.rules[award].params.get("unconfirmed"):
        # Say that the regime's rule is not confirmed rather than borrow another regime's rule.
        criteria.append(
            Criterion(
                "unconfirmed",
                "Lưu ý: tiêu chuẩn của chế độ này chưa được xác nhận đầy đủ — Hội đồng cần xem xét",
                True,
                str(pack.rules[award].params["unconfirmed"]),
                spec.article,
            )
        )
    return Verdict(
        subject=key,
        award=award,
        award_name=spec.award_name,
        year=year,
        pack=pack.code,
        eligible=all(c.passed for c in criteria),
        criteria=criteria,
    )
