"""Shared fixtures: the seed world and the named personas every test speaks of.

Personas (healthchecks' Alice/Bob/Charlie idea):
  admin        system administrator
  provincial   officer of the provincial emulation office (Phòng TĐKT, Sở Nội vụ)
  secretary    bloc secretary of 2019: staff of Cục THADS, the 2019 leader
  officer_a    emulation officer of unit A (Tòa án nhân dân tỉnh, TAND)
  officer_b    emulation officer of unit B (Viện Kiểm sát, VKSND): must see nothing private of A
  council      member of the provincial Emulation–Commendation Council
  editor       portal editor
  anonymous    nobody signed in
"""

import copy
import datetime as dt
import os
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.db.models import Model
from django.test import Client

from thidua.accounts.models import User
from thidua.core.demo import run_demo_loaders
from thidua.documents import pdf

PERSONAS = ["admin", "provincial", "secretary", "officer_a", "officer_b", "council", "editor", "anonymous"]
CHROMIUM = "/usr/bin/chromium"
USERNAMES = {
    "admin": "admin",
    "provincial": "phongtdkt",
    "secretary": "thuky2019",
    "secretary_snv": "thukysnv",
    "officer_a": "canbotand",
    "officer_b": "canbovks",
    "council": "hoidong",
    "editor": "bientap",
}


def _fresh(value):
    """A context value as the database has it now: model instances are read again, so that a test
    that changes one in memory never leaks into the next test."""
    if isinstance(value, Model):
        return type(value)._default_manager.get(pk=value.pk)
    if isinstance(value, list | tuple):
        return type(value)(_fresh(v) for v in value)
    if isinstance(value, dict):
        return {k: _fresh(v) for k, v in value.items()}
    return copy.deepcopy(value)


@pytest.fixture(scope="session")
def _demo_context(django_db_setup, django_db_blocker):
    """The demo world, loaded once per test process (each xdist worker has its own database) and
    committed; every test then runs in a transaction rolled back at its end, so each sees the
    demo exactly as loaded, at the cost of one load instead of one per test."""
    with django_db_blocker.unblock():
        ctx = run_demo_loaders()
        _SNAPSHOT.update(_take_snapshot())
        return ctx


# Every model table's rows as the demo left them: a transactional test (browser, concurrency)
# empties the tables when it ends, and putting these rows back is far faster than running the demo
# loaders again (which also keeps every primary key, so the session's context stays true).
_SNAPSHOT: dict[str, tuple[list[str], list[tuple]]] = {}


def _model_tables():
    from django.apps import apps

    seen = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.managed and not meta.proxy and meta.db_table not in seen:
            seen[meta.db_table] = model
    return seen


def _take_snapshot() -> dict:
    from django.db import connection

    quote = connection.ops.quote_name
    snapshot = {}
    with connection.cursor() as cursor:
        for table, model in _model_tables().items():
            columns = [f.column for f in model._meta.concrete_fields]
            cursor.execute(f"SELECT {', '.join(map(quote, columns))} FROM {quote(table)}")
            snapshot[table] = (columns, cursor.fetchall())
    return snapshot


def _restore_snapshot() -> None:
    """Empty every model table and put the demo's rows back, in one transaction (foreign keys are
    deferred to its end on both databases), then move PostgreSQL's sequences past them."""
    from django.core.management.color import no_style
    from django.db import connection, transaction

    quote = connection.ops.quote_name
    tables = _model_tables()
    adapt = _pg_adapt if connection.vendor == "postgresql" else _sqlite_adapt
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for table in tables:  # DELETE: the tables are small, and TRUNCATE is slow on PostgreSQL
            cursor.execute(f"DELETE FROM {quote(table)}")
        for table, (columns, rows) in _SNAPSHOT.items():
            if rows:
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(
                    f"INSERT INTO {quote(table)} ({', '.join(map(quote, columns))}) VALUES ({marks})",
                    [tuple(adapt(v) for v in row) for row in rows],
                )
        for sql in connection.ops.sequence_reset_sql(no_style(), list(tables.values())):
            cursor.execute(sql)


def _sqlite_adapt(value):
    # SQLite hands back TIME columns as datetime.time (Django's converters) but has no adapter
    # for it; Django stores the ISO text.
    return value.isoformat() if isinstance(value, dt.time) else value


def _pg_adapt(value):
    from psycopg.types.json import Jsonb

    return Jsonb(value) if isinstance(value, dict | list) else value


@pytest.fixture
def world(_demo_context, db):
    """The demo data: Khối Nội chính 2019 and the current year, Khối Kinh tế, demo logins.
    (Session-scoped fixtures are set up first, so the demo is committed before the test's own
    transaction begins.)"""
    ctx = _demo_context
    if not User.objects.filter(username=USERNAMES["admin"]).exists():
        # A transactional test (browser, concurrency) empties the tables when it ends: put the
        # demo back (pytest-django runs those tests after all the others).
        _restore_snapshot()
    ctx = _fresh(ctx)
    users = {key: User.objects.get(username=name) for key, name in USERNAMES.items()}
    return SimpleNamespace(users=users, ctx=ctx, **users)


@pytest.fixture
def client_for(world):
    """client_for("officer_a") -> a Client signed in as that persona (anonymous: not signed in)."""

    def make(persona: str) -> Client:
        client = Client()
        if persona != "anonymous":
            client.force_login(world.users[persona])
        return client

    return make


# Browser tests ------------------------------------------------------------------------------------

ARTEFACTS = Path(__file__).resolve().parent / "test-artefacts"


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright (it cannot download its own browser here)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (run.py test does it as root)")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser page against the live server; ``page.shot(name)`` saves a screenshot."""
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", base_url=live_server.url)
    pg = context.new_page()
    pg.set_default_timeout(15000)
    violations = watch_csp(pg)
    ARTEFACTS.mkdir(exist_ok=True)

    def shot(name: str) -> None:
        pg.screenshot(path=str(ARTEFACTS / f"{name}.png"), full_page=True)

    pg.shot = shot
    yield pg
    context.close()
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)


def watch_csp(pg) -> list[str]:
    """The Content-Security-Policy violations Chromium reports on ``pg`` (an inline script or
    handler that the policy blocked: a button that silently does nothing), collected as they come."""
    found: list[str] = []

    def seen(message):
        if "Content Security Policy" in message.text:
            found.append(f"{pg.url}: {message.text[:300]}")

    pg.on("console", seen)
    return found


@pytest.fixture
def login(page):
    """login("thuky2019") signs in through the real form."""

    def do(username: str, password: str = "ThiDua@2019"):
        page.goto("/tai-khoan/dang-nhap/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.wait_for_url("**/ung-dung/")

    return do


# PDF tests ----------------------------------------------------------------------------------------
# A test marked ``@pytest.mark.pdf`` converts with LibreOffice (THIDUA_PDF is switched on for it).
# Without LibreOffice it is skipped, loudly (a line in the summary); with the environment variable CI
# set, a skipped PDF test, for that or any other reason, is a failure.

PDF_SKIPPED: list[str] = []


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no", "off")


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    if item.get_closest_marker("pdf") is not None:
        reason = pdf.unavailable_reason(check_setting=False)
        if reason:  # before any fixture is set up: a module's batch conversion would fail otherwise
            pytest.skip(f"PDF test skipped: {reason}")


@pytest.fixture(autouse=True)
def _pdf_switched_on(request):
    if request.node.get_closest_marker("pdf") is not None:
        request.getfixturevalue("settings").THIDUA_PDF = True


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and not hasattr(report, "wasxfail") and item.get_closest_marker("pdf") and in_ci():
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        reason = reason.removeprefix("Skipped: ")
        report.outcome = "failed"
        report.longrepr = f"CI is set and a skipped PDF test in CI is a failure: {reason}"


def pytest_runtest_logreport(report):
    # Runs where the results are reported (the xdist controller too): markers travel as keywords.
    if report.skipped and not hasattr(report, "wasxfail") and "pdf" in report.keywords:
        PDF_SKIPPED.append(report.nodeid)


def pytest_terminal_summary(terminalreporter):
    if PDF_SKIPPED:
        terminalreporter.section("PDF tests skipped", sep="!", red=True, bold=True)
        terminalreporter.write_line(
            f"{len(PDF_SKIPPED)} PDF test(s) SKIPPED: "
            + (pdf.unavailable_reason(check_setting=False) or "see their reasons (pytest -rs)"),
            red=True,
            bold=True,
        )
        terminalreporter.write_line(
            "With CI set these are failures; python3 run.py test installs LibreOffice as root."
        )
