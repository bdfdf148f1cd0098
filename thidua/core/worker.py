"""The worker process (``manage.py run_worker``): runs queued tasks, the periodic scheduler and the
sweeper that cleans up after dead workers.

One worker process has:
- two *lanes*, loops of the database backend's worker (``django_tasks_db``) that claim tasks with
  ``SELECT … FOR UPDATE SKIP LOCKED`` (PostgreSQL; an exclusive transaction on SQLite), so no task
  is run twice however many workers run on however many hosts: the main thread takes every queue
  (users' jobs on "default", the periodic tasks, this host's queue); a second thread takes only the
  short periodic and host tasks, so a long dossier job never holds the view-count flush back;
- a heartbeat thread: every second it refreshes the worker's ``WorkerProcess`` row and the
  ``heartbeat_at`` of the jobs it is running (waiting at most a quarter of a second for a lock);
- a housekeeping thread: every second the scheduler (``thidua.core.scheduler``) and the sweep.

The sweep judges a worker dead when its process is gone (same host: at once) or its heartbeat is
older than ``THIDUA_WORKER_STALE_SECONDS`` (another host; only judged by a worker whose own
heartbeats have gone through for that long, so a database outage does not make everybody look
dead). It fails the dead worker's task results and jobs (``thidua.core.jobs.sweep_jobs``, with a
Vietnamese message), forgets the worker, and kills the leftover children and removes the
temporary files of this host's dead processes (``thidua.core.processes``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import threading
import time

from django.conf import settings
from django.db import DatabaseError, connection, connections, transaction
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks import DEFAULT_TASK_QUEUE_NAME, TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import is_locked_database_exception

from thidua.core import jobs, processes
from thidua.core.models import JobStatus, WorkerProcess
from thidua.core.periodic import PERIODIC_QUEUE, host_queue
from thidua.core.scheduler import Scheduler, prune

log = logging.getLogger(__name__)

BEAT = 1.0  # seconds between heartbeats, scheduler ticks and sweeps
LOCK_WAIT_MS = 250  # a heartbeat never queues behind a long write


class WorkerLost(Exception):
    """Recorded on a task result whose worker died while running it."""


def stale_seconds() -> float:
    return float(getattr(settings, "THIDUA_WORKER_STALE_SECONDS", 10))


def new_worker_id() -> str:
    return f"{processes.hostname()[:40]}-{os.getpid()}-{get_random_string(8)}"


# The sweep ----------------------------------------------------------------------------------------


def dead_workers(*, me: str = "", trust_remote: bool = False) -> tuple[set[str], set[str]]:
    """(dead, live) worker ids among the registered workers other than ``me``."""
    host = processes.hostname()
    limit = Now() - dt.timedelta(seconds=stale_seconds())
    stale = set(WorkerProcess.objects.filter(heartbeat_at__lt=limit).values_list("worker_id", flat=True))
    dead, live = set(), set()
    for worker in WorkerProcess.objects.all():
        if worker.worker_id == me:
            live.add(me)
        elif worker.hostname == host:
            (live if processes.alive(worker.pid, worker.pid_token) else dead).add(worker.worker_id)
        elif trust_remote and worker.worker_id in stale:
            dead.add(worker.worker_id)
        else:
            live.add(worker.worker_id)
    return dead, live


def fail_task_results(worker_ids: set[str]) -> int:
    """Fail the task results the given (dead) workers were running."""
    if not worker_ids:
        return 0
    count = 0
    for result in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).only("id", "worker_ids"):
        if result.worker_ids and result.worker_ids[-1] in worker_ids:
            count += DBTaskResult.objects.filter(id=result.id, status=TaskResultStatus.RUNNING).update(
                status=TaskResultStatus.FAILED,
                finished_at=timezone.now(),
                exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
                traceback=f"WorkerLost: worker {result.worker_ids[-1]} stopped while running this task.",
            )
    return count


def sweep(*, me: str = "", trust_remote: bool = False) -> dict:
    """One pass of the sweeper (see the module's docstring). Returns what it did."""
    dead, live = dead_workers(me=me, trust_remote=trust_remote)
    done = {
        "dead_workers": sorted(dead),
        "task_results": fail_task_results(dead),
        "jobs": jobs.sweep_jobs(dead_workers=dead, live_workers=live),
    }
    if dead:
        WorkerProcess.objects.filter(worker_id__in=dead).delete()
        log.warning("workers %s are dead: %s", ", ".join(sorted(dead)), done)
    done["work_dirs"] = processes.sweep_dead()
    return done


# The threads --------------------------------------------------------------------------------------


@contextlib.contextmanager
def _impatient():
    """Run the block's writes giving up after ``LOCK_WAIT_MS`` behind another writer's lock."""
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA busy_timeout = {LOCK_WAIT_MS}")
        yield
    elif connection.vendor == "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_WAIT_MS}ms'")
            yield
    else:
        yield


class Heartbeat(threading.Thread):
    def __init__(self, worker_id: str):
        super().__init__(name="worker-heartbeat", daemon=True)
        self.worker_id = worker_id
        self.stopping = threading.Event()
        self.healthy_since: float | None = None

    def healthy_for(self) -> float:
        return time.monotonic() - self.healthy_since if self.healthy_since is not None else 0.0

    def run(self) -> None:
        try:
            while not self.stopping.wait(BEAT):
                self.beat()
        finally:
            connections.close_all()

    def beat(self) -> None:
        try:
            with _impatient():
                beating = WorkerProcess.objects.filter(worker_id=self.worker_id).update(heartbeat_at=Now())
            if not beating:
                # A sweeper elsewhere took us for dead (a long outage) and failed our work.
                register(self.worker_id)
        except DatabaseError as exc:
            if not _locked(exc):
                self.healthy_since = None
                log.warning("heartbeat failed: %s", exc)
            connection.close()
            return
        if self.healthy_since is None:
            self.healthy_since = time.monotonic()
        now = timezone.now()
        for job in list(jobs.current.values()):
            # The job's own task may hold its row (its final transaction): then this beat skips it.
            with contextlib.suppress(DatabaseError), _impatient():
                type(job).objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(heartbeat_at=now)


def _locked(exc: DatabaseError) -> bool:
    return is_locked_database_exception(exc) or "lock timeout" in str(exc)


class Housekeeping(threading.Thread):
    def __init__(self, worker_id: str, heartbeat: Heartbeat, *, schedule: bool):
        super().__init__(name="worker-housekeeping", daemon=True)
        self.worker_id = worker_id
        self.heartbeat = heartbeat
        self.scheduler = Scheduler() if schedule else None
        self.stopping = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopping.wait(BEAT):
                try:
                    if self.scheduler is not None:
                        self.scheduler.tick()
                    sweep(me=self.worker_id, trust_remote=self.heartbeat.healthy_for() >= stale_seconds())
                except Exception:
                    log.exception("worker housekeeping failed; trying again in a second")
                    connection.close()
        finally:
            connections.close_all()


class Lane(Worker):
    """The database backend's worker loop, surviving database outages: an error while claiming
    waits and tries again; a task outcome that could not be written is written once the database
    answers again."""

    def __init__(self, *, queue_names: list[str], worker_id: str, interval: float, on_shutdown=None):
        super().__init__(
            queue_names=queue_names,
            interval=interval,
            batch=False,
            backend_name="default",
            startup_delay=True,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        self.on_shutdown = on_shutdown

    def shutdown(self, signum, frame) -> None:
        if self.on_shutdown is not None:
            self.on_shutdown()
        super().shutdown(signum, frame)

    def run_forever(self) -> None:
        while self.running:
            try:
                self.run()
            except DatabaseError:
                log.exception("worker %s: database error; trying again in 2 s", self.worker_id)
                connection.close()
                time.sleep(2)
            finally:
                if threading.current_thread() is not threading.main_thread():
                    connections.close_all()

    def run_task(self, db_task_result: DBTaskResult) -> None:
        try:
            super().run_task(db_task_result)
        except DatabaseError:
            log.exception("task %s: its outcome could not be recorded", db_task_result.id)
            self._record_lost(db_task_result.id)

    def _record_lost(self, result_id) -> None:
        delay = 0.5
        while self.running:
            try:
                DBTaskResult.objects.filter(id=result_id, status=TaskResultStatus.RUNNING).update(
                    status=TaskResultStatus.FAILED,
                    finished_at=timezone.now(),
                    exception_class_path=f"{DatabaseError.__module__}.{DatabaseError.__qualname__}",
                    traceback="The database was unreachable when the task ended.",
                )
                return
            except DatabaseError:
                connection.close()
                time.sleep(delay)
                delay = min(delay * 2, 10)


# The process --------------------------------------------------------------------------------------


def register(worker_id: str) -> None:
    pid = os.getpid()
    WorkerProcess.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "hostname": processes.hostname(),
            "pid": pid,
            "pid_token": processes.start_token(pid),
            "heartbeat_at": Now(),
        },
    )


def serve(*, interval: float = 0.5, schedule: bool = True, stdout=None) -> None:
    """Run a worker until SIGTERM/SIGINT (the current task is finished first; a second signal
    stops it at once, and the job is then failed by the sweep)."""
    worker_id = new_worker_id()
    jobs.identity["worker"] = worker_id
    register(worker_id)
    log.warning("worker %s started (queues: default, %s, %s)", worker_id, PERIODIC_QUEUE, host_queue())
    sweep(me=worker_id)  # what an earlier incarnation on this host left behind
    heartbeat = Heartbeat(worker_id)
    housekeeping = Housekeeping(worker_id, heartbeat, schedule=schedule)
    side = Lane(queue_names=[PERIODIC_QUEUE, host_queue()], worker_id=worker_id, interval=interval)

    def stop_side() -> None:
        side.running = False

    main = Lane(
        queue_names=[DEFAULT_TASK_QUEUE_NAME, PERIODIC_QUEUE, host_queue()],
        worker_id=worker_id,
        interval=interval,
        on_shutdown=stop_side,
    )
    side_thread = threading.Thread(target=side.run_forever, name="worker-side-lane", daemon=True)
    for thread in (heartbeat, housekeeping, side_thread):
        thread.start()
    main.configure_signals()
    try:
        main.run_forever()
    finally:
        side.running = False
        side_thread.join(timeout=30)
        housekeeping.stopping.set()
        heartbeat.stopping.set()
        housekeeping.join(timeout=10)
        heartbeat.join(timeout=10)
        _leave(worker_id)


def _leave(worker_id: str) -> None:
    """A clean exit: what this worker still held is failed now, not at the next sweep elsewhere."""
    try:
        fail_task_results({worker_id})
        registered = set(WorkerProcess.objects.values_list("worker_id", flat=True))
        jobs.sweep_jobs(dead_workers={worker_id}, live_workers=registered)
        WorkerProcess.objects.filter(worker_id=worker_id).delete()
    except DatabaseError:
        log.exception("worker %s: could not deregister; the sweep of another worker will", worker_id)
    processes.remove_own()
    log.warning("worker %s stopped", worker_id)


def prune_results(*, keep_succeeded: dt.timedelta, keep_failed: dt.timedelta) -> int:
    """Forget finished task results (the jobs keep their own outcome) and old scheduler slots."""
    now = timezone.now()
    count = DBTaskResult.objects.filter(
        status=TaskResultStatus.SUCCESSFUL, finished_at__lt=now - keep_succeeded
    ).delete()[0]
    count += DBTaskResult.objects.filter(
        status=TaskResultStatus.FAILED, finished_at__lt=now - keep_failed
    ).delete()[0]
    return count + prune()
