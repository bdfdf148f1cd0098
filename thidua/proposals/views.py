import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from thidua.accounts.choices import Role
from thidua.conference.selectors import outcomes_for_year
from thidua.core.errors import error_messages
from thidua.core.idempotency import idempotent
from thidua.core.permissions import get_visible_or_404, require
from thidua.core.views_helpers import call_service, paginate, query_string_without_page
from thidua.documents.signing import signatures_required, signed_copies_of
from thidua.organisations.access import bloc_year_for
from thidua.organisations.models import BlocYear
from thidua.proposals import exports, jobs, rules, selectors, services
from thidua.proposals.certificate_document import (
    certificate_documents_create,
    certificate_state,
)
from thidua.proposals.certificate_document import may_sign as may_sign_certificate
from thidua.proposals.choices import CENTRAL_AUTHORITIES, EDITABLE, ProposalGround, ProposalStatus
from thidua.proposals.decision_document import decision_files
from thidua.proposals.forms import (
    CouncilMeetingForm,
    CouncilSessionForm,
    CouncilVoteForm,
    DecisionForm,
    ExemplaryEditForm,
    ExemplaryForm,
    ForwardForm,
    PhotoForm,
    ProposalCreateForm,
    ProposalEditForm,
    PublishForm,
    ReceiveManyForm,
    ReturnForm,
    RoundSettingsForm,
    SubmitForm,
)
from thidua.proposals.models import (
    DOSSIER_JOB_ACTIVE,
    Decision,
    DecisionItem,
    DossierJob,
    ExemplaryModel,
    ExemplaryPhoto,
    Proposal,
)
from thidua.proposals.permissions import (
    can_edit_exemplary,
    can_prepare,
    can_process,
    can_publish_exemplary,
    can_see_reports,
)
from thidua.proposals.services.decisions import decision_documents_create


def _flash_errors(request, exc) -> None:
    if isinstance(exc, ValidationError):
        for msgs in error_messages(exc).values():
            for m in msgs:
                messages.error(request, m)
    else:
        messages.error(request, str(exc) or "Bạn không có quyền thực hiện thao tác này.")


def _run(request, func, success: str, **kwargs):
    try:
        result = func(**kwargs)
    except (ValidationError, PermissionDenied) as exc:
        _flash_errors(request, exc)
        return None
    messages.success(request, success)
    return result


def _proposal(request, key) -> Proposal:
    return get_visible_or_404(Proposal.objects.with_related(), request.user, uuid=key)


# Proposals ---------------------------------------------------------------------------------------


@login_required
def proposal_list(request):
    year = request.GET.get("year", "")
    qs = selectors.proposals_visible_to(
        user=request.user,
        year=int(year) if year.isdigit() else None,
        status=request.GET.get("status", ""),
        bloc=request.GET.get("bloc", ""),
        query=request.GET.get("q", ""),
    )
    return render(
        request,
        "proposals/proposal_list.html",
        {
            "page": paginate(request, qs),
            "qs": query_string_without_page(request),
            "statuses": ProposalStatus.choices,
            "years": selectors.years_with_proposals(),
            "can_process": can_process(request.user),
            "bloc_years": BlocYear.objects.visible_to(request.user)
            .with_people()
            .order_by("-year", "bloc__name_sort")[:20],
        },
    )


@login_required
def bloc_year_proposals(request, code, year):
    by = bloc_year_for(request.user, code, year)
    manage = can_prepare(request.user, by)
    form = ProposalCreateForm(bloc_year=by) if manage else None
    outcomes = [
        o
        for o in outcomes_for_year(bloc_year=by)
        if o.kind in {"government_flag", "provincial_flag", "certificate"}
    ]
    return render(
        request,
        "proposals/bloc_year.html",
        {
            "by": by,
            "proposals": selectors.proposals_of_year(bloc_year=by),
            "outcomes": outcomes,
            "can_manage": manage,
            "form": form,
            "deadline": services.deadline_for(by),
            "today": timezone.localdate(),
            "list_files": selectors.bloc_list_files(by),
            # Outcomes not yet turned into a proposal (the button goes once every one has been).
            "outcomes_left": len(selectors.outcomes_without_proposal(outcomes)),
            "can_list": manage or can_process(request.user),
            "editable_count": by.proposals.filter(status__in=EDITABLE).count(),
            **_job_context(request, bloc_year=by),
        },
    )


@login_required
@require_POST
def from_outcomes(request, code, year):
    by = bloc_year_for(request.user, code, year)
    require(can_prepare(request.user, by))
    created = _run(
        request,
        services.proposals_from_outcomes,
        "Đã tạo đề nghị từ kết quả biểu quyết.",
        actor=request.user,
        bloc_year=by,
    )
    if created:
        messages.info(request, f"Đã tạo {len(created)} đề nghị.")
    return redirect("proposals:bloc_year", code=code, year=year)


@login_required
@idempotent
@require_POST
def bloc_list(request, code, year):
    """The bloc year's list of proposed subjects (Word and Excel)."""
    by = bloc_year_for(request.user, code, year)
    require(can_prepare(request.user, by) or can_process(request.user))
    _run(
        request,
        services.bloc_list_generate,
        "Đã lập danh sách tập thể, cá nhân đề nghị khen thưởng (Word và Excel).",
        actor=request.user,
        bloc_year=by,
    )
    return redirect("proposals:bloc_year", code=code, year=year)


@login_required
@idempotent
def proposal_create(request, code, year):
    by = bloc_year_for(request.user, code, year)
    require(can_prepare(request.user, by))
    form = ProposalCreateForm(request.POST or None, bloc_year=by)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        proposal = call_service(
            form,
            services.proposal_create,
            actor=request.user,
            bloc_year=by,
            award=d["award"],
            unit=d["unit"],
            person=d["person"],
            vote_yes=d["vote_yes"],
            vote_base=d["vote_base"],
            vote_note=d["vote_note"],
            ground=d["ground"] or ProposalGround.CHECKABLE,
            ground_justification=d["ground_justification"],
            ground_movement=d["ground_movement"],
        )
        if proposal:
            messages.success(request, "Đã tạo đề nghị.")
            return redirect(proposal.get_absolute_url())
    return render(
        request, "proposals/form.html", {"form": form, "title": f"Thêm đề nghị – {by}", "multipart": False}
    )


@login_required
def proposal_detail(request, key):
    proposal = _proposal(request, key)
    status = selectors.dossier_status(proposal)
    manage = can_prepare(request.user, proposal.bloc_year) and proposal.status in {
        ProposalStatus.DRAFT,
        ProposalStatus.RETURNED,
    }
    deadline = services.deadline_for(proposal.bloc_year)
    return render(
        request,
        "proposals/proposal_detail.html",
        {
            "p": proposal,
            "timeline": selectors.timeline(proposal),
            "dossier": status,
            "can_edit": manage,
            "can_process": can_process(request.user),
            "edit_form": ProposalEditForm(
                initial={
                    "achievement_report": proposal.achievement_report,
                    "vote_yes": proposal.vote_yes,
                    "vote_base": proposal.vote_base,
                    "vote_note": proposal.vote_note,
                    "ground": proposal.ground,
                    "ground_justification": proposal.ground_justification,
                    "ground_movement": proposal.ground_movement_id,
                },
                bloc_year=proposal.bloc_year,
            ),
            "grounds": rules.grounds_of(award=proposal.award, year=proposal.year),
            "submit_form": SubmitForm(),
            "return_form": ReturnForm(),
            "forward_form": ForwardForm(),
            "central_deadline": services.central_deadline_for(award=proposal.award, year=proposal.year),
            "today": timezone.localdate(),
            "council_form": CouncilVoteForm(
                initial={"members": services.round_settings_for(proposal.year).council_members}
            ),
            "deadline": deadline,
            "late": timezone.localdate() > deadline,
            "threshold": rules.council_threshold(award=proposal.award, year=proposal.year),
            "item": DecisionItem.objects.filter(proposal=proposal).select_related("decision").first(),
            **_job_context(request, proposal=proposal),
        },
    )


def _proposal_action(request, key, func, success, **kwargs):
    proposal = _proposal(request, key)
    _run(request, func, success, actor=request.user, proposal=proposal, **kwargs)
    return redirect(proposal.get_absolute_url())


@login_required
@require_POST
def proposal_edit(request, key):
    proposal = _proposal(request, key)
    require(can_prepare(request.user, proposal.bloc_year))
    form = ProposalEditForm(request.POST, bloc_year=proposal.bloc_year)
    if not form.is_valid():
        for errs in form.errors.values():
            for e in errs:
                messages.error(request, e)
        return redirect(proposal.get_absolute_url())
    d = form.cleaned_data
    return _proposal_action(
        request,
        key,
        services.proposal_update,
        "Đã lưu báo cáo thành tích. Hãy lập lại hồ sơ.",
        achievement_report=d["achievement_report"],
        vote_yes=d["vote_yes"],
        vote_base=d["vote_base"],
        vote_note=d["vote_note"],
        ground=d["ground"] or None,
        ground_justification=d["ground_justification"],
        ground_movement=d["ground_movement"],
    )


# Dossier jobs ------------------------------------------------------------------------------------


def _uuid(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text)
    except ValueError:
        return None


def _job_on_page(request, *, proposal=None, bloc_year=None) -> DossierJob | None:
    """The job named in ``?ho-so=`` (just started here) or else the newest unfinished one."""
    visible = DossierJob.objects.visible_to(request.user)
    scope = {"proposals": proposal} if proposal is not None else {"bloc_year": bloc_year}
    uid = _uuid(request.GET.get("ho-so", ""))
    job = visible.filter(uid=uid, **scope).first() if uid else None
    if job is None:
        job = visible.filter(status__in=DOSSIER_JOB_ACTIVE, **scope).order_by("-created_at", "-id").first()
    return job


def _job_context(request, *, proposal=None, bloc_year=None) -> dict:
    """What a proposal page or a bloc year page needs to show a dossier job's progress."""
    job = _job_on_page(request, proposal=proposal, bloc_year=bloc_year)
    if job is None:
        return {"dossier_job": None}
    if proposal is not None:
        return {"dossier_job": job, "dossier_table": False, "dossier_poll": f"de-nghi={proposal.uuid}"}
    return {
        "dossier_job": job,
        "dossier_table": True,
        "dossier_rows": jobs.dossier_job_rows(job),
        "dossier_poll": "bang=1",
    }


def _start_job(request, func, **kwargs) -> DossierJob | None:
    try:
        job = func(actor=request.user, **kwargs)
    except (ValidationError, PermissionDenied) as exc:
        _flash_errors(request, exc)
        return None
    if not job.is_finished:
        messages.info(request, "Đang lập hồ sơ; tiến độ hiện dưới đây, trang tự cập nhật khi xong.")
    return job


@login_required
@idempotent
@require_POST
def dossier_generate(request, key):
    proposal = _proposal(request, key)
    require(can_prepare(request.user, proposal.bloc_year))
    job = _start_job(request, jobs.dossier_job_start, proposals=[proposal])
    url = proposal.get_absolute_url()
    return redirect(f"{url}?ho-so={job.uid}#dossier-job" if job else url)


@login_required
@idempotent
@require_POST
def dossier_batch(request, code, year):
    by = bloc_year_for(request.user, code, year)
    require(can_prepare(request.user, by))
    job = _start_job(request, jobs.dossier_batch_start, bloc_year=by)
    url = reverse("proposals:bloc_year", args=[code, year])
    return redirect(f"{url}?ho-so={job.uid}#dossier-job" if job else url)


def _dossier_job(request, uid) -> DossierJob:
    return get_visible_or_404(
        DossierJob.objects.select_related("bloc_year__bloc", "created_by"), request.user, uid=uid
    )


@login_required
def dossier_job(request, uid):
    job = _dossier_job(request, uid)
    return render(
        request,
        "proposals/dossier_job.html",
        {"job": job, "table": True, "rows": jobs.dossier_job_rows(job), "poll_query": "bang=1"},
    )


@login_required
def dossier_job_progress(request, uid):
    """The polled partial. ``bang=1`` keeps the per-proposal table; ``de-nghi=<uuid>`` (the
    proposal page) sends the browser back to that page once the job is over, to show the files.
    Opened directly (not polled by htmx), it is the job's own page: a whole document, not a fragment."""
    if not request.headers.get("HX-Request"):
        return dossier_job(request, uid)
    job = _dossier_job(request, uid)
    key = _uuid(request.GET.get("de-nghi", ""))
    proposal = job.proposals.visible_to(request.user).filter(uuid=key).first() if key else None
    if proposal is not None:
        context = {"job": job, "table": False, "poll_query": f"de-nghi={proposal.uuid}"}
    elif request.GET.get("bang") == "1":
        context = {"job": job, "table": True, "rows": jobs.dossier_job_rows(job), "poll_query": "bang=1"}
    else:
        context = {"job": job, "table": False, "poll_query": ""}
    response = render(request, "proposals/_dossier_job.html", context)
    if proposal is not None and job.is_finished:
        response["HX-Redirect"] = f"{proposal.get_absolute_url()}?ho-so={job.uid}"
    return response


@login_required
@require_POST
def proposal_submit(request, key):
    proposal = _proposal(request, key)
    require(can_prepare(request.user, proposal.bloc_year))
    form = SubmitForm(request.POST)
    if not form.is_valid():
        _flash_errors(request, ValidationError(form.errors))
        return redirect(proposal.get_absolute_url())
    return _proposal_action(
        request,
        key,
        services.proposal_submit,
        "Đã trình đề nghị lên Phòng Thi đua – Khen thưởng.",
        late_reason=form.cleaned_data["late_reason"],
    )


@login_required
@require_POST
def proposal_receive(request, key):
    require(can_process(request.user))
    return _proposal_action(request, key, services.proposal_receive, "Đã tiếp nhận hồ sơ.")


@login_required
@require_POST
def proposal_return(request, key):
    require(can_process(request.user))
    form = ReturnForm(request.POST)
    if not form.is_valid():
        _flash_errors(request, ValidationError(form.errors))
        return redirect(_proposal(request, key).get_absolute_url())
    return _proposal_action(
        request,
        key,
        services.proposal_return,
        "Đã trả lại hồ sơ cho khối.",
        reason=form.cleaned_data["reason"],
    )


@login_required
@require_POST
def council_vote(request, key):
    require(can_process(request.user))
    form = CouncilVoteForm(request.POST)
    if not form.is_valid():
        for errs in form.errors.values():
            for e in errs:
                messages.error(request, e)
        return redirect(_proposal(request, key).get_absolute_url())
    d = form.cleaned_data
    return _proposal_action(
        request,
        key,
        services.council_vote_record,
        "Đã ghi kết quả biểu quyết của Hội đồng.",
        yes=d["yes"],
        members=d["members"],
        voted_on=d["voted_on"],
    )


@login_required
@require_POST
def proposal_forward(request, key):
    require(can_process(request.user))
    form = ForwardForm(request.POST)
    if not form.is_valid():
        _flash_errors(request, ValidationError(form.errors))
        return redirect(_proposal(request, key).get_absolute_url())
    d = form.cleaned_data
    return _proposal_action(
        request,
        key,
        services.proposal_forward,
        "Đã ghi nhận việc gửi hồ sơ về Bộ Nội vụ.",
        letter_number=d["letter_number"],
        forwarded_on=d["forwarded_on"],
        late_reason=d["late_reason"],
    )


@login_required
@require_POST
def receive_many(request):
    require(can_process(request.user))
    form = ReceiveManyForm(request.POST, visible=Proposal.objects.visible_to(request.user))
    if not form.is_valid():
        _flash_errors(request, ValidationError(form.errors))
        return redirect("proposals:proposal_list")
    found = list(form.cleaned_data["proposals"])
    done = _run(
        request,
        services.proposals_receive_many,
        "Đã tiếp nhận các hồ sơ đã chọn.",
        actor=request.user,
        proposals=found,
    )
    if done:
        messages.info(request, f"Đã tiếp nhận {len(done)} hồ sơ.")
    next_url = form.cleaned_data["next"]
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    return redirect(next_url or "proposals:proposal_list")


@login_required
def council_meeting(request, year):
    """The Council's meeting: every received proposal of the year (not in an unfinished e-vote
    session) with a box for its votes at a paper meeting, and the form making an e-vote session."""
    require(can_process(request.user))
    waiting = list(selectors.council_waiting(year=year))
    settings_ = services.round_settings_for(year)
    form = CouncilMeetingForm(
        request.POST or None, proposals=waiting, initial={"members": settings_.council_members or None}
    )
    if request.method == "POST":
        if not form.is_valid():
            for errors in form.errors.values():
                for message in errors:
                    messages.error(request, message)
        else:
            done = _run(
                request,
                services.council_votes_record_many,
                "Đã ghi kết quả biểu quyết của Hội đồng.",
                actor=request.user,
                votes=form.votes(),
                members=form.cleaned_data["members"],
                voted_on=form.cleaned_data["voted_on"],
            )
            if done:
                approved = sum(1 for p in done if p.status == ProposalStatus.APPROVED)
                messages.info(request, f"{approved}/{len(done)} đề nghị được thông qua.")
                return redirect("proposals:council_meeting", year=year)
    return render(
        request,
        "proposals/council_meeting.html",
        {
            "year": year,
            "waiting": waiting,
            "settings": settings_,
            "form": form,
            "session_form": CouncilSessionForm(waiting=selectors.council_waiting(year=year)),
            "sessions": selectors.council_sessions_visible_to(user=request.user).filter(year=year),
            "evote_secret": settings.THIDUA_COUNCIL_SECRET_VOTE,
        },
    )


# Decisions ---------------------------------------------------------------------------------------


@login_required
def decision_list(request):
    return render(
        request,
        "proposals/decision_list.html",
        {
            "page": paginate(request, selectors.decisions_visible_to(user=request.user)),
            "can_process": can_process(request.user),
        },
    )


@login_required
@idempotent
def decision_create(request):
    require(can_process(request.user))
    # Provincial awards once the Council approved them; central ones once MoHA has the dossier.
    approved = list(
        Proposal.objects.with_related()
        .filter(
            Q(status=ProposalStatus.APPROVED) & ~Q(award__authority__in=CENTRAL_AUTHORITIES)
            | Q(status=ProposalStatus.FORWARDED)
        )
        .order_by("year", "award__authority", "id")
    )
    form = DecisionForm(request.POST or None, approved=approved)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        decision = call_service(
            form,
            services.decision_record,
            actor=request.user,
            number=d["number"],
            date=d["date"],
            signer_name=d["signer_name"],
            signer_title=d["signer_title"],
            authority=d["authority"],
            authority_name=d["authority_name"],
            proposals=[form.approved[k] for k in d["proposals"]],
        )
        if decision:
            if decision.is_issued:
                messages.success(request, f"Đã ghi {decision} và cập nhật lịch sử khen thưởng.")
            else:
                messages.success(
                    request,
                    f"Đã ghi {decision}. Quyết định được ban hành (và ghi vào lịch sử khen thưởng) khi bản PDF "
                    "đã ký số được tải lên và xác minh.",
                )
            return redirect(decision.get_absolute_url())
    return render(
        request,
        "proposals/form.html",
        {"form": form, "title": "Nhập quyết định khen thưởng", "multipart": False},
    )


@login_required
def decision_detail(request, key):
    decision = get_visible_or_404(Decision.objects.all(), request.user, uuid=key)
    files = decision_files(decision)
    pdf = next((f for f in files if f.file_format == "pdf"), None)
    signed = next((c for f in files if f.file_format == "pdf" for c in signed_copies_of(f)), None)
    return render(
        request,
        "proposals/decision_detail.html",
        {
            "d": decision,
            "items": selectors.decision_items_of(decision),
            "files": files,
            "pdf": pdf,
            "signed": signed,
            "can_process": can_process(request.user),
            "signatures_required": signatures_required(),
        },
    )


@login_required
@require_POST
def decision_document(request, key):
    """Make the decision's Word file and PDF (the file the signer signs), then open the PDF's
    signing page ("Tải lên bản đã ký số"), or come back when PDF is unavailable."""
    decision = get_visible_or_404(Decision.objects.all(), request.user, uuid=key)
    require(can_process(request.user))
    _word, pdf = decision_documents_create(actor=request.user, decision=decision)
    if pdf is None:
        messages.warning(
            request,
            "Đã tạo bản Word của quyết định. Máy chủ chưa cài LibreOffice nên chưa tạo được bản PDF để ký số.",
        )
        return redirect(decision.get_absolute_url())
    messages.success(request, "Đã tạo văn bản quyết định. Tải về bản PDF, ký số rồi tải lên bản đã ký.")
    return redirect(pdf.get_signing_url())


def _certificate_item(request, code) -> DecisionItem:
    item = get_object_or_404(
        DecisionItem.objects.select_related(
            "decision",
            "proposal__award",
            "proposal__unit",
            "proposal__person__unit",
            "proposal__bloc_year__bloc",
        ),
        certificate_code=code,
    )
    require(Proposal.objects.visible_to(request.user).filter(pk=item.proposal_id).exists())
    return item


@login_required
def certificate(request, code):
    """The printable certificate (with its QR code) and its state: signed and issued, or not yet
    signed with the way to its signing page for the office (issue 14)."""
    item = _certificate_item(request, code)
    state = certificate_state(item)
    return render(
        request,
        "proposals/certificate.html",
        {
            "item": item,
            "p": item.proposal,
            "d": item.decision,
            "state": state,
            "can_sign": may_sign_certificate(request.user, item),
            "can_process": can_process(request.user),
        },
    )


@login_required
@require_POST
def certificate_document(request, code):
    """Make the certificate's Word file and PDF (the file the signer signs), then open the PDF's
    signing page, or come back to the certificate when PDF is unavailable or it cannot be made yet."""
    item = _certificate_item(request, code)
    require(can_process(request.user))
    try:
        _word, pdf = certificate_documents_create(actor=request.user, item=item)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(item.get_absolute_url())
    if pdf is None:
        messages.warning(
            request,
            "Đã tạo bản Word của bằng khen, giấy khen. Máy chủ chưa cài LibreOffice nên chưa tạo được bản PDF "
            "để ký số.",
        )
        return redirect(item.get_absolute_url())
    messages.success(
        request, "Đã tạo văn bản bằng khen, giấy khen. Tải về bản PDF, ký số rồi tải lên bản đã ký."
    )
    return redirect(pdf.get_signing_url())


# Reports -----------------------------------------------------------------------------------------


@login_required
def reports(request):
    require(can_see_reports(request.user))
    year = request.GET.get("year", "")
    data = selectors.awards_report(bloc=request.GET.get("bloc", ""))
    by_status = selectors.proposals_by_status(user=request.user, year=int(year) if year.isdigit() else None)
    cash = selectors.cash_per_year()
    charts = {
        "form": {"labels": [k for k, _ in data["by_form"]], "values": [v for _, v in data["by_form"]]},
        "year": {"labels": [k for k, _ in data["by_year"]], "values": [v for _, v in data["by_year"]]},
        "status": {"labels": [label for _, label, _ in by_status], "values": [n for _, _, n in by_status]},
        "cash": {"labels": [y for y, _, _ in cash], "values": [t for _, t, _ in cash]},
    }
    return render(
        request,
        "proposals/reports.html",
        {"data": data, "by_status": by_status, "cash": cash, "charts": charts},
    )


@login_required
def reports_excel(request):
    require(can_see_reports(request.user))
    content = exports.reports_workbook(user=request.user)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="bao-cao-khen-thuong.xlsx"'
    return response


@login_required
def dossier_archive(request, year):
    """Every dossier of the year that reached the office, as one ZIP (office and Council)."""
    require(can_process(request.user) or can_see_reports(request.user))
    bloc = request.GET.get("khoi", "")[:40]
    archive, count = selectors.dossier_archive(user=request.user, year=year, bloc=bloc)
    if not count:
        archive.close()
        messages.info(request, f"Chưa có hồ sơ nào đã tiếp nhận năm {year} để tải về.")
        return redirect(f"{reverse('proposals:province')}?year={year}")
    name = f"ho-so-de-nghi-khen-thuong-{year}{'-' + bloc if bloc else ''}.zip"
    return FileResponse(archive, as_attachment=True, filename=name, content_type="application/zip")


@login_required
def province(request):
    require(can_process(request.user) or can_see_reports(request.user))
    year = request.GET.get("year", "")
    year = (
        int(year) if year.isdigit() else (selectors.years_with_proposals() or [timezone.localdate().year])[0]
    )
    return render(
        request,
        "proposals/province.html",
        {
            "rows": selectors.province_overview(year=year),
            "year": year,
            "settings": services.round_settings_for(year),
            "waiting": Proposal.objects.with_related().filter(year=year, status=ProposalStatus.SUBMITTED),
            "to_moha": [
                (p, services.central_deadline_for(award=p.award, year=p.year))
                for p in Proposal.objects.with_related().filter(
                    year=year, status=ProposalStatus.APPROVED, award__authority__in=CENTRAL_AUTHORITIES
                )
            ],
            "central_deadlines": services.central_deadlines(year),
            "today": timezone.localdate(),
            "can_process": can_process(request.user),
        },
    )


@login_required
def round_settings(request, year):
    require(can_process(request.user))
    current = services.round_settings_for(year)
    form = RoundSettingsForm(
        request.POST or None,
        initial={
            "bloc_deadline": current.bloc_deadline,
            "council_members": current.council_members,
            "central_deadline": current.central_deadline,
            "notes": current.notes,
        },
    )
    if request.method == "POST" and form.is_valid():
        if call_service(
            form, services.round_settings_save, actor=request.user, year=year, **form.cleaned_data
        ):
            messages.success(request, f"Đã lưu thiết lập đợt xét năm {year}.")
            return redirect(f"/de-nghi/toan-tinh/?year={year}")
    return render(
        request,
        "proposals/form.html",
        {"form": form, "title": f"Thiết lập đợt xét khen thưởng năm {year}", "multipart": False},
    )


# Exemplary models --------------------------------------------------------------------------------


@login_required
def exemplary_list(request):
    return render(
        request,
        "proposals/exemplary_list.html",
        {
            "page": paginate(request, selectors.exemplary_visible_to(user=request.user)),
            "can_create": _may_propose_exemplary(request.user),
        },
    )


def _may_propose_exemplary(user) -> bool:
    return user.is_provincial or (
        user.unit_id is not None and user.has_role(Role.UNIT_OFFICER, Role.BLOC_SECRETARY)
    )


@login_required
@idempotent
def exemplary_create(request):
    require(_may_propose_exemplary(request.user))
    form = ExemplaryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        model = call_service(
            form,
            services.exemplary_create,
            actor=request.user,
            title=d["title"],
            year=d["year"],
            story=d["story"],
            unit=d["unit"],
            person=d["person"],
        )
        if model:
            messages.success(request, "Đã thêm điển hình tiên tiến.")
            return redirect(model.get_absolute_url())
    return render(
        request,
        "proposals/form.html",
        {"form": form, "title": "Thêm điển hình tiên tiến", "multipart": False},
    )


def _exemplary(request, key) -> ExemplaryModel:
    return get_visible_or_404(
        ExemplaryModel.objects.select_related("unit", "person__unit"), request.user, uuid=key
    )


def _may_edit_exemplary(user, model: ExemplaryModel) -> bool:
    return can_edit_exemplary(user, unit_id=model.unit_id or model.person.unit_id)


def _warn_if_withdrawn(request, model: ExemplaryModel) -> None:
    """A unit officer's change to a published model takes it off the portal (see the service)."""
    if model.published and not ExemplaryModel.objects.filter(pk=model.pk, published=True).exists():
        messages.warning(request, services.WITHDRAWN)


@login_required
def exemplary_detail(request, key):
    model = _exemplary(request, key)
    return render(
        request,
        "proposals/exemplary_detail.html",
        {
            "m": model,
            "photos": list(model.photos.all()),
            "photo_form": PhotoForm(),
            "can_edit": _may_edit_exemplary(request.user, model),
            "can_publish": can_publish_exemplary(request.user),
            "awards": model.awards.select_related("award").order_by("-year", "-decision_date"),
        },
    )


@login_required
def exemplary_edit(request, key):
    model = _exemplary(request, key)
    require(_may_edit_exemplary(request.user, model))
    initial = {"title": model.title, "year": model.year, "story": model.story, "awards": model.awards.all()}
    form = ExemplaryEditForm(request.POST or None, initial=initial, model=model)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        updated = call_service(
            form,
            services.exemplary_update,
            actor=request.user,
            model=model,
            title=d["title"],
            year=d["year"],
            story=d["story"],
            award_records=d["awards"],
        )
        if updated:
            _warn_if_withdrawn(request, model)
            messages.success(request, "Đã lưu điển hình tiên tiến.")
            return redirect(updated.get_absolute_url())
    return render(
        request,
        "proposals/exemplary_form.html",
        {
            "form": form,
            "m": model,
            "will_withdraw": model.published and not can_publish_exemplary(request.user),
        },
    )


@login_required
@idempotent
@require_POST
def exemplary_photo_add(request, key):
    model = _exemplary(request, key)
    require(_may_edit_exemplary(request.user, model))
    form = PhotoForm(request.POST, request.FILES)
    if not form.is_valid():
        _flash_errors(request, ValidationError(form.errors))
        return redirect(model.get_absolute_url())
    done = _run(
        request,
        services.exemplary_photo_add,
        "Đã thêm ảnh.",
        actor=request.user,
        model=model,
        upload=form.cleaned_data["image"],
        caption=form.cleaned_data["caption"],
    )
    if done:
        _warn_if_withdrawn(request, model)
    return redirect(model.get_absolute_url())


@login_required
@require_POST
def exemplary_photo_remove(request, key, code):
    model = _exemplary(request, key)
    require(_may_edit_exemplary(request.user, model))
    photo = model.photos.filter(code=code).first()
    if photo is None:  # a second click: the first one removed it
        messages.info(request, "Ảnh này đã được xoá trước đó.")
        return redirect(model.get_absolute_url())
    if _run(request, services.exemplary_photo_remove, "Đã xoá ảnh.", actor=request.user, photo=photo):
        _warn_if_withdrawn(request, model)
    return redirect(model.get_absolute_url())


@login_required
@require_POST
def exemplary_publish(request, key):
    model = _exemplary(request, key)
    require(can_publish_exemplary(request.user))
    form = PublishForm(request.POST)
    published = form.is_valid() and form.cleaned_data["published"]
    _run(
        request,
        services.exemplary_publish,
        "Đã công bố." if published else "Đã thôi công bố.",
        actor=request.user,
        model=model,
        published=published,
    )
    return redirect(model.get_absolute_url())


def exemplary_photo(request, code):
    photo = get_object_or_404(ExemplaryPhoto.objects.select_related("exemplary"), code=code)
    if not ExemplaryModel.objects.visible_to(request.user).filter(pk=photo.exemplary_id).exists():
        raise Http404
    return FileResponse(photo.image.open("rb"), content_type="image/jpeg")
