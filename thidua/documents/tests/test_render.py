"""Generated Word files are read back with python-docx and checked against Decree 30/2020."""

import datetime as dt
import io
import zipfile

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm

from thidua.documents import pdf, render
from thidua.documents.spec import (
    OfficialDocument,
    Paragraph,
    Signer,
    Table,
    format_percent,
    format_points,
    missing_signer,
    place_and_date,
)


def sample() -> OfficialDocument:
    return OfficialDocument(
        issuer_parent="Hội đồng Thi đua – Khen thưởng tỉnh",
        issuer="Khối thi đua Nội chính",
        number="01/BB-KNC",
        place="Thành phố Hòa Bình",
        date=dt.date(2019, 12, 3),
        title="Biên bản",
        subtitle="Hội nghị tổng kết năm 2019",
        blocks=[
            Paragraph("I. KẾT QUẢ", style="heading"),
            Paragraph("Các đơn vị đã hoàn thành xuất sắc nhiệm vụ."),
            Table(headers=["TT", "Đơn vị"], rows=[["1", "Sở Nội vụ"], ["2", "Tòa án nhân dân tỉnh"]]),
        ]
        + [Paragraph("Nội dung dài " * 40) for _ in range(20)],
        recipients=["Hội đồng TĐKT tỉnh", "Lưu: VT"],
        signers=[
            Signer(
                prefix="TM.", authority="Khối thi đua Nội chính", title="Trưởng khối", name="Nguyễn Văn Thắng"
            )
        ],
    )


def texts(doc) -> list[str]:
    out = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                out.extend(p.text for p in cell.paragraphs)
    return out


def runs(doc):
    for p in doc.paragraphs:
        yield from p.runs
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                for p in cell.paragraphs:
                    yield from p.runs


def find_run(doc, text):
    return next(r for r in runs(doc) if r.text == text)


def test_page_setup_follows_decree_30():
    doc = Document(io.BytesIO(render.build_docx(sample())))
    section = doc.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.5) and abs(section.page_height - Mm(297)) < Mm(0.5)
    assert Mm(20) <= section.top_margin <= Mm(25) and Mm(20) <= section.bottom_margin <= Mm(25)
    assert Mm(30) <= section.left_margin <= Mm(35) and Mm(15) <= section.right_margin <= Mm(20)
    # No page number on page 1: a different first-page header, the number only in the default one.
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml
    assert "PAGE" not in section.first_page_header._element.xml


def test_every_run_is_times_new_roman():
    doc = Document(io.BytesIO(render.build_docx(sample())))
    fonts = {r.font.name for r in runs(doc) if r.text.strip()}
    assert fonts == {"Times New Roman"}
    assert doc.styles["Normal"].font.name == "Times New Roman"


def test_header_lines_title_recipients_and_signature():
    doc = Document(io.BytesIO(render.build_docx(sample())))
    lines = texts(doc)
    motto = find_run(doc, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert motto.bold and 12 <= motto.font.size.pt <= 13
    slogan = find_run(doc, "Độc lập - Tự do - Hạnh phúc")
    assert slogan.bold and slogan.underline and 13 <= slogan.font.size.pt <= 14
    assert find_run(doc, "KHỐI THI ĐUA NỘI CHÍNH").bold
    assert "Số: 01/BB-KNC" in lines
    date_line = find_run(doc, "Thành phố Hòa Bình, ngày 03 tháng 12 năm 2019")
    assert date_line.italic
    assert find_run(doc, "BIÊN BẢN").bold
    recipients = find_run(doc, "Nơi nhận:")
    assert recipients.bold and recipients.italic
    assert "- Hội đồng TĐKT tỉnh;" in lines and "- Lưu: VT." in lines
    assert "TM. KHỐI THI ĐUA NỘI CHÍNH" in lines and "TRƯỞNG KHỐI" in lines and "Nguyễn Văn Thắng" in lines
    # The header is the first thing on the page; the signature block is the last table.
    assert doc.tables[0].rows[0].cells[1].paragraphs[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert doc.tables[-1].rows[0].cells[0].paragraphs[0].text == "Nơi nhận:"
    assert [c.text for c in doc.tables[1].rows[2].cells] == ["2", "Tòa án nhân dân tỉnh"]


def test_place_and_date_line_pads_days_and_early_months():
    assert place_and_date("Hà Nội", dt.date(2020, 2, 5)) == "Hà Nội, ngày 05 tháng 02 năm 2020"
    assert place_and_date("Hà Nội", dt.date(2020, 11, 5)) == "Hà Nội, ngày 05 tháng 11 năm 2020"
    assert place_and_date("Hà Nội", dt.date(2020, 3, 15)) == "Hà Nội, ngày 15 tháng 3 năm 2020"
    assert place_and_date("Hà Nội", None).startswith("Hà Nội, ngày ")


def test_landscape_swaps_the_page():
    spec = sample()
    spec.landscape = True
    section = Document(io.BytesIO(render.build_docx(spec))).sections[0]
    assert section.page_width > section.page_height


def test_excel_has_headers_and_rows():
    from openpyxl import load_workbook

    from thidua.documents.spec import Sheet

    data = render.build_xlsx([Sheet(title="Xếp hạng", headers=["TT", "Đơn vị"], rows=[[1, "Sở Nội vụ"]])])
    ws = load_workbook(io.BytesIO(data))["Xếp hạng"]
    assert [c.value for c in ws[1]] == ["TT", "Đơn vị"] and ws["B2"].value == "Sở Nội vụ"
    assert ws["A1"].font.name == "Times New Roman" and ws["A1"].font.bold


def test_excel_sheets_open_ready_to_use():
    """A caption, then a bold frozen filtered header; dates, amounts and numbers typed; widths fitted
    within the sheet's widths; text that looks like a formula stays text."""
    from openpyxl import load_workbook

    from thidua.core.exports import DATE_FORMAT, MONEY_FORMAT, Money
    from thidua.documents.spec import Sheet

    sheet = Sheet(
        title="Danh sách",
        caption="Khối Nội chính: danh sách đề nghị",
        headers=["TT", "Tập thể, cá nhân", "Ngày", "Tiền thưởng"],
        rows=[[1, '=HYPERLINK("http://x","y")', dt.date(2019, 12, 3), Money(2_530_000)]],
        widths=[6, 48, 12, 20],
    )
    ws = load_workbook(io.BytesIO(render.build_xlsx([sheet])))["Danh sách"]
    assert ws["A1"].value == "Khối Nội chính: danh sách đề nghị" and ws["A1"].font.size == 13
    assert [c.value for c in ws[3]] == sheet.headers and all(c.font.bold for c in ws[3])
    assert ws.freeze_panes == "A4" and ws.auto_filter.ref == "A3:D4"
    name, day, cash = ws["B4"], ws["C4"], ws["D4"]
    assert name.value == '=HYPERLINK("http://x","y")' and name.data_type == "s" and name.quotePrefix
    assert day.is_date and day.number_format == DATE_FORMAT
    assert cash.value == 2_530_000 and cash.number_format == MONEY_FORMAT
    assert ws["A4"].value == 1 and ws["A4"].font.name == "Times New Roman"
    assert ws.column_dimensions["A"].width == 6 and 20 < ws.column_dimensions["B"].width <= 48


@pytest.mark.pdf
def test_pdf_when_libreoffice_is_present():
    data = pdf.convert(render.build_docx(sample()))
    assert data.startswith(b"%PDF")


def test_docx_is_a_valid_package():
    assert zipfile.is_zipfile(io.BytesIO(render.build_docx(sample())))


def body_paragraphs(doc):
    return list(doc.paragraphs)


def test_number_line_carries_the_symbol():
    spec = sample()
    spec.number, spec.symbol = "12", "BC-KNC"
    assert "Số: 12/BC-KNC" in texts(Document(io.BytesIO(render.build_docx(spec))))
    spec.number = ""
    assert "Số:      /BC-KNC" in texts(Document(io.BytesIO(render.build_docx(spec))))


def test_short_rules_under_the_issuer_and_the_title():
    doc = Document(io.BytesIO(render.build_docx(sample())))
    left = doc.tables[0].rows[0].cells[0].paragraphs
    issuer = next(i for i, p in enumerate(left) if p.text == "KHỐI THI ĐUA NỘI CHÍNH")
    assert render.has_rule(left[issuer + 1]) and not left[issuer + 1].text
    paragraphs = doc.paragraphs
    subtitle = next(i for i, p in enumerate(paragraphs) if p.text == "Hội nghị tổng kết năm 2019")
    rule = paragraphs[subtitle + 1]
    assert render.has_rule(rule) and not rule.text
    # Shorter than the line: indented on both sides.
    assert rule.paragraph_format.left_indent > Mm(20) and rule.paragraph_format.right_indent > Mm(20)


def test_recipients_punctuation_and_archive_line_last():
    spec = sample()
    spec.recipients = ["- Lưu: VP;", "Sở Nội vụ;", "Các đơn vị thành viên"]
    assert render.recipient_lines(spec) == ["- Sở Nội vụ;", "- Các đơn vị thành viên;", "- Lưu: VT, VP."]
    spec.recipients, spec.archive = ["Sở Nội vụ"], "KNC"
    assert render.recipient_lines(spec) == ["- Sở Nội vụ;", "- Lưu: VT, KNC."]


def test_two_signers_side_by_side_in_order_and_no_placeholder():
    spec = sample()
    spec.signers = [
        Signer(title="Thư ký", name="Trần Thị B"),
        Signer(title="Chủ trì", name="Nguyễn Văn A"),
    ]
    doc = Document(io.BytesIO(render.build_docx(spec)))
    table = doc.tables[-1]
    first = [c.text for c in table.rows[0].cells]
    assert len(first) == 2 and "THƯ KÝ" in first[0] and "Trần Thị B" in first[0]
    assert "CHỦ TRÌ" in first[1] and "Nguyễn Văn A" in first[1]
    assert table.rows[1].cells[0].paragraphs[0].text == "Nơi nhận:"
    assert "(Ký, ghi rõ họ tên, đóng dấu)" not in "\n".join(texts(doc))
    # The block never splits: rows cannot split and each row keeps with the next.
    assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in table.rows)
    assert all(p.paragraph_format.keep_with_next for c in table.rows[0].cells for p in c.paragraphs)


def test_closing_paragraph_keeps_with_the_signature():
    doc = Document(io.BytesIO(render.build_docx(sample())))
    last_text = [p for p in doc.paragraphs if p.text.strip()][-1]
    assert last_text.paragraph_format.keep_with_next
    assert doc.paragraphs[-1].paragraph_format.keep_with_next  # the spacer before the block


def test_regulation_issued_with_a_decision_chapters_and_articles():
    spec = sample()
    spec.title, spec.subtitle = "Quy chế", "Hoạt động của Khối thi đua Nội chính"
    spec.number = ""
    spec.issued_with = "Ban hành kèm theo Quyết định số      /QĐ-KNC ngày      của Trưởng khối"
    spec.blocks = [
        Paragraph("Chương I\nNHỮNG QUY ĐỊNH CHUNG", "chapter"),
        Paragraph("Điều 1. Phạm vi điều chỉnh\nQuy chế này quy định…", "article"),
        Paragraph("– Gạch đầu dòng", "bullet"),
    ]
    doc = Document(io.BytesIO(render.build_docx(spec)))
    paragraphs = doc.paragraphs
    lines = [p.text for p in paragraphs]
    kem = paragraphs[lines.index("(Ban hành kèm theo Quyết định số      /QĐ-KNC ngày      của Trưởng khối)")]
    assert all(r.italic for r in kem.runs)
    assert render.has_rule(paragraphs[lines.index(kem.text) + 1])
    for text in ("Chương I", "NHỮNG QUY ĐỊNH CHUNG"):
        p = paragraphs[lines.index(text)]
        assert p.alignment == WD_ALIGN_PARAGRAPH.CENTER and all(r.bold for r in p.runs)
    article = paragraphs[lines.index("Điều 1. Phạm vi điều chỉnh")]
    assert all(r.bold for r in article.runs)
    body = paragraphs[lines.index("Quy chế này quy định…")]
    assert not any(r.bold for r in body.runs)
    assert "- Gạch đầu dòng" in lines
    # A text issued with a decision has no number line and no date of its own.
    header = "\n".join(texts(doc))
    assert "Số:" not in header and "ngày 03 tháng 12" not in header


def test_format_points_and_percent():
    assert [format_points(v) for v in (90, 90.5, 90.25, "90.00", 0)] == ["90", "90,5", "90,25", "90", "0"]
    assert [format_percent(v) for v in (75, 66.666, 100.0)] == ["75%", "66,7%", "100%"]


def test_missing_signer_names_the_unnamed_blocks():
    spec = sample()
    assert missing_signer(spec) == []
    spec.signers.append(Signer(title="Thư ký"))
    assert missing_signer(spec) == ["Thư ký"]


def test_table_rows_never_split_and_the_header_repeats():
    doc = Document(io.BytesIO(render.build_docx(sample())))
    table = doc.tables[1]
    assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in table.rows)
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert table.rows[1]._tr.trPr.find(qn("w:tblHeader")) is None
