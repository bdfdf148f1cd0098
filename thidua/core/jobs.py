"""The life of a job (``thidua.core.models.Job``), shared by every kind of job.

A service stores the job row and calls ``enqueue(job)``: once its transaction commits, the job's
task (``Job.task_path``, an ``@task`` of the app's tasks.py) is queued with the job's pk. In a
worker the task ``claim``s the job (pending → running), does its work inside ``running(job)``,
reports with ``progress(job, …)`` and ends it with ``finish`` or ``fail``; all of them change the
row only while it is still running, so a job that a sweeper failed meanwhile (its worker was
judged dead) is never overwritten, and ``progress`` tells the task to stop (``Interrupted``).
``sweep_jobs`` is the part of the worker's sweeper that fails the jobs nobody will finish.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import threading
import time
from collections.abc import Iterator

from django.apps import apps
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import TaskResultStatus, default_task_backend
from django_tasks.exceptions import TaskResultDoesNotExist

from thidua.core.audit import audit
from thidua.core.models import JOB_ACTIVE, Job, JobStatus

log = logging.getLogger(__name__)

INTERRUPTED = "Tiến trình xử lý bị dừng đột ngột; hãy chạy lại."
UNEXPECTED = "Lỗi hệ thống khi xử lý; hãy chạy lại, nếu vẫn lỗi hãy báo quản trị hệ thống."
DATABASE_LOST = (
    "Mất kết nối cơ sở dữ liệu trong lúc xử lý; không có dữ liệu nào được ghi dở dang. Hãy chạy lại."
)
NEVER_QUEUED = "Không đưa được việc này vào hàng đợi xử lý nền; hãy chạy lại."
# A pending job whose task was not queued this long after its creation never will be.
QUEUE_GRACE = dt.timedelta(seconds=60)
# A running job with no worker noted (run inline by an older version) is failed after this.
ORPHAN_AFTER = dt.timedelta(minutes=2)


class Interrupted(Exception):
    """The job is no longer running (a sweeper failed it, or it was deleted): stop its work."""


# Which process is running the work (set by ``manage.py run_worker``; "" in a web process).
identity = {"worker": ""}
# Jobs being run by the threads of this process, for the heartbeat thread: {thread id: job}.
current: dict[int, Job] = {}
_current_lock = threading.Lock()


def jobs_models() -> list[type[Job]]:
    return [m for m in apps.get_models() if issubclass(m, Job)]


def enqueue(job: Job) -> None:
    """Queue the job's task once the current transaction commits (at once outside one). If the
    queue cannot be reached the job stays pending without a task and the sweeper fails it."""
    model, pk = type(job), job.pk

    def send() -> None:
        result = import_string(model.task_path).enqueue(pk)
        model.objects.filter(pk=pk, task_id="").update(task_id=str(result.id))

    transaction.on_commit(send, robust=True)


def claim(model: type[Job], pk: int, *, phase: str, task_id: str = "") -> Job | None:
    """Move a pending job to running in this process; None when it is not pending (already run,
    being run, failed meanwhile) or no longer exists."""
    now = timezone.now()
    fields = {"status": JobStatus.RUNNING, "phase": phase, "started_at": now, "heartbeat_at": now}
    fields["worker"] = identity["worker"]
    if task_id:
        fields["task_id"] = task_id
    if not model.objects.filter(pk=pk, status=JobStatus.PENDING).update(**fields):
        return None
    return model.objects.get(pk=pk)


def progress(job: Job, **fields) -> None:
    """Record progress (``done``, ``total``, ``phase``, ``errors``, domain fields) and a heartbeat.
    Raises ``Interrupted`` when the job is no longer running."""
    still = type(job).objects.filter(pk=job.pk, status=JobStatus.RUNNING)
    if not still.update(heartbeat_at=timezone.now(), **fields):
        raise Interrupted
    for name, value in fields.items():
        setattr(job, name, value)


def lock_running(job: Job) -> Job:
    """Inside a transaction: the job's row, locked, while it is still running; else ``Interrupted``
    (the transaction then writes nothing)."""
    fresh = type(job).objects.select_for_update().filter(pk=job.pk).first()
    if fresh is None or fresh.status != JobStatus.RUNNING:
        raise Interrupted
    return fresh


def mark_finished(job: Job, *, status: str, message: str) -> None:
    """Set the final fields on a locked row (the caller saves it and writes its audit record)."""
    job.status = status
    job.message = message
    job.phase = ""
    if status == JobStatus.SUCCEEDED:
        job.done = job.total
    job.finished_at = job.heartbeat_at = timezone.now()


def finish(job: Job, *, status: str, message: str, actor=None, after: dict | None = None, **fields) -> Job:
    """End a running job with its result, audited as "<audit_name>.finish"; a job that is no
    longer running is left as it is (``Interrupted``)."""
    with transaction.atomic():
        locked = lock_running(job)
        for name, value in fields.items():
            setattr(locked, name, value)
        mark_finished(locked, status=status, message=message)
        locked.save()
        audit(
            actor=actor,
            action=f"{locked.audit_name}.finish",
            obj=locked,
            after={"status": status, "message": message, **(after or {})},
        )
    return locked


def fail(job: Job, message: str, *, errors: list | None = None, action: str = "fail", **fields) -> Job:
    """Fail a pending or running job with a Vietnamese message (and, for the page, ``errors``),
    audited as "<audit_name>.<action>"; a finished job is left as it is. Returns the fresh row."""
    return _fail(job, message, errors=errors, action=action, **fields)[0]


def _fail(job: Job, message: str, *, errors: list | None, action: str, **fields) -> tuple[Job, bool]:
    model = type(job)
    now = timezone.now()
    if errors is not None:
        fields["errors"] = errors
    with transaction.atomic():
        moved = model.objects.filter(pk=job.pk, status__in=JOB_ACTIVE).update(
            status=JobStatus.FAILED, message=message, phase="", finished_at=now, heartbeat_at=now, **fields
        )
        fresh = model.objects.filter(pk=job.pk).first()
        if moved and fresh is not None:
            audit(
                actor=None,
                action=f"{model.audit_name}.{action}",
                obj=fresh,
                after={"status": fresh.status, "message": message},
            )
    return (fresh if fresh is not None else job), bool(moved)


@contextlib.contextmanager
def running(job: Job) -> Iterator[Job]:
    """Around a claimed job's work: the worker's heartbeat thread beats for it; ``Interrupted``
    ends the work quietly; any other error fails the job with a Vietnamese message and is raised
    again, so that the task result keeps the traceback for the administrator."""
    me = threading.get_ident()
    with _current_lock:
        current[me] = job
    try:
        yield job
    except Interrupted:
        log.warning("%s %s: no longer running, its work stops", type(job).__name__, job.pk)
    except DatabaseError:
        log.exception("%s %s: database error", type(job).__name__, job.pk)
        _fail_when_possible(job, DATABASE_LOST)
        raise
    except Exception:
        log.exception("%s %s crashed", type(job).__name__, job.pk)
        _fail_when_possible(job, UNEXPECTED)
        raise
    finally:
        with _current_lock:
            current.pop(me, None)


def _fail_when_possible(job: Job, message: str, *, attempts: int = 30) -> None:
    """Record the failure, waiting for the database to come back (an outage) a little while; if it
    does not, the sweeper records it once this worker has gone."""
    for attempt in range(attempts):
        try:
            fail(job, message, action="crash")
            return
        except DatabaseError:
            if attempt == attempts - 1 or transaction.get_connection().in_atomic_block:
                log.exception("%s %s: could not record the failure", type(job).__name__, job.pk)
                return
            transaction.get_connection().close()
            time.sleep(min(2.0, 0.1 * 2**attempt))


def _task_finished(task_id: str) -> bool | None:
    """Did the job's task end (or vanish)? None when the backend cannot say."""
    if not default_task_backend.supports_get_result:
        return None
    try:
        return default_task_backend.get_result(task_id).status in (
            TaskResultStatus.SUCCESSFUL,
            TaskResultStatus.FAILED,
        )
    except TaskResultDoesNotExist:
        return True


def sweep_jobs(*, dead_workers: set[str], live_workers: set[str]) -> int:
    """Fail the jobs nobody will finish, each with ``INTERRUPTED`` (or ``NEVER_QUEUED``) and an
    audit record: running on a dead worker; running with no worker (an older version) and silent;
    pending or running while their task has ended; pending without a task long after creation."""
    now = timezone.now()
    failed = 0
    for model in jobs_models():
        for job in model.objects.filter(status__in=JOB_ACTIVE).defer(*_heavy(model)):
            message = None
            if job.status == JobStatus.RUNNING:
                if job.worker:
                    gone = job.worker in dead_workers or job.worker not in live_workers
                else:
                    gone = not job.heartbeat_at or job.heartbeat_at < now - ORPHAN_AFTER
                if gone or (job.task_id and _task_finished(job.task_id)):
                    message = INTERRUPTED
            elif not job.task_id:
                if job.created_at < now - QUEUE_GRACE:
                    message = NEVER_QUEUED
            elif _task_finished(job.task_id):
                message = INTERRUPTED
            if message:
                failed += _fail(job, message, errors=None, action="interrupted")[1]
    return failed


def _heavy(model) -> list[str]:
    """Fields not worth loading to judge a job (an uploaded file)."""
    return [f.name for f in model._meta.concrete_fields if f.get_internal_type() == "BinaryField"]
