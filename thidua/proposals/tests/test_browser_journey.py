"""The proposals journey in real Chromium: the 2019 conference outcome of Khối Nội chính (Sở Nội
vụ for the Government flag; the court and the civil-judgment enforcement office for provincial
flags) becomes proposals, their dossiers download, the office receives them, the Council's
vote is recorded, decisions are entered and the awards appear in each unit's history."""

import time

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
        page.fill("#id_voted_on", "08/01/2020")
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

    # The Government flag is the Prime Minister's: the province first sends the dossier to MoHA.
    page.goto("/de-nghi/?year=2019")
    page.click("#proposals tbody a:has-text('Sở Nội vụ')")
    # No date in the 2019 pack and none set by the province: nothing to be late for.
    assert "không có hạn cố định" in page.locator("#central-deadline").inner_text()
    page.fill("#id_letter_number", "12/TTr-UBND")
    page.fill("#id_forwarded_on", "10/01/2020")
    page.click("#forward")
    page.wait_for_selector("#status .status-forwarded")
    assert "tờ trình số 12/TTr-UBND" in page.locator("#forwarded").inner_text()

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
    # A flag is handed over at a ceremony: nothing to print is offered for it.
    assert page.locator("#decision-items a:has-text('In')").count() == 0
    assert "Trao cờ theo quyết định" in page.locator("#decision-items").inner_text()
    page.shot("proposals-06-decision-flag")

    for code, number in (("SNV", "812/QĐ-TTg"), ("TAND", "245/QĐ-UBND"), ("THADS", "245/QĐ-UBND")):
        page.goto(f"/to-chuc/don-vi/{code}/")
        history = page.locator("#unit-awards").inner_text()
        assert number in history and "2019" in history, (code, history)
    page.shot("proposals-07-unit-history")

    page.goto("/de-nghi/bao-cao/")
    page.wait_for_function("document.getElementById('chart-form').width > 0")
    page.shot("proposals-08-reports")


@pytest.fixture
def background_worker(background_tasks, monkeypatch):
    """The dossier job runs in the background, as in production; LibreOffice is replaced by a
    slow stand-in so that the progress bar can be watched without minutes of real conversion."""
    from thidua.documents import services as documents

    def slow_pdfs(*, actor, documents):
        time.sleep(1.0)
        return list(documents)

    monkeypatch.setattr(documents, "pdf_available", lambda: True)
    monkeypatch.setattr(documents, "generate_pdfs", slow_pdfs)


def test_the_bloc_dossiers_are_made_in_the_background_with_progress(
    undecided_2019, background_worker, page, login
):
    page.set_default_timeout(60000)  # the task's thread shares a busy CI machine
    login("thuky2019")
    page.goto("/de-nghi/khoi/KNC/2019/")
    page.click("#from-outcomes")
    page.wait_for_selector("#generate-all")
    page.click("#generate-all")
    page.wait_for_selector("#dossier-job .progress")
    page.shot("proposals-09-dossier-batch-progress")
    page.wait_for_selector("#dossier-job[data-status=succeeded]")
    assert (
        page.locator("#dossier-job-message")
        .inner_text()
        .startswith("Đã lập hồ sơ cho cả 3 đề nghị (4 tệp Word và PDF mỗi đề nghị).")
    )
    assert page.locator("#dossier-job-rows tr[data-state=done]").count() == 3
    page.shot("proposals-10-dossier-batch-done")
    # Back to the list: the proposals now have their dossiers and the button is available again.
    page.click("#dossier-job-reload")
    page.wait_for_selector("#year-proposals")

    page.click("#year-proposals tr[data-unit=TAND] a")
    page.wait_for_selector("[data-download=proposal_letter]")
    page.click("#generate")
    page.wait_for_selector("#dossier-job-message")
    assert page.locator("#dossier-job-message").inner_text() == "Đã lập hồ sơ (4 tệp Word và PDF)."
    page.wait_for_function("!document.getElementById('generate').disabled")
    assert "ho-so=" in page.url
