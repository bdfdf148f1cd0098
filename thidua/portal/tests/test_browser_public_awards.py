"""The public award pages in Chromium: the statistics page draws its three charts (Chart.js from
a static file, data from the page's JSON: nothing the CSP blocks), and the register, record and
statistics pages have no serious or critical axe-core violation. Also walked by the sweeps
(tests/browser) with the demo; this test needs only a few rows."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from thidua.organisations.tests.factories import PersonFactory
from thidua.proposals.tests.factories import DecisionFactory, ProposalFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_public_award_pages_draw_and_pass_axe(world, page):
    collective = ProposalFactory(approved=True)
    person = ProposalFactory(person=PersonFactory(publication_consent=True), approved=True)
    DecisionFactory(proposals=[collective, person])
    code = collective.decision_item.certificate_code

    page.goto("/thong-ke-khen-thuong/")
    page.wait_for_load_state("networkidle")
    drawn = page.evaluate(
        "['year', 'award', 'bloc'].map(k => !!Chart.getChart(document.getElementById('chart-' + k)))"
    )
    assert drawn == [True, True, True]
    page.shot("open-statistics")

    axe = Axe()
    for url in ("/thong-ke-khen-thuong/", "/tra-cuu-khen-thuong/", f"/tra-cuu-khen-thuong/{code}/"):
        page.goto(url)
        page.wait_for_load_state("networkidle")
        blocking = [
            (v["id"], [n["target"] for n in v["nodes"]])
            for v in axe.run(page).response["violations"]
            if v.get("impact") in ("serious", "critical")
        ]
        assert not blocking, f"{url}: {blocking}"
