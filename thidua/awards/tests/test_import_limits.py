"""The award-history import holds every file to the shared reader's limits: crafted bombs fail the
job with the reader's Vietnamese message and write nothing; the page and the API refuse an
oversized upload before reading it."""

import base64

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thidua.awards import importer, services
from thidua.awards.choices import ImportStatus
from thidua.awards.models import AwardRecord, ImportJob, Initiative, PerformanceRating, SubjectFlag
from thidua.core.models import AuditEvent
from thidua.core.tests.spreadsheet_files import REFUSALS, small_bombs


def counts():
    return [m.objects.count() for m in (AwardRecord, PerformanceRating, Initiative, SubjectFlag)]


def run(world, content, filename, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = services.import_job_create(actor=world.provincial, filename=filename, content=content)
    job.refresh_from_db()
    return services.import_job_run(job.pk) if job.status == ImportStatus.PENDING else job


def test_every_bomb_fails_the_job_with_the_limit_and_writes_nothing(
    world, django_capture_on_commit_callbacks
):
    before = counts()
    for name, data in small_bombs().items():
        job = run(world, data, "bom.xlsx", django_capture_on_commit_callbacks)
        assert job.status == ImportStatus.FAILED, name
        assert job.message == (REFUSALS[name] or importer.UNREADABLE_XLSX), name
    assert counts() == before
    assert not AuditEvent.objects.filter(action="award_import.commit").exists()


def test_a_csv_over_the_row_limit_is_refused(world, settings, django_capture_on_commit_callbacks):
    settings.THIDUA_SPREADSHEET_MAX_ROWS = 3
    content = "Loại bản ghi,Mã đơn vị\n" + "xếp loại,TAND\n" * 3
    job = run(world, content.encode(), "a.csv", django_capture_on_commit_callbacks)
    assert job.status == ImportStatus.FAILED and job.message == "Tệp có quá nhiều dòng: tối đa 3 dòng."


def test_the_page_and_the_api_refuse_an_oversized_upload_before_reading_it(world, client_for, settings):
    settings.THIDUA_SPREADSHEET_MAX_BYTES = 1024 * 1024
    content = b"x" * (1024 * 1024 + 1)
    client = client_for("provincial")
    page = client.post(reverse("awards:import_start"), {"file": SimpleUploadedFile("a.csv", content)})
    assert page.status_code == 200 and "Tệp quá lớn: tối đa 1 MB." in page.content.decode()
    api = client.post(
        "/api/v1/award-imports",
        {"filename": "a.csv", "content_base64": base64.b64encode(content).decode()},
        content_type="application/json",
    )
    assert api.status_code == 422 and api.json()["errors"]["content_base64"] == ["Tệp quá lớn: tối đa 1 MB."]
    assert not ImportJob.objects.exists()
