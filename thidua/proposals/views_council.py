"""Pages of the Council's e-vote: the sessions, a session (the office runs it; the results after
closing), the phone page where a member checks in and votes (HTMX swaps one card per vote)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from thidua.core.idempotency import idempotent
from thidua.core.permissions import require
from thidua.core.views_helpers import call_service
from thidua.proposals import selectors, services
from thidua.proposals.forms import CouncilBallotForm, CouncilSessionForm
from thidua.proposals.permissions import can_process, can_see_council


def _flash_form_errors(request, form) -> None:
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, message)


@login_required
def council_sessions(request):
    """Every e-vote session, newest first (the office and the Council's members)."""
    require(can_see_council(request.user))
    sessions = selectors.council_sessions_visible_to(user=request.user)
    return render(
        request,
        "proposals/council_sessions.html",
        {"sessions": sessions, "can_process": can_process(request.user)},
    )


@login_required
@require_POST
@idempotent
def council_session_create(request, year):
    require(can_process(request.user))
    form = CouncilSessionForm(request.POST, waiting=selectors.council_waiting(year=year))
    if not form.is_valid():
        _flash_form_errors(request, form)
        return redirect("proposals:council_meeting", year=year)
    session = call_service(
        form,
        services.council_session_create,
        actor=request.user,
        year=year,
        proposals=list(form.cleaned_data["proposals"]),
        title=form.cleaned_data["title"],
    )
    if session is None:
        _flash_form_errors(request, form)
        return redirect("proposals:council_meeting", year=year)
    messages.success(request, "Đã tạo phiên biểu quyết; bấm “Mở biểu quyết” khi Hội đồng bắt đầu họp.")
    return redirect(session.get_absolute_url())


@login_required
def council_session(request, key):
    session = selectors.council_session_for(request.user, key)
    member = selectors.council_member_of(session, request.user)
    return render(
        request,
        "proposals/council_session.html",
        {
            "s": session,
            "member": member,
            "can_process": can_process(request.user),
            "turnout": selectors.council_turnout(session=session),
            "results": selectors.council_results(session=session),
            "minutes": selectors.council_minutes_of(session),
        },
    )


def _office_action(request, key, func, success):
    require(can_process(request.user))
    session = selectors.council_session_for(request.user, key)
    form = CouncilBallotForm()
    if call_service(form, func, actor=request.user, session=session) is not None:
        messages.success(request, success)
    else:
        _flash_form_errors(request, form)
    return redirect(session.get_absolute_url())


@login_required
@require_POST
def council_session_open(request, key):
    return _office_action(request, key, services.council_session_open, "Đã mở biểu quyết.")


@login_required
@require_POST
def council_session_close(request, key):
    return _office_action(
        request, key, services.council_session_close, "Đã đóng phiên; kết quả đã được ghi vào các đề nghị."
    )


def _ballot_context(request, session, **extra) -> dict:
    return {
        "s": session,
        "member": selectors.council_member_of(session, request.user),
        "cards": selectors.council_ballot(session=session, user=request.user),
        **extra,
    }


@login_required
def council_ballot(request, key):
    """The phone page: one card per proposal with two big buttons."""
    session = selectors.council_session_for(request.user, key)
    return render(request, "proposals/council_ballot.html", _ballot_context(request, session))


@login_required
@require_POST
def council_check_in(request, key):
    session = selectors.council_session_for(request.user, key)
    form = CouncilBallotForm()
    if call_service(form, services.council_session_check_in, actor=request.user, session=session):
        messages.success(request, "Đã điểm danh: bạn có mặt tại phiên họp.")
    else:
        _flash_form_errors(request, form)
    return redirect("proposals:council_ballot", key=session.uuid)


@login_required
@require_POST
def council_ballot_vote(request, key, proposal):
    """One vote; an HTMX request gets its card back (with the Vietnamese message), a plain form
    post goes back to the phone page. A proposal not in the session is a 404."""
    session = selectors.council_session_for(request.user, key)
    item = get_object_or_404(session.items.select_related("proposal"), proposal__uuid=proposal)
    form = CouncilBallotForm(request.POST)
    done = form.is_valid() and call_service(
        form,
        services.council_vote_cast,
        actor=request.user,
        session=session,
        proposal=item.proposal,
        choice=form.cleaned_data["choice"],
    )
    errors = [m for ms in form.errors.values() for m in ms]
    if request.headers.get("HX-Request"):
        card = next(
            c for c in selectors.council_ballot(session=session, user=request.user) if c["item"].pk == item.pk
        )
        context = {**_ballot_context(request, session), "c": card, "errors": errors, "just_voted": bool(done)}
        return render(request, "proposals/_council_card.html", context)
    if done:
        messages.success(request, f"Đã ghi nhận biểu quyết: {item.proposal.subject_name}.")
    for message in errors:
        messages.error(request, message)
    return redirect(reverse("proposals:council_ballot", args=[session.uuid]) + f"#p-{item.proposal.uuid}")
