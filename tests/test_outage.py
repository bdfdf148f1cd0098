"""A database outage, for real (issue 18): a throwaway PostgreSQL cluster of its own (never the
shared server) serves the application in its production configuration (gunicorn and a task
worker in subprocesses); the cluster is stopped and started again under them.

While it is away: an application page answers the Vietnamese 503 page with Retry-After, the API
answers JSON 503, a cached portal page still answers 200 (signed-out account link, last known
counters), /ung-dung/readyz answers 503 and /ung-dung/healthz 200; a starting process waits for
the database (``manage.py wait_for_database``). When it is back, everything answers 200 within
seconds, with no restart of the application."""

import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.db.utils import ConnectionHandler
from django.urls import reverse

from thidua.core import dbwait
from thidua.portal import cache as portal_cache
from thidua.portal.models import SiteCounter
from thidua.portal.tests.factories import published_article

ROOT = Path(__file__).resolve().parents[1]

SETUP = """
from importlib import import_module
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from thidua.accounts.models import User
from thidua.portal.tests.factories import published_article
user = User.objects.create_superuser("outage", "outage@example.org", "mat-ket-noi-2026", first_name="Mai")
article = published_article(user, title="Tin trong lúc mất kết nối")
session = import_module(settings.SESSION_ENGINE).SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print("RESULT", article.slug, session.session_key)
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _postgres_bin() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), reverse=True)
    return candidates[0].parent if candidates else None


class Cluster:
    """A PostgreSQL cluster in a temporary folder, on a free port (as ``nobody`` when run as
    root, since initdb refuses root)."""

    def __init__(self):
        self.bin = _postgres_bin()
        if self.bin is None:
            pytest.skip("outage test needs PostgreSQL's initdb and pg_ctl (apt-get install postgresql)")
        self.folder = Path(tempfile.mkdtemp(prefix="thidua-outage-pg-"))
        self.data = self.folder / "data"
        self.port = _free_port()
        self.prefix: list[str] = []
        if os.geteuid() == 0:
            if not shutil.which("runuser"):
                pytest.skip("outage test runs as root without runuser: initdb refuses root")
            nobody = pwd.getpwnam("nobody")
            os.chown(self.folder, nobody.pw_uid, nobody.pw_gid)
            self.prefix = ["runuser", "-u", "nobody", "--"]
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(
            [*self.prefix, *args], cwd=self.folder, capture_output=True, text=True, check=check, timeout=60
        )

    def init(self) -> None:
        done = self._run(
            str(self.bin / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-locale",
            "--no-sync",
            check=False,
        )
        if done.returncode != 0:
            pytest.skip(f"outage test: initdb cannot run on this machine: {done.stderr.strip()[-500:]}")

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off"
        )
        self._run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.folder / "log"),
            "-w",
            "start",
        )

    def stop(self, mode: str = "fast") -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def remove(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)


def fetch(base: str, path: str, *, cookie: str = "", accept: str = "text/html"):
    request = urllib.request.Request(
        base + path, headers={"Accept": accept, "User-Agent": "Mozilla/5.0 outage"}
    )
    if cookie:
        request.add_header("Cookie", cookie)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read().decode()
    except (urllib.error.URLError, OSError) as exc:  # not listening (yet)
        return 0, {}, str(exc)


@pytest.fixture
def outage_site(tmp_path):
    cluster = Cluster()
    processes: list[subprocess.Popen] = []
    try:
        cluster.init()
        cluster.start()
        port = _free_port()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(48),
            "DATABASE_URL": cluster.url,
            "THIDUA_VAR_DIR": str(tmp_path),
            "THIDUA_BIND": f"127.0.0.1:{port}",
            "THIDUA_WORKERS": "1",  # one process: one page cache, so the cached page is this one's
            # The reader is an administrator signed in by a made session: no second factor here
            # (production requires one of administrators: thidua/accounts/tests/test_two_factor.py).
            "THIDUA_2FA_REQUIRED_ROLES": "",
            # Production requires signed documents and warns (thidua.W140) without a trust list;
            # this test reads the waiter's first lines, which must be about the database.
            "THIDUA_SIGNATURES_REQUIRED": "false",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "THIDUA_SECURE_COOKIES": "false",
            "THIDUA_LOG_LEVEL": "ERROR",
            "PYTHONUNBUFFERED": "1",
        }
        env.pop("REDIS_URL", None)
        # Migrate and load a little data in one process (one Django start).
        done = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", SETUP],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        slug, session_key = done.stdout.split("RESULT", 1)[1].split()
        log = open(tmp_path / "server.log", "w")  # noqa: SIM115 (closed with the processes)
        for args in (
            ["-m", "gunicorn", "--config", "deploy/gunicorn.conf.py"],
            ["manage.py", "run_worker", "--interval", "0.2"],
        ):
            processes.append(
                subprocess.Popen(
                    [sys.executable, *args], cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True
                )
            )
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while fetch(base, "/ung-dung/readyz")[0] != 200:
            assert all(p.poll() is None for p in processes), (tmp_path / "server.log").read_text()[-3000:]
            assert time.monotonic() < deadline, fetch(base, "/ung-dung/readyz")[2]
            time.sleep(0.2)
        yield {
            "base": base,
            "cluster": cluster,
            "env": env,
            "slug": slug,
            "cookie": f"sessionid={session_key}",
            "log": tmp_path / "server.log",
        }
    finally:
        for process in processes:
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except ProcessLookupError:
                continue
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)
        cluster.remove()


@pytest.mark.postgres
def test_database_outage_answers_503_serves_cached_portal_and_recovers(outage_site):
    base, cluster, cookie = outage_site["base"], outage_site["cluster"], outage_site["cookie"]
    article = f"/tin-tuc/{outage_site['slug']}/"
    app_page, api = "/ung-dung/", "/api/v1/portal/articles"

    # Up: the reader (signed in) sees the portal, the app and the API; the portal pages are cached.
    status, _headers, home = fetch(base, "/", cookie=cookie)
    assert status == 200 and "Vào hệ thống (" in home
    status, _headers, page = fetch(base, article, cookie=cookie)
    assert status == 200 and "Tin trong lúc mất kết nối" in page
    assert fetch(base, app_page, cookie=cookie)[0] == 200
    assert fetch(base, api, accept="application/json")[0] == 200

    cluster.stop()
    try:
        status, headers, body = fetch(base, app_page, cookie=cookie)
        assert status == 503, body[:500]
        assert headers["Retry-After"]
        assert "mất kết nối cơ sở dữ liệu" in body or "bảo trì" in body

        status, headers, body = fetch(base, api, accept="application/json")
        assert status == 503 and headers["Content-Type"].startswith("application/json")
        assert headers["Retry-After"]
        assert "cơ sở dữ liệu" in json.loads(body)["detail"]

        for path in ("/", article):  # cached: served without the database, signed out
            status, _headers, body = fetch(base, path, cookie=cookie)
            assert status == 200, (path, body[:500], outage_site["log"].read_text()[-3000:])
            assert "Vào hệ thống (" not in body and "Đăng nhập" in body
            assert "<!--td:" not in body  # every counter filled (last known values)
        assert "Tin trong lúc mất kết nối" in body

        assert fetch(base, "/ket-qua/")[0] == 503  # never cached: the 503 page
        status, _headers, body = fetch(base, "/ung-dung/readyz")
        assert status == 503 and json.loads(body)["checks"]["database"]["ok"] is False
        assert fetch(base, "/ung-dung/healthz")[0] == 200

        # A process starting now waits for the database, saying each attempt, until it is back.
        waiter = subprocess.Popen(
            [sys.executable, "manage.py", "wait_for_database", "--timeout", "40"],
            cwd=ROOT,
            env=outage_site["env"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        first = waiter.stderr.readline()  # its first failed attempt (or "" if it ended)
        assert first.startswith("Chưa kết nối được cơ sở dữ liệu (lần 1)"), first + waiter.communicate()[1]
        assert waiter.poll() is None
    finally:
        cluster.start()
    _out, said = waiter.communicate(timeout=30)
    assert waiter.returncode == 0, said
    assert "Đã kết nối được cơ sở dữ liệu" in said

    # Back: every page answers 200 within seconds, the same server processes.
    deadline = time.monotonic() + 20
    expected = {
        "/": ("text/html", cookie),
        article: ("text/html", cookie),
        app_page: ("text/html", cookie),
        "/ket-qua/": ("text/html", ""),
        api: ("application/json", ""),
        "/ung-dung/readyz": ("application/json", ""),
        "/ung-dung/healthz": ("application/json", ""),
    }
    while True:
        answers = {path: fetch(base, path, cookie=c, accept=a) for path, (a, c) in expected.items()}
        # The portal asks the database again at most every PORTAL_DB_RETRY_SECONDS: until then it
        # answers its cached pages with the reader signed out.
        if all(s == 200 for s, _h, _b in answers.values()) and "Vào hệ thống (" in answers["/"][2]:
            break
        assert time.monotonic() < deadline, {p: (s, b[:300]) for p, (s, _h, b) in answers.items() if s != 200}
        time.sleep(0.5)
    assert "Vào hệ thống (" in answers["/"][2]


def test_wait_for_database_gives_up_after_its_time(django_db_blocker):
    """The start (run-production, run-worker) waits with back-off, says each attempt and gives up
    only after the configured time (the clock is simulated; the connections are real, to a port
    where nothing listens)."""
    handler = ConnectionHandler(
        {
            "default": {
                "ENGINE": "django.db.backends.postgresql",
                "NAME": "nowhere",
                "USER": "nobody",
                "HOST": "127.0.0.1",
                "PORT": str(_free_port()),
                "OPTIONS": {"connect_timeout": 2},
            }
        }
    )
    said, slept, clock = [], [], [0.0]

    def sleep(seconds):
        slept.append(seconds)
        clock[0] += seconds

    with pytest.MonkeyPatch.context() as patch, django_db_blocker.unblock():
        patch.setattr(dbwait, "connections", handler)
        patch.setattr(dbwait.time, "monotonic", lambda: clock[0])
        with pytest.raises(dbwait.DatabaseUnavailable):
            dbwait.wait_for_database(timeout=20, say=said.append, sleep=sleep)
    handler.close_all()
    assert slept == [1, 2, 4, 8, 5]  # back-off, cut to what is left of the 20 s
    assert [m.split(":")[0] for m in said[:2]] == [
        "Chưa kết nối được cơ sở dữ liệu (lần 1)",
        "Chưa kết nối được cơ sở dữ liệu (lần 2)",
    ]
    assert said[-1].startswith("Cơ sở dữ liệu không trả lời sau 6 lần thử trong 20 giây")


@pytest.fixture
def database_down():
    """Every query fails as with a stopped server (the test's own connection stays open)."""

    def refuse(*args, **kwargs):
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')

    with pytest.MonkeyPatch.context() as patch:

        def down():
            patch.setattr(CursorWrapper, "execute", refuse)
            patch.setattr(CursorWrapper, "executemany", refuse)

        yield down


@pytest.mark.django_db
def test_cached_portal_pages_need_no_database(settings, tmp_path, client, django_user_model, database_down):
    """In process (any database): a cached page is served with the last known counters and the
    reader signed out; a page whose lifetime has passed is served as last cached when no content
    changed since; a page never cached answers 503."""
    settings.PORTAL_SPOOL_DIR = tmp_path / "spool"
    settings.PORTAL_COUNT_TTL = 0  # every request asks the database for the counters
    portal_cache.clear()
    editor = django_user_model.objects.create_superuser("outage", "outage@example.org", "x", first_name="Mai")
    article = published_article(editor, title="Tin trong lúc mất kết nối")
    SiteCounter.objects.update_or_create(key="visits", defaults={"value": 43748991})
    client.force_login(editor)
    url = reverse("portal:article", args=[article.slug])
    try:
        first = client.get(url)
        assert first.status_code == 200 and "Vào hệ thống (" in first.text and "43.748.991" in first.text
        settings.PORTAL_PAGE_TTL = 0  # the cached copy is past its lifetime from now on
        database_down()
        for _ in range(2):  # the second within the pause before the database is asked again
            page = client.get(url)
            assert page.status_code == 200
            assert "Tin trong lúc mất kết nối" in page.text and "43.748.991" in page.text
            assert "Vào hệ thống (" not in page.text and "Đăng nhập" in page.text
        missing = client.get(reverse("portal:results_list"))
        assert missing.status_code == 503 and missing["Retry-After"]
        portal_cache.content_changed()  # a change since: the old copy is no longer served
        assert client.get(url).status_code == 503
    finally:
        portal_cache.clear()


@pytest.mark.django_db
def test_a_process_started_during_the_outage_serves_the_nodes_pages(
    settings, tmp_path, client, django_user_model, database_down
):
    """A restarted process has no pages in memory: it serves the copy the node wrote to disk, under
    the same rule (no content changed since), and 503 once content has changed."""
    settings.PORTAL_SPOOL_DIR = tmp_path / "spool"
    portal_cache.clear()
    editor = django_user_model.objects.create_superuser("restart", "restart@example.org", "x")
    article = published_article(editor, title="Tin sau khi khởi động lại")
    url = reverse("portal:article", args=[article.slug])
    try:
        assert client.get(url).status_code == 200
        assert list((tmp_path / "spool" / "pages").glob("*.json"))
        portal_cache.clear()  # a new process: nothing in memory
        database_down()
        page = client.get(url)
        assert page.status_code == 200 and "Tin sau khi khởi động lại" in page.text
        portal_cache.content_changed()
        assert client.get(url).status_code == 503
    finally:
        portal_cache.clear()
