"""Spreadsheet exports (Excel and CSV) that open ready to use, and that no stored text can turn
against the person who opens them. Every export of the app writes its values through here:

- dates are date cells shown dd/mm/yyyy, numbers stay numbers, and amounts in đồng (``Money``)
  carry the format ``#,##0 "đ"``, which Vietnamese Excel shows as 2.530.000 đ;
- the header row is bold, frozen and filtered; columns are as wide as their content, within bounds;
- text that a spreadsheet would run as a formula (it starts with =, +, -, @, a tab or a carriage
  return: OWASP's "CSV injection") stays text: in Excel a string cell marked quote-prefixed, in CSV a
  field behind a single quote. Control characters, which the XML of a workbook cannot hold and
  which can only be typing accidents, are dropped, so no stored value can break a file.

CSV is written for Vietnamese Excel: ";" between fields (the list separator where the decimal mark
is a comma) and UTF-8 with a byte-order mark, so the diacritics survive a double-click."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from itertools import chain, islice

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
MONEY_FORMAT = '#,##0 "đ"'
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_CELL_TEXT = 32_767  # Excel's limit for one cell
MIN_WIDTH, MAX_WIDTH = 6, 60
WIDTH_SAMPLE = 2_000  # rows measured for the column widths (a write-only sheet cannot look back)
HEADER_FONT = Font(bold=True)
HEADER_ALIGNMENT = Alignment(vertical="center", wrap_text=True)
WRAP = Alignment(vertical="top", wrap_text=True)
# Every C0 and C1 control but tab and newline, and what XML 1.0 cannot carry at all.
_UNWRITABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


class Money(int):
    """An amount in đồng: a number cell shown as 2.530.000 đ (in CSV the plain number)."""


def clean_text(value) -> str:
    """``value`` as text a file can hold: line breaks as "\\n", no other control character, at
    most what one Excel cell takes."""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return _UNWRITABLE.sub("", text)[:MAX_CELL_TEXT]


def runs_as_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def put(cell: Cell, value) -> Cell:
    """Write ``value`` into ``cell`` with its real type and format; text never becomes a formula."""
    if value is None:
        cell.value = None
    elif isinstance(value, Money):
        cell.value = int(value)
        cell.number_format = MONEY_FORMAT
    elif isinstance(value, dt.datetime):
        cell.value = timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, dt.date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    elif isinstance(value, bool | int | float | Decimal):
        cell.value = value
    else:
        text = clean_text(value)
        cell.value = text
        # openpyxl types "=…" as a formula and "#N/A" as an error: both stay the text they are.
        cell.data_type = "s"
        if runs_as_formula(text):
            cell.quotePrefix = True
    return cell


def shown_width(value) -> int:
    """About how many characters ``value`` takes on screen in its format."""
    if value is None:
        return 0
    if isinstance(value, Money):
        return len(f"{int(value):,} đ")
    if isinstance(value, dt.datetime):
        return 16
    if isinstance(value, dt.date):
        return 10
    if isinstance(value, bool | int | float | Decimal):
        return len(str(value))
    return max((len(line) for line in clean_text(value).split("\n")), default=0)


def write_table(
    ws,
    headers: Sequence[str],
    rows: Iterable[Sequence],
    *,
    preamble: Sequence[Sequence] = (),
    widths: Sequence[float] = (),
) -> int:
    """Append ``preamble`` (a title, blank rows…), a header row and ``rows`` to the empty sheet
    ``ws``, which may be a write-only sheet fed by a generator. The header is bold, frozen and
    filtered; each column is as wide as its widest value among the first ``WIDTH_SAMPLE`` rows
    (and its header), between ``MIN_WIDTH`` and ``widths[i]`` (default ``MAX_WIDTH``); longer text
    wraps. Returns the number of data rows."""
    rows = iter(rows)
    sample = list(islice(rows, WIDTH_SAMPLE))
    columns = max([len(headers), *(len(r) for r in sample)])
    fitted = []
    for col in range(columns):
        cap = widths[col] if col < len(widths) and widths[col] else MAX_WIDTH
        head = shown_width(headers[col]) + 3 if col < len(headers) else 0  # room for the filter arrow
        widest = max([head, *(shown_width(r[col]) for r in sample if col < len(r))])
        fitted.append(min(cap, max(MIN_WIDTH, widest + 2)))
        ws.column_dimensions[get_column_letter(col + 1)].width = fitted[-1]
    header_row = len(preamble) + 1
    ws.freeze_panes = f"A{header_row + 1}"
    for line in preamble:
        ws.append([put(_blank(ws), v) for v in line])
    heads = []
    for head in headers:
        cell = put(_blank(ws), head)
        cell.font, cell.alignment = HEADER_FONT, HEADER_ALIGNMENT
        heads.append(cell)
    ws.append(heads)
    count = 0
    for row in chain(sample, rows):
        cells = []
        for col, value in enumerate(row):
            cell = put(_blank(ws), value)
            if cell.data_type == "s" and shown_width(cell.value) > fitted[min(col, columns - 1)]:
                cell.alignment = WRAP
            cells.append(cell)
        ws.append(cells)
        count += 1
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(max(columns, 1))}{header_row + count}"
    return count


def _blank(ws) -> Cell:
    """A cell for ``ws.append``, which gives it its place (a coordinate is needed before that)."""
    return Cell(ws, row=1, column=1)


def workbook_bytes(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def xlsx_bytes(title: str, headers: Sequence[str], rows: Iterable[Sequence], **kwargs) -> bytes:
    """A workbook of one table, streamed (write-only): a province's history runs to hundreds of
    thousands of rows."""
    wb = Workbook(write_only=True)
    write_table(wb.create_sheet(title[:31]), headers, rows, **kwargs)
    return workbook_bytes(wb)


def csv_field(value) -> str:
    """``value`` as one CSV field for Vietnamese Excel: dates d/m/Y, decimal commas, amounts as
    plain numbers, and text that would run as a formula behind a single quote."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, float | Decimal):
        return str(value).replace(".", ",")
    text = clean_text(value)
    return "'" + text if runs_as_formula(text) else text


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """A CSV file that Vietnamese Excel opens with its columns and diacritics intact."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([csv_field(h) for h in headers])
    writer.writerows([csv_field(v) for v in row] for row in rows)
    return out.getvalue().encode("utf-8")
