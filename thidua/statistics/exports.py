"""The statutory forms in their printed layout: an Excel workbook (one sheet per form, merged group
headers, the form number, title, reporting and receiving bodies, the statistical period and the
units), and a Word document (PDF through LibreOffice) in Decree 30 style with the form's header
and the reporting body's head's signature block, as a landscape table.

Pure on their input (``FormResult``s and a signer): the same outputs serve a computed report and a
sent version."""

from __future__ import annotations

import copy
import io

from django.conf import settings
from docx import Document
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from thidua.core import exports
from thidua.documents import pdf, render
from thidua.documents.spec import OfficialDocument, Paragraph, Signer, Table
from thidua.organisations.models import BlocYearMember, Unit
from thidua.statistics.tables import FormResult, ReportingBody

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"

FONT = "Times New Roman"
FIRST = 2  # the two leading columns: "STT" (the row's code) and "Chỉ tiêu" (its label)
HEADER_ROW = 7  # the group headers' row; the columns' own labels are on the next one
INDEX_ROW = HEADER_ROW + 2  # "A", "B", "1", "2"… under the headers, as the printed forms number them
FIRST_DATA_ROW = INDEX_ROW + 1
WIDE = 8  # a form with more columns is printed smaller in Word


def period_line(form: FormResult) -> str:
    return f"Kỳ thống kê: Từ ngày {form.period_start:%d/%m/%Y} đến ngày {form.period_end:%d/%m/%Y}"


def units_of(form: FormResult) -> str:
    units = []
    for column in form.columns:
        if column.unit and column.unit not in units:
            units.append(column.unit)
    return ", ".join(units) or "lượt"


def column_heading(column) -> str:
    return f"{column.group}\n{column.label}" if column.group else column.label


def row_heading(row) -> str:
    return ("    " * row.level) + row.label


def _groups(form: FormResult) -> list[tuple[str, int, int]]:
    """(group, first index, last index) of consecutive columns under one merged header; a column
    without a group is its own span with group ""."""
    spans: list[tuple[str, int, int]] = []
    for i, column in enumerate(form.columns):
        if column.group and spans and spans[-1][0] == column.group and spans[-1][2] == i - 1:
            spans[-1] = (column.group, spans[-1][1], i)
        else:
            spans.append((column.group, i, i))
    return spans


def _is_total(row) -> bool:
    """Printed bold: a total, a section heading, a top-level row."""
    return bool(row.total_of) or row.level == 0 or getattr(row, "heading", False)


# Excel --------------------------------------------------------------------------------------------


def _sheet(ws, form: FormResult) -> None:
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    body, bold = Font(name=FONT, size=11), Font(name=FONT, size=11, bold=True)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    last = FIRST + len(form.columns)
    last_letter = get_column_letter(last)

    def text(row: int, col: int, value, *, font=body, align=None):
        cell = exports.put(ws.cell(row=row, column=col), value)
        cell.font = font
        if align is not None:
            cell.alignment = align
        return cell

    def merged(row: int, value, *, font=bold, align=centre):
        ws.merge_cells(f"A{row}:{last_letter}{row}")
        text(row, 1, value, font=font, align=align)

    # The form's header, as printed: its number and basis at the top left, the bodies at the right.
    half = max(FIRST + 1, last // 2 + 1)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=half - 1)
    text(1, 1, f"Biểu số {form.code}", font=bold)
    ws.merge_cells(start_row=1, start_column=half, end_row=1, end_column=last)
    text(1, half, f"Đơn vị báo cáo: {form.body.name}", font=bold, align=Alignment(horizontal="right"))
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=half - 1)
    text(2, 1, form.legal_basis, font=Font(name=FONT, size=10, italic=True))
    ws.merge_cells(start_row=2, start_column=half, end_row=2, end_column=last)
    text(
        2, half, f"Đơn vị nhận báo cáo: {form.body.receiver}", font=bold, align=Alignment(horizontal="right")
    )
    merged(3, form.title.upper(), font=Font(name=FONT, size=14, bold=True))
    merged(4, period_line(form), font=Font(name=FONT, size=12, italic=True))
    ws.merge_cells(f"A5:{last_letter}5")
    text(5, 1, f"Đơn vị tính: {units_of(form)}", font=Font(name=FONT, size=11, italic=True))
    ws["A5"].alignment = Alignment(horizontal="right")

    # Two header rows: the merged group headers, then each column's own label.
    top, bottom = HEADER_ROW, HEADER_ROW + 1
    for col, label in ((1, "STT"), (2, "Chỉ tiêu")):
        ws.merge_cells(start_row=top, start_column=col, end_row=bottom, end_column=col)
        text(top, col, label, font=bold, align=centre)
    for group, first, end in _groups(form):
        start_col, end_col = FIRST + 1 + first, FIRST + 1 + end
        if group:
            if end_col > start_col:
                ws.merge_cells(start_row=top, start_column=start_col, end_row=top, end_column=end_col)
            text(top, start_col, group, font=bold, align=centre)
            for i in range(first, end + 1):
                text(bottom, FIRST + 1 + i, form.columns[i].label, font=bold, align=centre)
        else:
            ws.merge_cells(start_row=top, start_column=start_col, end_row=bottom, end_column=start_col)
            text(top, start_col, form.columns[first].label, font=bold, align=centre)
    for col in range(1, last + 1):
        index = "A" if col == 1 else "B" if col == 2 else str(col - FIRST)
        text(INDEX_ROW, col, index, font=Font(name=FONT, size=10, italic=True), align=centre)

    for r, row in enumerate(form.rows):
        line = FIRST_DATA_ROW + r
        font = bold if _is_total(row) else body
        text(line, 1, row.code, font=font, align=Alignment(horizontal="center", vertical="top"))
        text(line, 2, row_heading(row), font=font, align=Alignment(vertical="top", wrap_text=True))
        for c, column in enumerate(form.columns):
            value = None if getattr(row, "heading", False) else form.value(row.key, column.key)
            text(line, FIRST + 1 + c, value or None, font=font, align=Alignment(horizontal="center"))
    end_row = FIRST_DATA_ROW + len(form.rows) - 1
    for row in ws.iter_rows(min_row=top, max_row=max(end_row, INDEX_ROW), min_col=1, max_col=last):
        for cell in row:
            cell.border = border

    # Warnings: records the form could not classify, never silently dropped.
    line = end_row + 2
    if form.warnings:
        text(line, 1, f"Bản ghi chưa phân loại được ({len(form.warnings)}):", font=bold)
        for warning in form.warnings:
            line += 1
            text(line, 2, f"{warning.label}: {warning.reason}")
        line += 1
    line += 1
    text(line, 2, "Người lập biểu", font=bold, align=Alignment(horizontal="center"))
    ws.merge_cells(start_row=line, start_column=half, end_row=line, end_column=last)
    text(line, half, "Thủ trưởng đơn vị", font=bold, align=Alignment(horizontal="center"))
    text(line + 1, 2, "(Ký, ghi rõ họ tên)", font=Font(name=FONT, size=10, italic=True), align=centre)
    ws.merge_cells(start_row=line + 1, start_column=half, end_row=line + 1, end_column=last)
    text(
        line + 1,
        half,
        "(Ký, ghi rõ họ tên, đóng dấu)",
        font=Font(name=FONT, size=10, italic=True),
        align=Alignment(horizontal="center"),
    )

    ws.column_dimensions["A"].width = 7
    ws.column_dimensions["B"].width = 48
    for c in range(len(form.columns)):
        ws.column_dimensions[get_column_letter(FIRST + 1 + c)].width = 12
    ws.freeze_panes = ws.cell(row=FIRST_DATA_ROW, column=FIRST + 1)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def forms_xlsx(forms: list[FormResult]) -> bytes:
    """One sheet per form (named by its number, "0601.N"), in the forms' printed layout."""
    wb = Workbook()
    wb.remove(wb.active)
    for form in forms:
        _sheet(wb.create_sheet(form.code[:31]), form)
    return exports.workbook_bytes(wb)


# Word and PDF -------------------------------------------------------------------------------------


def _head_unit(body: ReportingBody):
    """The unit whose head signs ``body``'s report: the unit itself, or for the province the unit
    that reports for it ("Sở Nội vụ tỉnh …" is the unit "Sở Nội vụ")."""
    if body.unit_code:
        return Unit.objects.filter(code=body.unit_code).first()
    names = {body.name, body.name.removesuffix(f" {settings.THIDUA_PROVINCE_NAME}")}
    return Unit.objects.filter(name__in=names).order_by("pk").first()


def head_of(body: ReportingBody, year: int) -> Signer:
    """The reporting body's head (the signature block), as recorded on the unit's latest bloc
    membership up to ``year``; unknown, the name is left for the hand signature."""
    unit = _head_unit(body)
    if unit is not None:
        member = (
            BlocYearMember.objects.filter(unit=unit, year__lte=year)
            .exclude(head_name="")
            .order_by("-year")
            .first()
        )
        if member is not None:
            return Signer(title=member.head_title or "Thủ trưởng đơn vị", name=member.head_name)
    return Signer(title="Thủ trưởng đơn vị")


def form_document(form: FormResult, signer: Signer, preparer: str = "") -> OfficialDocument:
    """The form as a Decree 30 document: its number at the top right, the reporting body as the
    issuer, the title and period, the receiving body and units, the table (landscape), the
    preparer (``preparer``: the person who exports it) at the bottom left and the head of the
    reporting body at the right."""
    columns = form.columns
    # The columns' own labels; ``form_docx`` adds the merged group headers above them.
    headers = ["STT", "Chỉ tiêu", *[c.label for c in columns]]
    rows = []
    bold_rows = []
    for i, row in enumerate(form.rows):
        values = [form.value(row.key, c.key) for c in columns]
        rows.append([row.code, row_heading(row), *[str(v) if v else "" for v in values]])
        if _is_total(row):
            bold_rows.append(i)
    text_width = 297 - render.PAGE["left"] - render.PAGE["right"]
    wide = len(columns) > WIDE
    number_width, label_width = (10, 46) if wide else (12, 70)
    if not columns:
        label_width = text_width - number_width
    rest = max(text_width - number_width - label_width, 0)
    widths = (
        [number_width, label_width, *([rest / len(columns)] * len(columns))]
        if columns
        else [number_width, label_width]
    )
    blocks: list = [
        Paragraph(f"Đơn vị báo cáo: {form.body.name}", "body"),
        Paragraph(f"Đơn vị nhận báo cáo: {form.body.receiver}", "body"),
        Paragraph(f"Đơn vị tính: {units_of(form)}", "italic"),
        Table(
            headers=headers,
            rows=rows,
            widths_mm=widths,
            align=["center", "left", *(["center"] * len(columns))],
            bold_rows=bold_rows,
        ),
    ]
    if form.warnings:
        blocks.append(Paragraph(f"Bản ghi chưa phân loại được ({len(form.warnings)}):", "heading"))
        blocks += [Paragraph(f"{w.label}: {w.reason}", "bullet") for w in form.warnings]
    place = settings.THIDUA_PROVINCE_NAME.removeprefix("tỉnh ").removeprefix("thành phố ")
    return OfficialDocument(
        issuer=form.body.name,
        title=form.title,
        subtitle=period_line(form),
        form_label=f"Biểu số {form.code}",
        place=place,
        blocks=blocks,
        signers=[signer],
        countersigner=Signer(title="Người lập biểu", name=preparer),
        landscape=True,
    )


def form_docx(form: FormResult, signer: Signer, preparer: str = "") -> bytes:
    return _merge_group_headers(render.build_docx(form_document(form, signer, preparer)), form)


def _only_text(cell, text: str) -> None:
    """Keep the cell's first run (its font) with ``text``; drop every other run and paragraph."""
    paragraphs = cell.paragraphs
    runs = paragraphs[0].runs
    if runs:
        runs[0].text = text
        for run in runs[1:]:
            run._element.getparent().remove(run._element)
    for paragraph in paragraphs[1:]:
        paragraph._element.getparent().remove(paragraph._element)


def _merge_group_headers(data: bytes, form: FormResult) -> bytes:
    """The form's table with two header rows as printed: the group headers merged across their
    columns, a column without a group (and "STT", "Chỉ tiêu") merged down both rows. A wide form
    (0602.N has 15 columns) is printed in 10 pt so that its columns stay legible."""
    spans = _groups(form)
    grouped = any(group for group, _, _ in spans)
    wide = len(form.columns) > WIDE
    if not grouped and not wide:
        return data
    doc = Document(io.BytesIO(data))
    table = next((t for t in doc.tables if t.rows and t.rows[0].cells[0].text == "STT"), None)
    if table is None:
        return data
    if wide:
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        run.font.size = Pt(10)
    if not grouped:
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()
    labels = table.rows[0]._tr
    labels.addprevious(copy.deepcopy(labels))
    top, bottom = table.rows[0], table.rows[1]
    downs = [0, 1]
    for group, first, last in spans:
        start, end = FIRST + first, FIRST + last
        if not group:
            downs.append(start)
            continue
        _only_text(top.cells[start], group)
        for i in range(start + 1, end + 1):
            _only_text(top.cells[i], "")
        if end > start:
            top.cells[start].merge(top.cells[end])
            _only_text(top.cells[start], group)
    for i in downs:
        text = bottom.cells[i].text
        _only_text(bottom.cells[i], "")
        top.cells[i].merge(bottom.cells[i])
        _only_text(top.cells[i], text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def form_pdf(form: FormResult, signer: Signer, preparer: str = "") -> bytes | None:
    """The Word file converted by LibreOffice; ``None`` when LibreOffice is not available."""
    return pdf.convert(form_docx(form, signer, preparer))


def pdf_available() -> bool:
    return pdf.available()


def file_name(form_code: str | None, year: int, body: ReportingBody, ext: str) -> str:
    what = f"bieu-{form_code.replace('.', '')}" if form_code else "bao-cao-thong-ke"
    return f"{what}-{year}-{body.unit_code or 'tinh'}.{ext}".lower()
