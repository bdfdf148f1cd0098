"""Uploaded spreadsheets (.xlsx through python-calamine, .csv through the csv module), read within
limits, and the form fields that validate their rows.

A file is held against the limits in settings (``THIDUA_SPREADSHEET_*``, config/settings/base.py)
before anything parses it: its size; for an .xlsx, the zip's central directory (number of members,
declared decompressed size, compression ratio), read without decompressing; then every member is
inflated as a stream, checking that it inflates to what it declares, while the worksheets' XML is
scanned for their rows, cells and grid extent (calamine allocates the grid densely, so one cell at
XFD1048576 would ask for 500 GB). Only a file within every limit reaches calamine. The design and
its figures are in docs/decisions/spreadsheet-limits.md; ``bench/spreadsheets.py`` measures it.

``open_spreadsheet(upload_or_bytes, filename=...)`` gives the sheets; ``Sheet.rows`` are the non-empty
rows as ``Row(number, values)``: the number is the row the user sees (Excel row, CSV record), the
values plain Python (``None`` for an empty cell, stripped text, ``int`` for whole numbers,
``Decimal`` for the others, ``bool``, ``date``/``datetime``). Importers map the header with
``header_columns`` and check each row with a ``RowForm`` built from the ``Cell…`` fields below."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from django import forms
from django.conf import settings
from python_calamine import CalamineError, CalamineWorkbook

from thidua.core.errors import field_error
from thidua.core.text import fold
from thidua.core.text_guard import no_control_characters, without_null_validator

TOO_LARGE = "Tệp quá lớn: tối đa {limit} MB."
TOO_MANY_ROWS = "Tệp có quá nhiều dòng: tối đa {limit} dòng."
TOO_MANY_CELLS = "Tệp có quá nhiều ô: tối đa {limit} ô."
TOO_LARGE_UNZIPPED = "Tệp Excel khi giải nén quá lớn: tối đa {limit} MB."
TOO_COMPRESSED = (
    "Tệp Excel bị nén bất thường (hơn {limit} lần), có thể là tệp độc hại: "
    "hãy mở tệp bằng Excel, lưu lại rồi tải lên."
)
TOO_MANY_MEMBERS = "Tệp Excel có quá nhiều thành phần bên trong: tối đa {limit}."
UNREADABLE_XLSX = "Không đọc được tệp Excel (.xlsx): tệp hỏng hoặc không phải bảng tính Excel."
UNREADABLE_CSV = "Không đọc được tệp CSV: hãy lưu lại tệp dạng CSV (UTF-8) rồi tải lên."
CSV_NOT_UTF8 = "Tệp CSV phải mã hoá UTF-8."

_CHUNK = 64 * 1024
# A member this small cannot hurt however well it compresses (Excel's own XML reaches 20-50×).
_RATIO_FLOOR = 1024 * 1024


class SpreadsheetError(Exception):
    """The file as a whole cannot be used; ``message`` says why in Vietnamese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class OverLimit(SpreadsheetError):
    """The file exceeds one of the limits; the message names it."""


class Unreadable(SpreadsheetError):
    """Not a workbook, or a broken one (importers may word this their own way)."""


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):.1f}".removesuffix(".0").replace(".", ",")


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_rows: int
    max_cells: int
    max_uncompressed: int
    max_ratio: int
    max_members: int

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(
            max_bytes=settings.THIDUA_SPREADSHEET_MAX_BYTES,
            max_rows=settings.THIDUA_SPREADSHEET_MAX_ROWS,
            max_cells=settings.THIDUA_SPREADSHEET_MAX_CELLS,
            max_uncompressed=settings.THIDUA_SPREADSHEET_MAX_UNCOMPRESSED,
            max_ratio=settings.THIDUA_SPREADSHEET_MAX_RATIO,
            max_members=settings.THIDUA_SPREADSHEET_MAX_MEMBERS,
        )

    def too_large(self) -> OverLimit:
        return OverLimit(TOO_LARGE.format(limit=_megabytes(self.max_bytes)))

    def too_many_rows(self) -> OverLimit:
        return OverLimit(TOO_MANY_ROWS.format(limit=_thousands(self.max_rows)))

    def too_many_cells(self) -> OverLimit:
        return OverLimit(TOO_MANY_CELLS.format(limit=_thousands(self.max_cells)))


def check_upload(upload, field: str = "file") -> None:
    """Refuse an uploaded file over the size limit before reading it: Django knows its size from
    the request (a large one waits on disk, not in memory). A ``ValidationError`` on ``field``."""
    if upload is not None:
        check_size(upload.size, field)


def check_size(size: int, field: str = "file") -> None:
    limits = Limits.from_settings()
    if size > limits.max_bytes:
        raise field_error(field, limits.too_large().message)


def validate_upload_size(upload) -> None:
    """The same refusal as a form field's validator (``forms.FileField(validators=[…])``)."""
    limits = Limits.from_settings()
    if upload is not None and upload.size > limits.max_bytes:
        raise forms.ValidationError(limits.too_large().message, code="too_large")


def read_upload(source, limits: Limits | None = None) -> bytes:
    """The bytes of an upload (or bytes as they are), refused over the size limit unread."""
    limits = limits or Limits.from_settings()
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
    elif getattr(source, "size", None) is not None and source.size > limits.max_bytes:
        raise limits.too_large()
    else:
        data = source.read(limits.max_bytes + 1)
    if len(data) > limits.max_bytes:
        raise limits.too_large()
    return data


# The file -----------------------------------------------------------------------------------------


class Row(NamedTuple):
    """One non-empty row: the number the user sees and the plain values (``None`` when empty)."""

    number: int
    values: tuple

    def get(self, index: int | None):
        return self.values[index] if index is not None and 0 <= index < len(self.values) else None


@dataclass
class Sheet:
    name: str
    rows: list[Row]

    def cell(self, number: int, column: int):
        """The value at a row number and 1-based column (``B2`` is ``cell(2, 2)``)."""
        for row in self.rows:
            if row.number == number:
                return row.get(column - 1)
            if row.number > number:
                break
        return None


class Spreadsheet:
    """A checked workbook; ``sheet(name)`` reads one sheet (the first without a name)."""

    def __init__(self, names: list[str], load: Callable[[str], list[Row]]):
        self.sheet_names = names
        self._load = load

    def sheet(self, name: str | None = None) -> Sheet:
        if name is None:
            name = self.sheet_names[0]
        elif name not in self.sheet_names:
            raise KeyError(name)
        return Sheet(name, self._load(name))


def open_spreadsheet(source, *, filename: str = "", limits: Limits | None = None) -> Spreadsheet:
    """A checked .csv (by its name) or .xlsx (any other name).
    ``source`` is bytes or an uploaded file. Raises ``OverLimit`` or ``Unreadable``."""
    limits = limits or Limits.from_settings()
    name = (filename or getattr(source, "name", "") or "").lower()
    data = read_upload(source, limits)
    if name.endswith(".csv"):
        rows = _csv_rows(data, limits)
        return Spreadsheet([""], lambda _name: rows)
    _check_xlsx(data, limits)
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except (CalamineError, OSError, ValueError) as exc:
        raise Unreadable(UNREADABLE_XLSX) from exc
    if not book.sheet_names:
        raise Unreadable(UNREADABLE_XLSX)
    return Spreadsheet(list(book.sheet_names), lambda sheet: _xlsx_rows(book, sheet))


def _xlsx_rows(book: CalamineWorkbook, name: str) -> list[Row]:
    try:
        sheet = book.get_sheet_by_name(name)
    except CalamineError as exc:
        raise Unreadable(UNREADABLE_XLSX) from exc
    if sheet.start is None:
        return []
    # python-calamine yields rows from the sheet's first row but columns from the first used one
    # (tests/test_spreadsheets.py pins this).
    pad = (None,) * sheet.start[1]
    rows = []
    for index, values in enumerate(sheet.iter_rows()):
        plain = tuple(map(_plain, values))
        if any(v is not None for v in plain):
            rows.append(Row(index + 1, pad + plain))
    return rows


def _plain(value):
    kind = type(value)
    if kind is str:
        text = value.strip()
        return (text.replace("\r\n", "\n") if "\r" in text else text) or None
    if kind is float:
        return int(value) if value.is_integer() else Decimal(repr(value))
    return value


def _csv_rows(data: bytes, limits: Limits) -> list[Row]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SpreadsheetError(CSV_NOT_UTF8) from exc
    first = text[: text.find("\n")] if "\n" in text else text
    delimiter = ";" if first.count(";") > first.count(",") else ","
    # Every cell but a row's first follows a delimiter: more delimiters than cells allowed is
    # refused before csv builds a row of millions of empty strings.
    if text.count(delimiter) > limits.max_cells:
        raise limits.too_many_cells()
    rows, cells = [], 0
    try:
        for number, values in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
            if number > limits.max_rows:
                raise limits.too_many_rows()
            cells += len(values)
            if cells > limits.max_cells:
                raise limits.too_many_cells()
            plain = tuple(v.strip() or None for v in values)
            if any(v is not None for v in plain):
                rows.append(Row(number, plain))
    except csv.Error as exc:
        raise Unreadable(UNREADABLE_CSV) from exc
    return rows


# The zip checks -----------------------------------------------------------------------------------


def _check_xlsx(data: bytes, limits: Limits) -> None:
    # Each member has one central directory record; counting their signature bounds the number of
    # members before zipfile builds an object for each.
    if data.count(b"PK\x01\x02") > limits.max_members:
        raise OverLimit(TOO_MANY_MEMBERS.format(limit=_thousands(limits.max_members)))
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise Unreadable(UNREADABLE_XLSX) from exc
    names = {m.filename for m in members}
    # calamine guesses the format; only the XML workbook is scanned below, so a file that could
    # fall back to the binary (.xlsb) or OpenDocument reader is refused.
    if "xl/workbook.xml" not in names or names & {"xl/workbook.bin", "content.xml", "mimetype"}:
        raise Unreadable(UNREADABLE_XLSX)
    if len(members) > limits.max_members:
        raise OverLimit(TOO_MANY_MEMBERS.format(limit=_thousands(limits.max_members)))
    if sum(m.file_size for m in members) > limits.max_uncompressed:
        raise OverLimit(TOO_LARGE_UNZIPPED.format(limit=_megabytes(limits.max_uncompressed)))
    for member in members:
        if member.file_size > _RATIO_FLOOR and member.file_size > limits.max_ratio * member.compress_size:
            raise OverLimit(TOO_COMPRESSED.format(limit=limits.max_ratio))
    view = memoryview(data)
    for member in members:
        # Every member, whatever its name: a relationship may point a sheet anywhere.
        scan = _GridScan(limits)
        for chunk in _inflate(view, member):
            scan.feed(chunk)


def _inflate(data: memoryview, member: zipfile.ZipInfo) -> Iterator[bytes]:
    """The member's bytes in chunks, refused as soon as it inflates beyond its declared size (the
    size the limits were checked against) or when its checksum does not match."""
    start = member.header_offset
    header = bytes(data[start : start + 30])
    if len(header) < 30 or header[:4] != b"PK\x03\x04" or member.flag_bits & 0x1:
        raise Unreadable(UNREADABLE_XLSX)
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    begin = start + 30 + name_length + extra_length
    raw = data[begin : begin + member.compress_size]
    if len(raw) != member.compress_size:
        raise Unreadable(UNREADABLE_XLSX)
    if member.compress_type == zipfile.ZIP_STORED:
        pieces = (bytes(raw[i : i + _CHUNK]) for i in range(0, len(raw), _CHUNK))
    elif member.compress_type == zipfile.ZIP_DEFLATED:
        pieces = _deflated(raw)
    else:
        raise Unreadable(UNREADABLE_XLSX)
    produced, crc = 0, 0
    for piece in pieces:
        produced += len(piece)
        if produced > member.file_size:
            raise Unreadable(UNREADABLE_XLSX)
        crc = zlib.crc32(piece, crc)
        yield piece
    if produced != member.file_size or crc != member.CRC:
        raise Unreadable(UNREADABLE_XLSX)


def _deflated(raw: memoryview) -> Iterator[bytes]:
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    try:
        for i in range(0, len(raw), _CHUNK):
            pending = bytes(raw[i : i + _CHUNK])
            while pending:
                yield inflater.decompress(pending, _CHUNK)
                pending = inflater.unconsumed_tail
        yield inflater.flush()
    except zlib.error as exc:
        raise Unreadable(UNREADABLE_XLSX) from exc


# A row, a cell or the declared used range (with or without a namespace prefix), its attributes
# walked whole up to its r= (or ref=), whose value is split into letters, digits and the rest.
_TAG = re.compile(
    rb"<(?:[\w.-]+:)?(row|c|dimension)(?=[\s/>])"
    rb"""(?:\s+(?!(?:r|ref)\s*=)[\w:.-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*"""
    rb"""(?:\s+(?:r|ref)\s*=\s*(?:"([A-Z]{0,3})0*([0-9]{0,7})([^"<]*)"|'([^'<]*)'))?"""
)
_REFERENCE = re.compile(rb"\$?([A-Z]{0,3})\$?0*([0-9]{0,7})")
_MAX_TAG = 1024 * 1024


class _GridScan:
    """Counts the rows and cells of a member's XML and the extent of its grid as it streams by,
    and stops at the first limit exceeded. It reads tags, not a tree, so malformed XML, comments
    or any file name cannot hide a cell from it (it may only count too much)."""

    def __init__(self, limits: Limits):
        self.limits = limits
        self.cells = self.row = self.column = self.max_row = self.max_column = 0
        self.carry = b""

    def feed(self, chunk: bytes) -> None:
        data = self.carry + chunk
        cut = data.rfind(b"<")
        if cut != -1 and data.find(b">", cut) == -1:
            data, self.carry = data[:cut], data[cut:]
            if len(self.carry) > _MAX_TAG:
                raise Unreadable(UNREADABLE_XLSX)
        else:
            self.carry = b""
        limits = self.limits
        cells, row, column = self.cells, self.row, self.column
        max_row, max_column = self.max_row, self.max_column
        for tag, letters, digits, rest, quoted in _TAG.findall(data):
            if rest or quoted:
                letters, digits = _reference(tag, rest, quoted, letters + digits)
            at_row = int(digits) if digits else 0
            at_column = _column(letters) if letters else 0
            if tag == b"c":
                cells += 1
                column = at_column or column + 1
                at_row, at_column = max(at_row, row), column
            elif tag == b"row":
                row, column = at_row or row + 1, 0
                at_row = row
            # else: the declared used range; Excel states it truthfully, a larger one is crafted.
            if at_row > max_row or at_column > max_column:
                max_row, max_column = max(max_row, at_row), max(max_column, at_column)
                if max_row > limits.max_rows:
                    raise limits.too_many_rows()
                if max_row * max_column > limits.max_cells:
                    raise limits.too_many_cells()
            if cells > limits.max_cells:
                raise limits.too_many_cells()
        self.cells, self.row, self.column = cells, row, column
        self.max_row, self.max_column = max_row, max_column


def _reference(tag: bytes, rest: bytes, quoted: bytes, start: bytes) -> tuple[bytes, bytes]:
    """Letters and digits of a reference the fast pattern did not take whole: single-quoted, or the
    used range's "A1:XFD9" (its last corner). Anything else (an escaped character, a reference
    beyond the grid) is refused rather than guessed, so that calamine cannot read it otherwise."""
    value = quoted or start + rest
    if tag == b"dimension":
        value = value.rpartition(b":")[2]
    match = _REFERENCE.fullmatch(value)
    if match is None:
        raise Unreadable(UNREADABLE_XLSX)
    return match.group(1), match.group(2)


def _column(letters: bytes) -> int:
    """``b"AB"`` → 28."""
    column = 0
    for ch in letters:
        column = column * 26 + ch - 64
    return column


# Headers and rows ---------------------------------------------------------------------------------


def header_columns(
    values, aliases: Mapping[str, str], normalize: Callable[[str], str] = fold
) -> dict[str, int]:
    """{key: index of the first column whose normalized label names it in ``aliases``}."""
    mapping: dict[str, int] = {}
    for index, value in enumerate(values):
        key = aliases.get(normalize(cell_text(value)))
        if key and key not in mapping:
            mapping[key] = index
    return mapping


def row_data(row: Row, mapping: Mapping[str, int]) -> dict:
    """The row's values by key, for a ``RowForm``."""
    return {key: row.get(index) for key, index in mapping.items()}


def cell_text(value) -> str:
    """A cell as the user reads it: dates dd/mm/yyyy, whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y") if value.time() == dt.time() else value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


class RowForm(forms.Form):
    """One spreadsheet row. Fields parse and check cells (in declaration order), ``clean`` checks
    the row as a whole; ``messages()`` lists every error in that order.

    A file has thousands of rows, so a row form skips what serves HTML forms: its fields are
    shared by every form of the class, not copied per form (they hold no state, and a row form
    must not change ``self.fields``), and cells are cleaned without bound fields or widgets (the
    data are the cells as they are)."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.base_fields = _SharedFields(cls.base_fields)

    def _clean_fields(self):
        for name, field in self.fields.items():
            try:
                self.cleaned_data[name] = field.clean(self.data.get(name))
                clean = getattr(self, f"clean_{name}", None)
                if clean is not None:
                    self.cleaned_data[name] = clean()
            except forms.ValidationError as exc:
                self.add_error(name, exc)

    def messages(self) -> list[str]:
        if self.is_valid():
            return []
        return [m for errors in self.errors.values() for m in errors]

    def text(self, name: str) -> str:
        """A cell as written, whether or not it is valid (for messages and labels)."""
        return cell_text(self.data.get(name))


class _SharedFields(dict):
    def __deepcopy__(self, memo):
        return self


class CellField:
    """A field of a ``RowForm``: holds no state, so every form of a file shares it."""

    def __deepcopy__(self, memo):
        return self


class CellText(CellField, forms.CharField):
    """Text of a cell (a date or a number as the user sees it)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators = without_null_validator(self.validators)  # ours covers NUL, in Vietnamese
        self.validators.append(no_control_characters)

    def to_python(self, value):
        return cell_text(value)


class CellDate(CellField, forms.Field):
    """A date cell, or text in dd/mm/yyyy (also yyyy-mm-dd, dd-mm-yyyy); the "invalid" message may
    name the text with ``%(value)s``."""

    formats = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y")

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = cell_text(value)
        for fmt in self.formats:
            try:
                return dt.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid", params={"value": text})


class CellChoice(CellField, forms.Field):
    """A cell whose folded text is a key of ``choices`` (a dict: folded text → value); the "invalid"
    message may name the text with ``%(value)s``."""

    def __init__(self, choices: Mapping[str, object], *, normalize: Callable[[str], str] = fold, **kwargs):
        super().__init__(**kwargs)
        self.choices, self.normalize = choices, normalize

    def to_python(self, value):
        text = cell_text(value)
        key = self.normalize(text)
        if key in self.choices:
            return self.choices[key]
        if not key and not self.required:
            return None
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid", params={"value": text})

    def validate(self, value):
        """``to_python`` has checked it (a choice may map to an empty value)."""


class CellDecimal(CellField, forms.Field):
    """A number cell, or text with "," or "." as the decimal mark; ``None`` when empty."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, bool):
            raise forms.ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": value}
            )
        try:
            number = Decimal(cell_text(value).replace(",", "."))
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            raise forms.ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": cell_text(value)}
            )
        return number


class CellCount(CellField, forms.Field):
    """A whole number ≥ 0 (a number cell or digits); ``None`` when empty."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = cell_text(value)
        if not text.isdigit():
            raise forms.ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": text}
            )
        return int(text)
