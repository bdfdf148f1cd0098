"""Dossier generation as a background job, for one proposal or a whole bloc year's batch.

Converting a Word file to PDF through LibreOffice takes seconds, and in the December week when
every bloc sends its dossiers one click may cover dozens of proposals, so the work leaves the
web request. ``dossier_job_start`` checks every proposal with the guards of
``services.dossier_generate`` (nothing is created if one fails), stores a ``DossierJob`` and,
once that transaction commits, starts a worker thread in the web process (the pattern of the
award-history import, ``thidua.awards.services.imports``). The worker makes each proposal's
Word files, then their PDF copies one by one, updating progress and a heartbeat after every
file; a proposal that fails is recorded with its Vietnamese reason and the others go on.
``recover_stale_jobs`` marks a job whose heartbeat stopped (the process died) as failed. Setting
``PROPOSALS_DOSSIER_INLINE = True`` runs the worker in the caller's thread (tests)."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from thidua.core.audit import audit
from thidua.core.background import start_worker
from thidua.core.errors import error_messages, field_error
from thidua.proposals import services
from thidua.proposals.choices import EDITABLE, DossierKind
from thidua.proposals.models import DOSSIER_JOB_ACTIVE, DossierJob, DossierJobStatus, Proposal
from thidua.proposals.permissions import can_prepare

log = logging.getLogger(__name__)
STALE_AFTER = dt.timedelta(minutes=2)
FILES_PER_PROPOSAL = len(DossierKind)
INTERRUPTED = (
    "Lượt lập hồ sơ bị gián đoạn (máy chủ khởi động lại hoặc gặp lỗi). Các tệp đã lập xong vẫn được "
    "giữ; hãy bấm “Lập hồ sơ” lại cho các đề nghị còn thiếu."
)
UNEXPECTED = "Lỗi hệ thống khi lập hồ sơ; hãy thử lại, nếu vẫn lỗi hãy báo quản trị hệ thống."
NOTHING_TO_DO = (
    "Không có đề nghị nào để lập hồ sơ: chỉ đề nghị đang dự thảo hoặc bị trả lại mới lập hồ sơ được."
)


def _scope(proposal_ids) -> str:
    return hashlib.sha256(",".join(str(i) for i in sorted(proposal_ids)).encode()).hexdigest()


def _reason(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(m for msgs in error_messages(exc).values() for m in msgs)
    return str(exc) or services.NOT_YOURS


def _check(actor, proposal: Proposal) -> None:
    """The guards of ``services.dossier_generate``, run before any job exists."""
    services._editable(actor, proposal)
    if not proposal.achievement_report.strip():
        raise field_error("achievement_report", "Cần báo cáo thành tích trước khi lập hồ sơ.")


def dossier_job_start(*, actor, proposals, date: dt.date | None = None) -> DossierJob:
    """Check every proposal, then queue one job generating their dossiers. A second click while
    a job for the same proposals is still pending or running returns that job."""
    ids = sorted({p.pk for p in proposals})
    fresh = list(Proposal.objects.with_related().filter(pk__in=ids).order_by("pk"))
    if not fresh:
        raise field_error("proposals", NOTHING_TO_DO)
    bloc_years = {p.bloc_year_id for p in fresh}
    if len(bloc_years) > 1:
        raise field_error(
            "proposals", "Một lượt lập hồ sơ chỉ gồm các đề nghị của cùng một khối trong cùng một năm."
        )
    bloc_year = fresh[0].bloc_year
    if not can_prepare(actor, bloc_year):
        raise PermissionDenied(services.NOT_YOURS)
    if len(fresh) == 1:
        _check(actor, fresh[0])
    else:
        problems = []
        for p in fresh:
            try:
                _check(actor, p)
            except ValidationError as exc:
                problems.append(f"{p.subject_name} ({p.award.name}): {_reason(exc)}")
        if problems:
            raise field_error("proposals", "Chưa lập hồ sơ nào. " + " ".join(problems))
    recover_stale_jobs()
    scope = _scope(ids)
    running = DossierJob.objects.filter(scope=scope, status__in=DOSSIER_JOB_ACTIVE).first()
    if running is not None:
        return running
    try:
        with transaction.atomic():
            job = DossierJob.objects.create(
                created_by=actor,
                bloc_year=bloc_year,
                scope=scope,
                dossier_date=date,
                total_steps=FILES_PER_PROPOSAL * len(fresh),
                phase="Đang chờ xử lý",
            )
            job.proposals.set(fresh)
            audit(
                actor=actor,
                action="dossier_job.create",
                obj=job,
                after={"bloc_year": str(bloc_year), "proposals": [str(p.uuid) for p in fresh]},
            )
            transaction.on_commit(lambda: _start(job.pk))
    except IntegrityError:
        # Another click created the job between our look-up and our insert: hand that one back.
        running = DossierJob.objects.filter(scope=scope, status__in=DOSSIER_JOB_ACTIVE).first()
        if running is None:
            raise
        return running
    return DossierJob.objects.get(pk=job.pk)


def dossier_batch_start(*, actor, bloc_year, date: dt.date | None = None) -> DossierJob:
    """One job for every proposal of the bloc year the bloc may still edit."""
    if not can_prepare(actor, bloc_year):
        raise PermissionDenied(services.NOT_YOURS)
    proposals = list(Proposal.objects.filter(bloc_year=bloc_year, status__in=EDITABLE))
    if not proposals:
        raise field_error("proposals", NOTHING_TO_DO)
    return dossier_job_start(actor=actor, proposals=proposals, date=date)


def _start(job_id: int) -> None:
    start_worker(
        run=lambda: dossier_job_run(job_id),
        on_crash=lambda: _interrupt(DossierJob.objects.filter(pk=job_id)),
        name=f"dossier-job-{job_id}",
        inline_setting="PROPOSALS_DOSSIER_INLINE",
    )


def _update(job_id: int, **fields) -> None:
    DossierJob.objects.filter(pk=job_id).update(heartbeat_at=timezone.now(), **fields)


def dossier_job_run(job_id: int) -> DossierJob:
    """Generate the dossiers of one job (the worker's body). Safe to call once per job."""
    from thidua.documents import services as documents

    claimed = DossierJob.objects.filter(pk=job_id, status=DossierJobStatus.PENDING).update(
        status=DossierJobStatus.RUNNING, heartbeat_at=timezone.now(), phase="Đang chuẩn bị"
    )
    job = DossierJob.objects.select_related("created_by").get(pk=job_id)
    if not claimed:
        return job
    actor = job.created_by
    proposals = list(job.proposals.with_related().order_by("pk"))
    with_pdf = documents.pdf_available()
    per_proposal = FILES_PER_PROPOSAL * (2 if with_pdf else 1)
    _update(job_id, with_pdf=with_pdf, total_steps=per_proposal * len(proposals))
    done, succeeded, errors = 0, [], []
    for index, proposal in enumerate(proposals, start=1):
        name = proposal.subject_name
        where = f"Đề nghị {index}/{len(proposals)} – {name}"
        _update(job_id, phase=f"{where}: đang lập các tệp Word")
        try:
            files = services.dossier_generate(
                actor=actor, proposal=proposal, date=job.dossier_date, pdf=False
            )
        except (ValidationError, PermissionDenied) as exc:
            files, reason = None, _reason(exc)
        except Exception:
            log.exception("dossier job %s: proposal %s failed", job_id, proposal.pk)
            files, reason = None, UNEXPECTED
        if files is None:
            done += per_proposal
            errors.append({"proposal": str(proposal.uuid), "subject": name, "message": reason})
            _update(job_id, done_steps=done, errors=errors)
            continue
        done += FILES_PER_PROPOSAL
        _update(job_id, done_steps=done)
        unconverted = []
        if with_pdf:
            # The proposal's files go through LibreOffice together (one start-up for all).
            pairs = list(files.items())
            _update(job_id, phase=f"{where}: đang chuyển {len(pairs)} tệp sang PDF")
            try:
                copies = documents.generate_pdfs(actor=actor, documents=[pair["docx"] for _, pair in pairs])
            except Exception:
                log.exception("dossier job %s: PDF of proposal %s failed", job_id, proposal.pk)
                copies = [None] * len(pairs)
            unconverted = [
                str(DossierKind(kind).label)
                for (kind, _), copy in zip(pairs, copies, strict=True)
                if copy is None
            ]
            done += len(pairs)
            _update(job_id, done_steps=done)
        if unconverted:
            errors.append(
                {
                    "proposal": str(proposal.uuid),
                    "subject": name,
                    "message": "Đã lập các tệp Word nhưng không chuyển được sang PDF: "
                    + "; ".join(unconverted)
                    + ". Hãy lập lại hồ sơ sau ít phút.",
                }
            )
            _update(job_id, errors=errors)
        else:
            succeeded.append(str(proposal.uuid))
            _update(job_id, succeeded=succeeded)
    return _finish(job_id, total=len(proposals), succeeded=succeeded, errors=errors)


def _finish(job_id: int, *, total: int, succeeded: list, errors: list) -> DossierJob:
    with transaction.atomic():
        job = DossierJob.objects.select_for_update().get(pk=job_id)
        files = "Word và PDF" if job.with_pdf else "Word"
        if not errors:
            job.status = DossierJobStatus.SUCCEEDED
            job.message = (
                f"Đã lập hồ sơ ({FILES_PER_PROPOSAL} tệp {files})."
                if total == 1
                else f"Đã lập hồ sơ cho cả {total} đề nghị ({FILES_PER_PROPOSAL} tệp {files} mỗi đề nghị)."
            )
        elif total == 1:
            job.status = DossierJobStatus.FAILED
            job.message = "Chưa lập xong hồ sơ: " + errors[0]["message"]
        elif succeeded:
            job.status = DossierJobStatus.SUCCEEDED
            job.message = (
                f"Đã lập hồ sơ cho {len(succeeded)}/{total} đề nghị; {len(errors)} đề nghị gặp lỗi "
                "(xem lý do trong bảng dưới đây)."
            )
        else:
            job.status = DossierJobStatus.FAILED
            job.message = (
                f"Không lập được hồ sơ nào: cả {total} đề nghị gặp lỗi (xem lý do trong bảng dưới đây)."
            )
        job.succeeded, job.errors = succeeded, errors
        job.done_steps = job.total_steps
        job.phase = ""
        job.finished_at = job.heartbeat_at = timezone.now()
        job.save()
        audit(
            actor=job.created_by,
            action="dossier_job.finish",
            obj=job,
            after={"status": job.status, "succeeded": len(succeeded), "errors": errors},
        )
    return job


def _interrupt(jobs) -> int:
    """Fail the still-unfinished jobs among ``jobs``, each with its audit record."""
    count = 0
    for pk in list(jobs.filter(status__in=DOSSIER_JOB_ACTIVE).values_list("pk", flat=True)):
        with transaction.atomic():
            moved = DossierJob.objects.filter(pk=pk, status__in=DOSSIER_JOB_ACTIVE).update(
                status=DossierJobStatus.FAILED, message=INTERRUPTED, phase="", finished_at=timezone.now()
            )
            if moved:
                job = DossierJob.objects.get(pk=pk)
                audit(actor=None, action="dossier_job.interrupted", obj=job, after={"status": job.status})
                count += 1
    return count


def recover_stale_jobs() -> int:
    """Mark jobs whose worker stopped reporting (a crash or restart) as failed."""
    limit = timezone.now() - STALE_AFTER
    stale = (
        DossierJob.objects.filter(status__in=DOSSIER_JOB_ACTIVE)
        .exclude(heartbeat_at__gte=limit)
        .filter(created_at__lt=limit)
    )
    return _interrupt(stale)


def dossier_job_rows(job: DossierJob) -> list[dict]:
    """One row per proposal of the job: its state in this run and, when it failed, why."""
    errors = {e["proposal"]: e["message"] for e in job.errors}
    done = set(job.succeeded)
    rows = []
    for p in job.proposals.with_related().order_by("pk"):
        key = str(p.uuid)
        if key in errors:
            state, label = "failed", "Lỗi"
        elif key in done:
            state, label = "done", "Đã lập hồ sơ"
        elif job.is_finished:
            state, label = "skipped", "Chưa lập (lượt bị gián đoạn)"
        else:
            state, label = "waiting", "Đang chờ"
        rows.append({"proposal": p, "state": state, "label": label, "message": errors.get(key, "")})
    return rows


def active_job_for(*, proposal=None, bloc_year=None) -> DossierJob | None:
    """The newest unfinished job covering ``proposal`` (or of ``bloc_year``), for its page."""
    qs = DossierJob.objects.filter(status__in=DOSSIER_JOB_ACTIVE)
    qs = qs.filter(proposals=proposal) if proposal is not None else qs.filter(bloc_year=bloc_year)
    return qs.order_by("-created_at", "-id").first()
