"""Loading facts for the eligibility engine and answering eligibility questions.

``load_facts`` reads everything the rules need for a set of subjects with one bulk query per
table; for large sets it reads the year window of each table whole and filters in memory rather
than sending huge ``IN`` lists. ``evaluate_many`` is the set-wise path for a province;
``eligibility_for`` answers for one subject with the same code and the same rules."""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet, ValidationError
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from thidua.awards import engine, leaders
from thidua.awards.choices import SCOPE_ORDER, AwardKind, FlagKind, Nature, SubjectKind
from thidua.awards.models import (
    Award,
    AwardRecord,
    Initiative,
    PerformanceRating,
    RulePack,
    ServicePeriod,
    SubjectFlag,
)
from thidua.awards.pack_params import validate as validate_params
from thidua.core.errors import field_error
from thidua.organisations.choices import BlocLevel
from thidua.organisations.models import BlocYear, BlocYearMember, Person, Unit

# Ids per IN list (well under SQLite's limit on bound parameters).
CHUNK = 5000
# Rules look back at most this many years (sustained rules: prerequisite + 5-year windows).
LOOKBACK = 15


def pack_for_date(day: dt.date) -> RulePack | None:
    return (
        RulePack.objects.filter(effective_from__lte=day)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=day))
        .order_by("-effective_from")
        .first()
    )


def pack_for_year(year: int) -> RulePack:
    """The pack in force on 31 December of ``year`` judges that year."""
    if not 1990 <= int(year) <= 2200:
        raise field_error("year", f"Năm {year} không hợp lệ.")
    pack = pack_for_date(dt.date(int(year), 12, 31))
    if pack is None:
        raise field_error("year", f"Chưa có bộ quy tắc nào có hiệu lực cho năm {year}.")
    return pack


def pack_spec(pack: RulePack) -> engine.PackSpec:
    params = validate_params(pack.params)
    rules = {}
    for entry in pack.entries.filter(enabled=True).select_related("award"):
        rules[entry.award.code] = engine.RuleSpec(
            award=entry.award.code,
            award_name=entry.award.name,
            subject=entry.award.subject,
            rule=entry.rule,
            article=entry.article,
            params=entry.params or {},
            kind=entry.award.kind,
            rank=entry.award.rank,
        )
    return engine.PackSpec(
        code=pack.code,
        name=pack.name,
        principles_article=params.principles_article,
        dissolved_article=params.dissolved_article,
        rules=rules,
        catalogue={
            code: (kind, rank, name)
            for code, kind, rank, name in Award.objects.values_list("code", "kind", "rank", "name")
        },
        once_article=params.once_article,
    )


def _chunks(ids, size: int = CHUNK):
    ids = sorted(ids)
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def _raw(qs):
    """Plain tuples straight from the cursor: the ORM's per-row work dominates at this scale."""
    try:
        sql, params = qs.query.sql_with_params()
    except EmptyResultSet:
        return
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(50000):
            yield from chunk


def load_facts(
    *,
    person_ids: Iterable[int] | None,
    unit_ids: Iterable[int] | None,
    year: int,
    with_members: bool = True,
    spec: engine.PackSpec | None = None,
    with_leaders: bool = True,
    on: dt.date | None = None,
) -> engine.Facts:
    """Facts for the given people and units (``None`` for both = everyone), the active members
    of their units when ``with_members`` (collective titles and the 2019 quota read them), and
    bloc leadership. One query per table, or per table and chunk of ids; never one per subject.
    Awards revoked by a decision dated on or before ``on`` are left out (see ``revocations_day``)."""

    facts = engine.Facts()
    everyone = person_ids is None and unit_ids is None
    persons = set(person_ids or ())
    units = set(unit_ids or ())

    def subject_rows(qs, *fields):
        """Rows of ``qs`` for the subjects concerned: the whole table for everyone, else the
        ids in chunks (indexed lookups instead of a scan of the province's history)."""
        if everyone:
            yield from _raw(qs.values_list(*fields))
            return
        for chunk in _chunks(persons):
            yield from _raw(qs.filter(person_id__in=chunk).values_list(*fields))
        for chunk in _chunks(units):
            yield from _raw(qs.filter(unit_id__in=chunk).values_list(*fields))

    # People: each candidate's unit, and the active members of the units concerned.
    active = Person.objects.filter(is_active=True)
    if everyone:
        rows = members = list(_raw(active.values_list("id", "unit_id")))
    else:
        rows = [
            r
            for chunk in _chunks(persons)
            for r in _raw(Person.objects.filter(id__in=chunk).values_list("id", "unit_id"))
        ]
        member_units = units | ({u for _, u in rows} if with_members else set())
        members = [
            r
            for chunk in _chunks(member_units)
            for r in _raw(active.filter(unit_id__in=chunk).values_list("id", "unit_id"))
        ]
    rows, members = _served_in_year(rows, members, year, everyone, units, with_members)
    for pid, uid in rows:
        facts.person_unit[pid] = uid
    for pid, uid in members:
        facts.person_unit[pid] = uid
        facts.members[uid].append(pid)
    persons |= set(facts.person_unit)
    unit_rows = Unit.objects.values_list("id", "dissolved_on", "name")
    if not everyone:
        unit_rows = [r for chunk in _chunks(units) for r in unit_rows.filter(id__in=chunk)]
    for uid, dissolved, name in unit_rows:
        facts.unit_names[uid] = name
        if dissolved:
            facts.dissolved[uid] = dissolved

    # Only the years the pack's rules look at; prerequisite awards from any earlier year.
    first = year - (spec.lookback() if spec else LOOKBACK)
    wanted = spec.prerequisites() if spec else set()
    prerequisites = [pk for pk, code in Award.objects.values_list("id", "code") if code in wanted]
    ratings = facts.ratings
    for pid, uid, y, r in subject_rows(
        PerformanceRating.objects.filter(year__gte=first, year__lte=year),
        "person_id",
        "unit_id",
        "year",
        "rating",
    ):
        ratings[("p", pid) if pid is not None else ("u", uid)][y] = r
    codes = dict(Award.objects.values_list("id", "code"))
    commendations = set(Award.objects.filter(kind=AwardKind.COMMENDATION).values_list("id", flat=True))
    titles, given = facts.titles, facts.given
    merit = AwardRecord.objects.filter(
        Q(year__gte=first) | Q(award_id__in=prerequisites), year__lte=year, nature=Nature.MERIT
    ).in_force(revocations_day(year, on))
    for pid, uid, aid, y, start, number, day in subject_rows(
        merit, "person_id", "unit_id", "award_id", "year", "period_start", "decision_number", "decision_date"
    ):
        key = ("p", pid) if pid is not None else ("u", uid)
        titles[key][codes[aid]].add(y)
        if aid in commendations and y >= first:
            given[key].append((codes[aid], start, y, f"quyết định số {number} ngày {_day(day)}"))
    initiatives = Initiative.objects.filter(year__gte=first, year__lte=year)
    for pid, uid, y, scope in subject_rows(initiatives, "person_id", "unit_id", "year", "scope"):
        facts.initiatives[("p", pid) if pid is not None else ("u", uid)].append((y, SCOPE_ORDER[scope]))
    flag_fields = ("person_id", "unit_id", "kind", "level", "started_on", "ended_on")
    if everyone:
        flags = SubjectFlag.objects.values_list(*flag_fields)
    else:
        flags = [
            r
            for field, ids in (("person_id", persons), ("unit_id", units))
            for chunk in _chunks(ids)
            for r in SubjectFlag.objects.filter(**{f"{field}__in": chunk}).values_list(*flag_fields)
        ]
    for pid, uid, kind, level, start, end in flags:
        facts.flags[("p", pid) if pid is not None else ("u", uid)].append((kind, level, start, end))
    for leader, acting, y, bloc in BlocYear.objects.filter(
        year__gte=first, year__lte=year, bloc__level=BlocLevel.PROVINCE
    ).values_list("leader_id", "acting_leader_id", "year", "bloc__name"):
        if leader or acting:
            facts.chair[(leader or acting, y)] = bloc
    if with_leaders and (spec is None or needs_leaders(spec)):
        # Only the judged year: no rule reads an earlier year's emulation leader.
        for (unit_id, y), lead in leaders.emulation_leaders(year=year).items():
            facts.led[(unit_id, y)] = lead.bloc
            facts.lead_basis[(unit_id, y)] = lead.basis
    for unit_id, y, bloc in BlocYearMember.objects.filter(
        year__gte=first, year__lte=year, bloc_year__bloc__level=BlocLevel.PROVINCE
    ).values_list("unit_id", "year", "bloc_year__bloc__name"):
        facts.member_of[(unit_id, y)] = bloc
    return facts


def revocations_day(year: int, as_of: dt.date | None) -> dt.date:
    """The day up to which revocations count (Law 06/2022 Art 93.2: a revoked award no longer
    counts from the date of the revocation decision). With an explicit ``as_of`` the state on that
    day; without, the later of the year's judging day and today, so that a proposal judged after
    a revocation never leans on the revoked award."""
    if as_of is not None:
        return as_of
    return max(engine.as_of_for(year), timezone.localdate())


def _served_in_year(rows, members, year, everyone, units, with_members):
    """Members of a unit in ``year`` are the people who served in it during that year: a person
    with service periods recorded belongs to the units of the periods overlapping the year (and
    to no unit in a year without one); a person with none belongs to their current unit."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    in_year = ServicePeriod.objects.filter(started_on__lte=last).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=first)
    )
    concerned = {pid for pid, _u in rows} | {pid for pid, _u in members}
    if everyone:
        periods = list(in_year.values_list("person_id", "unit_id"))
        with_history = set(ServicePeriod.objects.values_list("person_id", flat=True))
    else:
        member_units = units | {u for _p, u in rows}
        periods = (
            [
                r
                for chunk in _chunks(member_units)
                for r in in_year.filter(unit_id__in=chunk).values_list("person_id", "unit_id")
            ]
            if with_members
            else []
        )
        periods += [
            r
            for chunk in _chunks({pid for pid, _u in rows})
            for r in in_year.filter(person_id__in=chunk).values_list("person_id", "unit_id")
        ]
        with_history = {
            pid
            for chunk in _chunks(concerned | {p for p, _u in periods})
            for pid in ServicePeriod.objects.filter(person_id__in=chunk).values_list("person_id", flat=True)
        }
    if not with_history:
        return rows, members
    unit_in_year = dict(periods)
    rows = [(pid, unit_in_year.get(pid, uid) if pid in with_history else uid) for pid, uid in rows]
    kept = [(pid, uid) for pid, uid in members if pid not in with_history]
    if with_members or everyone:
        kept += sorted(set(periods))
    return rows, kept


def _day(day) -> str:
    return day.strftime("%d/%m/%Y") if day else "—"


def needs_leaders(spec: engine.PackSpec) -> bool:
    """Whether a rule reads who led a bloc (found from the bloc's ranking: a few queries per bloc)."""

    def reads(p: dict) -> bool:
        if p.get("predicate") == "led_bloc":
            return True
        return any(isinstance(c, dict) and reads(c) for k in ("all", "any") for c in p.get(k, ()) or ())

    return any(
        (r.rule == "bloc_leader_flag" and r.params.get("require_lead", True)) or reads(r.params)
        for r in spec.rules.values()
    )


def needs_members(spec: engine.PackSpec) -> bool:
    """Whether an individual's verdict depends on colleagues (the 2019 regime's 15% cap)."""
    return any(rule.params.get("cap_ratio") for rule in spec.rules.values())


def subject_key(subject) -> tuple:

    return ("u", subject.pk) if isinstance(subject, Unit) else ("p", subject.pk)


def awards_for(spec: engine.PackSpec, key: tuple, award: str | None = None) -> list[str]:
    kind = SubjectKind.COLLECTIVE if key[0] == "u" else SubjectKind.INDIVIDUAL
    if award is not None:
        if not Award.objects.filter(code=award).exists():
            raise field_error(
                "award", f"Không có danh hiệu, hình thức khen thưởng mã “{award}” trong danh mục."
            )
        if award not in spec.rules:
            raise field_error("award", f"Bộ quy tắc “{spec.name}” không xét “{award}”.")
        if spec.rules[award].subject != kind:
            raise field_error("award", "Danh hiệu, hình thức này không dành cho loại đối tượng đã chọn.")
        return [award]
    return [code for code, rule in spec.rules.items() if rule.subject == kind]


def eligibility_for(
    *,
    subject,
    year: int,
    award: str | None = None,
    as_of: dt.date | None = None,
    proposed_together: Iterable[int] = (),
    ground: engine.Ground | None = None,
) -> list[engine.Verdict]:
    """Verdicts for one unit or person: one award, or every award for its kind of subject.
    ``ground``: with one award, the ground of a commendation proposed on another than its
    checkable one (see ``engine.Ground``)."""
    return _verdicts(pack_for_year(year), subject, year, award, as_of, proposed_together, ground)


def _verdicts(pack, subject, year, award, as_of, proposed_together=(), ground=None) -> list[engine.Verdict]:
    spec = pack_spec(pack)
    key = subject_key(subject)
    codes = awards_for(spec, key, award)
    together = list(proposed_together or ())
    facts = load_facts(
        person_ids=[subject.pk, *together] if key[0] == "p" else together,
        unit_ids=[subject.pk] if key[0] == "u" else [],
        year=year,
        with_members=key[0] == "u" or needs_members(spec),
        spec=spec,
        on=as_of,
    )
    facts.proposed = together
    return [engine.evaluate(facts, spec, key, code, year, as_of, ground=ground) for code in codes]


@contextmanager
def gc_paused():
    """Millions of small containers make the cyclic collector rescan the facts again and again;
    nothing built here forms cycles, so pause it for the bulk path."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def evaluate_many(
    *,
    person_ids: Iterable[int] | None,
    unit_ids: Iterable[int] | None,
    year: int,
    awards: list[str] | None = None,
    as_of: dt.date | None = None,
    proposed_together: Iterable[int] = (),
) -> list[engine.Verdict]:
    """Set-wise: load once for all candidates, then evaluate in memory (no per-candidate query).
    ``None`` for both id lists means every active person and every unit of the province.
    ``proposed_together`` lists people proposed in one batch, in priority order: quotas such as
    the 2019 cap on grassroots fighters count them (Decree 91/2017 Art 9.3)."""
    with gc_paused():
        return _evaluate_many(person_ids, unit_ids, year, awards, as_of, list(proposed_together or ()))


def _evaluate_many(person_ids, unit_ids, year, awards, as_of, together=()):
    pack = pack_for_year(year)
    spec = pack_spec(pack)
    facts = load_facts(
        person_ids=person_ids,
        unit_ids=unit_ids,
        year=year,
        with_members=bool(unit_ids) or needs_members(spec),
        spec=spec,
        on=as_of,
    )
    facts.proposed = list(together)
    if person_ids is None and unit_ids is None:
        keys = [("p", pid) for pid in facts.person_unit] + [("u", uid) for uid in facts.unit_names]
    else:
        keys = [("p", pid) for pid in person_ids or ()] + [("u", uid) for uid in unit_ids or ()]
    day = as_of or engine.as_of_for(year)
    by_kind = {}
    for kind, subject in (("u", SubjectKind.COLLECTIVE), ("p", SubjectKind.INDIVIDUAL)):
        codes = [c for c, rule in spec.rules.items() if rule.subject == subject]
        by_kind[kind] = codes if awards is None else [c for c in awards if c in codes]
    verdicts = []
    for key in keys:
        view = engine.Subject(facts, key, day)
        verdicts.extend(engine.evaluate(facts, spec, key, code, year, day, view) for code in by_kind[key[0]])
    return verdicts


def eligibility_on_receipt(
    *,
    subject,
    year: int,
    award: str,
    received_on: dt.date,
    as_of: dt.date | None = None,
    proposed_together: Iterable[int] = (),
    ground: engine.Ground | None = None,
) -> engine.Verdict:
    """The verdict of one award where the law chooses the regime by the dossier's receipt date.

    A pack whose parameter ``transition`` is ``receipt_date`` says: dossiers received before
    its effective date follow the pack in force the day before, unless the new rules are more
    favourable (Law 06/2026/QH16's transition, as quoted in shared/DOMAIN.md). Then both
    verdicts are computed; the one used is returned with a ``transition`` criterion recording
    which pack was used and why, and the other verdict as ``alternative``."""
    new_pack = pack_for_year(year)
    params = validate_params(new_pack.params)
    (new,) = _verdicts(new_pack, subject, year, award, as_of, proposed_together, ground)
    if params.transition != "receipt_date":
        return new
    article = params.transition_article or new_pack.name
    day = f"{received_on:%d/%m/%Y}"
    start = f"{new_pack.effective_from:%d/%m/%Y}"
    old_pack = pack_for_date(new_pack.effective_from - dt.timedelta(days=1))
    if received_on >= new_pack.effective_from or old_pack is None:
        reason = f"Hồ sơ nhận ngày {day}, từ ngày {start}: xét theo “{new_pack.name}”."
        return _with_transition(new, None, reason, article)
    try:
        (old,) = _verdicts(old_pack, subject, year, award, as_of, proposed_together, ground)
    except ValidationError:
        reason = (
            f"Hồ sơ nhận ngày {day}, trước ngày {start}, nhưng “{old_pack.name}” không có quy định cho "
            f"khen thưởng này: xét theo “{new_pack.name}”."
        )
        return _with_transition(new, None, reason, article)
    if new.eligible and not old.eligible:
        reason = (
            f"Hồ sơ nhận ngày {day}, trước ngày {start}: theo “{old_pack.name}” chưa đủ tiêu chuẩn, "
            f"theo “{new_pack.name}” đủ tiêu chuẩn — áp dụng quy định mới vì có lợi hơn."
        )
        return _with_transition(new, old, reason, article)
    outcome = "đủ" if old.eligible else "chưa đủ"
    reason = (
        f"Hồ sơ nhận ngày {day}, trước ngày {start}: xét theo “{old_pack.name}” ({outcome} tiêu chuẩn); "
        f"quy định mới không có lợi hơn."
    )
    return _with_transition(old, new, reason, article)


def _with_transition(used: engine.Verdict, other, reason: str, article: str) -> engine.Verdict:
    used.criteria.append(
        engine.Criterion("transition", "Bộ quy tắc áp dụng theo quy định chuyển tiếp", True, reason, article)
    )
    used.alternative = other
    return used


@dataclass(frozen=True)
class OpenCase:
    """A discipline, investigation, inspection or complaint open on a given day."""

    kind: str
    text: str  # Vietnamese: what, since when, the note
    article: str


def open_cases(*, subject, day: dt.date) -> list[OpenCase]:
    """The cases open on ``day`` for one unit or person. No proposal, no Council approval and no
    award while one is open (Decree 152/2025 Art 4.4; the principles article of the pack in force
    that day): each step checks its own day, not only the end of the achievement year."""
    key = subject_key(subject)
    flags = SubjectFlag.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=day),
        started_on__lte=day,
        **({"unit_id": key[1]} if key[0] == "u" else {"person_id": key[1]}),
    ).order_by("started_on", "pk")
    if not flags:
        return []
    pack = pack_for_date(day) or pack_for_year(day.year)
    article = validate_params(pack.params).principles_article
    cases = []
    for f in flags:
        text = f"{engine.FLAG_LABEL[f.kind]} từ {f.started_on:%d/%m/%Y}" + (
            f" đến {f.ended_on:%d/%m/%Y}" if f.ended_on else " (chưa kết thúc)"
        )
        if f.kind == FlagKind.DISCIPLINE and f.level:
            text += f", hình thức {f.get_level_display().lower()}"
        if f.note:
            text += f": {f.note}"
        cases.append(OpenCase(f.kind, text, article))
    return cases
