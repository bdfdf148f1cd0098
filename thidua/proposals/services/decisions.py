"""Decisions: recording a decision, issuing it (the award history with dated cash amounts), and
its document (Word and the PDF that is signed).

With ``THIDUA_SIGNATURES_REQUIRED`` off, a recorded decision is issued at once and its awards go
into history in the same transaction. With it on, the decision waits: it is issued when a signed
PDF of exactly its generated document is uploaded and verifies (``thidua.documents.signing``
calls the ``document_issued`` hook, answered by ``decision_issue``)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from thidua.awards.choices import Authority, Nature
from thidua.awards.services.history import award_record_create
from thidua.core import sane
from thidua.core.audit import audit, snapshot
from thidua.core.errors import field_error
from thidua.documents.signing import signatures_required
from thidua.proposals.choices import (
    ProposalGround,
    ProposalStatus,
)
from thidua.proposals.decision_document import DECISION_KIND, decision_documents
from thidua.proposals.models import (
    Decision,
    DecisionItem,
    Proposal,
    number_key,
)
from thidua.proposals.permissions import (
    can_process,
)
from thidua.proposals.rules import base_salary_on, cash_for, open_case_problem
from thidua.proposals.services._common import OFFICE_ONLY, _move, _public_content_changed
from thidua.proposals.workflow import decide_step


def decision_record(
    *,
    actor,
    number: str,
    date: dt.date,
    signer_name: str,
    signer_title: str,
    authority: str,
    authority_name: str,
    proposals: list[Proposal],
) -> Decision:
    """Enter a decision: each proposal must be approved by the Council and decided by this
    authority; cash = coefficient × base salary on the decision date; the awards go to history."""

    if not can_process(actor):
        raise PermissionDenied(OFFICE_ONLY)
    number = (number or "").strip()
    if not number:
        raise field_error("number", "Nhập số quyết định.")
    if not signer_name.strip():
        raise field_error("signer_name", "Nhập người ký quyết định.")
    if authority not in Authority.values:
        raise field_error("authority", "Thẩm quyền quyết định không hợp lệ.")
    if not proposals:
        raise field_error("proposals", "Chọn ít nhất một đề nghị đã được Hội đồng thông qua.")
    if date > timezone.localdate():
        raise field_error("date", "Ngày quyết định không được sau hôm nay.")
    sane.check("date", sane.past_date_problem(date, "Ngày quyết định"))
    if Decision.objects.filter(number_key=number_key(number)).exists():
        raise field_error("number", f"Số quyết định “{number}” đã được nhập trước đây.")
    for p in proposals:
        decider = p.decider
        if decider.authority != authority:
            raise field_error(
                "authority",
                f"{p.award.name} của {p.subject_name} do {decider.label} quyết định (đơn vị {decider.line}; "
                f"{decider.article}), không phải {Authority(authority).label}.",
            )
        ready = ProposalStatus.FORWARDED if p.is_central else ProposalStatus.APPROVED
        if p.status != ready:
            raise field_error(
                "proposals",
                f"{p.subject_name}: đề nghị đang ở trạng thái “{p.get_status_display()}”, "
                + (
                    "khen thưởng cấp Nhà nước chỉ nhập quyết định sau khi tỉnh đã gửi hồ sơ về Bộ Nội vụ."
                    if p.is_central and p.status == ProposalStatus.APPROVED
                    else "chỉ ra quyết định cho đề nghị đã được Hội đồng thông qua."
                ),
            )
        if date.year < p.year:
            raise field_error("date", f"Ngày quyết định phải sau năm thành tích {p.year}.")
    blocked = [
        problem
        for p in proposals
        if (problem := open_case_problem(subject=p.subject, name=p.subject_name, day=date, step="decide"))
    ]
    if blocked:
        raise field_error("proposals", " ".join(blocked))
    base = base_salary_on(date)
    cash = {p.pk: cash_for(award=p.award, day=date, base_salary=base) for p in proposals}
    try:
        with transaction.atomic():
            decision = Decision.objects.create(
                number=number,
                date=date,
                signer_name=signer_name.strip(),
                signer_title=signer_title.strip(),
                authority=authority,
                authority_name=authority_name.strip() or str(Authority(authority).label),
                base_salary=base,
                created_by=actor,
            )
            audit(actor=actor, action="decision.create", obj=decision, after=snapshot(decision))
            issue_now = not signatures_required()
            for p in proposals:
                moved = _move(
                    proposal=p,
                    step=decide_step(p),
                    actor=actor,
                    reason=f"Quyết định số {number} ngày {date:%d/%m/%Y}",
                )
                coefficient, amount = cash[p.pk]
                DecisionItem.objects.create(
                    decision=decision, proposal=moved, coefficient=coefficient, amount=amount
                )
            if issue_now:
                _issue(actor=actor, decision=decision)
    except IntegrityError as exc:
        raise field_error(
            "number", f"Số quyết định “{number}” hoặc một đối tượng trong quyết định đã được ghi nhận."
        ) from exc
    return decision


def _issue(*, actor, decision: Decision, signed_copy=None) -> None:
    """Issue ``decision`` (inside the caller's transaction): its awards go into history."""
    before = snapshot(decision, ["issued_at"])
    for item in decision.items.select_related(
        "proposal__award", "proposal__unit", "proposal__person", "proposal__bloc_year__bloc"
    ).filter(award_record_id__isnull=True):
        record = award_record_add(
            actor=actor, proposal=item.proposal, decision=decision, reason=f"Quyết định số {decision.number}"
        )
        item.award_record_id = record.pk
        item.save(update_fields=["award_record_id"])
    decision.issued_at = timezone.now()
    decision.save(update_fields=["issued_at", "updated_at"])
    if signed_copy is not None:
        audit(
            actor=actor,
            action="decision.issue",
            obj=decision,
            before=before,
            after={**snapshot(decision, ["issued_at"]), "signed_copy": str(signed_copy.uuid)},
            reason=signed_copy.reason,
        )
    _public_content_changed()  # published results pages list the decided awards


def decision_issue(*, document, signed_copy, actor) -> None:
    """``document_issued`` hook: a verified signed PDF of a decision's document issues the
    decision (once; a decision already issued, e.g. recorded with signatures not required, only
    gains the signed copy). Runs inside the upload's transaction."""
    if document.owner_type != Decision._meta.label_lower or document.kind != DECISION_KIND:
        return
    decision = Decision.objects.select_for_update().filter(pk=document.owner_id).first()
    if decision is None or decision.issued_at is not None:
        return
    _issue(actor=actor, decision=decision, signed_copy=signed_copy)


def decision_documents_create(*, actor, decision: Decision):
    """Make (or hand back) the decision's Word file and its PDF, the file to sign."""
    if not can_process(actor):
        raise PermissionDenied(OFFICE_ONLY)
    items = list(
        decision.items.select_related(
            "proposal__award", "proposal__unit", "proposal__person__unit", "proposal__bloc_year__bloc"
        )
    )
    return decision_documents(actor=actor, decision=decision, items=items)


def award_record_add(*, actor, proposal, decision, reason: str = ""):
    """Add the decided award to the subject's history through the awards service (its own
    audit row; it joins the caller's transaction)."""

    return award_record_create(
        actor=actor,
        award=proposal.award,
        year=proposal.year,
        decision_number=decision.number,
        decision_date=decision.date,
        unit=proposal.unit,
        person=proposal.person,
        decided_by=decision.authority_name,
        # An extraordinary achievement never counts as a prerequisite of merit-based awards.
        nature=Nature.EXTRAORDINARY if proposal.ground == ProposalGround.EXTRAORDINARY else Nature.MERIT,
        note=f"Theo đề nghị của {proposal.bloc_year.bloc.name} năm {proposal.year}",
    )
