"""Periodic tasks, enqueued by a scheduler that runs inside every worker process.

An app lists its periodic work (``thidua.core.periodic.Periodic``) on its AppConfig, e.g. the
portal::

    periodic_tasks = [
        Periodic("portal.flush_views", task="thidua.portal.tasks.flush_views",
                 every_setting="PORTAL_FLUSH_INTERVAL", per_host=True),
        Periodic("portal.publish_scheduled", task="thidua.portal.tasks.publish_scheduled", every=60),
    ]

and deadline reminders will be one more entry of the app that owns the deadlines, e.g.
``Periodic("cycles.deadline_reminders", task="thidua.cycles.tasks.deadline_reminders",
every=3600)``: nothing else is needed.

Every second each worker's scheduler rounds the time down to a multiple of each entry's interval
(the *slot*) and tries to insert the row (name, slot) of ``ScheduledRun`` and enqueue the task in
one transaction: the unique pair lets exactly one worker, on whatever host, enqueue a slot, and
the database backend's task row commits with it or not at all. The task is called with ``slot``
and ``previous`` (ISO datetimes: this slot and the last one enqueued, so that work missed while no
worker ran can be caught up). A slot is skipped while the previous one still waits in the queue,
so a busy queue does not pile up flushes. A ``per_host`` entry works on files of the host (the
portal's view spool): it is scheduled per host and queued on the host's own queue.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.apps import apps
from django.core import checks
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import TaskResultStatus, default_task_backend
from django_tasks.exceptions import TaskResultDoesNotExist

from thidua.core.models import ScheduledRun
from thidua.core.periodic import PERIODIC_PRIORITY, Periodic

log = logging.getLogger(__name__)


def entries() -> list[Periodic]:
    return [entry for config in apps.get_app_configs() for entry in getattr(config, "periodic_tasks", [])]


def slot_of(now: dt.datetime, every: float) -> dt.datetime:
    stamp = now.timestamp()
    return dt.datetime.fromtimestamp(stamp - stamp % every, tz=dt.UTC)


def _waiting(task_id: str) -> bool:
    if not task_id or not default_task_backend.supports_get_result:
        return False
    try:
        return default_task_backend.get_result(task_id).status == TaskResultStatus.READY
    except TaskResultDoesNotExist:
        return False


class Scheduler:
    """Enqueues the periodic tasks' slots; ``tick()`` once a second (the worker's housekeeping
    thread). ``seen`` spares the database a write attempt for a slot this process already met."""

    def __init__(self, periodic: list[Periodic] | None = None):
        self.periodic = periodic
        self.seen: dict[str, dt.datetime] = {}

    def tick(self, now: dt.datetime | None = None) -> list[str]:
        """Enqueue the slots now due; returns their names."""
        now = now or timezone.now()
        done = []
        for entry in self.periodic if self.periodic is not None else entries():
            every = entry.interval()
            if every <= 0:
                continue
            key, slot = entry.key(), slot_of(now, every)
            if self.seen.get(key) == slot:
                continue
            if enqueue_slot(entry, key, slot):
                done.append(key)
            self.seen[key] = slot
        return done


def enqueue_slot(entry: Periodic, key: str, slot: dt.datetime) -> bool:
    """Enqueue ``entry``'s task for ``slot`` unless some worker did already (or the previous slot
    still waits in the queue). True when this call enqueued it."""
    with transaction.atomic():
        previous = ScheduledRun.objects.filter(name=key, slot__lt=slot).order_by("-slot").first()
        if previous is not None and _waiting(previous.task_id):
            return False
        try:
            with transaction.atomic():
                run = ScheduledRun.objects.create(name=key, slot=slot)
        except IntegrityError:
            return False  # another worker took this slot
        task = import_string(entry.task).using(queue_name=entry.queue(), priority=PERIODIC_PRIORITY)
        result = task.enqueue(slot=slot.isoformat(), previous=previous.slot.isoformat() if previous else None)
        run.task_id = str(result.id)
        run.save(update_fields=["task_id"])
    return True


def prune(*, keep: dt.timedelta = dt.timedelta(days=1)) -> int:
    """Forget old slots, keeping each entry's latest (the next slot's ``previous``)."""
    latest = {}
    for name, pk in ScheduledRun.objects.order_by("name", "-slot").values_list("name", "pk"):
        latest.setdefault(name, pk)
    old = ScheduledRun.objects.filter(slot__lt=timezone.now() - keep).exclude(pk__in=latest.values())
    return old.delete()[0]


@checks.register()
def check_periodic_tasks(app_configs=None, **kwargs) -> list:
    """Every periodic entry names a task that resolves, and names are unique."""
    errors, names = [], set()
    for entry in entries():
        if entry.name in names:
            errors.append(checks.Error(f"Periodic task {entry.name!r} is declared twice.", id="thidua.E010"))
        names.add(entry.name)
        try:
            task = import_string(entry.task)
        except ImportError as exc:
            errors.append(
                checks.Error(f"{entry.name}: {entry.task!r} does not resolve ({exc}).", id="thidua.E011")
            )
            continue
        if not hasattr(task, "enqueue"):
            errors.append(checks.Error(f"{entry.name}: {entry.task!r} is not a @task.", id="thidua.E012"))
    return errors
