"""Sign-in throttling (issue 17, item 1): failures slow down only the (login, address) pairs and
the addresses that made them, with a growing wait, never the owner of the account signing in
with the right password from elsewhere; many failures raise an alarm instead of a lock."""

from pathlib import Path

import pytest

from thidua.accounts.models import LoginFailure
from thidua.core import alarms
from thidua.core.models import AuditEvent

LOGIN = "/tai-khoan/dang-nhap/"
PASSWORD = "ThiDua@2019"
ROOT = Path(__file__).resolve().parents[3]


def attempt(client, password, *, username="admin", ip="203.0.113.1", **extra):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip, **extra)


def test_an_attacker_with_20_addresses_cannot_stop_the_right_password_from_a_21st(client, world, settings):
    """Twenty addresses, each failing far past its free attempts, for the admin's login and
    others: the admin still signs in from a twenty-first address, at once."""
    settings.LOGIN_ALARM_FAILURES = 10_000
    for n in range(20):
        for _ in range(settings.LOGIN_MAX_FAILURES + 3):
            attempt(client, "đoán-sai", ip=f"198.51.100.{n + 1}")
        attempt(client, "đoán-sai", username="phongtdkt", ip=f"198.51.100.{n + 1}")
    refused = attempt(client, "đoán-sai", ip="198.51.100.7")
    assert refused.status_code == 429
    assert "thử lại sau" in refused.content.decode()
    response = attempt(client, PASSWORD, ip="192.0.2.55")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world.admin.pk)


def test_the_wait_grows_with_each_further_failure_and_names_its_seconds(client, world, settings):
    settings.LOGIN_MAX_FAILURES, settings.LOGIN_DELAY_BASE_SECONDS = 3, 30
    for _ in range(3):
        assert attempt(client, "sai").status_code == 200
    first = attempt(client, PASSWORD)
    assert first.status_code == 429
    assert "Vui lòng thử lại sau 30 giây." in first.content.decode()
    assert first["Retry-After"] == "30"
    LoginFailure.objects.create(username="admin", ip="203.0.113.1")
    second = attempt(client, PASSWORD)
    assert "thử lại sau 60 giây" in second.content.decode()
    # The right password is refused only for this pair: the same login elsewhere signs in.
    assert attempt(client, PASSWORD, ip="203.0.113.2").status_code == 302


def test_one_address_failing_for_many_logins_is_slowed_down(client, world, settings):
    settings.LOGIN_MAX_FAILURES_PER_CLIENT = 4
    for name in ("a1", "a2", "a3", "a4"):
        attempt(client, "sai", username=name)
    assert attempt(client, PASSWORD, username="thuky2019").status_code == 429
    assert attempt(client, PASSWORD, username="thuky2019", ip="203.0.113.9").status_code == 302


def test_failures_are_kept_after_a_successful_sign_in_and_stop_counting(client, world, settings):
    settings.LOGIN_MAX_FAILURES = 3
    for _ in range(2):
        attempt(client, "sai")
    assert attempt(client, PASSWORD).status_code == 302
    assert LoginFailure.objects.filter(username="admin").count() == 2
    assert not LoginFailure.objects.filter(username="admin", cleared=False).exists()
    client.post("/tai-khoan/dang-xuat/")
    attempt(client, "sai")
    assert attempt(client, PASSWORD).status_code == 302


def test_many_failures_across_the_system_raise_an_alarm_and_lock_nobody(client, world, settings):
    settings.LOGIN_ALARM_FAILURES = 12
    alarms.reset()
    for n in range(12):
        attempt(client, "sai", username=f"u{n}", ip=f"198.51.100.{n + 1}")
    alarm = AuditEvent.objects.get(action="system.alarm", object_id="login.failures")
    assert "đăng nhập sai" in alarm.object_repr
    assert attempt(client, PASSWORD, ip="192.0.2.1").status_code == 302


def test_behind_the_trusted_proxy_the_forwarded_address_is_the_client(client, world, settings):
    """As deploy/nginx.conf talks to the application: from 127.0.0.1 with X-Forwarded-For. The
    attacker's address is slowed down; the user's forwarded address is not."""
    settings.THIDUA_TRUSTED_PROXIES = ["127.0.0.1", "::1"]
    settings.LOGIN_MAX_FAILURES = 3
    for _ in range(3):
        attempt(client, "sai", ip="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.66")
    assert attempt(client, PASSWORD, ip="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.66").status_code == 429
    assert set(LoginFailure.objects.values_list("ip", flat=True)) == {"198.51.100.66"}
    ok = attempt(client, PASSWORD, ip="127.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.20")
    assert ok.status_code == 302


def test_from_an_untrusted_peer_the_forwarded_header_is_ignored(client, world, settings):
    """A client talking to the application directly cannot pick a fresh address per attempt."""
    settings.THIDUA_TRUSTED_PROXIES = ["127.0.0.1"]
    settings.LOGIN_MAX_FAILURES = 3
    for n in range(3):
        attempt(client, "sai", ip="198.51.100.80", HTTP_X_FORWARDED_FOR=f"10.9.9.{n}")
    assert set(LoginFailure.objects.values_list("ip", flat=True)) == {"198.51.100.80"}
    assert attempt(client, PASSWORD, ip="198.51.100.80", HTTP_X_FORWARDED_FOR="10.9.9.99").status_code == 429


@pytest.mark.parametrize("conf", ["nginx.conf", "nginx-multinode.conf"])
def test_the_nginx_recipes_replace_the_forwarded_header_with_the_peer(conf):
    """nginx is the edge: it overwrites X-Forwarded-For (a client's own value never reaches the
    application) and the production settings trust the local nginx by default."""
    text = (ROOT / "deploy" / conf).read_text()
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in text
    assert "$proxy_add_x_forwarded_for" not in text
    production = (ROOT / "config" / "settings" / "production.py").read_text()
    assert '"THIDUA_TRUSTED_PROXIES", "127.0.0.1,::1"' in production
