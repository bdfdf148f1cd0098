"""The transitions of a proposal through the provincial office (TRANSITIONS in proposals.workflow)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from thidua.core import sane
from thidua.core.errors import error_messages, field_error
from thidua.proposals.choices import (
    SUBMITTED_OR_LATER,
)
from thidua.proposals.models import (
    Proposal,
)
from thidua.proposals.permissions import (
    can_process,
)
from thidua.proposals.rules import check_no_open_case, dossier_article, judge_proposal, quota_for
from thidua.proposals.selectors import dossier_status
from thidua.proposals.services._common import OFFICE_ONLY, _editable, _eligibility_error, _move, _quota_error
from thidua.proposals.services.rounds import central_deadline_for, deadline_for

# Transitions --------------------------------------------------------------------------------------


def proposal_submit(
    *, actor, proposal: Proposal, late_reason: str = "", today: dt.date | None = None
) -> Proposal:
    """The bloc sends the proposal: eligibility and quota are checked again, the dossier must be
    complete, and after the deadline a reason for lateness is required."""

    proposal = Proposal.objects.with_related().get(pk=proposal.pk)
    _editable(actor, proposal)
    today = today or timezone.localdate()
    check_no_open_case(subject=proposal.subject, name=proposal.subject_name, day=today, step="propose")
    verdict = judge_proposal(proposal)
    if not verdict["eligible"]:
        raise _eligibility_error(proposal.award, proposal.subject_name, verdict)
    missing = [i["label"] + ": " + i["missing"] for i in dossier_status(proposal)["items"] if not i["ok"]]
    if missing:
        basis = dossier_article(proposal.year)
        raise field_error("dossier", f"Hồ sơ chưa đầy đủ ({basis}): " + " ".join(missing))
    deadline = deadline_for(proposal.bloc_year)
    late = today > deadline
    if late and not late_reason.strip():
        raise field_error(
            "late_reason",
            f"Đã quá hạn nộp hồ sơ ({deadline:%d/%m/%Y}). Nộp muộn cần ghi rõ lý do để Phòng TĐKT xem xét.",
        )
    with transaction.atomic():
        quota = quota_for(
            proposal_award_code=proposal.award.code,
            bloc_year=proposal.bloc_year,
            year=proposal.year,
            statuses=SUBMITTED_OR_LATER,
            exclude_pk=proposal.pk,
        )
        if quota is not None and quota.used >= quota.limit:
            raise _quota_error(quota, proposal.award)
        reason = f"Nộp sau hạn {deadline:%d/%m/%Y}: {late_reason.strip()}" if late else ""
        return _move(
            proposal=proposal,
            step="submit",
            actor=actor,
            reason=reason,
            extra={
                "submitted_late": late,
                "eligibility": verdict["criteria"],
                "checked_at": timezone.now(),
                "eligible": True,
            },
        )


def proposal_return(*, actor, proposal: Proposal, reason: str) -> Proposal:
    if not can_process(actor):
        raise PermissionDenied(OFFICE_ONLY)
    if not reason.strip():
        raise field_error("reason", "Trả lại hồ sơ cần ghi rõ lý do để khối bổ sung.")
    with transaction.atomic():
        return _move(
            proposal=proposal,
            step="return",
            actor=actor,
            reason=reason.strip(),
        )


def proposal_receive(
    *, actor, proposal: Proposal, note: str = "", received_on: dt.date | None = None
) -> Proposal:
    """The office receives the dossier. The eligibility is judged again on the receipt date: where
    a new law's transition chooses the pack by that date (dossiers received before it follow the
    old law unless the new one is more favourable), the pack used and why are recorded; an
    ineligible dossier is refused (to be returned to the bloc)."""
    if not can_process(actor):
        raise PermissionDenied(OFFICE_ONLY)
    with transaction.atomic():
        return _receive(actor=actor, proposal=proposal, reason=note, received_on=received_on)


def _receive(*, actor, proposal: Proposal, reason: str, received_on: dt.date | None) -> Proposal:
    proposal = Proposal.objects.with_related().get(pk=proposal.pk)
    verdict = judge_proposal(proposal, received_on=received_on or timezone.localdate())
    if not verdict["eligible"]:
        raise _eligibility_error(proposal.award, proposal.subject_name, verdict)
    return _move(
        proposal=proposal,
        step="receive",
        actor=actor,
        reason=reason,
        extra={
            "eligibility": verdict["criteria"],
            "pack_code": verdict["pack"],
            "checked_at": timezone.now(),
        },
    )


def proposals_receive_many(*, actor, proposals: list[Proposal]) -> list[Proposal]:
    """Receive a batch (the December week when every bloc sends); all or nothing, each judged
    like ``proposal_receive`` (the failing one named)."""
    if not can_process(actor):
        raise PermissionDenied(OFFICE_ONLY)
    if not proposals:
        raise field_error("proposals", "Chọn ít nhất một đề nghị.")
    received = []
    with transaction.atomic():
        for p in proposals:
            try:
                received.append(
                    _receive(actor=actor, proposal=p, reason="Tiếp nhận theo lô", received_on=None)
                )
            except ValidationError as exc:
                text = " ".join(m for ms in error_messages(exc).values() for m in ms)
                raise field_error("proposals", f"{p.subject_name} – {p.award.name}: {text}") from exc
    return received


def proposal_forward(
    *,
    actor,
    proposal: Proposal,
    letter_number: str,
    forwarded_on: dt.date | None = None,
    late_reason: str = "",
) -> Proposal:
    """The province sends an approved proposal for a central award (Government flag, PM's
    certificate, orders) to the Ministry of Home Affairs; after the award's deadline (the rule
    pack's, e.g. 30/06 of the next year for the Government flag, or the province's earlier one)
    a reason is required and the proposal is flagged late."""
    if not can_process(actor):
        raise PermissionDenied(OFFICE_ONLY)
    proposal = Proposal.objects.with_related().get(pk=proposal.pk)
    if not proposal.is_central:
        raise field_error(
            "status",
            f"{proposal.award.name} do {proposal.award.get_authority_display()} quyết định: "
            "không gửi Bộ Nội vụ, hãy nhập quyết định khen thưởng.",
        )
    letter_number = (letter_number or "").strip()
    if not letter_number:
        raise field_error("letter_number", "Nhập số tờ trình của tỉnh gửi Bộ Nội vụ.")
    sane.check_length("letter_number", letter_number, 60, "Số tờ trình")
    forwarded_on = forwarded_on or timezone.localdate()
    if forwarded_on > timezone.localdate():
        raise field_error("forwarded_on", "Ngày gửi không được sau hôm nay.")
    if proposal.council_voted_on and forwarded_on < proposal.council_voted_on:
        raise field_error("forwarded_on", "Ngày gửi không được trước ngày Hội đồng biểu quyết.")
    deadline = central_deadline_for(award=proposal.award, year=proposal.year)
    late = deadline is not None and forwarded_on > deadline.day
    if late and not late_reason.strip():
        raise field_error(
            "late_reason",
            f"Đã quá hạn gửi hồ sơ {proposal.award.name} về Bộ Nội vụ ({deadline.day:%d/%m/%Y}, "
            f"{deadline.basis}). Gửi muộn cần ghi rõ lý do.",
        )
    reason = f"Tờ trình số {letter_number} ngày {forwarded_on:%d/%m/%Y} gửi Bộ Nội vụ"
    if late:
        reason += f"; gửi sau hạn {deadline.day:%d/%m/%Y} ({deadline.basis}): {late_reason.strip()}"
    with transaction.atomic():
        return _move(
            proposal=proposal,
            step="forward",
            actor=actor,
            reason=reason,
            extra={
                "forward_letter": letter_number,
                "forwarded_on": forwarded_on,
                "forwarded_late": late,
            },
        )
