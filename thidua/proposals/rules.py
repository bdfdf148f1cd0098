"""What proposals store of the awards app's answers: eligibility verdicts as plain data,
the quotas counted against proposals, Council thresholds, cash and the award already given.

Everything legal is decided by the awards app (``facts``, ``quotas``, ``services.history``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.core.exceptions import ValidationError

from thidua.awards import engine, quotas
from thidua.awards.facts import (
    eligibility_for,
    eligibility_on_receipt,
    evaluate_many,
    open_cases,
    pack_for_date,
    pack_for_year,
)
from thidua.awards.models import AwardRecord, RuleEntry
from thidua.awards.pack_params import QUOTA_BASES, PackParams
from thidua.awards.pack_params import validate as validate_params
from thidua.core.errors import field_error
from thidua.proposals.choices import COUNTS_FOR_QUOTA, GOVERNMENT_FLAG, PROVINCIAL_FLAG, ProposalGround
from thidua.proposals.models import Proposal

DEFAULT_COUNCIL_RATIO = "1/2"


# Eligibility --------------------------------------------------------------------------------------


MIN_JUSTIFICATION = 30


def grounds_of(*, award, year: int) -> list[str]:
    """The grounds ``award`` may be proposed on in the pack judging ``year``: always the checkable
    one, and the others its entry lists (a certificate of merit: Law 06/2022 Art 73, 74)."""
    entry = RuleEntry.objects.filter(pack=pack_for_year(year), award=award, enabled=True).first()
    extra = (entry.params or {}).get("grounds", []) if entry is not None else []
    return [ProposalGround.CHECKABLE, *[g for g in ProposalGround.values if g in extra]]


def ground_for(
    *, kind: str, justification: str = "", movement=None, vote_yes=None, vote_base=None
) -> engine.Ground | None:
    """What the proposal brings for its ground, for the engine: the bloc's vote (or a movement's
    result written down) for the movement ground; a written justification for a contribution or
    an extraordinary achievement, which the Council weighs. None for the checkable ground."""
    justification = (justification or "").strip()
    if kind in ("", ProposalGround.CHECKABLE):
        return None
    if kind == ProposalGround.MOVEMENT:
        if vote_base and vote_yes:
            return engine.Ground(
                kind, True, f"Khối bình xét, biểu quyết: {vote_yes}/{vote_base} phiếu tán thành"
            )
        if movement is not None and len(justification) >= MIN_JUSTIFICATION:
            return engine.Ground(kind, True, f"Kết quả phong trào “{movement.title}”: {justification[:300]}")
        return engine.Ground(
            kind,
            False,
            "Cần kết quả bình xét, biểu quyết của khối (số phiếu) hoặc chọn phong trào và ghi kết quả "
            f"phong trào (ít nhất {MIN_JUSTIFICATION} ký tự)",
        )
    if len(justification) >= MIN_JUSTIFICATION:
        return engine.Ground(kind, True, f"Giải trình: {justification[:300]}")
    return engine.Ground(kind, False, f"Cần giải trình bằng văn bản (ít nhất {MIN_JUSTIFICATION} ký tự)")


def check_eligibility(
    *, subject, award_code: str, year: int, proposed_together=(), ground: engine.Ground | None = None
) -> dict:
    """The engine's verdict for one subject and award as plain data for the proposal row:
    ``{"eligible", "pack", "criteria": [{code, label, passed, facts, article}], "led_bloc"}``.
    ``proposed_together``: the people proposed for the same award in the same round, in priority
    order, the subject among them (quotas such as the 2019 cap count those ahead of it)."""

    verdicts = eligibility_for(
        subject=subject, year=year, award=award_code, proposed_together=proposed_together, ground=ground
    )
    return _verdict_data(verdicts[0])


def judge_proposal(
    proposal,
    *,
    ground: str | None = None,
    justification=None,
    movement=None,
    received_on: dt.date | None = None,
) -> dict:
    """The engine's verdict for a stored proposal as it stands (its ground with what it brings,
    the people proposed before it for the same award), or with a changed ``ground``. With
    ``received_on`` (the office receives the dossier) the pack is chosen by that date where the
    law's transition says so: both verdicts computed, the one used recorded with its reason."""
    together = []
    if proposal.person_id is not None:
        together = [
            *proposed_before(award=proposal.award, year=proposal.year, exclude_pk=proposal.pk),
            proposal.person_id,
        ]
    if ground is None:
        ground, justification, movement = (
            proposal.ground,
            proposal.ground_justification,
            proposal.ground_movement,
        )
    brought = ground_for(
        kind=ground,
        justification=justification,
        movement=movement,
        vote_yes=proposal.vote_yes,
        vote_base=proposal.vote_base,
    )
    if received_on is not None:
        verdict = eligibility_on_receipt(
            subject=proposal.subject,
            year=proposal.year,
            award=proposal.award.code,
            received_on=received_on,
            proposed_together=together,
            ground=brought,
        )
        return _verdict_data(verdict)
    return check_eligibility(
        subject=proposal.subject,
        award_code=proposal.award.code,
        year=proposal.year,
        proposed_together=together,
        ground=brought,
    )


def check_eligibility_many(*, unit_ids, person_ids, award_codes, year: int, proposed_together=()) -> dict:
    """The same verdicts for many subjects at once (the engine's set-wise path: facts loaded once
    for all, then judged in memory): ``{(award code, "u"|"p", id): verdict data}``. With
    ``proposed_together`` give one award code (the list is that award's batch)."""

    if not (unit_ids or person_ids) or not award_codes:
        return {}
    verdicts = evaluate_many(
        person_ids=sorted(set(person_ids)),
        unit_ids=sorted(set(unit_ids)),
        year=year,
        awards=sorted(award_codes),
        proposed_together=proposed_together,
    )
    return {(v.award, *v.subject): _verdict_data(v) for v in verdicts}


def proposed_before(*, award, year: int, exclude_pk=None) -> list[int]:
    """The people already proposed for ``award`` in ``year`` and still in the round (draft to
    approved), in the order they were proposed: they come before any new candidate when a cap
    counts the candidates proposed together (Decree 91/2017 Art 9.3)."""

    return list(
        Proposal.objects.filter(award=award, year=year, person__isnull=False, status__in=COUNTS_FOR_QUOTA)
        .exclude(pk=exclude_pk)
        .order_by("created_at", "pk")
        .values_list("person_id", flat=True)
    )


def _verdict_data(verdict) -> dict:
    criteria = [
        {"code": c.code, "label": c.label, "passed": bool(c.passed), "facts": c.facts, "article": c.article}
        for c in verdict.criteria
    ]
    led = next(
        (
            c["facts"].removeprefix("Khối dẫn đầu: ")
            for c in criteria
            if c["code"] == "led_bloc" and c["passed"]
        ),
        "",
    )
    return {"eligible": verdict.eligible, "pack": verdict.pack, "criteria": criteria, "led_bloc": led}


STEP_LABELS = {
    "propose": "đề nghị khen thưởng",
    "council": "Hội đồng xét, biểu quyết",
    "decide": "quyết định khen thưởng",
}


def open_case_problem(*, subject, name: str, day: dt.date, step: str) -> str:
    """The Vietnamese reason ``subject`` may not pass ``step`` on ``day`` (an open discipline,
    investigation, inspection or complaint: Decree 152/2025 Art 4.4), or "" when nothing is open."""
    cases = open_cases(subject=subject, day=day)
    if not cases:
        return ""
    return (
        f"{name}: {'; '.join(c.text for c in cases)} — tại ngày {day:%d/%m/%Y} không được "
        f"{STEP_LABELS[step]} khi đang bị kỷ luật, điều tra, thanh tra, kiểm tra hoặc có khiếu nại, tố cáo "
        f"chưa giải quyết ({cases[0].article})."
    )


def check_no_open_case(*, subject, name: str, day: dt.date, step: str, field: str = "subject") -> None:
    problem = open_case_problem(subject=subject, name=name, day=day, step=step)
    if problem:
        raise field_error(field, problem)


def rule_entry(*, award, day: dt.date):
    """The rule entry of ``award`` in the pack in force on ``day`` (None if none)."""

    pack = pack_for_date(day)
    if pack is None:
        return None
    return RuleEntry.objects.filter(pack=pack, award=award, enabled=True).select_related("pack").first()


# Quotas, Council thresholds and cash: the awards app's ``quotas`` module decides -------------------


@dataclass
class Quota:
    award: str
    limit: int
    used: int
    basis: str
    article: str

    @property
    def left(self) -> int:
        return max(self.limit - self.used, 0)


def quota_for(*, proposal_award_code: str, bloc_year, year: int, statuses, exclude_pk=None) -> Quota | None:
    """The quota that applies to an award (Government flag province-wide, provincial flags per
    bloc) with how many proposals in ``statuses`` already use it; None when no quota applies."""

    used = Proposal.objects.filter(year=year, award__code=proposal_award_code, status__in=statuses).exclude(
        pk=exclude_pk
    )
    if proposal_award_code == GOVERNMENT_FLAG:
        q = quotas.government_flag_quota(year=year)
        basis = f"{q.ratio} × {q.basis_count} — {QUOTA_BASES.get(q.basis, q.basis)}"
        return Quota(GOVERNMENT_FLAG, q.quota, used.count(), basis, q.article)
    if proposal_award_code == PROVINCIAL_FLAG:
        limit = quotas.provincial_flag_quota(bloc_year=bloc_year)
        return Quota(
            PROVINCIAL_FLAG,
            limit,
            used.filter(bloc_year=bloc_year).count(),
            f"{limit} cờ cho mỗi khối",
            "Quy chế hoạt động của khối (thiết lập của khối)",
        )
    return None


def council_threshold(*, award, year: int) -> tuple[str, str]:
    """(ratio of all Council members as text, article) of ``quotas.council_rule``: the default
    majority (no ratio in the pack) is stored as ``DEFAULT_COUNCIL_RATIO``, "more than half"."""

    rule = quotas.council_rule(award=award, year=year)
    return (DEFAULT_COUNCIL_RATIO if rule.strict else str(rule.ratio)), rule.article


def council_passes(*, yes: int, members: int, ratio: str) -> bool:
    """A stored ratio judged by the awards app's one Council rule (``quotas.council_reaches``)."""
    strict = ratio == DEFAULT_COUNCIL_RATIO
    return quotas.council_reaches(votes_for=yes, council_size=members, ratio=Fraction(ratio), strict=strict)


def base_salary_on(day: dt.date) -> int:

    return quotas.base_salary_on(day).amount


def cash_for(*, award, day: dt.date, base_salary: int | None = None) -> tuple[Decimal, int]:
    """(coefficient, amount in đồng) for ``award`` decided on ``day``."""

    cash = quotas.cash_amount(award=award, decision_date=day)
    return cash.coefficient, cash.amount


# History ------------------------------------------------------------------------------------------


def already_awarded(*, award, year: int, unit=None, person=None):
    """The history row that already gives ``award`` for ``year`` to the subject, if any (a revoked
    award is no longer held, Law 06/2022 Art 93.2)."""

    qs = AwardRecord.objects.in_force().filter(award=award, year=year)
    qs = qs.filter(unit=unit) if unit is not None else qs.filter(person=person)
    return qs.first()


# Dossier ------------------------------------------------------------------------------------------


def dossier_article(year: int) -> str:
    """The legal basis of the dossier's contents in the rule pack that judges ``year`` (Law 06/2022
    Art 84.1 from 2024; the 2003 Law with Decree 91/2017 for the years before)."""

    try:
        return validate_params(pack_for_year(year).params).dossier_article
    except ValidationError:
        return PackParams().dossier_article
