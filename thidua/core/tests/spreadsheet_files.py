"""Crafted .xlsx files for the reader's tests and bench/spreadsheets.py: the bombs a worker must
refuse (each a few KB to a few MB on disk) and the largest file the limits allow.

Written member by member with zipfile so that nothing large is ever held in memory: a member's
XML is streamed from a generator into the deflater."""

from __future__ import annotations

import functools
import io
import random
import struct
import zipfile
from collections.abc import Iterable, Iterator

NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    b'<Override PartName="/xl/worksheets/sheet1.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    b'<Override PartName="/xl/sharedStrings.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    b"</Types>"
)
ROOT_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    b'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook ' + NS + b" "
    b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    b'<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    b'worksheet" Target="worksheets/sheet1.xml"/>'
    b'<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    b'sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)
MB = 1024 * 1024


def workbook(sheet: Iterable[bytes], strings: Iterable[bytes] | None = None, extra=()) -> bytes:
    """An .xlsx of one sheet from the chunks of its XML (and of its shared strings)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        for name, chunks in (("xl/worksheets/sheet1.xml", sheet), ("xl/sharedStrings.xml", strings)):
            with z.open(name, "w", force_zip64=True) as member:
                for chunk in chunks if chunks is not None else [_sst([b"x"])]:
                    member.write(chunk)
        for name, content in extra:
            z.writestr(name, content)
    return buf.getvalue()


def sheet_xml(rows: Iterable[bytes], dimension: bytes | None = None) -> Iterator[bytes]:
    yield b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet ' + NS + b">"
    if dimension:
        yield b'<dimension ref="' + dimension + b'"/>'
    yield b"<sheetData>"
    yield from rows
    yield b"</sheetData></worksheet>"


def _sst(strings: list[bytes]) -> bytes:
    items = b"".join(b"<si><t>" + s + b"</t></si>" for s in strings)
    return (
        b'<?xml version="1.0"?><sst '
        + NS
        + b' count="%d" uniqueCount="%d">'
        % (
            len(strings),
            len(strings),
        )
        + items
        + b"</sst>"
    )


ONE_CELL = [b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>']


# The bombs -------------------------------------------------------------------------------------------


def shared_strings_bomb(megabytes: int = 1024) -> bytes:
    """One shared string of ``megabytes`` of "A": about 1 MB on disk per GB inflated."""

    def strings():
        yield b'<?xml version="1.0"?><sst ' + NS + b' count="1" uniqueCount="1"><si><t>'
        chunk = b"A" * MB
        for _ in range(megabytes):
            yield chunk
        yield b"</t></si></sst>"

    return workbook(sheet_xml(ONE_CELL), strings())


def sheet_xml_bomb(megabytes: int = 1024) -> bytes:
    """A sheet of ``megabytes`` rows each holding 1 MB of inline text."""
    row = b'<row><c t="inlineStr"><is><t>' + b"B" * MB + b"</t></is></c></row>"
    return workbook(sheet_xml(row for _ in range(megabytes)))


def huge_dimension() -> bytes:
    """One cell, but a declared used range of the whole grid (A1:XFD1048576)."""
    return workbook(sheet_xml(ONE_CELL, dimension=b"A1:XFD1048576"))


def far_cell(row: int = 1048576, column: bytes = b"XFD") -> bytes:
    """Two cells, A1 and the grid's last: calamine would allocate the rectangle between them."""
    last = b'<row r="%d"><c r="%s%d"><v>1</v></c></row>' % (row, column, row)
    return workbook(sheet_xml([*ONE_CELL, last]))


def empty_cells(count: int = 5_000_000) -> bytes:
    """Millions of styled empty cells, 1,000 to a row."""
    per_row = 1000

    def rows():
        for r in range(1, count // per_row + 1):
            yield b'<row r="%d">' % r + b'<c s="0"/>' * per_row + b"</row>"

    return workbook(sheet_xml(rows()))


def many_members(count: int = 5000) -> bytes:
    """A workbook carrying thousands of tiny extra parts."""
    return workbook(sheet_xml(ONE_CELL), extra=[(f"xl/media/pad{i}.xml", b"<a/>") for i in range(count)])


def lying_sizes(megabytes: int = 64) -> bytes:
    """A sheet whose central directory record declares 100 bytes but which inflates to
    ``megabytes``: the declared-size checks pass, only inflating it tells."""
    data = bytearray(sheet_xml_bomb(megabytes))
    name = b"xl/worksheets/sheet1.xml"
    record = data.find(b"PK\x01\x02")
    while record != -1:
        name_length = struct.unpack("<H", data[record + 28 : record + 30])[0]
        if data[record + 46 : record + 46 + name_length] == name:
            data[record + 24 : record + 28] = struct.pack("<I", 100)
            return bytes(data)
        record = data.find(b"PK\x01\x02", record + 4)
    raise AssertionError("no central directory record for the sheet")


BOMBS = {
    "shared strings bomb": shared_strings_bomb,
    "sheet XML bomb": sheet_xml_bomb,
    "huge dimension": huge_dimension,
    "far cell": far_cell,
    "empty cells": empty_cells,
    "many members": many_members,
    "lying sizes": lying_sizes,
}


# What each bomb is refused with under the default limits (None: the importer's "cannot read").
REFUSALS = {
    "shared strings bomb": "Tệp Excel khi giải nén quá lớn: tối đa 20 MB.",
    "sheet XML bomb": "Tệp Excel khi giải nén quá lớn: tối đa 20 MB.",
    "huge dimension": "Tệp có quá nhiều dòng: tối đa 10.000 dòng.",
    "far cell": "Tệp có quá nhiều dòng: tối đa 10.000 dòng.",
    "empty cells": "Tệp Excel khi giải nén quá lớn: tối đa 20 MB.",
    "many members": "Tệp Excel có quá nhiều thành phần bên trong: tối đa 200.",
    "lying sizes": None,
}


@functools.cache
def small_bombs() -> dict[str, bytes]:
    """Every bomb at a size a test builds quickly (each still far over the default limits)."""
    sized = {"shared strings bomb": 64, "sheet XML bomb": 64, "lying sizes": 8}
    return {name: build(sized[name]) if name in sized else build() for name, build in BOMBS.items()}


# The largest allowed file ---------------------------------------------------------------------------


def largest_allowed(rows: int, columns: int, *, text_bytes: int = 24, seed: int = 1) -> bytes:
    """``rows`` × ``columns`` of distinct text, numbers and dates, like a real list but as large
    as the limits allow (shared strings for the text, as Excel writes them)."""
    rng = random.Random(seed)
    text_columns = columns // 2
    strings = [
        f"{i} ".encode() + bytes(rng.choice(b"abcdefghiklmnopqrstuvxy ") for _ in range(text_bytes))
        for i in range(rows * text_columns)
    ]
    letters = [_letters(c) for c in range(1, columns + 1)]

    def sheet_rows():
        index = 0
        for r in range(1, rows + 1):
            cells = []
            for c in range(columns):
                ref = letters[c] + b"%d" % r
                if c < text_columns:
                    cells.append(b'<c r="%s" t="s"><v>%d</v></c>' % (ref, index))
                    index += 1
                elif c % 2:
                    cells.append(b'<c r="%s"><v>%d</v></c>' % (ref, rng.randrange(1, 10_000)))
                else:
                    cells.append(b'<c r="%s"><v>%.2f</v></c>' % (ref, rng.random() * 100))
            yield b'<row r="%d">' % r + b"".join(cells) + b"</row>"

    def shared():
        yield (
            b'<?xml version="1.0"?><sst '
            + NS
            + b' count="%d" uniqueCount="%d">'
            % (
                len(strings),
                len(strings),
            )
        )
        for s in strings:
            yield b"<si><t>" + s + b"</t></si>"
        yield b"</sst>"

    return workbook(sheet_xml(sheet_rows()), shared())


def _letters(column: int) -> bytes:
    out = b""
    while column:
        column, rest = divmod(column - 1, 26)
        out = bytes([65 + rest]) + out
    return out
