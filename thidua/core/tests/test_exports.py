"""The one writer of spreadsheet exports: typed cells, a ready header, fitted widths, and text that
never runs as a formula nor breaks the file."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from thidua.core import exports
from thidua.core.exports import DATE_FORMAT, DATETIME_FORMAT, MAX_WIDTH, MIN_WIDTH, MONEY_FORMAT, Money
from thidua.core.templatetags.thidua import vnd

HEADERS = ["Tên", "Ngày", "Tiền", "Điểm", "Năm"]
ROWS = [
    ["Sở Nội vụ", dt.date(2019, 12, 5), Money(2_530_000), Decimal("95.5"), 2019],
    ["Ghi chú dài " * 20, dt.datetime(2020, 1, 2, 8, 30), None, 80.25, 2020],
]


def _open(data: bytes, title="Bảng"):
    return load_workbook(io.BytesIO(data))[title]


def test_values_keep_their_type_and_format():
    ws = _open(exports.xlsx_bytes("Bảng", HEADERS, ROWS))
    name, date, money, score, year = ws[2]
    assert name.value == "Sở Nội vụ" and name.data_type == "s"
    assert date.is_date and date.value == dt.datetime(2019, 12, 5) and date.number_format == DATE_FORMAT
    assert money.value == 2_530_000 and money.data_type == "n" and money.number_format == MONEY_FORMAT
    assert score.value == 95.5 and score.data_type == "n"
    assert year.value == 2019 and year.number_format == "General"  # a year, not 2.019
    assert ws["B3"].number_format == DATETIME_FORMAT and ws["C3"].value is None


def test_header_is_bold_frozen_and_filtered_and_widths_fit():
    ws = _open(exports.xlsx_bytes("Bảng", HEADERS, ROWS, widths=[40]))
    assert all(c.font.bold for c in ws[1]) and ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:E3"
    widths = {letter: ws.column_dimensions[letter].width for letter in "ABCDE"}
    assert widths["A"] == 40  # capped by the caller: the long note wraps
    assert ws["A3"].alignment.wrap_text and not ws["A2"].alignment.wrap_text
    assert widths["B"] == 18  # "dd/mm/yyyy hh:mm" and two spaces
    assert all(MIN_WIDTH <= w <= MAX_WIDTH for w in widths.values())


def test_preamble_moves_the_header_down():
    wb = Workbook()
    exports.write_table(wb.active, HEADERS, ROWS, preamble=[["BẢNG TỔNG HỢP"], []])
    ws = load_workbook(io.BytesIO(exports.workbook_bytes(wb))).active
    assert ws["A1"].value == "BẢNG TỔNG HỢP" and ws["A3"].value == "Tên"
    assert ws.freeze_panes == "A4" and ws.auto_filter.ref == "A3:E5"
    assert ws.column_dimensions["A"].width == MAX_WIDTH and ws["A5"].alignment.wrap_text


def test_a_long_title_does_not_widen_its_column():
    wb = Workbook()
    exports.write_table(wb.active, ["Mã"], [["1.1"]], preamble=[["BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM 2019"]])
    assert wb.active.column_dimensions["A"].width < 10  # "Mã" and its filter arrow


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x","y")', "+1", "-2+3", "@SUM(A1)", "\tx", "#N/A"])
def test_text_that_looks_like_a_formula_stays_text(text):
    ws = _open(exports.xlsx_bytes("Bảng", ["A"], [[text]]))
    assert ws["A2"].value == text and ws["A2"].data_type == "s"
    assert ws["A2"].quotePrefix == exports.runs_as_formula(text)
    rows = list(
        csv.reader(io.StringIO(exports.csv_bytes(["A"], [[text]]).decode("utf-8-sig")), delimiter=";")
    )
    assert rows[1] == ["'" + text if exports.runs_as_formula(text) else text]


def test_control_characters_are_dropped_and_line_breaks_kept():
    dirty = "Nguyễn\x00 Văn\x07 A\x1b\r\nphòng\rB\x85\ufffe"
    assert exports.clean_text(dirty) == "Nguyễn Văn A\nphòng\nB"
    ws = _open(exports.xlsx_bytes("Bảng", ["A"], [[dirty]]))
    assert ws["A2"].value == "Nguyễn Văn A\nphòng\nB"
    assert exports.clean_text("x" * 40_000) == "x" * exports.MAX_CELL_TEXT


def test_csv_for_vietnamese_excel():
    data = exports.csv_bytes(HEADERS, ROWS)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == HEADERS
    assert rows[1] == ["Sở Nội vụ", "05/12/2019", "2530000", "95,5", "2019"]
    assert rows[2][1:4] == ["02/01/2020 08:30", "", "80,25"]


def test_a_generator_feeds_a_write_only_sheet():
    rows = ([f"Đơn vị {i}", Money(i * 1000)] for i in range(exports.WIDTH_SAMPLE + 10))
    ws = _open(exports.xlsx_bytes("Bảng", ["Đơn vị", "Tiền"], rows))
    assert ws.max_row == exports.WIDTH_SAMPLE + 11 and ws.cell(ws.max_row, 2).number_format == MONEY_FORMAT


def test_vnd_filter():
    assert vnd(2_530_000) == "2.530.000 đ" and vnd(0) == "0 đ" and vnd(None) == "—"
