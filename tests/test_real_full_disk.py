"""A disk that is really full (issue 18 item 3): a small tmpfs is mounted, filled to the last byte,
and given to the portal's view-count spool and to the evidence uploads. The simulated failures of
``thidua/portal/tests/test_disk_full.py`` and ``thidua/scoring/tests/test_disk_full_uploads.py``
cover every branch; this test shows the kernel's own ENOSPC gives the same outcome (it found that
publishing an article failed when the page cache's generation mark could not be written): pages
answer 200 with an alarm for administrators, an upload is refused with a Vietnamese message and leaves
neither a file nor a row. Mounting needs root (CI runs as root); elsewhere it is skipped, loudly."""

import errno
import os
import subprocess
import uuid
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thidua.core import alarms
from thidua.core.files import WRITE_FAILED
from thidua.core.models import AuditEvent
from thidua.cycles.models import YearCycle
from thidua.cycles.selectors import current_rubric
from thidua.organisations.models import BlocYear
from thidua.portal import counting
from thidua.portal.tests.factories import published_article
from thidua.scoring.models import Evidence
from thidua.scoring.selectors import leaves

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (Linux; Android 14) Chrome/130 Mobile"


def _fill(path: Path) -> None:
    """Write zeros into ``path`` until the file system refuses with ENOSPC."""
    with open(path / "filler", "wb", buffering=0) as f:
        chunk = b"\0" * 4096
        while True:
            try:
                f.write(chunk)
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
                break
    with open(path / "filler-tail", "wb", buffering=0) as f:  # the last partial block
        try:
            while True:
                f.write(b"\0")
        except OSError as exc:
            assert exc.errno == errno.ENOSPC


@pytest.fixture
def full_tmpfs(tmp_path):
    """A 256 KiB tmpfs with ``spool/`` and ``private/`` made, then filled; unmounted at the end."""
    mount = tmp_path / f"tmpfs-{uuid.uuid4().hex[:6]}"
    mount.mkdir()
    if os.geteuid() != 0:
        pytest.skip("NOT TESTED: mounting a tmpfs needs root (the simulated disk-full tests still ran)")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"NOT TESTED: tmpfs cannot be mounted here: {done.stderr.decode().strip()}")
    try:
        (mount / "spool").mkdir()
        (mount / "private" / "evidence").mkdir(parents=True)
        _fill(mount)
        yield mount
    finally:
        counting._writer.close()
        subprocess.run(["umount", "-l", str(mount)], check=False)


@pytest.fixture(autouse=True)
def fresh_alarms():
    alarms.reset()
    counting._writer.close()
    cache.clear()
    yield
    alarms.reset()
    counting._writer.close()
    cache.clear()


def test_portal_pages_answer_on_a_really_full_disk(world, client, client_for, settings, full_tmpfs):
    settings.PORTAL_SPOOL_DIR = full_tmpfs / "spool"
    # Publishing works though the page cache's generation mark cannot be written (alarmed).
    article = published_article(world.editor)
    assert AuditEvent.objects.filter(action=alarms.ACTION, object_id="portal.cache_generation").count() == 1
    for i in range(20):
        response = client.get(
            article.get_absolute_url(), HTTP_USER_AGENT=f"{BROWSER} r{i}", REMOTE_ADDR=f"10.1.0.{i + 1}"
        )
        assert response.status_code == 200
        assert article.title in response.content.decode()
    assert AuditEvent.objects.filter(action=alarms.ACTION, object_id="portal.spool_write").count() == 1
    html = client_for("admin").get(reverse("core:audit_list")).content.decode()
    assert "lượt xem không được đếm" in html


def test_an_upload_to_a_really_full_disk_is_refused_and_leaves_nothing(
    world, client_for, settings, full_tmpfs
):
    settings.PRIVATE_STORAGE_ROOT = full_tmpfs / "private"
    by = BlocYear.objects.select_related("bloc").get(bloc__code="KNC", year=world.ctx["current_year"])
    YearCycle.objects.update_or_create(bloc_year=by, defaults={"stage": "self_assessment"})
    item = leaves(current_rubric(by))[0]
    before_rows = Evidence.objects.count()
    before_files = sorted(p.name for p in (full_tmpfs / "private" / "evidence").rglob("*"))
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\n" + b"%" * 64_000 + b"\ntrailer<<>>\n%%EOF\n"
    page = client_for("officer_a").post(
        reverse("scoring:evidence_upload", args=[by.bloc.code, by.year, "TAND"]),
        {"item": item.pk, "file": SimpleUploadedFile("bien-ban.pdf", pdf, "application/pdf")},
        follow=True,
    )
    assert page.status_code == 200
    assert WRITE_FAILED in page.content.decode()
    assert Evidence.objects.count() == before_rows
    assert sorted(p.name for p in (full_tmpfs / "private" / "evidence").rglob("*")) == before_files
