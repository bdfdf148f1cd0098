"""The scoring journey in real Chromium: two unit officers self-score with evidence, the
secretary of the year (SNV) reviews with a reason and finalises, the year moves on to the
conference and every member sees the ranking with its chart."""

import pytest

from thidua.accounts.models import User
from thidua.cycles.models import YearCycle
from thidua.organisations.models import BlocYear
from thidua.scoring.models import Assessment
from thidua.scoring.tests.conftest import PDF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCORES = {
    "1.1.a": "5",
    "1.1.b": "4,5",
    "1.2": "9",
    "2.1": "25",
    "2.2": "14",
    "2.3": "13",
    "3.1": "9",
    "3.2": "8",
}


def self_score(page, year, unit, evidence_points):
    page.goto(f"/cham-diem/KNC/{year}/")
    page.click("#open-own")
    page.wait_for_url(f"**/don-vi/{unit}/")
    for code, value in SCORES.items():
        box = page.locator(f'tr[data-code="{code}"] input[name=points]')
        box.fill(value)
        box.press("Tab")
        page.wait_for_selector(f'tr[data-code="{code}"] .row-saved')
    # 25 is above the maximum of 20: clamped in the grid, with a message, then saved as 20.
    assert page.locator('tr[data-code="2.1"] input[name=points]').input_value() == "20"
    page.locator('tr[data-code="4.1"] button:has-text("+ minh chứng")').click()
    page.set_input_files(
        "#evidence-file", files=[{"name": "khen-thuong.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.click("#upload-submit")
    page.wait_for_selector("text=Đã tải lên minh chứng")
    box = page.locator('tr[data-code="4.1"] input[name=points]')
    box.fill(evidence_points)
    box.press("Enter")
    page.wait_for_selector('tr[data-code="4.1"] .row-saved')
    assert "9</strong>/9" in page.inner_html("#progress")
    page.shot(f"scoring-01-self-assessment-{unit}")
    page.click("#submit-sheet")
    page.wait_for_selector("#status:has-text('Đã nộp')")


def test_self_assessment_review_finalise_and_ranking(world, page, login):
    year = world.ctx["current_year"]
    by = BlocYear.objects.get(bloc__code="KNC", year=year)
    Assessment.objects.filter(bloc_year=by).delete()  # start the year's scoring afresh

    login("canbotand")
    self_score(page, year, "TAND", "10")
    page.context.clear_cookies()
    login("canbovks")
    self_score(page, year, "VKSND", "9")
    # B cannot open A's sheet, even knowing the address.
    assert page.goto(f"/cham-diem/KNC/{year}/don-vi/TAND/").status == 404
    page.context.clear_cookies()

    login("thukysnv")
    page.goto(f"/cham-diem/KNC/{year}/")
    assert page.locator("#reviewing tbody tr").count() == 2
    page.click("#reviewing tr[data-unit=TAND] a")
    page.wait_for_url("**/don-vi/TAND/tham-dinh/")
    row = page.locator("#rrow-" + str(by.rubrics.get(frozen_at__isnull=False).items.get(code="2.1").pk))
    row.locator("input[name=points]").fill("17")
    row.locator("input[name=points]").press("Tab")
    page.wait_for_selector(".row-error:has-text('cần nêu lý do')")
    row.locator("input[name=reason]").fill("Chỉ tiêu giải quyết án đạt 85%, chưa đạt mức tối đa.")
    row.locator("input[name=reason]").press("Tab")
    page.wait_for_selector(".row-saved")
    page.shot("scoring-02-review-with-reason")
    page.click("#complete-review")
    page.wait_for_selector("text=Đã hoàn thành thẩm định")
    page.click("#reviewing tr[data-unit=VKSND] a")
    page.wait_for_url("**/don-vi/VKSND/tham-dinh/")
    page.click("#complete-review")
    page.wait_for_selector("text=Đã hoàn thành thẩm định")
    for unit in ("TAND", "VKSND"):
        page.goto(f"/cham-diem/KNC/{year}/don-vi/{unit}/")
        page.on("dialog", lambda d: d.accept())
        page.click("#finalise")
        page.wait_for_selector("#status:has-text('Đã chốt điểm')")
    assert page.locator("#final-total").inner_text() == "91,50"  # VKSND: 82.5 + 9 on 4.1
    page.shot("scoring-03-finalised")

    # The secretary moves the year on to the conference (cycles workflow): results go public.
    from thidua.cycles.services.workflow import year_advance

    snv_secretary = User.objects.get(username="thukysnv")
    if YearCycle.objects.get(bloc_year=by).stage == "self_assessment":
        year_advance(actor=snv_secretary, bloc_year=by, action="open_review")
    year_advance(actor=snv_secretary, bloc_year=by, action="open_conference")

    for username in ("thukysnv", "canbotand", "canbovks"):
        page.context.clear_cookies()
        login(username)
        page.goto(f"/cham-diem/KNC/{year}/xep-hang/")
        page.wait_for_function("window.thiduaChartsReady === true")
        rows = page.locator("#ranking tbody tr")
        assert rows.count() == 2
        first = rows.nth(0)
        assert first.get_attribute("data-unit") == "VKSND" and "Dẫn đầu khối" in first.inner_text()
        assert "Tổng điểm cao hơn" in first.locator(".explanation").inner_text()
        assert page.locator("#chart-totals").is_visible()
    page.shot("scoring-04-ranking-with-chart")
    # Everyone now sees TAND's per-criterion scores and the reviewer's reason.
    page.goto(f"/cham-diem/KNC/{year}/don-vi/TAND/")
    assert "chưa đạt mức tối đa" in page.content()
