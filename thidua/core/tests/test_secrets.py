"""Secrets and demo data in production (issue 17, item 4): the production settings refuse the
example secret key, an empty one and a short one; the demo loader and the demo accounts' published
password are refused under them."""

import runpy
import secrets
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command

from thidua.core.demo import PUBLISHED_PASSWORDS
from thidua.organisations.demo import DEMO_PASSWORD

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE_KEY = "change-me-to-50-random-characters-from-python-secrets-token-urlsafe"


def load_production(monkeypatch, key):
    monkeypatch.setenv("DJANGO_SECRET_KEY", key)
    return runpy.run_module("config.settings.production")


@pytest.mark.parametrize(
    ("key", "why"),
    [
        (EXAMPLE_KEY, "example"),
        ("", "empty"),
        ("   ", "empty"),
        ("x" * 49, "49 characters"),
        ("dev-only-insecure-key-change-me" + "x" * 40, "example"),
    ],
)
def test_production_settings_with_the_example_empty_or_short_key_fail_to_start(monkeypatch, key, why):
    with pytest.raises(ImproperlyConfigured, match=why):
        load_production(monkeypatch, key)


def test_production_settings_with_the_env_example_key_fail_to_start(monkeypatch):
    """The very line of deploy/env.example."""
    line = next(
        line
        for line in (ROOT / "deploy" / "env.example").read_text(encoding="utf-8").splitlines()
        if line.startswith("DJANGO_SECRET_KEY=")
    )
    with pytest.raises(ImproperlyConfigured):
        load_production(monkeypatch, line.split("=", 1)[1].strip())


def test_production_settings_start_with_a_random_key(monkeypatch):
    production = load_production(monkeypatch, secrets.token_urlsafe(50))
    assert production["THIDUA_DEMO_ALLOWED"] is False
    assert set(production["THIDUA_2FA_REQUIRED_ROLES"]) == {"admin", "provincial_officer", "council_member"}


def test_load_demo_refuses_to_run_under_production_settings(settings, db):
    settings.THIDUA_DEMO_ALLOWED = False
    with pytest.raises(CommandError, match="cấu hình vận hành thật"):
        call_command("load_demo")


def test_the_demo_password_is_refused_at_sign_in_under_production_settings(client, world, settings):
    assert DEMO_PASSWORD in PUBLISHED_PASSWORDS
    settings.THIDUA_DEMO_ALLOWED = False
    response = client.post("/tai-khoan/dang-nhap/", {"username": "admin", "password": DEMO_PASSWORD})
    assert response.status_code == 200
    assert "mật khẩu mẫu đã công bố" in response.content.decode()
    assert "_auth_user_id" not in client.session
