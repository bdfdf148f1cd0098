"""Computes the statutory forms from the records. Interface in ``thidua.statistics.tables``.

How records are counted (issue 20; rows and columns in ``thidua.statistics.forms``):

- **The statistical year** ``N`` runs 01/12 of N-1 to 30/11 of N (``statistical_period``).
- **Awards** (0602.N, 0603.N) count in the year of their decision date. An award revoked by a
  decision dated on or before 30/11 of the year is not counted (``AwardRecord.objects.in_force``).
  Which form and column an award falls in comes from the catalogue (``award_column``): the
  President's and the Prime Minister's awards are 0602.N, the minister's and the provincial
  chairman's 0603.N; grassroots awards are in neither. 0602.N's "proposing body" is the unit's
  line of management (``thidua.awards.authority.is_vertical``): a unit of a vertical branch is
  proposed by its ministry or central body, every other unit by the province.
- **Movements** (0601.N) count in every statistical year they run in: from ``starts_on`` to
  ``ends_on``. A movement without both dates counts in its bloc year only, and its duration is
  unknown (a warning). Mode: ``regular`` is "thi đua thường xuyên hàng năm"; ``thematic`` and
  ``phase`` (theo đợt) are "thi đua theo chuyên đề" (Law 06/2022 Art 6 treats them as one form).
- **The organisation** (0604.N) and **staff** (0605.N): what is in place on 30/11 of the year.
- **Reporting body**: the province counts every record; one unit counts its own (collective
  awards of the unit, individual awards of its people, its movements, its council and staff).
- A record that cannot be classified in every split of the form (an individual without an
  object category, a method the form has no row for, a movement without dates) is **not
  counted** and is listed in ``warnings``: the form's totals stay consistent and nothing is
  dropped silently.

Each form is a handful of grouped aggregate queries (``values(...).annotate(Count(...))``); each
group is classified once and adds its count to every cell it belongs to, totals included.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Q, Sum
from django.urls import reverse

from thidua.awards.authority import is_vertical
from thidua.awards.choices import Authority
from thidua.awards.models import Award, AwardRecord
from thidua.cycles.choices import MovementKind
from thidua.cycles.models import Movement
from thidua.organisations.choices import UnitKind
from thidua.organisations.models import BlocYear, BlocYearMember, Unit
from thidua.statistics.forms import FORMS, FormSpec
from thidua.statistics.models import EmulationCouncil, EmulationStaff
from thidua.statistics.tables import FORM_CODES, FormResult, ReportingBody, Warning, statistical_period

CELL_RECORDS_LIMIT = 500
MIN_YEAR, MAX_YEAR = 1990, 2200


class StatisticsError(ValueError):
    """Bad input to the engine; the message is Vietnamese and meant for the user."""


# ------------------------------------------------------------------ award classification
# Catalogue codes placed explicitly; other awards are placed by authority and name.
CODE_COLUMNS: dict[str, tuple[str, str] | None] = {
    "hcld3_tt": ("0602.N", "orders_col"),
    "hcld3_cn": ("0602.N", "orders_ind"),
    "co_cp": ("0602.N", "flag_gov"),
    "bk_ttg_tt": ("0602.N", "bk_ttg_col"),
    "bk_ttg_cn": ("0602.N", "bk_ttg_ind"),
    "cstd_tq": ("0602.N", "cstd_tq"),
    "bk_tinh_tt": ("0603.N", "bk"),
    "bk_tinh_cn": ("0603.N", "bk"),
    "bk_bo_tt": ("0603.N", "bk"),
    "bk_bo_cn": ("0603.N", "bk"),
    "cstd_tinh": ("0603.N", "cstd"),
    "cstd_bo": ("0603.N", "cstd"),
    "co_tinh": ("0603.N", "flag"),
    "co_bo": ("0603.N", "flag"),
    # A provincial emulation title that form 0603.N has no column for.
    "ttldxs": None,
}
STATE_AUTHORITIES = {Authority.PRESIDENT, Authority.PRIME_MINISTER}
PROVINCE_AUTHORITIES = {Authority.PROVINCIAL_CHAIRMAN, Authority.MINISTER}
HONOUR_PREFIXES = ("anh hùng", "bà mẹ việt nam anh hùng", "nhà giáo", "thầy thuốc", "nghệ sĩ", "nghệ nhân")
UNPLACED = "?"  # an award of a form's level that no column takes: its records are warnings


def award_column(award) -> tuple[str, str] | None:
    """(form code, column key) of a catalogue entry, ``(form, UNPLACED)`` when it belongs to a
    form but no column takes it, or None when it is in none of the forms (grassroots awards)."""
    if award.code in CODE_COLUMNS:
        return CODE_COLUMNS[award.code]
    name = award.name.casefold().strip()
    collective = award.subject == "collective"
    if award.authority in STATE_AUTHORITIES:
        if name.startswith("huân chương"):
            return "0602.N", "orders_col" if collective else "orders_ind"
        if name.startswith("huy chương"):
            return "0602.N", "medals_col" if collective else "medals_ind"
        if name.startswith("giải thưởng hồ chí minh"):
            return "0602.N", "hcm_prize"
        if name.startswith("giải thưởng nhà nước"):
            return "0602.N", "state_prize"
        if name.startswith(HONOUR_PREFIXES):
            return "0602.N", "honour_col" if collective else "honour_ind"
        if name.startswith("cờ thi đua"):
            return "0602.N", "flag_gov"
        if name.startswith("bằng khen"):
            return "0602.N", "bk_ttg_col" if collective else "bk_ttg_ind"
        if name.startswith("chiến sĩ thi đua toàn quốc"):
            return "0602.N", "cstd_tq"
        return "0602.N", "other_col" if collective else "other_ind"
    if award.authority in PROVINCE_AUTHORITIES:
        if name.startswith("bằng khen"):
            return "0603.N", "bk"
        if name.startswith("chiến sĩ thi đua"):
            return "0603.N", "cstd"
        if name.startswith("cờ thi đua"):
            return "0603.N", "flag"
        if name.startswith(("huy hiệu", "kỷ niệm chương")):
            return "0603.N", "badge"
        return "0603.N", UNPLACED
    return None


def _awards_of(code: str) -> dict[int, str]:
    """award id → column key (or UNPLACED) for the awards form ``code`` counts."""
    out = {}
    for award in Award.objects.only("id", "code", "name", "subject", "authority"):
        placed = award_column(award)
        if placed and placed[0] == code:
            out[award.pk] = placed[1]
    return out


# ------------------------------------------------------------------ the computation
@dataclass
class _Group:
    """Records of one model that fall in the same cells: ``q`` selects them within the form's
    base queryset of ``model``; ``values`` is what they add to each column of each row."""

    model: str
    q: Q
    rows: tuple[str, ...]
    values: dict[str, int]
    key: tuple = ()  # the group's values of ``_Computation.key_fields[model]``


@dataclass
class _Computation:
    spec: FormSpec
    year: int
    start: dt.date
    end: dt.date
    body: ReportingBody
    unit: Unit | None
    bases: dict = field(default_factory=dict)  # model label → base queryset
    groups: list[_Group] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)
    problems: list[tuple[str, Q, str]] = field(default_factory=list)  # model, q, reason
    key_fields: dict = field(default_factory=dict)  # model label → fields a group is keyed by

    def add(self, model: str, q: Q, rows: tuple[str, ...], columns: tuple[str, ...], n: int, key=()) -> None:
        self.groups.append(_Group(model, q, rows, {c: n for c in columns}, tuple(key)))


def _check_year(year) -> int:
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise StatisticsError("Năm thống kê không hợp lệ.") from None
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise StatisticsError(f"Năm thống kê phải trong khoảng {MIN_YEAR}–{MAX_YEAR}.")
    return year


def _unit_of(body: ReportingBody) -> Unit | None:
    if not body.unit_code:
        return None
    unit = Unit.objects.filter(code=body.unit_code).first()
    if unit is None:
        raise StatisticsError(f"Không tìm thấy đơn vị báo cáo có mã “{body.unit_code}”.")
    return unit


def _compute(code: str, year, body: ReportingBody) -> _Computation:
    spec = FORMS.get(code)
    if spec is None:
        raise StatisticsError(f"Không có biểu thống kê “{code}”.")
    year = _check_year(year)
    start, end = statistical_period(year)
    comp = _Computation(spec=spec, year=year, start=start, end=end, body=body, unit=_unit_of(body))
    COMPUTE[code](comp)
    _collect_warnings(comp)
    return comp


def _result(comp: _Computation) -> FormResult:
    cells: dict[tuple[str, str], int] = {}
    for g in comp.groups:
        for r in g.rows:
            for c, v in g.values.items():
                if v:
                    cells[(r, c)] = cells.get((r, c), 0) + v
    spec = comp.spec
    return FormResult(
        code=spec.code,
        title=spec.title,
        year=comp.year,
        period_start=comp.start,
        period_end=comp.end,
        body=comp.body,
        rows=list(spec.rows),
        columns=list(spec.columns),
        cells=cells,
        warnings=comp.warnings,
        legal_basis=spec.legal_basis,
    )


# ------------------------------------------------------------------ 0602.N / 0603.N
def _award_base(comp: _Computation, award_ids) -> object:
    qs = AwardRecord.objects.all()
    if hasattr(qs, "in_force"):
        qs = qs.in_force(on=comp.end)
    qs = qs.filter(decision_date__gte=comp.start, decision_date__lte=comp.end, award_id__in=award_ids)
    if comp.unit is not None:
        qs = qs.filter(Q(unit_id=comp.unit.pk) | Q(person__unit_id=comp.unit.pk))
    return qs


AWARD_KEY = (
    "award_id",
    "nature",
    "unit__kind",
    "unit__parent_body",
    "person__category",
    "person__unit__parent_body",
)
MOVEMENT_KEY = ("launch_level", "scope", "kind", "starts_on", "ends_on")
STAFF_KEY = ("position", "training", "mode", "is_female", "trained_in_emulation")


def _awards(comp: _Computation) -> None:
    spec = comp.spec
    columns = _awards_of(spec.code)
    base = _award_base(comp, list(columns))
    comp.bases["awards.awardrecord"] = base
    comp.key_fields["awards.awardrecord"] = AWARD_KEY
    method_rows = {r.key for r in spec.rows if r.key.startswith("method_")}
    with_proposer = spec.code == "0602.N"

    def place(award_id, nature, parent_body, q, object_rows, problem, n, key):
        column = columns[award_id]
        if column == UNPLACED:
            problem = "Hình thức khen thưởng chưa có cột tương ứng trong biểu"
        method = f"method_{nature}"
        if not problem and method not in method_rows:
            problem = "Phương thức khen thưởng không có trong biểu"
        if problem:
            comp.problems.append(("awards.awardrecord", q, problem))
            return
        rows = ["total", *object_rows, method]
        if with_proposer:
            vertical = is_vertical(Unit(parent_body=parent_body or ""))
            rows.append("proposer_ministry" if vertical else "proposer_province")
        comp.add("awards.awardrecord", q, tuple(rows), ("total", column), n, key)

    collective = (
        base.filter(unit__isnull=False)
        .values("award_id", "nature", "unit__kind", "unit__parent_body")
        .annotate(n=Count("id"))
        .order_by()
    )
    for g in collective:
        q = Q(
            unit__isnull=False,
            award_id=g["award_id"],
            nature=g["nature"],
            unit__kind=g["unit__kind"],
            unit__parent_body=g["unit__parent_body"],
        )
        if g["unit__kind"] == UnitKind.HOUSEHOLD:
            object_rows = ("household",)
        elif g["unit__kind"] == UnitKind.ENTERPRISE:
            object_rows = ("collective", "enterprise")
        else:
            object_rows = ("collective",)
        key = (g["award_id"], g["nature"], g["unit__kind"], g["unit__parent_body"], None, None)
        place(g["award_id"], g["nature"], g["unit__parent_body"], q, object_rows, "", g["n"], key)

    individual = (
        base.filter(person__isnull=False)
        .values("award_id", "nature", "person__category", "person__unit__parent_body")
        .annotate(n=Count("id"))
        .order_by()
    )
    for g in individual:
        q = Q(
            person__isnull=False,
            award_id=g["award_id"],
            nature=g["nature"],
            person__category=g["person__category"],
            person__unit__parent_body=g["person__unit__parent_body"],
        )
        category = g["person__category"]
        problem = "" if category else "Cá nhân chưa được xếp đối tượng thống kê (lãnh đạo, doanh nhân, …)"
        object_rows = ("individual", f"cat_{category}")
        parent = g["person__unit__parent_body"]
        key = (g["award_id"], g["nature"], None, None, category, parent)
        place(g["award_id"], g["nature"], parent, q, object_rows, problem, g["n"], key)


# ------------------------------------------------------------------ 0601.N
def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29/02
        return day.replace(year=day.year + years, day=28)


def duration_band(starts_on: dt.date, ends_on: dt.date) -> str:
    """The 0601.N duration row: under a year, exactly a year (e.g. 01/01–31/12), more than one
    and under three years, three to under five, five or more."""
    one_day = dt.timedelta(days=1)
    one_year = _add_years(starts_on, 1) - one_day
    if ends_on < one_year:
        return "dur_lt1"
    if ends_on == one_year:
        return "dur_1"
    if ends_on < _add_years(starts_on, 3) - one_day:
        return "dur_1_3"
    if ends_on < _add_years(starts_on, 5) - one_day:
        return "dur_3_5"
    return "dur_ge5"


def _movement_base(comp: _Computation):
    dated = Q(
        starts_on__isnull=False, ends_on__isnull=False, starts_on__lte=comp.end, ends_on__gte=comp.start
    )
    undated = (Q(starts_on__isnull=True) | Q(ends_on__isnull=True)) & Q(bloc_year__year=comp.year)
    qs = Movement.objects.filter(dated | undated)
    if comp.unit is not None:
        qs = qs.filter(unit_id=comp.unit.pk)
    return qs


def _movements(comp: _Computation) -> None:
    base = _movement_base(comp)
    comp.bases["cycles.movement"] = base
    comp.key_fields["cycles.movement"] = MOVEMENT_KEY
    groups = base.values(*MOVEMENT_KEY).annotate(n=Count("id")).order_by()
    for g in groups:
        q = Q(
            launch_level=g["launch_level"],
            scope=g["scope"],
            kind=g["kind"],
            starts_on=g["starts_on"],
            ends_on=g["ends_on"],
        )
        if g["starts_on"] is None or g["ends_on"] is None:
            if g["starts_on"] is None:
                q &= Q(starts_on__isnull=True)
            if g["ends_on"] is None:
                q &= Q(ends_on__isnull=True)
            comp.problems.append(
                (
                    "cycles.movement",
                    q,
                    "Phong trào chưa có đủ ngày bắt đầu và ngày kết thúc (không tính được thời hạn)",
                )
            )
            continue
        mode = "mode_regular" if g["kind"] == MovementKind.REGULAR else "mode_thematic"
        rows = ("total", f"scope_{g['scope']}", duration_band(g["starts_on"], g["ends_on"]), mode)
        key = tuple(g[f] for f in MOVEMENT_KEY)
        comp.add("cycles.movement", q, rows, ("total", g["launch_level"]), g["n"], key)


# ------------------------------------------------------------------ 0604.N / 0605.N
def _councils(comp: _Computation) -> None:
    base = EmulationCouncil.objects.filter(established_on__lte=comp.end).filter(
        Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=comp.end)
    )
    if comp.unit is not None:
        base = base.filter(unit_id=comp.unit.pk)
    comp.bases["statistics.emulationcouncil"] = base
    comp.key_fields["statistics.emulationcouncil"] = ("level",)
    for g in (
        base.values("level").annotate(n=Count("id"), m=Sum("members"), w=Sum("women_members")).order_by()
    ):
        comp.groups.append(
            _Group(
                "statistics.emulationcouncil",
                Q(level=g["level"]),
                ("total", f"council_{g['level']}"),
                {"bodies": g["n"], "members": g["m"] or 0, "women": g["w"] or 0},
                (g["level"],),
            )
        )
    blocs = BlocYear.objects.filter(year=comp.year)
    if comp.unit is not None:
        blocs = blocs.none()  # the province's blocs are the province's report
    comp.bases["organisations.blocyear"] = blocs
    comp.key_fields["organisations.blocyear"] = ()
    n = blocs.count()
    if n:
        members = BlocYearMember.objects.filter(bloc_year__in=blocs).count()
        comp.groups.append(
            _Group("organisations.blocyear", Q(), ("total", "blocs"), {"bodies": n, "members": members})
        )


def _staff(comp: _Computation) -> None:
    base = EmulationStaff.objects.filter(started_on__lte=comp.end).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=comp.end)
    )
    if comp.unit is not None:
        base = base.filter(unit_id=comp.unit.pk)
    comp.bases["statistics.emulationstaff"] = base
    comp.key_fields["statistics.emulationstaff"] = fields = STAFF_KEY
    for g in base.values(*fields).annotate(n=Count("id")).order_by():
        columns = ["total", f"tr_{g['training']}", g["mode"]]
        if g["is_female"]:
            columns.append("women")
        if g["trained_in_emulation"]:
            columns.append("trained")
        q = Q(**{f: g[f] for f in fields})
        rows = ("total", f"pos_{g['position']}")
        comp.add("statistics.emulationstaff", q, rows, tuple(columns), g["n"], tuple(g[f] for f in fields))


COMPUTE = {
    "0601.N": _movements,
    "0602.N": _awards,
    "0603.N": _awards,
    "0604.N": _councils,
    "0605.N": _staff,
}


# ------------------------------------------------------------------ records behind cells and warnings
def _describe(model: str, qs, limit: int) -> list[dict]:
    out = []
    if model == "awards.awardrecord":
        for r in qs.select_related("award", "unit", "person").order_by("decision_date", "id")[:limit]:
            subject = r.unit or r.person
            out.append(
                {
                    "model": model,
                    "id": r.pk,
                    "label": f"{r.award.name} – {subject} (QĐ số {r.decision_number})",
                    "date": r.decision_date,
                    "url": subject.get_absolute_url(),
                }
            )
    elif model == "cycles.movement":
        for m in qs.select_related("unit", "bloc_year__bloc").order_by("starts_on", "id")[:limit]:
            out.append(
                {
                    "model": model,
                    "id": m.pk,
                    "label": f"{m.title} – {m.unit}",
                    "date": m.starts_on,
                    "url": reverse("cycles:movements", args=[m.bloc_year.bloc.code, m.bloc_year.year]),
                }
            )
    elif model == "statistics.emulationcouncil":
        for c in qs.order_by("name", "id")[:limit]:
            out.append({"model": model, "id": c.pk, "label": c.name, "date": c.established_on, "url": ""})
    elif model == "statistics.emulationstaff":
        for s in qs.order_by("full_name", "id")[:limit]:
            label = f"{s.full_name} – {s.get_position_display()}"
            out.append({"model": model, "id": s.pk, "label": label, "date": s.started_on, "url": ""})
    elif model == "organisations.blocyear":
        for b in qs.select_related("bloc").order_by("bloc__name_sort")[:limit]:
            out.append(
                {"model": model, "id": b.pk, "label": str(b), "date": None, "url": b.get_absolute_url()}
            )
    return out


def _collect_warnings(comp: _Computation) -> None:
    """Every record of a problem group, one query per model and reason."""
    by_reason: dict[tuple[str, str], Q] = {}
    for model, q, reason in comp.problems:
        key = (model, reason)
        by_reason[key] = by_reason[key] | q if key in by_reason else q
    for (model, reason), q in by_reason.items():
        for rec in _describe(model, comp.bases[model].filter(q), limit=10**9):
            comp.warnings.append(Warning(model=model, record_id=rec["id"], label=rec["label"], reason=reason))
    comp.warnings.sort(key=lambda w: (w.model, w.record_id))


# ------------------------------------------------------------------ public interface
def build(code: str, *, year: int, body: ReportingBody) -> FormResult:
    """Compute form ``code`` (one of ``FORM_CODES``) for statistical ``year`` and ``body``."""
    return _result(_compute(code, year, body))


def build_all(*, year: int, body: ReportingBody) -> list[FormResult]:
    return [build(code, year=year, body=body) for code in FORM_CODES]


def cell_records(
    code: str, *, year: int, body: ReportingBody, row: str, column: str, limit: int = CELL_RECORDS_LIMIT
) -> list[dict]:
    """The records one cell counts (at most ``limit``), each {"model", "id", "label", "date",
    "url"}. For the sum columns of 0604.N (members) the councils that contribute are listed."""
    comp = _compute(code, year, body)
    spec = comp.spec
    if not any(r.key == row for r in spec.rows) or not any(c.key == column for c in spec.columns):
        raise StatisticsError("Ô thống kê không tồn tại trong biểu.")
    matching: dict[str, set[tuple]] = {}
    for g in comp.groups:
        if row in g.rows and g.values.get(column):
            matching.setdefault(g.model, set()).add(g.key)
    out: list[dict] = []
    for model, keys in matching.items():
        if len(out) >= limit:
            break
        out.extend(
            _describe(model, _records_with_keys(comp, model, keys, limit - len(out)), limit - len(out))
        )
    return out


def _records_with_keys(comp: _Computation, model: str, keys: set[tuple], limit: int):
    """The first ``limit`` records of the base whose group key is one of ``keys``: one pass over
    the base's ids and key fields (in the order the records are listed), not one OR per group."""
    base = comp.bases[model]
    fields = comp.key_fields[model]
    if not fields:
        return base
    ids = []
    rows = base.order_by(*ORDER[model]).values_list("id", *fields).iterator(chunk_size=5000)
    for pk, *key in rows:
        if tuple(key) in keys:
            ids.append(pk)
            if len(ids) >= limit:
                break
    return base.model.objects.filter(pk__in=ids)


ORDER = {
    "awards.awardrecord": ("decision_date", "id"),
    "cycles.movement": ("starts_on", "id"),
    "statistics.emulationcouncil": ("name", "id"),
    "statistics.emulationstaff": ("full_name", "id"),
    "organisations.blocyear": ("bloc__name_sort",),
}


def province_body() -> ReportingBody:
    return ReportingBody(name=f"Sở Nội vụ {settings.THIDUA_PROVINCE_NAME}")


def reporting_bodies() -> list[ReportingBody]:
    """The province first, then each unit in operation (its own report, sent to the province)."""
    province = province_body()
    units = Unit.objects.filter(dissolved_on__isnull=True).exclude(kind=UnitKind.HOUSEHOLD)
    return [province] + [
        ReportingBody(name=u.name, unit_code=u.code, receiver=province.name)
        for u in units.order_by("name_sort")
    ]
