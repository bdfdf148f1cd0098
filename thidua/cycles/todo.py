"""“Việc cần làm” of the year's workflow: for a bloc secretary, the next step of each year their
unit runs (launch, open self-assessment, …), with what moving on needs and the step's deadline.
Two queries whatever the number of years."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.urls import reverse

from thidua.accounts.choices import Role
from thidua.core.todo import TodoItem
from thidua.cycles.choices import ADVANCE_ACTIONS, Stage
from thidua.organisations.bloc_settings import get_settings
from thidua.organisations.models import BlocYear

# What moving a year on from each stage needs, in one short sentence.
NEEDS = {
    Stage.DRAFT: "Hoàn thiện giao ước, quy chế, bộ tiêu chí rồi phát động năm thi đua.",
    Stage.LAUNCHED: "Mở cho các đơn vị tự chấm điểm khi đến kỳ.",
    Stage.SELF_ASSESSMENT: "Các đơn vị nộp phiếu tự chấm; sau đó mở thẩm định, chấm điểm.",
    Stage.REVIEW: "Hoàn tất thẩm định, chốt điểm, công bố kết quả rồi chuyển sang hội nghị tổng kết.",
    Stage.CONFERENCE: "Tổ chức hội nghị tổng kết, biểu quyết rồi mở đề nghị khen thưởng.",
    Stage.PROPOSALS: "Trình đề nghị khen thưởng rồi kết thúc năm thi đua.",
}


def todo_items(*, user) -> list[TodoItem]:
    if not (user.is_authenticated and user.unit_id and user.has_role(Role.BLOC_SECRETARY)):
        return []
    unit = user.unit_id
    years = (
        BlocYear.objects.filter(Q(leader_id=unit) | Q(leader__isnull=True, acting_leader_id=unit))
        .exclude(cycle__stage=Stage.CLOSED)
        .select_related("bloc", "cycle")
        .order_by("year", "bloc__name_sort")
    )
    items = []
    for by in years:
        cycle = getattr(by, "cycle", None)
        stage = cycle.stage if cycle is not None else Stage.DRAFT.value
        action = next((k for k, (src, _dst, _label) in ADVANCE_ACTIONS.items() if src == stage), None)
        if action is None:
            continue
        _src, target, label = ADVANCE_ACTIONS[action]
        day = get_settings(by).deadlines.get(str(target))
        items.append(
            TodoItem(
                title=f"{label} năm {by.year}",
                url=reverse("cycles:year_detail", args=[by.bloc.code, by.year]),
                deadline=dt.date.fromisoformat(day) if day else None,
                context=f"{by} · {Stage(stage).label}: {NEEDS[Stage(stage)]}",
                kind=f"cycles.{action}",
            )
        )
    return items
