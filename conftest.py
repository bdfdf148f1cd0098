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

from pathlib import Path
from types import SimpleNamespace

import pytest
from django.test import Client

from thidua.accounts.models import User
from thidua.core.demo import run_demo_loaders

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


@pytest.fixture
def world(db):
    """The demo data: Khối Nội chính 2019 and the current year, Khối Kinh tế, demo logins."""
    ctx = run_demo_loaders()
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
    ARTEFACTS.mkdir(exist_ok=True)

    def shot(name: str) -> None:
        pg.screenshot(path=str(ARTEFACTS / f"{name}.png"), full_page=True)

    pg.shot = shot
    yield pg
    context.close()


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
