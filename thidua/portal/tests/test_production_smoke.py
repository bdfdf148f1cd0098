"""Smoke test of the production configuration: gunicorn with config.settings.production on a
free 127.0.0.1 port serves the portal with DEBUG off and the security headers."""

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def production_server(tmp_path):
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(48),
        "THIDUA_VAR_DIR": str(tmp_path),
        "THIDUA_BIND": f"127.0.0.1:{port}",
        "THIDUA_WORKERS": "1",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "THIDUA_LOG_LEVEL": "ERROR",
    }
    env.pop("DATABASE_URL", None)  # a throwaway SQLite file under tmp_path
    # Only the tables the public pages read (the portal's, the proposals app's published exemplary
    # models with what they link to, the people and the award history with its revocations), so
    # that the test stays quick.
    for command in (
        ["migrate", "portal", "--noinput"],
        ["migrate", "proposals", "--noinput"],
        ["migrate", "organisations", "--noinput"],
        ["migrate", "awards", "--noinput"],
        ["collectstatic", "--noinput"],
    ):
        subprocess.run(
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
        )
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", "deploy/gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(base + "/ung-dung/healthz", timeout=1)
                break
            except (OSError, urllib.error.URLError):
                if proc.poll() is not None:
                    pytest.fail("gunicorn exited: " + proc.stderr.read().decode()[-2000:])
                time.sleep(0.1)
        yield base
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


def test_production_configuration_serves_portal_with_security_headers(production_server):
    with urllib.request.urlopen(production_server + "/", timeout=10) as response:
        body = response.read().decode()
        headers = response.headers
    assert response.status == 200
    assert "Cổng thông tin thi đua – khen thưởng" in body
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    with urllib.request.urlopen(
        production_server + "/static/vendor/bootstrap-5.3.9.min.css", timeout=10
    ) as css:
        assert css.status == 200  # whitenoise serves static files
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(production_server + "/khong-co-trang-nay/", timeout=10)
    assert missing.value.code == 404
    assert "Traceback" not in missing.value.read().decode()  # DEBUG is off
