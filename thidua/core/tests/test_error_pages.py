"""Vietnamese error pages: "not yours" under DEBUG too, a lost database as 503 with Retry-After,
and the API answering the same words as JSON."""

import os

import pytest
from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware
from django.db import OperationalError
from django.test import override_settings
from django.utils import timezone

from thidua.core import views
from thidua.core.models import WorkerProcess
from thidua.organisations import views as organisations_views

pytestmark = pytest.mark.django_db


def _cut_database(monkeypatch):
    def broken(*args, **kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr(organisations_views.selectors, "units_list", broken)


@override_settings(DEBUG=True)
def test_a_page_that_is_not_yours_is_the_vietnamese_404_even_under_debug(client_for):
    response = client_for("officer_b").get("/to-chuc/khoi/KHONGCO/2019/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Không tìm thấy trang này" in body
    assert "URLconf" not in body and "Page not found" not in body


def test_an_unknown_address_is_the_vietnamese_404(client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang này" in response.content.decode()


def test_a_lost_database_is_a_503_page_with_retry_after(client_for, monkeypatch):
    client = client_for("provincial")
    _cut_database(monkeypatch)
    response = client.get("/to-chuc/don-vi/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    body = response.content.decode()
    assert "mất kết nối cơ sở dữ liệu" in body and "Thử lại" in body


def test_the_api_answers_the_same_words_as_json(client_for, monkeypatch):
    client = client_for("provincial")
    missing = client.get("/api/v1/blocs/KHONGCO")
    assert missing.status_code == 404 and missing.json()["detail"] == "Không tìm thấy."
    monkeypatch.setattr(
        "thidua.organisations.api.selectors.blocs_list",
        lambda **kw: (_ for _ in ()).throw(OperationalError("server closed the connection")),
    )
    down = client.get("/api/v1/blocs")
    assert down.status_code == 503
    assert down["Retry-After"] == "30"
    assert "mất kết nối cơ sở dữ liệu" in down.json()["detail"]


def test_a_server_error_is_the_vietnamese_500_page(client_for, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(organisations_views.selectors, "units_list", boom)
    client = client_for("provincial")
    client.raise_request_exception = False
    response = client.get("/to-chuc/don-vi/")
    assert response.status_code == 500
    assert "Hệ thống gặp lỗi khi xử lý yêu cầu" in response.content.decode()


def test_healthz_is_liveness_and_readyz_names_what_is_missing(client, monkeypatch, tmp_path):
    assert client.get("/ung-dung/healthz").json() == {"status": "ok"}
    WorkerProcess.objects.all().delete()
    not_ready = client.get("/ung-dung/readyz")
    assert not_ready.status_code == 503
    checks = not_ready.json()["checks"]
    assert checks["database"]["ok"] and checks["migrations"]["ok"] and checks["media"]["ok"]
    assert not checks["task_worker"]["ok"]
    assert "Không có tiến trình xử lý nền" in checks["task_worker"]["detail"]
    WorkerProcess.objects.create(worker_id="w1", hostname="h", pid=1, heartbeat_at=timezone.now())
    assert client.get("/ung-dung/readyz").status_code == 200
    locked = tmp_path / "ro"
    locked.mkdir()
    locked.chmod(0o500)
    monkeypatch.setattr(settings, "MEDIA_ROOT", locked / "media")
    if os.geteuid() != 0:  # root writes anywhere; the check is still exercised above
        assert client.get("/ung-dung/readyz").status_code == 503


def test_readyz_is_503_when_the_database_is_away(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(views.connection, "cursor", refuse)
    response = client.get("/ung-dung/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"]["ok"] is False


def test_a_portal_address_gets_the_404_in_the_portals_look(client):
    response = client.get("/tin-tuc/khong-co-bai-nay/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Không tìm thấy trang này" in body
    assert "portal-header" in body  # the public site's header, not the application's menu


def test_an_application_address_gets_the_404_in_the_applications_look(client_for):
    response = client_for("officer_b").get("/to-chuc/khoi/KHONGCO/2019/")
    body = response.content.decode()
    assert response.status_code == 404 and "portal-header" not in body and "navbar" in body


def test_the_503_of_a_portal_page_wears_the_portal_look(client, monkeypatch):
    from thidua.portal import views as portal_views

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(portal_views.selectors, "published_results", refuse)
    response = client.get("/ket-qua/")
    assert response.status_code == 503 and "portal-header" in response.content.decode()


def test_a_lost_database_outside_the_views_is_the_503_too(client_for, monkeypatch):
    """A database error raised by a middleware outside FriendlyErrorsMiddleware (the session saved
    on the way out) reaches Django's handler500, which answers the 503 page too."""

    def lost(self, request, response):
        raise OperationalError("connection to server at 127.0.0.1 failed")

    client = client_for("provincial")
    client.raise_request_exception = False
    monkeypatch.setattr(SessionMiddleware, "process_response", lost)
    response = client.get("/to-chuc/don-vi/")
    assert response.status_code == 503, response.status_code
    assert response["Retry-After"] == "30"
    assert "mất kết nối cơ sở dữ liệu" in response.content.decode()
    api = client.get("/api/v1/units")
    assert api.status_code == 503
    assert "mất kết nối cơ sở dữ liệu" in api.json()["detail"]
