"""The production access logs (deploy/gunicorn.conf.py, deploy/nginx.conf) never record a query
string, a referrer or a cookie: even a voting code or receipt that did travel in a URL would not
reach them (the phone page keeps codes out of URLs in the first place, test_phone_attacks)."""

import datetime as dt
import re
import runpy
from pathlib import Path
from types import SimpleNamespace

from gunicorn.config import Config
from gunicorn.glogging import Logger

DEPLOY = Path(__file__).resolve().parents[3] / "deploy"
SECRET = "s3cr3t-voting-code-AbCdEf"


def test_gunicorn_access_line_has_the_path_only():
    fmt = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))["access_log_format"]
    cfg = Config()
    cfg.set("access_log_format", fmt)
    logger = Logger(cfg)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/hoi-nghi/bo-phieu/?token={SECRET}",
        "PATH_INFO": "/hoi-nghi/bo-phieu/",
        "QUERY_STRING": f"token={SECRET}",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": f"https://thidua.example/hoi-nghi/bo-phieu/?ma={SECRET}",
        "HTTP_COOKIE": f"thidua_voter={SECRET}",
        "HTTP_USER_AGENT": "Mozilla/5.0 (Android)",
    }
    resp = SimpleNamespace(status="200 OK", sent=1234, headers=[("Set-Cookie", f"thidua_voter={SECRET}")])
    req = SimpleNamespace(headers=[("COOKIE", f"thidua_voter={SECRET}"), ("X-VOTER-TOKEN", SECRET)])
    line = fmt % logger.atoms(resp, req, environ, dt.timedelta(milliseconds=12))
    assert '"GET /hoi-nghi/bo-phieu/ HTTP/1.1" 200 1234' in line
    assert SECRET not in line


def test_nginx_access_log_format_has_the_path_only():
    conf = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    fmt = re.search(r"log_format thidua_paths (.*?);", conf, re.S).group(1)
    for variable in (
        "$request ",
        '$request"',
        "$request_uri",
        "$args",
        "$query_string",
        "$arg_",
        "$http_referer",
        "$http_cookie",
        "$cookie_",
    ):
        assert variable not in fmt, variable
    assert "$uri" in fmt
    logs = re.findall(r"^\s*access_log\s+([^;]+);", conf, re.M)
    assert logs and all(line.split()[-1] == "thidua_paths" for line in logs)
    assert conf.count("server {") == len(logs)  # every server logs with that format
