"""The main menu never leads a user to a page they may not open."""

import re

import pytest

from thidua.core.testing import PERSONAS

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "anonymous"])
def test_every_menu_link_opens_for_the_user(world, client_for, persona):
    client = client_for(persona)
    page = client.get("/ung-dung/").content.decode()
    menu = page[page.index('id="nav"') : page.index("</nav>")]
    links = [h for h in re.findall(r'href="([^"#]+)"', menu) if not h.startswith("/api/")]
    assert len(links) >= 6, links
    for href in links:
        response = client.get(href)
        assert response.status_code == 200, (persona, href, response.status_code)


def test_editors_get_the_editing_link_and_others_the_public_site(world, client_for):
    editor = client_for("editor").get("/ung-dung/").content.decode()
    officer = client_for("officer_a").get("/ung-dung/").content.decode()
    assert 'href="/bien-tap/"' in editor and "Biên tập cổng thông tin" in editor
    assert 'href="/bien-tap/"' not in officer and "Cổng thông tin" in officer
