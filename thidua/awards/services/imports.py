"""Award-history import as a background job.

``import_job_create`` stores the upload as an ``ImportJob`` and, once that transaction commits,
queues its task (``thidua.awards.tasks.run_award_import``). In a worker process the task runs
``import_job_run``: it validates every row (reporting progress), then either writes all rows in
one transaction or writes nothing and keeps a per-row Vietnamese error report. A worker that dies
mid-way leaves nothing written; the other workers' sweeper fails the job within seconds
(``thidua.core.jobs``)."""

import logging

from django.core.exceptions import PermissionDenied
from django.db import transaction

from thidua.awards import importer
from thidua.awards.choices import ImportStatus
from thidua.awards.models import (
    Award,
    AwardRecord,
    ImportJob,
    Initiative,
    PerformanceRating,
    SubjectFlag,
)
from thidua.awards.permissions import can_import_history
from thidua.core import jobs
from thidua.core.audit import audit
from thidua.core.errors import field_error
from thidua.core.text import fold
from thidua.organisations.models import Person, Unit

log = logging.getLogger(__name__)
MAX_BYTES = 20 * 1024 * 1024


def record_categories(categories: dict[int, str]) -> None:
    """Write the object categories given in the file on the people (statistics forms 0602.N,
    0603.N): one update per category."""
    by_category: dict[str, list[int]] = {}
    for person_id, category in categories.items():
        by_category.setdefault(category, []).append(person_id)
    for category, ids in by_category.items():
        Person.objects.filter(pk__in=ids).update(category=category)


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
        jobs.enqueue(job)
    return job


def import_job_run(job_id: int, *, task_id: str = "") -> ImportJob | None:
    """Validate and write one job (the task's body). A job that is not pending (already run, or
    failed meanwhile) is left alone; None when it no longer exists."""
    job = jobs.claim(ImportJob, job_id, phase="Đang đọc tệp", task_id=task_id)
    if job is None:
        return ImportJob.objects.filter(pk=job_id).first()
    with jobs.running(job):
        try:
            rows = importer.read_rows(job.filename, bytes(job.content))
            jobs.progress(job, total=len(rows) - 1, phase="Đang kiểm tra từng dòng")
            parsed = importer.parse(rows, progress=lambda n: jobs.progress(job, done=n))
        except importer.FileError as exc:
            return jobs.fail(job, str(exc))
        if parsed.errors:
            return jobs.fail(
                job,
                f"Có {len(parsed.errors)} dòng lỗi: không dòng nào được ghi. Hãy sửa các dòng dưới đây rồi nhập lại.",
                errors=parsed.errors,
            )
        jobs.progress(job, phase="Đang ghi dữ liệu")
        with transaction.atomic():
            locked = jobs.lock_running(job)
            for obj in parsed.awards:
                obj.import_job = locked
            fill_search_text(parsed.awards)
            AwardRecord.objects.bulk_create(parsed.awards, batch_size=2000)
            record_categories(parsed.categories)
            for model, objs in (
                (PerformanceRating, parsed.ratings),
                (Initiative, parsed.initiatives),
                (SubjectFlag, parsed.flags),
            ):
                for obj in objs:
                    obj.import_job = locked
                model.objects.bulk_create(objs, batch_size=2000)
            counts = parsed.counts()
            locked.created_count = counts
            jobs.mark_finished(
                locked,
                status=ImportStatus.SUCCEEDED,
                message=(
                    f"Đã nhập {counts['awards']} quyết định khen thưởng, {counts['ratings']} xếp loại, "
                    f"{counts['initiatives']} sáng kiến, {counts['flags']} vụ việc kỷ luật/điều tra/thanh tra/khiếu nại."
                ),
            )
            locked.save()
            audit(actor=locked.created_by, action="award_import.commit", obj=locked, after=counts)
        return locked
    return ImportJob.objects.filter(pk=job_id).first()


def fill_search_text(records: list[AwardRecord]) -> None:
    """bulk_create skips save(): compute the folded search text from looked-up names."""
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
