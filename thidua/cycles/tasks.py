"""Background tasks of the cycles app (run by ``manage.py run_worker``)."""

from __future__ import annotations

from django_tasks import task

from thidua.core.periodic import days_since
from thidua.cycles import reminders


@task()
def deadline_reminders(*, slot: str, previous: str | None = None) -> int:
    """Periodic: the deadline reminders of every day from the previous slot's to this slot's (a
    day missed while no worker ran is caught up), each once; then the stages set to close at
    their deadline close."""
    sent = 0
    for day in days_since(slot, previous):
        sent += reminders.send_due(day)  # the "passed" reminder first, then the stage closes
        reminders.close_due(day)
    return sent
