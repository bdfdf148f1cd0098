"""The Council's vote on received proposals, one at a time or a session's votes together: the
typed tally of a paper meeting, and the one path by which an e-vote session's counts are judged
(``council_sessions.council_session_close`` calls ``council_vote_record``)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from thidua.core import sane
from thidua.core.errors import error_messages, field_error
from thidua.proposals.choices import CouncilChannel, CouncilSessionStatus
from thidua.proposals.models import (
    CouncilSession,
    CouncilSessionItem,
    Proposal,
)
from thidua.proposals.permissions import (
    can_process,
)
from thidua.proposals.rules import (
    DEFAULT_COUNCIL_RATIO,
    check_no_open_case,
    council_passes,
    council_threshold,
)
from thidua.proposals.services._common import OFFICE_ONLY, _move
from thidua.proposals.services.rounds import round_settings_for

IN_SESSION = (
    "{subject} đang được biểu quyết điện tử trong phiên “{session}”; kết quả được ghi khi Phòng TĐKT "
    "đóng phiên, không nhập tay."
)


def council_vote_record(
    *,
    actor,
    proposal: Proposal,
    yes: int,
    members: int | None = None,
    voted_on: dt.date | None = None,
    session: CouncilSession | None = None,
) -> Proposal:
    """Record the Council's vote and judge it against the award's ratio of ALL members
    (Decree 98/2023 Art 30.7: 80% or 90%); the proposal is approved or not approved. Without
    ``session`` it is the typed tally of a paper meeting (marked “họp giấy”); with it, the counts
    of that closed e-vote session."""
    if not can_process(actor):
        raise PermissionDenied(OFFICE_ONLY)
    if session is None:
        pending = (
            CouncilSessionItem.objects.filter(proposal=proposal)
            .exclude(session__status=CouncilSessionStatus.CLOSED)
            .select_related("session")
            .first()
        )
        if pending is not None:
            raise field_error(
                "yes", IN_SESSION.format(subject=proposal.subject_name, session=pending.session.title)
            )
    members = members if members is not None else round_settings_for(proposal.year).council_members
    if members <= 0:
        raise field_error("members", "Số thành viên Hội đồng phải lớn hơn 0.")
    if yes < 0 or yes > members:
        raise field_error("yes", f"Số phiếu tán thành phải từ 0 đến {members} (tổng số thành viên Hội đồng).")
    sane.check("voted_on", sane.past_date_problem(voted_on, "Ngày họp Hội đồng"))
    check_no_open_case(
        subject=proposal.subject,
        name=proposal.subject_name,
        day=voted_on or timezone.localdate(),
        step="council",
        field="yes",
    )
    ratio, article = council_threshold(award=proposal.award, year=proposal.year)
    passed = council_passes(yes=yes, members=members, ratio=ratio)
    needed = "quá nửa" if ratio == DEFAULT_COUNCIL_RATIO else f"{ratio}"
    how = f"biểu quyết điện tử, phiên “{session.title}”" if session is not None else "họp giấy"
    reason = (
        f"Hội đồng biểu quyết ({how}) {yes}/{members} thành viên tán thành; "
        f"cần {needed} tổng số thành viên ({article})."
    )
    with transaction.atomic():
        return _move(
            proposal=proposal,
            step="approve" if passed else "reject",
            actor=actor,
            reason=reason,
            extra={
                "council_yes": yes,
                "council_members": members,
                "council_ratio": ratio,
                "council_article": article,
                "council_voted_on": voted_on or timezone.localdate(),
                "council_channel": CouncilChannel.ELECTRONIC if session is not None else CouncilChannel.PAPER,
                "council_session": session,
            },
        )


def council_votes_record_many(
    *, actor, votes: list[tuple[Proposal, int]], members: int | None = None, voted_on: dt.date | None = None
) -> list[Proposal]:
    """The Council's meeting: its votes on many proposals at once (the same members and date),
    each judged like ``council_vote_record``; all or nothing, the failing proposal named."""
    if not can_process(actor):
        raise PermissionDenied(OFFICE_ONLY)
    if not votes:
        raise field_error("votes", "Nhập số phiếu tán thành cho ít nhất một đề nghị.")
    if len({p.pk for p, _ in votes}) != len(votes):
        raise field_error("votes", "Mỗi đề nghị chỉ ghi một kết quả biểu quyết.")
    recorded = []
    with transaction.atomic():
        for proposal, yes in votes:
            try:
                recorded.append(
                    council_vote_record(
                        actor=actor, proposal=proposal, yes=yes, members=members, voted_on=voted_on
                    )
                )
            except ValidationError as exc:
                text = " ".join(m for ms in error_messages(exc).values() for m in ms)
                raise field_error(
                    "votes", f"{proposal.subject_name} – {proposal.award.name}: {text}"
                ) from exc
    return recorded
