"""How an app declares periodic work (``AppConfig.periodic_tasks``); the scheduler that enqueues it
is ``thidua.core.scheduler``. Kept free of models so that apps.py modules can import it."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from thidua.core import processes

PERIODIC_QUEUE = "periodic"
PERIODIC_PRIORITY = 10  # before users' jobs waiting in the same queue


@dataclass(frozen=True)
class Periodic:
    """One periodic task: its ``name``, the dotted path of its ``@task`` (called with keyword
    arguments ``slot`` and ``previous``), and its interval in seconds, fixed (``every``) or read
    from a setting (``every_setting``; 0 switches it off). A ``per_host`` task works on files of
    the host (the portal's view spool): it is scheduled once per host, on the host's own queue."""

    name: str
    task: str
    every: float = 0
    every_setting: str = ""
    per_host: bool = False

    def interval(self) -> float:
        if self.every_setting:
            return float(getattr(settings, self.every_setting, self.every) or 0)
        return float(self.every)

    def key(self) -> str:
        return f"{self.name}@{processes.hostname()}" if self.per_host else self.name

    def queue(self) -> str:
        return host_queue() if self.per_host else PERIODIC_QUEUE


def host_queue(hostname: str | None = None) -> str:
    """The queue of work on this host's files (at most 32 characters, the backend's limit)."""
    host = re.sub(r"[^A-Za-z0-9.-]", "-", hostname or processes.hostname())
    if len(host) <= 27:
        return f"host-{host}"
    return f"host-{host[:18]}-{hashlib.sha1(host.encode()).hexdigest()[:8]}"


def days_since(slot: str, previous: str | None, *, catch_up: int = 7) -> list:
    """The local days from the previous slot's to this slot's (both ISO datetimes), at most
    ``catch_up`` days back: what a daily job run by an hourly slot must still look at (a day
    missed while no worker ran is caught up; the job itself makes each item happen once)."""
    today = timezone.localdate(dt.datetime.fromisoformat(slot))
    first = timezone.localdate(dt.datetime.fromisoformat(previous)) if previous else today
    first = max(first, today - dt.timedelta(days=catch_up))
    return [first + dt.timedelta(days=n) for n in range((today - first).days + 1)]
