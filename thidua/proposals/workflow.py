"""The road of a proposal as data: which step moves it from which statuses to which, and who
takes that step. Each step has one guarded service in ``thidua.proposals.services``; the
services move a proposal only through this table (``services._common._move``), so the table is
the single place to read or change the workflow (docs/where-rules-live.md)."""

from __future__ import annotations

from dataclasses import dataclass

from thidua.proposals.choices import EDITABLE, ProposalStatus

S = ProposalStatus


@dataclass(frozen=True)
class Step:
    sources: frozenset[str]
    target: str
    actor: str  # who takes the step: "bloc" (bloc secretary) or "office" (provincial office)
    label: str  # what the step is called on buttons and in the timeline
    service: str  # the service in thidua.proposals.services that takes it


TRANSITIONS: dict[str, Step] = {
    "submit": Step(frozenset(EDITABLE), S.SUBMITTED, "bloc", "Trình Phòng TĐKT", "proposal_submit"),
    "return": Step(frozenset({S.SUBMITTED}), S.RETURNED, "office", "Trả lại để bổ sung", "proposal_return"),
    "receive": Step(frozenset({S.SUBMITTED}), S.RECEIVED, "office", "Tiếp nhận", "proposal_receive"),
    "approve": Step(
        frozenset({S.RECEIVED}), S.APPROVED, "office", "Hội đồng thông qua", "council_vote_record"
    ),
    "reject": Step(
        frozenset({S.RECEIVED}), S.NOT_APPROVED, "office", "Hội đồng không thông qua", "council_vote_record"
    ),
    "forward": Step(
        frozenset({S.APPROVED}), S.FORWARDED, "office", "Gửi Bộ Nội vụ trình Trung ương", "proposal_forward"
    ),
    # An award the province decides follows the Council's approval; a central award (Prime
    # Minister, State President) follows the dossier's forwarding to the Ministry.
    "decide": Step(frozenset({S.APPROVED}), S.DECIDED, "office", "Ghi quyết định", "decision_record"),
    "decide_central": Step(
        frozenset({S.FORWARDED}), S.DECIDED, "office", "Ghi quyết định", "decision_record"
    ),
}


def step(name: str) -> Step:
    return TRANSITIONS[name]


def decide_step(proposal) -> str:
    return "decide_central" if proposal.is_central else "decide"


def next_steps(status: str) -> list[str]:
    """The steps that can leave ``status`` (for the timeline's "what next")."""
    return [name for name, s in TRANSITIONS.items() if status in s.sources]
