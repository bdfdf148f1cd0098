"""Issue 19 as an officer meets it in the browser: names of the year (4), names instead of codes
and a Vietnamese audit log (5), Excel files that open ready to use (6) and a demo that tells one
story (7). Items 1-3 and 8 have their own browser tests (scoring autosave, portal editor, phone
sweep, settings, small things)."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import load_workbook

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_2019_pages_name_the_leader_as_it_was_called_in_2019(world, page, login):
    login("phongtdkt")
    row = page.locator("main tr", has_text="2019").filter(has_text="Nội chính").first
    assert "Cục Thi hành án dân sự tỉnh" in row.inner_text()
    page.goto("/cham-diem/KNC/2019/xep-hang/")
    assert "Cục Thi hành án dân sự tỉnh" in page.locator("main").inner_text()


def test_the_catalogue_and_the_audit_log_speak_vietnamese(world, page, login):
    login("phongtdkt")
    page.goto("/khen-thuong/danh-muc/")
    text = page.locator("main").inner_text()
    assert "Bằng khen của Chủ tịch UBND tỉnh" in text
    assert "bk_tinh_cn" not in text and "giay_khen_tt" not in text
    page.goto("/ung-dung/nhat-ky/")
    log = page.locator("main").inner_text()
    assert "bloc_year.advance" not in log and "{'" not in log
    assert "#" not in page.locator("main table tbody").first.inner_text().split("\n")[0]


def test_the_award_history_downloads_as_a_workbook_ready_to_use(world, page, login):
    login("phongtdkt")
    page.goto("/khen-thuong/lich-su/")
    assert "đ" in page.locator("main table").inner_text()  # cash amounts, 2.530.000 đ
    with page.expect_download() as info:
        page.click("#export-xlsx")
    workbook = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()))
    sheet = workbook.active
    assert sheet.freeze_panes is not None
    dates = [
        c for row in sheet.iter_rows(min_row=2) for c in row if isinstance(c.value, dt.date | dt.datetime)
    ]
    assert dates and all(c.number_format == "dd/mm/yyyy" for c in dates)
    assert any(
        isinstance(c.value, int | float) and "đ" in c.number_format
        for r in sheet.iter_rows(min_row=2)
        for c in r
    )


def test_the_demo_story_holds_for_any_member_unit(world, page, login):
    login("canboca")  # the police's officer: every member unit has one now
    page.goto("/to-chuc/khoi/KNC/2020/")
    assert "Sở Nội vụ" in page.locator("#leader").inner_text()
    page.goto("/nam-thi-dua/KNC/2019/")
    assert "quá hạn" not in page.locator("main").inner_text()
    page.goto(f"/nam-thi-dua/KNC/{timezone.localdate().year}/")
    assert "quá hạn" not in page.locator("main").inner_text()
