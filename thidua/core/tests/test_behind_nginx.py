"""The client's address behind the real nginx recipe (issue 17, item 1): the proxy lines of
``deploy/nginx.conf`` run in Debian's nginx in front of a server that records what reaches the
application, and ``client_ip`` reads it as the production settings do. A client's own
X-Forwarded-For never gets through, so an attacker cannot choose an address per attempt."""

import http.server
import json
import re
import shutil
import socket
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from django.test import RequestFactory

from thidua.core.clients import client_ip

ROOT = Path(__file__).resolve().parents[3]
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def proxy_lines() -> list[str]:
    """The ``proxy_set_header`` lines of the recipe's ``location /`` block."""
    text = (ROOT / "deploy" / "nginx.conf").read_text()
    block = text[text.index("location / {") :]
    block = block[: block.index("}")]
    return re.findall(r"^\s*(proxy_set_header [^;]+;)", block, re.MULTILINE)


class Recorder(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps({"peer": self.client_address[0], "headers": dict(self.headers)}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def nginx(tmp_path):
    if not Path(NGINX).exists():
        pytest.skip("SKIPPED LOUDLY: Debian's nginx is not installed (apt-get install nginx)")
    app = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=app.serve_forever, daemon=True).start()
    port = free_port()
    conf = tmp_path / "nginx.conf"
    conf.write_text(
        f"""
daemon off;
master_process off;
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log;
events {{}}
http {{
    access_log off;
    client_body_temp_path {tmp_path}/body;
    proxy_temp_path {tmp_path}/proxy;
    fastcgi_temp_path {tmp_path}/fastcgi;
    uwsgi_temp_path {tmp_path}/uwsgi;
    scgi_temp_path {tmp_path}/scgi;
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://127.0.0.1:{app.server_address[1]};
            {" ".join(proxy_lines())}
        }}
    }}
}}
"""
    )
    proc = subprocess.Popen([NGINX, "-c", str(conf), "-p", str(tmp_path)], stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(f"nginx did not start: {proc.stderr.read().decode()}")
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        app.shutdown()


def seen_by_the_application(url, headers):
    with urllib.request.urlopen(urllib.request.Request(url + "/tai-khoan/dang-nhap/", headers=headers)) as r:
        data = json.loads(r.read())
    meta = {"REMOTE_ADDR": data["peer"]}
    forwarded = {k.lower(): v for k, v in data["headers"].items()}.get("x-forwarded-for")
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_behind_the_real_nginx_recipe_the_client_is_the_address_nginx_saw(nginx, settings):
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in proxy_lines()
    settings.THIDUA_TRUSTED_PROXIES = ["127.0.0.1", "::1"]  # the production default
    plain = seen_by_the_application(nginx, {})
    forged = seen_by_the_application(nginx, {"X-Forwarded-For": "6.6.6.6", "X-Real-IP": "6.6.6.6"})
    assert plain.META["HTTP_X_FORWARDED_FOR"] == "127.0.0.1"
    assert forged.META["HTTP_X_FORWARDED_FOR"] == "127.0.0.1"  # the client's value was replaced
    assert client_ip(plain) == client_ip(forged) == "127.0.0.1"
