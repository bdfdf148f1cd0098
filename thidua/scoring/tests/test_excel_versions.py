"""The exported score sheet carries each row's version (hidden, locked column G): re-importing an
older export refuses the rows a colleague saved since, by name, and changes nothing; a fresh
export imports; a file exported before versions were written is refused with a clear message."""

import io
from decimal import Decimal

from openpyxl import load_workbook

from thidua.accounts.tests.factories import UserFactory
from thidua.organisations.models import Unit
from thidua.scoring import excel, services
from thidua.scoring.models import Score


def _scores():
    return sorted(Score.objects.values_list("pk", "points", "explanation", "version"))


def _rows(ws):
    return {ws.cell(row=r, column=1).value: r for r in range(excel.FIRST_ROW, ws.max_row + 1)}


def _upload(wb):
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = "diem.xlsx"
    return out


def _colleague_saves(cur, item, points):
    tand = Unit.objects.get(code="TAND")
    colleague = UserFactory(officer=True, unit=tand, full_name="Trần Thị Bình")
    current = Score.objects.filter(assessment__unit=tand, assessment__bloc_year=cur, item=item).first()
    services.score_save(
        actor=colleague,
        bloc_year=cur,
        unit=tand,
        item=item,
        points=points,
        explanation="Sửa sau",
        version=current.version if current else 0,
    )
    return colleague


def test_the_sheet_carries_each_rows_version_in_a_hidden_locked_column(world, cur, client_for, leaf):
    client = client_for("officer_a")
    base = f"/cham-diem/KNC/{cur.year}/don-vi/TAND/"
    client.post(base + "luu/", {"item": leaf("2.1").pk, "points": "10", "version": 0}, HTTP_HX_REQUEST="true")
    ws = load_workbook(io.BytesIO(client.get(base + "mau.xlsx").content))["Tự chấm"]
    rows = _rows(ws)
    assert ws.cell(row=4, column=7).value == "Phiên bản"
    assert ws.column_dimensions["G"].hidden and ws.protection.sheet
    assert ws.cell(row=rows["2.1"], column=7).value == 1
    assert ws.cell(row=rows["2.2"], column=7).value == 0  # no score yet
    assert ws.cell(row=rows["II"], column=7).value is None  # a group has no score
    assert ws.cell(row=rows["2.1"], column=7).protection.locked
    assert not ws.cell(row=rows["2.1"], column=5).protection.locked


def test_an_older_export_is_refused_naming_the_row_a_colleague_saved(world, cur, client_for, leaf):
    client = client_for("officer_a")
    base = f"/cham-diem/KNC/{cur.year}/don-vi/TAND/"
    client.post(base + "luu/", {"item": leaf("2.1").pk, "points": "10", "version": 0}, HTTP_HX_REQUEST="true")
    old = load_workbook(io.BytesIO(client.get(base + "mau.xlsx").content))
    _colleague_saves(cur, leaf("2.1"), "16")
    ws = old["Tự chấm"]
    rows = _rows(ws)
    ws.cell(row=rows["2.2"], column=5, value=11)  # the officer's own change, on another row
    before = _scores()
    page = client.post(base + "nhap-excel/", {"file": _upload(old)}, follow=True).content.decode()
    assert "Tiêu chí 2.1: đã được Trần Thị Bình sửa sau khi bạn xuất tệp; tải lại tệp mới." in page
    assert "Tiêu chí 2.2" not in page
    assert _scores() == before
    assert Score.objects.get(assessment__unit__code="TAND", item=leaf("2.1")).points == Decimal("16")
    api = client.post(f"/api/v1/scoring/KNC/{cur.year}/assessments/TAND/sheet.xlsx", {"file": _upload(old)})
    assert api.status_code == 422
    assert api.json()["errors"]["file"] == [
        "Tiêu chí 2.1: đã được Trần Thị Bình sửa sau khi bạn xuất tệp; tải lại tệp mới."
    ]
    assert _scores() == before


def test_a_row_the_colleague_saved_first_from_nothing_is_stale_too(world, cur, client_for, leaf):
    client = client_for("officer_a")
    base = f"/cham-diem/KNC/{cur.year}/don-vi/TAND/"
    old = load_workbook(io.BytesIO(client.get(base + "mau.xlsx").content))
    _colleague_saves(cur, leaf("2.3"), "7")
    ws = old["Tự chấm"]
    ws.cell(row=_rows(ws)["2.3"], column=5, value=12)
    before = _scores()
    page = client.post(base + "nhap-excel/", {"file": _upload(old)}, follow=True).content.decode()
    assert "Tiêu chí 2.3: đã được Trần Thị Bình sửa sau khi bạn xuất tệp" in page
    assert _scores() == before


def test_a_fresh_export_imports_and_rows_equal_to_the_current_value_pass(world, cur, client_for, leaf):
    client = client_for("officer_a")
    base = f"/cham-diem/KNC/{cur.year}/don-vi/TAND/"
    _colleague_saves(cur, leaf("2.1"), "16")
    fresh = load_workbook(io.BytesIO(client.get(base + "mau.xlsx").content))
    ws = fresh["Tự chấm"]
    ws.cell(row=_rows(ws)["2.1"], column=5, value=17)
    page = client.post(base + "nhap-excel/", {"file": _upload(fresh)}, follow=True).content.decode()
    assert "Đã nhập 1 dòng điểm" in page
    score = Score.objects.get(assessment__unit__code="TAND", item=leaf("2.1"))
    assert score.points == Decimal("17") and score.version == 2


def test_a_version_cell_typed_over_is_refused(world, cur, client_for, leaf):
    client = client_for("officer_a")
    base = f"/cham-diem/KNC/{cur.year}/don-vi/TAND/"
    wb = load_workbook(io.BytesIO(client.get(base + "mau.xlsx").content))
    ws = wb["Tự chấm"]
    row = _rows(ws)["2.1"]
    ws.cell(row=row, column=5, value=12)
    ws.cell(row=row, column=7, value="abc")
    page = client.post(base + "nhap-excel/", {"file": _upload(wb)}, follow=True).content.decode()
    assert f"Dòng {row} (tiêu chí 2.1): ô phiên bản (cột G, ẩn) bị thiếu hoặc bị sửa" in page
    assert not Score.objects.filter(assessment__unit__code="TAND", item=leaf("2.1")).exists()


def test_an_export_from_before_versions_is_refused_with_a_clear_message(world, cur, client_for, leaf):
    client = client_for("officer_a")
    base = f"/cham-diem/KNC/{cur.year}/don-vi/TAND/"
    wb = load_workbook(io.BytesIO(client.get(base + "mau.xlsx").content))
    ws = wb["Tự chấm"]
    ws.delete_cols(7)  # the layout written before this change: columns A–F only
    ws.cell(row=_rows(ws)["2.1"], column=5, value=12)
    before = _scores()
    page = client.post(base + "nhap-excel/", {"file": _upload(wb)}, follow=True).content.decode()
    assert excel.OLD_FORMAT in page
    assert _scores() == before
