"""Synthetic blocs for the performance test and ``bench/ranking.py``: units, a frozen rubric of
groups and criteria, submitted sheets, panel reviews by several units, finalised the way
``assessment_finalise`` does it (reviewers' scores combined by the bloc's aggregation). Built
with bulk inserts so that a 40-bloc province loads in seconds."""

from __future__ import annotations

import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from thidua.cycles.models import Rubric, RubricItem, YearCycle
from thidua.organisations.models import Bloc, BlocYear, BlocYearMember, Unit
from thidua.scoring import engine
from thidua.scoring.choices import AssessmentStatus
from thidua.scoring.models import Assessment, ReviewAssignment, ReviewScore, Score


@transaction.atomic
def build_bloc(
    prefix: str,
    *,
    units: int = 15,
    criteria: int = 80,
    reviewers: int = 3,
    year: int = 2024,
    seed: int = 1,
) -> BlocYear:
    rng = random.Random(seed)
    now = timezone.now()
    unit_rows = Unit.objects.bulk_create(
        [
            Unit(code=f"{prefix}U{i:02d}", name=f"Đơn vị {prefix} {i:02d}", short_name=f"{prefix}{i:02d}")
            for i in range(units)
        ]
    )
    for unit in unit_rows:  # bulk_create skips save(): fill the derived columns
        unit.name_sort = unit.search_text = unit.name.lower()
    Unit.objects.bulk_update(unit_rows, ["name_sort", "search_text"])
    bloc = Bloc.objects.create(code=f"{prefix}B", name=f"Khối {prefix}")
    by = BlocYear.objects.create(
        bloc=bloc, year=year, leader=unit_rows[0], settings={"reviewer_mode": "panel"}
    )
    BlocYearMember.objects.bulk_create(
        [BlocYearMember(bloc_year=by, unit=u, year=year, organiser=f"bench {prefix}") for u in unit_rows]
    )
    YearCycle.objects.create(bloc_year=by, stage="review")
    rubric = Rubric.objects.create(bloc_year=by, total=Decimal(criteria * 10), frozen_at=now)
    groups = max(1, criteria // 10)
    group_rows = RubricItem.objects.bulk_create(
        [
            RubricItem(rubric=rubric, kind="group", code=f"G{g}", title=f"Nhóm {g}", max_points=0, position=g)
            for g in range(groups)
        ]
    )
    leaves = RubricItem.objects.bulk_create(
        [
            RubricItem(
                rubric=rubric,
                parent=group_rows[c % groups],
                kind="criterion",
                code=f"C{c}",
                title=f"Tiêu chí {c}",
                max_points=10,
                position=100 + c,
            )
            for c in range(criteria)
        ]
    )
    assessments = Assessment.objects.bulk_create(
        [
            Assessment(
                bloc_year=by,
                unit=u,
                rubric=rubric,
                status=AssessmentStatus.FINALISED,
                submitted_at=now,
                finalised_at=now,
            )
            for u in unit_rows
        ]
    )
    panel = unit_rows[1 : reviewers + 1]
    assignments = ReviewAssignment.objects.bulk_create(
        [
            ReviewAssignment(assessment=a, reviewer=r, completed_at=now)
            for a in assessments
            for r in (panel if a.unit_id not in {p.pk for p in panel} else unit_rows[-reviewers:])
        ]
    )
    by_assessment: dict[int, list[ReviewAssignment]] = {}
    for assignment in assignments:
        by_assessment.setdefault(assignment.assessment_id, []).append(assignment)
    scores, reviews = [], []
    for a in assessments:
        quality = rng.uniform(0.6, 1.0)
        nodes_points = {}
        for leaf in leaves:
            own = Decimal(min(10, round(quality * 10 + rng.uniform(-1, 1.5), 1))).quantize(Decimal("0.1"))
            own = max(Decimal(0), own)
            values = []
            for assignment in by_assessment[a.pk]:
                value = max(Decimal(0), min(Decimal(10), own - Decimal(rng.choice([0, 0, 0.5, 1]))))
                values.append(value)
                reviews.append(ReviewScore(assignment=assignment, item=leaf, points=value))
            final = engine.aggregate(values, "mean")
            nodes_points[leaf.pk] = final
            scores.append(Score(assessment=a, item=leaf, points=own, final_points=final))
        a.final_total = sum(nodes_points.values(), Decimal(0))
    Score.objects.bulk_create(scores, batch_size=2000)
    ReviewScore.objects.bulk_create(reviews, batch_size=2000)
    Assessment.objects.bulk_update(assessments, ["final_total"])
    return by


def naive_ranking(bloc_year) -> list[tuple[str, Decimal]]:
    """The obvious loop: per unit, per criterion, read the reviewers' scores and combine them.
    Kept only as the baseline that ``bench/ranking.py`` measures against."""
    rows = []
    for member in bloc_year.members.all():
        assessment = Assessment.objects.get(bloc_year=bloc_year, unit_id=member.unit_id)
        total = Decimal(0)
        for item in RubricItem.objects.filter(rubric=assessment.rubric, children__isnull=True).exclude(
            kind="group"
        ):
            values = list(
                ReviewScore.objects.filter(assignment__assessment=assessment, item=item).values_list(
                    "points", flat=True
                )
            )
            total += engine.aggregate(values, "mean") if values else Decimal(0)
        rows.append((member.unit.code, total))
    return sorted(rows, key=lambda r: -r[1])
