"""Passwords and API tokens (issue 17, item 5): twelve characters at least, not common, not like
the user's details; changing or resetting a password revokes the tokens and the other sessions;
tokens expire and can be read-only."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from thidua.accounts import services
from thidua.accounts.auth import READ_ONLY_REFUSED
from thidua.accounts.models import ApiToken
from thidua.core.errors import ValidationError

GOOD = "Bảo-mật-Khối-2026"


def bearer(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("thidua2026", "ít nhất 12"),  # the example: 10 characters
        ("Abc@12345678", None),  # 12 characters: long enough, checked by the other validators
        ("password1234", "quá phổ biến"),
        ("canbotand2026", "giống"),  # like the username
    ],
)
def test_the_password_policy(world, password, message):
    if message is None:
        services.user_set_password(actor=world.admin, user=world.officer_a, password=password)
        return
    with pytest.raises(ValidationError) as exc:
        services.user_set_password(actor=world.admin, user=world.officer_a, password=password)
    assert message in " ".join(exc.value.message_dict["password"])


def test_a_token_dies_with_a_password_change(world):
    """Changed by the user through the API with the token's own session, or reset by an
    administrator: every live token of the user stops working."""
    _token, raw = services.token_create(actor=world.officer_a, name="kịch bản")
    client = Client()
    assert client.get("/api/v1/me", **bearer(raw)).status_code == 200
    services.user_set_password(actor=world.officer_a, user=world.officer_a, password=GOOD)
    assert client.get("/api/v1/me", **bearer(raw)).status_code == 401
    _token, raw = services.token_create(actor=world.officer_a, name="kịch bản 2")
    admin = Client()
    admin.force_login(world.admin)
    response = admin.post(
        f"/api/v1/users/{world.officer_a.pk}/password",
        {"password": GOOD + "!"},
        content_type="application/json",
    )
    assert response.status_code == 204
    assert client.get("/api/v1/me", **bearer(raw)).status_code == 401
    assert not ApiToken.objects.filter(user=world.officer_a, revoked_at__isnull=True).exists()


def test_a_password_change_ends_the_other_sessions_and_keeps_the_changers(world):
    other, own = Client(), Client()
    for client in (other, own):
        assert (
            client.post(
                "/tai-khoan/dang-nhap/", {"username": "canbotand", "password": "ThiDua@2019"}
            ).status_code
            == 302
        )
    response = own.post(
        "/tai-khoan/doi-mat-khau/",
        {"old_password": "ThiDua@2019", "new_password1": GOOD, "new_password2": GOOD},
    )
    assert response.status_code == 302
    assert own.get("/tai-khoan/ho-so/").status_code == 200
    assert other.get("/tai-khoan/ho-so/").status_code == 302  # back to the sign-in page


def test_a_new_token_expires_after_the_configured_days(world, settings):
    settings.THIDUA_API_TOKEN_DAYS = 30
    token, raw = services.token_create(actor=world.officer_a, name="ngắn hạn")
    assert (token.expires_at - timezone.now()).days in (29, 30)
    client = Client()
    assert client.get("/api/v1/me", **bearer(raw)).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert client.get("/api/v1/me", **bearer(raw)).status_code == 401


def test_a_read_only_token_reads_and_gets_403_in_vietnamese_on_writes(world):
    client = Client()
    response = client.post(
        "/api/v1/tokens", {"name": "chỉ đọc", "read_only": True}, content_type="application/json", **{}
    )
    assert response.status_code == 401
    _token, raw = services.token_create(actor=world.officer_a, name="báo cáo", read_only=True)
    assert client.get("/api/v1/tokens", **bearer(raw)).json()[0]["read_only"] is True
    response = client.post("/api/v1/tokens", {"name": "thêm"}, content_type="application/json", **bearer(raw))
    assert response.status_code == 403
    assert response.json()["detail"] == READ_ONLY_REFUSED
    assert ApiToken.objects.filter(user=world.officer_a).count() == 1


def test_the_profile_page_creates_a_read_only_token(client_for, world):
    client = client_for("officer_a")
    response = client.post("/tai-khoan/ho-so/", {"name": "đọc thôi", "read_only": "on"})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=world.officer_a)
    assert token.read_only and token.expires_at is not None
    assert "chỉ đọc" in response.content.decode()
