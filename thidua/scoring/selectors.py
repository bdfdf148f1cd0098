"""Reads for scoring: who sees which sheet, the rubric as scoring needs it, review summaries and
the ranking (``ranking_for_year``, relied on by the conference)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone

from thidua.accounts.choices import Role
from thidua.core.forms import format_decimal
from thidua.core.hooks import call_hooks
from thidua.core.models import AuditEvent
from thidua.cycles.models import RubricItem
from thidua.cycles.selectors import current_rubric, stage_of
from thidua.organisations.bloc_settings import CLOSE_OUT_MODES, get_settings
from thidua.organisations.models import Person, Unit
from thidua.organisations.names import order_by_name_in, prefetch_names
from thidua.organisations.permissions import can_manage_bloc_year
from thidua.scoring import engine
from thidua.scoring.choices import PUBLISHED_STAGES, AssessmentStatus
from thidua.scoring.models import (
    Assessment,
    CloseOut,
    Moderation,
    Publication,
    ReviewAssignment,
    ReviewScore,
    Score,
)

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


def reviews_all_in(assessment: Assessment) -> bool:
    """Every reviewer assigned to the sheet has finished (and there is at least one)."""
    assignments = list(assessment.assignments.all())
    return bool(assignments) and all(a.completed_at is not None for a in assignments)


def blind_reviewer(user, assessment: Assessment) -> int | None:
    """Blind review (bloc setting ``blind_review``, issue 15 item 4): while some reviewer of the
    sheet has not finished, a reviewing unit sees only its own scores, on every page and in the
    API, even when it is also the bloc's secretariat. Returns that unit's id (the only reviewer
    whose scores ``user`` may see), or None when nothing is hidden."""
    if not user.is_authenticated or not user.unit_id or assessment.is_finalised:
        return None
    if not any(can_review(user, a) for a in assessment.assignments.all()):
        return None  # not one of the reviewing unit's officers (the office's staff see everything)
    if not get_settings(assessment.bloc_year).blind_review or reviews_all_in(assessment):
        return None
    return user.unit_id


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
    moderation: Moderation | None = None  # the moderated score, when reviewers disagreed

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


def sheet_rows(
    assessment: Assessment | None, rubric, *, with_reviews: bool = False, only_reviewer: int | None = None
) -> list[SheetRow]:
    """The sheet in tree order; ``with_reviews`` adds the reviewers' scores, only those of
    ``only_reviewer`` (a unit id) when blind review hides the others (``blind_reviewer``)."""
    scores = {}
    if assessment is not None:
        scores = {s.item_id: s for s in assessment.scores.prefetch_related("evidence")}
    rows = [SheetRow(item=i, depth=d, is_leaf=leaf, score=scores.get(i.pk)) for i, d, leaf in tree(rubric)]
    if with_reviews and assessment is not None:
        settings = get_settings(assessment.bloc_year)
        by_item = defaultdict(list)
        year = assessment.bloc_year.year
        reviews = ReviewScore.objects.filter(assignment__assessment=assessment)
        if only_reviewer is not None:
            reviews = reviews.filter(assignment__reviewer_id=only_reviewer)
        for review in reviews.select_related("assignment__reviewer").prefetch_related(
            prefetch_names("assignment__reviewer")
        ):
            by_item[review.item_id].append(review)
        moderated = {} if only_reviewer is not None else {m.item_id: m for m in assessment.moderations.all()}
        for row in rows:
            row.moderation = moderated.get(row.item.pk)
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


def history_for(assessment: Assessment, *, only_reviewer: int | None = None):
    """Audit events of the sheet, its scores, its reviewers' scores and its moderated scores,
    newest first; with ``only_reviewer`` (blind review) no other reviewer's scores."""

    score_ids = [str(pk) for pk in assessment.scores.values_list("pk", flat=True)]
    reviews = ReviewScore.objects.filter(assignment__assessment=assessment)
    if only_reviewer is not None:
        reviews = reviews.filter(assignment__reviewer_id=only_reviewer)
    review_ids = [str(pk) for pk in reviews.values_list("pk", flat=True)]
    moderation_ids = [str(pk) for pk in assessment.moderations.values_list("pk", flat=True)]
    assignment_ids = [str(pk) for pk in assessment.assignments.values_list("pk", flat=True)]
    return AuditEvent.objects.filter(
        Q(object_type="scoring.assessment", object_id=str(assessment.pk))
        | Q(object_type="scoring.score", object_id__in=score_ids)
        | Q(object_type="scoring.reviewscore", object_id__in=review_ids)
        | Q(object_type="scoring.reviewassignment", object_id__in=assignment_ids)
        | Q(object_type="scoring.moderation", object_id__in=moderation_ids)
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
    closed_out: bool = False  # never submitted, closed out by the secretary and scored 0
    close_out_reason: str = ""


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
    """Finalised units of the year, ranked by final score then the bloc's tie-break chain; a unit
    closed out for never submitting (``CloseOut``) is ranked with 0 points when it was closed out
    in "zero" mode, and left out in "exclude" mode (``close_outs`` lists it).

    A fixed number of queries whatever the size of the bloc: sheets, close-outs, scores, rubric
    items, key contents, and (when the chain uses them) people and votes."""
    settings = get_settings(bloc_year)
    assessments = list(
        Assessment.objects.filter(bloc_year=bloc_year, status=AssessmentStatus.FINALISED)
        .select_related("unit")
        .prefetch_related(prefetch_names("unit"))
    )
    zero = [c for c in close_outs(bloc_year) if c.mode == "zero"]
    if not assessments and not zero:
        return []
    zero_rubric = current_rubric(bloc_year) if zero else None
    rubric_ids = {a.rubric_id for a in assessments} | ({zero_rubric.pk} if zero_rubric else set())
    nodes = _nodes_by_rubric(rubric_ids)
    titles = nodes.pop("titles")  # type: ignore[call-overload]
    points: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for assessment_id, item_id, value in Score.objects.filter(assessment__in=assessments).values_list(
        "assessment_id", "item_id", "final_points"
    ):
        points[assessment_id][item_id] = value if value is not None else Decimal(0)
    chain = list(settings.tie_break)
    unit_ids = [a.unit_id for a in assessments] + [c.unit_id for c in zero]
    women = _women_shares(unit_ids) if "women" in chain else {}
    votes = _votes(bloc_year) if "vote" in chain else None
    bands = {b.code: b.label for b in settings.bands}
    sheets = [(a.pk, a.unit, a.rubric_id, points[a.pk], None) for a in assessments]
    sheets += [(("close_out", c.pk), c.unit, zero_rubric.pk if zero_rubric else None, {}, c) for c in zero]
    entries, extra = [], {}
    for key, unit, rubric_id, unit_points, close_out in sheets:
        rubric_nodes = nodes[rubric_id] if rubric_id is not None else []
        totals = engine.compute_totals(rubric_nodes, unit_points)
        rubric_total = sum(
            (
                n.max_points
                for n in rubric_nodes
                if n.parent_id is None and n.kind not in ("bonus", "deduction")
            ),
            Decimal(0),
        )
        scale = Decimal(str(settings.scoring_total)) / rubric_total if rubric_total else Decimal(1)
        classification = (
            settings.fallback_band
            if close_out is not None
            else engine.classify(totals, rubric_nodes, settings.bands, settings.fallback_band, scale)
        )
        keys = {
            "key_contents": totals.key_contents,
            "fewer_deductions": -totals.deductions,
            "bonus": totals.bonus,
            "women": women.get(unit.pk, 0) if "women" in chain else None,
            "vote": (votes or {}).get(unit.pk) if votes is not None else None,
        }
        label = unit.short_name_in_year(bloc_year.year)
        entries.append(engine.Entry(key=key, label=label, total=totals.final, keys=keys))
        extra[key] = (unit, totals, classification, rubric_nodes, close_out)
    ranked = engine.rank(entries, chain)
    rows = []
    for r in ranked:
        unit, totals, classification, rubric_nodes, close_out = extra[r.entry.key]
        groups = {
            titles[n.id]: totals.groups.get(n.id, Decimal(0))
            for n in rubric_nodes
            if n.parent_id is None and n.kind not in ("bonus", "deduction")
        }
        explanation = r.explanation
        if close_out is not None:
            explanation = f"{CLOSED_OUT_ZERO} {explanation}".strip()
        rows.append(
            RankRow(
                unit=unit,
                rank=r.rank,
                final_score=totals.final,
                tied=r.tied,
                classification=classification,
                leading=r.rank == 1,
                explanation=explanation,
                classification_label=bands.get(classification, "Không hoàn thành nhiệm vụ"),
                base=totals.base,
                bonus=totals.bonus,
                deductions=totals.deductions,
                key_contents=totals.key_contents,
                groups=groups,
                closed_out=close_out is not None,
                close_out_reason=close_out.reason if close_out is not None else "",
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


# Disagreements and moderation ----------------------------------------------------------------------


@dataclass
class Dispute:
    """A criterion of a sheet whose reviewers are further apart than the bloc's threshold."""

    item: RubricItem
    values: dict[str, Decimal]  # reviewer unit code -> points
    spread: Decimal
    moderation: Moderation | None = None


def disputes(assessment: Assessment) -> list[Dispute]:
    """Leaves on which two or more reviewers of the sheet differ by more than
    ``disagreement_threshold`` × the leaf's maximum, in rubric order, each with its moderated
    score once recorded. Finalising waits until each has one (``services.assessment_finalise``)."""
    settings = get_settings(assessment.bloc_year)
    by_item: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for item_id, code, points in ReviewScore.objects.filter(assignment__assessment=assessment).values_list(
        "item_id", "assignment__reviewer__code", "points"
    ):
        by_item[item_id][code] = points
    moderations = {m.item_id: m for m in assessment.moderations.all()}
    out = []
    for item in leaves(assessment.rubric):
        values = by_item.get(item.pk, {})
        if engine.disagreement(list(values.values()), item.max_points, settings.disagreement_threshold):
            spread = max(values.values()) - min(values.values())
            out.append(Dispute(item, dict(sorted(values.items())), spread, moderations.get(item.pk)))
    return out


# Close-outs ------------------------------------------------------------------------------------------

CLOSED_OUT_ZERO = "Không nộp bảng điểm: tính 0 điểm."


def close_outs(bloc_year) -> list[CloseOut]:
    """Members closed out for never submitting, with their reason and mode."""
    return list(
        order_by_name_in(
            CloseOut.objects.filter(bloc_year=bloc_year)
            .select_related("unit", "closed_by")
            .prefetch_related(prefetch_names("unit")),
            bloc_year.year,
        )
    )


def not_finalised(bloc_year) -> list:
    """Members neither finalised nor closed out: what still stops publication."""
    done = set(
        Assessment.objects.filter(bloc_year=bloc_year, status=AssessmentStatus.FINALISED).values_list(
            "unit_id", flat=True
        )
    ) | set(CloseOut.objects.filter(bloc_year=bloc_year).values_list("unit_id", flat=True))
    members = bloc_year.members.select_related("unit").prefetch_related(prefetch_names())
    return [m.unit for m in order_by_name_in(members, bloc_year.year) if m.unit_id not in done]


# What the minutes record -----------------------------------------------------------------------------


@dataclass
class ModerationRecord:
    unit: object
    item_code: str
    item_title: str
    reviewer_points: dict[str, Decimal]  # reviewer's short name in the year -> points
    points: Decimal
    reason: str
    decided_at: object
    decided_by: str
    text: str


@dataclass
class CloseOutRecord:
    unit: object
    mode: str
    mode_label: str
    reason: str
    closed_at: object
    closed_by: str
    text: str


@dataclass
class ScoringMinutes:
    """What the scoring of a bloc year puts into the minutes: the moderated scores of
    criteria the reviewers disagreed on, and the units closed out for never submitting."""

    moderations: list[ModerationRecord]
    close_outs: list[CloseOutRecord]

    @property
    def lines(self) -> list[str]:
        """One Vietnamese sentence per record, ready for the minutes (empty when none)."""
        out = []
        if self.moderations:
            out.append("Thống nhất điểm các tiêu chí có chênh lệch lớn giữa các đơn vị thẩm định:")
            out += [f"- {m.text}" for m in self.moderations]
        if self.close_outs:
            out.append("Đơn vị không nộp bảng tự chấm điểm:")
            out += [f"- {c.text}" for c in self.close_outs]
        return out


def _who(user) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def _day(moment) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y") if moment else ""


def scoring_minutes(*, bloc_year) -> ScoringMinutes:
    """The moderation and close-out records of the year, for the conference minutes (the
    selector the minutes call; a fixed number of queries)."""
    year = bloc_year.year
    moderations = list(
        Moderation.objects.filter(assessment__bloc_year=bloc_year)
        .select_related("assessment__unit", "item", "decided_by")
        .prefetch_related(prefetch_names("assessment__unit"))
    )
    codes = {code for m in moderations for code in m.reviewer_points}
    names = {
        u.code: u.short_name_in_year(year)
        for u in Unit.objects.filter(code__in=codes).prefetch_related("name_history")
    }
    records = []
    for m in sorted(
        moderations, key=lambda m: (m.assessment.unit.name_sort_in_year(year), m.item.position, m.item_id)
    ):
        values = {names.get(code, code): Decimal(str(v)) for code, v in m.reviewer_points.items()}
        listed = ", ".join(f"{name} {format_decimal(v)}" for name, v in values.items())
        unit_name = m.assessment.unit.name_in_year(year)
        records.append(
            ModerationRecord(
                unit=m.assessment.unit,
                item_code=m.item.code,
                item_title=m.item.title,
                reviewer_points=values,
                points=m.points,
                reason=m.reason,
                decided_at=m.updated_at,
                decided_by=_who(m.decided_by),
                text=(
                    f"{unit_name}, tiêu chí {m.item.code} ({m.item.title}, tối đa "
                    f"{format_decimal(m.item.max_points)} điểm): các đơn vị thẩm định chấm {listed}; "
                    f"thống nhất {format_decimal(m.points)} điểm. Lý do: {m.reason}"
                ),
            )
        )
    closed = []
    for c in close_outs(bloc_year):
        label = CLOSE_OUT_MODES.get(c.mode, c.mode)
        closed.append(
            CloseOutRecord(
                unit=c.unit,
                mode=c.mode,
                mode_label=label,
                reason=c.reason,
                closed_at=c.created_at,
                closed_by=_who(c.closed_by),
                text=(
                    f"{c.unit.name_in_year(year)} không nộp bảng tự chấm điểm; ngày {_day(c.created_at)} "
                    f"thư ký khối kết thúc việc chấm điểm của đơn vị: {label.lower()}. Lý do: {c.reason}"
                ),
            )
        )
    return ScoringMinutes(moderations=records, close_outs=closed)
