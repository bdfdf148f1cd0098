"""Two-factor sign-in (issue 17, item 5): the roles of THIDUA_2FA_REQUIRED_ROLES reach no page
and no session API call before a code from their authenticator app; enrolment by QR code gives
one-time backup codes; others may turn it on, and then it is asked of them too."""

import time

import pytest
from django.db import transaction
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.test_permission_matrix import CASES
from thidua.accounts import services
from thidua.core.models import AuditEvent

REQUIRED = ["admin", "provincial_officer", "council_member"]
PASSWORD = "ThiDua@2019"


def code(device, offset=0):
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, offset):06d}"


def sign_in(username):
    client = Client()
    response = client.post("/tai-khoan/dang-nhap/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client, response


def enrol(user):
    device = services.otp_enrolment_start(actor=user)
    _device, codes = services.otp_enrolment_confirm(actor=user, token=code(device))
    return TOTPDevice.objects.get(pk=device.pk), codes


@pytest.fixture
def required(settings):
    settings.THIDUA_2FA_REQUIRED_ROLES = REQUIRED


PAGES = ["/ung-dung/", "/tai-khoan/ho-so/", "/ung-dung/nhat-ky/", "/to-chuc/don-vi/", "/tai-khoan/quan-ly/"]
OPEN = {"accounts:login", "accounts:logout", "accounts:otp_setup", "accounts:otp_verify"}


@pytest.mark.parametrize("username", ["admin", "phongtdkt", "hoidong"])
def test_a_totp_required_role_cannot_reach_any_page_without_the_second_factor(required, world, username):
    """Before enrolment every page leads to enrolment; the API answers 403 in Vietnamese."""
    client, response = sign_in(username)
    assert response["Location"].startswith("/tai-khoan/xac-thuc-hai-buoc/nhap-ma/")
    for url in PAGES:
        answer = client.get(url)
        assert answer.status_code == 302, url
        assert answer["Location"].startswith("/tai-khoan/xac-thuc-hai-buoc/"), url
    api = client.get("/api/v1/me")
    assert api.status_code == 403
    assert "xác thực hai bước" in api.json()["detail"]
    setup = client.get("/tai-khoan/xac-thuc-hai-buoc/")
    assert setup.status_code == 200
    assert "<svg" in setup.content.decode()


def test_no_url_of_the_permission_matrix_answers_before_the_second_factor(required, world):
    """Every page and API operation that the matrix lists, read as the administrator signed in
    with the password only: pages send to the second-factor pages, the API answers 403."""
    client, _ = sign_in("admin")
    checked = 0
    for case in CASES:
        if case.method != "GET" or case.key in OPEN:
            continue
        with transaction.atomic():  # as the matrix test: each case sees the world as loaded
            answer = case.run(client, world)
            transaction.set_rollback(True)
        checked += 1
        if case.is_api:
            assert answer.status_code == 403, case.key
        elif answer.status_code != 404:  # the portal's and the app's missing objects stay 404
            assert answer.status_code == 302, case.key
            assert answer["Location"].startswith("/tai-khoan/xac-thuc-hai-buoc/"), case.key
    assert checked > 50


def test_enrolment_then_sign_in_asks_for_the_code_before_any_page(required, world):
    client, _ = sign_in("admin")
    client.get("/tai-khoan/xac-thuc-hai-buoc/")
    device = TOTPDevice.objects.get(user=world.admin, confirmed=False)
    wrong = client.post(
        "/tai-khoan/xac-thuc-hai-buoc/", {"token": "000000" if code(device) != "000000" else "111111"}
    )
    assert "Mã xác thực không đúng" in wrong.content.decode()
    done = client.post("/tai-khoan/xac-thuc-hai-buoc/", {"token": code(device)})
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == 10
    assert client.get("/ung-dung/").status_code == 200  # verified in this session

    fresh, response = sign_in("admin")
    assert fresh.get("/ung-dung/")["Location"].startswith("/tai-khoan/xac-thuc-hai-buoc/nhap-ma/")
    # With an authenticator, enrolment cannot be redone before the code (no bypass).
    assert fresh.get("/tai-khoan/xac-thuc-hai-buoc/")["Location"].startswith(
        "/tai-khoan/xac-thuc-hai-buoc/nhap-ma/"
    )
    device.refresh_from_db()
    time.sleep(0)  # the code of the next time step, since the current one was used at enrolment
    verified = fresh.post(response["Location"], {"token": code(device, 1)})
    assert verified.status_code == 302
    assert fresh.get("/ung-dung/").status_code == 200
    assert fresh.get("/api/v1/me").status_code == 200
    assert AuditEvent.objects.filter(action="auth.2fa_verified", actor=world.admin).exists()


def test_a_backup_code_works_once(required, world):
    _device, codes = enrol(world.admin)
    for attempt, expected in ((codes[0], 302), (codes[0], 200)):
        client, response = sign_in("admin")
        answer = client.post(response["Location"], {"token": attempt})
        assert answer.status_code == expected
    assert AuditEvent.objects.filter(action="auth.2fa_failed", actor=world.admin).exists()


def test_other_roles_may_sign_in_without_it_and_are_asked_once_they_enrol(required, world):
    client, response = sign_in("canbotand")
    assert response["Location"] == "/ung-dung/"
    assert client.get("/ung-dung/").status_code == 200
    enrol(world.officer_a)
    client, response = sign_in("canbotand")
    assert response["Location"].startswith("/tai-khoan/xac-thuc-hai-buoc/nhap-ma/")
    assert client.get("/ung-dung/").status_code == 302


def test_without_the_setting_nobody_is_asked(world, settings):
    settings.THIDUA_2FA_REQUIRED_ROLES = []
    client, response = sign_in("admin")
    assert response["Location"] == "/ung-dung/"
    assert client.get("/ung-dung/").status_code == 200


def test_an_administrator_removes_a_lost_authenticator(client_for, world):
    enrol(world.provincial)
    client = client_for("admin")
    data = {
        "full_name": world.provincial.full_name,
        "roles": ["provincial_officer"],
        "is_active": "on",
        "reset_second_factor": "on",
    }
    assert client.post(f"/tai-khoan/quan-ly/{world.provincial.pk}/", data).status_code == 302
    assert not services.has_second_factor(world.provincial)
    assert AuditEvent.objects.filter(action="auth.2fa_reset", actor=world.admin).exists()
    with pytest.raises(Exception, match="quản trị"):
        services.otp_reset(actor=world.officer_a, user=world.provincial)
