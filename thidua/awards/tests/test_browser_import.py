"""Browser journey: the provincial office imports award history. A file with one bad row is
refused with the row's error shown; the corrected file runs in the background with a progress
bar, and the person's eligibility page then shows the imported facts."""

import pytest
from django.utils import timezone

from thidua.awards.models import AwardRecord, Initiative
from thidua.organisations.models import Person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = (
    "Loại bản ghi,Mã đơn vị,Họ và tên,Năm,Mã khen thưởng,Số quyết định,Ngày quyết định,Tên sáng kiến,Phạm vi"
)
# Many old initiative rows make the file large enough for the progress bar to be seen.
FILLER = [
    f"sáng kiến,VKSND,Ngô Thị Yến,{2000 + i % 14},,SK-{i},,Sáng kiến cải tiến số {i},cơ sở"
    for i in range(3000)
]
GOOD = [
    "khen thưởng,TAND,Đặng Quang Huy,2014,bk_tinh_cn,777/QĐ-UBND,20/01/2015,,",
    "sáng kiến,TAND,Lê Thị Mai,2025,,88/QĐ-HĐSK,,Trợ lý số tra cứu bản án,tỉnh",
    *FILLER,
]
BAD = [*GOOD[:2], "khen thưởng,KHONGCO,,2014,co_tinh,1/QĐ,20/01/2015,,", *FILLER[:10]]


@pytest.fixture(autouse=True)
def background(background_tasks):
    """Here the import runs in the background, as in production, and the page polls its progress."""


def upload(page, tmp_path, name, rows):
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    page.goto("/khen-thuong/lich-su/nhap/")
    page.set_input_files("input[name=file]", str(path))
    page.click("#import-submit")
    page.wait_for_url("**/khen-thuong/lich-su/nhap/*-*/")


def test_import_refuses_a_bad_row_then_imports_and_shows_eligibility(world, page, login, tmp_path):
    page.set_default_timeout(60000)  # the task's thread shares a busy CI machine
    login("phongtdkt")
    before = AwardRecord.objects.count()
    upload(page, tmp_path, "co-loi.csv", BAD)
    page.wait_for_selector("#import-errors")
    errors = page.locator("#import-errors").inner_text()
    assert "Không có đơn vị mã “KHONGCO”" in errors
    assert "4" in page.locator("#import-errors tbody tr").first.inner_text()
    assert "không dòng nào được ghi" in page.locator("#import-progress .alert-danger").inner_text()
    page.shot("awards-01-import-refused")
    assert AwardRecord.objects.count() == before

    upload(page, tmp_path, "dung.csv", GOOD)
    page.wait_for_selector("#import-progress .progress, #import-progress .alert-success")
    page.shot("awards-02-import-progress")
    page.wait_for_selector("#import-progress .alert-success", timeout=60000)
    assert "Đã nhập 1 quyết định khen thưởng" in page.locator("#import-progress").inner_text()
    page.shot("awards-03-import-done")
    assert AwardRecord.objects.count() == before + 1
    assert Initiative.objects.filter(title__startswith="Sáng kiến cải tiến").count() == 3000

    mai = Person.objects.get(full_name="Lê Thị Mai")
    page.goto(f"/to-chuc/ca-nhan/{mai.pk}/")
    assert "có thể đề nghị gì năm" in page.locator("#awards-eligibility").inner_text()
    page.click("#awards-eligibility >> text=Chi tiết và căn cứ")
    page.wait_for_url(f"**/khen-thuong/xet-dieu-kien/ca-nhan/{mai.pk}/")
    body = page.locator("main").inner_text()
    assert "Chiến sĩ thi đua cấp tỉnh" in body
    assert "Trợ lý số tra cứu bản án" not in body  # initiatives are facts, not awards
    # The year under way has no rating yet (the demo rates finished years only): judge last year,
    # which her ten CSTĐCS titles and HTXS ratings make eligible.
    last_year = timezone.localdate().year - 1
    page.goto(f"/khen-thuong/xet-dieu-kien/ca-nhan/{mai.pk}/?nam={last_year}")
    body = page.locator("main").inner_text()
    assert "Đủ điều kiện đề nghị" in body
    page.shot("awards-04-eligibility")


def test_office_reads_history_and_copies_a_pack(world, page, login):
    """History is searchable without diacritics; a pack is copied to Law 06/2026's date."""
    login("phongtdkt")
    page.goto("/khen-thuong/lich-su/?q=co+thi+dua")
    assert "Cờ thi đua của UBND tỉnh" in page.locator("#results").inner_text()
    page.shot("awards-05-history")
    page.goto("/khen-thuong/bo-quy-tac/luat-06-2022-nd-152-2025/sao-chep/")
    page.fill("input[name=code]", "luat-06-2026")
    page.fill("input[name=name]", "Luật 06/2026/QH16 (sửa đổi)")
    page.fill("input[name=effective_from]", "01/10/2026")
    page.click("main button[type=submit]")
    page.wait_for_url("**/bo-quy-tac/luat-06-2026/")
    assert "01/10/2026" in page.locator("main").inner_text()
    page.shot("awards-06-new-pack")
