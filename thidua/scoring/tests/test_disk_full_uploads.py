"""Evidence uploads on a full or read-only disk (issue 18 item 3): written under a temporary name
and moved into place after the commit, so a failure leaves no orphan file and no row without its
file; ``manage.py check_files`` and its periodic task report orphans and missing files."""

import errno
import os

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from thidua.core import alarms, scheduler
from thidua.core import files as core_files
from thidua.core.models import AuditEvent
from thidua.organisations.models import Unit
from thidua.scoring import files, services
from thidua.scoring.models import Evidence
from thidua.scoring.tests.conftest import PDF


@pytest.fixture(autouse=True)
def fresh_alarms():
    alarms.reset()
    yield
    alarms.reset()


def add(world, cur, leaf, name="bao-cao.pdf"):
    return services.evidence_add(
        actor=world.officer_a,
        bloc_year=cur,
        unit=Unit.objects.get(code="TAND"),
        item=leaf("4.1"),
        name=name,
        data=PDF,
    )


def on_disk():
    return set(files.root().iterdir())


def test_an_upload_whose_database_write_fails_leaves_no_file(world, cur, leaf, monkeypatch):
    before, rows = on_disk(), Evidence.objects.count()

    def broken(**kwargs):
        raise RuntimeError("database write failed after the file was saved")

    monkeypatch.setattr(services, "audit", broken)
    with pytest.raises(RuntimeError):
        add(world, cur, leaf)
    assert on_disk() == before
    assert Evidence.objects.count() == rows


@pytest.mark.parametrize("failure", ["enospc_on_write", "erofs_on_open", "readonly_dir"])
def test_an_upload_whose_disk_write_fails_leaves_no_row(world, cur, leaf, monkeypatch, failure):
    before, rows = on_disk(), Evidence.objects.count()
    real_write, real_open = os.write, os.open
    if failure == "readonly_dir":
        if os.geteuid() == 0:
            pytest.skip("root writes through chmod 0o500; the other cases simulate the failure")
        files.root().chmod(0o500)
    elif failure == "enospc_on_write":
        written = []

        def write(fd, data):  # the first chunk goes through, the disk is full after it
            if written:
                raise OSError(errno.ENOSPC, "No space left on device")
            written.append(fd)
            return real_write(fd, bytes(data)[:10])

        monkeypatch.setattr(os, "write", write)
    else:

        def open_(path, *args, **kwargs):
            if core_files.TEMP_PREFIX in str(path):
                raise OSError(errno.EROFS, "Read-only file system")
            return real_open(path, *args, **kwargs)

        monkeypatch.setattr(os, "open", open_)
    try:
        with pytest.raises(ValidationError) as exc:
            add(world, cur, leaf)
    finally:
        monkeypatch.undo()
        if failure == "readonly_dir":
            files.root().chmod(0o700)
    assert "ổ đĩa" in str(exc.value)
    assert Evidence.objects.count() == rows
    assert on_disk() == before  # no truncated file left behind
    alarm = AuditEvent.objects.get(action=alarms.ACTION, object_id="files.write_failed")
    assert "Không ghi được tệp" in alarm.object_repr


def test_the_file_is_moved_into_place_at_commit(world, cur, leaf, django_capture_on_commit_callbacks):
    # Other tests of this process may have left temporaries of interrupted uploads on purpose.
    staged_before = {p for p in on_disk() if p.name.startswith(core_files.TEMP_PREFIX)}
    with django_capture_on_commit_callbacks(execute=True):
        evidence = add(world, cur, leaf)
    assert files.path_of(evidence.storage_name).read_bytes() == PDF
    assert {p for p in on_disk() if p.name.startswith(core_files.TEMP_PREFIX)} == staged_before


def test_a_move_that_fails_after_the_commit_removes_the_row(
    world, cur, leaf, monkeypatch, django_capture_on_commit_callbacks
):
    """The chosen rule: no row may point at a missing file, so the row goes (and an alarm)."""
    before = on_disk()

    def replace(src, dst):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(os, "replace", replace)
    with django_capture_on_commit_callbacks(execute=True):
        evidence = add(world, cur, leaf)
    monkeypatch.undo()
    assert not Evidence.objects.filter(pk=evidence.pk).exists()
    assert on_disk() == before
    assert AuditEvent.objects.filter(action=alarms.ACTION, object_id="files.move_failed").exists()


def test_check_files_reports_a_planted_orphan_and_a_planted_missing_file(
    world, cur, leaf, client_for, django_capture_on_commit_callbacks, capsys
):
    baseline = core_files.check(clean=False)
    with django_capture_on_commit_callbacks(execute=True):
        gone = add(world, cur, leaf, name="mat-tep.pdf")
    files.path_of(gone.storage_name).unlink()  # missing: a row without its file
    orphan = files.root() / "orphan-planted-by-test"
    orphan.write_bytes(b"nobody's")  # orphan: a file without its row
    try:
        result = core_files.check(clean=False)
        assert orphan in result.orphans and orphan not in baseline.orphans
        assert ("scoring.Evidence", files.path_of(gone.storage_name)) in result.missing
        assert len(result.orphans) == len(baseline.orphans) + 1
        assert len(result.missing) == len(baseline.missing) + 1

        with pytest.raises(SystemExit):
            call_command("check_files", "--no-clean", "--verbose-list")
        out = capsys.readouterr().out
        assert f"Tệp mồ côi: {len(result.orphans)}; bản ghi thiếu tệp: {len(result.missing)}" in out
        assert str(orphan) in out
        alarm = AuditEvent.objects.get(action=alarms.ACTION, object_id="files.check")
        assert alarm.after["orphans"] == len(result.orphans) and alarm.after["missing"] == len(result.missing)
        assert str(orphan) in alarm.after["orphan_files"]
        html = client_for("admin").get(reverse("core:audit_list")).content.decode()
        assert "tệp không thuộc bản ghi nào" in html

        # The periodic task runs the same check (once per period for its alarm).
        alarms.reset()
        counts = core_files.check_files.call(slot="2026-12-05T00:00:00")
        assert counts["orphans"] == len(result.orphans) and counts["missing"] == len(result.missing)
    finally:
        orphan.unlink(missing_ok=True)


def test_check_files_is_a_registered_periodic_task():
    entry = next(e for e in scheduler.entries() if e.name == "core.check_files")
    assert entry.task == "thidua.core.files.check_files" and entry.interval() > 0


def test_stale_temporary_files_of_interrupted_uploads_are_removed(world):
    """A transaction rolled back further out leaves a temporary file no row names."""
    stale = files.root() / f"{core_files.TEMP_PREFIX}interrupted"
    stale.write_bytes(b"half")
    fresh = files.root() / f"{core_files.TEMP_PREFIX}in-progress"
    fresh.write_bytes(b"half")
    old = stale.stat().st_mtime - core_files.STALE_TEMP_SECONDS - 10
    os.utime(stale, (old, old))
    try:
        result = core_files.check()
        assert not stale.exists() and result.removed_temporaries >= 1
        assert fresh.exists() and fresh in result.temporaries and fresh not in result.orphans
    finally:
        stale.unlink(missing_ok=True)
        fresh.unlink(missing_ok=True)
