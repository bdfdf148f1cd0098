"""The proposals journey in real Chromium: the 2019 conference outcome of Khối Nội chính (Sở Nội
vụ for the Government flag; the court and the civil-judgment enforcement office for provincial
flags) becomes proposals, their dossiers download, the office receives them, the Council's
vote is recorded, decisions are entered and the awards appear in each unit's history."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

UNITS = {"SNV": "Sở Nội vụ", "TAND": "Tòa án nhân dân tỉnh", "THADS": "Cục Thi hành án dân sự tỉnh"}


def _switch(page, login, username):
    page.context.clear_cookies()
    login(username)


def test_conference_outcome_to_awards_in_history(undecided_2019, page, login):
    login("thuky2019")
    page.goto("/de-nghi/khoi/KNC/2019/")
    assert "Sở Nội vụ" in page.locator("#outcomes").inner_text()
    page.shot("proposals-01-bloc-year-outcomes")
    page.click("#from-outcomes")
    page.wait_for_selector("#year-proposals tbody tr[data-unit=SNV]")
    assert page.locator("#year-proposals tbody tr").count() == 3

    for code in ("SNV", "TAND", "THADS"):
        page.goto("/de-nghi/khoi/KNC/2019/")
        page.click(f"#year-proposals tr[data-unit={code}] a")
        page.wait_for_selector("#criteria")
        assert page.locator("#submit").is_disabled()
        page.click("#generate")
        page.wait_for_selector("[data-download=proposal_letter]")
        with page.expect_download() as download:
            page.click("[data-download=proposal_letter]")
        assert download.value.suggested_filename.endswith(".docx")
        if code == "SNV":
            page.shot("proposals-02-dossier-ready")
        page.fill("#id_late_reason", "Hồ sơ hoàn thiện sau khi có biên bản kiểm phiếu")
        page.click("#submit")
        page.wait_for_selector("#status .status-submitted")

    _switch(page, login, "phongtdkt")
    page.goto("/de-nghi/toan-tinh/?year=2019")
    page.shot("proposals-03-province-overview")
    page.click("#receive-all")
    page.wait_for_selector("text=Đã tiếp nhận 3 hồ sơ.")

    page.goto("/de-nghi/?year=2019")
    links = page.locator("#proposals tbody tr a")
    urls = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert len(urls) == 3
    for url in urls:
        page.goto(url)
        page.fill("#id_yes", "13")
        page.fill("#id_members", "15")
        page.click("#council-vote")
        page.wait_for_selector("#status .status-approved")
    page.shot("proposals-04-council-approved")

    page.goto("/de-nghi/quyet-dinh/them/")
    page.fill("#id_number", "245/QĐ-UBND")
    page.fill("#id_date", "22/01/2020")
    page.fill("#id_signer_name", "Nguyễn Văn Hải")
    page.fill("#id_signer_title", "Chủ tịch UBND tỉnh")
    page.select_option("#id_authority", "provincial_chairman")
    page.fill("#id_authority_name", "Ủy ban nhân dân tỉnh")
    page.get_by_label("Tòa án nhân dân tỉnh – Cờ thi đua của UBND tỉnh").check()
    page.get_by_label("Cục Thi hành án dân sự tỉnh – Cờ thi đua của UBND tỉnh").check()
    page.click("#save")
    page.wait_for_selector("#decision-items")
    assert "11.920.000" in page.locator("#decision-items").inner_text()
    page.shot("proposals-05-decision")

    page.goto("/de-nghi/quyet-dinh/them/")
    page.fill("#id_number", "812/QĐ-TTg")
    page.fill("#id_date", "15/06/2020")
    page.fill("#id_signer_name", "Nguyễn Xuân Phúc")
    page.fill("#id_signer_title", "Thủ tướng Chính phủ")
    page.select_option("#id_authority", "prime_minister")
    page.fill("#id_authority_name", "Thủ tướng Chính phủ")
    page.get_by_label("Sở Nội vụ – Cờ thi đua của Chính phủ").check()
    page.click("#save")
    page.wait_for_selector("#decision-items")
    assert "17.880.000" in page.locator("#decision-items").inner_text()
    page.click("#decision-items a:has-text('In bằng khen')")
    page.wait_for_selector("#certificate")
    assert "Sở Nội vụ" in page.locator("#certificate-subject").inner_text()
    page.shot("proposals-06-certificate")

    for code, number in (("SNV", "812/QĐ-TTg"), ("TAND", "245/QĐ-UBND"), ("THADS", "245/QĐ-UBND")):
        page.goto(f"/to-chuc/don-vi/{code}/")
        history = page.locator("#unit-awards").inner_text()
        assert number in history and "2019" in history, (code, history)
    page.shot("proposals-07-unit-history")

    page.goto("/de-nghi/bao-cao/")
    page.wait_for_function("document.getElementById('chart-form').width > 0")
    page.shot("proposals-08-reports")
