"""Creating proposals (by hand, from the conference outcomes) and editing them while a draft."""

from __future__ import annotations

from fractions import Fraction

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from thidua.awards import quotas
from thidua.awards.choices import SubjectKind
from thidua.awards.models import Award
from thidua.conference.selectors import outcomes_for_year
from thidua.core.audit import audit, snapshot
from thidua.core.errors import field_error
from thidua.organisations.models import BlocYear
from thidua.proposals import dossier
from thidua.proposals.choices import (
    BALLOT_AWARDS,
    COUNTS_FOR_QUOTA,
    ProposalGround,
    ProposalStatus,
    Source,
)
from thidua.proposals.models import (
    Proposal,
    Transition,
)
from thidua.proposals.permissions import (
    can_prepare,
)
from thidua.proposals.rules import (
    already_awarded,
    check_eligibility,
    check_no_open_case,
    ground_for,
    grounds_of,
    judge_proposal,
    proposed_before,
    quota_for,
)
from thidua.proposals.selectors import outcomes_without_proposal
from thidua.proposals.services._common import (
    FIELDS,
    NOT_YOURS,
    _actor_name,
    _editable,
    _eligibility_error,
    _quota_error,
)
from thidua.scoring.selectors import ranking_for_year

# Creation -----------------------------------------------------------------------------------------


def _fresh_year(bloc_year):
    """The bloc year as stored now (its settings hold the flag quota)."""

    return BlocYear.objects.select_related("bloc").get(pk=bloc_year.pk)


def _validate_new(
    *,
    bloc_year,
    award,
    unit,
    person,
    year,
    exclude_pk=None,
    pending: int = 0,
    verdict: dict | None = None,
    ground=None,
) -> dict:
    """Subject, membership, duplicates, eligibility and quota; returns the verdict.

    ``pending``: proposals of the same award not yet stored that use the quota too (the rows
    above in an import file). ``verdict``: the engine's verdict the caller got moments ago for
    this subject (an import checks every row first, then writes without asking the engine again).
    ``ground``: an ``engine.Ground`` when a commendation is proposed on another than its checkable
    ground (``rules.ground_for``)."""

    if (unit is None) == (person is None):
        raise field_error("subject", "Chọn một tập thể hoặc một cá nhân.")
    if unit is not None and award.subject != SubjectKind.COLLECTIVE:
        raise field_error("award", f"{award.name} dành cho cá nhân, không dành cho tập thể.")
    if person is not None and award.subject != SubjectKind.INDIVIDUAL:
        raise field_error("award", f"{award.name} dành cho tập thể, không dành cho cá nhân.")
    member_units = set(bloc_year.members.values_list("unit_id", flat=True))
    unit_id = unit.pk if unit is not None else person.unit_id
    if unit_id not in member_units:
        raise field_error("subject", f"Đơn vị không là thành viên {bloc_year.bloc.name} năm {year}.")
    duplicate = Proposal.objects.filter(year=year, award=award).exclude(pk=exclude_pk)
    duplicate = duplicate.filter(unit=unit) if unit is not None else duplicate.filter(person=person)
    if duplicate.exists():
        raise field_error("subject", f"Đã có đề nghị {award.name} năm {year} cho đối tượng này.")
    subject = unit or person
    name = unit.name_in_year(year) if unit is not None else person.full_name
    done = already_awarded(award=award, year=year, unit=unit, person=person)
    if done is not None:
        raise field_error(
            "subject",
            f"{name} đã được tặng {award.name} năm {year} (Quyết định số {done.decision_number} "
            f"ngày {done.decision_date:%d/%m/%Y}).",
        )
    # Open cases block on the day of proposing too, not only at the end of the year judged.
    check_no_open_case(subject=subject, name=name, day=timezone.localdate(), step="propose")
    if verdict is None:
        together = []
        if person is not None:
            together = [*proposed_before(award=award, year=year, exclude_pk=exclude_pk), person.pk]
        verdict = check_eligibility(
            subject=subject, award_code=award.code, year=year, proposed_together=together, ground=ground
        )
    if not verdict["eligible"]:
        raise _eligibility_error(award, name, verdict)
    quota = quota_for(
        proposal_award_code=award.code,
        bloc_year=bloc_year,
        year=year,
        statuses=COUNTS_FOR_QUOTA,
        exclude_pk=exclude_pk,
    )
    if quota is not None and quota.used + pending >= quota.limit:
        raise _quota_error(quota, award, pending)
    return verdict


def _create(
    *,
    actor,
    bloc_year,
    award,
    unit,
    person,
    outcome=None,
    vote_yes=None,
    vote_base=None,
    vote_note="",
    verdict: dict | None = None,
    achievement_report: str = "",
    reason: str = "",
    ground: str = ProposalGround.CHECKABLE,
    ground_justification: str = "",
    ground_movement=None,
) -> Proposal:
    year = bloc_year.year
    verdict = _validate_new(
        bloc_year=bloc_year,
        award=award,
        unit=unit,
        person=person,
        year=year,
        verdict=verdict,
        ground=ground_for(
            kind=ground,
            justification=ground_justification,
            movement=ground_movement,
            vote_yes=vote_yes,
            vote_base=vote_base,
        ),
    )
    proposal = Proposal(
        bloc_year=bloc_year,
        award=award,
        unit=unit,
        person=person,
        year=year,
        source=Source.CONFERENCE if outcome is not None else Source.MANUAL,
        outcome=outcome,
        vote_yes=vote_yes,
        vote_base=vote_base,
        vote_note=vote_note,
        eligible=True,
        eligibility=verdict["criteria"],
        pack_code=verdict["pack"],
        led_bloc=verdict["led_bloc"],
        ground=ground,
        ground_justification=ground_justification.strip(),
        ground_movement=ground_movement,
        checked_at=timezone.now(),
        created_by=actor,
    )
    proposal.achievement_report = achievement_report or dossier.prefill_report(proposal)
    proposal.save()
    Transition.objects.create(
        proposal=proposal,
        from_status="",
        to_status=ProposalStatus.DRAFT,
        actor=actor,
        actor_name=_actor_name(actor),
        reason=reason
        or ("Tạo từ kết quả biểu quyết của hội nghị" if outcome is not None else "Nhập trực tiếp"),
    )
    audit(
        actor=actor,
        action="proposal.create",
        obj=proposal,
        after=snapshot(proposal, [*FIELDS, "award", "unit", "person"]),
    )
    return proposal


def _vote_figures(vote_yes, vote_base):
    if (vote_yes is None) != (vote_base is None):
        raise field_error("vote_base", "Nhập cả số phiếu tán thành và tổng số phiếu, hoặc để trống cả hai.")
    if vote_base is not None and (vote_base <= 0 or vote_yes < 0 or vote_yes > vote_base):
        raise field_error("vote_yes", "Số phiếu tán thành phải từ 0 đến tổng số phiếu.")


def proposal_create(
    *,
    actor,
    bloc_year,
    award,
    unit=None,
    person=None,
    vote_yes: int | None = None,
    vote_base: int | None = None,
    vote_note: str = "",
    ground: str = ProposalGround.CHECKABLE,
    ground_justification: str = "",
    ground_movement=None,
) -> Proposal:
    """A proposal entered by hand (an individual, or a collective not voted at the conference).
    A commendation may rest on another of its grounds than the checkable one (Law 06/2022 Art 73,
    74): the bloc's vote or a movement's result, a contribution, an extraordinary achievement."""
    if not can_prepare(actor, bloc_year):
        raise PermissionDenied(NOT_YOURS)
    _vote_figures(vote_yes, vote_base)
    bloc_year = _fresh_year(bloc_year)
    _check_ground(
        bloc_year=bloc_year,
        award=award,
        subject_unit_id=unit.pk if unit is not None else (person.unit_id if person is not None else None),
        ground=ground,
        justification=ground_justification,
        movement=ground_movement,
    )
    with transaction.atomic():
        return _create(
            actor=actor,
            bloc_year=bloc_year,
            award=award,
            unit=unit,
            person=person,
            vote_yes=vote_yes,
            vote_base=vote_base,
            vote_note=vote_note,
            ground=ground,
            ground_justification=ground_justification,
            ground_movement=ground_movement,
        )


def quota_choice(bloc_year, outcomes) -> dict[str, quotas.Choice]:
    """For each award with a quota (the bloc's provincial flags, the province's Government
    flags) whose voted units outnumber the places left: who fits, by vote share and then the
    bloc's ranking score; among equals women first where the pack says so (Decree 152/2025 Art
    4.6); {award code: choice} for those awards only."""
    scores = {r.unit.pk: r.final_score for r in ranking_for_year(bloc_year=bloc_year)}
    choices = {}
    for code in {BALLOT_AWARDS[o.kind] for o in outcomes}:
        group = [o for o in outcomes if BALLOT_AWARDS[o.kind] == code]
        quota = quota_for(
            proposal_award_code=code, bloc_year=bloc_year, year=bloc_year.year, statuses=COUNTS_FOR_QUOTA
        )
        if quota is None or len(group) <= quota.left:
            continue
        women = quotas.women_flags(unit_ids=[o.unit_id for o in group])
        candidates = [
            quotas.Candidate(
                key=o.pk,
                name=o.unit.name_in_year(bloc_year.year),
                merit=(Fraction(o.votes, o.base) if o.base else Fraction(0), scores.get(o.unit_id, 0)),
                women=women[("unit", o.unit_id)],
            )
            for o in group
        ]
        choices[code] = quotas.choose_within_quota(
            candidates, quota.left, women_article=quotas.women_priority_article(year=bloc_year.year)
        )
    return choices


def _within_quotas(bloc_year, outcomes) -> tuple[list, dict]:
    """The outcomes that fit their quota, with the reason each was chosen; a tie the quota cannot
    separate is refused, naming the tied units, for the bloc (or the Council) to decide."""
    choices = quota_choice(bloc_year, outcomes)
    names = {o.pk: o.unit.name_in_year(bloc_year.year) for o in outcomes}
    kept, reasons = [], {}
    for outcome in outcomes:
        choice = choices.get(BALLOT_AWARDS[outcome.kind])
        if choice is None:
            kept.append(outcome)
            continue
        if choice.tie:
            tied = "; ".join(f"{names[k]} ({choice.reasons[k].rstrip('.')})" for k in choice.tie)
            raise field_error(
                "__all__",
                f"Chưa tạo đề nghị nào. Số đơn vị được biểu quyết vượt chỉ tiêu ({choice.limit} suất còn lại) và "
                f"có {len(choice.tie)} đơn vị ngang nhau cho {choice.tie_places} suất: {tied}. Khối (hoặc Hội đồng) "
                "cần quyết định trước.",
            )
        if outcome.pk in choice.chosen:
            kept.append(outcome)
            reasons[outcome.pk] = (
                f"Tạo từ kết quả biểu quyết của hội nghị; chọn trong chỉ tiêu: {choice.reasons[outcome.pk]}"
            )
    return kept, reasons


def _check_ground(*, bloc_year, award, subject_unit_id, ground, justification, movement) -> None:
    """The ground is one the award's entry offers; the movement is the bloc year's (the unit's
    own or the bloc's); the justification fits its column."""
    offered = grounds_of(award=award, year=bloc_year.year)
    if ground not in offered:
        names = "; ".join(str(ProposalGround(g).label) for g in offered)
        raise field_error(
            "ground", f"{award.name} năm {bloc_year.year} chỉ đề nghị theo các căn cứ: {names}."
        )
    if len(justification or "") > 4000:
        raise field_error("ground_justification", "Giải trình dài quá 4.000 ký tự.")
    if movement is not None and (
        movement.bloc_year_id != bloc_year.pk or movement.unit_id not in (None, subject_unit_id)
    ):
        raise field_error(
            "ground_movement", "Phong trào phải là phong trào của đơn vị (hoặc của khối) trong năm này."
        )


def movement_ground(*, award, year: int, vote_yes, vote_base) -> str:
    """A conference's vote (or an import row's) is exactly the movement ground when the award
    offers it; otherwise the checkable ground."""
    if vote_base and vote_yes and ProposalGround.MOVEMENT in grounds_of(award=award, year=year):
        return ProposalGround.MOVEMENT
    return ProposalGround.CHECKABLE


def proposals_from_outcomes(*, actor, bloc_year) -> list[Proposal]:
    """Every award outcome of the year's conference becomes a draft proposal with its vote.
    All or nothing: one ineligible unit or an exceeded quota refuses the whole batch, naming
    every problem."""

    if not can_prepare(actor, bloc_year):
        raise PermissionDenied(NOT_YOURS)
    bloc_year = _fresh_year(bloc_year)
    outcomes = [o for o in outcomes_for_year(bloc_year=bloc_year) if o.kind in BALLOT_AWARDS]
    if not outcomes:
        raise field_error(
            "bloc_year",
            "Hội nghị chưa có kết quả biểu quyết đề nghị khen thưởng nào (hoặc chưa kết thúc bỏ phiếu).",
        )
    awards = {a.code: a for a in Award.objects.filter(code__in=BALLOT_AWARDS.values())}

    todo = outcomes_without_proposal(outcomes)
    if not todo:
        raise field_error("bloc_year", "Các kết quả biểu quyết đã được chuyển thành đề nghị.")
    todo, reasons = _within_quotas(bloc_year, todo)
    created, errors = [], []
    with transaction.atomic():
        for outcome in todo:
            award = awards.get(BALLOT_AWARDS[outcome.kind])
            if award is None:
                errors.append(f"Danh mục chưa có {BALLOT_AWARDS[outcome.kind]}.")
                continue
            try:
                with transaction.atomic():
                    created.append(
                        _create(
                            actor=actor,
                            bloc_year=bloc_year,
                            award=award,
                            unit=outcome.unit,
                            person=None,
                            outcome=outcome,
                            vote_yes=outcome.votes,
                            vote_base=outcome.base,
                            vote_note=f"Biểu quyết “{outcome.ballot.title}”, tỉ lệ {outcome.share}",
                            ground=movement_ground(
                                award=award,
                                year=bloc_year.year,
                                vote_yes=outcome.votes,
                                vote_base=outcome.base,
                            ),
                            reason=reasons.get(outcome.pk, ""),
                        )
                    )
            except ValidationError as exc:
                errors.extend(m for ms in exc.message_dict.values() for m in ms)
        if errors:
            transaction.set_rollback(True)
    if errors:
        raise field_error("__all__", "Chưa tạo đề nghị nào. " + " ".join(errors))
    return created


# Editing and the dossier --------------------------------------------------------------------------


def proposal_update(
    *,
    actor,
    proposal: Proposal,
    achievement_report: str,
    vote_yes: int | None = None,
    vote_base: int | None = None,
    vote_note: str = "",
    ground: str | None = None,
    ground_justification: str = "",
    ground_movement=None,
) -> Proposal:
    """Edit the achievement report, (for proposals entered by hand) the vote and, with ``ground``,
    the ground with its justification: the eligibility is judged again and an ineligible change is
    refused. The dossier must then be generated again."""
    _editable(actor, proposal)
    if not achievement_report.strip():
        raise field_error("achievement_report", "Báo cáo thành tích không được để trống.")
    if proposal.outcome_id is None:
        _vote_figures(vote_yes, vote_base)
    unchanged = (
        proposal.ground,
        proposal.ground_justification,
        proposal.ground_movement_id,
    ) == (ground, (ground_justification or "").strip(), getattr(ground_movement, "pk", None))
    if unchanged:
        ground = None  # nothing to judge again
    if ground is not None:
        _check_ground(
            bloc_year=proposal.bloc_year,
            award=proposal.award,
            subject_unit_id=proposal.unit_id or proposal.person.unit_id,
            ground=ground,
            justification=ground_justification,
            movement=ground_movement,
        )
    with transaction.atomic():
        locked = Proposal.objects.select_for_update(of=("self",)).with_related().get(pk=proposal.pk)
        _editable(actor, locked)
        before = snapshot(locked, FIELDS)
        locked.achievement_report = achievement_report.strip()
        if locked.outcome_id is None:
            locked.vote_yes, locked.vote_base, locked.vote_note = vote_yes, vote_base, vote_note
        if ground is not None:
            _rejudge(locked, ground=ground, justification=ground_justification, movement=ground_movement)
        locked.dossier_generated_at = None
        locked.save()
        audit(
            actor=actor,
            action="proposal.update",
            obj=locked,
            before=before,
            after=snapshot(locked, FIELDS),
        )
    return locked


def _rejudge(proposal: Proposal, *, ground: str, justification: str, movement) -> None:
    """The engine's verdict again for a changed ground; refused (nothing changed) if ineligible."""
    verdict = judge_proposal(proposal, ground=ground, justification=justification, movement=movement)
    if not verdict["eligible"]:
        raise _eligibility_error(proposal.award, proposal.subject_name, verdict)
    proposal.ground, proposal.ground_justification, proposal.ground_movement = (
        ground,
        (justification or "").strip(),
        movement,
    )
    proposal.eligible, proposal.eligibility, proposal.pack_code = True, verdict["criteria"], verdict["pack"]
    proposal.led_bloc, proposal.checked_at = verdict["led_bloc"], timezone.now()
