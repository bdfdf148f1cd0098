"""How an app declares periodic work (``AppConfig.periodic_tasks``); the scheduler that enqueues it
is ``thidua.core.scheduler``. Kept free of models so that apps.py modules can import it."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from django.conf import settings

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
