"""A worker killed with SIGKILL in the middle of a dossier job, while "LibreOffice" converts: the
other worker fails the job within seconds with a Vietnamese message, LibreOffice and its helper
die, and the dead worker's temporary folder is removed. Real worker processes on a real database
(a file copy of the SQLite test database, or PostgreSQL's test database)."""

import os
import signal
import stat
import time

import pytest

from thidua.core import processes
from thidua.core.jobs import INTERRUPTED
from thidua.core.tests.workers import DATABASE_BACKEND, Workers
from thidua.organisations.models import BlocYear
from thidua.proposals import jobs, services
from thidua.proposals.choices import ProposalStatus
from thidua.proposals.models import Proposal

# LibreOffice's stand-in: notes its pid and its helper's, then converts forever.
FAKE_SOFFICE = """#!/bin/sh
echo $$ >> "$FAKE_SOFFICE_PIDS"
sleep 600 &
echo $! >> "$FAKE_SOFFICE_PIDS"
wait
"""


def _draft_proposal(world) -> Proposal:
    """A collective proposal of 2019 back to draft with its report (the demo may have decided them all)."""
    by = BlocYear.objects.get(bloc__code="KNC", year=2019)
    proposal = Proposal.objects.filter(bloc_year=by, unit__isnull=False).order_by("pk").first()
    if proposal is None:
        proposal = services.proposals_from_outcomes(actor=world.provincial, bloc_year=by)[0]
    Proposal.objects.filter(pk=proposal.pk).update(
        status=ProposalStatus.DRAFT, achievement_report="I. Thành tích nổi bật trong năm."
    )
    return Proposal.objects.get(pk=proposal.pk)


def _parent(pid: int) -> int:
    with open(f"/proc/{pid}/stat") as fh:
        return int(fh.read().rsplit(")", 1)[1].split()[1])


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_job_fails_it_within_seconds_and_leaves_nothing_behind(world, settings, tmp_path):
    if not os.path.isdir("/proc"):
        pytest.skip("needs Linux (/proc) to follow the child processes")
    settings.TASKS = DATABASE_BACKEND
    proposal = _draft_proposal(world)
    job = jobs.dossier_job_start(actor=world.provincial, proposals=[proposal])  # queued at once: autocommit
    assert job.task_id

    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    soffice = fake_bin / "soffice"
    soffice.write_text(FAKE_SOFFICE)
    soffice.chmod(soffice.stat().st_mode | stat.S_IEXEC)
    pids = tmp_path / "soffice.pids"
    workers = Workers(tmp_path)
    workers.share()
    env = {"PATH": f"{fake_bin}:{os.environ['PATH']}", "THIDUA_PDF": "true", "FAKE_SOFFICE_PIDS": str(pids)}
    try:
        first, second = workers.start(**env), workers.start(**env)
        workers.wait_for(lambda: pids.exists() and len(pids.read_text().split()) == 2, timeout=120)
        child, helper = (int(p) for p in pids.read_text().split())
        holder = _parent(child)
        assert holder in (first.pid, second.pid)
        status = workers.query("SELECT status, phase FROM proposals_dossierjob WHERE id = ?", (job.pk,))[0]
        assert status[0] == "running" and "đang chuyển 4 tệp sang PDF" in status[1]
        folder = next(workers.work_root.glob(f"{processes.hostname()}.{holder}.*"))
        assert list(folder.glob("pdf-*/document-0.docx"))

        os.kill(holder, signal.SIGKILL)
        killed = time.monotonic()
        message = workers.wait_for(
            lambda: workers.query(
                "SELECT message FROM proposals_dossierjob WHERE id = ? AND status = 'failed'", (job.pk,)
            ),
            timeout=10,
        )[0][0]
        elapsed = time.monotonic() - killed
        print(f"\nSIGKILL to job failed: {elapsed:.2f} s")
        assert message == INTERRUPTED and elapsed < 5
        assert workers.query(
            "SELECT status, exception_class_path FROM django_tasks_database_dbtaskresult WHERE id = ?",
            (job.task_id.replace("-", "") if workers.sqlite else job.task_id,),
        ) == [("FAILED", "thidua.core.worker.WorkerLost")]
        assert workers.query(
            "SELECT COUNT(*) FROM core_auditevent WHERE action = 'dossier_job.interrupted' AND object_id = ?",
            (str(job.pk),),
        ) == [(1,)]
        workers.wait_for(lambda: not processes.alive(child) and not processes.alive(helper), timeout=10)
        workers.wait_for(lambda: not folder.exists(), timeout=10)
        # The proposal's Word files made before the crash are kept; nothing else is half-written.
        assert workers.query(
            "SELECT COUNT(*) FROM documents_generateddocument WHERE file_format = 'pdf'"
        ) == [(0,)]
    finally:
        workers.stop()
    survivor = second if holder == first.pid else first
    assert survivor.returncode == 0, workers.logs()
    assert workers.query("SELECT COUNT(*) FROM core_workerprocess") == [(0,)]
