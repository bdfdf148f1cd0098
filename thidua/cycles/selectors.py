"""Reads for the bloc year: stage, rubric, agreement, movements."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone

from thidua.cycles import rubric_rules
from thidua.cycles.choices import STAGE_ORDER, Stage
from thidua.cycles.models import (
    Agreement,
    AgreementSignature,
    KeyContent,
    Movement,
    Regulations,
    Rubric,
    RubricItem,
    StageTransition,
    YearCycle,
)
from thidua.organisations.bloc_settings import get_settings
from thidua.organisations.models import BlocYear
from thidua.organisations.names import order_by_name_in, prefetch_names


def stage_of(bloc_year) -> str:
    """The bloc year's current stage (a ``Stage`` value); ``"draft"`` when no cycle row exists."""
    stage = YearCycle.objects.filter(bloc_year=bloc_year).values_list("stage", flat=True).first()
    return stage or Stage.DRAFT.value


def current_rubric(bloc_year) -> Rubric | None:
    """The newest frozen rubric version of the year (the one scored against), or ``None``."""
    return Rubric.objects.filter(bloc_year=bloc_year, frozen_at__isnull=False).order_by("-version").first()


def working_rubric(bloc_year) -> Rubric | None:
    """The newest rubric version, frozen or not (the one the editor shows)."""
    return Rubric.objects.filter(bloc_year=bloc_year).order_by("-version").first()


def rubric_items(rubric: Rubric) -> list[RubricItem]:
    """All items of a rubric in tree order (parents before their children, by position)."""
    items = list(
        RubricItem.objects.filter(rubric=rubric)
        .prefetch_related(Prefetch("key_contents"))
        .order_by("position", "id")
    )
    children: dict[int | None, list[RubricItem]] = {}
    for item in items:
        children.setdefault(item.parent_id, []).append(item)
    ordered: list[RubricItem] = []

    def walk(parent_id, depth):
        for item in children.get(parent_id, []):
            item.depth = depth
            item.has_children = bool(children.get(item.pk))
            ordered.append(item)
            walk(item.pk, depth + 1)

    walk(None, 0)
    return ordered


def rubric_leaves(rubric: Rubric) -> list[RubricItem]:
    """Scorable items: criteria without children, and sub-criteria (bonus/deduction excluded)."""
    return [
        item
        for item in rubric_items(rubric)
        if not item.is_adjustment and item.kind != "group" and not item.has_children
    ]


def agreement_of(bloc_year):

    return Agreement.objects.filter(bloc_year=bloc_year).first()


def regulations_of(bloc_year):

    return Regulations.objects.filter(bloc_year=bloc_year).first()


def rubric_as_rows(rubric: Rubric) -> list[dict]:
    return [
        {
            "code": i.code,
            "parent": i.parent.code if i.parent_id else "",
            "kind": i.kind,
            "title": i.title,
            "max_points": i.max_points,
        }
        for i in RubricItem.objects.filter(rubric=rubric).select_related("parent")
    ]


def rubric_problems(rubric: Rubric) -> list[str]:

    return rubric_rules.problems(rubric_as_rows(rubric), rubric.total)


def rubric_summary(rubric: Rubric) -> dict:
    """Totals shown above the editor: leaf maxima, bonus caps, deduction caps."""

    rows = rubric_as_rows(rubric)
    bonus = sum((r["max_points"] for r in rows if r["kind"] == "bonus"), Decimal(0))
    deduction = sum((r["max_points"] for r in rows if r["kind"] == "deduction"), Decimal(0))
    return {
        "leaf_total": rubric_rules.leaf_total(rows),
        "bonus_cap": bonus,
        "deduction_cap": deduction,
        "leaves": len(rubric_rules.leaves(rows)),
    }


def contents_without_criterion(bloc_year, rubric: Rubric | None):
    """Key contents that no criterion of ``rubric`` is mapped to (shown as a warning)."""

    qs = KeyContent.objects.filter(bloc_year=bloc_year)
    if rubric is None:
        return list(qs)
    mapped = RubricItem.objects.filter(rubric=rubric).values_list("key_contents", flat=True)
    return list(qs.exclude(pk__in=[m for m in mapped if m]))


def amendments(bloc_year) -> list[Rubric]:
    """Published amendments (versions after the first), newest first, for every member to see."""
    return list(
        Rubric.objects.filter(bloc_year=bloc_year, version__gt=1, frozen_at__isnull=False)
        .select_related("created_by")
        .order_by("-version")
    )


def transitions(bloc_year):

    return list(StageTransition.objects.filter(bloc_year=bloc_year).order_by("created_at", "id"))


def timeline(bloc_year, *, today=None) -> list[dict]:
    """One entry per stage: reached or not, when, by whom, its deadline and the days left."""

    today = today or timezone.localdate()
    current = stage_of(bloc_year)
    current_index = STAGE_ORDER.index(current)
    deadlines = get_settings(bloc_year).deadlines
    entered: dict[str, object] = {}
    for row in transitions(bloc_year):
        entered[row.to_stage] = row
    entries = []
    for index, value in enumerate(STAGE_ORDER):
        deadline = dt.date.fromisoformat(deadlines[value]) if deadlines.get(value) else None
        entries.append(
            {
                "stage": value,
                "label": str(Stage(value).label),
                "done": index < current_index,
                "current": index == current_index,
                "transition": entered.get(value),
                "deadline": deadline,
                "days_left": (deadline - today).days if deadline else None,
                "overdue": (today - deadline).days if deadline else None,
            }
        )
    return entries


def next_deadline(bloc_year, *, today=None) -> dict | None:
    """The deadline of the stage now running (to finish it), if one is set."""
    entries = timeline(bloc_year, today=today)
    current = next((i for i, e in enumerate(entries) if e["current"]), None)
    if current is None or current + 1 >= len(entries):
        return None
    upcoming = entries[current + 1]
    return upcoming if upcoming["deadline"] else None


def movements_of(bloc_year):

    named = order_by_name_in(
        Movement.objects.filter(bloc_year=bloc_year)
        .select_related("unit")
        .prefetch_related("programmes", prefetch_names()),
        bloc_year.year,
    )
    return named.order_by("name_sort_in_year", "starts_on", "id")


def signatures_of(bloc_year) -> list[dict]:
    """Each member with its head and signature state, in member order."""

    sigs = {s.unit_id: s for s in AgreementSignature.objects.filter(bloc_year=bloc_year)}
    rows = []
    members = bloc_year.members.select_related("unit").prefetch_related(prefetch_names())
    for member in order_by_name_in(members, bloc_year.year):
        rows.append({"member": member, "unit": member.unit, "signature": sigs.get(member.unit_id)})
    return rows


def rubrics_to_copy(user, bloc_year) -> list[Rubric]:
    """Rubrics of other years or blocs that the user can see, newest first."""

    visible = BlocYear.objects.visible_to(user)
    return list(
        Rubric.objects.filter(bloc_year__in=visible)
        .exclude(bloc_year=bloc_year)
        .select_related("bloc_year__bloc")
        .order_by("-bloc_year__year", "bloc_year__bloc__name_sort", "-version")[:50]
    )
