"""Tasks for the tests of the worker (importable by worker processes)."""

import os
import time

from django_tasks import task


@task()
def record(n: int, path: str, pause: float = 0.1) -> int:
    """Note that task ``n`` ran in this process (one small append: lines never interleave)."""
    with open(path, "a") as fh:
        fh.write(f"{n} {os.getpid()}\n")
    time.sleep(pause)
    return n


@task()
def tick(*, slot: str, previous: str | None = None) -> str:
    return slot
