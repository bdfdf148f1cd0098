"""System alarms: a condition an administrator must act on (a full or read-only disk, files
missing from storage). ``raise_alarm`` logs it at ERROR and records it in the audit log (action
``system.alarm``, object ``core.system`` / the alarm's key, the message as the object's text) —
at most once per key and period, however many requests meet the condition, so a full disk does
not flood either. Administrators see the records on the audit page (``recent_alarms`` lists them).

Raising an alarm never fails its caller: when even the database write fails (the database's disk
may be the full one) the log line is all there is.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from thidua.core.audit import append_event
from thidua.core.models import AuditEvent

logger = logging.getLogger("thidua.alarms")

ACTION = "system.alarm"
OBJECT_TYPE = "core.system"

_lock = threading.Lock()
_last: dict[str, float] = {}


def period() -> float:
    """Seconds between two records of the same alarm (``THIDUA_ALARM_PERIOD``, default 15 min)."""
    return float(getattr(settings, "THIDUA_ALARM_PERIOD", 15 * 60))


def raise_alarm(key: str, message: str, *, details: dict | None = None) -> bool:
    """Log and record alarm ``key`` unless it was raised within the period (in this process or,
    through the audit log, in another one). Returns whether it was recorded now."""
    now = time.monotonic()
    with _lock:
        last = _last.get(key)
        if last is not None and now - last < period():
            return False
        _last[key] = now
    logger.error("ALARM %s: %s %s", key, message, details or "")
    try:
        # cycle-breaker: alarms are raised from code that runs before the apps are ready.

        since = timezone.now() - dt.timedelta(seconds=period())
        with transaction.atomic():
            if AuditEvent.objects.filter(action=ACTION, object_id=key[:64], created_at__gte=since).exists():
                return False
            append_event(
                actor=None,
                actor_name="hệ thống",
                action=ACTION,
                object_type=OBJECT_TYPE,
                object_id=key[:64],
                object_repr=message[:300],
                after=details or None,
            )
        return True
    except Exception:  # the alarm must never break the request that met the condition
        logger.exception("could not record alarm %s in the audit log", key)
        return False


def recent_alarms(*, days: int = 7):
    """The alarms recorded in the last ``days`` days, newest first (for administrators' pages)."""

    since = timezone.now() - dt.timedelta(days=days)
    return AuditEvent.objects.filter(action=ACTION, created_at__gte=since).order_by("-created_at")


def reset() -> None:
    """Forget the per-process throttle (tests)."""
    with _lock:
        _last.clear()
