"""Excel import of a bloc year's proposals: a good list creates every proposal in one go; one
bad row (or a bad file) creates nothing and the row is reported in Vietnamese; progress is
polled; only who may create the bloc year's proposals may import them."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook, load_workbook

from thidua.core import jobs
from thidua.core.jobs import sweep_jobs
from thidua.core.models import AuditEvent
from thidua.organisations.bloc_settings import get_settings
from thidua.organisations.models import BlocYear, Person
from thidua.proposals import importer, services
from thidua.proposals.models import Proposal, ProposalImportJob, Transition

pytestmark = pytest.mark.django_db

PAGE = "/de-nghi/khoi/KNC/2019/nhap-excel/"
API = "/api/v1/proposal-years/KNC/2019/imports"
HEADER = [label for _, label, _ in importer.COLUMNS]
REPORT = "Hoàn thành xuất sắc nhiệm vụ năm 2019; dẫn đầu phong trào cải cách tư pháp."
GOOD = [
    [1, "tập thể", "TAND", "", "bk_tinh_tt", 7, 8, REPORT, "Đơn vị đề nghị"],
    [2, "Tập thể", "vksnd", "", "Bằng khen của Chủ tịch UBND tỉnh", None, None, REPORT, ""],
    [3, "cá nhân", "TAND", "le thi mai", "bk_tinh_cn", "8", "8", REPORT, ""],
    [4, "cá nhân", "THADS", "Trần Văn Bình", "GIAY_KHEN_CN", None, None, REPORT, ""],
    [5, "CÁ NHÂN", "SNV", "TRỊNH THỊ ĐÀO", "bằng khen của chủ tịch ubnd tỉnh", None, None, REPORT, ""],
]


def xlsx(rows, header=HEADER) -> bytes:
    wb = Workbook()
    ws = wb.active
    if header:
        ws.append(header)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.fixture
def by(undecided_2019):
    return BlocYear.objects.select_related("bloc").get(bloc__code="KNC", year=2019)


@pytest.fixture
def run(by, undecided_2019, django_capture_on_commit_callbacks):
    """run(rows) -> the finished job of a list uploaded by the bloc secretary."""

    def do(rows=None, *, content=None, filename="danh-sach.xlsx", actor=None):
        with django_capture_on_commit_callbacks(execute=True):
            job = importer.proposal_import_create(
                actor=actor or undecided_2019.secretary,
                bloc_year=by,
                filename=filename,
                content=content if content is not None else xlsx(rows),
            )
        return ProposalImportJob.objects.get(pk=job.pk)

    return do


def messages_of(job, row: int) -> str:
    return " ".join(m for e in job.errors if e["row"] == row for m in e["messages"])


# A good list -------------------------------------------------------------------------------------


def test_a_good_list_creates_every_proposal_with_its_report_vote_and_note(run, by, new_audit):
    """Codes and names match without case or diacritics; each proposal is a draft with the
    report from the file, the vote, the note on its timeline and one audit record."""
    job = run(GOOD)
    assert job.status == "succeeded", job.errors
    assert job.created_count == 5 and job.done == job.total == 5 and job.percent == 100
    assert "Đã tạo 5 đề nghị" in job.message
    made = Proposal.objects.filter(bloc_year=by).with_related()
    assert made.count() == 5 and {str(p.uuid) for p in made} == set(job.created_proposals)
    tand = made.get(unit__code="TAND")
    assert tand.award.code == "bk_tinh_tt" and (tand.vote_yes, tand.vote_base) == (7, 8)
    assert tand.achievement_report == REPORT and tand.status == "draft" and tand.eligible
    first = Transition.objects.get(proposal=tand)
    assert "Nhập từ tệp Excel “danh-sach.xlsx”, dòng 2" in first.reason and "Đơn vị đề nghị" in first.reason
    assert made.get(unit__code="VKSND").award.code == "bk_tinh_tt"
    assert made.get(person__full_name="Lê Thị Mai").award.code == "bk_tinh_cn"
    assert made.get(person__full_name="Trịnh Thị Đào").award.code == "bk_tinh_cn"
    assert made.get(person__full_name="Trần Văn Bình").award.code == "giay_khen_cn"
    assert new_audit().filter(action="proposal.create").count() == 5
    assert new_audit().filter(action="proposal_import.commit").count() == 1
    assert new_audit().filter(action="proposal_import.create").count() == 1


def test_the_downloaded_template_filled_in_imports(by, undecided_2019, client_for, run):
    """The template lists the catalogue and the year's units; filled in, it imports as it is."""
    response = client_for("secretary").get(f"{PAGE}mau.xlsx")
    assert response.status_code == 200 and response["Content-Type"] == importer.XLSX
    assert "mau-danh-sach-de-nghi-knc-2019.xlsx" in response["Content-Disposition"]
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames[:2] == ["Danh sách đề nghị", "Danh mục"]
    ws = wb["Danh sách đề nghị"]
    assert [c.value for c in ws[1]] == HEADER and ws.max_row == 1
    lists = wb["Danh mục"]
    codes = {r[0] for r in lists.iter_rows(min_row=2, values_only=True)}
    units = {r[4] for r in lists.iter_rows(min_row=2, values_only=True)}
    assert {"bk_tinh_cn", "bk_tinh_tt", "co_tinh", "ldtt"} <= codes
    assert units - {None} == set(by.members.values_list("unit__code", flat=True))
    assert ("TAND", "Lê Thị Mai") in {r[:2] for r in wb["Cá nhân"].iter_rows(values_only=True)}
    for row in GOOD[:2]:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    job = run(content=buf.getvalue(), filename="mau-da-dien.xlsx")
    assert job.status == "succeeded" and job.created_count == 2


def test_blank_rows_are_skipped_and_errors_keep_the_excel_row_number(run):
    job = run([GOOD[0], [6], [None], [7, "cá nhân", "TAND", "Không Có Ai", "bk_tinh_cn", "", "", REPORT]])
    assert job.status == "failed" and [e["row"] for e in job.errors] == [5]
    assert "Đơn vị TAND không có cá nhân “Không Có Ai”" in messages_of(job, 5)


# One bad row changes nothing ------------------------------------------------------------------------


BAD_ROWS = {
    "unknown unit": (
        [6, "tập thể", "XYZ", "", "bk_tinh_tt", "", "", REPORT],
        "Không có đơn vị mã “XYZ”",
    ),
    "unknown award": (
        [6, "tập thể", "STP", "", "bang khen cua ai do", "", "", REPORT],
        "Không có hình thức khen thưởng “bang khen cua ai do” trong danh mục",
    ),
    "ineligible subject": (
        [6, "cá nhân", "TAND", "Đặng Quang Huy", "bk_tinh_cn", "", "", REPORT],
        "Đặng Quang Huy chưa đủ tiêu chuẩn Bằng khen của Chủ tịch UBND tỉnh (cá nhân)",
    ),
    "missing report": (
        [6, "tập thể", "STP", "", "bk_tinh_tt", 6, 8, ""],
        "Thiếu thành tích tóm tắt",
    ),
    "award for the other kind": (
        [6, "cá nhân", "TAND", "Đặng Quang Huy", "co_tinh", "", "", REPORT],
        "dành cho tập thể, không dành cho cá nhân",
    ),
    "vote figures": (
        [6, "tập thể", "STP", "", "bk_tinh_tt", 9, 8, REPORT],
        "Số phiếu tán thành phải từ 0 đến tổng số phiếu",
    ),
    "half a vote": (
        [6, "tập thể", "STP", "", "bk_tinh_tt", 6, "", REPORT],
        "Nhập cả số phiếu tán thành và tổng số phiếu",
    ),
    "not a number": (
        [6, "tập thể", "STP", "", "bk_tinh_tt", "bảy", 8, REPORT],
        "“Số phiếu đồng ý” phải là số nguyên",
    ),
    "kind missing": (
        [6, "", "STP", "", "bk_tinh_tt", "", "", REPORT],
        "Thiếu loại (tập thể hoặc cá nhân)",
    ),
    "person without a name": (
        [6, "cá nhân", "STP", "", "bk_tinh_cn", "", "", REPORT],
        "Dòng cá nhân cần họ và tên",
    ),
    "duplicate inside the file": (
        GOOD[2],
        "Trùng với dòng 4: cùng đối tượng",
    ),
}


@pytest.mark.parametrize("case", BAD_ROWS, ids=list(BAD_ROWS))
def test_one_bad_row_creates_nothing_and_is_reported_in_vietnamese(run, case, new_audit):
    row, message = BAD_ROWS[case]
    job = run([*GOOD, row])
    assert job.status == "failed" and Proposal.objects.count() == 0
    assert [e["row"] for e in job.errors] == [7], job.errors
    assert message in messages_of(job, 7), job.errors
    assert "chưa đề nghị nào được tạo" in job.message and "1/6 dòng lỗi" in job.message
    assert not new_audit().filter(action__in=["proposal.create", "proposal_import.commit"]).exists()


def test_the_eligibility_error_names_the_failed_criteria_and_their_articles(run):
    job = run([[1, "cá nhân", "TAND", "Đặng Quang Huy", "bk_tinh_cn", "", "", REPORT]])
    text = messages_of(job, 2)
    assert "chưa đủ tiêu chuẩn" in text and "Điều" in text and " — " in text


def test_a_subject_already_proposed_is_a_duplicate(run, by, undecided_2019):
    from thidua.awards.models import Award

    services.proposal_create(
        actor=undecided_2019.secretary,
        bloc_year=by,
        award=Award.objects.get(code="bk_tinh_cn"),
        person=Person.objects.get(full_name="Lê Thị Mai"),
    )
    job = run(GOOD)
    assert job.status == "failed" and Proposal.objects.count() == 1
    assert "Đã có đề nghị Bằng khen của Chủ tịch UBND tỉnh (cá nhân) năm 2019" in messages_of(job, 4)


def test_the_quota_counts_the_rows_above_in_the_file(run, by, undecided_2019):
    """The bloc allows one provincial flag: the second flag row of the file is beyond it."""
    from thidua.cycles.services.setup import settings_update

    settings_update(
        actor=undecided_2019.admin, bloc_year=by, data={**get_settings(by).to_json(), "provincial_flags": 1}
    )
    job = run(
        [
            [1, "tập thể", "THADS", "", "co_tinh", 7, 8, REPORT],
            [2, "tập thể", "TAND", "", "co_tinh", 6, 8, REPORT],
        ]
    )
    assert job.status == "failed" and Proposal.objects.count() == 0
    assert [e["row"] for e in job.errors] == [3]
    assert "Vượt chỉ tiêu Cờ thi đua của UBND tỉnh: tối đa 1, đã có 0 đề nghị và 1 dòng phía trên" in (
        messages_of(job, 3)
    )


def test_a_unit_outside_the_bloc_year_and_an_ambiguous_name_are_refused(run, by):
    other = BlocYear.objects.get(bloc__code="KKT", year=2026).members.first().unit
    mai = Person.objects.get(full_name="Lê Thị Mai")
    Person.objects.create(full_name="Lê Thị  MAI", gender=mai.gender, unit=mai.unit)
    job = run(
        [
            [1, "tập thể", other.code, "", "bk_tinh_tt", "", "", REPORT],
            [2, "cá nhân", "TAND", "Lê Thị Mai", "bk_tinh_cn", "", "", REPORT],
        ]
    )
    assert "Đơn vị không là thành viên Khối thi đua các cơ quan Nội chính tỉnh năm 2019" in messages_of(
        job, 2
    )
    assert "Đơn vị TAND có 2 người tên “Lê Thị Mai”" in messages_of(job, 3)
    assert Proposal.objects.count() == 0


def test_a_title_above_the_header_is_allowed_and_too_many_rows_are_refused(run, monkeypatch):
    titled = xlsx([["DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM 2019"], [], HEADER, *GOOD[:2]], header=None)
    assert run(content=titled).created_count == 2
    monkeypatch.setattr(importer, "MAX_ROWS", 2)
    job = run(GOOD)
    assert job.status == "failed" and "Tệp có hơn 2 dòng đề nghị" in job.message


# Bad files ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("danh-sach.csv", b"loai;ma don vi\n", "Chỉ nhận tệp Excel (.xlsx)"),
        ("danh-sach.xls", b"\xd0\xcf\x11\xe0 old excel", "Chỉ nhận tệp Excel (.xlsx)"),
        ("danh-sach.xlsx", b"", "Tệp rỗng"),
        ("danh-sach.xlsx", b"%PDF-1.4 not a sheet", "Tệp không phải Excel .xlsx"),
    ],
)
def test_a_wrong_or_empty_file_is_refused_before_any_job(by, undecided_2019, filename, content, message):
    with pytest.raises(ValidationError) as exc:
        importer.proposal_import_create(
            actor=undecided_2019.secretary, bloc_year=by, filename=filename, content=content
        )
    assert message in exc.value.message_dict["file"][0]
    assert not ProposalImportJob.objects.exists() and not Proposal.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (xlsx([]), "Tệp không có dòng đề nghị nào"),
        (xlsx([], header=None), "Không tìm thấy dòng tiêu đề"),
        (xlsx([["x", "tập thể"]], header=["STT", "Loại"]), "Dòng tiêu đề thiếu cột: Mã đơn vị"),
        (b"PK\x03\x04 broken zip", "Không đọc được tệp Excel"),
    ],
    ids=["header only", "no header", "missing columns", "broken"],
)
def test_an_empty_or_unreadable_sheet_fails_the_job_with_a_message(run, content, message):
    job = run(content=content)
    assert job.status == "failed" and message in job.message and job.errors == []
    assert not Proposal.objects.exists()


# Jobs: once, progress, stale, rights ---------------------------------------------------------------------


def test_a_second_upload_while_one_is_unfinished_is_refused(by, undecided_2019):
    importer.proposal_import_create(
        actor=undecided_2019.secretary, bloc_year=by, filename="a.xlsx", content=xlsx(GOOD)
    )
    with pytest.raises(ValidationError) as exc:
        importer.proposal_import_create(
            actor=undecided_2019.secretary, bloc_year=by, filename="a.xlsx", content=xlsx(GOOD)
        )
    assert "Đang có một danh sách của khối năm này chờ kiểm tra" in str(exc.value)
    assert ProposalImportJob.objects.count() == 1


def test_a_job_runs_once(run, by):
    job = run(GOOD)
    again = importer.proposal_import_run(job.pk)
    assert again.status == "succeeded" and Proposal.objects.count() == 5


def test_a_job_left_running_by_a_dead_worker_is_marked_failed(by, undecided_2019):
    job = importer.proposal_import_create(
        actor=undecided_2019.secretary, bloc_year=by, filename="a.xlsx", content=xlsx(GOOD)
    )
    ProposalImportJob.objects.filter(pk=job.pk).update(status="running", worker="w-dead", task_id="t")
    assert sweep_jobs(dead_workers={"w-dead"}, live_workers=set()) == 1
    job.refresh_from_db()
    assert job.status == "failed" and job.message == "Tiến trình xử lý bị dừng đột ngột; hãy chạy lại."
    assert AuditEvent.objects.filter(action="proposal_import.interrupted", object_id=str(job.pk)).exists()
    # The bloc year may import again.
    importer.proposal_import_create(
        actor=undecided_2019.secretary, bloc_year=by, filename="a.xlsx", content=xlsx(GOOD)
    )


def test_progress_is_reported_while_checking(by, undecided_2019, monkeypatch):
    seen = []
    monkeypatch.setattr(importer, "PROGRESS_EVERY", 2)
    real = jobs.progress

    def spy(job, **fields):
        if "done" in fields:
            seen.append(fields["done"])
        real(job, **fields)

    monkeypatch.setattr(jobs, "progress", spy)
    job = importer.proposal_import_create(
        actor=undecided_2019.secretary, bloc_year=by, filename="a.xlsx", content=xlsx(GOOD)
    )
    importer.proposal_import_run(job.pk)
    assert seen == [2, 4, 5]


def test_only_who_creates_the_years_proposals_may_import(by, undecided_2019):
    with pytest.raises(PermissionDenied):
        importer.proposal_import_create(
            actor=undecided_2019.officer_a, bloc_year=by, filename="a.xlsx", content=xlsx(GOOD)
        )
    assert not ProposalImportJob.objects.exists()


def _other_bloc_officer():
    from thidua.accounts.choices import Role
    from thidua.accounts.models import RoleGrant, User

    unit = BlocYear.objects.get(bloc__code="KKT", year=2026).members.first().unit
    user = User.objects.create_user(username="canbokhac", password="x", unit=unit)
    RoleGrant.objects.create(user=user, role=Role.UNIT_OFFICER)
    client = Client()
    client.force_login(user)
    return client


def test_a_unit_officer_of_another_bloc_gets_404_everywhere(run, client_for):
    job = run(GOOD)
    client = _other_bloc_officer()
    for url in (PAGE, f"{PAGE}mau.xlsx", f"{PAGE}{job.uid}/", f"{PAGE}{job.uid}/tien-do/"):
        assert client.get(url).status_code == 404, url
    assert client.post(PAGE, {"file": SimpleUploadedFile("a.xlsx", xlsx(GOOD))}).status_code == 404
    for url in (f"{API}/template", API, f"{API}/{job.uid}"):
        assert client.get(url).status_code == 404, url
    assert client.post(API, {"file": SimpleUploadedFile("a.xlsx", xlsx(GOOD))}).status_code == 404
    assert ProposalImportJob.objects.count() == 1
    # A member officer of the bloc sees the bloc year but may not import: 404 on pages, 403 in the API.
    officer = client_for("officer_a")
    assert officer.get(PAGE).status_code == 404
    assert officer.get(f"{API}/{job.uid}").status_code == 403


def test_a_job_of_another_bloc_year_is_not_found_under_this_one(run, client_for):
    job = run(GOOD)
    office = client_for("provincial")
    assert office.get(f"{PAGE}{job.uid}/").status_code == 200
    assert office.get(f"/de-nghi/khoi/KNC/2026/nhap-excel/{job.uid}/").status_code == 404
    assert office.get(f"/api/v1/proposal-years/KNC/2026/imports/{job.uid}").status_code == 404


# Pages -------------------------------------------------------------------------------------------------


def test_the_page_uploads_shows_progress_then_the_row_errors(
    by, undecided_2019, client_for, django_capture_on_commit_callbacks
):
    client = client_for("secretary")
    page = client.get("/de-nghi/khoi/KNC/2019/")
    assert "Nhập danh sách từ Excel" in page.content.decode() and PAGE in page.content.decode()
    bad = [*GOOD, [6, "tập thể", "XYZ", "", "bk_tinh_tt", "", "", REPORT]]
    response = client.post(PAGE, {"file": SimpleUploadedFile("ds.xlsx", xlsx(bad))})
    job = ProposalImportJob.objects.select_related("bloc_year__bloc").get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    pending = client.get(f"{PAGE}{job.uid}/tien-do/").content.decode()
    assert "hx-get" in pending and "Đang chờ kiểm tra" in pending
    importer.proposal_import_run(job.pk)
    html = client.get(job.get_absolute_url()).content.decode()
    assert "hx-get" not in html and 'id="import-errors"' in html
    assert "Không có đơn vị mã “XYZ”" in html and "chưa đề nghị nào được tạo" in html
    listing = client.get(PAGE).content.decode()
    assert "ds.xlsx" in listing and "1 dòng lỗi" in listing
    assert Proposal.objects.count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(PAGE, {"file": SimpleUploadedFile("ds2.xlsx", xlsx(GOOD))})
    done = client.get(response["Location"]).content.decode()
    assert "Đã tạo 5 đề nghị" in done and Proposal.objects.count() == 5


def test_the_page_refuses_a_wrong_file_in_vietnamese(by, client_for):
    response = client_for("secretary").post(PAGE, {"file": SimpleUploadedFile("ds.csv", b"a;b\n1;2\n")})
    assert response.status_code == 200
    assert "Chỉ nhận tệp Excel (.xlsx)" in response.content.decode()
    assert not ProposalImportJob.objects.exists()


# API ---------------------------------------------------------------------------------------------------


def test_the_api_uploads_and_reports_the_job(by, client_for, django_capture_on_commit_callbacks):
    client = client_for("secretary")
    template = client.get(f"{API}/template")
    assert template.status_code == 200 and template.content[:2] == b"PK"
    bad = [*GOOD, [6, "tập thể", "STP", "", "bk_tinh_tt", 6, 8, ""]]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(API, {"file": SimpleUploadedFile("ds.xlsx", xlsx(bad))})
    assert response.status_code == 202, response.content
    body = response.json()
    assert body["status"] == "pending" and body["bloc"] == "KNC" and body["year"] == 2019
    detail = client.get(f"{API}/{body['uid']}").json()
    assert detail["status"] == "failed" and detail["errors"][0]["row"] == 7
    assert "Thiếu thành tích tóm tắt" in detail["errors"][0]["messages"][0]
    with django_capture_on_commit_callbacks(execute=True):
        ok = client.post(API, {"file": SimpleUploadedFile("ds.xlsx", xlsx(GOOD))}).json()
    detail = client.get(f"{API}/{ok['uid']}").json()
    assert detail["status"] == "succeeded" and detail["created_count"] == 5 and detail["percent"] == 100
    assert set(detail["created_proposals"]) == {str(p.uuid) for p in Proposal.objects.all()}
    assert [j["uid"] for j in client.get(API).json()] == [ok["uid"], body["uid"]]


def test_the_api_answers_bad_input_with_422_in_vietnamese(by, client_for):
    client = client_for("secretary")
    wrong = client.post(API, {"file": SimpleUploadedFile("ds.ods", b"PK\x03\x04")})
    assert wrong.status_code == 422 and "Chỉ nhận tệp Excel (.xlsx)" in wrong.json()["detail"]
    missing = client.post(API, {})
    assert missing.status_code == 422 and missing.json()["errors"]["file"]
    assert (
        client_for("officer_a").post(API, {"file": SimpleUploadedFile("a.xlsx", xlsx(GOOD))}).status_code
        == 403
    )
    assert not ProposalImportJob.objects.exists()


def test_the_api_operations_are_in_the_openapi_schema():
    from config.api import api

    paths = api.get_openapi_schema()["paths"]
    assert set(paths["/api/v1/proposal-years/{code}/{year}/imports"]) == {"get", "post"}
    assert (
        "multipart/form-data"
        in paths["/api/v1/proposal-years/{code}/{year}/imports"]["post"]["requestBody"]["content"]
    )
    assert "/api/v1/proposal-years/{code}/{year}/imports/{uid}" in paths
    assert "/api/v1/proposal-years/{code}/{year}/imports/template" in paths


# Browser ------------------------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_browser_a_bloc_secretary_imports_a_list(undecided_2019, page, login, tmp_path):
    """From the bloc year's page: a list with a bad row is refused row by row; the corrected list
    is checked by its task (run at once by the test settings' ImmediateBackend) and creates every
    proposal."""
    page.set_default_timeout(60000)  # the check runs in the request on a busy machine
    login("thuky2019")
    page.goto("/de-nghi/khoi/KNC/2019/")
    page.click("#import-excel")
    page.wait_for_url(f"**{PAGE}")
    page.shot("proposals-import-00-page")
    bad = tmp_path / "co-loi.xlsx"
    bad.write_bytes(xlsx([*GOOD, [6, "tập thể", "XYZ", "", "bk_tinh_tt", "", "", REPORT]]))
    page.set_input_files("input[name=file]", str(bad))
    page.click("#import-submit")
    page.wait_for_selector("#import-errors")
    assert "Không có đơn vị mã “XYZ”" in page.locator("#import-errors").inner_text()
    assert "7" in page.locator("#import-errors tbody tr").first.inner_text()
    page.shot("proposals-import-01-refused")
    assert Proposal.objects.count() == 0

    page.click("text=Nhập tệp khác")
    good = tmp_path / "dung.xlsx"
    good.write_bytes(xlsx(GOOD))
    page.set_input_files("input[name=file]", str(good))
    page.click("#import-submit")
    page.wait_for_selector("#import-progress .progress, #import-progress .alert-success")
    page.wait_for_selector("#import-progress .alert-success")
    assert "Đã tạo 5 đề nghị" in page.locator("#import-progress").inner_text()
    page.shot("proposals-import-02-done")
    page.click("#import-progress >> text=Xem các đề nghị")
    page.wait_for_url("**/de-nghi/khoi/KNC/2019/")
    assert "Lê Thị Mai" in page.locator("#year-proposals").inner_text()
    assert Proposal.objects.count() == 5
