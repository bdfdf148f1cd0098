"""The Council's e-vote in real Chromium: the office puts the three received 2019 proposals of
Khối Nội chính before the Council and opens the session; the 15 members vote on phones (360×740,
one browser context each); the office closes the session; the statuses follow the thresholds of
all members (4/5: 14 and 12 agree pass, 11 fails) and the minutes download."""

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from thidua.organisations.models import BlocYear
from thidua.proposals import services
from thidua.proposals.choices import ProposalStatus
from thidua.proposals.models import CouncilSession, Proposal
from thidua.proposals.services.council_sessions import council_members_default

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTEFACTS = Path(__file__).resolve().parents[3] / "test-artefacts"
PHONE = {"width": 360, "height": 740}
AGREE = {"SNV": 14, "TAND": 12, "THADS": 11}  # of 15 members; the rest disagree


def _received(w) -> dict:
    by = BlocYear.objects.get(bloc__code="KNC", year=2019)
    out = {}
    for p in services.proposals_from_outcomes(actor=w.secretary, bloc_year=by):
        services.dossier_generate(actor=w.secretary, proposal=p, pdf=False)
        p = services.proposal_submit(
            actor=w.secretary, proposal=Proposal.objects.get(pk=p.pk), late_reason="Bổ sung sau hội nghị"
        )
        out[p.unit.code] = services.proposal_receive(actor=w.provincial, proposal=p)
    return out


def _phone(browser, live_server, user):
    """A phone-sized context signed in as ``user`` (the session cookie of a forced login)."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
        base_url=live_server.url,
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
    )
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )
    return context


def test_fifteen_members_vote_on_three_proposals_on_phones(undecided_2019, page, login, browser, live_server):
    w = undecided_2019
    made = _received(w)
    members = list(council_members_default())
    assert len(members) == 15

    login("phongtdkt")
    page.goto("/de-nghi/hoi-dong/2019/")
    for p in made.values():
        page.check(f"#session-form input[value='{p.uuid}']")
    page.fill("#id_title", "Phiên họp Hội đồng ngày 08/01")
    page.click("#create-session")
    page.wait_for_selector("#open-session")
    page.click("#open-session")
    page.wait_for_selector("#close-session")
    session = CouncilSession.objects.get()
    ballot_url = f"/de-nghi/hoi-dong/phien/{session.uuid}/bieu-quyet/"

    for i, member in enumerate(members):
        context = _phone(browser, live_server, member)
        phone = context.new_page()
        phone.set_default_timeout(15000)
        phone.goto(ballot_url)
        if i == 0:
            # Fits a 360 px screen: no sideways scrolling, big buttons.
            assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
            box = phone.locator("[data-choice=agree]").first.bounding_box()
            assert box["height"] >= 56 and box["width"] >= 120
            phone.screenshot(path=str(ARTEFACTS / "council-evote-01-phone.png"), full_page=True)
        for code, p in made.items():
            choice = "agree" if i < AGREE[code] else "disagree"
            card = phone.locator(f".council-card[data-proposal='{p.uuid}']")
            card.locator(f"[data-choice={choice}]").click()
            phone.wait_for_selector(f".council-card[data-proposal='{p.uuid}'][data-voted=yes]")
        if i == 0:
            # Back on the page: every card says it is voted and offers no button (one vote each).
            phone.reload()
            assert phone.locator(".council-card[data-voted=yes]").count() == 3
            assert phone.locator("[data-choice]").count() == 0
            phone.screenshot(path=str(ARTEFACTS / "council-evote-02-phone-voted.png"), full_page=True)
        context.close()

    page.goto(session.get_absolute_url())
    assert "15/15" in page.locator("#present").inner_text()
    assert page.locator("#results").count() == 0  # no counts while the vote runs
    page.once("dialog", lambda dialog: dialog.accept())  # "Đóng phiên? …"
    page.click("#close-session")
    page.wait_for_selector("#results")
    page.shot("council-evote-03-results")
    for code, p in made.items():
        row = page.locator(f"#results tr[data-proposal='{p.uuid}']")
        assert row.get_attribute("data-passed") == ("yes" if AGREE[code] >= 12 else "no")
    statuses = {code: Proposal.objects.get(pk=p.pk).status for code, p in made.items()}
    assert statuses == {
        "SNV": ProposalStatus.APPROVED,
        "TAND": ProposalStatus.APPROVED,
        "THADS": ProposalStatus.NOT_APPROVED,
    }
    with page.expect_download() as download:
        page.click("#minutes")
    assert download.value.suggested_filename.endswith(".docx")
