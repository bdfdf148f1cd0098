"""The year's Word documents, read back."""

import io

import pytest
from django.core.exceptions import ValidationError
from docx import Document
from docx.shared import Mm

from thidua.cycles import official
from thidua.cycles.demo import KEY_CONTENTS
from thidua.documents import pdf
from thidua.documents.services import read_bytes
from thidua.organisations.models import BlocYear


def _doc(world, kind, year=2019):
    by = BlocYear.objects.get(bloc__code="KNC", year=year)
    record = official.generate(actor=world.secretary, bloc_year=by, kind=kind)
    return by, record, Document(io.BytesIO(read_bytes(record)))


def _all_text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        for row in t.rows:
            parts.extend(c.text for c in row.cells)
    return "\n".join(parts)


def test_agreement_has_the_key_contents_and_every_member_heads_signature_row(world):
    by, record, doc = _doc(world, "agreement")
    assert record.kind == "cycles.agreement" and record.file_format == "docx"
    text = _all_text(doc)
    assert "GIAO ƯỚC THI ĐUA" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Hòa Bình Xanh, ngày 26 tháng 02 năm 2019" in text or "ngày 26 tháng 02 năm 2019" in text
    for i, content in enumerate(KEY_CONTENTS, start=1):
        assert f"{i}. {content.format(year=2019)}" in text
    table = next(t for t in doc.tables if t.rows[0].cells[1].text == "Đơn vị")
    members = list(by.members.select_related("unit"))
    assert len(table.rows) == len(members) + 1
    for member in members:
        assert any(
            member.head_name in row.cells[2].text and row.cells[1].text == member.unit.name_in_year(2019)
            for row in table.rows[1:]
        )
    assert "Cục Thi hành án dân sự tỉnh" in text  # the 2019 name, not the 2025 rename
    # Decree 30: the ký hiệu of a bản thỏa thuận; the bloc signs with its full name.
    assert "Số:      /TTh-KNC" in text
    assert "TM. KHỐI THI ĐUA CÁC CƠ QUAN NỘI CHÍNH TỈNH" in text and "Nguyễn Văn Thắng" in text
    assert "- Lưu: VT, KNC." in text
    section = doc.sections[0]
    assert Mm(30) <= section.left_margin <= Mm(35)


def test_regulations_carry_the_text_and_the_settings(world):
    _by, _record, doc = _doc(world, "regulations")
    text = _all_text(doc)
    assert "QUY CHẾ\nHoạt động của Khối thi đua các cơ quan Nội chính tỉnh năm 2019" in text
    assert "(Ban hành kèm theo Quyết định số      /QĐ-KNC ngày 26 tháng 02 năm 2019" in text
    assert "Thứ tự phân định khi bằng điểm" in text and "Bỏ phiếu kín" in text
    # "CHƯƠNG I. QUY ĐỊNH CHUNG" typed on one line prints as "Chương I" and its title, centred.
    chapter = next(p for p in doc.paragraphs if p.text == "Chương I")
    title = next(p for p in doc.paragraphs if p.text == "QUY ĐỊNH CHUNG")
    assert chapter.runs[0].bold and title.runs[0].bold and chapter.alignment == 1  # centred
    article = next(p for p in doc.paragraphs if p.text == "Điều 1. Thành phần và nguyên tắc hoạt động")
    assert article.runs[0].bold


def test_regulation_text_without_article_titles(world):
    from thidua.cycles.official import regulation_blocks

    blocks = regulation_blocks(
        "QUY CHẾ\nChương II: Tổ chức\nĐiều 7. Khối họp mỗi năm hai lần vào tháng 6 và tháng 12."
    )
    assert [(b.text, b.style) for b in blocks] == [
        ("Chương II\nTỔ CHỨC", "chapter"),
        ("Điều 7.\nKhối họp mỗi năm hai lần vào tháng 6 và tháng 12.", "article"),
    ]


def test_a_document_without_the_signers_name_is_refused(world):
    by = BlocYear.objects.get(bloc__code="KNC", year=2019)
    by.members.filter(unit=by.effective_leader).update(head_name="")
    with pytest.raises(ValidationError) as exc:
        official.generate(actor=world.secretary, bloc_year=by, kind="regulations")
    assert "Chưa có họ tên người ký" in exc.value.messages[0]


def test_rubric_table_lists_every_item_with_points(world):
    _by, _record, doc = _doc(world, "rubric")
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Mã")
    codes = [row.cells[0].text for row in table.rows[1:]]
    assert codes[:3] == ["I", "1.1", "1.1.a"] and "C1" in codes and "T1" in codes
    points = {row.cells[0].text: row.cells[2].text for row in table.rows[1:]}
    assert points["2.1"] == "20" and points["C1"] == "+10" and points["T1"] == "−10"
    assert table.rows[-1].cells[1].text == "TỔNG ĐIỂM" and table.rows[-1].cells[2].text == "100"


def test_agreement_without_contents_is_refused(world, draft_year):
    with pytest.raises(ValidationError) as exc:
        official.generate(actor=world.secretary, bloc_year=draft_year, kind="agreement")
    assert "chưa có nội dung" in exc.value.messages[0]


def test_download_button_leads_to_the_file(world, client_for):
    client = client_for("officer_b")
    response = client.post("/nam-thi-dua/KNC/2019/van-ban/agreement/")
    assert response.status_code == 302 and response["Location"].startswith("/van-ban/")
    file = client.get(response["Location"])
    assert file.status_code == 200 and file.content[:2] == b"PK"
    assert client_for("editor").get(response["Location"]).status_code == 404


@pytest.mark.pdf
def test_pdf_copy_when_libreoffice_is_installed(world, client_for):
    """With LibreOffice the page offers a PDF (an archive copy: PDF/A)."""
    by = BlocYear.objects.get(bloc__code="KNC", year=2019)
    record = official.generate(actor=world.secretary, bloc_year=by, kind="agreement", pdf=True)
    assert record.file_format == "pdf" and pdf.pdfa_part(read_bytes(record)) == "2"
    response = client_for("officer_a").post("/nam-thi-dua/KNC/2019/van-ban/regulations/", {"format": "pdf"})
    assert response.status_code == 302
    assert client_for("officer_a").get(response["Location"])["Content-Type"] == "application/pdf"


def test_pdf_is_refused_in_vietnamese_when_pdf_output_is_off(world, settings):
    settings.THIDUA_PDF = False  # as without LibreOffice
    by = BlocYear.objects.get(bloc__code="KNC", year=2019)
    with pytest.raises(ValidationError) as exc:
        official.generate(actor=world.secretary, bloc_year=by, kind="agreement", pdf=True)
    assert "LibreOffice" in exc.value.messages[0]
