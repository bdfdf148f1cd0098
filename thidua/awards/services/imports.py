"""Award-history import as a background task that needs no extra server.

``import_job_create`` stores the upload as an ``ImportJob`` and, once that transaction commits,
starts a worker thread in the web process. The worker validates every row (updating progress
and a heartbeat), then either writes all rows in one transaction or writes nothing and keeps a
per-row Vietnamese error report. ``recover_stale_jobs`` marks a job whose heartbeat stopped (the
process died) as failed; views call it before showing jobs, so a crash never leaves a job
"running" forever. Setting ``AWARDS_IMPORT_INLINE = True`` runs the worker in the caller's
thread (tests)."""

import datetime as dt
import logging

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from thidua.awards import importer
from thidua.awards.choices import ImportStatus
from thidua.awards.models import AwardRecord, ImportJob, Initiative, PerformanceRating, SubjectFlag
from thidua.awards.permissions import can_import_history
from thidua.core.audit import audit
from thidua.core.background import start_worker
from thidua.core.errors import field_error

log = logging.getLogger(__name__)
MAX_BYTES = 20 * 1024 * 1024
STALE_AFTER = dt.timedelta(minutes=2)
INTERRUPTED = (
    "Quá trình nhập bị gián đoạn (máy chủ khởi động lại hoặc gặp lỗi); không có bản ghi nào được ghi. "
    "Hãy tải tệp lên lại."
)


def import_job_create(*, actor, filename: str, content: bytes) -> ImportJob:
    if not can_import_history(actor):
        raise PermissionDenied(
            "Chỉ Phòng Thi đua – Khen thưởng hoặc quản trị hệ thống được nhập lịch sử khen thưởng."
        )
    name = (filename or "").strip()
    if not name.lower().endswith((".xlsx", ".csv")):
        raise field_error("file", "Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv).")
    if not content:
        raise field_error("file", "Tệp rỗng.")
    if len(content) > MAX_BYTES:
        raise field_error("file", "Tệp lớn hơn 20 MB: hãy chia thành nhiều tệp.")
    recover_stale_jobs()
    with transaction.atomic():
        job = ImportJob.objects.create(
            created_by=actor, filename=name[:255], content=content, phase="Đang chờ xử lý"
        )
        audit(
            actor=actor,
            action="award_import.create",
            obj=job,
            after={"filename": job.filename, "bytes": len(content)},
        )
        transaction.on_commit(lambda: _start(job.pk))
    return job


def _start(job_id: int) -> None:
    start_worker(
        run=lambda: import_job_run(job_id),
        on_crash=lambda: ImportJob.objects.filter(
            pk=job_id, status__in=[ImportStatus.PENDING, ImportStatus.RUNNING]
        ).update(status=ImportStatus.FAILED, message=INTERRUPTED, finished_at=timezone.now()),
        name=f"award-import-{job_id}",
        inline_setting="AWARDS_IMPORT_INLINE",
    )


def _update(job_id: int, **fields) -> None:
    ImportJob.objects.filter(pk=job_id).update(heartbeat_at=timezone.now(), **fields)


def import_job_run(job_id: int) -> ImportJob:
    """Validate and write one job (the worker's body). Safe to call once per job."""
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportStatus.PENDING).update(
        status=ImportStatus.RUNNING, heartbeat_at=timezone.now(), phase="Đang đọc tệp"
    )
    job = ImportJob.objects.get(pk=job_id)
    if not claimed:
        return job
    try:
        rows = importer.read_rows(job.filename, bytes(job.content))
        _update(job_id, total_rows=len(rows) - 1, phase="Đang kiểm tra từng dòng")
        parsed = importer.parse(rows, progress=lambda n: _update(job_id, processed_rows=n))
    except importer.FileError as exc:
        _update(job_id, status=ImportStatus.FAILED, message=str(exc), phase="", finished_at=timezone.now())
        return ImportJob.objects.get(pk=job_id)
    if parsed.errors:
        _update(
            job_id,
            status=ImportStatus.FAILED,
            errors=parsed.errors,
            phase="",
            message=f"Có {len(parsed.errors)} dòng lỗi: không dòng nào được ghi. Hãy sửa các dòng dưới đây rồi nhập lại.",
            finished_at=timezone.now(),
        )
        return ImportJob.objects.get(pk=job_id)
    _update(job_id, phase="Đang ghi dữ liệu")
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job_id)
        for obj in parsed.awards:
            obj.import_job = job
        fill_search_text(parsed.awards)
        AwardRecord.objects.bulk_create(parsed.awards, batch_size=2000)
        for model, objs in (
            (PerformanceRating, parsed.ratings),
            (Initiative, parsed.initiatives),
            (SubjectFlag, parsed.flags),
        ):
            for obj in objs:
                obj.import_job = job
            model.objects.bulk_create(objs, batch_size=2000)
        counts = parsed.counts()
        job.status = ImportStatus.SUCCEEDED
        job.created_count = counts
        job.processed_rows = job.total_rows
        job.phase = ""
        job.message = (
            f"Đã nhập {counts['awards']} quyết định khen thưởng, {counts['ratings']} xếp loại, "
            f"{counts['initiatives']} sáng kiến, {counts['flags']} vụ việc kỷ luật/điều tra/thanh tra/khiếu nại."
        )
        job.finished_at = timezone.now()
        job.heartbeat_at = timezone.now()
        job.save()
        audit(actor=job.created_by, action="award_import.commit", obj=job, after=counts)
    return job


def fill_search_text(records: list[AwardRecord]) -> None:
    """bulk_create skips save(): compute the folded search text from looked-up names."""
    from thidua.awards.models import Award
    from thidua.core.text import fold
    from thidua.organisations.models import Person, Unit

    awards = dict(Award.objects.values_list("pk", "name"))
    unit_ids = {r.unit_id for r in records if r.unit_id}
    person_ids = {r.person_id for r in records if r.person_id}
    units = dict(Unit.objects.filter(pk__in=unit_ids).values_list("pk", "name")) if unit_ids else {}
    people = {}
    if person_ids:
        qs = Person.objects.values_list("pk", "full_name")
        people = dict(qs.filter(pk__in=person_ids) if len(person_ids) < 500 else qs)
    for r in records:
        who = units.get(r.unit_id) if r.unit_id else people.get(r.person_id, "")
        r.search_text = fold(f"{r.decision_number} {awards[r.award_id]} {who} {r.decided_by} {r.note}")[:600]


def recover_stale_jobs() -> int:
    """Mark jobs whose worker stopped reporting (a crash or restart) as failed."""
    limit = timezone.now() - STALE_AFTER
    stale = (
        ImportJob.objects.filter(status__in=[ImportStatus.PENDING, ImportStatus.RUNNING])
        .exclude(heartbeat_at__gte=limit)
        .filter(created_at__lt=limit)
    )
    return stale.update(status=ImportStatus.FAILED, message=INTERRUPTED, phase="", finished_at=timezone.now())
