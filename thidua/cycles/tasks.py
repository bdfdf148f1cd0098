"""Background tasks of the cycles app (run by ``manage.py run_worker``)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task

from thidua.cycles import reminders

# Days a first run (or a long outage) looks back for reminders it may have missed.
CATCH_UP_DAYS = 7


@task()
def deadline_reminders(*, slot: str, previous: str | None = None) -> int:
    """Periodic: the deadline reminders of every day from the previous slot's to this slot's (a
    day missed while no worker ran is caught up), each once; then the stages set to close at
    their deadline close."""
    today = timezone.localdate(dt.datetime.fromisoformat(slot))
    first = timezone.localdate(dt.datetime.fromisoformat(previous)) if previous else today
    first = max(first, today - dt.timedelta(days=CATCH_UP_DAYS))
    sent, day = 0, first
    while day <= today:
        sent += reminders.send_due(day)  # the "passed" reminder first, then the stage closes
        reminders.close_due(day)
        day += dt.timedelta(days=1)
    return sent
