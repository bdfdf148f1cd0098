"""Pages of the conference: the record and minutes, attendance, voting links, ballots with paper
entry, the projector screen, the published receipts, and the delegate's phone page."""

import io
import json

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from thidua.conference import documents, selectors, services
from thidua.conference.access import (
    VOTER_EXPIRED,
    ballot_for,
    clear_voter_cookie,
    conference_for,
    set_voter_cookie,
    voter_from_cookie,
)
from thidua.conference.choices import BallotStatus, Channel
from thidua.conference.forms import (
    AttendanceForm,
    BallotForm,
    BatchForm,
    ConferenceEditForm,
    ConferenceForm,
    ReceiptForm,
    ReissueForm,
    TokenForm,
    UnitsForm,
    VoteForm,
)
from thidua.conference.models import Ballot, Conference, PaperBatch, Participation, VoterPass
from thidua.conference.rules import can_manage
from thidua.core.errors import error_messages
from thidua.core.idempotency import idempotent
from thidua.core.permissions import get_visible_or_404, require
from thidua.core.views_helpers import call_service
from thidua.cycles.choices import Stage
from thidua.cycles.selectors import stage_of
from thidua.organisations.models import BlocYear, Unit
from thidua.organisations.permissions import can_manage_bloc_year

RECORD_KEYS = ["held_on", "starts_at", "venue_unit", "venue", "chair_name", "secretary_name", "agenda"]
SECTION_KEYS = ["results", "limitations", "causes", "directions", "resolutions"]


def _flash_errors(request, exc) -> None:
    if isinstance(exc, ValidationError):
        for msgs in error_messages(exc).values():
            for m in msgs:
                messages.error(request, m)
    else:
        messages.error(request, str(exc) or "Bạn không có quyền thực hiện thao tác này.")


def _run(request, func, **kwargs):
    """Run a service for a button without a form; errors become messages."""
    try:
        return func(actor=request.user, **kwargs)
    except (ValidationError, PermissionDenied) as exc:
        _flash_errors(request, exc)
        return None


def vote_link(request, voter: VoterPass) -> str:
    """The card's link: the token rides in the fragment, which browsers never send to a server,
    so it reaches no access log (the phone page's script posts it once)."""
    return request.build_absolute_uri(reverse("conference:vote")) + "#" + voter.token


def _options(ballot) -> list[tuple[str, str]]:
    if ballot.is_question:
        return [("yes", "Đồng ý"), ("no", "Không đồng ý")]
    year = ballot.conference.bloc_year.year
    return [(c.unit.code, c.unit.name_in_year(year)) for c in ballot.candidates.select_related("unit")]


# Conference --------------------------------------------------------------------------------------


@login_required
def index(request):
    conferences = list(selectors.conferences_visible_to(request.user))
    have = {c.bloc_year_id for c in conferences}
    years = [
        by
        for by in BlocYear.objects.visible_to(request.user)
        .select_related("bloc", "leader", "acting_leader")
        .order_by("-year", "bloc__name_sort")
        if by.pk not in have and can_manage_bloc_year(request.user, by)
    ]
    return render(request, "conference/index.html", {"conferences": conferences, "can_create": years})


@login_required
@idempotent
def create(request, code, year):
    bloc_year = get_visible_or_404(
        BlocYear.objects.select_related("bloc"), request.user, bloc__code=code, year=year
    )
    require(can_manage_bloc_year(request.user, bloc_year))
    existing = Conference.objects.filter(bloc_year=bloc_year).first()
    if existing:
        return redirect(existing)
    leader = bloc_year.effective_leader
    form = ConferenceForm(
        request.POST or None,
        bloc_year=bloc_year,
        initial={"venue_unit": leader, "agenda": "\n".join(services.DEFAULT_AGENDA)},
    )
    if request.method == "POST" and form.is_valid():
        conference = call_service(
            form, services.conference_create, actor=request.user, bloc_year=bloc_year, **form.cleaned_data
        )
        if conference:
            messages.success(
                request, "Đã tạo hội nghị tổng kết; các phần của biên bản đã được điền sẵn để sửa."
            )
            return redirect(conference)
    return render(request, "conference/form.html", {"form": form, "title": f"Hội nghị tổng kết {bloc_year}"})


@login_required
def detail(request, pk):
    conference = conference_for(request.user, pk)
    stage = Stage(stage_of(conference.bloc_year)).label
    ballots = list(selectors.ballots_of(conference))
    return render(
        request,
        "conference/detail.html",
        {
            "c": conference,
            "year": conference.bloc_year.year,
            "attendance": selectors.attendance_of(conference),
            "ballots": ballots,
            "can_manage": can_manage(request.user, conference),
            "stage": stage,
        },
    )


@login_required
def edit(request, pk):
    conference = conference_for(request.user, pk)
    require(can_manage(request.user, conference))
    initial = {k: getattr(conference, k) for k in RECORD_KEYS + SECTION_KEYS}
    initial["agenda"] = "\n".join(conference.agenda)
    form = ConferenceEditForm(request.POST or None, bloc_year=conference.bloc_year, initial=initial)
    if request.method == "POST" and form.is_valid():
        changed = {k: v for k, v in form.cleaned_data.items() if k in form.changed_data}
        if call_service(
            form, services.conference_update, actor=request.user, conference=conference, data=changed
        ):
            messages.success(request, "Đã lưu biên bản hội nghị.")
            return redirect(conference)
    return render(
        request, "conference/form.html", {"form": form, "title": "Sửa biên bản hội nghị", "wide": True}
    )


@login_required
@require_POST
def prefill(request, pk):
    conference = conference_for(request.user, pk)
    require(can_manage(request.user, conference))
    if _run(request, services.conference_prefill, conference=conference, overwrite=False):
        messages.success(request, "Đã điền các phần còn trống từ kết quả chấm điểm.")
    return redirect(conference)


@login_required
def attendance(request, pk):
    conference = conference_for(request.user, pk)
    require(can_manage(request.user, conference))
    form = AttendanceForm(request.POST or None, rows=selectors.attendance_of(conference))
    if request.method == "POST" and form.is_valid():
        if call_service(
            form,
            services.attendance_update,
            actor=request.user,
            conference=conference,
            rows=form.service_rows(),
        ):
            messages.success(request, "Đã lưu điểm danh.")
            return redirect(conference)
    return render(request, "conference/attendance.html", {"form": form, "c": conference})


@login_required
def passes(request, pk):
    conference = conference_for(request.user, pk)
    require(can_manage(request.user, conference))
    if request.method == "POST":
        form = ReissueForm(
            request.POST, units=Unit.objects.filter(memberships__bloc_year=conference.bloc_year)
        )
        reissue = list(form.cleaned_data["reissue"]) if form.is_valid() else None
        if reissue is None:
            messages.error(request, "Đơn vị được chọn không thuộc khối của hội nghị.")
        elif _run(request, services.passes_issue, conference=conference, reissue=reissue):
            messages.success(
                request,
                "Đã cấp thẻ bỏ phiếu."
                if not reissue
                else "Đã cấp lại thẻ; đường dẫn cũ không còn dùng được.",
            )
        return redirect("conference:passes", pk=conference.pk)
    rows = [(p, vote_link(request, p)) for p in selectors.passes_of(conference)]
    present = conference.attendance.filter(present=True).count()
    return render(
        request, "conference/passes.html", {"c": conference, "rows": rows, "missing": present - len(rows)}
    )


@login_required
def pass_qr(request, pk, code):
    conference = conference_for(request.user, pk)
    require(can_manage(request.user, conference))
    voter = VoterPass.objects.filter(conference=conference, unit__code=code).first()
    if voter is None:
        raise Http404
    link = vote_link(request, voter)
    buffer = io.BytesIO()
    segno.make(link, error="m").save(buffer, kind="svg", scale=5, border=2, xmldecl=False)
    svg = buffer.getvalue()
    return HttpResponse(svg, content_type="image/svg+xml")


@login_required
def minutes(request, pk):
    return documents.minutes_response(conference_for(request.user, pk), request.user)


@login_required
def count_minutes(request, pk):
    return documents.count_minutes_response(conference_for(request.user, pk), request.user)


# Ballots -----------------------------------------------------------------------------------------


@login_required
@idempotent
def ballot_create(request, pk):
    conference = conference_for(request.user, pk)
    require(can_manage(request.user, conference))
    form = BallotForm(
        request.POST or None, bloc_year=conference.bloc_year, initial={"kind": request.GET.get("kind", "")}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        candidates = None
        if data["candidates"]:
            chosen = {u.pk for u in data["candidates"]}
            candidates = [
                u for u in services.default_candidates(conference.bloc_year, data["kind"]) if u.pk in chosen
            ]
        ballot = call_service(
            form,
            services.ballot_create,
            actor=request.user,
            conference=conference,
            kind=data["kind"],
            title=data["title"],
            seats=data["seats"],
            candidates=candidates,
        )
        if ballot:
            messages.success(
                request, "Đã thêm nội dung biểu quyết. Kiểm tra danh sách ứng viên rồi mở bỏ phiếu."
            )
            return redirect(ballot)
    return render(
        request,
        "conference/form.html",
        {
            "form": form,
            "title": "Thêm nội dung biểu quyết",
            "help": "Bỏ trống ứng viên để lấy tất cả thành viên theo thứ tự xếp hạng (đơn vị dẫn đầu trước).",
        },
    )


@login_required
def ballot_edit(request, pk):
    ballot = ballot_for(request.user, pk)
    require(can_manage(request.user, ballot.conference) and ballot.status == BallotStatus.DRAFT)
    initial = {
        "kind": ballot.kind,
        "title": ballot.title,
        "seats": ballot.seats,
        "candidates": [c.unit for c in ballot.candidates.all()],
    }
    form = BallotForm(
        request.POST or None, bloc_year=ballot.conference.bloc_year, fixed_kind=ballot.kind, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = {u.pk for u in data["candidates"]}
        candidates = (
            [
                u
                for u in services.default_candidates(ballot.conference.bloc_year, ballot.kind)
                if u.pk in chosen
            ]
            if chosen
            else None
        )
        if call_service(
            form,
            services.ballot_update,
            actor=request.user,
            ballot=ballot,
            title=data["title"],
            seats=data["seats"],
            candidates=candidates,
        ):
            messages.success(request, "Đã lưu nội dung biểu quyết.")
            return redirect(ballot)
    return render(request, "conference/form.html", {"form": form, "title": f"Sửa: {ballot}"})


@login_required
def ballot_detail(request, pk):
    ballot = ballot_for(request.user, pk)
    manager = can_manage(request.user, ballot.conference)
    turnout = selectors.turnout(ballot)
    eligibility = selectors.candidate_eligibility(ballot)
    ctx = {
        "b": ballot,
        "c": ballot.conference,
        "can_manage": manager,
        "turnout": turnout,
        "candidates": [(c, eligibility.get(c.unit_id, [])) for c in ballot.candidates.select_related("unit")],
        "result": selectors.result_of(ballot) if ballot.status == BallotStatus.CLOSED else None,
        "runoffs": list(ballot.runoffs.all()),
    }
    if manager and ballot.status == BallotStatus.OPEN:
        waiting = Unit.objects.filter(pk__in=turnout["waiting_unit_ids"])
        ctx["paper_form"] = UnitsForm(units=waiting, year=ballot.conference.bloc_year.year)
        numbers = list(ballot.paper_batches.values_list("number", flat=True))
        ctx["batch_form"] = BatchForm(
            options=_options(ballot), initial={"number": max(numbers, default=0) + 1}
        )
        ctx["batches"] = list(ballot.paper_batches.all())
        ctx["issued"] = services.paper_issued(ballot)
        parts = dict(ballot.participations.values_list("unit_id", "channel"))
        ctx["roll"] = [
            (att, parts.get(att.unit_id)) for att in selectors.attendance_of(ballot.conference, present=True)
        ]
    return render(request, "conference/ballot_detail.html", ctx)


def _ballot_action(request, pk, func, done: str):
    ballot = ballot_for(request.user, pk)
    require(can_manage(request.user, ballot.conference))
    result = _run(request, func, ballot=ballot)
    if result is not None:
        messages.success(request, done)
        if isinstance(result, Ballot) and result.pk != ballot.pk:
            return redirect(result)
    return redirect(ballot)


@login_required
@require_POST
def ballot_open(request, pk):
    return _ballot_action(
        request,
        pk,
        services.ballot_open,
        "Đã mở bỏ phiếu. Đại biểu bỏ phiếu qua đường dẫn hoặc mã QR của mình.",
    )


@login_required
@require_POST
def ballot_close(request, pk):
    return _ballot_action(request, pk, services.ballot_close, "Đã kết thúc bỏ phiếu và kiểm phiếu.")


@login_required
@require_POST
def ballot_runoff(request, pk):
    return _ballot_action(
        request, pk, services.ballot_runoff, "Đã tạo vòng bầu tiếp theo với các ứng viên chưa phân định."
    )


@login_required
@require_POST
def paper_issue(request, pk):
    ballot = ballot_for(request.user, pk)
    require(can_manage(request.user, ballot.conference))
    form = UnitsForm(
        request.POST, units=Unit.objects.filter(memberships__bloc_year=ballot.conference.bloc_year)
    )
    if form.is_valid():
        if _run(request, services.paper_issue, ballot=ballot, units=list(form.cleaned_data["units"])):
            messages.success(request, f"Đã phát phiếu giấy cho {len(form.cleaned_data['units'])} đơn vị.")
    else:
        messages.error(request, "Chọn đơn vị nhận phiếu giấy.")
    return redirect(ballot)


@login_required
@require_POST
def paper_count(request, pk):
    ballot = ballot_for(request.user, pk)
    require(can_manage(request.user, ballot.conference))
    form = BatchForm(request.POST, options=_options(ballot))
    if form.is_valid():
        batch = _run(
            request,
            services.paper_batch_count,
            ballot=ballot,
            number=form.cleaned_data["number"],
            **form.figures(),
        )
        if batch:
            messages.success(
                request, f"Đã nhập tập phiếu số {batch.number}. Cần một người đếm lại và nhập lần hai."
            )
    else:
        messages.error(request, "Số liệu tập phiếu chưa hợp lệ: các ô phải là số nguyên không âm.")
    return redirect(ballot)


@login_required
@require_POST
def paper_recount(request, pk, number):
    ballot = ballot_for(request.user, pk)
    require(can_manage(request.user, ballot.conference))
    batch = PaperBatch.objects.filter(ballot=ballot, number=number).first()
    if batch is None:
        raise Http404
    form = BatchForm(request.POST, options=_options(ballot))
    if form.is_valid():
        if _run(request, services.paper_batch_recount, batch=batch, **form.figures()):
            messages.success(request, f"Kiểm lại tập phiếu số {number}: khớp. Tập phiếu đã được tính.")
    else:
        messages.error(request, "Số liệu kiểm lại chưa hợp lệ: các ô phải là số nguyên không âm.")
    return redirect(ballot)


@login_required
def projector(request, pk):
    """Full-screen results for the room: turnout while open, results only after closing."""
    ballot = ballot_for(request.user, pk)
    result = selectors.result_of(ballot) if ballot.status == BallotStatus.CLOSED else None
    return render(
        request,
        "conference/projector.html",
        {"b": ballot, "c": ballot.conference, "turnout": selectors.turnout(ballot), "result": result},
    )


def receipts(request, pk):
    """Published receipt codes (anyone holding the ballot's link; nothing before closing). A code
    is checked by POST, so it never appears in a URL or an access log next to the phone's address."""
    ballot = Ballot.objects.filter(pk=pk).select_related("conference__bloc_year__bloc").first()
    if ballot is None:
        raise Http404
    codes = selectors.receipts_of(ballot) if ballot.status == BallotStatus.CLOSED else None
    form = ReceiptForm(request.POST or None)
    query, found = "", None
    if codes is not None and request.method == "POST" and form.is_valid():
        query = form.cleaned_data["ma"]
        found = query in codes
    return render(
        request,
        "conference/receipts.html",
        {"b": ballot, "codes": codes, "query": query, "found": found, "form": form},
    )


@login_required
def tally(request, pk):
    """The tally file of a closed ballot (JSON) for whoever may see its results; it recounts with
    ``thidua/conference/recount.py``."""
    ballot = ballot_for(request.user, pk)
    data = selectors.tally_file(ballot)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=1), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="kiem-phieu-{ballot.pk}.json"'
    return response


# The delegate's phone page ------------------------------------------------------------------------


@never_cache
@require_POST
def vote_enter(request):
    """Exchanges the card's voting code (posted by the QR page's script from the URL fragment, or
    typed) for the delegate's cookie, then goes to the token-free phone page."""
    form = TokenForm(request.POST)
    voter = (
        VoterPass.objects.select_related("unit", "conference")
        .filter(token=form.cleaned_data["token"])
        .first()
        if form.is_valid()
        else None
    )
    if voter is None:
        error = (
            "; ".join(m for ms in form.errors.values() for m in ms)
            if form.errors
            else "Mã bỏ phiếu không đúng hoặc đã được cấp lại. Hãy hỏi thư ký hội nghị."
        )
        response = render(request, "conference/vote.html", {"error": error, "enter_form": form}, status=403)
        clear_voter_cookie(response)
        return response
    response = redirect("conference:vote")
    response.status_code = 303
    set_voter_cookie(request, response, voter)
    return response


@never_cache
def vote(request):
    """One page per delegate (known by their cookie): every open ballot with large choices; the
    receipt is shown once, in the answer to the vote itself, and kept nowhere that names the
    delegate. Without a valid cookie: the form to type the card's code."""
    voter, refused = voter_from_cookie(request)
    if voter is None:
        status = 403 if refused or request.method == "POST" else 200
        response = render(
            request,
            "conference/vote.html",
            {"error": VOTER_EXPIRED if status == 403 else "", "enter_form": TokenForm()},
            status=status,
        )
        if refused:
            clear_voter_cookie(response)
        return response
    receipt, error, voted_title = None, None, ""
    if request.method == "POST":
        form = VoteForm(request.POST, ballots=Ballot.objects.filter(conference=voter.conference))
        if not form.is_valid():
            error = "; ".join(m for ms in form.errors.values() for m in ms)
        else:
            ballot = form.cleaned_data["ballot"]
            abstain, choices = form.cleaned_data["abstain"], form.cleaned_data["choice"]
            try:
                receipt = services.vote_cast(
                    token=voter.token, ballot=ballot, choices=choices, abstain=abstain
                )
                voted_title = ballot.title
            except (ValidationError, PermissionDenied) as exc:
                error = (
                    "; ".join(m for ms in error_messages(exc).values() for m in ms)
                    if isinstance(exc, ValidationError)
                    else str(exc)
                )
    conference = voter.conference
    channels = dict(
        Participation.objects.filter(ballot__conference=conference, unit_id=voter.unit_id).values_list(
            "ballot_id", "channel"
        )
    )
    items = []
    for ballot in selectors.ballots_of(conference).exclude(status=BallotStatus.DRAFT):
        items.append(
            {
                "b": ballot,
                "options": _options(ballot),
                "voted": ballot.pk in channels,
                "paper": channels.get(ballot.pk) == Channel.PAPER,
                "multi": not ballot.is_question and ballot.seats > 1,
            }
        )
    return render(
        request,
        "conference/vote.html",
        {
            "voter": voter,
            "items": items,
            "receipt": receipt,
            "error": error,
            "voted_title": voted_title,
            "year": conference.bloc_year.year,
            "enter_form": TokenForm(),
        },
        status=422 if error else 200,
    )
