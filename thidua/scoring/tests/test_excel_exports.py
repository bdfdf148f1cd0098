"""The score sheet and the score table open ready to use: a bold frozen filtered header, fitted
widths, numbers as numbers, units named as in the year, and an explanation written like a
formula kept as the text it is, there and back."""

import io

from openpyxl import load_workbook

from thidua.core.exports import MAX_WIDTH
from thidua.organisations.models import BlocYear, Unit
from thidua.scoring import excel
from thidua.scoring.models import Assessment, Score

FORMULA = '=HYPERLINK("http://x","y")'


def _wb(data: bytes):
    return load_workbook(io.BytesIO(data))


def test_score_sheet_is_ready_and_names_the_unit_of_its_year(world):
    """THADS's 2019 sheet names the “Cục”, the name it had then; the code stays in B2 for the import."""
    by = BlocYear.objects.get(bloc__code="KNC", year=2019)
    thads = Unit.objects.get(code="THADS")
    assessment = Assessment.objects.get(bloc_year=by, unit=thads)
    ws = _wb(excel.sheet_workbook(by, thads, assessment, assessment.rubric))["Tự chấm"]
    assert ws["B2"].value == "THADS" and ws["D2"].value == 2019
    assert ws["B3"].value == "Cục Thi hành án dân sự tỉnh" and ws["D3"].value == by.bloc.name
    assert [c.value for c in ws[4]] == excel.HEADER and all(c.font.bold for c in ws[4])
    assert ws.freeze_panes == "A5" and ws.auto_filter.ref == f"A4:G{ws.max_row}"
    assert 20 < ws.column_dimensions["B"].width <= 70 and ws.column_dimensions["A"].width < 20
    maxima = [ws.cell(row=r, column=4) for r in range(5, ws.max_row + 1)]
    assert all(c.data_type == "n" for c in maxima)


def test_an_explanation_written_like_a_formula_stays_text_there_and_back(world, cur, client_for, leaf):
    client = client_for("officer_a")
    base = f"/cham-diem/KNC/{cur.year}/don-vi/TAND/"
    client.post(
        base + "luu/",
        {"item": leaf("2.1").pk, "points": "18", "explanation": FORMULA, "version": 0},
        HTTP_HX_REQUEST="true",
    )
    data = client.get(base + "mau.xlsx").content
    ws = _wb(data)["Tự chấm"]
    row = next(r for r in range(5, ws.max_row + 1) if ws.cell(row=r, column=1).value == "2.1")
    cell = ws.cell(row=row, column=6)
    assert cell.value == FORMULA and cell.data_type == "s" and cell.quotePrefix
    upload = io.BytesIO(data)
    upload.name = "diem.xlsx"
    response = client.post(base + "nhap-excel/", {"file": upload}, follow=True)
    assert response.status_code == 200
    assert Score.objects.get(assessment__unit__code="TAND", item=leaf("2.1")).explanation == FORMULA


def test_score_table_has_numbers_and_names(world, client_for):
    wb = _wb(client_for("officer_b").get("/cham-diem/KNC/2019/bang-diem.xlsx").content)
    ranking = wb["Xếp hạng"]
    assert ranking.freeze_panes == "A4" and ranking.auto_filter.ref == f"A3:H{ranking.max_row}"
    assert all(c.font.bold for c in ranking[3])
    rank, name, total = ranking["A4"], ranking["B4"], ranking["C4"]
    assert rank.value == 1 and rank.data_type == "n" and total.data_type == "n"
    assert name.value == "Sở Nội vụ"
    assert all(ranking.column_dimensions[c].width <= MAX_WIDTH for c in "ABCDEFG")
    detail = wb["Điểm chi tiết"]
    heads = [c.value for c in detail[1]]
    assert heads[:3] == ["Mã", "Nội dung", "Tối đa"]
    assert "Cục Thi hành án dân sự tỉnh" in heads and "THADS" not in heads
    assert detail.freeze_panes == "A2" and detail.auto_filter.ref.startswith("A1:")
