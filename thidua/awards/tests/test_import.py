"""Award-history import: every row validated, all or nothing, per-row Vietnamese errors."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import OperationalError
from openpyxl import Workbook, load_workbook

from thidua.awards import importer, services
from thidua.awards.choices import ImportStatus
from thidua.awards.models import AwardRecord, ImportJob, Initiative, PerformanceRating, SubjectFlag
from thidua.core import jobs
from thidua.core.jobs import sweep_jobs
from thidua.core.models import AuditEvent

HEADER = "Loại bản ghi,Mã đơn vị,Mã cá nhân,Họ và tên,Năm,Mã khen thưởng,Số quyết định,Ngày quyết định,Cơ quan quyết định,Tính chất,Xếp loại,Tên sáng kiến,Phạm vi,Từ ngày,Đến ngày,Hình thức kỷ luật,Ghi chú"
GOOD = [
    "khen thưởng,TAND,,Lê Thị Mai,2014,bk_tinh_cn,501/QĐ-UBND,15/01/2015,Chủ tịch UBND tỉnh,thường xuyên,,,,,,,",
    "khen thưởng,VKSND,,,2014,ttldxs,502/QĐ-UBND,15/01/2015,Chủ tịch UBND tỉnh,,,,,,,,",
    "xếp loại,TAND,,Lê Thị Mai,2014,,,,,,HTXS,,,,,,",
    "sáng kiến,TAND,,Lê Thị Mai,2014,,12/QĐ-HĐSK,,,,,Ứng dụng chữ ký số,cơ sở,,,,",
    "kỷ luật,VKSND,,Ngô Thị Yến,,,,,,,,,,01/02/2014,01/02/2015,khiển trách,",
    "thanh tra,STP,,,,,,,,,,,,01/10/2026,,,Thanh tra công vụ",
]


def csv_bytes(rows):
    return ("\n".join([HEADER, *rows]) + "\n").encode("utf-8")


def run(world, rows, filename="lich-su.csv", content=None, django_capture_on_commit_callbacks=None):
    job = services.import_job_create(
        actor=world.provincial, filename=filename, content=content or csv_bytes(rows)
    )
    return services.import_job_run(job.pk) if job.status == ImportStatus.PENDING else job


def counts():
    return (
        AwardRecord.objects.count(),
        PerformanceRating.objects.count(),
        Initiative.objects.count(),
        SubjectFlag.objects.count(),
    )


def test_a_good_file_writes_every_row_and_one_audit_record(world):
    before = counts()
    job = run(world, GOOD)
    assert job.status == ImportStatus.SUCCEEDED, job.errors
    assert job.created_count == {"awards": 2, "ratings": 1, "initiatives": 1, "flags": 2}
    after = counts()
    assert [a - b for a, b in zip(after, before, strict=True)] == [2, 1, 1, 2]
    assert AuditEvent.objects.filter(action="award_import.commit", object_id=str(job.pk)).exists()
    record = AwardRecord.objects.get(decision_number="501/QĐ-UBND")
    assert "le thi mai" in record.search_text


def test_one_broken_row_changes_nothing_and_every_broken_row_is_reported(world):
    rows = [
        *GOOD,
        "khen thưởng,XYZ,,,2014,ttldxs,503/QĐ,15/01/2015,,,,,,,,,",  # unknown unit
        "khen thưởng,TAND,,,2014,ttldxs,504/QĐ,31/02/2015,,,,,,,,,",  # bad date
        "khen thưởng,TAND,,,2014,co_vang,505/QĐ,15/01/2015,,,,,,,,,",  # unknown award
        "khen thưởng,VKSND,,,2014,ttldxs,502/QĐ-UBND,15/01/2015,,,,,,,,,",  # duplicate of row 3
        "xếp loại,TAND,,Người Không Có,2014,,,,,,HTT,,,,,,",  # unknown person
    ]
    before = counts()
    job = run(world, rows)
    assert job.status == ImportStatus.FAILED
    assert counts() == before
    by_row = {e["row"]: " ".join(e["messages"]) for e in job.errors}
    assert set(by_row) == {8, 9, 10, 11, 12}
    assert "Không có đơn vị mã “XYZ”" in by_row[8]
    assert "dd/mm/yyyy" in by_row[9]
    assert "co_vang" in by_row[10]
    assert "Trùng quyết định" in by_row[11]
    assert "Người Không Có" in by_row[12]
    assert "không dòng nào được ghi" in job.message


def test_a_decision_already_stored_is_a_duplicate(world):
    assert run(world, GOOD[:1]).status == ImportStatus.SUCCEEDED
    job = run(world, GOOD[:1])
    assert job.status == ImportStatus.FAILED
    assert "Trùng quyết định" in job.errors[0]["messages"][0]


def test_subject_kind_must_match_the_award(world):
    job = run(world, ["khen thưởng,TAND,,,2014,ldtt,9/QĐ,15/01/2015,,,,,,,,,"])
    assert "dành cho cá nhân" in job.errors[0]["messages"][0]


def test_excel_file_and_the_template_itself_import(world):
    """The downloadable template's example rows fit the demo data, so it imports as is."""
    job = run(world, [], filename="mau.xlsx", content=importer.template_workbook())
    assert job.status == ImportStatus.SUCCEEDED, job.errors
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER.split(","))
    ws.append(["xếp loại", "VKSND", "", "Phan Văn Tài", 2014, "", "", "", "", "", "HTT"])
    ws.append(["khen thưởng", "VKSND", "", "Phan Văn Tài", 2014, "ldtt", "1/QĐ", dt.datetime(2014, 12, 20)])
    buf = io.BytesIO()
    wb.save(buf)
    job = run(world, [], filename="x.xlsx", content=buf.getvalue())
    assert job.status == ImportStatus.SUCCEEDED, job.errors
    assert AwardRecord.objects.filter(decision_number="1/QĐ", decision_date=dt.date(2014, 12, 20)).exists()


def test_unreadable_or_wrong_files_are_refused_in_vietnamese(world):
    with pytest.raises(ValidationError) as exc:
        services.import_job_create(actor=world.provincial, filename="a.pdf", content=b"x")
    assert "Excel" in str(exc.value)
    job = run(world, [], filename="a.xlsx", content=b"not a zip")
    assert job.status == ImportStatus.FAILED and "Không đọc được tệp Excel" in job.message
    job = run(world, [], content="Cột lạ\n1\n".encode())
    assert "thiếu cột" in job.message


def test_only_the_office_imports(world):
    with pytest.raises(PermissionDenied):
        services.import_job_create(actor=world.officer_a, filename="a.csv", content=csv_bytes(GOOD))


def test_job_starts_after_commit_and_runs_once(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = services.import_job_create(actor=world.provincial, filename="a.csv", content=csv_bytes(GOOD))
    job.refresh_from_db()
    assert job.status == ImportStatus.SUCCEEDED and job.percent == 100
    again = services.import_job_run(job.pk)
    assert again.created_count == job.created_count
    assert AwardRecord.objects.filter(decision_number="501/QĐ-UBND").count() == 1


def test_a_job_left_running_by_a_dead_worker_is_marked_failed(world):
    job = ImportJob.objects.create(
        created_by=world.admin, filename="a.csv", content=b"x", status=ImportStatus.RUNNING, worker="w-dead"
    )
    alive = ImportJob.objects.create(
        created_by=world.admin, filename="b.csv", content=b"x", status=ImportStatus.RUNNING, worker="w-live"
    )
    assert sweep_jobs(dead_workers={"w-dead"}, live_workers={"w-live"}) == 1
    job.refresh_from_db()
    alive.refresh_from_db()
    assert job.status == ImportStatus.FAILED and job.message == jobs.INTERRUPTED
    assert alive.status == ImportStatus.RUNNING
    assert AuditEvent.objects.filter(action="award_import.interrupted", object_id=str(job.pk)).exists()


def test_a_crash_fails_the_job_and_writes_nothing(world, monkeypatch, django_capture_on_commit_callbacks):
    """An error while writing rolls every row back and fails the job in Vietnamese."""
    before = counts()

    def broken(records):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services.imports, "fill_search_text", broken)
    with django_capture_on_commit_callbacks(execute=True):
        job = services.import_job_create(actor=world.provincial, filename="a.csv", content=csv_bytes(GOOD))
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and job.message == jobs.UNEXPECTED
    assert counts() == before


def test_a_database_outage_while_writing_fails_the_job_and_writes_nothing(world, monkeypatch):
    """The connection drops in the middle of the write: every row rolls back and the job ends
    failed with a Vietnamese message (recorded once the database answers again)."""
    before = counts()

    def outage(records):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(services.imports, "fill_search_text", outage)
    job = services.import_job_create(actor=world.provincial, filename="a.csv", content=csv_bytes(GOOD))
    with pytest.raises(OperationalError):  # raised again: the task result keeps the traceback
        services.import_job_run(job.pk)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and job.message == jobs.DATABASE_LOST
    assert job.message.startswith("Mất kết nối cơ sở dữ liệu") and counts() == before


def test_progress_is_reported_while_validating(world):
    rows = [f"xếp loại,TAND,,Lê Thị Mai,{2000 + (i % 14)},,,,,,HTT,,,,,," for i in range(450)]
    seen = []
    importer.parse(importer.read_rows("a.csv", csv_bytes(rows)), progress=seen.append)
    assert seen[0] == 199 and seen[-1] == 450


def test_template_lists_every_column(world):
    wb = load_workbook(io.BytesIO(importer.template_workbook()))
    header = [c.value for c in wb.worksheets[0][1]]
    assert header == [label for _, label, _ in importer.COLUMNS]
    assert "Hướng dẫn" in wb.sheetnames
