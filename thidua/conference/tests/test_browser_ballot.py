"""The conference ballot in real Chromium: the secretary adds and opens a ballot, 8 delegates
vote on phone-sized screens through their card links (the code rides in the URL fragment and is
exchanged for a cookie by vote.js; one phone without JavaScript types the code), no request ever
carries a code, the secretary closes it, the projector shows the result and the minutes
download as a Word file."""

import pytest

from thidua.conference.models import Ballot, Conference

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
# Six delegates choose Tòa án, two choose Viện Kiểm sát.
CHOICE = {"TAND": "VKSND", "VKSND": "VKSND"}


def test_eight_delegates_vote_on_phones(world, page, login, browser, live_server):
    conference = Conference.objects.get(bloc_year__bloc__code="KNC", bloc_year__year=2019)
    login("thuky2019")
    page.goto(f"/hoi-nghi/{conference.pk}/")
    page.click("#add-ballot")
    page.select_option("select[name=kind]", "certificate")
    page.fill("input[name=title]", "Đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh")
    page.fill("input[name=seats]", "1")
    page.shot("conference-00-ballot-form")
    page.click("main button[type=submit]")
    page.wait_for_selector("#open-ballot")
    page.shot("conference-01-ballot-draft")
    page.click("#open-ballot")
    page.wait_for_selector("#close-ballot")
    ballot = Ballot.objects.get(conference=conference, title__startswith="Đề nghị tặng Bằng khen")

    page.goto(f"/hoi-nghi/{conference.pk}/the-bo-phieu/")
    links = {
        card.get_attribute("data-unit"): card.locator("a.vote-link").get_attribute("href")
        for card in page.locator("#passes .card").all()
    }
    codes = {
        card.get_attribute("data-unit"): card.locator(".vote-code").inner_text().strip()
        for card in page.locator("#passes .card").all()
    }
    assert len(links) == 8
    assert all(links[unit].endswith("/hoi-nghi/bo-phieu/#" + codes[unit]) for unit in links)
    page.wait_for_load_state("load")
    assert page.evaluate(
        "Array.from(document.querySelectorAll('#passes img')).every(i => i.naturalWidth > 0)"
    )
    page.shot("conference-02-passes")

    phone = browser.new_context(locale="vi-VN", base_url=live_server.url, **PHONE)
    no_js = browser.new_context(locale="vi-VN", base_url=live_server.url, java_script_enabled=False, **PHONE)
    requested = []
    for context in (phone, no_js):
        context.on("request", lambda request: requested.append(request.url))
    receipts = []
    for i, (code, link) in enumerate(sorted(links.items())):
        if code == "VKSND":  # a phone without JavaScript: the delegate types the printed code
            p = no_js.new_page()
            p.goto("/hoi-nghi/bo-phieu/")
            p.fill("#token", codes[code])
            p.click("#enter button[type=submit]")
        else:
            p = phone.new_page()
            p.goto(link)
        card = p.locator(f".ballot[data-ballot='{ballot.pk}']")
        card.wait_for()
        assert p.url.endswith("/hoi-nghi/bo-phieu/")  # the code is gone from the address bar
        card.locator(f"input[value={CHOICE.get(code, 'TAND')}]").check()
        if i == 0:
            p.screenshot(path="test-artefacts/conference-03-phone-ballot.png", full_page=True)
        card.locator("button[type=submit]").click()
        p.wait_for_selector("#receipt")
        receipts.append(p.locator("#receipt").inner_text().strip())
        if i == 0:
            p.screenshot(path="test-artefacts/conference-04-phone-receipt.png", full_page=True)
            # The projector does not reveal anything before closing, even to the secretary.
            page.goto(f"/hoi-nghi/bieu-quyet/{ballot.pk}/trinh-chieu/")
            assert "1/8" in page.locator("#turnout").inner_text()
            assert page.locator("#result").count() == 0
            page.goto(f"/hoi-nghi/bieu-quyet/{ballot.pk}/")
            page.click("details summary")
            page.shot("conference-04b-secretary-ballot-open")
        # Scanning the card again shows the vote as done, with no form to vote twice.
        if code != "VKSND":
            p.goto(link)
            p.locator(f".ballot[data-ballot='{ballot.pk}'] .done").wait_for()
        else:
            p.goto("/hoi-nghi/bo-phieu/")
        assert "Bạn đã bỏ phiếu" in p.locator(f".ballot[data-ballot='{ballot.pk}']").inner_text()
        p.close()
    phone.close()
    no_js.close()
    assert len(set(receipts)) == 8
    # No request of any phone carried a voting code (the fragment never leaves the phone).
    assert requested and not [u for u in requested for c in codes.values() if c in u]

    page.goto(f"/hoi-nghi/bieu-quyet/{ballot.pk}/")
    page.on("dialog", lambda dialog: dialog.accept())
    page.click("#close-ballot")
    page.wait_for_selector("#result")
    page.goto(f"/hoi-nghi/bieu-quyet/{ballot.pk}/trinh-chieu/")
    row = page.locator("#result tr[data-key=TAND]")
    assert "Trúng cử" in row.inner_text() and "6" in row.inner_text()
    page.set_viewport_size({"width": 1280, "height": 720})
    page.shot("conference-05-projector")

    page.goto(f"/hoi-nghi/{conference.pk}/")
    with page.expect_download() as info:
        page.click("#minutes")
    download = info.value
    assert download.suggested_filename.endswith(".docx")
    with open(download.path(), "rb") as fh:
        assert fh.read(2) == b"PK"
    page.shot("conference-06-conference")
