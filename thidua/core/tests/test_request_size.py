"""One ceiling for every request body (issue 17 item 6), answered before Django reads the body:
413 with the Vietnamese reason on pages and the API; under it, each upload's own limit speaks."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.awards.models import ImportJob

pytestmark = pytest.mark.django_db


def test_a_body_over_the_ceiling_is_refused_before_it_is_read(world, client_for, settings, monkeypatch):
    settings.THIDUA_MAX_REQUEST_BYTES = 1024 * 1024
    client = client_for("provincial")
    read = []
    monkeypatch.setattr("django.http.request.HttpRequest._load_post_and_files", lambda self: read.append(1))
    big = SimpleUploadedFile("lich-su.csv", b"x" * (1024 * 1024 + 1), "text/csv")
    page = client.post("/khen-thuong/lich-su/nhap/", {"file": big})
    assert page.status_code == 413
    assert "tối đa 1 MB cho mỗi lần gửi" in page.content.decode()
    api = client.post(
        "/api/v1/award-imports", {"content": "x" * (1024 * 1024 + 1)}, content_type="application/json"
    )
    assert api.status_code == 413 and "tối đa 1 MB" in api.json()["detail"]
    assert read == [] and ImportJob.objects.count() == 0


def test_under_the_ceiling_the_uploads_own_limit_answers(world, client_for, settings):
    settings.THIDUA_MAX_REQUEST_BYTES = 30 * 1024 * 1024
    page = client_for("officer_a").post(
        f"/cham-diem/KNC/{world.ctx['current_year']}/don-vi/TAND/nhap-excel/",
        {"file": SimpleUploadedFile("a.xlsx", b"x" * 10)},
        follow=True,
    )
    assert page.status_code == 200  # the sheet import's own message, not the ceiling
