"""“Việc cần làm” of scoring: the unit's own sheet to fill while self-assessment is open (or sent
back during review) and the sheets its reviewers are assigned. Four queries whatever the rows."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from thidua.core.todo import TodoItem
from thidua.organisations.bloc_settings import get_settings
from thidua.organisations.models import BlocYear
from thidua.organisations.names import prefetch_names
from thidua.scoring.choices import AssessmentStatus
from thidua.scoring.models import Assessment, ReviewAssignment
from thidua.scoring.selectors import OFFICER_ROLES


def _deadline(bloc_year, stage: str) -> dt.date | None:
    day = get_settings(bloc_year).deadlines.get(stage)
    return dt.date.fromisoformat(day) if day else None


def _sheet_url(name: str, by, unit_code: str) -> str:
    return reverse(f"scoring:{name}", args=[by.bloc.code, by.year, unit_code])


def todo_items(*, user) -> list[TodoItem]:
    if not (user.is_authenticated and user.unit_id and user.has_role(*OFFICER_ROLES)):
        return []
    items: list[TodoItem] = []
    # The unit's own sheet: to fill while self-assessment is open, to score again once sent back.
    years = list(
        BlocYear.objects.filter(
            members__unit_id=user.unit_id, cycle__stage__in=["self_assessment", "review"]
        ).select_related("bloc", "cycle")
    )
    sheets = {
        a.bloc_year_id: a
        for a in Assessment.objects.filter(bloc_year__in=[y.pk for y in years], unit_id=user.unit_id)
    }
    code = user.unit.code if years else ""
    for by in years:
        sheet = sheets.get(by.pk)
        status = sheet.status if sheet else AssessmentStatus.DRAFT
        stage = by.cycle.stage
        if status == AssessmentStatus.RETURNED:
            title = "Chấm lại phiếu điểm bị trả lại"
        elif status == AssessmentStatus.DRAFT and stage == "self_assessment":
            title = "Tự chấm điểm và nộp phiếu điểm của đơn vị"
        else:
            continue
        items.append(
            TodoItem(
                title=title,
                url=_sheet_url("sheet", by, code),
                deadline=_deadline(by, stage),
                context=str(by),
                kind="scoring.self_assessment",
            )
        )
    # Sheets to review: submitted, not yet finished by this reviewing unit, review stages open.
    assignments = (
        ReviewAssignment.objects.filter(
            reviewer_id=user.unit_id,
            completed_at__isnull=True,
            assessment__status=AssessmentStatus.SUBMITTED,
            assessment__bloc_year__cycle__stage__in=["self_assessment", "review"],
        )
        .select_related("assessment__unit", "assessment__bloc_year__bloc")
        .prefetch_related(prefetch_names("assessment__unit"))
        .order_by("assessment__bloc_year_id", "assessment__unit__name_sort")
    )
    for assignment in assignments:
        by, unit = assignment.assessment.bloc_year, assignment.assessment.unit
        items.append(
            TodoItem(
                title=f"Thẩm định phiếu điểm của {unit.name_in_year(by.year)}",
                url=_sheet_url("review", by, unit.code),
                deadline=_deadline(by, "review"),
                context=str(by),
                kind="scoring.review",
            )
        )
    return items
