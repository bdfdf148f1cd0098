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
        return run_demo_loaders()


@pytest.fixture
def world(_demo_context, db):
    """The demo data: Khối Nội chính 2019 and the current year, Khối Kinh tế, demo logins.
    (Session-scoped fixtures are set up first, so the demo is committed before the test's own
    transaction begins.)"""
    ctx = _demo_context
    if not User.objects.filter(username=USERNAMES["admin"]).exists():
        # A transactional test (browser, concurrency) empties the tables when it ends: load the
        # demo again inside this test (pytest-django runs those tests after all the others).
        ctx = run_demo_loaders()
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
