"""Cash amounts, quotas and Council thresholds: functions the proposals work calls.

All read the rule pack in force (for a year: on its 31 December; for cash: on the decision
date) and the base-salary table, so a new pack or salary changes results without a release."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Hashable
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.db.models import Count

from thidua.awards.choices import CashRounding, QuotaRounding
from thidua.awards.facts import evaluate_many, load_facts, pack_for_date, pack_for_year
from thidua.awards.models import Award, BaseSalary, RuleEntry, RulePack
from thidua.awards.pack_params import validate as validate_params
from thidua.core.errors import field_error
from thidua.organisations.bloc_settings import get_settings
from thidua.organisations.choices import Gender
from thidua.organisations.models import Person


def base_salary_on(day: dt.date) -> BaseSalary:
    row = BaseSalary.objects.filter(effective_from__lte=day).order_by("-effective_from").first()
    if row is None:
        raise field_error("decision_date", f"Chưa có mức lương cơ sở áp dụng ngày {day:%d/%m/%Y}.")
    return row


def round_cash(value: Decimal, mode: str) -> int:
    if mode == CashRounding.UP_10000:
        return int((value / 10000).to_integral_value(ROUND_CEILING) * 10000)
    if mode == CashRounding.NEAREST_10000:
        return int((value / 10000).to_integral_value(ROUND_HALF_UP) * 10000)
    if mode == CashRounding.UP_1000:
        return int((value / 1000).to_integral_value(ROUND_CEILING) * 1000)
    return int(value.to_integral_value(ROUND_HALF_UP))


@dataclass
class CashAmount:
    award: str
    decision_date: dt.date
    pack: str
    coefficient: Decimal
    base_salary: int
    exact: Decimal
    amount: int
    rounding: str
    article: str


def cash_amount(*, award: Award, decision_date: dt.date) -> CashAmount:
    """Coefficient (pack in force on the decision date) × base salary on that date, rounded as
    the pack says (Decree 91/2017 Art 68.2; Decree 98/2023 Art 53.2)."""
    pack = pack_for_date(decision_date)
    if pack is None:
        raise field_error("decision_date", f"Chưa có bộ quy tắc có hiệu lực ngày {decision_date:%d/%m/%Y}.")
    entry = RuleEntry.objects.filter(pack=pack, award=award).first()
    if entry is None:
        raise field_error("award", f"Bộ quy tắc “{pack.name}” không có “{award.name}”.")
    params = validate_params(pack.params)
    salary = base_salary_on(decision_date)
    exact = entry.cash_coefficient * salary.amount
    return CashAmount(
        award=award.code,
        decision_date=decision_date,
        pack=pack.code,
        coefficient=entry.cash_coefficient,
        base_salary=salary.amount,
        exact=exact,
        amount=round_cash(exact, params.cash_rounding),
        rounding=params.cash_rounding,
        article=params.cash_article,
    )


class CashTable:
    """Every pack's cash coefficients and every base salary, read once, to price many award
    records (a history page, an export) without queries per record; the amounts are those of
    ``cash_amount``, which a recorded decision pays."""

    def __init__(self):
        self.packs = list(RulePack.objects.order_by("-effective_from"))
        self.rounding = {p.pk: validate_params(p.params).cash_rounding for p in self.packs}
        self.coefficients = {
            (pack, award): coefficient
            for pack, award, coefficient in RuleEntry.objects.values_list(
                "pack_id", "award_id", "cash_coefficient"
            )
        }
        self.salaries = list(
            BaseSalary.objects.order_by("-effective_from").values_list("effective_from", "amount")
        )
        self._cache: dict[tuple[int, dt.date], int | None] = {}

    def amount(self, *, award_id: int, day: dt.date) -> int | None:
        """Cash for ``award_id`` decided on ``day``; None when no pack, entry or base salary applies."""
        key = (award_id, day)
        if key not in self._cache:
            pack = next((p for p in self.packs if p.covers(day)), None)
            salary = next((amount for since, amount in self.salaries if since <= day), None)
            coefficient = self.coefficients.get((pack.pk, award_id)) if pack else None
            self._cache[key] = (
                None
                if coefficient is None or salary is None
                else round_cash(coefficient * salary, self.rounding[pack.pk])
            )
        return self._cache[key]


def with_cash(records, table: CashTable | None = None) -> list:
    """``records`` (award records) as a list, each with ``cash``: its amount in đồng or None."""
    table = table or CashTable()
    records = list(records)
    for record in records:
        record.cash = table.amount(award_id=record.award_id, day=record.decision_date)
    return records


def apply_rounding(value: Fraction, mode: str) -> int:
    if mode == QuotaRounding.CEIL:
        return math.ceil(value)
    if mode == QuotaRounding.NEAREST:
        return math.floor(value + Fraction(1, 2))
    return math.floor(value)


@dataclass
class Quota:
    year: int
    basis: str
    basis_count: int
    basis_units: list[int]
    ratio: Fraction
    rounding: str
    quota: int
    article: str


def government_flag_quota(*, year: int) -> Quota:
    """How many Government flags the province may propose for ``year``: ratio × the collectives
    leading province-organised blocs (Law 06/2022 Art 25.1, MoHA 5007/BNV-TĐKT), or under the
    2019 regime × the collectives meeting the provincial-flag standard (Decree 91/2017 Art 11.1)."""

    pack = pack_for_year(year)
    params = validate_params(pack.params)
    facts = load_facts(person_ids=[], unit_ids=[], year=year, with_members=False)
    leaders = sorted({unit for (unit, y) in facts.led if y == year})
    if params.gov_flag_quota_basis == "provincial_flag_standard":
        members = sorted({unit for (unit, y) in facts.member_of if y == year})
        verdicts = evaluate_many(person_ids=[], unit_ids=members, year=year, awards=["co_tinh"])
        basis = [v.subject[1] for v in verdicts if v.eligible]
    else:
        basis = leaders
    ratio = params.quota_fraction
    return Quota(
        year=year,
        basis=params.gov_flag_quota_basis,
        basis_count=len(basis),
        basis_units=basis,
        ratio=ratio,
        rounding=params.gov_flag_quota_rounding,
        quota=apply_rounding(ratio * len(basis), params.gov_flag_quota_rounding),
        article=params.gov_flag_quota_article,
    )


def provincial_flag_quota(*, bloc_year) -> int:
    """Provincial flags a bloc may propose for its year, from the bloc's own settings."""

    return get_settings(bloc_year).provincial_flags


def council_threshold(*, award: Award, year: int) -> tuple[Fraction | None, str]:
    """The share of ALL Council members needed to approve ``award`` for ``year`` (None: no vote)."""
    entry = RuleEntry.objects.filter(pack=pack_for_year(year), award=award).first()
    if entry is None or not entry.council_ratio:
        return None, ""
    return Fraction(entry.council_ratio), entry.council_article


# With no ratio in the pack the Council decides by more than half of ALL its members (its own
# regulations); a ratio from the pack (Decree 98/2023 Art 30.7: 80%, 90%) is reached at or above it.
MAJORITY = Fraction(1, 2)
MAJORITY_ARTICLE = "Quá nửa tổng số thành viên Hội đồng (quy chế Hội đồng TĐKT tỉnh)"


@dataclass(frozen=True)
class CouncilRule:
    ratio: Fraction
    strict: bool  # more than ``ratio`` (the default majority) rather than at least it
    article: str

    @property
    def text(self) -> str:
        return "quá nửa" if self.strict and self.ratio == MAJORITY else f"từ {self.ratio} trở lên"


def council_rule(*, award: Award, year: int) -> CouncilRule:
    """The one rule by which the Council approves ``award`` for ``year`` (every caller uses it)."""
    ratio, article = council_threshold(award=award, year=year)
    if ratio is None:
        return CouncilRule(MAJORITY, True, MAJORITY_ARTICLE)
    return CouncilRule(ratio, False, article)


def council_reaches(*, votes_for: int, council_size: int, ratio: Fraction, strict: bool) -> bool:
    """The votes for, counted on ALL members (absent members vote in writing, so the denominator
    is the whole Council, not the ballots cast), against the ratio."""
    if council_size <= 0:
        return False
    share = Fraction(votes_for, council_size)
    return share > ratio if strict else share >= ratio


def council_approves(*, award: Award, year: int, votes_for: int, council_size: int) -> bool:
    """True when ``votes_for`` reaches ``council_rule`` for the award."""
    if council_size <= 0:
        raise field_error("council_size", "Số thành viên Hội đồng phải lớn hơn 0.")
    if not 0 <= votes_for <= council_size:
        raise field_error("votes_for", "Số phiếu tán thành phải từ 0 đến số thành viên Hội đồng.")
    rule = council_rule(award=award, year=year)
    return council_reaches(
        votes_for=votes_for, council_size=council_size, ratio=rule.ratio, strict=rule.strict
    )


@dataclass
class Deadline:
    award: str
    year: int
    day: dt.date
    article: str


def submission_deadline(*, award: Award, year: int) -> Deadline | None:
    """When the dossier of ``award`` for achievement year ``year`` must reach the central level
    (e.g. the Government flag by 30/06 and the national fighter by 31/12 of the next year:
    Decree 98/2023 Art 32.1), from the entry of the pack judging that year; None: no fixed date."""
    entry = RuleEntry.objects.filter(pack=pack_for_year(year), award=award).first()
    if entry is None or not entry.deadline:
        return None
    day, month = (int(part) for part in entry.deadline.split("/"))
    return Deadline(
        award=award.code,
        year=year,
        day=dt.date(year + entry.deadline_years_after, month, day),
        article=entry.deadline_article,
    )


# Priority to women among equal candidates (Decree 152/2025 Art 4.6) ----------------------------

WOMEN_SHARE = Fraction(7, 10)  # a collective counts as women when at least 70% of its people are


@dataclass(frozen=True)
class Candidate:
    key: Hashable
    name: str
    merit: tuple  # compared descending, e.g. (vote share as a Fraction, score); equal tuples tie
    women: bool = False  # a woman, or a collective with at least 70% women (``women_flags``)


@dataclass
class Choice:
    """The result of ``choose_within_quota``: every candidate is in exactly one of ``chosen``,
    ``left`` and ``tie`` (the Council decides between the tied ones for ``tie_places`` places),
    and has one Vietnamese line in ``reasons``. ``ranked`` is every key in the order used."""

    limit: int
    women_article: str
    chosen: list = field(default_factory=list)
    left: list = field(default_factory=list)
    tie: list = field(default_factory=list)
    tie_places: int = 0
    ranked: list = field(default_factory=list)
    reasons: dict = field(default_factory=dict)


def _names(group: list[Candidate], shown: int = 3) -> str:
    names = ", ".join(c.name for c in group[:shown])
    return names + (f" và {len(group) - shown} ứng viên khác" if len(group) > shown else "")


def choose_within_quota(candidates: list[Candidate], limit: int, *, women_article: str) -> Choice:
    """Choose at most ``limit`` candidates by merit (highest first). When the cut falls inside a
    group of equal merit, the women of that group (or collectives with ≥70% women) go first
    (Decree 152/2025 Art 4.6, cited as ``women_article``); if still more equals than places, they
    are a tie left to the Council: nobody is dropped silently. With ``women_article`` empty (a
    pack without the rule) the equal candidates across the cut are a tie. Pure: no query."""
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
        raise field_error("limit", "Chỉ tiêu phải là số nguyên không âm.")
    keys = [c.key for c in candidates]
    if len(set(keys)) != len(keys):
        raise field_error("candidates", "Mỗi ứng viên chỉ được nêu một lần.")
    article = (women_article or "").strip()
    women_rule = f"Ưu tiên nữ khi ngang thành tích ({article})" if article else ""
    result = Choice(limit=limit, women_article=article)
    groups: list[list[Candidate]] = []
    for c in sorted(candidates, key=lambda c: c.merit, reverse=True):  # stable: input order kept
        if groups and groups[-1][0].merit == c.merit:
            groups[-1].append(c)
        else:
            groups.append([c])
    rank, above = 0, None  # the candidates just above the current group, named in reasons
    closed = False  # the quota is full, or a tie takes the remaining places
    for group in groups:
        places = limit - len(result.chosen)
        if closed or places <= 0:
            for c in group:
                result.left.append(c.key)
                result.reasons[c.key] = (
                    "Ngoài chỉ tiêu: chỉ tiêu bằng 0."
                    if limit == 0
                    else f"Ngoài chỉ tiêu ({limit}): xếp sau {_names(above)}."
                )
            result.ranked += [c.key for c in group]
            closed = True
            continue
        if len(group) <= places:
            for c in group:
                rank += 1
                result.chosen.append(c.key)
                result.reasons[c.key] = f"Trong chỉ tiêu: xếp thứ {rank}."
            result.ranked += [c.key for c in group]
            above = group
            continue
        # The cut falls inside this group of equal merit.
        closed = True
        women = [c for c in group if c.women] if article else []
        others = [c for c in group if not (article and c.women)]
        if not article or not women:
            result.tie += [c.key for c in group]
            result.tie_places = places
            for c in group:
                result.reasons[c.key] = (
                    f"Ngang nhau, cần Hội đồng quyết định: {len(group)} ứng viên ngang thành tích "
                    f"cho {places} suất còn lại."
                )
            result.ranked += [c.key for c in group]
            above = group
            continue
        if len(women) > places:
            result.tie += [c.key for c in women]
            result.tie_places = places
            for c in women:
                result.reasons[c.key] = (
                    f"Ngang nhau, cần Hội đồng quyết định: {len(women)} ứng viên nữ ngang thành tích "
                    f"cho {places} suất còn lại (đã ưu tiên nữ: {article})."
                )
            for c in others:
                result.left.append(c.key)
                result.reasons[c.key] = f"Ngoài chỉ tiêu: ngang thành tích với {_names(women)}; {women_rule}."
            result.ranked += [c.key for c in women + others]
            above = women
            continue
        for c in women:
            rank += 1
            result.chosen.append(c.key)
            result.reasons[c.key] = f"Trong chỉ tiêu: {women_rule}."
        places -= len(women)
        if places == 0:
            for c in others:
                result.left.append(c.key)
                result.reasons[c.key] = f"Ngoài chỉ tiêu: ngang thành tích với {_names(women)}; {women_rule}."
        else:  # more equal others than the places left after the women
            result.tie += [c.key for c in others]
            result.tie_places = places
            for c in others:
                result.reasons[c.key] = (
                    f"Ngang nhau, cần Hội đồng quyết định: {len(others)} ứng viên ngang thành tích "
                    f"cho {places} suất còn lại sau khi ưu tiên nữ."
                )
        result.ranked += [c.key for c in women + others]
        above = group
    return result


def women_flags(*, unit_ids=(), person_ids=()) -> dict[tuple[str, int], bool]:
    """Who counts as women for ``choose_within_quota``, keyed ("unit", id) and ("person", id),
    every id asked for present: a person whose gender is "nu"; a unit with at least 70% women
    among its active people (a unit without active people: False). Two queries at most."""
    unit_ids, person_ids = list(unit_ids), list(person_ids)
    flags: dict[tuple[str, int], bool] = {("unit", uid): False for uid in unit_ids}
    flags |= {("person", pid): False for pid in person_ids}
    if person_ids:
        for pid, gender in Person.objects.filter(pk__in=person_ids).values_list("pk", "gender"):
            flags[("person", pid)] = gender == Gender.FEMALE
    if unit_ids:
        counts: dict[int, list[int]] = {}
        rows = (
            Person.objects.filter(unit_id__in=unit_ids, is_active=True)
            .values("unit_id", "gender")
            .annotate(n=Count("id"))
        )
        for row in rows:
            women, total = counts.setdefault(row["unit_id"], [0, 0])
            counts[row["unit_id"]] = [
                women + (row["n"] if row["gender"] == Gender.FEMALE else 0),
                total + row["n"],
            ]
        for uid, (women, total) in counts.items():
            flags[("unit", uid)] = bool(total) and Fraction(women, total) >= WOMEN_SHARE
    return flags


def women_priority_article(*, year: int) -> str:
    """The article of the women priority in the pack judging ``year`` ("" when it has none)."""
    return validate_params(pack_for_year(year).params).women_priority_article
