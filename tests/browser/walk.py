"""The page walk: every HTML page of the app and the portal, opened as a persona who may see it.

Pages come from the permission matrices (``thidua/<app>/tests/matrix.py``), so a new page is
walked as soon as it has a matrix row. For each GET case the first persona in ``ORDER`` that
gets a 200 HTML answer opens it; downloads (Word, Excel, PDF, ZIP, JSON) are left out. Sweeps
(phone widths, accessibility) open the pages in Chromium signed in through a session cookie."""

from __future__ import annotations

import importlib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.test import Client

# Who opens a page: the least privileged persona that may, so pages are seen as most users see them.
ORDER = ("anonymous", "officer_a", "secretary", "council", "editor", "provincial", "admin")


@dataclass(frozen=True)
class WalkPage:
    key: str
    persona: str
    url: str


def _get_cases():
    cases = []
    for config in apps.get_app_configs():
        if not config.name.startswith("thidua."):
            continue
        if not (Path(config.path) / "tests" / "matrix.py").exists():
            continue
        module = importlib.import_module(f"{config.name}.tests.matrix")
        cases.extend(c for c in module.CASES if c.method.upper() == "GET" and not c.is_api)
    return cases


def _client(world, persona: str) -> Client:
    client = Client()
    if persona != "anonymous":
        client.force_login(world.users[persona])
    return client


def walk_pages(world) -> list[WalkPage]:
    """Every HTML page with the persona that opens it (checked with Django's test client first)."""
    clients = {persona: _client(world, persona) for persona in ORDER}
    pages = []
    seen = set()
    for case in _get_cases():
        url = case.url(world)
        if url in seen:
            continue
        expected = case.expected()
        for persona in ORDER:
            if expected.get(persona) != 200:
                continue
            if _opens(clients[persona], url):
                pages.append((case, WalkPage(case.key, persona, url)))
                seen.add(url)
            break
    # A later case's url() may undo what an earlier page shows (e.g. a proposals case replaces the
    # demo decision a document belongs to, out of the officer's sight): such a page's url() is
    # called again, and it is opened by the first persona (in ORDER) who still may, so that every
    # page is swept as it is at the end of the walk.
    return [_still_open(case, page, clients, world) for case, page in pages]


def _opens(client: Client, url: str) -> bool:
    with transaction.atomic():
        response = client.get(url)
        transaction.set_rollback(True)
    return response.status_code == 200 and response.get("Content-Type", "").startswith("text/html")


def _still_open(case, page: WalkPage, clients: dict, world) -> WalkPage:
    if _opens(clients[page.persona], page.url):
        return page
    for url in dict.fromkeys([case.url(world), page.url]):
        for persona in ORDER[ORDER.index(page.persona) :]:
            if _opens(clients[persona], url):
                return WalkPage(page.key, persona, url)
    return page


def by_persona(pages: list[WalkPage]) -> dict[str, list[WalkPage]]:
    grouped: dict[str, list[WalkPage]] = defaultdict(list)
    for page in pages:
        grouped[page.persona].append(page)
    return grouped


def signed_in_context(browser, live_server, world, persona: str, **options):
    """A Chromium context signed in as ``persona`` (the session cookie of a forced login)."""
    context = browser.new_context(
        locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", base_url=live_server.url, **options
    )
    if persona != "anonymous":
        client = _client(world, persona)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
        )
    return context
