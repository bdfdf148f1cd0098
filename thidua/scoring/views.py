"""Pages for scoring: the self-assessment grid, evidence, review, ranking with charts, Excel."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.views.decorators.http import require_POST

from thidua.core.errors import error_messages
from thidua.core.idempotency import idempotent
from thidua.core.permissions import require
from thidua.cycles.models import RubricItem
from thidua.cycles.selectors import current_rubric, stage_of
from thidua.organisations.access import bloc_year_for, unit_for
from thidua.organisations.bloc_settings import (
    AGGREGATIONS,
    CLOSE_OUT_MODES,
    REVIEWER_MODES,
    TIE_BREAKS,
    get_settings,
)
from thidua.organisations.models import BlocYear, Unit
from thidua.organisations.names import order_by_name_in, prefetch_names
from thidua.organisations.permissions import can_manage_bloc_year
from thidua.scoring import excel, files, selectors, services
from thidua.scoring.access import sheet_for, sheet_or_none
from thidua.scoring.choices import REVIEW_STAGES, SELF_EDIT_STAGES, AssessmentStatus
from thidua.scoring.forms import (
    AssignForm,
    AssignmentChangeForm,
    EvidenceUploadForm,
    GridReviewForm,
    GridScoreForm,
    ModerationForm,
    ReasonForm,
)
from thidua.scoring.models import Assessment, Evidence, ReviewAssignment, ReviewScore, Score

STAGE_LABELS = {
    "draft": "Dự thảo",
    "launched": "Đã phát động",
    "self_assessment": "Đơn vị tự chấm điểm",
    "review": "Thẩm định, chấm điểm",
    "conference": "Hội nghị tổng kết",
    "proposals": "Đề nghị khen thưởng",
    "closed": "Đã kết thúc",
}


def _messages(exc) -> list[str]:
    if isinstance(exc, ValidationError):
        return [m for msgs in error_messages(exc).values() for m in msgs]
    return [str(exc) or "Bạn không có quyền thực hiện thao tác này."]


def _run(request, func, /, **kwargs):
    """Runs a service; shows its refusal as a message and returns None."""
    try:
        return func(**kwargs)
    except (ValidationError, PermissionDenied) as exc:
        for message in _messages(exc):
            messages.error(request, message)
    return None


def _sheet_url(by, unit) -> str:
    return reverse("scoring:sheet", args=[by.bloc.code, by.year, unit.code])


def _flash_form_errors(request, form) -> None:
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, message)


def _item(rubric, pk) -> RubricItem:
    try:
        return RubricItem.objects.get(rubric=rubric, pk=int(pk))
    except (RubricItem.DoesNotExist, TypeError, ValueError) as exc:
        raise Http404 from exc


# Overview ----------------------------------------------------------------------------------------


@login_required
def index(request):
    years = list(
        BlocYear.objects.visible_to(request.user).select_related("bloc").order_by("-year", "bloc__name_sort")
    )
    mine = {}
    if request.user.unit_id:
        mine = {
            a.bloc_year_id: a
            for a in Assessment.objects.filter(unit_id=request.user.unit_id, bloc_year__in=years)
        }
    rows = [(by, STAGE_LABELS.get(stage_of(by), ""), mine.get(by.pk)) for by in years]
    return render(request, "scoring/index.html", {"rows": rows})


@login_required
def year(request, code, year):
    by = bloc_year_for(request.user, code, year)
    user = request.user
    settings = get_settings(by)
    stage = stage_of(by)
    manage = can_manage_bloc_year(user, by)
    assessments = selectors.visible_assessments(user, by)
    own_member = bool(user.unit_id) and by.members.filter(unit_id=user.unit_id).exists()
    own = next((a for a in assessments if a.unit_id == user.unit_id), None)
    reviewing = list(selectors.assignments_for_reviewer(user, by))
    members = list(
        order_by_name_in(by.members.select_related("unit").prefetch_related(prefetch_names()), by.year)
    )
    return render(
        request,
        "scoring/year.html",
        {
            "by": by,
            "stage": stage,
            "stage_label": STAGE_LABELS.get(stage, stage),
            "settings": settings,
            "mode_label": REVIEWER_MODES.get(settings.reviewer_mode),
            "aggregation_label": AGGREGATIONS.get(settings.aggregation),
            "chain": [TIE_BREAKS.get(r, r) for r in settings.tie_break],
            "manage": manage,
            "assessments": assessments,
            "own_member": own_member,
            "own": own,
            "reviewing": reviewing,
            "members": members,
            "published": selectors.is_published(by),
            "can_rank": selectors.can_see_ranking(user, by),
            "rubric": current_rubric(by),
            "review_open": stage in REVIEW_STAGES,
        },
    )


# Self-assessment ---------------------------------------------------------------------------------


def _sheet_context(request, by, unit, assessment):
    rubric = assessment.rubric if assessment else current_rubric(by)
    if rubric is None:
        raise Http404
    user = request.user
    editable = (
        selectors.can_edit_own(user, unit.pk)
        and stage_of(by) in SELF_EDIT_STAGES
        and (assessment is None or assessment.status in (AssessmentStatus.DRAFT, AssessmentStatus.RETURNED))
    )
    show_reviews = assessment is not None and selectors.can_see_reviews(user, assessment)
    blind = selectors.blind_reviewer(user, assessment) if assessment is not None else None
    rows = selectors.sheet_rows(assessment, rubric, with_reviews=show_reviews, only_reviewer=blind)
    done, required = selectors.progress(rows)
    manage = can_manage_bloc_year(user, by)
    disputes = []
    if (
        manage
        and blind is None
        and assessment is not None
        and assessment.status == AssessmentStatus.SUBMITTED
        and selectors.reviews_all_in(assessment)
    ):
        disputes = selectors.disputes(assessment)
    return {
        "by": by,
        "unit": unit,
        "assessment": assessment,
        "rubric": rubric,
        "rows": rows,
        "editable": editable,
        "show_reviews": show_reviews,
        "done": done,
        "required": required,
        "manage": manage,
        "max_mb": files.MAX_BYTES // (1024 * 1024),
        "own": user.unit_id == unit.pk,
        "blind": blind is not None,
        "disputes": disputes,
        "threshold": get_settings(by).disagreement_threshold * 100,
        "close_out": selectors.CloseOut.objects.filter(bloc_year=by, unit=unit).first(),
    }


@login_required
def sheet(request, code, year, unit):
    by = bloc_year_for(request.user, code, year)
    unit = unit_for(unit)
    assessment = sheet_or_none(by, unit)
    if assessment is None:
        # No sheet yet: only the unit itself may start one.
        require(selectors.can_edit_own(request.user, unit.pk) and by.members.filter(unit=unit).exists())
    else:
        require(selectors.assessment_visible(request.user, assessment))
    return render(request, "scoring/sheet.html", _sheet_context(request, by, unit, assessment))


@login_required
@require_POST
def score_save(request, code, year, unit):
    """Autosave of one row of the grid (HTMX): returns the row, and the progress out of band."""
    by = bloc_year_for(request.user, code, year)
    unit = unit_for(unit)
    require(selectors.can_edit_own(request.user, unit.pk))
    rubric = current_rubric(by)
    existing = sheet_or_none(by, unit)
    if existing:
        rubric = existing.rubric
    if rubric is None:
        raise Http404
    form = GridScoreForm(request.POST)
    item = _item(rubric, form["item"].value())
    error = ""
    try:
        if not form.is_valid():
            raise ValidationError(form.errors)
        services.score_save(
            actor=request.user,
            bloc_year=by,
            unit=unit,
            item=item,
            points=form.cleaned_data["points"],
            explanation=form.cleaned_data["explanation"],
            version=form.cleaned_data["version"],
        )
        status = 200
    except (ValidationError, PermissionDenied) as exc:
        error = " ".join(_messages(exc))
        status = 409 if getattr(exc, "current", None) is not None else 422
    assessment = sheet_or_none(by, unit)
    if assessment is None:
        raise Http404
    ctx = _sheet_context(request, by, unit, assessment)
    row = next(r for r in ctx["rows"] if r.item.pk == item.pk)
    ctx.update({"row": row, "error": error, "saved": not error, "oob": True})
    if status == 422:
        # Keep what the user typed so the message sits next to it; nothing was saved.
        ctx["typed"] = {
            "points": form.data.get("points", ""),
            "explanation": form.data.get("explanation", ""),
        }
    response = render(request, "scoring/_score_row.html", ctx)
    # HTMX swaps only 2xx responses by default; the row carries the message either way.
    response.status_code = 200 if request.htmx else status
    return response


@login_required
@require_POST
@idempotent
def evidence_upload(request, code, year, unit):
    by = bloc_year_for(request.user, code, year)
    unit = unit_for(unit)
    require(selectors.can_edit_own(request.user, unit.pk))
    existing = sheet_or_none(by, unit)
    rubric = existing.rubric if existing else current_rubric(by)
    if rubric is None:
        raise Http404
    form = EvidenceUploadForm(request.POST, request.FILES)
    item = _item(rubric, form["item"].value())
    if not form.is_valid():
        _flash_form_errors(request, form)
    else:
        upload = form.cleaned_data["file"]
        evidence = _run(
            request,
            services.evidence_add,
            actor=request.user,
            bloc_year=by,
            unit=unit,
            item=item,
            name=upload.name,
            data=upload.read(),
        )
        if evidence:
            messages.success(
                request, f"Đã tải lên minh chứng “{evidence.original_name}” cho tiêu chí {item.code}."
            )
    return redirect(f"{_sheet_url(by, unit)}#row-{item.pk}")


def _evidence_for(request, pk) -> Evidence:
    try:
        evidence = Evidence.objects.select_related(
            "score__assessment__bloc_year__bloc", "score__assessment__unit"
        ).get(pk=pk)
    except (Evidence.DoesNotExist, ValidationError) as exc:
        raise Http404 from exc
    require(selectors.assessment_visible(request.user, evidence.score.assessment))
    return evidence


@login_required
def evidence_download(request, pk):
    evidence = _evidence_for(request, pk)
    path = files.path_of(evidence.storage_name)
    if not path.exists():
        raise Http404
    response = FileResponse(path.open("rb"), as_attachment=True, filename=evidence.original_name)
    response["Content-Type"] = evidence.content_type
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def evidence_delete(request, pk):
    evidence = _evidence_for(request, pk)
    assessment = evidence.score.assessment
    require(selectors.can_edit_own(request.user, assessment.unit_id))
    if _run(request, services.evidence_delete, actor=request.user, evidence=evidence) is None and not list(
        messages.get_messages(request)
    ):
        messages.success(request, "Đã xóa minh chứng.")
    return redirect(_sheet_url(assessment.bloc_year, assessment.unit))


@login_required
@require_POST
def submit(request, code, year, unit):
    by = bloc_year_for(request.user, code, year)
    unit = unit_for(unit)
    require(selectors.can_edit_own(request.user, unit.pk))
    assessment = sheet_or_none(by, unit)
    if assessment is None:
        messages.error(request, "Chưa chấm tiêu chí nào.")
    elif _run(request, services.assessment_submit, actor=request.user, assessment=assessment):
        messages.success(request, "Đã nộp bảng tự chấm điểm. Đơn vị thẩm định sẽ thấy bảng điểm từ bây giờ.")
    return redirect(_sheet_url(by, unit))


@login_required
def history(request, code, year, unit):
    by = bloc_year_for(request.user, code, year)
    unit = unit_for(unit)
    assessment = sheet_for(request.user, by, unit)
    require(
        request.user.unit_id == unit.pk
        or request.user.is_provincial
        or can_manage_bloc_year(request.user, by)
        or selectors.is_published(by)
    )
    items = {str(s.pk): s.item for s in assessment.scores.select_related("item")}
    items.update(
        {
            str(r.pk): r.item
            for r in ReviewScore.objects.filter(assignment__assessment=assessment).select_related("item")
        }
    )
    only = selectors.blind_reviewer(request.user, assessment)
    events = list(selectors.history_for(assessment, only_reviewer=only)[:500])
    for event in events:
        event.item = (
            items.get(event.object_id)
            if event.object_type in ("scoring.score", "scoring.reviewscore")
            else None
        )
    return render(
        request, "scoring/history.html", {"by": by, "unit": unit, "assessment": assessment, "events": events}
    )


# Excel -------------------------------------------------------------------------------------------


@login_required
def sheet_xlsx(request, code, year, unit):
    by = bloc_year_for(request.user, code, year)
    unit = unit_for(unit)
    assessment = sheet_or_none(by, unit)
    if assessment is None:
        require(selectors.can_edit_own(request.user, unit.pk))
    else:
        require(selectors.assessment_visible(request.user, assessment))
    rubric = assessment.rubric if assessment else current_rubric(by)
    if rubric is None:
        raise Http404
    data = excel.sheet_workbook(by, unit, assessment, rubric)
    return _xlsx(data, f"bang-tu-cham-{unit.code}-{by.year}.xlsx")


@login_required
@idempotent
@require_POST
def sheet_import(request, code, year, unit):
    by = bloc_year_for(request.user, code, year)
    unit = unit_for(unit)
    require(selectors.can_edit_own(request.user, unit.pk))
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "Chưa chọn tệp Excel.")
    else:
        result = _run(request, excel.sheet_import, actor=request.user, bloc_year=by, unit=unit, data=upload)
        if result is not None:
            messages.success(request, f"Đã nhập {result} dòng điểm từ tệp Excel.")
    return redirect(_sheet_url(by, unit))


@login_required
def table_xlsx(request, code, year):
    by = bloc_year_for(request.user, code, year)
    require(selectors.can_see_ranking(request.user, by))
    return _xlsx(excel.table_workbook(by), f"bang-diem-{by.bloc.code}-{by.year}.xlsx")


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# Review ------------------------------------------------------------------------------------------


def _my_assignment(request, by, unit) -> ReviewAssignment:
    assignment = (
        ReviewAssignment.objects.filter(
            assessment__bloc_year=by, assessment__unit=unit, reviewer_id=request.user.unit_id
        )
        .select_related("assessment__bloc_year__bloc", "assessment__unit", "assessment__rubric", "reviewer")
        .first()
    )
    require(
        assignment is not None
        and selectors.can_review(request.user, assignment)
        and assignment.assessment.status != AssessmentStatus.DRAFT
    )
    return assignment


@login_required
def review(request, code, year, unit):
    by = bloc_year_for(request.user, code, year)
    unit = unit_for(unit)
    assignment = _my_assignment(request, by, unit)
    assessment = assignment.assessment
    rows = selectors.sheet_rows(assessment, assessment.rubric)
    mine = {r.item_id: r for r in assignment.scores.all()}
    for row in rows:
        row.mine = mine.get(row.item.pk)
    editable = (
        assessment.status == AssessmentStatus.SUBMITTED
        and stage_of(by) in REVIEW_STAGES
        and assignment.completed_at is None
    )
    return render(
        request,
        "scoring/review.html",
        {
            "by": by,
            "unit": unit,
            "assessment": assessment,
            "assignment": assignment,
            "rows": rows,
            "editable": editable,
        },
    )


@login_required
@require_POST
def review_save(request, code, year, unit):
    """Autosave of one row of the reviewer's grid (grid.js, or a plain form post): returns the row
    with 200 saved, 409 someone else saved first (the row shows their values), 422 refused or 403
    not allowed (the row keeps what was typed next to the message)."""
    by = bloc_year_for(request.user, code, year)
    unit = unit_for(unit)
    assignment = _my_assignment(request, by, unit)
    form = GridReviewForm(request.POST)
    item = _item(assignment.assessment.rubric, form["item"].value())
    error = ""
    status = 200
    try:
        if not form.is_valid():
            raise ValidationError(form.errors)
        services.review_save(
            actor=request.user,
            assignment=assignment,
            item=item,
            points=form.cleaned_data["points"],
            reason=form.cleaned_data["reason"],
            version=form.cleaned_data["version"],
        )
    except ValidationError as exc:
        error = " ".join(_messages(exc))
        status = 409 if getattr(exc, "current", None) is not None else 422
    except PermissionDenied as exc:
        error = " ".join(_messages(exc))
        status = 403
    score = (
        Score.objects.filter(assessment=assignment.assessment, item=item).prefetch_related("evidence").first()
    )
    row = selectors.SheetRow(item=item, depth=0, is_leaf=True, score=score)
    row.mine = ReviewScore.objects.filter(assignment=assignment, item=item).first()
    ctx = {"row": row, "by": by, "unit": unit, "editable": True, "error": error, "saved": not error}
    if error and status != 409:
        # Nothing was saved: keep what was typed so the message sits next to it.
        ctx["typed"] = {"points": form.data.get("points", ""), "reason": form.data.get("reason", "")}
    response = render(request, "scoring/_review_row.html", ctx)
    # HTMX swaps only 2xx responses by default; the row carries the message either way.
    response.status_code = 200 if request.htmx else status
    return response


@login_required
@require_POST
def review_complete(request, code, year, unit):
    by = bloc_year_for(request.user, code, year)
    unit = unit_for(unit)
    assignment = _my_assignment(request, by, unit)
    if _run(request, services.review_complete, actor=request.user, assignment=assignment):
        messages.success(request, f"Đã hoàn thành thẩm định bảng điểm của {unit.name_in_year(by.year)}.")
        return redirect("scoring:year", by.bloc.code, by.year)
    return redirect("scoring:review", by.bloc.code, by.year, unit.code)


@login_required
@require_POST
def send_back(request, code, year, unit):
    by = bloc_year_for(request.user, code, year)
    unit = unit_for(unit)
    require(can_manage_bloc_year(request.user, by))
    assessment = sheet_for(request.user, by, unit)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        _flash_form_errors(request, form)
    elif _run(
        request,
        services.assessment_send_back,
        actor=request.user,
        assessment=assessment,
        reason=form.cleaned_data["reason"],
    ):
        messages.success(request, f"Đã trả lại bảng điểm của {unit.name_in_year(by.year)} để chấm lại.")
    return redirect(_sheet_url(by, unit))


@login_required
@require_POST
def finalise(request, code, year, unit):
    by = bloc_year_for(request.user, code, year)
    unit = unit_for(unit)
    require(can_manage_bloc_year(request.user, by))
    assessment = sheet_for(request.user, by, unit)
    done = _run(request, services.assessment_finalise, actor=request.user, assessment=assessment)
    if done:
        messages.success(
            request,
            f"Đã chốt điểm của {unit.name_in_year(by.year)}: {number_format(done.final_total, 2)} điểm.",
        )
    return redirect(_sheet_url(by, unit))


@login_required
@require_POST
def assign(request, code, year):
    by = bloc_year_for(request.user, code, year)
    require(can_manage_bloc_year(request.user, by))
    form = AssignForm(request.POST, units=Unit.objects.all())
    if not form.is_valid():
        _flash_form_errors(request, form)
        return redirect("scoring:year", by.bloc.code, by.year)
    created = _run(
        request,
        services.assignments_generate,
        actor=request.user,
        bloc_year=by,
        panel=list(form.cleaned_data["panel"]),
        per_unit=form.cleaned_data["per_unit"],
        leader_sheet_reviewer=form.cleaned_data["leader_sheet_reviewer"],
    )
    if created is not None:
        messages.success(request, f"Đã phân công {len(created)} lượt thẩm định.")
    return redirect("scoring:year", by.bloc.code, by.year)


@login_required
@require_POST
def assignment_change(request, code, year, pk):
    by = bloc_year_for(request.user, code, year)
    require(can_manage_bloc_year(request.user, by))
    assignment = get_object_or_404(
        ReviewAssignment.objects.select_related("assessment__bloc_year"), pk=pk, assessment__bloc_year=by
    )
    form = AssignmentChangeForm(request.POST, units=Unit.objects.all())
    reviewer = form.cleaned_data["reviewer"] if form.is_valid() else None
    if reviewer is None:
        _flash_form_errors(request, form)
    elif _run(
        request,
        services.assignment_change,
        actor=request.user,
        assignment=assignment,
        reviewer=reviewer,
        reason=form.cleaned_data["reason"],
    ):
        messages.success(request, f"Đã đổi đơn vị thẩm định thành {reviewer.name_in_year(by.year)}.")
    return redirect("scoring:year", by.bloc.code, by.year)


@login_required
@require_POST
def publish(request, code, year):
    by = bloc_year_for(request.user, code, year)
    require(can_manage_bloc_year(request.user, by))
    if _run(request, services.results_publish, actor=request.user, bloc_year=by):
        messages.success(request, "Đã công bố kết quả chấm điểm cho các đơn vị trong khối.")
    return redirect("scoring:ranking", by.bloc.code, by.year)


@login_required
@require_POST
@idempotent
def moderate(request, code, year, unit):
    """The secretary records the moderated score of one disputed criterion, with a reason."""
    by = bloc_year_for(request.user, code, year)
    unit = unit_for(unit)
    require(can_manage_bloc_year(request.user, by))
    assessment = sheet_for(request.user, by, unit)
    form = ModerationForm(request.POST)
    if not form.is_valid():
        _flash_form_errors(request, form)
        return redirect(f"{_sheet_url(by, unit)}#moderation")
    item = _item(assessment.rubric, form.cleaned_data["item"])
    done = _run(
        request,
        services.moderation_record,
        actor=request.user,
        assessment=assessment,
        item=item,
        points=form.cleaned_data["points"],
        reason=form.cleaned_data["reason"],
    )
    if done:
        messages.success(
            request, f"Đã ghi điểm thống nhất {number_format(done.points, 2)} cho tiêu chí {item.code}."
        )
    return redirect(f"{_sheet_url(by, unit)}#moderation")


def _close_out_step(request, code, year, unit, service, said):
    """Close out a member, or reopen it: the secretary's reason, the service, back to the list."""
    by = bloc_year_for(request.user, code, year)
    unit = unit_for(unit)
    require(can_manage_bloc_year(request.user, by))
    form = ReasonForm(request.POST)
    if not form.is_valid():
        _flash_form_errors(request, form)
    elif _run(
        request, service, actor=request.user, bloc_year=by, unit=unit, reason=form.cleaned_data["reason"]
    ):
        messages.success(request, said.format(unit=unit.name_in_year(by.year)))
    return redirect(f"{reverse('scoring:ranking', args=[by.bloc.code, by.year])}#close-outs")


@login_required
@require_POST
@idempotent
def close_out(request, code, year, unit):
    """The secretary ends the scoring of a member that never submitted, with a reason."""
    return _close_out_step(
        request,
        code,
        year,
        unit,
        services.close_out,
        "Đã kết thúc chấm điểm của {unit} (không nộp bảng điểm).",
    )


@login_required
@require_POST
def close_out_reopen(request, code, year, unit):
    return _close_out_step(
        request, code, year, unit, services.close_out_reopen, "Đã mở lại việc chấm điểm của {unit}."
    )


# Ranking and charts --------------------------------------------------------------------------------


def _num(value: Decimal) -> float:
    return float(value)


@login_required
def ranking(request, code, year):
    by = bloc_year_for(request.user, code, year)
    require(selectors.can_see_ranking(request.user, by))
    rows = selectors.ranking_for_year(bloc_year=by)
    settings = get_settings(by)
    group_names: list[str] = []
    for row in rows:
        for name in row.groups:
            if name not in group_names:
                group_names.append(name)
    base_groups = [g for g in group_names if rows and all(g in r.groups for r in rows)]
    chart = {
        "labels": [r.unit.short_name_in_year(by.year) for r in rows],
        "totals": [_num(r.final_score) for r in rows],
        "leading": [r.leading for r in rows],
        "groups": [{"label": g, "data": [_num(r.groups.get(g, 0)) for r in rows]} for g in base_groups],
    }
    return render(
        request,
        "scoring/ranking.html",
        {
            "by": by,
            "rows": rows,
            "chain": [TIE_BREAKS.get(r, r) for r in settings.tie_break],
            "bands": settings.bands,
            "fallback": settings.fallback_band,
            "chart_json": chart,
            "published": selectors.is_published(by),
            "manage": can_manage_bloc_year(request.user, by),
            "close_outs": selectors.close_outs(by),
            "pending": _pending(by),
            "close_out_mode": CLOSE_OUT_MODES.get(settings.close_out_mode, settings.close_out_mode),
        },
    )


def _pending(by) -> list[tuple]:
    """(unit, its sheet's status label, whether it may be closed out) of every member neither
    finalised nor closed out."""
    sheets = {a.unit_id: a for a in Assessment.objects.filter(bloc_year=by)}
    out = []
    for unit in selectors.not_finalised(by):
        sheet = sheets.get(unit.pk)
        label = sheet.get_status_display() if sheet else "Chưa bắt đầu chấm"
        closable = sheet is None or sheet.status in (AssessmentStatus.DRAFT, AssessmentStatus.RETURNED)
        out.append((unit, label, closable))
    return out


@login_required
def unit_years(request, unit):
    unit = unit_for(unit)
    user = request.user
    points = []
    for year_value, total, bloc_name, by in _unit_years(unit):
        if user.unit_id == unit.pk or user.is_provincial or selectors.can_see_ranking(user, by):
            points.append((year_value, total, bloc_name))
    require(points or user.unit_id == unit.pk or user.is_provincial)
    chart = {"labels": [str(p[0]) for p in points], "totals": [_num(p[1]) for p in points]}
    return render(
        request,
        "scoring/unit_years.html",
        {"unit": unit, "points": points, "chart_json": chart},
    )


def _unit_years(unit):
    return [
        (a.bloc_year.year, a.final_total, a.bloc_year.bloc.short_name or a.bloc_year.bloc.name, a.bloc_year)
        for a in Assessment.objects.filter(
            unit=unit, status=AssessmentStatus.FINALISED, final_total__isnull=False
        )
        .select_related("bloc_year__bloc")
        .order_by("bloc_year__year")
    ]
