"""The bloc secretary edits the grading bands and the tie-break order on a phone (360 × 740) in
real Chromium: numbers typed with a decimal comma, a band removed then added back, rules moved
with ↑ and ticked; the regulations page and the stored settings show the result."""

import pytest

from thidua.organisations.bloc_settings import get_settings
from thidua.organisations.models import BlocYear

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VOTE = "Số phiếu bầu tại hội nghị tổng kết nhiều hơn"
BONUS = "Điểm cộng cao hơn"


def _fits(page) -> None:
    width = page.evaluate("document.getElementById('settings-form').scrollWidth")
    assert width <= page.viewport_size["width"], f"the settings form is {width} px wide"


def test_secretary_edits_bands_and_tie_breaks_on_a_phone(world, draft_year, page, login):
    page.set_viewport_size({"width": 360, "height": 740})
    login("thuky2019")
    url = f"/nam-thi-dua/{draft_year.bloc.code}/{draft_year.year}/thiet-lap/"
    page.goto(url)
    _fits(page)
    page.shot("cycles-settings-01-phone")

    # Bands: a decimal comma in two places, the HT band removed.
    rows = page.locator("#band-rows tr")
    assert rows.count() == 3
    rows.nth(0).get_by_label("Tổng điểm tối thiểu").fill("92,5")
    rows.nth(1).get_by_label("Mỗi tiêu chí đạt tối thiểu (%)").fill("82,5")
    rows.nth(2).get_by_text("Xóa").click()
    page.get_by_label("Tỉ lệ cắt bỏ cực trị (trung bình cắt)").fill("0,25")
    page.get_by_role("button", name="Lưu thiết lập", exact=True).last.click()
    page.wait_for_url(f"**/nam-thi-dua/{draft_year.bloc.code}/{draft_year.year}/quy-che/**")
    assert "Đã lưu thiết lập của khối." in page.content()

    cfg = get_settings(BlocYear.objects.get(pk=draft_year.pk))
    assert [(b.code, b.min_total, b.min_each_ratio) for b in cfg.bands] == [
        ("HTXS", 92.5, 0.85),
        ("HTT", 80, 0.825),
    ]
    assert cfg.trim_ratio == 0.25

    # Add the HT band back (JavaScript adds the row), move the vote to the top, use the bonus.
    page.goto(url)
    assert page.locator("#band-rows tr").count() == 2
    page.get_by_role("button", name="+ Thêm mức xếp loại").click()
    new_row = page.locator("#band-rows tr").nth(2)
    new_row.get_by_label("Mức xếp loại").select_option("HT")
    new_row.get_by_label("Tổng điểm tối thiểu").fill("65,5")
    new_row.get_by_label("Mỗi tiêu chí đạt tối thiểu (%)").fill("60")
    assert page.get_by_role("button", name="+ Thêm mức xếp loại").is_disabled()

    page.get_by_role("button", name=f"Đưa “{VOTE}” lên").click()
    page.get_by_role("button", name=f"Đưa “{VOTE}” lên").click()
    assert page.get_by_role("button", name=f"Đưa “{VOTE}” lên").is_disabled()
    assert "vị trí 1" in page.locator("#tie-status").inner_text()
    page.get_by_role("checkbox", name=BONUS).check()
    labels = page.locator("#tie-rows .form-check-label").all_inner_texts()
    assert labels[0] == VOTE
    _fits(page)
    page.shot("cycles-settings-02-phone-edited")
    page.get_by_role("button", name="Lưu thiết lập", exact=True).last.click()
    page.wait_for_url("**/quy-che/**")

    summary = page.locator("#settings").inner_text()
    assert "Hoàn thành xuất sắc nhiệm vụ (HTXS): từ 92,5 điểm, mỗi tiêu chí ≥ 85% điểm tối đa" in summary
    assert "Hoàn thành tốt nhiệm vụ (HTT): từ 80 điểm, mỗi tiêu chí ≥ 82,5% điểm tối đa" in summary
    assert "Hoàn thành nhiệm vụ (HT): từ 65,5 điểm, mỗi tiêu chí ≥ 60% điểm tối đa" in summary
    tie_list = page.locator("#settings ol li").all_inner_texts()
    assert tie_list[:2] == [VOTE, "Điểm các nội dung trọng tâm của giao ước cao hơn"]
    assert BONUS in tie_list
    page.shot("cycles-settings-03-saved")

    cfg = get_settings(BlocYear.objects.get(pk=draft_year.pk))
    assert [(b.code, b.min_total) for b in cfg.bands] == [("HTXS", 92.5), ("HTT", 80), ("HT", 65.5)]
    assert cfg.tie_break == ["vote", "key_contents", "fewer_deductions", "bonus"]
