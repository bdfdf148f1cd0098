"""Several machines (issue 18 item 8): two web nodes and their workers on one PostgreSQL database
and one Redis, as docs/deployment.md ("Several machines") lays them out.

Each node is a gunicorn process with the production settings on its own loopback address
(127.0.0.2 and 127.0.0.3) and its own ``THIDUA_VAR_DIR`` (its own view-count spool), plus one
``manage.py run_worker`` beside it. The nodes are told apart as separate machines are, by their
hostname (a ``sitecustomize`` sets ``socket.gethostname`` per node), so each worker flushes its own
node's spool from its own host queue. Everything talks to a database of its own
(``thidua_multinode``, created and dropped here) and to Redis database 13 under a key prefix of
its own (``THIDUA_TEST_REDIS_URL``), emptied at the start and at the end. Only loopback traffic.

Shown: a view counted on each node reaches the database exactly once (and a visitor seen by both
nodes counts once); a content change made by a third process invalidates the page cache of both
nodes; a task enqueued once runs once.
"""

import fcntl
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DB_NAME = "thidua_multinode"
REDIS_URL = os.environ.get("THIDUA_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")
KEY_PREFIX = "thidua-multinode-test"
NODES = {"node-a": "127.0.0.2", "node-b": "127.0.0.3"}
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) multinode-test"
RECORD = "thidua.core.tests.worker_tasks.record"

# One database, one Redis prefix and two servers for the whole module: its tests run on one
# pytest-xdist worker (run.py passes --dist loadgroup).
pytestmark = [pytest.mark.postgres, pytest.mark.xdist_group("multinode")]

SITECUSTOMIZE = """import os
import socket

_name = os.environ.get("THIDUA_TEST_HOSTNAME")
if _name:  # this process plays a machine of that name
    socket.gethostname = lambda: _name
"""


# Preconditions ----------------------------------------------------------------------------------


def _postgres() -> dict:
    import dj_database_url

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        url = "postgres://postgres@127.0.0.1:5432/postgres"
    db = dj_database_url.parse(url)
    return {
        "host": db["HOST"] or "127.0.0.1",
        "port": int(db["PORT"] or 5432),
        "user": db["USER"] or "postgres",
        "password": db["PASSWORD"] or "",
    }


def _pg_connect(dbname: str):
    import psycopg

    return psycopg.connect(dbname=dbname, autocommit=True, connect_timeout=3, **_postgres())


def _redis():
    try:
        import redis
    except ImportError:
        pytest.skip(
            "MULTI-NODE TEST SKIPPED: the 'redis' Python package is not installed "
            "(Django's RedisCache needs it; it belongs in requirements.lock)"
        )
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        pytest.skip(f"MULTI-NODE TEST SKIPPED: Redis unreachable at {REDIS_URL}: {exc}")
    return client


def _flush_redis(client) -> None:
    client.flushdb()  # the test's own database number (its keys also carry KEY_PREFIX)


def _free_port(address: str) -> int:
    with socket.socket() as s:
        s.bind((address, 0))
        return s.getsockname()[1]


# The cluster ------------------------------------------------------------------------------------


class Cluster:
    def __init__(self, base: Path, redis_client):
        self.base = base
        self.redis = redis_client
        self.procs: list[tuple[str, subprocess.Popen]] = []
        pg = _postgres()
        auth = pg["user"] + (f":{pg['password']}" if pg["password"] else "")
        self.database_url = f"postgres://{auth}@{pg['host']}:{pg['port']}/{DB_NAME}"
        shim = base / "shim"
        shim.mkdir()
        (shim / "sitecustomize.py").write_text(SITECUSTOMIZE)
        self.env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(filter(None, [str(shim), os.environ.get("PYTHONPATH", "")])),
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(48),
            "DATABASE_URL": self.database_url,
            "REDIS_URL": REDIS_URL,
            "THIDUA_CACHE_PREFIX": KEY_PREFIX,
            "DJANGO_ALLOWED_HOSTS": ",".join(NODES.values()),
            "THIDUA_SECURE_COOKIES": "false",
            "THIDUA_WORKERS": "1",
            "THIDUA_PORTAL_FLUSH_INTERVAL": "1",
            "THIDUA_LOG_LEVEL": "WARNING",
            "THIDUA_VAR_DIR": str(base / "control"),
        }
        self.env.pop("THIDUA_TEST_HOSTNAME", None)
        self.urls: dict[str, str] = {}

    def node_env(self, node: str) -> dict:
        var = self.base / node
        return {
            **self.env,
            "THIDUA_TEST_HOSTNAME": node,
            "THIDUA_VAR_DIR": str(var),
            "THIDUA_BIND": f"{NODES[node]}:{self.ports[node]}",
        }

    def manage(self, *args: str, env: dict | None = None, timeout: float = 60) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env or self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert done.returncode == 0, f"manage.py {' '.join(args[:1])} failed:\n{done.stderr[-3000:]}"
        return done.stdout

    def shell(self, code: str) -> dict:
        """Run ``code`` in a third process (an editor's or a script's), return its last JSON line."""
        out = self.manage("shell", "-c", code)
        return json.loads(out.strip().splitlines()[-1])

    def sql(self, query: str, params=()) -> list:
        with _pg_connect(DB_NAME) as conn:
            cursor = conn.execute(query, params)
            return cursor.fetchall() if cursor.description else []

    def spawn(self, name: str, argv: list[str], env: dict) -> None:
        log = open(self.base / f"{name}.log", "wb")  # noqa: SIM115 (closed with the process)
        proc = subprocess.Popen(
            argv, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        log.close()
        self.procs.append((name, proc))

    def start(self) -> None:
        self.ports = {node: _free_port(address) for node, address in NODES.items()}
        for node in NODES:
            env = self.node_env(node)
            self.spawn(
                f"web-{node}", [sys.executable, "-m", "gunicorn", "--config", "deploy/gunicorn.conf.py"], env
            )
            self.spawn(f"worker-{node}", [sys.executable, "manage.py", "run_worker"], env)
            self.urls[node] = f"http://{NODES[node]}:{self.ports[node]}"

    def wait_ready(self) -> None:
        for node, url in self.urls.items():
            self.wait_for(lambda url=url: self.answers(url + "/ung-dung/healthz"), f"{node} answering", 40)
        self.wait_for(
            lambda: {h for (h,) in self.sql("SELECT hostname FROM core_workerprocess")} == set(NODES),
            "both workers registered",
            40,
        )

    def answers(self, url: str) -> bool:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.status == 200
        except (OSError, urllib.error.URLError):
            return False

    def get(self, node: str, path: str, visitor: str = "") -> str:
        headers = {"User-Agent": BROWSER}
        if visitor:
            headers["Cookie"] = f"td_v={visitor}"
        request = urllib.request.Request(self.urls[node] + path, headers=headers)
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 200
            return response.read().decode()

    def wait_for(self, condition, what: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for name, proc in self.procs:
                if proc.poll() is not None:
                    pytest.fail(f"{name} exited ({proc.returncode}) while waiting for {what}:\n{self.logs()}")
            if condition():
                return
            time.sleep(0.25)
        pytest.fail(f"timed out after {timeout} s waiting for {what}:\n{self.logs()}")

    def logs(self) -> str:
        return "\n".join(
            f"--- {name} ---\n{(self.base / f'{name}.log').read_text(errors='replace')[-1500:]}"
            for name, _ in self.procs
        )

    def stop(self) -> None:
        for _, proc in self.procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for _, proc in self.procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)


def _drop_database() -> None:
    with _pg_connect("postgres") as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")


SETUP = """
import json
from thidua.accounts.models import User
from thidua.portal import services
editor = User.objects.create(username="multinode-editor", is_superuser=True, is_staff=True)
article = services.article_create(actor=editor, title="Tin của hai máy chủ", body="<p>Nội dung</p>")
article = services.article_transition(actor=editor, article=article, action="submit")
article = services.article_transition(actor=editor, article=article, action="publish")
print(json.dumps({"id": article.pk, "slug": article.slug}))
"""

EDIT = """
import json
from thidua.accounts.models import User
from thidua.portal import services
from thidua.portal.models import Article
editor = User.objects.get(username="multinode-editor")
article = services.article_update(
    actor=editor, article=Article.objects.get(pk={id}), title="Tin đã sửa trên máy thứ ba", reason="Sửa tiêu đề"
)
print(json.dumps({{"title": article.title}}))
"""

ENQUEUE = """
import json
from thidua.core.tests.worker_tasks import record
print(json.dumps([record.enqueue(n, {path!r}, 0.05).id for n in range({count})]))
"""


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    # One cluster at a time on this machine: its database, Redis prefix and addresses are fixed.
    # (pytest-xdist's loadgroup no longer keeps these tests on one worker under pytest 9: the
    # group suffix it writes into node ids is lost, so a second worker waits here instead.)
    with open(Path(tempfile.gettempdir()) / "thidua-multinode.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield from _cluster(tmp_path_factory)


def _cluster(tmp_path_factory):
    redis_client = _redis()
    try:
        _drop_database()
        with _pg_connect("postgres") as conn:
            conn.execute(f"CREATE DATABASE {DB_NAME}")
    except Exception as exc:  # any failure to reach the server
        pytest.skip(f"MULTI-NODE TEST SKIPPED: PostgreSQL unreachable ({_postgres()['host']}): {exc}")
    _flush_redis(redis_client)
    c = Cluster(tmp_path_factory.mktemp("multinode"), redis_client)
    try:
        c.manage("migrate", "--noinput", timeout=120)
        c.start()
        c.article = c.shell(SETUP)  # while the nodes boot
        c.wait_ready()
        yield c
    finally:
        c.stop()
        _flush_redis(redis_client)
        _drop_database()


def _counts(c: Cluster) -> tuple[int, int]:
    views = c.sql("SELECT view_count FROM portal_article WHERE id = %s", (c.article["id"],))[0][0]
    visits = c.sql("SELECT COALESCE(SUM(value), 0) FROM portal_sitecounter WHERE key = 'visits'")[0][0]
    return views, visits


def test_each_nodes_views_reach_the_database_exactly_once(cluster):
    """One reader on each node and one who reads on both: the article has 3 views and the site 3
    visits, once every node's worker has flushed its node's spool, and no flush adds them again."""
    c = cluster
    page = f"/tin-tuc/{c.article['slug']}/"
    c.get("node-a", page, visitor="reader-on-node-a")
    c.get("node-b", page, visitor="reader-on-node-b")
    c.get("node-a", page, visitor="reader-on-both-nodes")
    c.get("node-b", page, visitor="reader-on-both-nodes")
    c.wait_for(lambda: _counts(c) == (3, 3), "the views flushed (3 views, 3 visits)", 30)
    # Each node's spool is read to its end by its own host's flush (the totals can be reached
    # before a node's last record is read: the reader on both nodes counts once, from either)...
    for node in NODES:
        assert sorted((c.base / node / "portal-spool").glob("*.spool")), f"{node} spooled nothing"

    def spools_read() -> list:
        unread = []
        for node in NODES:
            for path in sorted((c.base / node / "portal-spool").glob("*.spool")):
                offsets = c.sql('SELECT "offset" FROM portal_spoolcursor WHERE name = %s', (path.name,))
                if offsets != [(path.stat().st_size,)]:
                    unread.append((node, path.name, offsets, path.stat().st_size))
        return unread

    c.wait_for(lambda: not spools_read(), "every spool read to its end", 30)
    hosts = {
        queue
        for (queue,) in c.sql(
            "SELECT DISTINCT queue_name FROM django_tasks_database_dbtaskresult "
            "WHERE task_path = 'thidua.portal.tasks.flush_views' AND status = 'SUCCESSFUL'"
        )
    }
    assert {"host-node-a", "host-node-b"} <= hosts
    # ...and several flushes later nothing was counted twice.
    time.sleep(3)
    assert _counts(c) == (3, 3)


def test_a_change_on_one_machine_invalidates_the_page_cache_of_every_node(cluster):
    """Both nodes serve the article from their page cache (a change written behind the services'
    back stays unseen); an editor's change through the services, made in a third process, shows
    on both nodes at once."""
    c = cluster
    page = f"/tin-tuc/{c.article['slug']}/"
    for node in NODES:
        assert "Tin của hai máy chủ" in c.get(node, page)
    c.sql("UPDATE portal_article SET summary = 'Tóm tắt viết lén' WHERE id = %s", (c.article["id"],))
    for node in NODES:
        html = c.get(node, page)
        assert "Tin của hai máy chủ" in html and "Tóm tắt viết lén" not in html, f"{node} did not cache"
    assert c.shell(EDIT.format(id=c.article["id"]))["title"] == "Tin đã sửa trên máy thứ ba"
    for node in NODES:
        html = c.get(node, page)
        assert "Tin đã sửa trên máy thứ ba" in html, f"{node} still serves the old page"
        assert "Tóm tắt viết lén" in html
    assert c.redis.keys(f"{KEY_PREFIX}:*portal:generation"), "the generation is not in Redis"


def test_a_task_enqueued_once_runs_once(cluster):
    """Tasks enqueued once by a third process are each run exactly once by the two nodes' workers."""
    c = cluster
    runs = c.base / "runs.txt"
    count = 12
    ids = c.shell(ENQUEUE.format(path=str(runs), count=count))
    assert len(ids) == count

    def finished() -> bool:
        rows = c.sql(
            "SELECT COUNT(*) FROM django_tasks_database_dbtaskresult WHERE task_path = %s AND status = %s",
            (RECORD, "SUCCESSFUL"),
        )
        return rows[0][0] == count

    c.wait_for(finished, f"{count} tasks done", 30)
    time.sleep(1.5)  # a second run, were there one, would have happened by now
    lines = [line.split() for line in runs.read_text().splitlines()]
    assert Counter(int(n) for n, _ in lines) == Counter(range(count))
    claims = c.sql(
        "SELECT worker_ids FROM django_tasks_database_dbtaskresult WHERE task_path = %s", (RECORD,)
    )
    assert all(len(ids if isinstance(ids, list) else json.loads(ids)) == 1 for (ids,) in claims)
