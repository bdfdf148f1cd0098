"""A task backend for browser tests: each task runs in a thread of the test process, as a worker
would run it beside the web server, so that pages show their progress bars. (A real worker
process cannot open the in-memory test database; ``test_worker`` runs real ones on a file.)

The in-memory database is one SQLite connection shared by the live server's request threads and
the task's thread. Two threads on one connection are not two connections: they share its
transaction state and its ``changes()`` count, so a request's UPDATE of no rows made the task's
progress UPDATE look like it had matched none (the job then stayed "running" for ever). While a
task runs on the shared connection, it and the live server's writing requests (POST and the
other unsafe methods) therefore take turns (``TakeTurnsMiddleware``, test settings only). Pages
and progress polls, which read, run beside the task, so that a page shows a job's progress bar."""

import threading

import pytest
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.crypto import get_random_string
from django_tasks import TaskResult, TaskResultStatus, default_task_backend
from django_tasks.backends.immediate import ImmediateBackend

# Held by a task running on the shared in-memory connection, and by each writing live-server request.
TURN = threading.Lock()


class TakeTurnsMiddleware:
    """Outermost middleware of the test settings: a writing request waits for a running task (and a
    task for the writing request in hand, e.g. the one that queued it) when both would use the
    shared in-memory connection."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        db = connections[DEFAULT_DB_ALIAS]
        if request.method in ("GET", "HEAD", "OPTIONS") or not (
            db.vendor == "sqlite" and db.is_in_memory_db()
        ):
            return self.get_response(request)
        with TURN:
            return self.get_response(request)


class ThreadBackend(ImmediateBackend):
    def __init__(self, alias: str, params: dict):
        super().__init__(alias, params)
        self.threads: list[threading.Thread] = []

    def enqueue(self, task, args, kwargs) -> TaskResult:
        self.validate_task(task)
        result = TaskResult(
            task=task,
            id=get_random_string(32),
            status=TaskResultStatus.READY,
            enqueued_at=None,
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=args,
            kwargs=kwargs,
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
        # The in-memory database exists only on its one connection: share it, as the live server does.
        db = connections[DEFAULT_DB_ALIAS]
        shared = db if db.vendor == "sqlite" and db.is_in_memory_db() else None
        if shared is not None:
            shared.inc_thread_sharing()
        thread = threading.Thread(target=self._run, args=(result, shared), daemon=True)
        self.threads.append(thread)
        thread.start()
        return result

    def _run(self, result, shared) -> None:
        if shared is not None:
            connections[DEFAULT_DB_ALIAS] = shared
        try:
            if shared is not None:
                with TURN:
                    self._execute_task(result)
            else:
                self._execute_task(result)
        finally:
            if shared is not None:
                shared.dec_thread_sharing()
            else:
                connections.close_all()


@pytest.fixture
def background_tasks(settings):
    """Tasks run in the background (a thread), not in the request that queued them."""
    settings.TASKS = {"default": {"BACKEND": "thidua.core.tests.backends.ThreadBackend", "QUEUES": []}}
    yield default_task_backend
    for thread in default_task_backend.threads:
        thread.join(timeout=60)
