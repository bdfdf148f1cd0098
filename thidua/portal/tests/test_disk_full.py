"""A full or read-only disk (issue 18 item 3) on the portal's side: article pages keep answering
when the view-count spool cannot be written, the failure is alarmed once per period and shown to
administrators, nothing already counted is lost; an editor's image whose disk write or database
write fails leaves neither a file nor a row."""

import errno
import io
import os

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from thidua.core import alarms
from thidua.core import files as core_files
from thidua.core.models import AuditEvent
from thidua.portal import counting, images, services
from thidua.portal.models import ArticleImage
from thidua.portal.tests.factories import published_article

BROWSER = "Mozilla/5.0 (Linux; Android 14) Chrome/130 Mobile"


@pytest.fixture(autouse=True)
def fresh_alarms():
    alarms.reset()
    counting._writer.close()  # each test opens its own spool file
    yield
    alarms.reset()
    counting._writer.close()


def spool_alarms():
    return AuditEvent.objects.filter(action=alarms.ACTION, object_id="portal.spool_write")


def _full_disk(monkeypatch, portal_spool, how):
    """Make the spool unwritable: ``readonly`` with chmod 0o500 (only where chmod binds: not as
    root), ``enospc`` with write(2) on a spool file failing, ``erofs`` with open(2) of a new spool
    file failing as on a read-only mount."""
    if how == "readonly":
        if os.geteuid() == 0:
            pytest.skip("root writes through chmod 0o500; the other cases simulate the failure")
        portal_spool.mkdir(parents=True, exist_ok=True)
        portal_spool.chmod(0o500)
        counting._writer.close()
        return lambda: portal_spool.chmod(0o700)
    real_write, real_open = os.write, os.open

    def write(fd, data):
        if fd == counting._writer._fd:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    def open_(path, *args, **kwargs):
        if str(path).endswith(".spool"):
            raise OSError(errno.EROFS, "Read-only file system")
        return real_open(path, *args, **kwargs)

    if how == "enospc":
        monkeypatch.setattr(os, "write", write)
    else:
        counting._writer.close()
        monkeypatch.setattr(os, "open", open_)
    return monkeypatch.undo


@pytest.mark.parametrize("how", ["enospc", "erofs", "readonly"])
def test_article_pages_answer_200_when_the_spool_cannot_be_written(
    world, client, client_for, monkeypatch, portal_spool, caplog, how
):
    article = published_article(world.editor)
    url = article.get_absolute_url()
    # Counted before the disk fills: one view flushed, one still waiting in the spool.
    counting.record(visitor="reader-flushed", article_id=article.pk)
    counting.flush()
    counting.record(visitor="reader-spooled", article_id=article.pk)

    restore = _full_disk(monkeypatch, portal_spool, how)
    caplog.clear()
    for i in range(20):
        response = client.get(url, HTTP_USER_AGENT=f"{BROWSER} r{i}", REMOTE_ADDR=f"10.0.0.{i + 1}")
        assert response.status_code == 200
        assert article.title in response.content.decode()
    assert counting.uncounted() >= 20
    # One alarm for the period, logged once and recorded once, whatever the number of requests.
    assert spool_alarms().count() == 1
    assert len([r for r in caplog.records if "ALARM portal.spool_write" in r.getMessage()]) == 1
    alarm = spool_alarms().get()
    assert "lượt xem" in alarm.object_repr and alarm.actor_id is None
    # Administrators see it on the audit page.
    html = client_for("admin").get(reverse("core:audit_list")).content.decode()
    assert "lượt xem không được đếm" in html

    # The disk is back: what was counted before is all there, and counting resumes.
    restore()
    counting.flush()
    article.refresh_from_db()
    assert article.view_count == 2
    client.cookies.clear()
    assert client.get(url, HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="10.9.9.9").status_code == 200
    counting.flush()
    article.refresh_from_db()
    assert article.view_count == 3


def test_a_short_spool_write_is_taken_back_so_no_record_is_merged(world, monkeypatch, portal_spool):
    """A disk that fills in the middle of a record: the partial bytes are truncated away and the
    next record, once the disk has room, is read whole."""
    article = published_article(world.editor)
    counting.record(visitor="reader-one", article_id=article.pk)
    real_write = os.write

    def short(fd, data):
        if fd == counting._writer._fd:
            return real_write(fd, data[:7])
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", short)
    with pytest.raises(OSError):
        counting.record(visitor="reader-lost", article_id=article.pk)
    monkeypatch.undo()
    counting.record(visitor="reader-two", article_id=article.pk)
    counting.flush()
    article.refresh_from_db()
    assert article.view_count == 2
    for path in portal_spool.glob("*.spool"):
        assert path.read_bytes().endswith(b"\n")


def _png() -> SimpleUploadedFile:
    buf = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buf, format="PNG")
    return SimpleUploadedFile("anh.png", buf.getvalue(), content_type="image/png")


def _files():
    root = images.image_root()
    return set(root.iterdir()) if root.exists() else set()


def test_an_image_whose_database_write_fails_leaves_no_file(world, monkeypatch):
    before, rows = _files(), ArticleImage.objects.count()

    def broken(**kwargs):
        raise RuntimeError("database write failed")

    monkeypatch.setattr(services, "audit", broken)
    with pytest.raises(RuntimeError):
        services.image_upload(actor=world.editor, upload=_png())
    assert _files() == before
    assert ArticleImage.objects.count() == rows


def test_an_image_whose_disk_write_fails_leaves_no_row_and_no_file(world, monkeypatch):
    before, rows = _files(), ArticleImage.objects.count()
    real_fsync = os.fsync

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(ValidationError) as exc:
        services.image_upload(actor=world.editor, upload=_png())
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert "ổ đĩa" in str(exc.value)
    assert _files() == before  # the truncated temporary file is gone
    assert ArticleImage.objects.count() == rows
    assert AuditEvent.objects.filter(action=alarms.ACTION, object_id="files.write_failed").exists()


def test_an_image_is_in_place_only_after_the_commit(world, django_capture_on_commit_callbacks):
    before = _files()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        image = services.image_upload(actor=world.editor, upload=_png())
    final = images.image_root() / image.file
    assert not final.exists()
    [temporary] = _files() - before
    assert temporary.name.startswith(core_files.TEMP_PREFIX)
    for callback in callbacks:
        callback()
    assert final.is_file() and not temporary.exists()
