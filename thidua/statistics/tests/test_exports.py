"""The forms in the statutory layout (issue 20 item 3), read back: the Excel workbook (the form's
rows and columns, merged group headers, number, title, reporting and receiving bodies, statistical
period, units) and the Word document (Decree 30 header, landscape table, signature blocks)."""

import io

import pytest
from django.core.exceptions import ValidationError
from docx import Document
from docx.enum.section import WD_ORIENT
from openpyxl import load_workbook

from thidua.core.models import AuditEvent
from thidua.documents.spec import Signer
from thidua.organisations.models import BlocYearMember
from thidua.statistics import exports, services
from thidua.statistics.exports import FIRST, FIRST_DATA_ROW, HEADER_ROW
from thidua.statistics.models import StatisticsExportJob
from thidua.statistics.tables import FORM_CODES, ReportingBody, Row, Warning
from thidua.statistics.tests import fake_engine

pytestmark = pytest.mark.django_db

URL = "/bao-cao-thong-ke/2019/tinh/"


@pytest.fixture(autouse=True)
def fake(monkeypatch):
    fake_engine.use(monkeypatch)
    return fake_engine


def _workbook(data: bytes):
    return load_workbook(io.BytesIO(data))


def test_the_workbook_has_the_forms_layout():
    form = fake_engine.build("0602.N", year=2019, body=fake_engine.TAND)
    ws = _workbook(exports.forms_xlsx([form]))["0602.N"]
    assert ws["A1"].value == "Biểu số 0602.N"
    header = [
        ws.cell(row=r, column=c).value for r in (1, 2) for c in range(1, 8) if ws.cell(row=r, column=c).value
    ]
    assert "Đơn vị báo cáo: Tòa án nhân dân tỉnh" in header
    assert "Đơn vị nhận báo cáo: Sở Nội vụ" in header
    assert "Thông tư số 02/2023/TT-BNV" in header
    assert ws["A3"].value == "KHEN THƯỞNG CẤP NHÀ NƯỚC"
    assert ws["A4"].value == "Kỳ thống kê: Từ ngày 01/12/2018 đến ngày 30/11/2019"
    assert ws["A5"].value == "Đơn vị tính: lượt"
    merged = {str(r) for r in ws.merged_cells.ranges}
    # "STT", "Chỉ tiêu" and the ungrouped "Tổng số" span both header rows; the group spans its two
    # columns; its columns' own labels are on the second row.
    assert {f"A{HEADER_ROW}:A{HEADER_ROW + 1}", f"B{HEADER_ROW}:B{HEADER_ROW + 1}"} <= merged
    assert f"C{HEADER_ROW}:C{HEADER_ROW + 1}" in merged and ws[f"C{HEADER_ROW}"].value == "Tổng số"
    assert f"D{HEADER_ROW}:E{HEADER_ROW}" in merged and ws[f"D{HEADER_ROW}"].value == "Khen thưởng tập thể"
    assert (ws[f"D{HEADER_ROW + 1}"].value, ws[f"E{HEADER_ROW + 1}"].value) == ("Cờ thi đua", "Bằng khen")
    assert (
        ws[f"F{HEADER_ROW}"].value == "Khen thưởng cá nhân"
        and ws[f"F{HEADER_ROW + 1}"].value == "Chiến sĩ thi đua"
    )
    assert [ws.cell(row=HEADER_ROW + 2, column=c).value for c in range(1, 7)] == [
        "A",
        "B",
        "1",
        "2",
        "3",
        "4",
    ]
    # Rows in the form's order with their codes; every cell where the form puts it.
    got = {}
    for i, row in enumerate(form.rows):
        line = FIRST_DATA_ROW + i
        assert ws.cell(row=line, column=1).value == row.code
        assert ws.cell(row=line, column=2).value.strip() == row.label
        for j, column in enumerate(form.columns):
            got[(row.key, column.key)] = ws.cell(row=line, column=FIRST + 1 + j).value or 0
    assert got == {(r.key, c.key): form.value(r.key, c.key) for r in form.rows for c in form.columns}
    assert got[("total", "all")] == 6
    # The sums hold in the file as in the form.
    for r in form.rows:
        assert got[(r.key, "all")] == sum(got[(r.key, c)] for c in ("flag", "bk", "cstd"))
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert "Người lập biểu" in texts and "Thủ trưởng đơn vị" in texts


def test_unclassified_records_and_section_headings_are_printed(fake, monkeypatch):
    monkeypatch.setattr(
        fake, "WARNINGS", [Warning("awards.awardrecord", 7, "QĐ 5/QĐ-UBND", "chưa ghi hình thức")]
    )
    form = fake.build("0603.N", year=2019, body=fake.PROVINCE)
    form.rows.insert(1, Row("h", "Chia theo phương thức", code="I", heading=True))
    form.cells[("h", "all")] = 99  # a heading never holds values, even by mistake
    ws = _workbook(exports.forms_xlsx([form]))["0603.N"]
    assert ws.cell(row=FIRST_DATA_ROW + 1, column=2).value.strip() == "Chia theo phương thức"
    assert ws.cell(row=FIRST_DATA_ROW + 1, column=FIRST + 1).value is None
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert "Bản ghi chưa phân loại được (1):" in texts
    assert "QĐ 5/QĐ-UBND: chưa ghi hình thức" in texts


def test_the_word_document_has_the_form_header_and_a_landscape_table():
    form = fake_engine.build("0601.N", year=2019, body=fake_engine.PROVINCE)
    doc = Document(
        io.BytesIO(exports.form_docx(form, Signer(title="Giám đốc", name="Nguyễn Văn A"), "Trần Thị B"))
    )
    assert doc.sections[0].orientation == WD_ORIENT.LANDSCAPE
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "Biểu số 0601.N" in text
    assert "SỐ PHONG TRÀO THI ĐUA" in text
    assert "Kỳ thống kê: Từ ngày 01/12/2018 đến ngày 30/11/2019" in text
    assert "Đơn vị báo cáo: Ủy ban nhân dân tỉnh Hòa Bình Xanh" in text
    assert "Đơn vị nhận báo cáo: Bộ Nội vụ" in text
    assert cells[0].startswith("ỦY BAN NHÂN DÂN TỈNH HÒA BÌNH XANH")  # the issuer block (Decree 30)
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "STT")
    # Two header rows as printed: each group merged across its columns, "STT", "Chỉ tiêu" and an
    # ungrouped column merged down both rows (a merged cell reads the same in every grid column).
    top, labels = table.rows[0].cells, table.rows[1].cells
    assert [c.text for c in top] == [
        "STT",
        "Chỉ tiêu",
        "Tổng số",
        "Khen thưởng tập thể",
        "Khen thưởng tập thể",
        "Khen thưởng cá nhân",
    ]
    assert top[3]._tc is top[4]._tc and top[4]._tc is not top[5]._tc
    assert [c.text for c in labels] == [
        "STT",
        "Chỉ tiêu",
        "Tổng số",
        "Cờ thi đua",
        "Bằng khen",
        "Chiến sĩ thi đua",
    ]
    assert labels[0]._tc.tcPr.vMerge is not None and labels[3]._tc.tcPr.vMerge is None
    assert [c.text for c in table.rows[2].cells] == ["1", "Tổng số", "6", "2", "3", "1"]
    assert [c.text for c in table.rows[4].cells][3:] == ["", "", "1"]
    signatures = doc.tables[-1].rows[0].cells
    assert signatures[0].text.startswith("NGƯỜI LẬP BIỂU") and "Trần Thị B" in signatures[0].text
    assert signatures[1].text.startswith("GIÁM ĐỐC") and "Nguyễn Văn A" in signatures[1].text


def test_the_head_of_the_reporting_body_signs_its_report(world):
    tand = exports.head_of(fake_engine.TAND, 2019)
    assert tand.name  # the demo records TAND's head on its bloc membership
    # The province reports through Sở Nội vụ: its director signs.
    province = exports.head_of(ReportingBody(name="Sở Nội vụ tỉnh Hòa Bình Xanh"), 2019)
    snv = (
        BlocYearMember.objects.filter(unit__code="SNV", year__lte=2019)
        .exclude(head_name="")
        .order_by("-year")
    )
    assert province.name == snv.first().head_name
    # Unknown: the name is left for the hand signature.
    assert exports.head_of(fake_engine.PROVINCE, 2019) == Signer(title="Thủ trưởng đơn vị")


def test_the_pages_exports_a_sent_version_as_sent(world, client_for, fake):
    client = client_for("provincial")
    client.post(URL + "chot/")
    fake.VALUES[("a", "flag")] = 4
    sent = client.get(URL + "xuat/?dinh-dang=xlsx&mau=tat-ca")
    assert sent.status_code == 200 and sent["Content-Type"] == exports.XLSX
    assert 'filename="bao-cao-thong-ke-2019-tinh.xlsx"' in sent["Content-Disposition"]
    wb = _workbook(sent.content)
    assert wb.sheetnames == list(FORM_CODES)
    assert wb["0601.N"].cell(row=FIRST_DATA_ROW, column=FIRST + 1).value == 6  # as sent
    today = _workbook(client.get(URL + "xuat/?dinh-dang=xlsx&mau=0601&phien-ban=hien-tai").content)
    assert today.sheetnames == ["0601.N"]
    assert today["0601.N"].cell(row=FIRST_DATA_ROW, column=FIRST + 1).value == 8
    word = client.get(URL + "xuat/?dinh-dang=docx&mau=0602")
    assert word.status_code == 200 and word["Content-Type"] == exports.DOCX
    assert client.get(URL + "xuat/?dinh-dang=docx&mau=tat-ca").status_code == 404
    assert client.get(URL + "xuat/?dinh-dang=odt").status_code == 404
    assert client.get(URL + "xuat/?dinh-dang=xlsx&phien-ban=9").status_code == 404
    assert client_for("officer_a").get(URL + "xuat/?dinh-dang=xlsx").status_code == 404


def test_without_libreoffice_the_pdf_link_says_so(world, client_for, settings):
    settings.THIDUA_PDF = False
    response = client_for("provincial").get(URL + "xuat/?dinh-dang=pdf&mau=0601", follow=True)
    assert "chưa cài LibreOffice" in response.content.decode()


@pytest.mark.pdf
def test_the_pdf_is_made_from_the_word_document(world, client_for):
    response = client_for("provincial").get(URL + "xuat/?dinh-dang=pdf&mau=0601")
    assert response.status_code == 200 and response["Content-Type"] == exports.PDF
    assert response.content.startswith(b"%PDF")


def test_a_large_province_exports_by_a_background_job(
    world, client_for, settings, django_capture_on_commit_callbacks
):
    settings.THIDUA_STATISTICS_INLINE_RECORDS = -1  # every period counts as large
    client = client_for("provincial")
    page = client.get(URL).content.decode()
    assert 'id="export-job-xlsx-all"' in page and 'id="export-all"' not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL + "xuat/chay-nen/", {"dinh_dang": "xlsx", "mau": "tat-ca"})
    assert response.status_code == 302
    job = StatisticsExportJob.objects.get()
    assert response["Location"] == f"/bao-cao-thong-ke/xuat/{job.uid}/"
    assert (job.status, job.done, job.total, job.file_name) == (
        "succeeded",
        6,
        6,
        "bao-cao-thong-ke-2019-tinh.xlsx",
    )
    progress = client.get(f"/bao-cao-thong-ke/xuat/{job.uid}/tien-do/").content.decode()
    assert "Đã tạo tệp bao-cao-thong-ke-2019-tinh.xlsx." in progress and "hx-get" not in progress
    book = client.get(f"/bao-cao-thong-ke/xuat/{job.uid}/tai/")
    assert book.status_code == 200 and book["Content-Type"] == exports.XLSX
    assert _workbook(book.content).sheetnames == list(FORM_CODES)
    assert AuditEvent.objects.filter(action="statistics_export.finish", object_id=str(job.pk)).exists()
    # Only those who see the province's report see its export.
    assert client_for("officer_a").get(f"/bao-cao-thong-ke/xuat/{job.uid}/").status_code == 404
    assert client_for("officer_a").get(f"/bao-cao-thong-ke/xuat/{job.uid}/tai/").status_code == 404


def test_an_export_job_refuses_bad_input_and_a_pending_job_shows_its_progress(world, client_for, settings):
    office = world.provincial
    with pytest.raises(ValidationError, match="hãy chọn một biểu"):
        services.export_job_start(actor=office, year=2019, body=fake_engine.PROVINCE, file_format="docx")
    with pytest.raises(ValidationError, match="Chỉ xuất được"):
        services.export_job_start(actor=office, year=2019, body=fake_engine.PROVINCE, file_format="odt")
    assert not StatisticsExportJob.objects.exists()
    job = services.export_job_start(
        actor=office, year=2019, body=fake_engine.PROVINCE, file_format="docx", form_code="0602.N"
    )  # not run: its task is queued on commit
    page = client_for("provincial").get(f"/bao-cao-thong-ke/xuat/{job.uid}/").content.decode()
    assert "Đang chờ xử lý… 0/2 bước" in page and 'hx-trigger="every 1s"' in page
    assert client_for("provincial").get(f"/bao-cao-thong-ke/xuat/{job.uid}/tai/").status_code == 404
