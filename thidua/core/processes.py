"""Temporary files and child processes that die with the process that made them.

A worker killed with SIGKILL runs no ``finally``: its ``TemporaryDirectory`` stays and its
LibreOffice keeps running. So every process keeps its temporary folders under one folder of its
own, ``<THIDUA_WORK_DIR>/<host>.<pid>.<start time>/``, and notes there the process group of each
child it starts. A child is started in its own session with ``PR_SET_PDEATHSIG`` (Linux): the
kernel kills it when the thread that started it dies. ``sweep_dead()``, run by every worker,
finds the folders of this host's dead processes, kills what is left of their children's process
groups (LibreOffice's own children do not inherit the death signal) and removes the folders.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings

log = logging.getLogger(__name__)

PR_SET_PDEATHSIG = 1
CHILDREN = "children"  # sub-folder of a work folder: one file per child process group
# libc is loaded before any fork: the child must not take the loader's lock between fork and exec.
_libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True) if sys.platform == "linux" else None


def hostname() -> str:
    return socket.gethostname()


def _stat(pid: int) -> list[str]:
    """/proc/<pid>/stat after the command name: [state, ppid, pgrp, …]; [] when unknown."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return []


def start_token(pid: int) -> str:
    """When the process started (clock ticks since boot, Linux), "" elsewhere or when it is gone:
    with the pid it names one process, even after the pid is reused."""
    fields = _stat(pid)
    return fields[19] if fields else ""


def alive(pid: int, token: str = "") -> bool:
    """Is the process ``pid`` (started at ``token``, when known) still running on this host? A
    zombie (dead, not yet reaped by its parent) is not."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # it exists, under another user
    fields = _stat(pid)
    if not fields:
        return sys.platform != "linux"
    return fields[0] != "Z" and (not token or fields[19] == token)


_work: dict[int, Path] = {}


def work_root() -> Path:
    return Path(settings.THIDUA_WORK_DIR)


def work_dir() -> Path:
    """This process's folder (created on first use; a forked child gets its own)."""
    pid = os.getpid()
    path = _work.get(pid)
    if path is None:
        path = work_root() / f"{hostname()}.{pid}.{start_token(pid) or '0'}"
        _work[pid] = path
    (path / CHILDREN).mkdir(parents=True, exist_ok=True)
    return path


@contextlib.contextmanager
def temp_dir(prefix: str = "tmp-") -> Iterator[Path]:
    """A temporary folder inside this process's work folder, removed on exit (and by a worker's
    sweep if this process is killed first)."""
    path = Path(tempfile.mkdtemp(prefix=prefix, dir=work_dir()))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def _die_with_parent(parent: int):
    def setup() -> None:  # runs in the child between fork and exec
        if _libc is not None:
            _libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:  # the parent died before the death signal was armed
            os._exit(1)

    return setup


def run(args: list[str], *, timeout: float) -> subprocess.CompletedProcess:
    """``subprocess.run(args, check=True, capture_output=True, timeout=…)`` for a child that must
    not outlive this process: it runs in its own process group, killed by the kernel if our thread
    dies (Linux), noted in the work folder for the sweep, and the whole group (not only the
    child, as ``subprocess.run`` does) is killed on a timeout or once the child has exited."""
    notes = work_dir() / CHILDREN
    proc = subprocess.Popen(
        args,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        preexec_fn=_die_with_parent(os.getpid()),  # libc is loaded before the fork
    )
    note = notes / f"{proc.pid}.{start_token(proc.pid) or '0'}"
    note.touch()
    try:
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            kill_group(proc.pid)
            proc.communicate()
            raise
        except BaseException:
            kill_group(proc.pid)
            proc.wait()
            raise
    finally:
        kill_group(proc.pid)  # what the child left behind (LibreOffice's helpers)
        note.unlink(missing_ok=True)
    if proc.returncode:
        raise subprocess.CalledProcessError(proc.returncode, args, out, err)
    return subprocess.CompletedProcess(args, proc.returncode, out, err)


def kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


def _group_members(pgid: int, since: int) -> list[int]:
    """Live processes of the group ``pgid`` started no earlier than tick ``since`` (Linux)."""
    members = []
    for entry in Path("/proc").iterdir():
        fields = _stat(int(entry.name)) if entry.name.isdigit() else []
        if fields and int(fields[2]) == pgid and int(fields[19]) >= since and fields[0] != "Z":
            members.append(int(entry.name))
    return members


def _kill_noted_children(folder: Path) -> int:
    killed = 0
    for note in (folder / CHILDREN).glob("*.*"):
        pgid, _, token = note.name.partition(".")
        if not pgid.isdigit():
            continue
        if sys.platform == "linux":
            members = _group_members(int(pgid), int(token) if token.isdigit() else 0)
            for pid in members:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.kill(pid, signal.SIGKILL)
            killed += len(members)
        elif alive(int(pgid)):
            kill_group(int(pgid))
            killed += 1
    return killed


def sweep_dead() -> list[str]:
    """Kill the leftover children of this host's dead processes and remove their work folders.
    Returns the folders removed."""
    root = work_root()
    if not root.is_dir():
        return []
    mine = hostname() + "."
    removed = []
    for folder in root.iterdir():
        if not folder.name.startswith(mine) or not folder.is_dir():
            continue
        pid, _, token = folder.name[len(mine) :].partition(".")
        if not pid.isdigit() or alive(int(pid), "" if token == "0" else token):
            continue
        killed = _kill_noted_children(folder)
        shutil.rmtree(folder, ignore_errors=True)
        log.warning("removed the work folder of dead process %s (%d leftover children killed)", pid, killed)
        removed.append(folder.name)
    return removed


def remove_own() -> None:
    """On a clean exit: this process's work folder goes (its children have ended)."""
    path = _work.pop(os.getpid(), None)
    if path is not None:
        _kill_noted_children(path)
        shutil.rmtree(path, ignore_errors=True)
