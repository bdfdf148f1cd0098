"""The delegate's pages at 360 px in Chromium, with and without the voting cookie and on the
receipts page: nothing wider than the screen, every control a 44 × 44 touch target, no
Content-Security-Policy violation (the sweep's own measure, tests/browser/test_phone_sweep.py)."""

import pytest

from conftest import watch_csp
from tests.browser.test_phone_sweep import MEASURE, TOUCH
from thidua.conference import services
from thidua.conference.models import Ballot, Conference

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_phone_pages_fit_360px(world, browser, live_server):
    conference = Conference.objects.get(bloc_year__bloc__code="KNC", bloc_year__year=2019)
    ballot = services.ballot_create(
        actor=world.secretary, conference=conference, kind="provincial_flag", seats=2
    )
    services.ballot_open(actor=world.secretary, ballot=ballot)
    token = conference.passes.get(unit__code="TAND").token
    closed = Ballot.objects.get(conference=conference, kind="government_flag", round=1)
    context = browser.new_context(
        locale="vi-VN", base_url=live_server.url, viewport={"width": 360, "height": 740}, is_mobile=True
    )
    tab = context.new_page()
    violations = watch_csp(tab)
    problems = []
    for url in [
        "/hoi-nghi/bo-phieu/",
        f"/hoi-nghi/bo-phieu/#{token}",
        f"/hoi-nghi/bieu-quyet/{closed.pk}/bien-nhan/",
    ]:
        tab.goto(url, wait_until="load")
        if "#" in url:
            tab.locator(f".ballot[data-ballot='{ballot.pk}']").wait_for()
        problems += [f"{url}: {p['kind']}: {p['path']} [{p['size']}]" for p in tab.evaluate(MEASURE, TOUCH)]
    tab.locator("#ma").fill("AAAAA-BBBBB")
    tab.locator("button[type=submit]").click()
    tab.locator("#found").wait_for()
    problems += [f"receipt check: {p['kind']}: {p['path']}" for p in tab.evaluate(MEASURE, TOUCH)]
    context.close()
    assert not problems and not violations, "\n".join(problems + violations)
