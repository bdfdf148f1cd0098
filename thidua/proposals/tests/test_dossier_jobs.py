"""Dossier generation as a background job: the guards run before any job exists, a second click
gets the same job, progress is reported after every file, one proposal's failure is recorded
while the others go on, a job whose worker died is failed, and the pages and API show it all.
The task runs through the test settings' ImmediateBackend when the transaction commits."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from thidua.awards.models import Award
from thidua.core import jobs as core_jobs
from thidua.core.jobs import sweep_jobs
from thidua.core.models import AuditEvent
from thidua.documents import services as documents
from thidua.organisations.models import BlocYear, Person
from thidua.proposals import dossier, jobs, selectors, services, tasks
from thidua.proposals.choices import DossierKind, ProposalStatus
from thidua.proposals.models import DossierJob, DossierJobStatus, Proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def by(undecided_2019):
    return BlocYear.objects.get(bloc__code="KNC", year=2019)


@pytest.fixture
def made(by, undecided_2019):
    w = undecided_2019
    return {p.unit.code: p for p in services.proposals_from_outcomes(actor=w.secretary, bloc_year=by)}


def errors_of(exc) -> str:
    return " ".join(m for ms in exc.value.message_dict.values() for m in ms)


def fresh(job) -> DossierJob:
    return DossierJob.objects.get(pk=job.pk)


# Starting a job ----------------------------------------------------------------------------------


def test_a_job_generates_the_dossier_after_commit(made, undecided_2019, django_capture_on_commit_callbacks):
    """The job is stored pending; once the transaction commits the worker makes the four Word
    files and the job ends succeeded at 100 %, audited at creation and completion."""
    w, snv = undecided_2019, made["SNV"]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        job = jobs.dossier_job_start(actor=w.secretary, proposals=[snv])
        assert job.status == DossierJobStatus.PENDING and not job.is_finished and job.percent == 0
    assert len(callbacks) == 1
    job = fresh(job)
    assert job.status == DossierJobStatus.SUCCEEDED and job.is_finished and job.percent == 100
    assert job.total == job.done == len(DossierKind) and not job.with_pdf
    assert job.task_id and job.started_at and job.worker == ""  # run by the ImmediateBackend
    assert job.succeeded == [str(snv.uuid)] and job.errors == []
    assert job.message == "Đã lập hồ sơ (4 tệp Word)." and job.finished_at and job.heartbeat_at
    assert list(job.proposals.all()) == [snv] and job.bloc_year == snv.bloc_year
    assert selectors.dossier_status(Proposal.objects.get(pk=snv.pk))["complete"]
    assert AuditEvent.objects.filter(action="dossier_job.create", object_id=str(job.pk)).count() == 1
    finish = AuditEvent.objects.get(action="dossier_job.finish", object_id=str(job.pk))
    assert finish.after["status"] == "succeeded" and finish.after["succeeded"] == 1
    # Running the worker again for a finished job does nothing.
    assert jobs.dossier_job_run(job.pk).finished_at == job.finished_at


def test_the_synchronous_service_still_makes_pdf_unless_told_not_to(made, undecided_2019, monkeypatch):
    """``dossier_generate`` keeps its behaviour (PDF when available); the job asks ``pdf=False``."""
    calls = []
    monkeypatch.setattr(documents, "pdf_available", lambda: True)
    monkeypatch.setattr(
        documents, "generate_pdfs", lambda *, actor, documents: calls.append(documents) or list(documents)
    )
    w = undecided_2019
    files = services.dossier_generate(actor=w.secretary, proposal=made["SNV"])
    # The four Word files go to LibreOffice in one run.
    assert [len(c) for c in calls] == [4] and all(f["pdf"] is not None for f in files.values())
    files = services.dossier_generate(actor=w.secretary, proposal=made["SNV"], pdf=False)
    assert len(calls) == 1 and all(f["pdf"] is None for f in files.values())


def test_only_the_bloc_secretariat_or_the_office_may_start_a_job(made, undecided_2019):
    w = undecided_2019
    for persona in ("officer_a", "officer_b", "council", "editor"):
        with pytest.raises(PermissionDenied) as exc:
            jobs.dossier_job_start(actor=w.users[persona], proposals=[made["SNV"]])
        assert "thư ký khối" in str(exc.value)
    with pytest.raises(PermissionDenied):
        jobs.dossier_batch_start(actor=w.officer_a, bloc_year=made["SNV"].bloc_year)
    assert not DossierJob.objects.exists()


def test_a_proposal_without_achievement_report_is_refused_before_any_job(made, undecided_2019):
    w = undecided_2019
    Proposal.objects.filter(pk=made["SNV"].pk).update(achievement_report="  ")
    with pytest.raises(ValidationError) as exc:
        jobs.dossier_job_start(actor=w.secretary, proposals=[made["SNV"]])
    assert exc.value.message_dict == {"achievement_report": ["Cần báo cáo thành tích trước khi lập hồ sơ."]}
    assert not DossierJob.objects.exists() and not AuditEvent.objects.filter(action__startswith="dossier_job")


def test_a_batch_with_one_proposal_not_editable_creates_nothing_and_names_it(made, by, undecided_2019):
    """All or nothing: a submitted proposal in the list refuses the whole batch, naming it."""
    w = undecided_2019
    Proposal.objects.filter(pk=made["TAND"].pk).update(status=ProposalStatus.SUBMITTED)
    with pytest.raises(ValidationError) as exc:
        jobs.dossier_job_start(actor=w.secretary, proposals=list(made.values()))
    message = errors_of(exc)
    assert message.startswith("Chưa lập hồ sơ nào.")
    assert "Tòa án nhân dân tỉnh (Cờ thi đua của UBND tỉnh)" in message and "Khối đã trình" in message
    assert "Sở Nội vụ" not in message
    assert not DossierJob.objects.exists()


def test_the_bloc_batch_takes_the_editable_proposals_and_refuses_an_empty_one(made, by, undecided_2019):
    w = undecided_2019
    Proposal.objects.filter(pk=made["TAND"].pk).update(status=ProposalStatus.SUBMITTED)
    job = jobs.dossier_batch_start(actor=w.secretary, bloc_year=by)
    assert set(job.proposals.values_list("unit__code", flat=True)) == {"SNV", "THADS"}
    assert job.total == 8
    Proposal.objects.filter(bloc_year=by).update(status=ProposalStatus.SUBMITTED)
    with pytest.raises(ValidationError) as exc:
        jobs.dossier_batch_start(actor=w.secretary, bloc_year=by)
    assert "Không có đề nghị nào để lập hồ sơ" in errors_of(exc)


def test_a_second_click_returns_the_unfinished_job(made, undecided_2019, django_capture_on_commit_callbacks):
    """While a job for the same proposals is pending or running, clicking again returns it; a
    different set of proposals or a finished job leads to a new job."""
    w = undecided_2019
    first = jobs.dossier_job_start(actor=w.secretary, proposals=[made["SNV"], made["TAND"]])
    again = jobs.dossier_job_start(actor=w.provincial, proposals=[made["TAND"], made["SNV"]])
    assert again.pk == first.pk and DossierJob.objects.count() == 1
    DossierJob.objects.filter(pk=first.pk).update(status=DossierJobStatus.RUNNING)
    assert jobs.dossier_job_start(actor=w.secretary, proposals=[made["SNV"], made["TAND"]]).pk == first.pk
    other = jobs.dossier_job_start(actor=w.secretary, proposals=[made["SNV"]])
    assert other.pk != first.pk
    assert AuditEvent.objects.filter(action="dossier_job.create").count() == 2
    DossierJob.objects.filter(pk=first.pk).update(status=DossierJobStatus.SUCCEEDED)
    later = jobs.dossier_job_start(actor=w.secretary, proposals=[made["SNV"], made["TAND"]])
    assert later.pk not in (first.pk, other.pk)


def test_the_database_allows_one_unfinished_job_per_set_of_proposals(made, undecided_2019):
    """Two concurrent clicks that both miss the look-up: the constraint refuses the second insert."""
    w = undecided_2019
    job = jobs.dossier_job_start(actor=w.secretary, proposals=[made["SNV"]])
    with pytest.raises(IntegrityError), transaction.atomic():
        DossierJob.objects.create(created_by=w.secretary, bloc_year=job.bloc_year, scope=job.scope)
    finished = DossierJob.objects.create(
        created_by=w.secretary, bloc_year=job.bloc_year, scope=job.scope, status=DossierJobStatus.FAILED
    )
    assert finished.pk


# The worker --------------------------------------------------------------------------------------


def test_progress_is_reported_after_the_word_files_and_after_the_pdf_copies(
    made, undecided_2019, monkeypatch
):
    """With LibreOffice: each proposal's Word files, then its PDF copies in one LibreOffice run,
    progress and phase updated after each step (what the page polls)."""
    w = undecided_2019
    seen = []

    def fake_pdfs(*, actor, documents):
        row = DossierJob.objects.get()
        seen.append((row.status, row.done, row.total, row.percent, row.phase, len(documents)))
        return list(documents)

    monkeypatch.setattr(documents, "pdf_available", lambda: True)
    monkeypatch.setattr(documents, "generate_pdfs", fake_pdfs)
    job = jobs.dossier_job_start(actor=w.secretary, proposals=[made["SNV"], made["TAND"]])
    job = jobs.dossier_job_run(job.pk)
    assert [s[1] for s in seen] == [4, 12] and [s[5] for s in seen] == [4, 4]
    assert {s[0] for s in seen} == {"running"} and {s[2] for s in seen} == {16}
    assert seen[0][3] == 25 and seen[1][3] == 75
    assert seen[0][4] == "Đề nghị 1/2 – Sở Nội vụ: đang chuyển 4 tệp sang PDF"
    assert seen[1][4] == "Đề nghị 2/2 – Tòa án nhân dân tỉnh: đang chuyển 4 tệp sang PDF"
    assert job.with_pdf and job.done == 16 and job.status == DossierJobStatus.SUCCEEDED
    assert job.message == "Đã lập hồ sơ cho cả 2 đề nghị (4 tệp Word và PDF mỗi đề nghị)."


def test_one_failing_proposal_is_recorded_and_the_others_go_on(made, by, undecided_2019, monkeypatch):
    """TAND was submitted meanwhile (refused in Vietnamese), THADS's report crashes (a system
    error), SNV's PDF conversion fails (its Word files are kept): each recorded, none stops the rest."""
    w = undecided_2019
    extra = services.proposal_create(
        actor=w.secretary,
        bloc_year=by,
        award=Award.objects.get(code="bk_tinh_cn"),
        unit=None,
        person=Person.objects.get(full_name="Lê Thị Mai"),
        vote_yes=7,
        vote_base=8,
    )
    Proposal.objects.filter(pk=extra.pk).update(achievement_report="I. Thành tích cá nhân.")
    job = jobs.dossier_batch_start(actor=w.secretary, bloc_year=by)
    Proposal.objects.filter(pk=made["TAND"].pk).update(status=ProposalStatus.SUBMITTED)
    real_report = dossier.report_spec

    def report_spec(proposal, *, date):
        if proposal.unit_id and proposal.unit.code == "THADS":
            raise RuntimeError("hỏng mẫu")
        return real_report(proposal, date=date)

    def fake_pdfs(*, actor, documents):
        # LibreOffice leaves SNV's minutes unconverted (the others come back).
        return [None if d.kind == DossierKind.MINUTES and "SNV" in d.file_name else d for d in documents]

    monkeypatch.setattr(dossier, "report_spec", report_spec)
    monkeypatch.setattr(documents, "pdf_available", lambda: True)
    monkeypatch.setattr(documents, "generate_pdfs", fake_pdfs)
    job = jobs.dossier_job_run(job.pk)

    assert job.status == DossierJobStatus.SUCCEEDED and job.done == job.total == 32
    assert job.succeeded == [str(extra.uuid)]
    errors = {e["subject"]: e["message"] for e in job.errors}
    assert errors["Tòa án nhân dân tỉnh"] == ("Đề nghị đang ở trạng thái “Khối đã trình”, không sửa được.")
    assert errors["Cục Thi hành án dân sự tỉnh"] == jobs.UNEXPECTED
    assert errors["Sở Nội vụ"] == (
        "Đã lập các tệp Word nhưng không chuyển được sang PDF: Biên bản bình xét kèm kết quả biểu quyết. "
        "Hãy lập lại hồ sơ sau ít phút."
    )
    assert job.message == "Đã lập hồ sơ cho 1/4 đề nghị; 3 đề nghị gặp lỗi (xem lý do trong bảng dưới đây)."
    states = {r["proposal"].pk: r["state"] for r in jobs.dossier_job_rows(job)}
    assert states == {
        made["SNV"].pk: "failed",
        made["TAND"].pk: "failed",
        made["THADS"].pk: "failed",
        extra.pk: "done",
    }
    assert selectors.dossier_status(Proposal.objects.get(pk=made["SNV"].pk))["complete"]
    assert not Proposal.objects.get(pk=made["THADS"].pk).dossier_generated_at
    assert AuditEvent.objects.get(action="dossier_job.finish", object_id=str(job.pk)).after["succeeded"] == 1


def test_a_single_proposal_job_fails_with_its_reason(made, undecided_2019):
    w = undecided_2019
    job = jobs.dossier_job_start(actor=w.secretary, proposals=[made["SNV"]])
    Proposal.objects.filter(pk=made["SNV"].pk).update(status=ProposalStatus.SUBMITTED)
    job = jobs.dossier_job_run(job.pk)
    assert job.status == DossierJobStatus.FAILED and job.is_finished and job.percent == 99
    assert job.message == ("Chưa lập xong hồ sơ: Đề nghị đang ở trạng thái “Khối đã trình”, không sửa được.")


def test_every_proposal_failing_fails_the_job(made, by, undecided_2019):
    w = undecided_2019
    job = jobs.dossier_batch_start(actor=w.secretary, bloc_year=by)
    Proposal.objects.filter(bloc_year=by).update(status=ProposalStatus.RETURNED, achievement_report="")
    job = jobs.dossier_job_run(job.pk)
    assert job.status == DossierJobStatus.FAILED and len(job.errors) == 3
    assert job.message == "Không lập được hồ sơ nào: cả 3 đề nghị gặp lỗi (xem lý do trong bảng dưới đây)."
    assert {e["message"] for e in job.errors} == {"Cần báo cáo thành tích trước khi lập hồ sơ."}


# Stale jobs --------------------------------------------------------------------------------------


def test_a_job_whose_worker_died_is_failed(made, undecided_2019):
    """The sweeper fails a job running on a dead worker with a Vietnamese explanation and an audit
    record; a job of a live worker and a pending one are left alone."""
    w = undecided_2019
    old = jobs.dossier_job_start(actor=w.secretary, proposals=[made["SNV"]])
    live = jobs.dossier_job_start(actor=w.secretary, proposals=[made["TAND"]])
    DossierJob.objects.filter(pk=old.pk).update(
        status=DossierJobStatus.RUNNING, worker="dead-1", task_id="t1"
    )
    DossierJob.objects.filter(pk=live.pk).update(
        status=DossierJobStatus.RUNNING, worker="live-1", task_id="t2"
    )
    assert sweep_jobs(dead_workers={"dead-1"}, live_workers={"live-1"}) == 1
    old, live = fresh(old), fresh(live)
    assert old.status == DossierJobStatus.FAILED and old.message == core_jobs.INTERRUPTED and old.finished_at
    assert old.message == "Tiến trình xử lý bị dừng đột ngột; hãy chạy lại."
    assert live.status == DossierJobStatus.RUNNING
    assert AuditEvent.objects.filter(action="dossier_job.interrupted", object_id=str(old.pk)).count() == 1
    assert [r["state"] for r in jobs.dossier_job_rows(old)] == ["skipped"]
    # The set of proposals is free again: a new click makes a new job.
    assert jobs.dossier_job_start(actor=w.secretary, proposals=[made["SNV"]]).pk != old.pk
    assert sweep_jobs(dead_workers={"dead-1"}, live_workers={"live-1"}) == 0


def test_a_job_never_queued_and_a_silent_orphan_are_failed(made, undecided_2019):
    """A pending job whose task was never queued a minute after its creation, and a running job
    with no worker noted (run by an older version) silent for minutes, are failed too."""
    w = undecided_2019
    lost = jobs.dossier_job_start(actor=w.secretary, proposals=[made["SNV"]])
    orphan = jobs.dossier_job_start(actor=w.secretary, proposals=[made["TAND"]])
    young = jobs.dossier_job_start(actor=w.secretary, proposals=[made["THADS"]])
    long_ago = timezone.now() - dt.timedelta(minutes=10)
    DossierJob.objects.filter(pk=lost.pk).update(created_at=long_ago)
    DossierJob.objects.filter(pk=orphan.pk).update(status=DossierJobStatus.RUNNING, heartbeat_at=long_ago)
    assert sweep_jobs(dead_workers=set(), live_workers=set()) == 2
    assert fresh(lost).message == core_jobs.NEVER_QUEUED and fresh(orphan).message == core_jobs.INTERRUPTED
    assert fresh(young).status == DossierJobStatus.PENDING


def test_a_crashing_task_fails_its_job_in_vietnamese(
    made, undecided_2019, monkeypatch, django_capture_on_commit_callbacks
):
    """An unexpected error fails the job with a Vietnamese message and an audit record; the task
    result keeps the traceback for the administrator."""
    w = undecided_2019

    def crash(job, proposals):
        raise MemoryError

    monkeypatch.setattr(jobs, "_generate", crash)
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.dossier_job_start(actor=w.secretary, proposals=[made["SNV"]])
    job = fresh(job)
    assert job.status == DossierJobStatus.FAILED and job.message == core_jobs.UNEXPECTED
    assert AuditEvent.objects.filter(action="dossier_job.crash", object_id=str(job.pk)).exists()
    result = tasks.run_dossier_job.enqueue(job.pk)  # the ImmediateBackend runs it: nothing to do
    assert result.return_value == "failed"


def test_a_task_whose_proposals_were_deleted_fails_its_job(made, undecided_2019):
    w = undecided_2019
    job = jobs.dossier_job_start(actor=w.secretary, proposals=[made["SNV"]])
    job.proposals.clear()
    job = jobs.dossier_job_run(job.pk)
    assert job.status == DossierJobStatus.FAILED and job.message == jobs.PROPOSALS_GONE
    assert tasks.run_dossier_job.enqueue(10**9).return_value == "missing"


def test_a_job_failed_meanwhile_is_not_overwritten(made, undecided_2019, monkeypatch):
    """A sweeper failed the job while its task still ran (its worker was taken for dead): the
    task stops at its next progress report and writes no result over the failure."""
    w = undecided_2019
    job = jobs.dossier_job_start(actor=w.secretary, proposals=[made["SNV"], made["TAND"]])
    real = services.dossier_generate

    def generate(**kwargs):
        files = real(**kwargs)
        core_jobs.fail(DossierJob.objects.get(pk=job.pk), core_jobs.INTERRUPTED, action="interrupted")
        return files

    monkeypatch.setattr(services, "dossier_generate", generate)
    job = jobs.dossier_job_run(job.pk)
    assert job.status == DossierJobStatus.FAILED and job.message == core_jobs.INTERRUPTED
    assert not AuditEvent.objects.filter(action="dossier_job.finish").exists()


# Pages -------------------------------------------------------------------------------------------


def test_the_proposal_page_starts_a_job_and_shows_its_result(
    made, undecided_2019, client_for, django_capture_on_commit_callbacks
):
    secretary, snv = client_for("secretary"), made["SNV"]
    with django_capture_on_commit_callbacks(execute=True):
        response = secretary.post(f"/de-nghi/{snv.uuid}/ho-so/")
    job = DossierJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{snv.get_absolute_url()}?ho-so={job.uid}#dossier-job"
    page = secretary.get(f"{snv.get_absolute_url()}?ho-so={job.uid}").content.decode()
    assert 'id="dossier-job"' in page and "Đã lập hồ sơ (4 tệp Word)." in page
    # A finished job no longer polls.
    assert '<div id="dossier-job" class="mb-3" data-status="succeeded">' in page
    assert 'data-download="proposal_letter"' in page


def test_a_running_job_shows_a_polling_progress_bar_that_sends_back_to_the_page(
    made, undecided_2019, client_for
):
    w, secretary, snv = undecided_2019, client_for("secretary"), made["SNV"]
    job = jobs.dossier_job_start(actor=w.secretary, proposals=[snv])
    DossierJob.objects.filter(pk=job.pk).update(
        status=DossierJobStatus.RUNNING, done=2, phase="Đề nghị 1/1 – Sở Nội vụ: đang lập các tệp Word"
    )
    page = secretary.get(snv.get_absolute_url()).content.decode()
    poll = f"/de-nghi/ho-so/{job.uid}/tien-do/?de-nghi={snv.uuid}"
    assert f'hx-get="{poll}"' in page and 'aria-valuenow="50"' in page
    assert 'id="generate" disabled' in page
    partial = secretary.get(poll, HTTP_HX_REQUEST="true")
    assert "đang lập các tệp Word… đã lập 2/4 tệp" in partial.content.decode()
    assert "HX-Redirect" not in partial
    DossierJob.objects.filter(pk=job.pk).update(status=DossierJobStatus.PENDING)
    jobs.dossier_job_run(job.pk)
    done = secretary.get(poll, HTTP_HX_REQUEST="true")
    assert done["HX-Redirect"] == f"{snv.get_absolute_url()}?ho-so={job.uid}"
    assert "Đã lập hồ sơ (4 tệp Word)." in done.content.decode()
    # Somebody who does not see the proposals does not see the job either.
    assert client_for("editor").get(poll).status_code == 404
    assert client_for("council").get(job.get_absolute_url()).status_code == 404


def test_the_bloc_year_page_generates_every_dossier_with_a_result_table(
    made, by, undecided_2019, client_for, django_capture_on_commit_callbacks
):
    secretary = client_for("secretary")
    Proposal.objects.filter(pk=made["TAND"].pk).update(status=ProposalStatus.SUBMITTED)
    page = secretary.get("/de-nghi/khoi/KNC/2019/").content.decode()
    assert 'id="generate-all"' in page and "Lập hồ sơ tất cả đề nghị (2 đề nghị" in page
    assert 'id="generate-all"' not in client_for("officer_a").get("/de-nghi/khoi/KNC/2019/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = secretary.post("/de-nghi/khoi/KNC/2019/ho-so/")
    job = DossierJob.objects.get()
    assert response["Location"] == f"/de-nghi/khoi/KNC/2019/?ho-so={job.uid}#dossier-job"
    page = secretary.get(f"/de-nghi/khoi/KNC/2019/?ho-so={job.uid}").content.decode()
    assert "Đã lập hồ sơ cho cả 2 đề nghị (4 tệp Word mỗi đề nghị)." in page
    assert page.count('data-state="done"') == 2 and 'data-unit="TAND" data-state' not in page
    detail = secretary.get(job.get_absolute_url()).content.decode()
    assert 'id="dossier-job-rows"' in detail and "Sở Nội vụ" in detail
    assert client_for("officer_b").get(job.get_absolute_url()).status_code == 200


def test_a_refused_batch_says_why_on_the_page(made, by, undecided_2019, client_for):
    Proposal.objects.filter(pk=made["SNV"].pk).update(achievement_report="")
    response = client_for("secretary").post("/de-nghi/khoi/KNC/2019/ho-so/", follow=True)
    text = response.content.decode()
    assert "Chưa lập hồ sơ nào. Sở Nội vụ (Cờ thi đua của Chính phủ): Cần báo cáo thành tích" in text
    assert not DossierJob.objects.exists()


# API ---------------------------------------------------------------------------------------------


def test_the_api_answers_202_with_the_job_and_reports_progress(
    made, undecided_2019, client_for, django_capture_on_commit_callbacks
):
    secretary, snv = client_for("secretary"), made["SNV"]
    with django_capture_on_commit_callbacks(execute=True):
        started = secretary.post(f"/api/v1/proposals/{snv.uuid}/dossier", content_type="application/json")
    body = started.json()
    assert started.status_code == 202 and body["status"] == "pending" and body["bloc"] == "KNC"
    assert body["url"] == f"/de-nghi/ho-so/{body['uid']}/" and body["items"][0]["state"] == "waiting"
    progress = secretary.get(f"/api/v1/dossier-jobs/{body['uid']}").json()
    assert progress["status"] == "succeeded" and progress["percent"] == 100 and progress["is_finished"]
    assert progress["items"] == [
        {
            "proposal": str(snv.uuid),
            "subject_name": "Sở Nội vụ",
            "award": "co_cp",
            "state": "done",
            "state_label": "Đã lập hồ sơ",
            "message": "",
        }
    ]
    assert client_for("editor").get(f"/api/v1/dossier-jobs/{body['uid']}").status_code == 404
    assert client_for("council").get(f"/api/v1/dossier-jobs/{body['uid']}").status_code == 404


def test_the_api_batch_second_click_and_refusals(made, by, undecided_2019, client_for):
    secretary = client_for("secretary")
    first = secretary.post("/api/v1/proposal-years/KNC/2019/dossier", content_type="application/json")
    assert first.status_code == 202 and len(first.json()["items"]) == 3
    again = secretary.post("/api/v1/proposal-years/KNC/2019/dossier", content_type="application/json")
    assert again.status_code == 202 and again.json()["uid"] == first.json()["uid"]
    denied = client_for("officer_a").post(
        "/api/v1/proposal-years/KNC/2019/dossier", content_type="application/json"
    )
    assert denied.status_code == 403
    Proposal.objects.filter(bloc_year=by).update(status=ProposalStatus.SUBMITTED)
    empty = secretary.post("/api/v1/proposal-years/KNC/2019/dossier", content_type="application/json")
    assert empty.status_code == 422 and "Không có đề nghị nào để lập hồ sơ" in empty.json()["detail"]
    refused = secretary.post(f"/api/v1/proposals/{made['SNV'].uuid}/dossier", content_type="application/json")
    assert refused.status_code == 422 and refused.json()["errors"]["status"]
    schema = client_for("admin").get("/api/v1/openapi.json").json()
    assert "DossierJobOut" in schema["components"]["schemas"]
    assert "202" in schema["paths"]["/api/v1/proposals/{key}/dossier"]["post"]["responses"]
