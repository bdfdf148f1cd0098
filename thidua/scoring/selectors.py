"""Reads for scoring: who sees which sheet, the rubric as scoring needs it, review summaries and
the ranking (``ranking_for_year``, relied on by the conference)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q

from thidua.accounts.choices import Role
from thidua.core.hooks import call_hooks
from thidua.core.models import AuditEvent
from thidua.cycles.models import RubricItem
from thidua.cycles.selectors import current_rubric, stage_of
from thidua.organisations.bloc_settings import get_settings
from thidua.organisations.models import Person
from thidua.organisations.names import order_by_name_in, prefetch_names
from thidua.organisations.permissions import can_manage_bloc_year
from thidua.scoring import engine
from thidua.scoring.choices import PUBLISHED_STAGES, AssessmentStatus
from thidua.scoring.models import Assessment, Publication, ReviewAssignment, ReviewScore, Score

OFFICER_ROLES = (Role.UNIT_OFFICER, Role.BLOC_SECRETARY)


def is_published(bloc_year) -> bool:
    """Scores become public inside the bloc once published, or once the year moved past review."""

    return Publication.objects.filter(bloc_year=bloc_year).exists() or stage_of(bloc_year) in PUBLISHED_STAGES


def is_member(user, bloc_year) -> bool:
    return bool(user.unit_id) and bloc_year.members.filter(unit_id=user.unit_id).exists()


def can_edit_own(user, unit_id) -> bool:
    return bool(user.is_authenticated and user.unit_id == unit_id and user.has_role(*OFFICER_ROLES))


def can_review(user, assignment) -> bool:
    return bool(
        user.is_authenticated and user.unit_id == assignment.reviewer_id and user.has_role(*OFFICER_ROLES)
    )


def assessment_visible(user, assessment: Assessment, *, published: bool | None = None) -> bool:
    """A draft is seen only by its own unit; a submitted sheet also by the office, the year's
    secretariat and its reviewers; after publication every member sees the finalised sheets."""
    if not user.is_authenticated:
        return False
    if user.unit_id and user.unit_id == assessment.unit_id:
        return True
    if assessment.status == AssessmentStatus.DRAFT:
        return False
    if user.is_provincial or can_manage_bloc_year(user, assessment.bloc_year):
        return True
    if user.unit_id and any(a.reviewer_id == user.unit_id for a in assessment.assignments.all()):
        return True
    if assessment.status != AssessmentStatus.FINALISED:
        return False
    if published is None:
        published = is_published(assessment.bloc_year)
    return published and (user.has_role(Role.COUNCIL_MEMBER) or is_member(user, assessment.bloc_year))


def can_see_reviews(user, assessment: Assessment) -> bool:
    """Reviewers' scores of a sheet: everyone who sees it once finalised; before that only the
    office and the secretariat (a reviewer sees only their own scores, on the review page)."""
    if assessment.is_finalised:
        return True
    if assessment.status == AssessmentStatus.DRAFT:
        return False
    return bool(user.is_provincial or can_manage_bloc_year(user, assessment.bloc_year))


def can_see_ranking(user, bloc_year) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_provincial or can_manage_bloc_year(user, bloc_year):
        return True
    return is_published(bloc_year) and (user.has_role(Role.COUNCIL_MEMBER) or is_member(user, bloc_year))


def visible_assessments(user, bloc_year) -> list[Assessment]:
    items = order_by_name_in(
        Assessment.objects.filter(bloc_year=bloc_year)
        .select_related("unit", "bloc_year")
        .prefetch_related("assignments__reviewer__name_history", prefetch_names("unit")),
        bloc_year.year,
    )
    published = is_published(bloc_year)
    return [a for a in items if assessment_visible(user, a, published=published)]


# Rubric ------------------------------------------------------------------------------------------


@dataclass
class SheetRow:
    item: RubricItem
    depth: int
    is_leaf: bool
    score: Score | None = None
    reviews: list = field(default_factory=list)  # ReviewScore of completed or open assignments
    aggregated: Decimal | None = None
    flagged: bool = False

    @property
    def required(self) -> bool:
        return self.is_leaf and not self.item.is_adjustment


def tree(rubric) -> list[tuple[RubricItem, int, bool]]:
    """(item, depth, is_leaf) in tree order."""
    items = list(RubricItem.objects.filter(rubric=rubric).order_by("position", "id"))
    children: dict = defaultdict(list)
    for item in items:
        children[item.parent_id].append(item)
    out: list = []

    def walk(parent, depth):
        for item in children.get(parent, []):
            leaf = not children.get(item.pk) and item.kind != "group"
            out.append((item, depth, leaf))
            walk(item.pk, depth + 1)

    walk(None, 0)
    return out


def leaves(rubric) -> list[RubricItem]:
    return [item for item, _, leaf in tree(rubric) if leaf]


def sheet_rows(assessment: Assessment | None, rubric, *, with_reviews: bool = False) -> list[SheetRow]:
    scores = {}
    if assessment is not None:
        scores = {s.item_id: s for s in assessment.scores.prefetch_related("evidence")}
    rows = [SheetRow(item=i, depth=d, is_leaf=leaf, score=scores.get(i.pk)) for i, d, leaf in tree(rubric)]
    if with_reviews and assessment is not None:
        settings = get_settings(assessment.bloc_year)
        by_item = defaultdict(list)
        year = assessment.bloc_year.year
        for review in (
            ReviewScore.objects.filter(assignment__assessment=assessment)
            .select_related("assignment__reviewer")
            .prefetch_related(prefetch_names("assignment__reviewer"))
        ):
            by_item[review.item_id].append(review)
        for row in rows:
            row.reviews = sorted(
                by_item.get(row.item.pk, []), key=lambda r: r.assignment.reviewer.name_sort_in_year(year)
            )
            values = [r.points for r in row.reviews]
            if values:
                row.aggregated = engine.aggregate(values, settings.aggregation, settings.trim_ratio)
                compare = (
                    values
                    if len(values) > 1
                    else values + ([row.score.points] if row.score and row.score.points is not None else [])
                )
                row.flagged = engine.disagreement(
                    compare, row.item.max_points, settings.disagreement_threshold
                )
    return rows


def progress(rows: list[SheetRow]) -> tuple[int, int]:
    required = [r for r in rows if r.required]
    done = [r for r in required if r.score is not None and r.score.points is not None]
    return len(done), len(required)


def history_for(assessment: Assessment):
    """Audit events of the sheet, its scores and its reviewers' scores, newest first."""

    score_ids = [str(pk) for pk in assessment.scores.values_list("pk", flat=True)]
    review_ids = [
        str(pk)
        for pk in ReviewScore.objects.filter(assignment__assessment=assessment).values_list("pk", flat=True)
    ]
    assignment_ids = [str(pk) for pk in assessment.assignments.values_list("pk", flat=True)]
    return AuditEvent.objects.filter(
        Q(object_type="scoring.assessment", object_id=str(assessment.pk))
        | Q(object_type="scoring.score", object_id__in=score_ids)
        | Q(object_type="scoring.reviewscore", object_id__in=review_ids)
        | Q(object_type="scoring.reviewassignment", object_id__in=assignment_ids)
    ).order_by("-created_at", "-id")


def assignments_for_reviewer(user, bloc_year):
    if not user.unit_id:
        return ReviewAssignment.objects.none()
    return order_by_name_in(
        ReviewAssignment.objects.filter(assessment__bloc_year=bloc_year, reviewer_id=user.unit_id)
        .exclude(assessment__status=AssessmentStatus.DRAFT)
        .select_related("assessment__unit")
        .prefetch_related(prefetch_names("assessment__unit")),
        bloc_year.year,
        "assessment__unit",
    )


# Ranking -----------------------------------------------------------------------------------------


@dataclass
class RankRow:
    """One unit's place in the bloc's ranking (the contract the conference relies on)."""

    unit: object
    rank: int
    final_score: Decimal
    tied: bool
    classification: str
    leading: bool
    explanation: str
    classification_label: str = ""
    base: Decimal = Decimal(0)
    bonus: Decimal = Decimal(0)
    deductions: Decimal = Decimal(0)
    key_contents: Decimal = Decimal(0)
    groups: dict = field(default_factory=dict)  # group title -> subtotal


def _nodes_by_rubric(rubric_ids) -> dict[int, list[engine.Node]]:
    keyed = set(
        RubricItem.key_contents.through.objects.filter(rubricitem__rubric_id__in=rubric_ids).values_list(
            "rubricitem_id", flat=True
        )
    )
    nodes: dict[int, list[engine.Node]] = defaultdict(list)
    titles: dict[int, str] = {}
    for row in (
        RubricItem.objects.filter(rubric_id__in=rubric_ids)
        .order_by("position", "id")
        .values("id", "rubric_id", "parent_id", "kind", "max_points", "code", "title")
    ):
        nodes[row["rubric_id"]].append(
            engine.Node(row["id"], row["parent_id"], row["kind"], row["max_points"], row["id"] in keyed)
        )
        titles[row["id"]] = f"{row['code']}. {row['title']}"
    nodes["titles"] = titles  # type: ignore[index]
    return nodes


def _women_shares(unit_ids) -> dict[int, int]:
    """1 for a collective with at least 70% women among its active people, else 0."""

    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for row in (
        Person.objects.filter(unit_id__in=unit_ids, is_active=True)
        .values("unit_id", "gender")
        .annotate(n=Count("id"))
    ):
        counts[row["unit_id"]][1] += row["n"]
        if row["gender"] == "nu":
            counts[row["unit_id"]][0] += row["n"]
    return {uid: int(bool(total) and women * 10 >= total * 7) for uid, (women, total) in counts.items()}


def _votes(bloc_year) -> dict[int, int] | None:
    """Conference votes per unit id, offered by a later app through the ``ranking_votes`` hook."""
    for result in call_hooks("ranking_votes", bloc_year=bloc_year):
        if result:
            return result
    return None


def ranking_for_year(*, bloc_year) -> list[RankRow]:
    """Finalised units of the year, ranked by final score then the bloc's tie-break chain.

    A fixed number of queries whatever the size of the bloc: sheets, scores, rubric items, key
    contents, and (when the chain uses them) people and votes."""
    settings = get_settings(bloc_year)
    assessments = list(
        Assessment.objects.filter(bloc_year=bloc_year, status=AssessmentStatus.FINALISED)
        .select_related("unit")
        .prefetch_related(prefetch_names("unit"))
    )
    if not assessments:
        return []
    nodes = _nodes_by_rubric({a.rubric_id for a in assessments})
    titles = nodes.pop("titles")  # type: ignore[call-overload]
    points: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for assessment_id, item_id, value in Score.objects.filter(assessment__in=assessments).values_list(
        "assessment_id", "item_id", "final_points"
    ):
        points[assessment_id][item_id] = value if value is not None else Decimal(0)
    chain = list(settings.tie_break)
    women = _women_shares([a.unit_id for a in assessments]) if "women" in chain else {}
    votes = _votes(bloc_year) if "vote" in chain else None
    bands = {b.code: b.label for b in settings.bands}
    entries, extra = [], {}
    for a in assessments:
        rubric_nodes = nodes[a.rubric_id]
        totals = engine.compute_totals(rubric_nodes, points[a.pk])
        rubric_total = sum(
            (
                n.max_points
                for n in rubric_nodes
                if n.parent_id is None and n.kind not in ("bonus", "deduction")
            ),
            Decimal(0),
        )
        scale = Decimal(str(settings.scoring_total)) / rubric_total if rubric_total else Decimal(1)
        classification = engine.classify(totals, rubric_nodes, settings.bands, settings.fallback_band, scale)
        keys = {
            "key_contents": totals.key_contents,
            "fewer_deductions": -totals.deductions,
            "bonus": totals.bonus,
            "women": women.get(a.unit_id, 0) if "women" in chain else None,
            "vote": (votes or {}).get(a.unit_id) if votes is not None else None,
        }
        label = a.unit.short_name_in_year(bloc_year.year)
        entries.append(engine.Entry(key=a.pk, label=label, total=totals.final, keys=keys))
        extra[a.pk] = (a, totals, classification, rubric_nodes)
    ranked = engine.rank(entries, chain)
    rows = []
    for r in ranked:
        a, totals, classification, rubric_nodes = extra[r.entry.key]
        groups = {
            titles[n.id]: totals.groups.get(n.id, Decimal(0))
            for n in rubric_nodes
            if n.parent_id is None and n.kind not in ("bonus", "deduction")
        }
        rows.append(
            RankRow(
                unit=a.unit,
                rank=r.rank,
                final_score=totals.final,
                tied=r.tied,
                classification=classification,
                leading=r.rank == 1,
                explanation=r.explanation,
                classification_label=bands.get(classification, "Không hoàn thành nhiệm vụ"),
                base=totals.base,
                bonus=totals.bonus,
                deductions=totals.deductions,
                key_contents=totals.key_contents,
                groups=groups,
            )
        )
    return rows


def unit_totals_across_years(*, unit) -> list[tuple[int, Decimal, str]]:
    """(year, final total, bloc name) of every finalised sheet of a unit, oldest first."""
    return [
        (a.bloc_year.year, a.final_total, a.bloc_year.bloc.short_name or a.bloc_year.bloc.name)
        for a in Assessment.objects.filter(
            unit=unit, status=AssessmentStatus.FINALISED, final_total__isnull=False
        )
        .select_related("bloc_year__bloc")
        .order_by("bloc_year__year")
    ]


def rubric_for(bloc_year):
    return current_rubric(bloc_year)
