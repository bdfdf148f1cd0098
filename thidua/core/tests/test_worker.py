"""The background machinery: the scheduler enqueues a periodic slot once whatever the number of
workers; the sweeper judges workers dead and fails their task results; child processes die with
their parent and the temporary folders of dead processes are removed; real worker processes
share a queue without running a task twice."""

import datetime as dt
import json
import signal
import subprocess
import sys
import threading
import time
from collections import Counter

import pytest
from django.db import connection, connections
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from thidua.core import processes, worker
from thidua.core.models import ScheduledRun, WorkerProcess
from thidua.core.periodic import Periodic, host_queue
from thidua.core.scheduler import Scheduler
from thidua.core.tests import worker_tasks
from thidua.core.tests.workers import DATABASE_BACKEND, Workers

TICK = "thidua.core.tests.worker_tasks.tick"
RECORD = "thidua.core.tests.worker_tasks.record"


@pytest.fixture
def database_backend(settings):
    settings.TASKS = DATABASE_BACKEND


# Scheduler ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_slot_is_enqueued_once_and_a_waiting_slot_holds_the_next(database_backend):
    """Two schedulers (two workers) meeting the same slot enqueue it once; while it still waits
    in the queue the next slot is skipped; the slot after that carries the previous slot."""
    entry = Periodic("test.tick", task=TICK, every=60)
    first, second = Scheduler([entry]), Scheduler([entry])
    now = timezone.now()
    assert first.tick(now) == ["test.tick"]
    assert second.tick(now) == [] and first.tick(now) == []
    assert ScheduledRun.objects.filter(name="test.tick").count() == 1
    queued = DBTaskResult.objects.get(task_path=TICK)
    slot = ScheduledRun.objects.get().slot
    assert queued.queue_name == "periodic" and queued.priority == 10
    assert queued.args_kwargs["kwargs"] == {"slot": slot.isoformat(), "previous": None}

    later = now + dt.timedelta(seconds=60)
    assert second.tick(later) == []  # the first slot has not run yet
    DBTaskResult.objects.update(status=TaskResultStatus.SUCCESSFUL)
    assert first.tick(later + dt.timedelta(seconds=60)) == ["test.tick"]
    newest = DBTaskResult.objects.filter(status=TaskResultStatus.READY).get()
    assert newest.args_kwargs["kwargs"]["previous"] == slot.isoformat()


@pytest.mark.django_db
def test_a_per_host_task_goes_to_the_hosts_queue(database_backend):
    entry = Periodic("test.local", task=TICK, every=5, per_host=True)
    assert Scheduler([entry]).tick() == [f"test.local@{processes.hostname()}"]
    assert DBTaskResult.objects.get().queue_name == host_queue()
    assert len(host_queue("x" * 100)) <= 32 and host_queue("x" * 100) != host_queue("x" * 99)
    assert Scheduler([Periodic("test.off", task=TICK, every_setting="NO_SUCH_SETTING")]).tick() == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_schedulers_enqueue_a_slot_once_postgres(database_backend):
    """Eight schedulers on eight connections hit the same slot at the same instant: one row, one task."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: DATABASE_URL=postgres://postgres@127.0.0.1:5432/thidua")
    entry = Periodic("test.race", task=TICK, every=60)
    now = timezone.now()
    barrier = threading.Barrier(8)
    won = []

    def run():
        try:
            barrier.wait()
            won.extend(Scheduler([entry]).tick(now))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert won == ["test.race"]
    assert ScheduledRun.objects.filter(name="test.race").count() == 1
    assert DBTaskResult.objects.filter(task_path=TICK).count() == 1


# Sweeper -----------------------------------------------------------------------------------------


def _dead_pid() -> int:
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid


@pytest.mark.django_db
def test_the_sweeper_fails_what_dead_workers_were_running(database_backend):
    """Same host: a worker whose process is gone is dead at once. Another host: dead when its
    heartbeat is stale, but only for a sweeper that trusts its own connection."""
    host = processes.hostname()
    long_ago = timezone.now() - dt.timedelta(hours=1)
    WorkerProcess.objects.create(worker_id="me", hostname=host, pid=1, heartbeat_at=timezone.now())
    WorkerProcess.objects.create(
        worker_id="gone", hostname=host, pid=_dead_pid(), heartbeat_at=timezone.now()
    )
    WorkerProcess.objects.create(worker_id="silent", hostname="elsewhere", pid=1, heartbeat_at=long_ago)
    WorkerProcess.objects.create(worker_id="busy", hostname="elsewhere", pid=1, heartbeat_at=timezone.now())
    assert worker.dead_workers(me="me") == ({"gone"}, {"me", "silent", "busy"})
    assert worker.dead_workers(me="me", trust_remote=True)[0] == {"gone", "silent"}

    def running(worker_id):
        result = DBTaskResult.objects.create(
            args_kwargs={"args": [], "kwargs": {}}, task_path=TICK, backend_name="default"
        )
        DBTaskResult.objects.filter(id=result.id).update(
            status=TaskResultStatus.RUNNING, worker_ids=[worker_id]
        )
        return result.id

    lost, kept = running("gone"), running("busy")
    done = worker.sweep(me="me")
    assert done["dead_workers"] == ["gone"] and done["task_results"] == 1
    lost = DBTaskResult.objects.get(id=lost)
    assert (
        lost.status == TaskResultStatus.FAILED
        and lost.exception_class_path == "thidua.core.worker.WorkerLost"
    )
    assert DBTaskResult.objects.get(id=kept).status == TaskResultStatus.RUNNING
    assert set(WorkerProcess.objects.values_list("worker_id", flat=True)) == {"me", "silent", "busy"}


@pytest.mark.django_db
def test_pruning_forgets_old_results_and_slots_but_each_entrys_latest_slot(database_backend):
    now = timezone.now()

    def result(status, age):
        made = DBTaskResult.objects.create(
            args_kwargs={"args": [], "kwargs": {}}, task_path=TICK, backend_name="default"
        )
        DBTaskResult.objects.filter(id=made.id).update(status=status, finished_at=now - age)
        return made.id

    old_ok = result(TaskResultStatus.SUCCESSFUL, dt.timedelta(days=2))
    new_ok = result(TaskResultStatus.SUCCESSFUL, dt.timedelta(hours=1))
    old_failed = result(TaskResultStatus.FAILED, dt.timedelta(days=2))
    for days in (3, 2):
        ScheduledRun.objects.create(name="test.tick", slot=now - dt.timedelta(days=days))
    assert worker.prune_results(keep_succeeded=dt.timedelta(days=1), keep_failed=dt.timedelta(days=30)) == 2
    assert set(DBTaskResult.objects.values_list("id", flat=True)) == {new_ok, old_failed}
    assert not DBTaskResult.objects.filter(id=old_ok).exists()
    assert list(ScheduledRun.objects.values_list("slot", flat=True)) == [now - dt.timedelta(days=2)]


# Child processes and temporary files -------------------------------------------------------------

PARENT = """
import os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
import django
django.setup()
from django.conf import settings
settings.THIDUA_WORK_DIR = sys.argv[1]
from thidua.core import processes
with processes.temp_dir("pdf-") as tmp:
    (tmp / "half-written.pdf").write_bytes(b"%PDF")
    processes.run(["sh", "-c", "echo $$ > " + sys.argv[2] + "; sleep 60 & echo $! >> " + sys.argv[2] + "; wait"], timeout=120)
"""


def test_children_die_with_their_parent_and_its_files_are_swept(settings, tmp_path):
    """A process killed with SIGKILL in the middle of ``processes.run``: its child dies with it
    (PR_SET_PDEATHSIG), the grandchild is killed by the sweep (it noted the group), and its
    temporary folder goes."""
    settings.THIDUA_WORK_DIR = tmp_path / "work"
    pids = tmp_path / "pids"
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT, str(settings.THIDUA_WORK_DIR), str(pids)], cwd=settings.BASE_DIR
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and len(pids.read_text().split() if pids.exists() else []) < 2:
            time.sleep(0.05)
        child, grandchild = (int(p) for p in pids.read_text().split())
        folder = next(settings.THIDUA_WORK_DIR.glob(f"{processes.hostname()}.{parent.pid}.*"))
        assert list(folder.glob("pdf-*/half-written.pdf")) and list((folder / "children").iterdir())
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and processes.alive(child):
            time.sleep(0.02)
        assert not processes.alive(child)
        assert processes.alive(grandchild)  # LibreOffice's helpers do not inherit the death signal
        assert processes.sweep_dead() == [folder.name]
        assert not folder.exists()
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and processes.alive(grandchild):
            time.sleep(0.02)
        assert not processes.alive(grandchild)
    finally:
        parent.kill()


def test_a_child_that_overruns_is_killed_with_its_whole_group(settings, tmp_path):
    settings.THIDUA_WORK_DIR = tmp_path / "work"
    pids = tmp_path / "pids"
    with pytest.raises(subprocess.TimeoutExpired):
        processes.run(["sh", "-c", f"sleep 60 & echo $! > {pids}; wait"], timeout=1)
    grandchild = int(pids.read_text())
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and processes.alive(grandchild):
        time.sleep(0.02)
    assert not processes.alive(grandchild)
    assert not list((processes.work_dir() / "children").iterdir())


# Real workers ------------------------------------------------------------------------------------


def _drain(tmp_path, count: int = 50) -> tuple[Counter, set]:
    """Two worker processes, one queue of ``count`` tasks: how often each task ran, by which pids."""
    runs = tmp_path / "runs.txt"
    workers = Workers(tmp_path)
    try:
        if workers.sqlite:
            for n in range(count):
                worker_tasks.record.enqueue(n, str(runs))
            workers.share()
            a, b = workers.start(), workers.start()
        else:
            a, b = workers.start(), workers.start()
            workers.wait_for(lambda: WorkerProcess.objects.count() == 2, timeout=60)
            for n in range(count):
                worker_tasks.record.enqueue(n, str(runs))
        workers.wait_for(
            lambda: (
                workers.query(
                    "SELECT COUNT(*) FROM django_tasks_database_dbtaskresult WHERE task_path = ? AND status = ?",
                    (RECORD, "SUCCESSFUL"),
                )[0][0]
                == count
            ),
            timeout=90,
        )
        results = workers.query(
            "SELECT worker_ids FROM django_tasks_database_dbtaskresult WHERE task_path = ?", (RECORD,)
        )
    finally:
        workers.stop()
    assert a.returncode == 0 and b.returncode == 0, workers.logs()
    assert all(len(_ids(ids)) == 1 for (ids,) in results)  # each claimed once
    lines = [line.split() for line in runs.read_text().splitlines()]
    return Counter(int(n) for n, _ in lines), {int(pid) for _, pid in lines}


def _ids(value) -> list:
    return json.loads(value) if isinstance(value, str) else value


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_drain_one_queue_without_running_a_task_twice_postgres(database_backend, tmp_path):
    """Two worker processes on PostgreSQL (claims with SELECT … FOR UPDATE SKIP LOCKED) run 50
    tasks: every task exactly once, and both workers took part."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: DATABASE_URL=postgres://postgres@127.0.0.1:5432/thidua")
    runs, pids = _drain(tmp_path)
    assert runs == Counter(range(50)) and len(pids) == 2


@pytest.mark.django_db(transaction=True)
def test_two_workers_drain_one_queue_without_running_a_task_twice_sqlite(database_backend, tmp_path):
    """The same on a SQLite file (claims in an exclusive transaction), as the demo runs."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite variant; the PostgreSQL variant is the test above")
    runs, pids = _drain(tmp_path)
    assert runs == Counter(range(50)) and len(pids) == 2
