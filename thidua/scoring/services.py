"""Writes for scoring. Each function checks permission, validates with Vietnamese messages, runs
in one transaction and writes an audit event with the old and new values (and the reason).

Concurrent edits: every score row carries a ``version``; a save names the version it was based
on and the row is updated only if that version is still current (a conditional UPDATE), so the
second of two simultaneous writers gets a conflict message instead of overwriting silently."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from thidua.core.audit import audit, snapshot
from thidua.core.errors import PermissionDenied, ValidationError, field_error
from thidua.core.forms import parse_decimal
from thidua.cycles.models import RubricItem
from thidua.cycles.selectors import current_rubric, stage_of
from thidua.organisations.bloc_settings import get_settings
from thidua.organisations.permissions import can_manage_bloc_year
from thidua.scoring import engine, files
from thidua.scoring.choices import REVIEW_STAGES, SELF_EDIT_STAGES, AssessmentStatus
from thidua.scoring.models import (
    Assessment,
    CloseOut,
    Evidence,
    Moderation,
    Publication,
    ReviewAssignment,
    ReviewScore,
    Score,
)
from thidua.scoring.selectors import (
    _nodes_by_rubric,
    can_edit_own,
    can_review,
    disputes,
    is_published,
    leaves,
    not_finalised,
    reviews_all_in,
)

DENIED = "Bạn không có quyền thực hiện thao tác này."
CONFLICT = (
    "Điểm tiêu chí {code} vừa được {who} lưu trước bạn (giá trị hiện tại: {value}). "
    "Bảng điểm đã được tải lại giá trị mới; hãy kiểm tra rồi lưu lại nếu vẫn muốn thay đổi."
)
SCORE_FIELDS = ["points", "explanation", "final_points", "version"]
REVIEW_FIELDS = ["points", "reason", "version"]
ASSESSMENT_FIELDS = ["status", "return_reason", "final_total", "version"]
MODERATION_FIELDS = ["points", "reason", "reviewer_points"]
CLOSE_OUT_FIELDS = ["unit", "mode", "reason"]
CLOSED_OUT = (
    "Đơn vị đã được thư ký khối kết thúc chấm điểm vì không nộp bảng điểm; "
    "đề nghị thư ký khối mở lại nếu đơn vị cần nộp."
)


def parse_points(value, field: str = "points") -> Decimal | None:
    """'' or None → None; '7,5' and '7.5' → Decimal('7.5'); anything else → a message."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return parse_decimal(value)
    except ValueError as exc:
        raise field_error(field, f"“{value}” không phải là số điểm.") from exc


def _fmt(value: Decimal) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def check_bounds(item: RubricItem, points: Decimal | None, field: str = "points") -> None:
    if points is None:
        return
    if points < 0 or points > item.max_points:
        kind = "Mức" if item.is_adjustment else "Điểm"
        raise field_error(
            field,
            f"{kind} của tiêu chí {item.code} phải từ 0 đến {_fmt(item.max_points)} "
            f"(đã nhập {_fmt(points)}).",
        )
    if points != points.quantize(Decimal("0.01")):
        raise field_error(field, f"Điểm của tiêu chí {item.code} chỉ lấy tối đa 2 chữ số thập phân.")


def _leaf_of(rubric, item: RubricItem) -> RubricItem:
    if item.rubric_id != rubric.pk or item.kind == "group" or item.children.exists():
        raise field_error("item", f"Tiêu chí {item.code} không chấm điểm trực tiếp được.")
    return item


def _assessment_for_edit(actor, bloc_year, unit) -> Assessment:
    """The unit's sheet, created on first save; refuses when the unit may not edit it now."""
    if not can_edit_own(actor, unit.pk):
        raise PermissionDenied(DENIED)
    if not bloc_year.members.filter(unit=unit).exists():
        raise PermissionDenied("Đơn vị không phải thành viên của khối trong năm này.")
    stage = stage_of(bloc_year)
    if stage not in SELF_EDIT_STAGES:
        raise PermissionDenied("Năm thi đua không ở giai đoạn tự chấm điểm.")
    if CloseOut.objects.filter(bloc_year=bloc_year, unit=unit).exists():
        raise field_error("status", CLOSED_OUT)
    assessment = Assessment.objects.filter(bloc_year=bloc_year, unit=unit).first()
    if assessment is None:
        rubric = current_rubric(bloc_year)
        if rubric is None:
            raise field_error("rubric", "Năm thi đua chưa có bộ tiêu chí đã khóa.")
        try:
            with transaction.atomic():
                assessment = Assessment.objects.create(bloc_year=bloc_year, unit=unit, rubric=rubric)
        except IntegrityError:
            assessment = Assessment.objects.get(bloc_year=bloc_year, unit=unit)
    if assessment.status not in (AssessmentStatus.DRAFT, AssessmentStatus.RETURNED):
        raise field_error(
            "status", f"Bảng điểm đang ở trạng thái “{assessment.get_status_display()}”, không sửa được."
        )
    return assessment


def score_save(
    *,
    actor,
    bloc_year,
    unit,
    item: RubricItem,
    points,
    explanation: str = "",
    version: int = 0,
) -> Score:
    """Saves a self-score (or a bonus/deduction claim). ``version`` is the row version the
    writer saw (0: no row yet)."""
    assessment = _assessment_for_edit(actor, bloc_year, unit)
    _leaf_of(assessment.rubric, item)
    points = parse_points(points)
    check_bounds(item, points)
    explanation = (explanation or "").strip()
    with transaction.atomic():
        current = Score.objects.filter(assessment=assessment, item=item).first()
        if current is None:
            if version:
                raise ValidationError({"version": ["Điểm này đã bị xóa; hãy tải lại bảng điểm."]})
            try:
                with transaction.atomic():
                    score = Score.objects.create(
                        assessment=assessment,
                        item=item,
                        points=points,
                        explanation=explanation,
                        updated_by=actor,
                    )
            except IntegrityError:
                current = Score.objects.get(assessment=assessment, item=item)
                raise _conflict(current) from None
            audit(
                actor=actor, action="score.save", obj=score, before=None, after=snapshot(score, SCORE_FIELDS)
            )
            return score
        before = snapshot(current, SCORE_FIELDS)
        if current.points == points and current.explanation == explanation and current.version == version:
            return current
        updated = Score.objects.filter(pk=current.pk, version=version).update(
            points=points,
            explanation=explanation,
            version=version + 1,
            updated_by=actor,
            updated_at=timezone.now(),
        )
        if not updated:
            raise _conflict(Score.objects.select_related("updated_by").get(pk=current.pk))
        score = Score.objects.get(pk=current.pk)
        audit(actor=actor, action="score.save", obj=score, before=before, after=snapshot(score, SCORE_FIELDS))
    return score


def _conflict(current) -> ValidationError:
    who = current.updated_by.get_full_name() if getattr(current, "updated_by", None) else "người khác"
    value = "trống" if current.points is None else _fmt(current.points)
    err = ValidationError({"version": [CONFLICT.format(code=current.item.code, who=who, value=value)]})
    err.current = current
    return err


def evidence_add(*, actor, bloc_year, unit, item: RubricItem, name: str, data: bytes) -> Evidence:
    assessment = _assessment_for_edit(actor, bloc_year, unit)
    _leaf_of(assessment.rubric, item)
    _kind, content_type = files.check_upload(name, data)
    storage_name = f"{uuid.uuid4().hex}"
    # Written under a temporary name first, moved into place after the commit (thidua.core.files).
    with files.staged(storage_name, data) as staged, transaction.atomic():
        score, _ = Score.objects.get_or_create(
            assessment=assessment, item=item, defaults={"updated_by": actor}
        )
        evidence = Evidence.objects.create(
            score=score,
            original_name=name[:255],
            content_type=content_type,
            size=len(data),
            storage_name=storage_name,
            uploaded_by=actor,
        )
        audit(
            actor=actor,
            action="evidence.add",
            obj=evidence,
            after={"item": item.code, "name": evidence.original_name, "size": evidence.size},
        )
        staged.move_on_commit(on_failure=lambda: Evidence.objects.filter(pk=evidence.pk).delete())
    return evidence


def evidence_delete(*, actor, evidence: Evidence) -> None:
    assessment = evidence.score.assessment
    _assessment_for_edit(actor, assessment.bloc_year, assessment.unit)
    storage_name = evidence.storage_name
    with transaction.atomic():
        audit(
            actor=actor,
            action="evidence.delete",
            obj=evidence,
            before={"item": evidence.score.item.code, "name": evidence.original_name},
        )
        evidence.delete()
        transaction.on_commit(lambda: files.remove(storage_name))


def assessment_submit(*, actor, assessment: Assessment) -> Assessment:
    """Submits the sheet: every criterion scored (zero counts), evidence where required."""
    assessment = _assessment_for_edit(actor, assessment.bloc_year, assessment.unit)
    scores = {s.item_id: s for s in assessment.scores.prefetch_related("evidence")}
    missing, no_evidence = [], []
    for item in leaves(assessment.rubric):
        score = scores.get(item.pk)
        if not item.is_adjustment and (score is None or score.points is None):
            missing.append(item.code)
        elif item.evidence_required and score and score.points and not score.evidence.all():
            no_evidence.append(item.code)
    if missing:
        raise field_error(
            "scores",
            f"Chưa chấm {len(missing)} tiêu chí: {', '.join(missing[:15])}{'…' if len(missing) > 15 else ''}.",
        )
    if no_evidence:
        raise field_error(
            "evidence", f"Các tiêu chí bắt buộc có minh chứng chưa có tệp: {', '.join(no_evidence)}."
        )
    settings = get_settings(assessment.bloc_year)
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if locked.version != assessment.version or locked.status not in (
            AssessmentStatus.DRAFT,
            AssessmentStatus.RETURNED,
        ):
            raise field_error("status", "Bảng điểm vừa được nộp hoặc thay đổi; hãy tải lại trang.")
        before = snapshot(locked, ASSESSMENT_FIELDS)
        locked.status = AssessmentStatus.SUBMITTED
        locked.submitted_at = timezone.now()
        locked.version += 1
        locked.save()
        if settings.reviewer_mode == "leader" and not locked.assignments.exists():
            # The leader reviews the others; its own sheet goes to the deputy (or waits for the
            # secretary's assignment when there is none): a unit never reviews itself.
            leader_id = locked.bloc_year.effective_leader_id
            reviewer_id = locked.bloc_year.deputy_id if leader_id == locked.unit_id else leader_id
            if reviewer_id and reviewer_id != locked.unit_id:
                ReviewAssignment.objects.create(assessment=locked, reviewer_id=reviewer_id)
        # A resubmitted sheet is reviewed again.
        locked.assignments.update(completed_at=None)
        audit(
            actor=actor,
            action="assessment.submit",
            obj=locked,
            before=before,
            after=snapshot(locked, ASSESSMENT_FIELDS),
        )
    return locked


def _require_manager(actor, bloc_year) -> None:
    if not can_manage_bloc_year(actor, bloc_year):
        raise PermissionDenied("Chỉ thư ký khối (đơn vị trưởng khối) hoặc Phòng TĐKT được làm việc này.")


def assessment_send_back(*, actor, assessment: Assessment, reason: str) -> Assessment:
    """Returns a submitted sheet to its unit with a reason; the unit corrects and resubmits."""
    _require_manager(actor, assessment.bloc_year)
    reason = (reason or "").strip()
    if not reason:
        raise field_error("reason", "Cần nêu lý do trả lại bảng điểm.")
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if locked.status != AssessmentStatus.SUBMITTED:
            raise field_error("status", "Chỉ trả lại được bảng điểm đã nộp và chưa chốt.")
        before = snapshot(locked, ASSESSMENT_FIELDS)
        locked.status = AssessmentStatus.RETURNED
        locked.return_reason = reason
        locked.version += 1
        locked.save()
        # Reviewed again after the resubmission: moderated scores are decided again too.
        dropped = _drop_moderations(locked)
        audit(
            actor=actor,
            action="assessment.send_back",
            obj=locked,
            before=before,
            after={
                **snapshot(locked, ASSESSMENT_FIELDS),
                **({"moderations_dropped": dropped} if dropped else {}),
            },
            reason=reason,
        )
        # Submitted before an amendment: the unit rewrites it on the version now in force.
        rubric = current_rubric(locked.bloc_year)
        if rubric is not None and rubric.pk != locked.rubric_id:
            _follow_rubric(actor, locked, rubric)
            locked.refresh_from_db()
    return locked


# Amendments ------------------------------------------------------------------------------------


def assessments_follow_rubric(*, actor, bloc_year, rubric) -> list[Assessment]:
    """Move the year's sheets still being written (draft or returned) to a newly published
    version of the rubric. Called inside the publishing transaction (hook ``rubric_published``);
    sheets already submitted or finalised stay on the version they were submitted under (a sheet
    sent back later moves then)."""
    moved = []
    sheets = (
        Assessment.objects.select_for_update()
        .filter(bloc_year=bloc_year, status__in=[AssessmentStatus.DRAFT, AssessmentStatus.RETURNED])
        .exclude(rubric=rubric)
        .select_related("rubric")
    )
    for assessment in sheets:
        _follow_rubric(actor, assessment, rubric)
        moved.append(assessment)
    return moved


def _follow_rubric(actor, assessment: Assessment, rubric) -> None:
    """Each self-score, with its explanation and evidence, follows the item of the same code in
    the new version; a score above the new maximum is lowered to it and the explanation says so;
    scores of items the amendment removed stay on the old version's rows (kept, not counted) and
    are listed in the audit record, like everything that moved."""
    targets = {item.code: item for item in leaves(rubric)}
    old_version = assessment.rubric.version
    carried, lowered, dropped = [], [], []
    for score in assessment.scores.select_related("item").filter(item__rubric_id=assessment.rubric_id):
        target = targets.get(score.item.code)
        if target is None:
            dropped.append(score.item.code)
            continue
        points, explanation = score.points, score.explanation
        if points is not None and points > target.max_points:
            note = (
                f"[Bộ tiêu chí sửa đổi lần {rubric.version}: mức tối đa mới {_fmt(target.max_points)}, "
                f"điểm {_fmt(points)} đã được hạ xuống {_fmt(target.max_points)}.]"
            )
            points, explanation = target.max_points, f"{explanation}\n{note}".strip()
            lowered.append(score.item.code)
        new = Score.objects.create(
            assessment=assessment,
            item=target,
            points=points,
            explanation=explanation,
            updated_by=score.updated_by,
        )
        Evidence.objects.filter(score=score).update(score=new)
        carried.append(score.item.code)
    assessment.rubric = rubric
    assessment.version += 1
    assessment.save(update_fields=["rubric", "version", "updated_at"])
    audit(
        actor=actor,
        action="assessment.follow_rubric",
        obj=assessment,
        before={"rubric_version": old_version},
        after={"rubric_version": rubric.version, "carried": carried, "lowered": lowered, "dropped": dropped},
        reason=rubric.amendment_reason,
    )


# Review ----------------------------------------------------------------------------------------


def assignments_generate(
    *, actor, bloc_year, panel=None, per_unit: int = 1, leader_sheet_reviewer=None
) -> list[ReviewAssignment]:
    """Assigns reviewers for every member per the bloc's mode: the leader reviews all the others,
    and its own sheet goes to ``leader_sheet_reviewer`` (a member the secretary picks) or else to
    the deputy — no unit ever reviews itself; cross review gives unit i the next ``per_unit``
    units in code order (every reviewer has the same load); a panel reviews every unit except its
    own members' sheets."""
    _require_manager(actor, bloc_year)
    if stage_of(bloc_year) not in REVIEW_STAGES | {"launched"}:
        raise PermissionDenied("Chỉ phân công thẩm định trong giai đoạn tự chấm hoặc thẩm định.")
    settings = get_settings(bloc_year)
    rubric = current_rubric(bloc_year)
    if rubric is None:
        raise field_error("rubric", "Năm thi đua chưa có bộ tiêu chí đã khóa.")
    units = sorted((m.unit for m in bloc_year.members.select_related("unit")), key=lambda u: u.code)
    plan: dict[int, list[int]] = {}
    if settings.reviewer_mode == "leader":
        leader_id = bloc_year.effective_leader_id
        if not leader_id:
            raise field_error("reviewer", "Năm thi đua chưa có trưởng khối.")
        own = leader_sheet_reviewer.pk if leader_sheet_reviewer is not None else bloc_year.deputy_id
        if own is None or own == leader_id:
            raise field_error(
                "leader_sheet_reviewer",
                "Trưởng khối không tự thẩm định bảng điểm của mình: hãy chọn đơn vị thẩm định bảng "
                "điểm của trưởng khối (năm thi đua chưa có phó khối).",
            )
        if own not in {u.pk for u in units}:
            raise field_error(
                "leader_sheet_reviewer", "Đơn vị thẩm định phải là thành viên của khối năm này."
            )
        plan = {u.pk: [own if u.pk == leader_id else leader_id] for u in units}
    elif settings.reviewer_mode == "cross":
        n = len(units)
        if not 1 <= per_unit < n:
            raise field_error("per_unit", f"Mỗi đơn vị chấm từ 1 đến {n - 1} đơn vị khác.")
        plan = {units[i].pk: [units[(i - k) % n].pk for k in range(1, per_unit + 1)] for i in range(n)}
    else:
        panel_ids = [u.pk for u in (panel or [])]
        if len(panel_ids) < 2:
            raise field_error("panel", "Tổ chấm điểm cần ít nhất 2 đơn vị.")
        member_ids = {u.pk for u in units}
        if not set(panel_ids) <= member_ids:
            raise field_error("panel", "Thành viên tổ chấm phải là đơn vị thành viên của khối.")
        plan = {u.pk: [p for p in panel_ids if p != u.pk] for u in units}
    if any(unit_id in reviewers for unit_id, reviewers in plan.items()):  # never: every mode excludes it
        raise field_error("reviewer", "Đơn vị không được tự thẩm định bảng điểm của mình.")
    with transaction.atomic():
        if ReviewScore.objects.filter(assignment__assessment__bloc_year=bloc_year).exists():
            raise field_error("reviewer", "Đã có điểm thẩm định; hãy đổi từng phân công kèm lý do.")
        ReviewAssignment.objects.filter(assessment__bloc_year=bloc_year).delete()
        created = []
        for unit in units:
            assessment, _ = Assessment.objects.get_or_create(
                bloc_year=bloc_year, unit=unit, defaults={"rubric": rubric}
            )
            for reviewer_id in plan[unit.pk]:
                created.append(
                    ReviewAssignment.objects.create(assessment=assessment, reviewer_id=reviewer_id)
                )
        audit(
            actor=actor,
            action="review.assign",
            obj=bloc_year,
            after={
                "mode": settings.reviewer_mode,
                "pairs": [[a.reviewer_id, a.assessment.unit_id] for a in created],
            },
        )
    return created


def assignment_change(*, actor, assignment: ReviewAssignment, reviewer, reason: str) -> ReviewAssignment:
    _require_manager(actor, assignment.assessment.bloc_year)
    reason = (reason or "").strip()
    if not reason:
        raise field_error("reason", "Cần nêu lý do đổi đơn vị thẩm định.")
    if reviewer.pk == assignment.assessment.unit_id:
        raise field_error("reviewer", "Đơn vị không được tự thẩm định bảng điểm của mình.")
    if assignment.assessment.is_finalised:
        raise field_error("reviewer", "Bảng điểm đã chốt, không đổi đơn vị thẩm định được.")
    if (
        ReviewAssignment.objects.filter(assessment=assignment.assessment, reviewer=reviewer)
        .exclude(pk=assignment.pk)
        .exists()
    ):
        raise field_error("reviewer", f"{reviewer} đã được phân công thẩm định bảng điểm này.")
    with transaction.atomic():
        locked = ReviewAssignment.objects.select_for_update().get(pk=assignment.pk)
        before = snapshot(locked, ["reviewer", "completed_at"])
        locked.scores.all().delete()
        _drop_moderations(locked.assessment)
        locked.reviewer = reviewer
        locked.completed_at = None
        locked.save()
        audit(
            actor=actor,
            action="review.reassign",
            obj=locked,
            before=before,
            after=snapshot(locked, ["reviewer", "completed_at"]),
            reason=reason,
        )
    return locked


def _assignment_for_review(actor, assignment: ReviewAssignment) -> ReviewAssignment:
    if not can_review(actor, assignment):
        raise PermissionDenied(DENIED)
    assessment = assignment.assessment
    if assessment.status != AssessmentStatus.SUBMITTED:
        raise field_error(
            "status", f"Bảng điểm đang “{assessment.get_status_display()}”, không thẩm định được."
        )
    if stage_of(assessment.bloc_year) not in REVIEW_STAGES:
        raise PermissionDenied("Năm thi đua không ở giai đoạn thẩm định.")
    return assignment


def review_save(
    *, actor, assignment: ReviewAssignment, item: RubricItem, points, reason: str = "", version: int = 0
) -> ReviewScore:
    """A reviewer's score on one leaf. Differing from the self-score requires a reason."""
    _assignment_for_review(actor, assignment)
    assessment = assignment.assessment
    _leaf_of(assessment.rubric, item)
    points = parse_points(points)
    if points is None:
        raise field_error("points", f"Chưa nhập điểm thẩm định cho tiêu chí {item.code}.")
    check_bounds(item, points)
    reason = (reason or "").strip()
    own = Score.objects.filter(assessment=assessment, item=item).values_list("points", flat=True).first()
    if own != points and not reason:
        raise field_error(
            "reason",
            f"Điểm thẩm định tiêu chí {item.code} khác điểm tự chấm ({_fmt(own) if own is not None else 'trống'}): cần nêu lý do.",
        )
    with transaction.atomic():
        current = ReviewScore.objects.filter(assignment=assignment, item=item).select_related("item").first()
        if current is None:
            if version:
                raise ValidationError({"version": ["Điểm thẩm định này đã bị xóa; hãy tải lại trang."]})
            try:
                with transaction.atomic():
                    review = ReviewScore.objects.create(
                        assignment=assignment, item=item, points=points, reason=reason, updated_by=actor
                    )
            except IntegrityError:
                raise _conflict(ReviewScore.objects.get(assignment=assignment, item=item)) from None
            audit(
                actor=actor,
                action="review.save",
                obj=review,
                before={"points": own, "source": "self"},
                after=snapshot(review, REVIEW_FIELDS),
                reason=reason,
            )
            return review
        before = snapshot(current, REVIEW_FIELDS)
        updated = ReviewScore.objects.filter(pk=current.pk, version=version).update(
            points=points, reason=reason, version=version + 1, updated_by=actor, updated_at=timezone.now()
        )
        if not updated:
            raise _conflict(ReviewScore.objects.select_related("updated_by", "item").get(pk=current.pk))
        review = ReviewScore.objects.get(pk=current.pk)
        audit(
            actor=actor,
            action="review.save",
            obj=review,
            before=before,
            after=snapshot(review, REVIEW_FIELDS),
            reason=reason,
        )
    return review


def review_complete(*, actor, assignment: ReviewAssignment) -> ReviewAssignment:
    """Finishes a review: leaves the reviewer did not touch keep the unit's self-score."""
    _assignment_for_review(actor, assignment)
    assessment = assignment.assessment
    with transaction.atomic():
        locked = ReviewAssignment.objects.select_for_update().get(pk=assignment.pk)
        done = set(locked.scores.values_list("item_id", flat=True))
        own = dict(assessment.scores.values_list("item_id", "points"))
        ReviewScore.objects.bulk_create(
            [
                ReviewScore(
                    assignment=locked, item=item, points=own.get(item.pk) or Decimal(0), updated_by=actor
                )
                for item in leaves(assessment.rubric)
                if item.pk not in done
            ]
        )
        locked.completed_at = timezone.now()
        locked.save(update_fields=["completed_at", "updated_at"])
        audit(
            actor=actor,
            action="review.complete",
            obj=locked,
            after={"accepted_self_scores": len(own) - len(done & set(own))},
        )
    return locked


def assessment_finalise(*, actor, assessment: Assessment) -> Assessment:
    """Locks the sheet: each leaf's final score is the reviewers' scores combined by the bloc's
    aggregation; nothing can change afterwards."""
    bloc_year = assessment.bloc_year
    _require_manager(actor, bloc_year)
    if stage_of(bloc_year) not in REVIEW_STAGES:
        raise PermissionDenied("Năm thi đua không ở giai đoạn thẩm định.")
    settings = get_settings(bloc_year)
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if locked.status != AssessmentStatus.SUBMITTED:
            raise field_error("status", f"Bảng điểm đang “{locked.get_status_display()}”, không chốt được.")
        assignments = list(locked.assignments.all())
        if not assignments:
            raise field_error("reviewer", "Bảng điểm chưa được phân công thẩm định.")
        open_ = [a for a in assignments if a.completed_at is None]
        if open_:
            raise field_error("reviewer", f"Còn {len(open_)} đơn vị thẩm định chưa hoàn thành.")
        disputed = disputes(locked)
        pending = [d.item.code for d in disputed if d.moderation is None]
        if pending:
            raise field_error(
                "moderation",
                f"Các đơn vị thẩm định chấm chênh lệch lớn ở {len(pending)} tiêu chí ({', '.join(pending)}): "
                "cần ghi điểm thống nhất kèm lý do cho từng tiêu chí trước khi chốt điểm.",
            )
        moderated = {d.item.pk: d.moderation.points for d in disputed if d.moderation is not None}
        values: dict[int, list[Decimal]] = {}
        for item_id, points in ReviewScore.objects.filter(assignment__in=assignments).values_list(
            "item_id", "points"
        ):
            values.setdefault(item_id, []).append(points)
        rubric_leaves = leaves(locked.rubric)
        scores = {s.item_id: s for s in locked.scores.all()}
        to_create, to_update = [], []
        for item in rubric_leaves:
            if item.pk in moderated:
                final = moderated[item.pk]
            elif item.pk in values:
                final = engine.aggregate(values[item.pk], settings.aggregation, settings.trim_ratio)
            else:
                final = Decimal(0)
            score = scores.get(item.pk)
            if score is None:
                to_create.append(Score(assessment=locked, item=item, points=None, final_points=final))
            else:
                score.final_points = final
                to_update.append(score)
        Score.objects.bulk_create(to_create)
        Score.objects.bulk_update(to_update, ["final_points"])

        nodes = _nodes_by_rubric([locked.rubric_id])[locked.rubric_id]
        totals = engine.compute_totals(nodes, {s.item_id: s.final_points for s in to_create + to_update})
        before = snapshot(locked, ASSESSMENT_FIELDS)
        locked.status = AssessmentStatus.FINALISED
        locked.finalised_at = timezone.now()
        locked.final_total = totals.final
        locked.version += 1
        locked.save()
        audit(
            actor=actor,
            action="assessment.finalise",
            obj=locked,
            before=before,
            after=snapshot(locked, ASSESSMENT_FIELDS),
        )
    return locked


def results_publish(*, actor, bloc_year) -> Publication:
    """Opens every member's finalised sheet to the whole bloc (the Law's publicity principle).
    Every member is finalised or closed out (``close_out``) first."""
    _require_manager(actor, bloc_year)
    missing = not_finalised(bloc_year)
    if missing:
        names = ", ".join(u.short_name_in_year(bloc_year.year) for u in missing[:10])
        raise field_error(
            "status",
            f"Còn {len(missing)} đơn vị chưa được chốt điểm ({names}{'…' if len(missing) > 10 else ''}). "
            "Đơn vị không nộp bảng điểm: thư ký khối kết thúc chấm điểm của đơn vị kèm lý do.",
        )
    with transaction.atomic():
        publication, created = Publication.objects.get_or_create(
            bloc_year=bloc_year, defaults={"published_by": actor}
        )
        if not created:
            raise field_error("status", "Kết quả đã được công bố.")
        audit(actor=actor, action="scoring.publish", obj=publication, after={"bloc_year": bloc_year.pk})
    return publication


# Moderation (issue 15 item 4) --------------------------------------------------------------------


def _drop_moderations(assessment: Assessment) -> list[str]:
    """Deletes the sheet's moderated scores (its reviews start again); the codes dropped."""
    codes = list(assessment.moderations.values_list("item__code", flat=True))
    assessment.moderations.all().delete()
    return codes


def moderation_record(*, actor, assessment: Assessment, item: RubricItem, points, reason: str) -> Moderation:
    """Records (or corrects) the moderated score of a criterion the sheet's reviewers disagreed on
    by more than the bloc's threshold, with a reason; the sheet is finalised with it and the
    minutes show it. Whoever finalises (the bloc secretary, the office) records it."""
    bloc_year = assessment.bloc_year
    _require_manager(actor, bloc_year)
    if stage_of(bloc_year) not in REVIEW_STAGES:
        raise PermissionDenied("Năm thi đua không ở giai đoạn thẩm định.")
    reason = (reason or "").strip()
    if not reason:
        raise field_error("reason", f"Cần nêu lý do của điểm thống nhất cho tiêu chí {item.code}.")
    points = parse_points(points)
    if points is None:
        raise field_error("points", f"Chưa nhập điểm thống nhất cho tiêu chí {item.code}.")
    check_bounds(item, points)
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if locked.status != AssessmentStatus.SUBMITTED:
            raise field_error(
                "status", f"Bảng điểm đang “{locked.get_status_display()}”, không ghi điểm thống nhất được."
            )
        if not reviews_all_in(locked):
            raise field_error(
                "reviewer", "Chờ mọi đơn vị thẩm định hoàn thành rồi mới thống nhất điểm chênh lệch."
            )
        dispute = next((d for d in disputes(locked) if d.item.pk == item.pk), None)
        if dispute is None:
            raise field_error(
                "item", f"Tiêu chí {item.code} không có chênh lệch lớn giữa các đơn vị thẩm định."
            )
        reviewer_points = {code: str(value) for code, value in dispute.values.items()}
        current = dispute.moderation
        before = snapshot(current, MODERATION_FIELDS) if current else None
        if current is None:
            moderation = Moderation.objects.create(
                assessment=locked,
                item=item,
                points=points,
                reason=reason,
                reviewer_points=reviewer_points,
                decided_by=actor,
            )
        else:
            moderation = current
            moderation.points, moderation.reason = points, reason
            moderation.reviewer_points, moderation.decided_by = reviewer_points, actor
            moderation.save()
        audit(
            actor=actor,
            action="moderation.record",
            obj=moderation,
            before=before,
            after={**snapshot(moderation, MODERATION_FIELDS), "item": item.code},
            reason=reason,
        )
    return moderation


# Closing out a unit that never submits (issue 15 item 5) ----------------------------------------


def close_out(*, actor, bloc_year, unit, reason: str) -> CloseOut:
    """Ends the scoring of a member that never submitted, with a reason, so that the year can be
    published: scored 0 or left out of the ranking per the bloc's ``close_out_mode``. A unit
    whose sheet is submitted or finalised is refused, nothing changed."""
    _require_manager(actor, bloc_year)
    if is_published(bloc_year):
        raise field_error("status", "Kết quả đã được công bố, không kết thúc chấm điểm của đơn vị được nữa.")
    if stage_of(bloc_year) not in SELF_EDIT_STAGES:
        raise PermissionDenied("Chỉ kết thúc chấm điểm của đơn vị trong giai đoạn tự chấm hoặc thẩm định.")
    name = unit.name_in_year(bloc_year.year)
    if not bloc_year.members.filter(unit=unit).exists():
        raise field_error("unit", f"{name} không phải thành viên của khối trong năm {bloc_year.year}.")
    reason = (reason or "").strip()
    if not reason:
        raise field_error("reason", f"Cần nêu lý do kết thúc chấm điểm của {name}.")
    mode = get_settings(bloc_year).close_out_mode
    with transaction.atomic():
        sheet = Assessment.objects.select_for_update().filter(bloc_year=bloc_year, unit=unit).first()
        if sheet is not None and sheet.status in (AssessmentStatus.SUBMITTED, AssessmentStatus.FINALISED):
            raise field_error(
                "unit",
                f"{name} đã nộp bảng điểm (trạng thái “{sheet.get_status_display()}”): "
                "chỉ kết thúc chấm điểm được đơn vị không nộp.",
            )
        if CloseOut.objects.filter(bloc_year=bloc_year, unit=unit).exists():
            raise field_error("unit", f"{name} đã được kết thúc chấm điểm.")
        closed = CloseOut.objects.create(
            bloc_year=bloc_year, unit=unit, mode=mode, reason=reason, closed_by=actor
        )
        audit(
            actor=actor,
            action="scoring.close_out",
            obj=closed,
            after={**snapshot(closed, CLOSE_OUT_FIELDS), "unit": unit.code},
            reason=reason,
        )
    return closed


def close_out_reopen(*, actor, bloc_year, unit, reason: str) -> CloseOut:
    """Reopens a closed-out unit before publication, with a reason: it may fill and submit its
    sheet again and publication waits for it."""
    _require_manager(actor, bloc_year)
    name = unit.name_in_year(bloc_year.year)
    reason = (reason or "").strip()
    if not reason:
        raise field_error("reason", f"Cần nêu lý do mở lại việc chấm điểm của {name}.")
    if is_published(bloc_year):
        raise field_error("status", "Kết quả đã được công bố, không mở lại được.")
    with transaction.atomic():
        closed = CloseOut.objects.select_for_update().filter(bloc_year=bloc_year, unit=unit).first()
        if closed is None:
            raise field_error("unit", f"{name} chưa bị kết thúc chấm điểm.")
        audit(
            actor=actor,
            action="scoring.close_out_reopen",
            obj=closed,
            before={**snapshot(closed, CLOSE_OUT_FIELDS), "unit": unit.code},
            reason=reason,
        )
        closed.delete()
    return closed
