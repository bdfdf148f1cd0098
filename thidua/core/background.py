"""Background work in the web process, for jobs that report progress on a database row.

ThiDua runs without a task queue (the embedded demo has no Redis); long work (imports, batch
documents) runs in a daemon thread started after the job row is committed. The job's own code
records progress and a heartbeat, and each app fails jobs whose heartbeat stopped (a restart).
"""

import logging
import threading
from collections.abc import Callable

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

log = logging.getLogger(__name__)


def start_worker(
    *, run: Callable[[], object], on_crash: Callable[[], object], name: str, inline_setting: str
):
    """Run ``run()`` in a daemon thread named ``name``; if it raises, log it and call ``on_crash()``
    (which marks the job failed). When ``settings.<inline_setting>`` is true (tests), ``run()`` is
    called in the caller's thread and its exceptions propagate."""
    if getattr(settings, inline_setting, False):
        run()
        return
    # An in-memory SQLite database (browser tests) exists only on its one connection: share it,
    # as Django's live server does. Everywhere else the worker opens its own connection.
    db = connections[DEFAULT_DB_ALIAS]
    shared = db if db.vendor == "sqlite" and db.is_in_memory_db() else None
    if shared is not None:
        shared.inc_thread_sharing()
    threading.Thread(target=worker_main, args=(run, on_crash, name, shared), name=name, daemon=True).start()


def worker_main(run, on_crash, name: str, shared=None) -> None:
    """The thread's body (public so tests can run it in their own thread)."""
    if shared is not None:
        connections[DEFAULT_DB_ALIAS] = shared
    try:
        run()
    except Exception:
        log.exception("background job %s crashed", name)
        try:
            on_crash()
        except Exception:  # the stale-job recovery will fail the job later
            log.exception("background job %s: could not record the crash", name)
    finally:
        if shared is not None:
            shared.dec_thread_sharing()
        else:
            connections.close_all()
