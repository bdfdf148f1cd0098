"""The foundation journey in real Chromium: the 2019 secretary starts 2020, which takes the leader
the 2019 conference elected (Sở Nội vụ) and says what was copied; management passes to Sở Nội vụ."""

import pytest

from thidua.organisations.models import BlocYear

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretary_starts_2020_led_by_the_elected_snv(world, page, login):
    # The demo already holds 2020 (started from 2019): walk it from the day after the 2019
    # conference instead.
    BlocYear.objects.filter(bloc__code="KNC", year=2020).delete()
    login("thuky2019")
    page.shot("foundation-01-dashboard")
    page.click("text=Khối thi đua các cơ quan Nội chính tỉnh >> nth=-1")
    page.wait_for_url("**/to-chuc/khoi/KNC/2019/")
    rows = page.locator("#members tbody tr")
    assert rows.count() == 8
    leader_row = page.locator("#members tbody tr[data-unit=THADS]")
    assert "Trưởng khối" in leader_row.inner_text()
    assert "Cục Thi hành án dân sự tỉnh" in leader_row.inner_text()
    page.shot("foundation-02-bloc-year-2019")

    page.click("#start-next")
    page.wait_for_url("**/to-chuc/khoi/KNC/2020/")
    assert "theo kết quả bầu tại hội nghị năm 2019" in page.content()
    assert page.locator("#leader").inner_text() == "Sở Nội vụ"
    snv_row = page.locator("#members tbody tr[data-unit=SNV]")
    assert "Trưởng khối" in snv_row.inner_text()
    # Management passed to Sở Nội vụ's secretariat: the outgoing secretary is told so.
    assert "đã chuyển cho Sở Nội vụ" in page.locator("#handover-note").inner_text()
    page.shot("foundation-03-2020-led-by-snv")
