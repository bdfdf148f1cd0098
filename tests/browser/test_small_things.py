"""Item 8 of the officer-grade experience: the small things a person notices first."""

import pytest

from thidua.accounts.models import User
from thidua.portal.models import Article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_api_docs_are_in_the_menu_of_administrators_only(world, page, login):
    login("canbotand")
    page.click("text=" + world.officer_a.get_full_name())
    assert page.locator("#nav-api-docs").count() == 0
    page.goto("/tai-khoan/ho-so/")
    assert page.locator("#tokens + p a[href='/api/v1/docs']").count() == 1  # integrators find it here


def test_a_person_edits_their_own_name_phone_and_email(world, page, login):
    login("canbotand")
    page.goto("/tai-khoan/ho-so/")
    page.fill("#id_full_name", "Nguyễn Thị Hồng Nhung")
    page.fill("#id_phone", "0912 345 678")
    page.fill("#id_email", "nhung@toaan.example.vn")
    page.click("#profile-form button")
    page.wait_for_selector("text=Đã lưu thông tin cá nhân.")
    user = User.objects.get(username="canbotand")
    assert (user.full_name, user.phone, user.email) == (
        "Nguyễn Thị Hồng Nhung",
        "0912 345 678",
        "nhung@toaan.example.vn",
    )
    page.fill("#id_phone", "gọi tôi")
    page.click("#profile-form button")
    # Wait for the answer (reading the page at once could read it while it is being replaced).
    page.wait_for_selector("text=Số điện thoại chỉ gồm chữ số")
    assert User.objects.get(username="canbotand").phone == "0912 345 678"


def test_the_portal_knows_a_signed_in_reader_and_counts_the_first_view(world, page, login):
    article = Article.objects.live().first()
    page.goto(article.get_absolute_url())
    assert page.locator("header").get_by_text("Đăng nhập").count() >= 1
    assert int(page.locator("#view-count").inner_text().replace(".", "")) >= 1
    assert int(page.locator("#stat-online").inner_text().replace(".", "")) >= 1
    login("bientap")
    page.goto(article.get_absolute_url())
    assert page.locator("#portal-app-link").count() == 1
    assert "Đăng nhập" not in page.locator("header").inner_text()


def test_favicon_and_the_rating_legend(world, page):
    assert page.request.get("/favicon.ico").status == 200
    page.goto("/")
    assert page.evaluate("document.querySelector('link[rel=icon]').href").endswith(".svg")
    page.goto("/ket-qua/")
    first = page.locator("main a[href*='/ket-qua/']").first
    first.click()
    page.wait_for_selector("#rating-legend")
    assert "HTXS – Hoàn thành xuất sắc nhiệm vụ" in page.locator("#rating-legend").inner_text()


def test_the_editor_toolbar_speaks_vietnamese(world, page, login):
    login("bientap")
    article = Article.objects.live().first()
    page.goto(f"/bien-tap/bai-viet/{article.uuid}/")
    page.wait_for_selector("trix-toolbar")
    titles = page.eval_on_selector_all("trix-toolbar [title]", "els => els.map(e => e.title)")
    assert "Chữ đậm" in titles and "Bold" not in titles
