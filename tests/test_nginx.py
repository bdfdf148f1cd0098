"""The nginx recipe works as written on Debian 12's nginx (issue 17 item 7): both site files pass
``nginx -t``, and a real nginx serving deploy/nginx.conf (ports, certificate and folders moved
into a temporary prefix) sends the security headers on static files, on its own refusals and on
proxied answers — once each, the application's copies hidden — and logs no query string.
``run.py test`` installs nginx-light as root; without nginx these tests are skipped, loudly."""

import http.server
import os
import re
import shutil
import socket
import ssl
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from thidua.core.headers import CSP, PERMISSIONS_POLICY

DEPLOY = Path(settings.BASE_DIR) / "deploy"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
pytestmark = pytest.mark.skipif(
    not Path(NGINX).exists(), reason="NOT TESTED: nginx is missing (run.py test installs nginx-light as root)"
)


def _snippet_value(name: str) -> str:
    text = (DEPLOY / "nginx-headers.conf").read_text()
    return re.search(rf'add_header {name} "([^"]+)" always;', text).group(1)


def test_nginx_and_the_application_send_the_same_policy():
    assert _snippet_value("Content-Security-Policy") == CSP
    assert _snippet_value("Permissions-Policy") == PERMISSIONS_POLICY


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _prefix(tmp_path: Path, site: str, *, upstream: int = 8000) -> tuple[Path, dict]:
    """A prefix folder holding a main nginx.conf that includes the rewritten site file, and the
    site's ports."""
    prefix = tmp_path / "nginx"
    (prefix / "snippets").mkdir(parents=True)
    (prefix / "logs").mkdir()
    (prefix / "static").mkdir()
    (prefix / "static" / "app.css").write_text("body{}")
    shutil.copy(DEPLOY / "nginx-headers.conf", prefix / "snippets" / "thidua-headers.conf")
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-subj", "/CN=127.0.0.1", "-keyout", str(prefix / "key.pem"), "-out", str(prefix / "cert.pem")),
        ],
        check=True,
        capture_output=True,
    )
    text = (DEPLOY / site).read_text()
    ports = {"http": _free_port(), "https": _free_port()}
    text = text.replace("listen 80;", f"listen 127.0.0.1:{ports['http']};")
    text = re.sub(r"listen 443 ssl http2;", f"listen 127.0.0.1:{ports['https']} ssl http2;", text)
    text = re.sub(r"ssl_certificate +\S+;", f"ssl_certificate {prefix / 'cert.pem'};", text)
    text = re.sub(r"ssl_certificate_key +\S+;", f"ssl_certificate_key {prefix / 'key.pem'};", text)
    text = re.sub(r"alias \S+;", f"alias {prefix / 'static'}/;", text)
    text = text.replace("/var/log/nginx/", f"{prefix / 'logs'}/")
    text = text.replace("server 127.0.0.1:8000 ", f"server 127.0.0.1:{upstream} ")
    (prefix / "site.conf").write_text(text)
    (prefix / "nginx.conf").write_text(
        # As root, nginx's workers would run as nobody, who cannot enter pytest's 0700 folders.
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"pid {prefix / 'nginx.pid'};\nerror_log {prefix / 'logs' / 'error.log'};\nevents {{}}\n"
        f"http {{\n  include /etc/nginx/mime.types;\n  access_log off;\n  include {prefix / 'site.conf'};\n}}\n"
    )
    return prefix, ports


def _test_config(prefix: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [NGINX, "-t", "-p", str(prefix), "-c", str(prefix / "nginx.conf")], capture_output=True, text=True
    )


@pytest.mark.parametrize("site", ["nginx.conf", "nginx-multinode.conf"])
def test_the_site_files_pass_nginx_t(tmp_path, site):
    prefix = _prefix(tmp_path, site)[0]
    done = _test_config(prefix)
    assert done.returncode == 0, done.stderr
    # Every access log of the site uses the format without query strings.
    logs = re.findall(r"access_log (\S+)(?: (\w+))?;", (prefix / "site.conf").read_text())
    assert logs and all(fmt == "thidua_paths" for _path, fmt in logs), logs


class _Upstream(http.server.BaseHTTPRequestHandler):
    """The application's stand-in: answers with a weaker policy of its own, which nginx hides."""

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Security-Policy", "script-src 'unsafe-inline'")
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write("<p>Trang ứng dụng</p>".encode())

    def log_message(self, *args):
        pass


def _get(url: str):
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    try:
        return urllib.request.urlopen(url, context=context, timeout=10)
    except urllib.error.HTTPError as exc:
        return exc


def test_a_running_nginx_sends_the_headers_everywhere_and_logs_no_query(tmp_path):
    upstream = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Upstream)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    prefix, ports = _prefix(tmp_path, "nginx.conf", upstream=upstream.server_address[1])
    assert _test_config(prefix).returncode == 0
    proc = subprocess.Popen(
        [NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"https://127.0.0.1:{ports['https']}"
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", ports["https"]), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        for path, status in (("/static/app.css", 200), ("/media/x.pdf", 404), ("/?ma=BIMAT-123", 200)):
            response = _get(base + path)
            assert response.status == status, path
            headers = response.headers
            assert headers.get_all("Content-Security-Policy") == [CSP], path
            assert headers.get_all("Strict-Transport-Security") == ["max-age=31536000; includeSubDomains"], (
                path
            )
            assert headers["Permissions-Policy"] == PERMISSIONS_POLICY, path
            assert headers["X-Content-Type-Options"] == "nosniff", path
            assert headers["Referrer-Policy"] == "same-origin", path
        assert "immutable" in ", ".join(_get(base + "/static/app.css").headers.get_all("Cache-Control"))
    finally:
        proc.terminate()
        proc.wait(10)
        upstream.shutdown()
    log = (prefix / "logs" / "thidua-access.log").read_text()
    assert "GET /static/app.css" in log and "GET / " in log
    assert "BIMAT-123" not in log
