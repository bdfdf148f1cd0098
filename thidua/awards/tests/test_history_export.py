"""The award history as finance staff use it: the list page, its Excel and CSV exports with real
dates, amounts and names valid in the record's year, and no stored text that runs as a formula."""

import csv
import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from thidua.awards import quotas
from thidua.awards.models import Award, AwardRecord
from thidua.core.exports import DATE_FORMAT, MAX_WIDTH, MIN_WIDTH, MONEY_FORMAT
from thidua.organisations.models import Person, Unit

pytestmark = pytest.mark.django_db
URL = "/khen-thuong/lich-su/xuat/"
FORMULA = '=HYPERLINK("http://x","y")'
HEADER = [
    "Số quyết định",
    "Ngày quyết định",
    "Cơ quan quyết định",
    "Khen thưởng",
    "Loại",
    "Đối tượng",
    "Đơn vị",
    "Năm thành tích",
    "Tính chất",
    "Tiền thưởng (đồng)",
    "Ghi chú",
]


@pytest.fixture
def records(world):
    """A person of TAND named like a formula, paid on the 2026 base salary; THADS for 2019, when it
    was still the “Cục”; a name and a note holding control characters."""
    tand = Unit.objects.get(code="TAND")
    cstdcs = Award.objects.get(code="cstdcs")
    formula = AwardRecord.objects.create(
        person=Person.objects.create(full_name=FORMULA, gender="nam", unit=tand),
        award=cstdcs,
        year=2025,
        decision_number="77/QĐ-XUAT",
        decision_date=dt.date(2026, 7, 15),
        decided_by="UBND tỉnh",
        note="-giữ nguyên",
    )
    old_name = AwardRecord.objects.create(
        unit=Unit.objects.get(code="THADS"),
        award=Award.objects.get(code="co_tinh"),
        year=2019,
        decision_number="78/QĐ-XUAT",
        decision_date=dt.date(2020, 1, 10),
    )
    control = AwardRecord.objects.create(
        person=Person.objects.create(full_name="Trần\x07 Thị\x1b Bình\x0b", gender="nu", unit=tand),
        award=cstdcs,
        year=2025,
        decision_number="79/QĐ-XUAT",
        decision_date=dt.date(2026, 7, 15),
        note="dòng 1\r\ndòng 2\x0c",
    )
    return {"formula": formula, "old_name": old_name, "control": control}


def _sheet(client, query="format=xlsx"):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content))["Lịch sử khen thưởng"]


def _rows_by_number(ws):
    return {row[0].value: row for row in ws.iter_rows(min_row=2)}


def test_excel_export_opens_ready_to_use(records, client_for):
    """Dates are date cells shown dd/mm/yyyy, years and amounts are numbers, the header is bold,
    frozen and filtered, every column has a fitted width, units carry their name of that year."""
    ws = _sheet(client_for("provincial"))
    assert [c.value for c in ws[1]] == HEADER and all(c.font.bold for c in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:K{ws.max_row}"
    widths = [ws.column_dimensions[letter].width for letter in "ABCDEFGHIJK"]
    assert all(MIN_WIDTH <= w <= MAX_WIDTH for w in widths), widths
    assert ws.column_dimensions["B"].width < ws.column_dimensions["D"].width  # a date vs an award name
    row = _rows_by_number(ws)["77/QĐ-XUAT"]
    date, year, amount = row[1], row[7], row[9]
    assert date.value == dt.datetime(2026, 7, 15) and date.is_date and date.number_format == DATE_FORMAT
    assert year.value == 2025 and year.data_type == "n"
    assert amount.value == 2_530_000 and amount.data_type == "n" and amount.number_format == MONEY_FORMAT
    assert row[6].value == "Tòa án nhân dân tỉnh"  # the unit's name, not its code
    thads = _rows_by_number(ws)["78/QĐ-XUAT"]
    assert thads[5].value == thads[6].value == "Cục Thi hành án dân sự tỉnh"  # its name in 2019


def test_every_amount_is_the_cash_of_its_decision(records, world):
    """The history's amounts are what ``cash_amount`` pays for the award on the decision date, and
    none (shown “—”) where no pack or base salary applies, as before the first one in the table."""
    table = quotas.CashTable()
    unknown = 0
    for record in AwardRecord.objects.select_related("award"):
        try:
            expected = quotas.cash_amount(award=record.award, decision_date=record.decision_date).amount
        except ValidationError:
            expected, unknown = None, unknown + 1
        assert table.amount(award_id=record.award_id, day=record.decision_date) == expected
    assert unknown < AwardRecord.objects.count()


def test_a_formula_in_a_name_stays_text(records, client_for):
    """A name written like a formula comes out as the same plain text in Excel (a string cell,
    quote-prefixed) and behind a single quote in CSV; so does a note starting with “-”."""
    client = client_for("provincial")
    row = _rows_by_number(_sheet(client))["77/QĐ-XUAT"]
    assert row[5].value == FORMULA and row[5].data_type == "s" and row[5].quotePrefix
    assert row[10].value == "-giữ nguyên" and row[10].data_type == "s"
    text = client.get(f"{URL}?format=csv").content.decode("utf-8-sig")
    line = next(r for r in csv.reader(io.StringIO(text), delimiter=";") if r[0] == "77/QĐ-XUAT")
    assert line[5] == "'" + FORMULA and line[10] == "'-giữ nguyên"


def test_control_characters_do_not_break_the_exports(records, client_for):
    """A stored control character is dropped; line breaks stay."""
    client = client_for("provincial")
    row = _rows_by_number(_sheet(client))["79/QĐ-XUAT"]
    assert row[5].value == "Trần Thị Bình" and row[10].value == "dòng 1\ndòng 2"
    text = client.get(f"{URL}?format=csv").content.decode("utf-8-sig")
    line = next(r for r in csv.reader(io.StringIO(text), delimiter=";") if r[0] == "79/QĐ-XUAT")
    assert line[5] == "Trần Thị Bình" and line[10] == "dòng 1\ndòng 2"


def test_csv_is_written_for_vietnamese_excel(records, client_for):
    """UTF-8 with a byte-order mark, “;” between fields, dates d/m/Y, amounts as plain numbers."""
    response = client_for("provincial").get(f"{URL}?format=csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].endswith('.csv"')
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == HEADER
    line = next(r for r in rows if r[0] == "77/QĐ-XUAT")
    assert line[1] == "15/07/2026" and line[7] == "2025" and line[9] == "2530000"
    assert line[6] == "Tòa án nhân dân tỉnh"


def test_export_follows_the_page_filter(records, client_for):
    ws = _sheet(client_for("provincial"), "format=xlsx&q=77%2FQĐ-XUAT")
    assert [row[0].value for row in ws.iter_rows(min_row=2)] == ["77/QĐ-XUAT"]


def test_history_page_shows_cash_and_offers_excel_first(records, client_for):
    """Finance staff read the amount of every record; Excel comes before CSV."""
    text = client_for("provincial").get("/khen-thuong/lich-su/?q=XUAT").content.decode()
    assert '<th class="text-end">Tiền thưởng</th>' in text
    assert "2.530.000 đ" in text
    assert "Cục Thi hành án dân sự tỉnh" in text  # THADS under its 2019 name
    assert text.index('id="export-xlsx"') < text.index('id="export-csv"')
    assert "format=csv" in text
