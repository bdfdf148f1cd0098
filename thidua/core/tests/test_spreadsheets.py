"""The shared spreadsheet reader: every limit refuses a file before it is parsed, with a Vietnamese
message naming the limit; .xlsx and .csv give the same plain values; rows keep the numbers the
user sees; the row-form fields parse cells as the importers need them."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from thidua.core import spreadsheets
from thidua.core.spreadsheets import (
    CellChoice,
    CellCount,
    CellDate,
    CellDecimal,
    CellText,
    Limits,
    OverLimit,
    RowForm,
    Unreadable,
    check_upload,
    header_columns,
    open_spreadsheet,
    row_data,
)
from thidua.core.tests import spreadsheet_files as files

LIMITS = Limits(
    max_bytes=5 * 1024 * 1024,
    max_rows=10_000,
    max_cells=300_000,
    max_uncompressed=20 * 1024 * 1024,
    max_ratio=100,
    max_members=200,
)


def xlsx(cells: dict | None = None, rows: list | None = None, title: str = "Sheet") -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for ref, value in (cells or {}).items():
        ws[ref] = value
    for row in rows or []:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def refused(data: bytes, filename: str = "a.xlsx", **limits) -> str:
    with pytest.raises(spreadsheets.SpreadsheetError) as exc:
        open_spreadsheet(data, filename=filename, limits=Limits(**{**LIMITS.__dict__, **limits})).sheet()
    return exc.value.message


# Limits ------------------------------------------------------------------------------------------------


def test_the_default_limits_come_from_settings_and_name_themselves(settings):
    assert Limits.from_settings() == LIMITS
    assert refused(b"x" * (5 * 1024 * 1024 + 1)) == "Tệp quá lớn: tối đa 5 MB."
    settings.THIDUA_SPREADSHEET_MAX_ROWS = 2
    with pytest.raises(OverLimit) as exc:
        open_spreadsheet(xlsx(rows=[[1], [2], [3]]), filename="a.xlsx").sheet()
    assert exc.value.message == "Tệp có quá nhiều dòng: tối đa 2 dòng."


def test_an_upload_over_the_size_is_refused_without_being_read(settings):
    settings.THIDUA_SPREADSHEET_MAX_BYTES = 1024 * 1024

    class Unreadable(SimpleUploadedFile):
        def read(self, *args):
            raise AssertionError("read before its size was checked")

    with pytest.raises(ValidationError) as exc:
        check_upload(Unreadable("a.xlsx", b"x" * (1024 * 1024 + 1)))
    assert exc.value.message_dict == {"file": ["Tệp quá lớn: tối đa 1 MB."]}
    check_upload(SimpleUploadedFile("a.xlsx", b"x" * 1024))
    with pytest.raises(OverLimit):
        open_spreadsheet(Unreadable("a.xlsx", b"x" * (1024 * 1024 + 1)))


@pytest.mark.parametrize("filename", ["a.xlsx", "a.csv"])
def test_too_many_rows_or_cells_are_refused_in_both_formats(filename):
    rows = [[f"r{r}c{c}" for c in range(5)] for r in range(12)]
    data = xlsx(rows=rows) if filename.endswith("xlsx") else "\n".join(",".join(r) for r in rows).encode()
    assert refused(data, filename, max_rows=10) == "Tệp có quá nhiều dòng: tối đa 10 dòng."
    assert refused(data, filename, max_cells=50) == "Tệp có quá nhiều ô: tối đa 50 ô."
    assert len(open_spreadsheet(data, filename=filename, limits=LIMITS).sheet().rows) == 12


def test_a_csv_of_one_huge_row_of_empty_cells_is_refused_before_csv_parses_it():
    assert refused(b"," * 1_000_000, "a.csv") == "Tệp có quá nhiều ô: tối đa 300.000 ô."


def test_the_zip_is_checked_from_its_directory_before_anything_inflates():
    big = files.workbook(files.sheet_xml(files.ONE_CELL), [files._sst([b"A" * (3 * files.MB)])])
    assert refused(big, max_uncompressed=2 * files.MB) == "Tệp Excel khi giải nén quá lớn: tối đa 2 MB."
    assert refused(big, max_ratio=50).startswith("Tệp Excel bị nén bất thường (hơn 50 lần)")
    assert refused(files.many_members(20), max_members=10) == (
        "Tệp Excel có quá nhiều thành phần bên trong: tối đa 10."
    )


def test_a_grid_whose_extent_exceeds_the_cells_is_refused_though_it_has_two_cells():
    """calamine allocates the rectangle from A1 to the farthest cell."""
    assert refused(files.far_cell(row=100, column=b"XFD")) == "Tệp có quá nhiều ô: tối đa 300.000 ô."
    assert refused(files.huge_dimension()) == "Tệp có quá nhiều dòng: tối đa 10.000 dòng."


def test_a_reference_hidden_in_another_attribute_or_escaped_is_not_missed():
    hidden = b"""<row r="1"><c x=' r="A1"' r="XFD100"><v>1</v></c></row>"""
    assert refused(files.workbook(files.sheet_xml([hidden]))) == "Tệp có quá nhiều ô: tối đa 300.000 ô."
    escaped = b'<row r="1"><c r="&#88;FD100"><v>1</v></c></row>'
    assert refused(files.workbook(files.sheet_xml([escaped]))).startswith("Không đọc được tệp Excel")


@pytest.mark.parametrize("name", list(files.BOMBS))
def test_every_crafted_bomb_is_refused_with_a_message(name):
    build = files.BOMBS[name]
    data = build(64) if name in ("shared strings bomb", "sheet XML bomb", "lying sizes") else build()
    assert refused(data).startswith(("Tệp", "Không đọc được tệp Excel"))


def test_a_member_inflating_beyond_what_it_declares_is_refused():
    assert refused(files.lying_sizes(8)) == spreadsheets.UNREADABLE_XLSX


def test_files_that_are_not_xml_workbooks_are_unreadable():
    for data in (b"not a zip", b"PK\x03\x04 broken", files.workbook([b"<worksheet><row"])):
        with pytest.raises(Unreadable):
            open_spreadsheet(data, filename="a.xlsx").sheet()
    ods = files.workbook(files.sheet_xml(files.ONE_CELL), extra=[("content.xml", b"<x/>")])
    assert refused(ods) == spreadsheets.UNREADABLE_XLSX
    assert refused("é".encode("latin-1"), "a.csv") == "Tệp CSV phải mã hoá UTF-8."


# Values ------------------------------------------------------------------------------------------------


def test_xlsx_values_are_plain_and_rows_keep_their_excel_numbers():
    data = xlsx(
        {
            "C3": "  tên \r\n đơn vị ",
            "D3": 17,
            "E3": 18.5,
            "F3": dt.datetime(2014, 12, 20),
            "G3": dt.datetime(2014, 12, 20, 10, 5),
            "H3": True,
            "D6": 5,
            "C5": "   ",
        }
    )
    sheet = open_spreadsheet(data, filename="a.xlsx").sheet()
    assert [row.number for row in sheet.rows] == [3, 6]
    assert sheet.rows[0].values == (
        None,
        None,
        "tên \n đơn vị",
        17,
        Decimal("18.5"),
        dt.date(2014, 12, 20),
        dt.datetime(2014, 12, 20, 10, 5),
        True,
    )
    assert sheet.cell(6, 4) == 5 and sheet.cell(4, 4) is None and sheet.cell(3, 99) is None


def test_csv_gives_stripped_text_and_numbers_records_as_a_spreadsheet_does():
    data = "\ufeffMã;Tên\n TAND ; Tòa án \n\n;\nVKSND;\n".encode()
    rows = open_spreadsheet(data, filename="A.CSV").sheet().rows
    assert rows == [(1, ("Mã", "Tên")), (2, ("TAND", "Tòa án")), (5, ("VKSND", None))]


def test_sheets_by_name_and_the_first_by_default():
    wb = Workbook()
    wb.active.title = "Một"
    wb.active["A1"] = "một"
    wb.create_sheet("Hai")["B1"] = 2
    buf = io.BytesIO()
    wb.save(buf)
    book = open_spreadsheet(SimpleUploadedFile("a.xlsx", buf.getvalue()))
    assert book.sheet_names == ["Một", "Hai"]
    assert book.sheet().cell(1, 1) == "một" and book.sheet("Hai").cell(1, 2) == 2
    with pytest.raises(KeyError):
        book.sheet("Ba")


# Headers and row forms ------------------------------------------------------------------------------


def test_headers_map_without_case_or_diacritics_and_the_first_column_wins():
    aliases = {"ma don vi": "unit", "don vi": "unit", "ho va ten": "name"}
    mapping = header_columns(["STT", " Mã  ĐƠN VỊ ", "Họ và tên", "Đơn vị"], aliases)
    assert mapping == {"unit": 1, "name": 2}
    row = spreadsheets.Row(7, (1, "TAND"))
    assert row_data(row, mapping) == {"unit": "TAND", "name": None}


class ExampleRow(RowForm):
    name = CellText(error_messages={"required": "Thiếu tên."})
    born = CellDate(required=False, error_messages={"invalid": "Ngày “%(value)s” sai."})
    kind = CellChoice(
        {"tap the": "collective", "ca nhan": "individual"}, error_messages={"invalid": "Loại “%(value)s”."}
    )
    points = CellDecimal(required=False, error_messages={"invalid": "Điểm “%(value)s”."})
    votes = CellCount(required=False, error_messages={"invalid": "Phiếu “%(value)s”."})


def test_row_form_fields_take_cells_as_typed_or_as_text():
    form = ExampleRow({"name": 2014, "born": "20/12/2014", "kind": "Tập thể", "points": "7,5", "votes": 8})
    assert form.messages() == []
    assert form.cleaned_data == {
        "name": "2014",
        "born": dt.date(2014, 12, 20),
        "kind": "collective",
        "points": Decimal("7.5"),
        "votes": 8,
    }
    typed = ExampleRow(
        {"name": "x", "born": dt.datetime(2015, 1, 2, 9), "kind": "cá nhân", "points": Decimal("3.25")}
    )
    assert typed.messages() == [] and typed.cleaned_data["born"] == dt.date(2015, 1, 2)


def test_row_form_messages_name_the_cell_in_field_order():
    form = ExampleRow({"born": "31/02/2015", "kind": "nhóm", "points": "mười", "votes": "-1"})
    assert form.messages() == [
        "Thiếu tên.",
        "Ngày “31/02/2015” sai.",
        "Loại “nhóm”.",
        "Điểm “mười”.",
        "Phiếu “-1”.",
    ]
    assert form.text("born") == "31/02/2015"
