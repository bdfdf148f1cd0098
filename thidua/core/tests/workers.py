"""Real worker processes (``manage.py run_worker``) on the test database, for the tests of the
worker itself: two workers sharing a queue, a worker killed mid-task."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)
DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}


class Workers:
    """Worker processes on the test database: PostgreSQL's test database itself, or for SQLite
    (in memory, invisible to other processes) a file copy made by ``share()`` once the test's
    data is committed (``django_db(transaction=True)``)."""

    def __init__(self, tmp_path: Path):
        self.tmp = tmp_path
        self.var = tmp_path / "var"
        self.var.mkdir(parents=True, exist_ok=True)
        self.sqlite = connection.vendor == "sqlite"
        self.file = tmp_path / "worker.sqlite3"
        self.procs: list[subprocess.Popen] = []

    @property
    def work_root(self) -> Path:
        return self.var / "work"

    def share(self) -> None:
        if self.sqlite:
            connection.ensure_connection()
            target = sqlite3.connect(self.file)
            connection.connection.backup(target)
            target.close()

    def url(self) -> str:
        if self.sqlite:
            return f"sqlite:///{self.file}"
        db = connection.settings_dict
        auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
        return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"

    def start(self, *args: str, **env: str) -> subprocess.Popen:
        log = open(self.tmp / f"worker-{len(self.procs)}.log", "wb")  # noqa: SIM115 - closed with the process
        proc = subprocess.Popen(
            [sys.executable, "manage.py", "run_worker", "--interval", "0.2", *args],
            cwd=ROOT,
            env={
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "thidua.core.tests.worker_settings",
                "DATABASE_URL": self.url(),
                "THIDUA_VAR_DIR": str(self.var),
                "THIDUA_PDF": "false",
                "THIDUA_LOG_LEVEL": "WARNING",
                **env,
            },
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        proc.log = log
        self.procs.append(proc)
        return proc

    def query(self, sql: str, params=()) -> list[tuple]:
        """Read what the workers wrote (SQLite: from the file; PostgreSQL: the same database)."""
        if self.sqlite:
            with sqlite3.connect(self.file, timeout=20) as db:
                return db.execute(sql, params).fetchall()
        with connection.cursor() as cursor:
            cursor.execute(sql.replace("?", "%s"), params)
            return cursor.fetchall()

    def wait_for(self, what, *, timeout: float, step: float = 0.05):
        """Poll ``what()`` until it returns something true; fail with the workers' logs if not."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            value = what()
            if value:
                return value
            if self.procs and all(proc.poll() is not None for proc in self.procs):
                break
            time.sleep(step)
        raise AssertionError(f"timed out after {timeout} s (or every worker exited)\n{self.logs()}")

    def logs(self) -> str:
        return "\n".join(
            f"--- {path.name}\n{path.read_text(errors='replace')[-4000:]}"
            for path in sorted(self.tmp.glob("*.log"))
        )

    def stop(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in self.procs:
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            proc.log.close()
