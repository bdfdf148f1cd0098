"""Security events in the audit log (issue 17, item 2): sign-in, failures, throttling, sign-out,
password and token changes, refusals (403 and the 404 of "not yours") and downloads, each with
actor, client address and time; kept; filterable on the audit page in Vietnamese."""

import re

from django.test import Client

from thidua.accounts import services
from thidua.accounts.models import LoginFailure
from thidua.core.models import AuditEvent
from thidua.core.security import SECURITY_PREFIXES
from thidua.core.selectors import audit_events

PASSWORD = "ThiDua@2019"


def events(action, **filters):
    return AuditEvent.objects.filter(action=action, **filters).order_by("-id")


def test_sign_in_failure_throttle_and_sign_out_are_audited_with_the_address(client, world, settings):
    settings.LOGIN_MAX_FAILURES = 2
    for _ in range(2):
        client.post(
            "/tai-khoan/dang-nhap/", {"username": "admin", "password": "sai"}, REMOTE_ADDR="198.51.100.4"
        )
    failed = events("auth.login_failed").first()
    assert failed.client_ip == "198.51.100.4"
    assert failed.actor is None and failed.after["username"] == "admin"
    assert events("auth.login_throttled").first().after["wait_seconds"] == settings.LOGIN_DELAY_BASE_SECONDS
    client.post("/tai-khoan/dang-nhap/", {"username": "admin", "password": PASSWORD}, REMOTE_ADDR="192.0.2.8")
    login = events("auth.login").first()
    assert (login.actor, login.client_ip) == (world.admin, "192.0.2.8")
    client.post("/tai-khoan/dang-xuat/", REMOTE_ADDR="192.0.2.8")
    assert events("auth.logout", actor=world.admin).exists()
    # Kept: the failures stay after the successful sign-in (from another address, too).
    assert LoginFailure.objects.filter(username="admin").count() == 2
    assert events("auth.login_failed").count() >= 2


def test_password_and_token_changes_are_audited(world):
    token, _raw = services.token_create(actor=world.officer_a, name="kịch bản")
    services.user_set_password(actor=world.admin, user=world.officer_a, password="Bảo-mật-Khối-2026")
    change = events("user.set_password").first()
    assert change.actor == world.admin and change.after == {"tokens_revoked": 1}
    assert events("token.create", object_id=str(token.pk)).exists()


def test_refusals_are_audited_for_signed_in_users(client_for, world):
    officer_b = client_for("officer_b")
    assert officer_b.get("/tai-khoan/quan-ly/").status_code == 404  # administrators only
    hidden = events("access.not_found", actor=world.officer_b).first()
    assert hidden.object_repr == "GET /tai-khoan/quan-ly/"
    response = Client(enforce_csrf_checks=True)
    response.force_login(world.officer_b)
    assert response.post("/tai-khoan/ho-so/", {"name": "x"}).status_code == 403  # no CSRF token
    assert events("access.denied", actor=world.officer_b).exists()
    # The API's refusals, too; anonymous visitors are not recorded.
    assert officer_b.get("/api/v1/users").status_code == 404
    assert events("access.not_found", actor=world.officer_b, object_id="/api/v1/users").exists()
    before = AuditEvent.objects.count()
    Client().get("/khong-co-trang-nay/")
    assert AuditEvent.objects.count() == before


def test_downloads_are_audited(client_for, world):
    response = client_for("admin").get("/khen-thuong/lich-su/nhap/mau.xlsx")
    assert response.status_code == 200
    download = events("download.file", actor=world.admin).first()
    assert download.object_id == "/khen-thuong/lich-su/nhap/mau.xlsx"
    assert download.after["filename"]


def test_the_audit_page_filters_security_events_in_vietnamese(client_for, world):
    client_for("officer_b").get("/tai-khoan/quan-ly/")
    assert audit_events(security=True).filter(action="access.not_found").exists()
    assert not audit_events(security=True).filter(action="bloc_year.advance").exists()
    page = client_for("admin").get("/ung-dung/nhat-ky/?security=on").content.decode()
    assert "Chỉ sự kiện an ninh" in page
    assert "Mở trang hoặc dữ liệu không có hoặc không thuộc quyền (404)" in page
    shown = set(re.findall(r'data-action="([^"]+)"', page))
    assert "access.not_found" in shown
    assert all(action.startswith(SECURITY_PREFIXES) for action in shown)
    assert "Địa chỉ" in page
