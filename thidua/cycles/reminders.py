"""Deadline reminders (issue 15 item 7): seven days and one day before each stage deadline of a
bloc year, and the day after it passed while the stage is still open, the people who must act get
a notification in the app and, unless they turned it off, an e-mail.

Deadlines are the bloc's settings (``deadlines``: stage → date, moved into each new year when it
is started). The stage's work is done once the year has moved past the stage; then nothing is
sent. Each (person, reminder) pair is sent once: ``core.Notification``'s unique (user, key) is the
guard, so a catch-up run over missed days or two workers never send one twice. The periodic task
``cycles.deadline_reminders`` (``thidua.core.scheduler``) calls ``send_due`` for every day since its
previous slot: never a web request."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse

from thidua.accounts.choices import Role
from thidua.accounts.models import User
from thidua.core.notifications import notify
from thidua.cycles.choices import STAGE_ORDER, Stage
from thidua.cycles.models import YearCycle
from thidua.cycles.services.workflow import year_auto_close
from thidua.organisations.bloc_settings import get_settings
from thidua.organisations.models import BlocYear

# (key, days from the deadline, Vietnamese wording)
WHEN = [("d7", -7, "còn 7 ngày"), ("d1", -1, "còn 1 ngày"), ("passed", 1, "đã quá hạn")]


@dataclass(frozen=True)
class Due:
    bloc_year: BlocYear
    stage: str
    deadline: dt.date
    when: str
    wording: str


def due_on(day: dt.date) -> list[Due]:
    """The reminders due on ``day``: every open year's stage whose deadline is 7 or 1 days ahead,
    or passed yesterday, while the year has not moved past that stage."""
    stages = dict(YearCycle.objects.values_list("bloc_year_id", "stage"))
    found = []
    for bloc_year in BlocYear.objects.select_related("bloc").filter(year__gte=day.year - 1):
        current = stages.get(bloc_year.pk, Stage.DRAFT.value)
        if current in (Stage.DRAFT.value, Stage.CLOSED.value):
            continue
        for stage, text in get_settings(bloc_year).deadlines.items():
            if stage not in STAGE_ORDER or STAGE_ORDER.index(current) > STAGE_ORDER.index(stage):
                continue  # that step is done
            deadline = dt.date.fromisoformat(text)
            for when, offset, wording in WHEN:
                if deadline + dt.timedelta(days=offset) == day:
                    found.append(Due(bloc_year, stage, deadline, when, wording))
    return found


def recipients(due: Due) -> list[User]:
    """Who acts on the stage: every member unit's emulation officers while units score
    themselves; the bloc secretariat (the effective leader unit's secretaries) for the rest."""
    by = due.bloc_year
    people = User.objects.filter(is_active=True)
    secretaries = people.filter(unit_id=by.effective_leader_id, role_grants__role=Role.BLOC_SECRETARY)
    if due.stage == Stage.SELF_ASSESSMENT.value:
        units = by.members.values_list("unit_id", flat=True)
        officers = people.filter(unit_id__in=units, role_grants__role=Role.UNIT_OFFICER)
        return list((officers | secretaries).distinct())
    return list(secretaries.distinct())


def _message(due: Due) -> tuple[str, str, str]:
    by = due.bloc_year
    stage = Stage(due.stage).label
    title = f"{by.bloc.name} năm {by.year}: “{stage}” {due.wording} (hạn {due.deadline:%d/%m/%Y})"
    url = reverse("cycles:year_detail", args=[by.bloc.code, by.year])
    body = f"{title}.\nXem và thực hiện tại: {url}"
    return title, body, url


def close_due(day: dt.date) -> int:
    """The stages configured to close at their deadline (``auto_close``) whose deadline passed
    yesterday and which are still open: moved on (``year_auto_close``); returns how many."""

    closed = 0
    for due in due_on(day):
        if due.when == "passed" and due.stage in get_settings(due.bloc_year).auto_close:
            closed += (
                year_auto_close(bloc_year=due.bloc_year, stage=due.stage, deadline=due.deadline) is not None
            )
    return closed


def send_due(day: dt.date) -> int:
    """Send the reminders due on ``day``; returns how many notifications were new."""
    sent = 0
    for due in due_on(day):
        title, body, url = _message(due)
        key = f"deadline:{due.bloc_year.pk}:{due.stage}:{due.deadline.isoformat()}:{due.when}"
        sent += sum(notify(user=user, key=key, title=title, body=body, url=url) for user in recipients(due))
    return sent
