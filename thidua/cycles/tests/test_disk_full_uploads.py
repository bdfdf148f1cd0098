"""Regulations and signature scans on a full disk or a failing database (issue 18 item 3): the
upload is written under a temporary name and moved into place after the commit."""

import errno
import os
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.core import alarms
from thidua.core import files as core_files
from thidua.cycles import services
from thidua.cycles.models import Regulations
from thidua.cycles.services import setup


@pytest.fixture(autouse=True)
def fresh_alarms():
    alarms.reset()
    yield
    alarms.reset()


def folder():
    return Path(Regulations._meta.get_field("file").storage.location) / "cycles" / "regulations"


def on_disk():
    return set(folder().iterdir()) if folder().exists() else set()


def upload():
    return SimpleUploadedFile("Quy chế.pdf", b"%PDF-1.4 quy che")


def test_regulations_whose_database_write_fails_leave_no_file(world, draft_year, monkeypatch):
    before = on_disk()

    def broken(**kwargs):
        raise RuntimeError("database write failed")

    monkeypatch.setattr(setup, "audit", broken)
    with pytest.raises(RuntimeError):
        services.regulations_update(actor=world.secretary, bloc_year=draft_year, text="", upload=upload())
    assert on_disk() == before
    assert not Regulations.objects.filter(bloc_year=draft_year).exclude(file="").exists()


def test_regulations_whose_disk_write_fails_leave_no_row_pointing_at_nothing(world, draft_year, monkeypatch):
    before = on_disk()
    real_open = os.open

    def open_(path, *args, **kwargs):
        if core_files.TEMP_PREFIX in str(path):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", open_)
    with pytest.raises(ValidationError) as exc:
        services.regulations_update(actor=world.secretary, bloc_year=draft_year, text="", upload=upload())
    monkeypatch.undo()
    assert "ổ đĩa" in str(exc.value)
    assert on_disk() == before
    assert not Regulations.objects.filter(bloc_year=draft_year).exclude(file="").exists()


def test_regulations_file_is_in_place_after_commit(world, draft_year, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        regs = services.regulations_update(
            actor=world.secretary, bloc_year=draft_year, text="", upload=upload()
        )
    regs.refresh_from_db()
    assert regs.file.name.startswith("cycles/regulations/")
    with regs.file.open("rb") as fh:
        assert fh.read() == b"%PDF-1.4 quy che"
