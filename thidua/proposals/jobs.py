"""Dossier generation as a background job, for one proposal or a whole bloc year's batch.

Converting a Word file to PDF through LibreOffice takes seconds, and in the December week when
every bloc sends its dossiers one click may cover dozens of proposals, so the work leaves the
web request. ``dossier_job_start`` checks every proposal with the guards of
``services.dossier_generate`` (nothing is created if one fails), stores a ``DossierJob`` and,
once that transaction commits, queues its task (``thidua.proposals.tasks.run_dossier_job``). In a
worker process the task runs ``dossier_job_run``: each proposal's Word files, then their PDF
copies in one LibreOffice run, updating progress after every step; a proposal that fails is
recorded with its Vietnamese reason and the others go on. A worker that dies mid-way keeps the
proposals it finished; the other workers' sweeper fails the job within seconds
(``thidua.core.jobs``)."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from thidua.core import jobs
from thidua.core.audit import audit
from thidua.core.errors import error_messages, field_error
from thidua.documents import services as documents
from thidua.proposals import services
from thidua.proposals.choices import EDITABLE, DossierKind
from thidua.proposals.models import DOSSIER_JOB_ACTIVE, DossierJob, DossierJobStatus, Proposal
from thidua.proposals.permissions import can_prepare

log = logging.getLogger(__name__)
FILES_PER_PROPOSAL = len(DossierKind)
UNEXPECTED = "Lỗi hệ thống khi lập hồ sơ; hãy thử lại, nếu vẫn lỗi hãy báo quản trị hệ thống."
NOTHING_TO_DO = (
    "Không có đề nghị nào để lập hồ sơ: chỉ đề nghị đang dự thảo hoặc bị trả lại mới lập hồ sơ được."
)
PROPOSALS_GONE = "Các đề nghị của lượt này đã bị xoá trước khi lập hồ sơ; không có tệp nào được lập."


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
                total=FILES_PER_PROPOSAL * len(fresh),
                phase="Đang chờ xử lý",
            )
            job.proposals.set(fresh)
            audit(
                actor=actor,
                action="dossier_job.create",
                obj=job,
                after={"bloc_year": str(bloc_year), "proposals": [str(p.uuid) for p in fresh]},
            )
            jobs.enqueue(job)
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


def dossier_job_run(job_id: int, *, task_id: str = "") -> DossierJob | None:
    """Generate the dossiers of one job (the task's body). A job that is not pending (already run,
    or failed meanwhile) is left alone; None when it no longer exists."""
    job = jobs.claim(DossierJob, job_id, phase="Đang chuẩn bị", task_id=task_id)
    if job is None:
        return DossierJob.objects.filter(pk=job_id).first()
    with jobs.running(job):
        proposals = list(job.proposals.with_related().order_by("pk"))
        if not proposals:
            return jobs.fail(job, PROPOSALS_GONE)
        return _generate(job, proposals)
    return DossierJob.objects.filter(pk=job_id).first()


def _generate(job: DossierJob, proposals: list[Proposal]) -> DossierJob:
    actor = job.created_by
    with_pdf = documents.pdf_available()
    per_proposal = FILES_PER_PROPOSAL * (2 if with_pdf else 1)
    jobs.progress(job, with_pdf=with_pdf, total=per_proposal * len(proposals))
    done, succeeded, errors = 0, [], []
    for index, proposal in enumerate(proposals, start=1):
        name = proposal.subject_name
        where = f"Đề nghị {index}/{len(proposals)} – {name}"
        jobs.progress(job, phase=f"{where}: đang lập các tệp Word")
        try:
            files = services.dossier_generate(
                actor=actor, proposal=proposal, date=job.dossier_date, pdf=False
            )
        except (ValidationError, PermissionDenied) as exc:
            files, reason = None, _reason(exc)
        except Exception:
            log.exception("dossier job %s: proposal %s failed", job.pk, proposal.pk)
            files, reason = None, UNEXPECTED
        if files is None:
            done += per_proposal
            errors.append({"proposal": str(proposal.uuid), "subject": name, "message": reason})
            jobs.progress(job, done=done, errors=errors)
            continue
        done += FILES_PER_PROPOSAL
        jobs.progress(job, done=done)
        unconverted = []
        if with_pdf:
            # The proposal's files go through LibreOffice together (one start-up for all).
            pairs = list(files.items())
            jobs.progress(job, phase=f"{where}: đang chuyển {len(pairs)} tệp sang PDF")
            try:
                copies = documents.generate_pdfs(actor=actor, documents=[pair["docx"] for _, pair in pairs])
            except Exception:
                log.exception("dossier job %s: PDF of proposal %s failed", job.pk, proposal.pk)
                copies = [None] * len(pairs)
            unconverted = [
                str(DossierKind(kind).label)
                for (kind, _), copy in zip(pairs, copies, strict=True)
                if copy is None
            ]
            done += len(pairs)
            jobs.progress(job, done=done)
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
            jobs.progress(job, errors=errors)
        else:
            succeeded.append(str(proposal.uuid))
            jobs.progress(job, succeeded=succeeded)
    return _finish(job, total=len(proposals), succeeded=succeeded, errors=errors)


def _finish(job: DossierJob, *, total: int, succeeded: list, errors: list) -> DossierJob:
    files = "Word và PDF" if job.with_pdf else "Word"
    if not errors:
        status = DossierJobStatus.SUCCEEDED
        message = (
            f"Đã lập hồ sơ ({FILES_PER_PROPOSAL} tệp {files})."
            if total == 1
            else f"Đã lập hồ sơ cho cả {total} đề nghị ({FILES_PER_PROPOSAL} tệp {files} mỗi đề nghị)."
        )
    elif total == 1:
        status = DossierJobStatus.FAILED
        message = "Chưa lập xong hồ sơ: " + errors[0]["message"]
    elif succeeded:
        status = DossierJobStatus.SUCCEEDED
        message = (
            f"Đã lập hồ sơ cho {len(succeeded)}/{total} đề nghị; {len(errors)} đề nghị gặp lỗi "
            "(xem lý do trong bảng dưới đây)."
        )
    else:
        status = DossierJobStatus.FAILED
        message = f"Không lập được hồ sơ nào: cả {total} đề nghị gặp lỗi (xem lý do trong bảng dưới đây)."
    return jobs.finish(
        job,
        status=status,
        message=message,
        actor=job.created_by,
        after={"succeeded": len(succeeded), "errors": errors},
        succeeded=succeeded,
        errors=errors,
    )


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
