"""The Council's e-vote: the office makes a session of received proposals with the Council's
members, opens it, the members check in and vote on each proposal, the office closes it and the
counts go through ``council_vote_record`` (the typed tally's service) into the proposals' statuses.

Secrecy (a secret session, ``THIDUA_COUNCIL_SECRET_VOTE``): a vote adds one to the proposal's
anonymous counter row (updated in place: no per-vote row, no time) and writes a participation row
with an empty choice; the audit of a vote names the member and the proposal, never the choice.
What this does and does not protect against: docs/proposals.md, "Biểu quyết điện tử"."""

from __future__ import annotations

from fractions import Fraction

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from thidua.accounts.choices import Role
from thidua.accounts.models import User
from thidua.core.audit import audit
from thidua.core.errors import field_error
from thidua.documents import services as documents
from thidua.proposals import council_minutes
from thidua.proposals.choices import COUNCIL_MINUTES_KIND, CouncilChoice, CouncilSessionStatus, ProposalStatus
from thidua.proposals.models import (
    CouncilParticipation,
    CouncilSession,
    CouncilSessionItem,
    CouncilSessionMember,
    Proposal,
)
from thidua.proposals.permissions import can_process
from thidua.proposals.rules import check_no_open_case, open_case_problem
from thidua.proposals.services._common import OFFICE_ONLY
from thidua.proposals.services.council import council_vote_record
from thidua.proposals.services.rounds import round_settings_for

NOT_OPEN_YET = "Phiên biểu quyết chưa mở; hãy chờ Phòng TĐKT mở phiên."
ALREADY_CLOSED = "Phiên biểu quyết đã đóng; không nhận thêm phiếu."
NOT_A_MEMBER = "Bạn không có tên trong danh sách thành viên Hội đồng của phiên biểu quyết này."
ALREADY_VOTED = "Bạn đã biểu quyết đề nghị này; mỗi thành viên chỉ biểu quyết một lần."
NOT_IN_SESSION = "Đề nghị này không có trong phiên biểu quyết."
BAD_CHOICE = "Chọn “Đồng ý” hoặc “Không đồng ý”."
RESULTS_AFTER_CLOSING = "Kết quả biểu quyết chỉ được công bố sau khi Phòng TĐKT đóng phiên."


def quorum_setting() -> Fraction:
    """The province's presence quorum (a share of all members), failing loudly when mistyped."""
    try:
        value = Fraction(str(settings.THIDUA_COUNCIL_QUORUM).strip())
    except (ValueError, ZeroDivisionError) as exc:
        raise ValueError(f"THIDUA_COUNCIL_QUORUM must be a fraction such as 4/5, not {exc}") from exc
    if not 0 < value <= 1:
        raise ValueError("THIDUA_COUNCIL_QUORUM must lie in (0, 1]")
    return value


def quorum_needed(session: CouncilSession) -> int:
    """The fewest members present that meet the session's quorum."""
    share = Fraction(session.quorum)
    needed = share * session.members_total
    return int(needed) if needed.denominator == 1 else int(needed) + 1


def council_members_default():
    """The Council as the accounts know it: every active user with the Council member role."""
    return (
        User.objects.filter(is_active=True, role_grants__role=Role.COUNCIL_MEMBER)
        .distinct()
        .order_by("full_name", "username")
    )


def council_session_create(
    *, actor, year: int, proposals: list[Proposal], title: str = "", members=None
) -> CouncilSession:
    """Put received proposals of ``year`` before the Council (a prepared session, not open yet).
    ``members`` defaults to every active Council member; their number must be the Council's size
    in the year's round settings, since each threshold counts all members."""
    if not can_process(actor):
        raise PermissionDenied(OFFICE_ONLY)
    if not proposals:
        raise field_error("proposals", "Chọn ít nhất một đề nghị đang chờ Hội đồng xét.")
    members = list(council_members_default() if members is None else members)
    if len({u.pk for u in members}) != len(members):
        raise field_error("members", "Mỗi thành viên chỉ có tên một lần trong danh sách phiên.")
    outsiders = [u for u in members if not (u.is_active and u.has_role(Role.COUNCIL_MEMBER))]
    if outsiders:
        names = ", ".join(u.get_full_name() or u.username for u in outsiders)
        raise field_error("members", f"Không phải thành viên Hội đồng TĐKT tỉnh: {names}.")
    size = round_settings_for(year).council_members
    if len(members) != size:
        raise field_error(
            "members",
            f"Hội đồng TĐKT tỉnh năm {year} có {size} thành viên (thiết lập đợt xét) nhưng danh sách "
            f"phiên có {len(members)} thành viên có tài khoản; tỉ lệ biểu quyết tính trên tổng số thành "
            "viên nên hai số phải bằng nhau.",
        )
    title = (title or "").strip() or f"Phiên biểu quyết năm {year} ({timezone.localdate():%d/%m/%Y})"
    if len(title) > 200:
        raise field_error("title", "Tên phiên dài quá 200 ký tự.")
    secret = bool(settings.THIDUA_COUNCIL_SECRET_VOTE)
    quorum = quorum_setting()
    with transaction.atomic():
        locked = list(
            Proposal.objects.select_for_update().filter(pk__in=[p.pk for p in proposals]).order_by("pk")
        )
        if len(locked) != len({p.pk for p in proposals}):
            raise field_error("proposals", "Mỗi đề nghị chỉ đưa vào phiên một lần.")
        for p in locked:
            if p.year != year:
                raise field_error("proposals", f"{p.subject_name}: đề nghị năm {p.year}, không phải {year}.")
            if p.status != ProposalStatus.RECEIVED:
                raise field_error(
                    "proposals",
                    f"{p.subject_name} – {p.award.name}: đang ở trạng thái “{p.get_status_display()}”, "
                    "chỉ đề nghị Phòng TĐKT đã tiếp nhận mới đưa ra Hội đồng.",
                )
            busy = (
                CouncilSessionItem.objects.filter(proposal=p)
                .exclude(session__status=CouncilSessionStatus.CLOSED)
                .select_related("session")
                .first()
            )
            if busy is not None:
                raise field_error(
                    "proposals",
                    f"{p.subject_name} – {p.award.name}: đã có trong phiên “{busy.session.title}”.",
                )
            check_no_open_case(
                subject=p.subject,
                name=p.subject_name,
                day=timezone.localdate(),
                step="council",
                field="proposals",
            )
        session = CouncilSession.objects.create(
            year=year,
            title=title,
            secret=secret,
            quorum=f"{quorum.numerator}/{quorum.denominator}",
            members_total=len(members),
            created_by=actor,
        )
        order = {p.pk: i for i, p in enumerate(proposals)}
        CouncilSessionItem.objects.bulk_create(
            [CouncilSessionItem(session=session, proposal=p, position=order[p.pk]) for p in locked]
        )
        CouncilSessionMember.objects.bulk_create(
            [CouncilSessionMember(session=session, user=u) for u in members]
        )
        audit(
            actor=actor,
            action="council_session.create",
            obj=session,
            after={
                "proposals": [str(p.uuid) for p in proposals],
                "members": [u.username for u in members],
                "secret": secret,
                "quorum": session.quorum,
            },
        )
    return session


def _locked(session: CouncilSession) -> CouncilSession:
    return CouncilSession.objects.select_for_update().get(pk=session.pk)


def council_session_open(*, actor, session: CouncilSession) -> CouncilSession:
    """Open the session for voting (only a prepared one)."""
    if not can_process(actor):
        raise PermissionDenied(OFFICE_ONLY)
    with transaction.atomic():
        session = _locked(session)
        if session.status != CouncilSessionStatus.PREPARED:
            raise field_error(
                "status", f"Phiên đang ở trạng thái “{session.get_status_display()}”, không mở được."
            )
        session.status = CouncilSessionStatus.OPEN
        session.opened_at = timezone.now()
        session.save(update_fields=["status", "opened_at", "updated_at"])
        audit(actor=actor, action="council_session.open", obj=session, after={"status": session.status})
    return session


def _member_for_vote(session: CouncilSession, actor) -> CouncilSessionMember:
    if session.status == CouncilSessionStatus.PREPARED:
        raise field_error("session", NOT_OPEN_YET)
    if session.status == CouncilSessionStatus.CLOSED:
        raise field_error("session", ALREADY_CLOSED)
    member = session.members.filter(user_id=getattr(actor, "pk", None)).first()
    if member is None:
        raise PermissionDenied(NOT_A_MEMBER)
    return member


def council_session_check_in(*, actor, session: CouncilSession) -> CouncilSessionMember:
    """A listed member reports present (voting also does). Counts towards the quorum."""
    with transaction.atomic():
        session = _locked(session)
        member = _member_for_vote(session, actor)
        if not member.present:
            CouncilSessionMember.objects.filter(pk=member.pk).update(present=True)
            member.present = True
            audit(actor=actor, action="council_session.check_in", obj=session)
    return member


def council_vote_cast(
    *, actor, session: CouncilSession, proposal: Proposal, choice: str
) -> CouncilSessionItem:
    """One member's vote on one proposal of an open session; a second one is refused. In a secret
    session only the anonymous counter learns the choice."""
    if choice not in CouncilChoice.values:
        raise field_error("choice", BAD_CHOICE)
    with transaction.atomic():
        session = _locked(session)  # closing takes the same lock: no vote slips in after it
        member = _member_for_vote(session, actor)
        item = session.items.filter(proposal_id=proposal.pk).first()
        if item is None:
            raise field_error("proposal", NOT_IN_SESSION)
        if CouncilParticipation.objects.filter(item=item, member=member).exists():
            raise field_error("choice", ALREADY_VOTED)
        try:
            with transaction.atomic():
                CouncilParticipation.objects.create(
                    item=item, member=member, choice="" if session.secret else choice
                )
        except IntegrityError as exc:  # the constraint, should two requests meet despite the lock
            raise field_error("choice", ALREADY_VOTED) from exc
        counter = "agree" if choice == CouncilChoice.AGREE else "disagree"
        CouncilSessionItem.objects.filter(pk=item.pk).update(**{counter: F(counter) + 1})
        if not member.present:
            CouncilSessionMember.objects.filter(pk=member.pk).update(present=True)
        after = {"proposal": str(proposal.uuid)}
        if not session.secret:
            after["choice"] = choice
        audit(actor=actor, action="council_vote.cast", obj=session, after=after)
    item.refresh_from_db()
    return item


def council_session_close(*, actor, session: CouncilSession) -> CouncilSession:
    """Close the vote. With the quorum present, each proposal's agree count is judged by
    ``council_vote_record`` against all members (approved or not approved, marked as an e-vote);
    without it, nothing is judged and the proposals wait for another session or a paper meeting.
    The Council's minutes (Word) are made in the same transaction."""
    if not can_process(actor):
        raise PermissionDenied(OFFICE_ONLY)
    with transaction.atomic():
        session = _locked(session)
        if session.status != CouncilSessionStatus.OPEN:
            raise field_error(
                "status", f"Phiên đang ở trạng thái “{session.get_status_display()}”, không đóng được."
            )
        present = session.members.filter(present=True).count()
        session.status = CouncilSessionStatus.CLOSED
        session.closed_at = timezone.now()
        session.present_count = present
        session.quorum_met = present >= quorum_needed(session)
        session.save(update_fields=["status", "closed_at", "present_count", "quorum_met", "updated_at"])
        results = {}
        if session.quorum_met:
            for item in session.items.select_related("proposal").order_by("position", "id"):
                proposal = Proposal.objects.with_related().get(pk=item.proposal_id)
                blocked = open_case_problem(
                    subject=proposal.subject,
                    name=proposal.subject_name,
                    day=timezone.localdate(),
                    step="council",
                )
                if blocked:
                    # Not judged: it stays received, for a later session once the case is closed.
                    item.blocked = blocked[:1000]
                    item.save(update_fields=["blocked"])
                    results[str(proposal.uuid)] = {"agree": item.agree, "blocked": item.blocked}
                    continue
                judged = council_vote_record(
                    actor=actor,
                    proposal=proposal,
                    yes=item.agree,
                    members=session.members_total,
                    voted_on=timezone.localdate(),
                    session=session,
                )
                item.passed = judged.status == ProposalStatus.APPROVED
                item.save(update_fields=["passed"])
                results[str(proposal.uuid)] = {
                    "agree": item.agree,
                    "disagree": item.disagree,
                    "passed": item.passed,
                }
        audit(
            actor=actor,
            action="council_session.close",
            obj=session,
            after={
                "present": present,
                "members": session.members_total,
                "quorum_met": session.quorum_met,
                "present_members": list(
                    session.members.filter(present=True).values_list("user__username", flat=True)
                ),
                "results": results,
            },
        )
        council_minutes_generate(actor=actor, session=session)
    return session


def council_minutes_generate(*, actor, session: CouncilSession):
    """The Council's minutes of a closed session as a Decree 30 Word file owned by the session
    (the same inputs give back the same file)."""
    if not can_process(actor):
        raise PermissionDenied(OFFICE_ONLY)
    if session.status != CouncilSessionStatus.CLOSED:
        raise field_error("session", "Biên bản chỉ lập được sau khi đóng phiên biểu quyết.")
    spec = council_minutes.minutes_spec(session)
    with transaction.atomic():
        return documents.generate_docx(
            actor=actor,
            owner=session,
            kind=COUNCIL_MINUTES_KIND,
            spec=spec,
            template_version="1",
            file_name=f"bien-ban-hoi-dong-tdkt-{session.year}-{str(session.uuid)[:8]}",
        )
