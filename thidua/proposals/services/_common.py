"""Shared pieces of the proposal services: messages, audited fields and the guarded status move."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from thidua.core.audit import audit, snapshot
from thidua.core.errors import field_error
from thidua.core.hooks import call_hooks
from thidua.proposals.choices import (
    EDITABLE,
    ProposalStatus,
)
from thidua.proposals.models import (
    Proposal,
    Transition,
)
from thidua.proposals.permissions import (
    can_prepare,
)
from thidua.proposals.workflow import TRANSITIONS

NOT_YOURS = "Chỉ thư ký khối (đơn vị trưởng khối) hoặc Phòng Thi đua – Khen thưởng được làm việc này."
OFFICE_ONLY = "Chỉ Phòng Thi đua – Khen thưởng (Sở Nội vụ) được làm việc này."
FIELDS = [
    "status",
    "eligible",
    "vote_yes",
    "vote_base",
    "vote_note",
    "achievement_report",
    "ground",
    "ground_justification",
    "council_yes",
    "council_members",
    "council_ratio",
    "council_channel",
    "submitted_late",
    "dossier_generated_at",
    "forward_letter",
    "forwarded_on",
    "forwarded_late",
]


def _actor_name(actor) -> str:
    return (actor.get_full_name() or actor.username) if getattr(actor, "pk", None) else "hệ thống"


def _move(*, proposal: Proposal, step: str, actor, reason: str = "", extra: dict | None = None) -> Proposal:
    """Take the workflow step ``step`` (``thidua.proposals.workflow.TRANSITIONS``): move
    ``proposal`` to the step's target only if it is still in one of the step's sources (checked in
    the database, so two clicks or two officers cannot both move it)."""
    allowed, to = TRANSITIONS[step].sources, TRANSITIONS[step].target
    before = snapshot(proposal, FIELDS)
    current = proposal.status
    changed = Proposal.objects.filter(pk=proposal.pk, status__in=allowed).update(
        status=to, updated_at=timezone.now(), **(extra or {})
    )
    if not changed:
        fresh = Proposal.objects.get(pk=proposal.pk)
        raise field_error(
            "status",
            f"Đề nghị đang ở trạng thái “{fresh.get_status_display()}”, không thể chuyển sang "
            f"“{ProposalStatus(to).label}”.",
        )
    fresh = Proposal.objects.with_related().get(pk=proposal.pk)
    Transition.objects.create(
        proposal=fresh,
        from_status=current,
        to_status=to,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=_actor_name(actor),
        reason=reason,
    )
    audit(
        actor=actor,
        action=f"proposal.{to}",
        obj=fresh,
        before=before,
        after=snapshot(fresh, FIELDS),
        reason=reason,
    )
    return fresh


def _editable(actor, proposal) -> None:
    if not can_prepare(actor, proposal.bloc_year):
        raise PermissionDenied(NOT_YOURS)
    if proposal.status not in EDITABLE:
        raise field_error(
            "status", f"Đề nghị đang ở trạng thái “{proposal.get_status_display()}”, không sửa được."
        )


RATING_HINT = (
    " Xếp loại hằng năm được nhập tại Khen thưởng › Xếp loại: của tập thể, thư ký khối xác nhận theo kết "
    "quả xếp hạng đã công bố; của cá nhân và danh hiệu cơ sở, cán bộ thi đua của đơn vị nhập trong bảng xếp "
    "loại của đơn vị."
)


def _eligibility_error(award, subject_name: str, verdict: dict) -> ValidationError:
    failed = [c for c in verdict["criteria"] if not c["passed"]]
    lines = "; ".join(f"{c['label']} — {c['facts']} ({c['article']})" for c in failed)
    # A missing rating says where it is entered (the engine writes "chưa có" for a year without one).
    hint = RATING_HINT if any("chưa có" in (c["facts"] or "") for c in failed) else ""
    return field_error("subject", f"{subject_name} chưa đủ tiêu chuẩn {award.name}: {lines}.{hint}")


def _quota_error(quota, award, pending: int = 0) -> ValidationError:
    also = f" và {pending} dòng phía trên trong tệp nhập" if pending else ""
    return field_error(
        "award",
        f"Vượt chỉ tiêu {award.name}: tối đa {quota.limit}, đã có {quota.used} đề nghị{also} "
        f"({quota.basis}; {quota.article}).",
    )


def _public_content_changed() -> None:
    """Published exemplary models are public: once the change is committed, whoever shows public
    content (the portal's page cache) hears of it through a hook (proposals never imports it)."""
    transaction.on_commit(lambda: call_hooks("public_content_changed"))
