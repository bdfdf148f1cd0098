"""Waiting for the database at start (deploy/run-production, deploy/run-worker): a server that
boots before PostgreSQL, or while it restarts, waits with back-off instead of exiting."""

import contextlib
import logging
import os
import time
from collections.abc import Callable

from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections

logger = logging.getLogger(__name__)

DEFAULT_WAIT_SECONDS = 300.0
FIRST_DELAY, MAX_DELAY = 1.0, 15.0


class DatabaseUnavailable(Exception):
    pass


def wait_seconds() -> float:
    """How long to wait in all (``THIDUA_DB_WAIT_SECONDS``, default 300 s; 0: one attempt)."""
    raw = os.environ.get("THIDUA_DB_WAIT_SECONDS", "")
    try:
        return max(float(raw), 0.0) if raw.strip() else DEFAULT_WAIT_SECONDS
    except ValueError:
        return DEFAULT_WAIT_SECONDS


def wait_for_database(
    *,
    timeout: float | None = None,
    alias: str = DEFAULT_DB_ALIAS,
    say: Callable[[str], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """Connect (``SELECT 1``) until the database answers; between attempts wait 1, 2, 4 … up to
    15 s, saying each failed attempt. Returns the number of attempts; raises DatabaseUnavailable
    once ``timeout`` seconds have passed without an answer."""
    say = say or logger.warning
    timeout = wait_seconds() if timeout is None else timeout
    deadline = time.monotonic() + timeout
    delay = FIRST_DELAY
    attempt = 0
    connection = connections[alias]
    while True:
        attempt += 1
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except (OperationalError, InterfaceError) as exc:
            with contextlib.suppress(OperationalError, InterfaceError):
                connection.close()
            reason = " ".join(str(exc).split())[:300] or exc.__class__.__name__
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                say(
                    f"Cơ sở dữ liệu không trả lời sau {attempt} lần thử trong {timeout:.0f} giây; "
                    f"dừng. ({reason})"
                )
                raise DatabaseUnavailable(reason) from exc
            pause = min(delay, remaining)
            say(
                f"Chưa kết nối được cơ sở dữ liệu (lần {attempt}): {reason}. Thử lại sau "
                f"{pause:.0f} giây (chờ tối đa thêm {remaining:.0f} giây)."
            )
            sleep(pause)
            delay = min(delay * 2, MAX_DELAY)
            continue
        if attempt > 1:
            say(f"Đã kết nối được cơ sở dữ liệu (lần thử {attempt}).")
        return attempt
