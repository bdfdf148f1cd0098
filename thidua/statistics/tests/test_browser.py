"""Browser journey (issue 20 items 2–3): the provincial office opens the province's 2020 report,
clicks a cell and reads the records it counts under the table (HTMX), sends the report after
confirming, and sees the sent version."""

import pytest

from thidua.statistics.models import StatisticsReportVersion

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_office_traces_a_cell_and_sends_the_report(world, page, login):
    page.set_default_timeout(30000)
    login("phongtdkt")
    page.goto("/ung-dung/")
    page.click("text=Báo cáo thống kê")
    page.select_option("#id_year", "2020")
    page.click("#statistics-open")
    page.wait_for_url("**/bao-cao-thong-ke/2020/tinh/")
    page.click("#statistics-tabs >> text=0603.N")
    link = page.locator("a.statistics-cell").first
    value = int(link.inner_text())
    link.click()
    page.wait_for_selector("#cell-record-list")
    assert page.locator("#cell-record-list li").count() == value
    page.shot("statistics-cell")
    page.on("dialog", lambda dialog: dialog.accept())
    page.click("#statistics-submit")
    page.wait_for_selector("#statistics-version")
    assert "phiên bản 1" in page.locator("#statistics-version").inner_text()
    assert StatisticsReportVersion.objects.filter(report__year=2020, report__body_code="").count() == 1
    page.shot("statistics-sent")
