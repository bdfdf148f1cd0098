"""“Việc cần làm”: each signed-in person's own tasks across blocs and years.

Every app that gives people work provides its tasks through the ``todo_items`` hook
(``thidua/<app>/todo.py``, named in its AppConfig ``hooks``): ``todo_items(user)`` returns a
list of :class:`TodoItem` (or ``None``). :func:`todo_for` gathers them, computes how many days each
is overdue against ``today`` and puts the overdue ones first, then the others by deadline (tasks
without a deadline last). A provider runs a fixed number of queries, whatever the number of rows."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from thidua.core.hooks import call_hooks


@dataclass(frozen=True)
class TodoItem:
    """One task: what to do (``title``, Vietnamese), the page that does it (``url``), by when
    (``deadline``), where (``context``: the bloc and year, the session…) and what kind of task it
    is (``kind``, a stable key such as "scoring.self_assessment"). ``overdue`` is filled by
    :func:`todo_for`: days past the deadline, 0 when not overdue."""

    title: str
    url: str
    deadline: dt.date | None
    context: str
    kind: str
    overdue: int = 0

    @property
    def is_overdue(self) -> bool:
        return self.overdue > 0


def _sort_key(item: TodoItem):
    return (
        0 if item.overdue > 0 else 1,
        item.deadline is None,
        item.deadline or dt.date.max,
        item.context,
        item.title,
    )


def todo_for(user, today: dt.date | None = None) -> list[TodoItem]:
    """The user's tasks from every app, overdue first, then by deadline (none last)."""
    if not getattr(user, "is_authenticated", False):
        return []
    today = today or timezone.localdate()
    items: list[TodoItem] = []
    for found in call_hooks("todo_items", user=user):
        for item in found or []:
            if item is None:
                continue
            overdue = max((today - item.deadline).days, 0) if item.deadline else 0
            items.append(dataclasses.replace(item, overdue=overdue))
    return sorted(items, key=_sort_key)
