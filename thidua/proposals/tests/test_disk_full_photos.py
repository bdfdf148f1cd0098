"""Exemplary photos on a full disk or a failing database (issue 18 item 3)."""

import errno
import io
import os
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from thidua.core import alarms
from thidua.organisations.models import Unit
from thidua.proposals import services
from thidua.proposals.models import ExemplaryPhoto
from thidua.proposals.services import exemplary


@pytest.fixture(autouse=True)
def fresh_alarms():
    alarms.reset()
    yield
    alarms.reset()


@pytest.fixture
def model(world):
    return services.exemplary_create(
        actor=world.officer_a,
        title="Tòa án tỉnh số hoá hồ sơ",
        year=2019,
        unit=Unit.objects.get(code="TAND"),
        story="Câu chuyện số hoá hồ sơ xét xử của Tòa án nhân dân tỉnh.",
    )


def png() -> SimpleUploadedFile:
    buf = io.BytesIO()
    Image.new("RGB", (60, 40), "green").save(buf, format="PNG")
    return SimpleUploadedFile("anh.png", buf.getvalue(), content_type="image/png")


def folder():
    storage = ExemplaryPhoto._meta.get_field("image").storage
    return Path(storage.location) / "exemplary"


def on_disk():
    return set(folder().iterdir()) if folder().exists() else set()


def test_a_photo_whose_database_write_fails_leaves_no_file(world, model, monkeypatch):
    before = on_disk()

    def broken(**kwargs):
        raise RuntimeError("database write failed")

    monkeypatch.setattr(exemplary, "audit", broken)
    with pytest.raises(RuntimeError):
        services.exemplary_photo_add(actor=world.officer_a, model=model, upload=png())
    assert on_disk() == before
    assert not ExemplaryPhoto.objects.filter(exemplary=model).exists()


def test_a_photo_whose_disk_write_fails_leaves_no_row(world, model, monkeypatch):
    before = on_disk()

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(ValidationError) as exc:
        services.exemplary_photo_add(actor=world.officer_a, model=model, upload=png())
    monkeypatch.undo()
    assert "ổ đĩa" in str(exc.value)
    assert on_disk() == before
    assert not ExemplaryPhoto.objects.filter(exemplary=model).exists()


def test_a_photo_is_in_place_after_commit(world, model, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        photo = services.exemplary_photo_add(actor=world.officer_a, model=model, upload=png())
    assert photo.image.storage.exists(photo.image.name)
    assert photo.image.name == f"exemplary/{photo.code}.jpg"
