"""Pure renderers: an ``OfficialDocument`` to .docx bytes (Decree 30/2020 layout), sheets to .xlsx
bytes (PDF copies: ``thidua.documents.pdf``). No database access here."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from thidua.core import exports
from thidua.documents.spec import OfficialDocument, Paragraph, Sheet, Signer, Table, place_and_date

FONT = "Times New Roman"
BODY_PT = 14
PAGE = {"width": 210, "height": 297, "top": 22, "bottom": 22, "left": 32, "right": 18}
ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}


def _set_font(run, size: float, *, bold=False, italic=False, underline=False) -> None:
    run.font.name = FONT
    run.font.size = Pt(size)
    run.bold = bold
    run.italic = italic
    run.underline = underline
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def _para(
    container,
    text: str,
    size: float = BODY_PT,
    *,
    align="left",
    bold=False,
    italic=False,
    underline=False,
    indent_mm: float = 0,
    space_after: float = 0,
):
    p = container.add_paragraph()
    p.alignment = ALIGN.get(align, WD_ALIGN_PARAGRAPH.JUSTIFY)
    fmt = p.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(space_after)
    if indent_mm:
        fmt.first_line_indent = Mm(indent_mm)
    if text:
        _set_font(p.add_run(text), size, bold=bold, italic=italic, underline=underline)
    return p


def _cell_para(cell, text, size, **kwargs):
    """The first paragraph of a fresh cell is reused; later ones are added."""
    if len(cell.paragraphs) == 1 and not cell.paragraphs[0].text and not cell.paragraphs[0].runs:
        p = cell.paragraphs[0]
        p.alignment = ALIGN.get(kwargs.pop("align", "left"))
        p.paragraph_format.space_after = Pt(0)
        if text:
            _set_font(p.add_run(text), size, **{k: v for k, v in kwargs.items() if k != "indent_mm"})
        return p
    return _para(cell, text, size, **kwargs)


def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def _widths(table, widths_mm: list[float]) -> None:
    """Fixed column widths, written both on the grid and on every cell (Word reads the cells,
    LibreOffice the grid)."""
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for column, width in zip(table.columns, widths_mm, strict=False):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=False):
            cell.width = Mm(width)


def _page_number_footer(section) -> None:
    """Page numbers in the top centre from page 2 on (Decree 30: none on the first page)."""
    section.different_first_page_header_footer = True
    header = section.header
    p = header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run()
    _set_font(run, 13)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._element.append(el)


def _header(doc, spec: OfficialDocument, text_width: float) -> None:
    if spec.form_label:
        _para(doc, spec.form_label, 12, align="right", bold=True)
    if not spec.show_issuer:
        # A personal document (e.g. an individual's achievement report): the motto alone, centred.
        _para(doc, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, align="center", bold=True)
        _para(doc, "Độc lập - Tự do - Hạnh phúc", 13.5, align="center", bold=True, underline=True)
        line = place_and_date(spec.place, spec.date)
        if line:
            _para(doc, line, 13.5, align="right", italic=True)
        return
    # The motto needs about 100 mm at 12 pt; the issuer takes the rest (about 60 mm on A4).
    left_w = text_width * 0.38
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    _widths(table, [left_w, text_width - left_w])
    left, right = table.rows[0].cells
    if spec.issuer_parent:
        _cell_para(left, spec.issuer_parent.upper(), 12, align="center")
    issuer = spec.issuer.upper()
    _cell_para(left, issuer, 12, align="center", bold=True)
    # Decree 30 (Appendix I, II.3): a short solid rule under the issuing body's name.
    _rule(left, left_w, _text_mm(issuer, 12, caps=True))
    number = number_line(spec)
    if number:
        _cell_para(left, "", 4, align="center")
        _cell_para(left, number, 13, align="center")
    _cell_para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, align="center", bold=True)
    _cell_para(right, "Độc lập - Tự do - Hạnh phúc", 13.5, align="center", bold=True, underline=True)
    line = "" if spec.issued_with else place_and_date(spec.place, spec.date)
    if line:
        _cell_para(right, "", 6, align="center")
        _cell_para(right, line, 13.5, align="center", italic=True)


def number_line(spec: OfficialDocument) -> str:
    """The "Số: …" line: number and ký hiệu ("Số: 12/BC-KNC", "Số:      /BC-KNC"); none for a
    text issued with a decision that has neither (it carries the decision's number)."""
    if spec.symbol:
        number = spec.number.strip().rstrip("/").strip()
        return f"Số: {number}/{spec.symbol}" if number else f"Số:      /{spec.symbol}"
    if spec.issued_with and not spec.number:
        return ""
    return f"Số: {spec.number or '      /'}"


def _text_mm(text: str, size_pt: float, *, caps: bool = False) -> float:
    """A rough printed width of one line of Times New Roman (capitals are wider)."""
    per_char = size_pt * 0.3528 * (0.68 if caps else 0.5)
    return len(text) * per_char


def _rule(container, column_mm: float, text_mm: float) -> None:
    """A short solid horizontal rule, centred, about 40% of the line above it (Decree 30: between a
    third and a half of that line's length): an empty 1-pt paragraph whose bottom border is the
    rule, narrowed by indents. Word and LibreOffice both draw paragraph borders."""
    line_mm = min(text_mm, column_mm - 4)
    width = max(min(line_mm * 0.4, column_mm - 4), 12)
    side = max((column_mm - width) / 2, 0)
    p = _cell_para(container, "", 1, align="center")
    p.paragraph_format.left_indent = Mm(side)
    p.paragraph_format.right_indent = Mm(side)
    p.paragraph_format.line_spacing = Pt(2)
    p_pr = p._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    # pBdr comes before spacing/ind/jc in the schema order of pPr.
    anchor = None
    for tag in ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing", "w:ind", "w:jc"):
        anchor = p_pr.find(qn(tag))
        if anchor is not None:
            break
    if anchor is not None:
        anchor.addprevious(borders)
    else:
        p_pr.append(borders)


def has_rule(paragraph) -> bool:
    """Whether a python-docx paragraph draws a rule (a bottom border)."""
    p_pr = paragraph._p.pPr
    return (
        p_pr is not None
        and p_pr.find(qn("w:pBdr")) is not None
        and (p_pr.find(qn("w:pBdr")).find(qn("w:bottom")) is not None)
    )


def _table(doc, block: Table, text_width: float) -> None:
    cols = len(block.headers)
    table = doc.add_table(rows=1 + len(block.rows), cols=cols)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    if block.borders:
        table.style = "Table Grid"
    else:
        _no_borders(table)
    widths = block.widths_mm or [text_width / cols] * cols
    _widths(table, widths)
    for i, head in enumerate(block.headers):
        _cell_para(table.rows[0].cells[i], head, 12, align="center", bold=True)
    # A row never splits across pages (no stray line of a cell atop the next page) and the header
    # row repeats on every page the table runs onto.
    for index, row in enumerate(table.rows):
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        if index == 0:
            tr_pr.append(OxmlElement("w:tblHeader"))
    for r, row in enumerate(block.rows, start=1):
        for c in range(cols):
            value = row[c] if c < len(row) else ""
            align = block.align[c] if c < len(block.align) else "left"
            _cell_para(table.rows[r].cells[c], str(value), 12, align=align, bold=(r - 1) in block.bold_rows)
    return table


def _signer_block(cell, signer: Signer) -> None:
    if signer.prefix and signer.authority:
        _cell_para(cell, f"{signer.prefix} {signer.authority.upper()}", 13.5, align="center", bold=True)
    if signer.deputy_of:
        _cell_para(cell, signer.deputy_of.upper(), 13.5, align="center", bold=True)
    _cell_para(cell, signer.title.upper(), 13.5, align="center", bold=True)
    if signer.note:
        _cell_para(cell, signer.note, 12, align="center", italic=True)
    for _ in range(3):
        _cell_para(cell, "", 13.5, align="center")
    if signer.name:
        _cell_para(cell, signer.name, 13.5, align="center", bold=True)


def recipient_lines(spec: OfficialDocument) -> list[str]:
    """The "Nơi nhận:" lines (Decree 30): each starts "- " and ends ";", the last one — always the
    archive line "- Lưu: VT, <holder>" — ends with "."."""
    lines, holders = [], []
    for recipient in spec.recipients:
        text = recipient.strip().lstrip("-–").strip().rstrip(";.").strip()
        if not text:
            continue
        if text.lower().startswith("lưu"):
            held = text[3:].lstrip(" :").strip()
            holders += [h.strip() for h in held.split(",") if h.strip()]
            continue
        lines.append(text)
    if spec.archive:
        holders += [h.strip() for h in spec.archive.split(",") if h.strip()]
    holders = ["VT"] + [h for h in dict.fromkeys(holders) if h != "VT"]
    lines.append("Lưu: " + ", ".join(holders))
    return [f"- {line};" for line in lines[:-1]] + [f"- {lines[-1]}."]


def _keep_table_together(table) -> None:
    """No row of the table splits across pages, and every row stays with the next one (Word and
    LibreOffice read keep-with-next on the paragraphs of a row)."""
    rows = table.rows
    for i, row in enumerate(rows):
        tr_pr = row._tr.get_or_add_trPr()
        if tr_pr.find(qn("w:cantSplit")) is None:
            tr_pr.append(OxmlElement("w:cantSplit"))
        for cell in row.cells:
            for p in cell.paragraphs:
                p.paragraph_format.keep_together = True
                if i < len(rows) - 1:
                    p.paragraph_format.keep_with_next = True


def _recipients(cell, spec: OfficialDocument) -> None:
    _cell_para(cell, "Nơi nhận:", 12, bold=True, italic=True)
    for line in recipient_lines(spec):
        _cell_para(cell, line, 11)


def _signature(doc, spec: OfficialDocument, text_width: float) -> None:
    """The signature block. One signer: "Nơi nhận:" (or the countersigner) left, the signer right.
    Two or more signers: side by side, left to right in the given order (minutes: secretary left,
    chair right), "Nơi nhận:" in a row under them. The block never splits across pages."""
    if len(spec.signers) >= 2 and spec.countersigner is None:
        count = len(spec.signers)
        table = doc.add_table(rows=2 if spec.recipients else 1, cols=count)
        _no_borders(table)
        _widths(table, [text_width / count] * count)
        for cell, signer in zip(table.rows[0].cells, spec.signers, strict=True):
            _signer_block(cell, signer)
            # Bottom-aligned: the names (and the positions above the signatures) line up even when
            # one block has a "TM. …" line more than the other.
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
        if spec.recipients:
            _recipients(table.rows[1].cells[0], spec)
            table.rows[1].cells[0].paragraphs[0].paragraph_format.space_before = Pt(12)
    else:
        left_w = text_width * 0.45
        table = doc.add_table(rows=1, cols=2)
        _no_borders(table)
        _widths(table, [left_w, text_width - left_w])
        left, right = table.rows[0].cells
        if spec.countersigner is not None:
            _signer_block(left, spec.countersigner)
        elif spec.recipients:
            _recipients(left, spec)
        for signer in spec.signers:
            _signer_block(right, signer)
    _keep_table_together(table)


def _title(doc, spec: OfficialDocument, text_width: float) -> None:
    """Title (capitals), trích yếu, the "(Ban hành kèm theo …)" line, then the short rule under
    them (Decree 30, Appendix I, II.5)."""
    title = spec.title.upper()
    _para(doc, title, 14, align="center", bold=True)
    last, last_size, caps = title, 14, True
    if spec.subtitle:
        _para(doc, spec.subtitle, 14, align="center", bold=True)
        last, caps = spec.subtitle, False
    if spec.issued_with:
        text = spec.issued_with.strip()
        if not text.startswith("("):
            text = f"({text})"
        _para(doc, text, 14, align="center", italic=True)
        last, last_size, caps = text, 14, False
    # A wrapped trích yếu: the rule follows the length of a full line.
    _rule(doc, text_width, min(_text_mm(last, last_size, caps=caps), text_width))


def build_docx(spec: OfficialDocument) -> bytes:
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    section = doc.sections[0]
    width, height = (PAGE["height"], PAGE["width"]) if spec.landscape else (PAGE["width"], PAGE["height"])
    section.orientation = WD_ORIENT.LANDSCAPE if spec.landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(width), Mm(height)
    section.top_margin, section.bottom_margin = Mm(PAGE["top"]), Mm(PAGE["bottom"])
    section.left_margin, section.right_margin = Mm(PAGE["left"]), Mm(PAGE["right"])
    section.header_distance = Mm(10)
    text_width = width - PAGE["left"] - PAGE["right"]
    _page_number_footer(section)
    # python-docx starts with one empty paragraph; the header table goes before it.
    _header(doc, spec, text_width)
    _para(doc, "", 12)
    _title(doc, spec, text_width)
    _para(doc, "", 8)
    last_table = None
    for block in spec.blocks:
        if isinstance(block, Table):
            last_table = _table(doc, block, text_width)
            _para(doc, "", 8)
        elif isinstance(block, Paragraph):
            last_table = None
            _paragraph(doc, block)
    closing = _para(doc, "", 8)
    if spec.recipients or spec.signers or spec.countersigner:
        _keep_closing(doc, closing, last_table)
        _signature(doc, spec, text_width)
    first = doc.paragraphs[0]
    if not first.text:
        first._element.getparent().remove(first._element)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _keep_closing(doc, closing, last_table) -> None:
    """The signature block never starts a page alone: the closing paragraph (the last body
    paragraph, or the last row of a closing table) and the spacer keep with it."""
    closing.paragraph_format.keep_with_next = True
    body = doc.paragraphs
    index = next(i for i, p in enumerate(body) if p._p is closing._p)
    if last_table is not None:
        for p in body[:index]:
            if p._p.getprevious() is not None and _follows(p._p, last_table._tbl):
                p.paragraph_format.keep_with_next = True
        last_row = last_table.rows[-1]
        tr_pr = last_row._tr.get_or_add_trPr()
        if tr_pr.find(qn("w:cantSplit")) is None:
            tr_pr.append(OxmlElement("w:cantSplit"))
        for cell in last_row.cells:
            for p in cell.paragraphs:
                p.paragraph_format.keep_with_next = True
        return
    for p in reversed(body[:index]):
        p.paragraph_format.keep_with_next = True
        if p.text.strip():
            break


def _follows(element, anchor) -> bool:
    """Whether ``element`` comes after ``anchor`` among the body's children."""
    previous = element.getprevious()
    while previous is not None:
        if previous is anchor:
            return True
        previous = previous.getprevious()
    return False


def _paragraph(doc, block: Paragraph) -> None:
    style = block.style
    if style == "heading":
        _para(doc, block.text, BODY_PT, align="justify", bold=True, indent_mm=10, space_after=6)
    elif style == "center":
        _para(doc, block.text, BODY_PT, align="center", space_after=6)
    elif style == "center_bold":
        _para(doc, block.text, BODY_PT, align="center", bold=True, space_after=6)
    elif style == "italic":
        _para(doc, block.text, BODY_PT, align="justify", italic=True, indent_mm=10, space_after=6)
    elif style == "bullet":
        text = block.text.strip().lstrip("-–—•").strip()
        _para(doc, f"- {text}", BODY_PT, align="justify", indent_mm=10, space_after=6)
    elif style == "chapter":
        lines = [line.strip() for line in block.text.splitlines() if line.strip()]
        for i, line in enumerate(lines):
            p = _para(
                doc, line, BODY_PT, align="center", bold=True, space_after=6 if i == len(lines) - 1 else 0
            )
            p.paragraph_format.space_before = Pt(6 if i == 0 else 0)
            p.paragraph_format.keep_with_next = True
    elif style == "article":
        heading, _, rest = block.text.partition("\n")
        p = _para(doc, heading.strip(), BODY_PT, align="justify", bold=True, indent_mm=10, space_after=6)
        p.paragraph_format.keep_with_next = True
        for line in rest.splitlines():
            if line.strip():
                _para(doc, line.strip(), BODY_PT, align="justify", indent_mm=10, space_after=6)
    else:
        _para(doc, block.text, BODY_PT, align="justify", indent_mm=10, space_after=6)


def build_xlsx(sheets: list[Sheet]) -> bytes:
    """Each sheet as a table ready to use (``thidua.core.exports``: real dates and numbers, bold
    frozen filtered header, fitted widths capped by ``Sheet.widths``, text that never runs as a
    formula), in the documents' Times New Roman with borders."""
    wb = Workbook()
    wb.remove(wb.active)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    body, bold = Font(name=FONT, size=12), Font(name=FONT, bold=True, size=12)
    for sheet in sheets:
        ws = wb.create_sheet(sheet.title[:31])
        preamble = [[sheet.caption], []] if sheet.caption else []
        exports.write_table(ws, sheet.headers, sheet.rows, preamble=preamble, widths=sheet.widths)
        if sheet.caption:
            ws["A1"].font = Font(name=FONT, bold=True, size=13)
        header_row = len(preamble) + 1
        for row in ws.iter_rows(min_row=header_row, max_col=max(len(sheet.headers), 1)):
            for cell in row:
                cell.font = bold if cell.row == header_row else body
                cell.border = border
                if cell.row == header_row:
                    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
                elif cell.data_type == "s":
                    cell.alignment = Alignment(vertical="top", wrap_text=True)
    return exports.workbook_bytes(wb)
