"""“Việc cần làm” of the hand-over: when a year's confirmed leader unit has no bloc secretary,
the provincial office and the outgoing secretary (of the unit that led the year before) are asked
to name one: one task per leader unit, pointing at the year started last. Three queries."""

from __future__ import annotations

import datetime as dt

from thidua.accounts.choices import Role
from thidua.accounts.models import User
from thidua.core.todo import TodoItem
from thidua.organisations.bloc_settings import get_settings
from thidua.organisations.models import BlocYear
from thidua.organisations.names import prefetch_names


def todo_items(*, user) -> list[TodoItem]:
    if not user.is_authenticated:
        return []
    office = user.is_provincial
    if not office and not (user.unit_id and user.has_role(Role.BLOC_SECRETARY)):
        return []
    with_secretary = User.objects.filter(
        is_active=True, role_grants__role=Role.BLOC_SECRETARY, unit__isnull=False
    ).values("unit_id")
    years = list(
        BlocYear.objects.filter(leader__isnull=False)
        .exclude(leader_id__in=with_secretary)
        .select_related("bloc", "leader")
        .prefetch_related(prefetch_names("leader"))
        .order_by("-created_at", "-id")
    )
    if years and not office:
        before = {
            (y.bloc_id, y.year): y.effective_leader_id
            for y in BlocYear.objects.filter(
                bloc_id__in={y.bloc_id for y in years}, year__in={y.year - 1 for y in years}
            ).only("bloc_id", "year", "leader_id", "acting_leader_id")
        }
        years = [
            y for y in years if (before.get((y.bloc_id, y.year - 1)) or y.acting_leader_id) == user.unit_id
        ]
    # One task per leader unit (one secretary runs every year it leads), pointing at the year
    # started last: the one whose hand-over is due.
    by_unit: dict[int, list[BlocYear]] = {}
    for by in years:
        by_unit.setdefault(by.leader_id, []).append(by)
    items = []
    for led in by_unit.values():
        by = led[0]
        day = get_settings(by).deadlines.get("launched")
        others = sorted(f"{y}" for y in led[1:])
        items.append(
            TodoItem(
                title=f"Chỉ định thư ký khối của {by.leader.name_in_year(by.year)}",
                url=by.get_absolute_url() + "#secretary-needed",
                deadline=dt.date.fromisoformat(day) if day else None,
                context=f"{by} · đơn vị trưởng khối chưa có thư ký khối để quản lý năm thi đua"
                + (f" (cũng trưởng khối: {', '.join(others)})" if others else ""),
                kind="organisations.name_secretary",
            )
        )
    return items
