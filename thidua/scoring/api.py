"""REST endpoints for scoring: every action of the pages, under /api/v1/scoring/…"""

from __future__ import annotations

import base64
import datetime as dt
import uuid
from decimal import Decimal

from django.http import Http404, HttpResponse
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from thidua.core.api import ErrorOut
from thidua.core.errors import field_error
from thidua.core.idempotency import idempotent_operation
from thidua.cycles.models import RubricItem
from thidua.cycles.selectors import current_rubric
from thidua.organisations.access import bloc_year_for, unit_for
from thidua.organisations.bloc_settings import CLOSE_OUT_MODES, TIE_BREAKS, get_settings
from thidua.organisations.models import Unit
from thidua.organisations.permissions import can_manage_bloc_year
from thidua.scoring import excel, files, selectors, services
from thidua.scoring.access import sheet_for
from thidua.scoring.models import Assessment, Evidence, ReviewAssignment

router = Router(tags=["Chấm điểm"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
BASE = "/scoring/{code}/{year}"


def _item(by, unit, item_code: str) -> RubricItem:
    existing = Assessment.objects.filter(bloc_year=by, unit=unit).select_related("rubric").first()
    rubric = existing.rubric if existing else current_rubric(by)
    if rubric is None:
        raise Http404
    try:
        return RubricItem.objects.get(rubric=rubric, code=item_code)
    except RubricItem.DoesNotExist as exc:
        raise Http404 from exc


def _require(condition: bool) -> None:
    if not condition:
        raise Http404


# Schemas --------------------------------------------------------------------------------------------


class EvidenceOut(Schema):
    id: uuid.UUID
    original_name: str
    content_type: str
    size: int
    uploaded_at: dt.datetime


class ReviewOut(Schema):
    reviewer: str
    points: Decimal
    reason: str


class ModerationOut(Schema):
    item: str
    points: Decimal
    reason: str
    reviewer_points: dict[str, Decimal]


class ScoreOut(Schema):
    item: str
    title: str
    kind: str
    max_points: Decimal
    points: Decimal | None
    explanation: str
    final_points: Decimal | None
    version: int
    evidence: list[EvidenceOut] = []
    reviews: list[ReviewOut] = []
    disagreement: bool = False
    moderation: ModerationOut | None = None


class AssessmentOut(Schema):
    unit: str
    unit_name: str
    status: str
    status_label: str
    version: int
    submitted_at: dt.datetime | None
    finalised_at: dt.datetime | None
    return_reason: str
    final_total: Decimal | None
    reviewers: list[str]


class AssessmentDetailOut(AssessmentOut):
    scored: int
    required: int
    scores: list[ScoreOut]


def _out(a: Assessment) -> dict:
    return {
        "unit": a.unit.code,
        "unit_name": a.unit.name_in_year(a.bloc_year.year),
        "status": a.status,
        "status_label": a.get_status_display(),
        "version": a.version,
        "submitted_at": a.submitted_at,
        "finalised_at": a.finalised_at,
        "return_reason": a.return_reason,
        "final_total": a.final_total,
        "reviewers": [r.reviewer.code for r in a.assignments.all()],
    }


def _moderation_out(m) -> dict:
    return {"item": m.item.code, "points": m.points, "reason": m.reason, "reviewer_points": m.reviewer_points}


def _detail(request, a: Assessment) -> dict:
    show_reviews = selectors.can_see_reviews(request.user, a)
    blind = selectors.blind_reviewer(request.user, a)  # blind review: only the caller's own scores
    rows = selectors.sheet_rows(a, a.rubric, with_reviews=show_reviews, only_reviewer=blind)
    done, required = selectors.progress(rows)
    scores = []
    for row in rows:
        if not row.is_leaf:
            continue
        s = row.score
        scores.append(
            {
                "item": row.item.code,
                "title": row.item.title,
                "kind": row.item.kind,
                "max_points": row.item.max_points,
                "points": s.points if s else None,
                "explanation": s.explanation if s else "",
                "final_points": s.final_points if s else None,
                "version": s.version if s else 0,
                "evidence": list(s.evidence.all()) if s else [],
                "reviews": [
                    {"reviewer": r.assignment.reviewer.code, "points": r.points, "reason": r.reason}
                    for r in row.reviews
                ],
                "disagreement": row.flagged,
                "moderation": _moderation_out(row.moderation) if row.moderation else None,
            }
        )
    return {**_out(a), "scored": done, "required": required, "scores": scores}


class ScoreIn(Schema):
    points: Decimal | None = None
    explanation: str = ""
    version: int = 0


class ReviewIn(Schema):
    points: Decimal
    reason: str = ""
    version: int = 0


class ReasonIn(Schema):
    reason: str


class AssignIn(Schema):
    panel: list[str] = []
    per_unit: int = 1
    leader_sheet_reviewer: str | None = None  # unit code; leader mode: who reviews the leader's sheet


class ModerationIn(Schema):
    points: Decimal
    reason: str


class DisputeOut(Schema):
    item: str
    title: str
    max_points: Decimal
    reviewer_points: dict[str, Decimal]
    spread: Decimal
    moderation: ModerationOut | None = None


class CloseOutOut(Schema):
    unit: str
    unit_name: str
    mode: str
    mode_label: str
    reason: str
    closed_at: dt.datetime


def _close_out_out(c, year: int) -> dict:
    return {
        "unit": c.unit.code,
        "unit_name": c.unit.name_in_year(year),
        "mode": c.mode,
        "mode_label": CLOSE_OUT_MODES.get(c.mode, c.mode),
        "reason": c.reason,
        "closed_at": c.created_at,
    }


class AssignmentOut(Schema):
    id: int
    unit: str
    reviewer: str
    completed_at: dt.datetime | None


class ReassignIn(Schema):
    reviewer: str
    reason: str


class RankOut(Schema):
    rank: int
    unit: str
    unit_name: str
    final_score: Decimal
    bonus: Decimal
    deductions: Decimal
    key_contents: Decimal
    tied: bool
    leading: bool
    classification: str
    classification_label: str
    explanation: str
    groups: dict[str, Decimal]
    closed_out: bool = False  # never submitted: closed out and scored 0
    close_out_reason: str = ""


class RankingOut(Schema):
    tie_break_chain: list[str]
    published: bool
    rows: list[RankOut]
    excluded: list[CloseOutOut] = []  # closed out and left out of the ranking


class HistoryOut(Schema):
    created_at: dt.datetime
    actor_name: str
    action: str
    before: dict | None
    after: dict | None
    reason: str


class YearTotalOut(Schema):
    year: int
    bloc: str
    final_total: Decimal


class ImportOut(Schema):
    changed: int


class PublishOut(Schema):
    published_at: dt.datetime


def _assignment_out(a: ReviewAssignment) -> dict:
    return {
        "id": a.pk,
        "unit": a.assessment.unit.code,
        "reviewer": a.reviewer.code,
        "completed_at": a.completed_at,
    }


# Sheets ------------------------------------------------------------------------------------------------


@router.get(
    BASE + "/assessments", response={200: list[AssessmentOut], **ERRORS}, url_name="api_scoring_assessments"
)
def assessment_list(request, code: str, year: int):
    """Sheets of the year that you may see (a draft only by its own unit)."""
    by = bloc_year_for(request.user, code, year)
    return [_out(a) for a in selectors.visible_assessments(request.user, by)]


@router.get(
    BASE + "/assessments/{unit}",
    response={200: AssessmentDetailOut, **ERRORS},
    url_name="api_scoring_assessment",
)
def assessment_detail(request, code: str, year: int, unit: str):
    by = bloc_year_for(request.user, code, year)
    return _detail(request, sheet_for(request.user, by, unit_for(unit)))


@router.put(
    BASE + "/assessments/{unit}/scores/{item}",
    response={200: ScoreOut, **ERRORS},
    url_name="api_scoring_score_save",
)
def score_save(request, code: str, year: int, unit: str, item: str, payload: ScoreIn):
    """Saves a self-score. Send the ``version`` you read (0 for a new score); a stale version is
    answered 422 with the current value in the message, never overwritten."""
    by = bloc_year_for(request.user, code, year)
    unit_obj = unit_for(unit)
    _require(selectors.can_edit_own(request.user, unit_obj.pk))
    rubric_item = _item(by, unit_obj, item)
    score = services.score_save(
        actor=request.user,
        bloc_year=by,
        unit=unit_obj,
        item=rubric_item,
        points=payload.points,
        explanation=payload.explanation,
        version=payload.version,
    )
    return {
        "item": rubric_item.code,
        "title": rubric_item.title,
        "kind": rubric_item.kind,
        "max_points": rubric_item.max_points,
        "points": score.points,
        "explanation": score.explanation,
        "final_points": score.final_points,
        "version": score.version,
        "evidence": list(score.evidence.all()),
    }


@router.post(
    BASE + "/assessments/{unit}/scores/{item}/evidence",
    response={201: EvidenceOut, **ERRORS},
    url_name="api_scoring_evidence_add",
)
@idempotent_operation
def evidence_add(request, code: str, year: int, unit: str, item: str, file: File[UploadedFile]):
    """Uploads an evidence file (multipart field ``file``); its type is read from its content."""
    by = bloc_year_for(request.user, code, year)
    unit_obj = unit_for(unit)
    _require(selectors.can_edit_own(request.user, unit_obj.pk))
    if file.size > files.MAX_BYTES:
        raise field_error("file", f"Tệp lớn hơn giới hạn {files.MAX_BYTES // (1024 * 1024)} MB.")
    evidence = services.evidence_add(
        actor=request.user,
        bloc_year=by,
        unit=unit_obj,
        item=_item(by, unit_obj, item),
        name=file.name,
        data=file.read(),
    )
    return Status(201, evidence)


class EvidenceJsonIn(Schema):
    name: str
    content_base64: str


@router.post(
    BASE + "/assessments/{unit}/scores/{item}/evidence-json",
    response={201: EvidenceOut, **ERRORS},
    url_name="api_scoring_evidence_add_json",
)
@idempotent_operation
def evidence_add_json(request, code: str, year: int, unit: str, item: str, payload: EvidenceJsonIn):
    """The same upload with the file as base64 in JSON, for clients that cannot send multipart."""
    by = bloc_year_for(request.user, code, year)
    unit_obj = unit_for(unit)
    _require(selectors.can_edit_own(request.user, unit_obj.pk))
    try:
        data = base64.b64decode(payload.content_base64, validate=True)
    except ValueError as exc:
        raise field_error("content_base64", "Nội dung tệp không phải base64 hợp lệ.") from exc
    evidence = services.evidence_add(
        actor=request.user,
        bloc_year=by,
        unit=unit_obj,
        item=_item(by, unit_obj, item),
        name=payload.name,
        data=data,
    )
    return Status(201, evidence)


def _evidence(request, pk: uuid.UUID) -> Evidence:
    evidence = Evidence.objects.select_related("score__assessment__bloc_year").filter(pk=pk).first()
    if evidence is None or not selectors.assessment_visible(request.user, evidence.score.assessment):
        raise Http404
    return evidence


@router.get("/scoring/evidence/{pk}", response={200: None, **ERRORS}, url_name="api_scoring_evidence_get")
def evidence_get(request, pk: uuid.UUID):
    """Downloads an evidence file (only for those who may see its sheet)."""
    evidence = _evidence(request, pk)
    path = files.path_of(evidence.storage_name)
    if not path.exists():
        raise Http404
    response = HttpResponse(path.read_bytes(), content_type=evidence.content_type)
    response["Content-Disposition"] = f'attachment; filename="{evidence.pk}{path.suffix}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@router.delete(
    "/scoring/evidence/{pk}", response={204: None, **ERRORS}, url_name="api_scoring_evidence_delete"
)
def evidence_delete(request, pk: uuid.UUID):
    evidence = _evidence(request, pk)
    _require(selectors.can_edit_own(request.user, evidence.score.assessment.unit_id))
    services.evidence_delete(actor=request.user, evidence=evidence)
    return Status(204, None)


@router.post(
    BASE + "/assessments/{unit}/submit",
    response={200: AssessmentOut, **ERRORS},
    url_name="api_scoring_submit",
)
def submit(request, code: str, year: int, unit: str):
    by = bloc_year_for(request.user, code, year)
    unit_obj = unit_for(unit)
    _require(selectors.can_edit_own(request.user, unit_obj.pk))
    assessment = Assessment.objects.filter(bloc_year=by, unit=unit_obj).first()
    if assessment is None:
        raise field_error("scores", "Chưa chấm tiêu chí nào.")
    return _out(services.assessment_submit(actor=request.user, assessment=assessment))


@router.get(
    BASE + "/assessments/{unit}/history",
    response={200: list[HistoryOut], **ERRORS},
    url_name="api_scoring_history",
)
def history(request, code: str, year: int, unit: str):
    by = bloc_year_for(request.user, code, year)
    unit_obj = unit_for(unit)
    assessment = sheet_for(request.user, by, unit_obj)
    _require(
        request.user.unit_id == unit_obj.pk
        or request.user.is_provincial
        or can_manage_bloc_year(request.user, by)
        or selectors.is_published(by)
    )
    only = selectors.blind_reviewer(request.user, assessment)
    return list(selectors.history_for(assessment, only_reviewer=only)[:500])


@router.get(
    BASE + "/assessments/{unit}/sheet.xlsx", response={200: None, **ERRORS}, url_name="api_scoring_sheet_xlsx"
)
def sheet_xlsx(request, code: str, year: int, unit: str):
    """The unit's score sheet prefilled with the rubric (and its current scores)."""
    by = bloc_year_for(request.user, code, year)
    unit_obj = unit_for(unit)
    assessment = Assessment.objects.filter(bloc_year=by, unit=unit_obj).select_related("rubric").first()
    if assessment is None:
        _require(selectors.can_edit_own(request.user, unit_obj.pk))
    else:
        _require(selectors.assessment_visible(request.user, assessment))
    rubric = assessment.rubric if assessment else current_rubric(by)
    _require(rubric is not None)
    data = excel.sheet_workbook(by, unit_obj, assessment, rubric)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="bang-tu-cham-{unit_obj.code}-{by.year}.xlsx"'
    return response


@router.post(
    BASE + "/assessments/{unit}/sheet.xlsx",
    response={200: ImportOut, **ERRORS},
    url_name="api_scoring_sheet_import",
)
@idempotent_operation
def sheet_import(request, code: str, year: int, unit: str, file: File[UploadedFile]):
    """Imports a filled sheet: every row checked, nothing saved if any row is wrong."""
    by = bloc_year_for(request.user, code, year)
    unit_obj = unit_for(unit)
    _require(selectors.can_edit_own(request.user, unit_obj.pk))
    return {"changed": excel.sheet_import(actor=request.user, bloc_year=by, unit=unit_obj, data=file)}


# Review ------------------------------------------------------------------------------------------------


@router.get(
    BASE + "/assignments", response={200: list[AssignmentOut], **ERRORS}, url_name="api_scoring_assignments"
)
def assignment_list(request, code: str, year: int):
    by = bloc_year_for(request.user, code, year)
    qs = ReviewAssignment.objects.filter(assessment__bloc_year=by).select_related(
        "assessment__unit", "reviewer"
    )
    if not (request.user.is_provincial or can_manage_bloc_year(request.user, by)):
        qs = qs.filter(reviewer_id=request.user.unit_id or 0)
    return [_assignment_out(a) for a in qs]


@router.post(
    BASE + "/assignments", response={201: list[AssignmentOut], **ERRORS}, url_name="api_scoring_assign"
)
def assign(request, code: str, year: int, payload: AssignIn):
    """Generates reviewer assignments per the bloc's reviewer mode."""
    by = bloc_year_for(request.user, code, year)
    panel = list(Unit.objects.filter(code__in=payload.panel))
    own = None
    if payload.leader_sheet_reviewer:
        own = Unit.objects.filter(code=payload.leader_sheet_reviewer).first()
        if own is None:
            raise field_error(
                "leader_sheet_reviewer", f"Không có đơn vị mã “{payload.leader_sheet_reviewer}”."
            )
    created = services.assignments_generate(
        actor=request.user, bloc_year=by, panel=panel, per_unit=payload.per_unit, leader_sheet_reviewer=own
    )
    return Status(201, [_assignment_out(a) for a in created])


@router.patch(
    BASE + "/assignments/{pk}",
    response={200: AssignmentOut, **ERRORS},
    url_name="api_scoring_assignment_change",
)
def assignment_change(request, code: str, year: int, pk: int, payload: ReassignIn):
    by = bloc_year_for(request.user, code, year)
    assignment = (
        ReviewAssignment.objects.filter(pk=pk, assessment__bloc_year=by)
        .select_related("assessment__bloc_year")
        .first()
    )
    if assignment is None:
        raise Http404
    reviewer = Unit.objects.filter(code=payload.reviewer).first()
    if reviewer is None:
        raise field_error("reviewer", f"Không có đơn vị mã “{payload.reviewer}”.")
    changed = services.assignment_change(
        actor=request.user, assignment=assignment, reviewer=reviewer, reason=payload.reason
    )
    return _assignment_out(changed)


def _my_assignment(request, by, unit) -> ReviewAssignment:
    assignment = (
        ReviewAssignment.objects.filter(
            assessment__bloc_year=by, assessment__unit=unit, reviewer_id=request.user.unit_id or 0
        )
        .select_related("assessment__bloc_year", "assessment__rubric")
        .first()
    )
    if assignment is None or assignment.assessment.status == "draft":
        raise Http404
    return assignment


@router.put(
    BASE + "/assessments/{unit}/reviews/{item}",
    response={200: ReviewOut, **ERRORS},
    url_name="api_scoring_review_save",
)
def review_save(request, code: str, year: int, unit: str, item: str, payload: ReviewIn):
    """A reviewer's score on one criterion; a value other than the self-score needs a reason."""
    by = bloc_year_for(request.user, code, year)
    unit_obj = unit_for(unit)
    assignment = _my_assignment(request, by, unit_obj)
    review = services.review_save(
        actor=request.user,
        assignment=assignment,
        item=_item(by, unit_obj, item),
        points=payload.points,
        reason=payload.reason,
        version=payload.version,
    )
    return {"reviewer": assignment.reviewer.code, "points": review.points, "reason": review.reason}


@router.post(
    BASE + "/assessments/{unit}/review-complete",
    response={200: AssignmentOut, **ERRORS},
    url_name="api_scoring_review_complete",
)
def review_complete(request, code: str, year: int, unit: str):
    by = bloc_year_for(request.user, code, year)
    assignment = _my_assignment(request, by, unit_for(unit))
    return _assignment_out(services.review_complete(actor=request.user, assignment=assignment))


@router.post(
    BASE + "/assessments/{unit}/send-back",
    response={200: AssessmentOut, **ERRORS},
    url_name="api_scoring_send_back",
)
def send_back(request, code: str, year: int, unit: str, payload: ReasonIn):
    by = bloc_year_for(request.user, code, year)
    assessment = sheet_for(request.user, by, unit_for(unit))
    return _out(
        services.assessment_send_back(actor=request.user, assessment=assessment, reason=payload.reason)
    )


@router.post(
    BASE + "/assessments/{unit}/finalise",
    response={200: AssessmentOut, **ERRORS},
    url_name="api_scoring_finalise",
)
def finalise(request, code: str, year: int, unit: str):
    by = bloc_year_for(request.user, code, year)
    assessment = sheet_for(request.user, by, unit_for(unit))
    return _out(services.assessment_finalise(actor=request.user, assessment=assessment))


@router.get(
    BASE + "/assessments/{unit}/disputes",
    response={200: list[DisputeOut], **ERRORS},
    url_name="api_scoring_disputes",
)
def dispute_list(request, code: str, year: int, unit: str):
    """Criteria on which the sheet's reviewers disagree by more than the bloc's threshold, each
    with its moderated score once recorded (those who see the reviewers' scores)."""
    by = bloc_year_for(request.user, code, year)
    assessment = sheet_for(request.user, by, unit_for(unit))
    _require(selectors.can_see_reviews(request.user, assessment))
    if selectors.blind_reviewer(request.user, assessment) is not None:
        return []
    return [
        {
            "item": d.item.code,
            "title": d.item.title,
            "max_points": d.item.max_points,
            "reviewer_points": d.values,
            "spread": d.spread,
            "moderation": _moderation_out(d.moderation) if d.moderation else None,
        }
        for d in selectors.disputes(assessment)
    ]


@router.put(
    BASE + "/assessments/{unit}/moderations/{item}",
    response={200: ModerationOut, **ERRORS},
    url_name="api_scoring_moderation_record",
)
def moderation_record(request, code: str, year: int, unit: str, item: str, payload: ModerationIn):
    """Records (or corrects) the moderated score of a disputed criterion, with a reason; the sheet
    cannot be finalised until every disputed criterion has one."""
    by = bloc_year_for(request.user, code, year)
    unit_obj = unit_for(unit)
    assessment = sheet_for(request.user, by, unit_obj)
    moderation = services.moderation_record(
        actor=request.user,
        assessment=assessment,
        item=_item(by, unit_obj, item),
        points=payload.points,
        reason=payload.reason,
    )
    return _moderation_out(moderation)


@router.get(
    BASE + "/close-outs", response={200: list[CloseOutOut], **ERRORS}, url_name="api_scoring_close_outs"
)
def close_out_list(request, code: str, year: int):
    """Members closed out for never submitting (those who may see the ranking)."""
    by = bloc_year_for(request.user, code, year)
    _require(selectors.can_see_ranking(request.user, by))
    return [_close_out_out(c, by.year) for c in selectors.close_outs(by)]


@router.post(
    BASE + "/assessments/{unit}/close-out",
    response={201: CloseOutOut, **ERRORS},
    url_name="api_scoring_close_out",
)
@idempotent_operation
def close_out(request, code: str, year: int, unit: str, payload: ReasonIn):
    """Ends the scoring of a member that never submitted, with a reason: scored 0 or left out of
    the ranking per the bloc's ``close_out_mode``; a submitted sheet is refused (422)."""
    by = bloc_year_for(request.user, code, year)
    closed = services.close_out(actor=request.user, bloc_year=by, unit=unit_for(unit), reason=payload.reason)
    return Status(201, _close_out_out(closed, by.year))


@router.post(
    BASE + "/assessments/{unit}/reopen",
    response={200: CloseOutOut, **ERRORS},
    url_name="api_scoring_close_out_reopen",
)
def close_out_reopen(request, code: str, year: int, unit: str, payload: ReasonIn):
    """Reopens a closed-out member before publication, with a reason."""
    by = bloc_year_for(request.user, code, year)
    reopened = services.close_out_reopen(
        actor=request.user, bloc_year=by, unit=unit_for(unit), reason=payload.reason
    )
    return _close_out_out(reopened, by.year)


@router.post(BASE + "/publish", response={200: PublishOut, **ERRORS}, url_name="api_scoring_publish")
def publish(request, code: str, year: int):
    by = bloc_year_for(request.user, code, year)
    return services.results_publish(actor=request.user, bloc_year=by)


# Results -----------------------------------------------------------------------------------------------


@router.get(BASE + "/ranking", response={200: RankingOut, **ERRORS}, url_name="api_scoring_ranking")
def ranking(request, code: str, year: int):
    """Rank, ties, classification and, for each unit, the rule that placed it above the next."""
    by = bloc_year_for(request.user, code, year)
    _require(selectors.can_see_ranking(request.user, by))
    rows = selectors.ranking_for_year(bloc_year=by)
    return {
        "tie_break_chain": [TIE_BREAKS.get(r, r) for r in get_settings(by).tie_break],
        "published": selectors.is_published(by),
        "rows": [
            {
                "rank": r.rank,
                "unit": r.unit.code,
                "unit_name": r.unit.name_in_year(by.year),
                "final_score": r.final_score,
                "bonus": r.bonus,
                "deductions": r.deductions,
                "key_contents": r.key_contents,
                "tied": r.tied,
                "leading": r.leading,
                "classification": r.classification,
                "classification_label": r.classification_label,
                "explanation": r.explanation,
                "groups": r.groups,
                "closed_out": r.closed_out,
                "close_out_reason": r.close_out_reason,
            }
            for r in rows
        ],
        "excluded": [_close_out_out(c, by.year) for c in selectors.close_outs(by) if c.mode == "exclude"],
    }


@router.get(BASE + "/table.xlsx", response={200: None, **ERRORS}, url_name="api_scoring_table_xlsx")
def table_xlsx(request, code: str, year: int):
    by = bloc_year_for(request.user, code, year)
    _require(selectors.can_see_ranking(request.user, by))
    response = HttpResponse(
        excel.table_workbook(by),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="bang-diem-{by.bloc.code}-{by.year}.xlsx"'
    return response


@router.get(
    "/scoring/units/{unit}/years",
    response={200: list[YearTotalOut], **ERRORS},
    url_name="api_scoring_unit_years",
)
def unit_years(request, unit: str):
    """A unit's finalised totals across years (only the years you may see)."""
    unit_obj = unit_for(unit)
    out = []
    for a in (
        Assessment.objects.filter(unit=unit_obj, status="finalised", final_total__isnull=False)
        .select_related("bloc_year__bloc")
        .order_by("bloc_year__year")
    ):
        by = a.bloc_year
        if (
            request.user.unit_id == unit_obj.pk
            or request.user.is_provincial
            or selectors.can_see_ranking(request.user, by)
        ):
            out.append({"year": by.year, "bloc": by.bloc.code, "final_total": a.final_total})
    return out


__all__ = ["Form", "router"]
