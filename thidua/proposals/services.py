"""Writes of proposals, dossiers, the Council's vote, decisions and exemplary models.

Each transition is one guarded service: permission, validation, a conditional update of the
status (a second click finds the status already moved and changes nothing), a Transition row
for the timeline and an audit record, all in one transaction."""

from __future__ import annotations

import datetime as dt
import io

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from thidua.core.audit import audit, snapshot
from thidua.core.errors import field_error
from thidua.proposals import adapters, dossier
from thidua.proposals.choices import (
    BALLOT_AWARDS,
    COUNTS_FOR_QUOTA,
    EDITABLE,
    SUBMITTED_OR_LATER,
    DossierKind,
    ProposalStatus,
    Source,
)
from thidua.proposals.models import (
    Decision,
    DecisionItem,
    ExemplaryModel,
    ExemplaryPhoto,
    Proposal,
    RoundSettings,
    Transition,
    default_deadline,
    number_key,
)
from thidua.proposals.permissions import (
    can_edit_exemplary,
    can_prepare,
    can_process,
    can_publish_exemplary,
)

NOT_YOURS = "Chỉ thư ký khối (đơn vị trưởng khối) hoặc Phòng Thi đua – Khen thưởng được làm việc này."
OFFICE_ONLY = "Chỉ Phòng Thi đua – Khen thưởng (Sở Nội vụ) được làm việc này."
FIELDS = [
    "status",
    "eligible",
    "vote_yes",
    "vote_base",
    "vote_note",
    "achievement_report",
    "council_yes",
    "council_members",
    "council_ratio",
    "submitted_late",
    "dossier_generated_at",
]


def _actor_name(actor) -> str:
    return (actor.get_full_name() or actor.username) if getattr(actor, "pk", None) else "hệ thống"


def _move(
    *, proposal: Proposal, allowed: set, to: str, actor, reason: str = "", extra: dict | None = None
) -> Proposal:
    """Move ``proposal`` to ``to`` only if it is still in one of ``allowed`` (checked in the
    database, so two clicks or two officers cannot both move it)."""
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


# Round settings -----------------------------------------------------------------------------------


def round_settings_for(year: int) -> RoundSettings:
    """The year's settings, or unsaved defaults (deadline 10/12, 15 Council members)."""
    return RoundSettings.objects.filter(year=year).first() or RoundSettings(
        year=year, bloc_deadline=default_deadline(year)
    )


def round_settings_save(
    *, actor, year: int, bloc_deadline: dt.date, council_members: int, notes: str = ""
) -> RoundSettings:
    if not can_process(actor):
        raise PermissionDenied(OFFICE_ONLY)
    if not 1990 <= year <= 2200:
        raise field_error("year", f"Năm {year} không hợp lệ.")
    if not 1 <= council_members <= 200:
        raise field_error("council_members", "Số thành viên Hội đồng phải từ 1 đến 200.")
    if bloc_deadline.year not in (year, year + 1):
        raise field_error("bloc_deadline", f"Hạn nộp hồ sơ phải trong năm {year} hoặc năm {year + 1}.")
    with transaction.atomic():
        row = RoundSettings.objects.select_for_update().filter(year=year).first()
        before = snapshot(row) if row else None
        row = row or RoundSettings(year=year)
        row.bloc_deadline = bloc_deadline
        row.council_members = council_members
        row.notes = notes
        row.save()
        audit(actor=actor, action="round_settings.save", obj=row, before=before, after=snapshot(row))
    return row


def deadline_for(bloc_year) -> dt.date:
    """The bloc's own deadline ("dossier" in its settings) if set, else the office's for the year."""
    from thidua.organisations.bloc_settings import get_settings

    own = get_settings(bloc_year).deadlines.get("dossier")
    if own:
        try:
            return dt.date.fromisoformat(own)
        except ValueError:
            pass
    return round_settings_for(bloc_year.year).bloc_deadline


# Creation -----------------------------------------------------------------------------------------


def _fresh_year(bloc_year):
    """The bloc year as stored now (its settings hold the flag quota)."""
    from thidua.organisations.models import BlocYear

    return BlocYear.objects.select_related("bloc").get(pk=bloc_year.pk)


def _eligibility_error(award, subject_name: str, verdict: dict) -> ValidationError:
    failed = [c for c in verdict["criteria"] if not c["passed"]]
    lines = "; ".join(f"{c['label']} — {c['facts']} ({c['article']})" for c in failed)
    return field_error("subject", f"{subject_name} chưa đủ tiêu chuẩn {award.name}: {lines}.")


def _quota_error(quota, award) -> ValidationError:
    return field_error(
        "award",
        f"Vượt chỉ tiêu {award.name}: tối đa {quota.limit}, đã có {quota.used} đề nghị ({quota.basis}; {quota.article}).",
    )


def _validate_new(*, bloc_year, award, unit, person, year, exclude_pk=None) -> dict:
    """Subject, membership, duplicates, eligibility and quota; returns the verdict."""
    from thidua.awards.choices import SubjectKind

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
    done = adapters.already_awarded(award=award, year=year, unit=unit, person=person)
    if done is not None:
        raise field_error(
            "subject",
            f"{name} đã được tặng {award.name} năm {year} (Quyết định số {done.decision_number} "
            f"ngày {done.decision_date:%d/%m/%Y}).",
        )
    verdict = adapters.check_eligibility(subject=subject, award_code=award.code, year=year)
    if not verdict["eligible"]:
        raise _eligibility_error(award, name, verdict)
    quota = adapters.quota_for(
        proposal_award_code=award.code,
        bloc_year=bloc_year,
        year=year,
        statuses=COUNTS_FOR_QUOTA,
        exclude_pk=exclude_pk,
    )
    if quota is not None and quota.used >= quota.limit:
        raise _quota_error(quota, award)
    return verdict


def _create(
    *, actor, bloc_year, award, unit, person, outcome=None, vote_yes=None, vote_base=None, vote_note=""
) -> Proposal:
    year = bloc_year.year
    verdict = _validate_new(bloc_year=bloc_year, award=award, unit=unit, person=person, year=year)
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
        checked_at=timezone.now(),
        created_by=actor,
    )
    proposal.achievement_report = dossier.prefill_report(proposal)
    proposal.save()
    Transition.objects.create(
        proposal=proposal,
        from_status="",
        to_status=ProposalStatus.DRAFT,
        actor=actor,
        actor_name=_actor_name(actor),
        reason="Tạo từ kết quả biểu quyết của hội nghị" if outcome is not None else "Nhập trực tiếp",
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
) -> Proposal:
    """A proposal entered by hand (an individual, or a collective not voted at the conference)."""
    if not can_prepare(actor, bloc_year):
        raise PermissionDenied(NOT_YOURS)
    _vote_figures(vote_yes, vote_base)
    bloc_year = _fresh_year(bloc_year)
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
        )


def proposals_from_outcomes(*, actor, bloc_year) -> list[Proposal]:
    """Every award outcome of the year's conference becomes a draft proposal with its vote.
    All or nothing: one ineligible unit or an exceeded quota refuses the whole batch, naming
    every problem."""
    from thidua.awards.models import Award
    from thidua.conference.selectors import outcomes_for_year

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
    done = set(Proposal.objects.filter(outcome__in=outcomes).values_list("outcome_id", flat=True))
    todo = [o for o in outcomes if o.pk not in done]
    if not todo:
        raise field_error("bloc_year", "Các kết quả biểu quyết đã được chuyển thành đề nghị.")
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


def _editable(actor, proposal) -> None:
    if not can_prepare(actor, proposal.bloc_year):
        raise PermissionDenied(NOT_YOURS)
    if proposal.status not in EDITABLE:
        raise field_error(
            "status", f"Đề nghị đang ở trạng thái “{proposal.get_status_display()}”, không sửa được."
        )


def proposal_update(
    *,
    actor,
    proposal: Proposal,
    achievement_report: str,
    vote_yes: int | None = None,
    vote_base: int | None = None,
    vote_note: str = "",
) -> Proposal:
    """Edit the achievement report and (for proposals entered by hand) the vote; the dossier
    must then be generated again."""
    _editable(actor, proposal)
    if not achievement_report.strip():
        raise field_error("achievement_report", "Báo cáo thành tích không được để trống.")
    if proposal.outcome_id is None:
        _vote_figures(vote_yes, vote_base)
    with transaction.atomic():
        locked = Proposal.objects.select_for_update(of=("self",)).with_related().get(pk=proposal.pk)
        _editable(actor, locked)
        before = snapshot(locked, FIELDS)
        locked.achievement_report = achievement_report.strip()
        if locked.outcome_id is None:
            locked.vote_yes, locked.vote_base, locked.vote_note = vote_yes, vote_base, vote_note
        locked.dossier_generated_at = None
        locked.save()
        audit(
            actor=actor, action="proposal.update", obj=locked, before=before, after=snapshot(locked, FIELDS)
        )
    return locked


def dossier_generate(*, actor, proposal: Proposal, date: dt.date | None = None) -> dict:
    """Generate the four files of the dossier (Word; PDF too when LibreOffice is installed)."""
    from thidua.documents import services as documents

    proposal = Proposal.objects.with_related().get(pk=proposal.pk)
    _editable(actor, proposal)
    if not proposal.achievement_report.strip():
        raise field_error("achievement_report", "Cần báo cáo thành tích trước khi lập hồ sơ.")
    date = date or timezone.localdate()
    siblings = list(
        Proposal.objects.with_related()
        .filter(bloc_year=proposal.bloc_year)
        .exclude(status=ProposalStatus.NOT_APPROVED)
    )
    specs = {
        DossierKind.LETTER: dossier.letter_spec(proposal, date=date),
        DossierKind.REPORT: dossier.report_spec(proposal, date=date),
        DossierKind.MINUTES: dossier.minutes_spec(proposal, date=date),
        DossierKind.LIST: dossier.list_spec(proposal, date=date, proposals=siblings),
    }
    slug = (
        proposal.unit.code if proposal.unit_id else f"ca-nhan-{proposal.person_id}"
    ) + f"-{proposal.award.code}-{proposal.year}"
    files = {}
    with transaction.atomic():
        for kind, spec in specs.items():
            doc = documents.generate_docx(
                actor=actor,
                owner=proposal,
                kind=kind.value,
                spec=spec,
                template_version="1",
                file_name=f"{kind.value}-{slug}",
            )
            files[kind.value] = {"docx": doc, "pdf": None}
        locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
        locked.dossier_generated_at = timezone.now()
        locked.save(update_fields=["dossier_generated_at", "updated_at"])
        audit(
            actor=actor,
            action="proposal.dossier",
            obj=locked,
            after={"files": [f["docx"].file_name for f in files.values()]},
        )
    if documents.pdf_available():
        for pair in files.values():
            pair["pdf"] = documents.generate_pdf(actor=actor, document=pair["docx"])
    return files


# Transitions --------------------------------------------------------------------------------------


def proposal_submit(
    *, actor, proposal: Proposal, late_reason: str = "", today: dt.date | None = None
) -> Proposal:
    """The bloc sends the proposal: eligibility and quota are checked again, the dossier must be
    complete, and after the deadline a reason for lateness is required."""
    from thidua.proposals.selectors import dossier_status

    proposal = Proposal.objects.with_related().get(pk=proposal.pk)
    _editable(actor, proposal)
    today = today or timezone.localdate()
    verdict = adapters.check_eligibility(
        subject=proposal.subject, award_code=proposal.award.code, year=proposal.year
    )
    if not verdict["eligible"]:
        raise _eligibility_error(proposal.award, proposal.subject_name, verdict)
    missing = [i["label"] + ": " + i["missing"] for i in dossier_status(proposal)["items"] if not i["ok"]]
    if missing:
        raise field_error("dossier", "Hồ sơ chưa đầy đủ (Luật TĐKT 2022, Điều 84.1): " + " ".join(missing))
    deadline = deadline_for(proposal.bloc_year)
    late = today > deadline
    if late and not late_reason.strip():
        raise field_error(
            "late_reason",
            f"Đã quá hạn nộp hồ sơ ({deadline:%d/%m/%Y}). Nộp muộn cần ghi rõ lý do để Phòng TĐKT xem xét.",
        )
    with transaction.atomic():
        quota = adapters.quota_for(
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
            allowed=EDITABLE,
            to=ProposalStatus.SUBMITTED,
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
            allowed={ProposalStatus.SUBMITTED},
            to=ProposalStatus.RETURNED,
            actor=actor,
            reason=reason.strip(),
        )


def proposal_receive(*, actor, proposal: Proposal, note: str = "") -> Proposal:
    if not can_process(actor):
        raise PermissionDenied(OFFICE_ONLY)
    with transaction.atomic():
        return _move(
            proposal=proposal,
            allowed={ProposalStatus.SUBMITTED},
            to=ProposalStatus.RECEIVED,
            actor=actor,
            reason=note,
        )


def proposals_receive_many(*, actor, proposals: list[Proposal]) -> list[Proposal]:
    """Receive a batch (the December week when every bloc sends); all or nothing."""
    if not can_process(actor):
        raise PermissionDenied(OFFICE_ONLY)
    if not proposals:
        raise field_error("proposals", "Chọn ít nhất một đề nghị.")
    with transaction.atomic():
        return [
            _move(
                proposal=p,
                allowed={ProposalStatus.SUBMITTED},
                to=ProposalStatus.RECEIVED,
                actor=actor,
                reason="Tiếp nhận theo lô",
            )
            for p in proposals
        ]


def council_vote_record(
    *, actor, proposal: Proposal, yes: int, members: int | None = None, voted_on: dt.date | None = None
) -> Proposal:
    """Record the Council's vote and judge it against the award's ratio of ALL members
    (Decree 98/2023 Art 30.7: 80% or 90%); the proposal is approved or not approved."""
    if not can_process(actor):
        raise PermissionDenied(OFFICE_ONLY)
    members = members if members is not None else round_settings_for(proposal.year).council_members
    if members <= 0:
        raise field_error("members", "Số thành viên Hội đồng phải lớn hơn 0.")
    if yes < 0 or yes > members:
        raise field_error("yes", f"Số phiếu tán thành phải từ 0 đến {members} (tổng số thành viên Hội đồng).")
    ratio, article = adapters.council_threshold(award=proposal.award, year=proposal.year)
    passed = adapters.council_passes(yes=yes, members=members, ratio=ratio)
    to = ProposalStatus.APPROVED if passed else ProposalStatus.NOT_APPROVED
    needed = "quá nửa" if ratio == adapters.DEFAULT_COUNCIL_RATIO else f"{ratio}"
    reason = f"Hội đồng biểu quyết {yes}/{members} thành viên tán thành; cần {needed} tổng số thành viên ({article})."
    with transaction.atomic():
        return _move(
            proposal=proposal,
            allowed={ProposalStatus.RECEIVED},
            to=to,
            actor=actor,
            reason=reason,
            extra={
                "council_yes": yes,
                "council_members": members,
                "council_ratio": ratio,
                "council_article": article,
                "council_voted_on": voted_on or timezone.localdate(),
            },
        )


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
    from thidua.awards.choices import Authority

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
    if Decision.objects.filter(number_key=number_key(number)).exists():
        raise field_error("number", f"Số quyết định “{number}” đã được nhập trước đây.")
    for p in proposals:
        if p.status != ProposalStatus.APPROVED:
            raise field_error(
                "proposals",
                f"{p.subject_name}: đề nghị đang ở trạng thái “{p.get_status_display()}”, "
                "chỉ ra quyết định cho đề nghị đã được Hội đồng thông qua.",
            )
        if p.award.authority != authority:
            raise field_error(
                "authority",
                f"{p.award.name} do {p.award.get_authority_display()} quyết định, không phải {Authority(authority).label}.",
            )
        if date.year < p.year:
            raise field_error("date", f"Ngày quyết định phải sau năm thành tích {p.year}.")
    base = adapters.base_salary_on(date)
    cash = {p.pk: adapters.cash_for(award=p.award, day=date, base_salary=base) for p in proposals}
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
            for p in proposals:
                moved = _move(
                    proposal=p,
                    allowed={ProposalStatus.APPROVED},
                    to=ProposalStatus.DECIDED,
                    actor=actor,
                    reason=f"Quyết định số {number} ngày {date:%d/%m/%Y}",
                )
                coefficient, amount = cash[p.pk]
                record = adapters.award_record_add(
                    actor=actor, proposal=moved, decision=decision, reason=f"Quyết định số {number}"
                )
                DecisionItem.objects.create(
                    decision=decision,
                    proposal=moved,
                    coefficient=coefficient,
                    amount=amount,
                    award_record_id=record.pk,
                )
    except IntegrityError as exc:
        raise field_error(
            "number", f"Số quyết định “{number}” hoặc một đối tượng trong quyết định đã được ghi nhận."
        ) from exc
    return decision


# Exemplary models ---------------------------------------------------------------------------------

MAX_PHOTO_BYTES = 8 * 1024 * 1024
MAX_PHOTO_SIDE = 2400


def _exemplary_subject_unit(unit, person) -> int:
    if (unit is None) == (person is None):
        raise field_error("subject", "Chọn một tập thể hoặc một cá nhân.")
    return unit.pk if unit is not None else person.unit_id


def exemplary_create(
    *, actor, title: str, year: int, story: str, unit=None, person=None, award_records=()
) -> ExemplaryModel:
    unit_id = _exemplary_subject_unit(unit, person)
    if not can_edit_exemplary(actor, unit_id=unit_id):
        raise PermissionDenied(
            "Chỉ cán bộ thi đua của đơn vị hoặc Phòng TĐKT được giới thiệu điển hình của đơn vị."
        )
    if not title.strip():
        raise field_error("title", "Nhập tiêu đề.")
    if len(story.strip()) < 50:
        raise field_error("story", "Câu chuyện điển hình cần ít nhất 50 ký tự.")
    _check_records(award_records, unit, person)
    with transaction.atomic():
        model = ExemplaryModel.objects.create(
            title=title.strip(), year=year, story=story.strip(), unit=unit, person=person, created_by=actor
        )
        model.awards.set(award_records)
        audit(actor=actor, action="exemplary.create", obj=model, after=snapshot(model))
    return model


def _check_records(records, unit, person) -> None:
    for r in records:
        if (unit is not None and r.unit_id != unit.pk) or (person is not None and r.person_id != person.pk):
            raise field_error("awards", f"Khen thưởng “{r}” không phải của đối tượng này.")


def exemplary_update(
    *, actor, model: ExemplaryModel, title: str, story: str, award_records=()
) -> ExemplaryModel:
    unit_id = model.unit_id or model.person.unit_id
    if not can_edit_exemplary(actor, unit_id=unit_id):
        raise PermissionDenied("Bạn không được sửa điển hình này.")
    if not title.strip():
        raise field_error("title", "Nhập tiêu đề.")
    if len(story.strip()) < 50:
        raise field_error("story", "Câu chuyện điển hình cần ít nhất 50 ký tự.")
    _check_records(award_records, model.unit, model.person)
    with transaction.atomic():
        locked = ExemplaryModel.objects.select_for_update().get(pk=model.pk)
        before = snapshot(locked)
        locked.title, locked.story = title.strip(), story.strip()
        locked.save()
        locked.awards.set(award_records)
        audit(actor=actor, action="exemplary.update", obj=locked, before=before, after=snapshot(locked))
    return locked


def exemplary_publish(*, actor, model: ExemplaryModel, published: bool) -> ExemplaryModel:
    if not can_publish_exemplary(actor):
        raise PermissionDenied(OFFICE_ONLY)
    with transaction.atomic():
        locked = ExemplaryModel.objects.select_for_update().get(pk=model.pk)
        if locked.published == published:
            return locked
        before = snapshot(locked)
        locked.published = published
        locked.published_at = timezone.now() if published else None
        locked.save()
        audit(
            actor=actor,
            action="exemplary.publish" if published else "exemplary.unpublish",
            obj=locked,
            before=before,
            after=snapshot(locked),
        )
    return locked


def exemplary_photo_add(*, actor, model: ExemplaryModel, upload, caption: str = "") -> ExemplaryPhoto:
    """Accept a JPEG or PNG checked by Pillow, strip its metadata and re-encode it."""
    from django.core.files.base import ContentFile
    from PIL import Image, UnidentifiedImageError

    unit_id = model.unit_id or model.person.unit_id
    if not can_edit_exemplary(actor, unit_id=unit_id):
        raise PermissionDenied("Bạn không được thêm ảnh cho điển hình này.")
    if upload is None:
        raise field_error("image", "Chọn một ảnh.")
    if upload.size > MAX_PHOTO_BYTES:
        raise field_error("image", "Ảnh quá lớn (tối đa 8 MB).")
    data = upload.read()
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise field_error("image", "Tệp không phải ảnh JPEG hoặc PNG hợp lệ.") from exc
    if image.format not in {"JPEG", "PNG"}:
        raise field_error("image", "Chỉ nhận ảnh JPEG hoặc PNG.")
    image = image.convert("RGB")
    image.thumbnail((MAX_PHOTO_SIDE, MAX_PHOTO_SIDE))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    with transaction.atomic():
        photo = ExemplaryPhoto(
            exemplary=model, caption=caption.strip()[:255], width=image.width, height=image.height
        )
        photo.image.save(f"{photo.code}.jpg", ContentFile(out.getvalue()), save=False)
        photo.save()
        audit(actor=actor, action="exemplary.photo_add", obj=model, after={"photo": str(photo.code)})
    return photo
