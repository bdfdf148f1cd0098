"""Journey in real Chromium: the editor writes and publishes an article; an anonymous reader on a
phone opens it, the view count rises by one and a reload does not raise it again."""

import pytest

from thidua.portal.counting import flush

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE_UA = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/130.0 Mobile Safari/537.36"
)


def test_editor_publishes_and_phone_reader_counts_once(world, page, login, browser, live_server):
    login("bientap")
    page.goto("/bien-tap/")
    page.click("#new-article")
    page.fill("#id_title", "Khối Nội chính tổng kết năm 2019 <script>alert(1)</script>")
    page.fill("#id_summary", "Tin thử nghiệm từ hành trình trình duyệt.")
    page.click("trix-editor")
    page.keyboard.type("Hội nghị tổng kết diễn ra chiều 03/12/2019 tại Cục Thi hành án dân sự tỉnh.")
    page.shot("portal-01-editor-writes")
    page.click("#save-article")
    page.wait_for_selector("#action-submit")
    assert page.locator("#article-status").inner_text() == "Bản nháp"
    page.click("#action-submit")
    page.wait_for_selector("#action-publish")
    page.click("#action-publish")
    page.wait_for_selector("#public-link")
    assert page.locator("#article-status").inner_text() == "Đã xuất bản"
    page.shot("portal-02-editor-published")
    href = page.locator("#public-link").get_attribute("href")
    assert href.startswith("/tin-tuc/khoi-noi-chinh-tong-ket-nam-2019")
    page.goto("/ket-qua/KNC/2019/")
    assert page.locator("#results-members li").count() == 8
    page.shot("portal-05-results-desktop")
    page.goto("/")
    page.shot("portal-06-home-desktop")

    reader_context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        user_agent=PHONE_UA,
        is_mobile=True,
        has_touch=True,
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
    )
    reader = reader_context.new_page()
    try:
        reader.goto(href)
        assert "alert(1)" not in reader.content()
        # This visit is still in the spool; the reader's own view is shown, never "0".
        assert reader.locator("#view-count").inner_text() == "1"
        flush()  # what the server's background flusher does every few seconds
        reader.reload()
        assert reader.locator("#view-count").inner_text() == "1"
        reader.screenshot(path=str(page_dir(page) / "portal-03-reader-phone.png"), full_page=True)
        for _ in range(3):
            reader.reload()
        flush()
        reader.reload()
        assert reader.locator("#view-count").inner_text() == "1"
        assert reader.locator("h1").inner_text().startswith("Khối Nội chính tổng kết năm 2019")
        # The phone menu collapses behind its toggler and opens on tap.
        reader.click(".navbar-toggler")
        reader.wait_for_selector("#portal-nav.show")
        reader.goto("/")
        reader.screenshot(path=str(page_dir(page) / "portal-04-home-phone.png"), full_page=True)
        assert "Khối Nội chính tổng kết năm 2019" in reader.locator("main").inner_text()
    finally:
        reader_context.close()


def page_dir(page):
    from conftest import ARTEFACTS

    return ARTEFACTS
