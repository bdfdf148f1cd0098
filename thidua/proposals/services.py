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
from thidua.core.errors import error_messages, field_error
from thidua.core.hooks import call_hooks
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
    default_central_deadline,
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
    "forward_letter",
    "forwarded_on",
    "forwarded_late",
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
    *,
    actor,
    year: int,
    bloc_deadline: dt.date,
    council_members: int,
    notes: str = "",
    central_deadline: dt.date | None = None,
) -> RoundSettings:
    if not can_process(actor):
        raise PermissionDenied(OFFICE_ONLY)
    if not 1990 <= year <= 2200:
        raise field_error("year", f"Năm {year} không hợp lệ.")
    if not 1 <= council_members <= 200:
        raise field_error("council_members", "Số thành viên Hội đồng phải từ 1 đến 200.")
    if bloc_deadline.year not in (year, year + 1):
        raise field_error("bloc_deadline", f"Hạn nộp hồ sơ phải trong năm {year} hoặc năm {year + 1}.")
    if central_deadline is not None and not year < central_deadline.year <= year + 2:
        raise field_error(
            "central_deadline", f"Hạn gửi Bộ Nội vụ phải trong năm {year + 1} hoặc năm {year + 2}."
        )
    with transaction.atomic():
        row = RoundSettings.objects.select_for_update().filter(year=year).first()
        before = snapshot(row) if row else None
        row = row or RoundSettings(year=year)
        row.bloc_deadline = bloc_deadline
        row.council_members = council_members
        row.central_deadline = central_deadline
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


def central_deadline_for(year: int) -> dt.date:
    """When the province's dossiers of central awards must reach MoHA (default 30/06 of year + 1)."""
    return round_settings_for(year).central_deadline or default_central_deadline(year)


# Creation -----------------------------------------------------------------------------------------


def _fresh_year(bloc_year):
    """The bloc year as stored now (its settings hold the flag quota)."""
    from thidua.organisations.models import BlocYear

    return BlocYear.objects.select_related("bloc").get(pk=bloc_year.pk)


def _eligibility_error(award, subject_name: str, verdict: dict) -> ValidationError:
    failed = [c for c in verdict["criteria"] if not c["passed"]]
    lines = "; ".join(f"{c['label']} — {c['facts']} ({c['article']})" for c in failed)
    return field_error("subject", f"{subject_name} chưa đủ tiêu chuẩn {award.name}: {lines}.")


def _quota_error(quota, award, pending: int = 0) -> ValidationError:
    also = f" và {pending} dòng phía trên trong tệp nhập" if pending else ""
    return field_error(
        "award",
        f"Vượt chỉ tiêu {award.name}: tối đa {quota.limit}, đã có {quota.used} đề nghị{also} "
        f"({quota.basis}; {quota.article}).",
    )


def _validate_new(
    *, bloc_year, award, unit, person, year, exclude_pk=None, pending: int = 0, verdict: dict | None = None
) -> dict:
    """Subject, membership, duplicates, eligibility and quota; returns the verdict.

    ``pending``: proposals of the same award not yet stored that use the quota too (the rows
    above in an import file). ``verdict``: the engine's verdict the caller got moments ago for
    this subject (an import checks every row first, then writes without asking the engine again)."""
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
    if verdict is None:
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
) -> Proposal:
    year = bloc_year.year
    verdict = _validate_new(
        bloc_year=bloc_year, award=award, unit=unit, person=person, year=year, verdict=verdict
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
    from thidua.proposals.selectors import outcomes_without_proposal

    todo = outcomes_without_proposal(outcomes)
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


def dossier_generate(*, actor, proposal: Proposal, date: dt.date | None = None, pdf: bool = True) -> dict:
    """Generate the four files of the dossier (Word; PDF too when LibreOffice is installed and
    ``pdf`` is true: the background job asks for Word only, then converts file by file)."""
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
    if pdf and documents.pdf_available():
        pairs = list(files.values())
        for pair, copy in zip(
            pairs, documents.generate_pdfs(actor=actor, documents=[p["docx"] for p in pairs]), strict=True
        ):
            pair["pdf"] = copy
    return files


# The bloc's list of proposed subjects -------------------------------------------------------------

LIST_KIND = "bloc_proposal_list"


def bloc_list_generate(*, actor, bloc_year, date: dt.date | None = None) -> dict:
    """The bloc year's list of proposed collectives and individuals as one Word file and one Excel
    workbook, owned by the bloc year (every proposal's dossier carries the same list)."""
    from thidua.documents import services as documents
    from thidua.documents.spec import Sheet

    if not (can_prepare(actor, bloc_year) or can_process(actor)):
        raise PermissionDenied(NOT_YOURS)
    proposals = list(
        Proposal.objects.with_related()
        .filter(bloc_year=bloc_year)
        .exclude(status=ProposalStatus.NOT_APPROVED)
    )
    if not proposals:
        raise field_error(
            "proposals", f"{bloc_year.bloc.name} chưa có đề nghị khen thưởng nào năm {bloc_year.year}."
        )
    date = date or timezone.localdate()
    spec = dossier.bloc_list_spec(bloc_year, date=date, proposals=proposals)
    name = f"danh-sach-de-nghi-{bloc_year.bloc.code}-{bloc_year.year}"
    rows = [
        [
            i,
            "Tập thể" if p.is_collective else "Cá nhân",
            p.subject_name,
            p.award.name,
            p.vote_yes,
            p.vote_base,
            p.get_status_display(),
        ]
        for i, p in enumerate(
            dossier.ordered_subjects([p for p in proposals if p.is_collective])
            + dossier.ordered_subjects([p for p in proposals if not p.is_collective]),
            start=1,
        )
    ]
    with transaction.atomic():
        word = documents.generate_docx(
            actor=actor, owner=bloc_year, kind=LIST_KIND, spec=spec, template_version="1", file_name=name
        )
        excel = documents.generate_xlsx(
            actor=actor,
            owner=bloc_year,
            kind=LIST_KIND,
            title=spec.subtitle,
            sheets=[
                Sheet(
                    title="Danh sách đề nghị",
                    caption=f"{bloc_year.bloc.name}: {spec.subtitle.lower()}",
                    headers=[
                        "TT",
                        "Loại",
                        "Tập thể, cá nhân",
                        "Hình thức đề nghị",
                        "Phiếu tán thành",
                        "Tổng số phiếu",
                        "Trạng thái",
                    ],
                    rows=rows,
                    widths=[6, 10, 48, 40, 12, 12, 26],
                )
            ],
            file_name=name,
        )
        audit(
            actor=actor,
            action="proposal_list.generate",
            obj=bloc_year,
            after={"proposals": len(proposals), "files": [word.file_name, excel.file_name]},
        )
    return {"docx": word, "xlsx": excel}


def bloc_list_files(bloc_year) -> dict:
    """The latest Word and Excel list of the bloc year: {"docx": doc, "xlsx": doc}."""
    from thidua.documents.services import documents_for

    found: dict = {}
    for doc in documents_for(bloc_year, kind=LIST_KIND):  # newest first
        found.setdefault(doc.file_format, doc)
    return found


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
        basis = adapters.dossier_article(proposal.year)
        raise field_error("dossier", f"Hồ sơ chưa đầy đủ ({basis}): " + " ".join(missing))
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


def proposal_forward(
    *,
    actor,
    proposal: Proposal,
    letter_number: str,
    forwarded_on: dt.date | None = None,
    late_reason: str = "",
) -> Proposal:
    """The province sends an approved proposal for a central award (Government flag, PM's
    certificate, orders) to the Ministry of Home Affairs; after the deadline (30/06 of the next
    year unless set otherwise) a reason is required and the proposal is flagged late."""
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
    forwarded_on = forwarded_on or timezone.localdate()
    if forwarded_on > timezone.localdate():
        raise field_error("forwarded_on", "Ngày gửi không được sau hôm nay.")
    if proposal.council_voted_on and forwarded_on < proposal.council_voted_on:
        raise field_error("forwarded_on", "Ngày gửi không được trước ngày Hội đồng biểu quyết.")
    deadline = central_deadline_for(proposal.year)
    late = forwarded_on > deadline
    if late and not late_reason.strip():
        raise field_error(
            "late_reason",
            f"Đã quá hạn gửi hồ sơ về Bộ Nội vụ ({deadline:%d/%m/%Y}). Gửi muộn cần ghi rõ lý do.",
        )
    reason = f"Tờ trình số {letter_number} ngày {forwarded_on:%d/%m/%Y} gửi Bộ Nội vụ"
    if late:
        reason += f"; gửi sau hạn {deadline:%d/%m/%Y}: {late_reason.strip()}"
    with transaction.atomic():
        return _move(
            proposal=proposal,
            allowed={ProposalStatus.APPROVED},
            to=ProposalStatus.FORWARDED,
            actor=actor,
            reason=reason,
            extra={
                "forward_letter": letter_number[:60],
                "forwarded_on": forwarded_on,
                "forwarded_late": late,
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
        if p.award.authority != authority:
            raise field_error(
                "authority",
                f"{p.award.name} do {p.award.get_authority_display()} quyết định, không phải {Authority(authority).label}.",
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
            _public_content_changed()  # published results pages list the decided awards
            for p in proposals:
                moved = _move(
                    proposal=p,
                    allowed={ProposalStatus.FORWARDED if p.is_central else ProposalStatus.APPROVED},
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
EXEMPLARY_FIELDS = ["title", "year", "story", "published", "published_at"]
WITHDRAWN = "Nội dung đã công bố được sửa: gỡ khỏi cổng thông tin cho đến khi Phòng TĐKT công bố lại."


def _exemplary_subject_unit(unit, person) -> int:
    if (unit is None) == (person is None):
        raise field_error("subject", "Chọn một tập thể hoặc một cá nhân.")
    return unit.pk if unit is not None else person.unit_id


def _exemplary_editable(actor, model: ExemplaryModel, message: str) -> None:
    if not can_edit_exemplary(actor, unit_id=model.unit_id or model.person.unit_id):
        raise PermissionDenied(message)


def _check_exemplary_text(title: str, story: str, year: int) -> None:
    if not title.strip():
        raise field_error("title", "Nhập tiêu đề.")
    if len(story.strip()) < 50:
        raise field_error("story", "Câu chuyện điển hình cần ít nhất 50 ký tự.")
    latest = timezone.localdate().year
    if not 1990 <= year <= latest:
        raise field_error("year", f"Năm của điển hình phải từ 1990 đến {latest}.")


def _exemplary_snapshot(model: ExemplaryModel) -> dict:
    return {
        **snapshot(model, EXEMPLARY_FIELDS),
        "awards": sorted(model.awards.values_list("pk", flat=True)),
    }


def _public_content_changed() -> None:
    """Published exemplary models are public: once the change is committed, whoever shows public
    content (the portal's page cache) hears of it through a hook (proposals never imports it)."""
    transaction.on_commit(lambda: call_hooks("public_content_changed"))


def _withdraw_unreviewed(locked: ExemplaryModel, actor) -> str:
    """A published model changed by someone who may not publish leaves the portal until the
    office publishes it again: the public sees only what the office reviewed. Returns the reason
    to audit ("" when nothing was withdrawn); the caller saves."""
    if not locked.published or can_publish_exemplary(actor):
        return ""
    locked.published, locked.published_at = False, None
    return WITHDRAWN


def exemplary_create(
    *, actor, title: str, year: int, story: str, unit=None, person=None, award_records=()
) -> ExemplaryModel:
    unit_id = _exemplary_subject_unit(unit, person)
    if not can_edit_exemplary(actor, unit_id=unit_id):
        raise PermissionDenied(
            "Chỉ cán bộ thi đua của đơn vị hoặc Phòng TĐKT được giới thiệu điển hình của đơn vị."
        )
    _check_exemplary_text(title, story, year)
    award_records = list(award_records)
    _check_records(award_records, unit, person)
    with transaction.atomic():
        model = ExemplaryModel.objects.create(
            title=title.strip(), year=year, story=story.strip(), unit=unit, person=person, created_by=actor
        )
        model.awards.set(award_records)
        audit(actor=actor, action="exemplary.create", obj=model, after=_exemplary_snapshot(model))
    return model


def _check_records(records, unit, person) -> None:
    """Linked awards come from the subject's own history (an award of another unit or person
    would put a false claim on the public portal)."""
    for r in records:
        if (unit is not None and r.unit_id != unit.pk) or (person is not None and r.person_id != person.pk):
            raise field_error(
                "awards",
                f"Khen thưởng “{r.award.name} năm {r.year}” (Quyết định số {r.decision_number}) "
                "không có trong lịch sử khen thưởng của đối tượng này.",
            )


def exemplary_update(
    *, actor, model: ExemplaryModel, title: str, story: str, year: int | None = None, award_records=()
) -> ExemplaryModel:
    """Edit the title, year, story and linked awards. Saving the same content again changes
    nothing; a published model edited by a unit officer leaves the portal (``_withdraw_unreviewed``)."""
    _exemplary_editable(actor, model, "Bạn không được sửa điển hình này.")
    year = model.year if year is None else year
    _check_exemplary_text(title, story, year)
    award_records = list(award_records)
    _check_records(award_records, model.unit, model.person)
    with transaction.atomic():
        locked = ExemplaryModel.objects.select_for_update().get(pk=model.pk)
        before = _exemplary_snapshot(locked)
        wanted = (title.strip(), year, story.strip(), sorted(r.pk for r in award_records))
        if wanted == (locked.title, locked.year, locked.story, before["awards"]):
            return locked
        was_published = locked.published
        locked.title, locked.year, locked.story = wanted[:3]
        reason = _withdraw_unreviewed(locked, actor)
        locked.save()
        locked.awards.set(award_records)
        audit(
            actor=actor,
            action="exemplary.update",
            obj=locked,
            before=before,
            after=_exemplary_snapshot(locked),
            reason=reason,
        )
        if was_published:
            _public_content_changed()
    return locked


def exemplary_publish(*, actor, model: ExemplaryModel, published: bool) -> ExemplaryModel:
    """Show the model on the public portal (or take it off); a second click changes nothing."""
    if not can_publish_exemplary(actor):
        raise PermissionDenied(OFFICE_ONLY)
    with transaction.atomic():
        locked = ExemplaryModel.objects.select_for_update().get(pk=model.pk)
        if locked.published == published:
            return locked
        before = _exemplary_snapshot(locked)
        locked.published = published
        locked.published_at = timezone.now() if published else None
        locked.save()
        audit(
            actor=actor,
            action="exemplary.publish" if published else "exemplary.unpublish",
            obj=locked,
            before=before,
            after=_exemplary_snapshot(locked),
        )
        _public_content_changed()
    return locked


def exemplary_photo_add(*, actor, model: ExemplaryModel, upload, caption: str = "") -> ExemplaryPhoto:
    """Accept a JPEG or PNG checked by Pillow, strip its metadata and re-encode it."""
    from django.core.files.base import ContentFile
    from PIL import Image, UnidentifiedImageError

    _exemplary_editable(actor, model, "Bạn không được thêm ảnh cho điển hình này.")
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
        locked = ExemplaryModel.objects.select_for_update().get(pk=model.pk)
        was_published = locked.published
        photo = ExemplaryPhoto(
            exemplary=locked, caption=caption.strip()[:255], width=image.width, height=image.height
        )
        photo.image.save(f"{photo.code}.jpg", ContentFile(out.getvalue()), save=False)
        photo.save()
        reason = _withdraw_unreviewed(locked, actor)
        if reason:
            locked.save()
        audit(
            actor=actor,
            action="exemplary.photo_add",
            obj=locked,
            after={"photo": str(photo.code), "caption": photo.caption, "published": locked.published},
            reason=reason,
        )
        if was_published:
            _public_content_changed()
    return photo


def exemplary_photo_remove(*, actor, photo: ExemplaryPhoto) -> ExemplaryModel:
    """Remove a photo; its file is deleted once the removal is committed. A second click finds
    the photo gone and changes nothing."""
    model = photo.exemplary
    _exemplary_editable(actor, model, "Bạn không được xoá ảnh của điển hình này.")
    with transaction.atomic():
        locked = ExemplaryModel.objects.select_for_update().get(pk=model.pk)
        was_published = locked.published
        removed, _ = ExemplaryPhoto.objects.filter(pk=photo.pk).delete()
        if not removed:
            raise field_error("photo", "Ảnh này đã được xoá trước đó.")
        reason = _withdraw_unreviewed(locked, actor)
        if reason:
            locked.save()
        audit(
            actor=actor,
            action="exemplary.photo_remove",
            obj=locked,
            before={"photo": str(photo.code), "caption": photo.caption, "published": was_published},
            after={"published": locked.published},
            reason=reason,
        )
        storage, name = photo.image.storage, photo.image.name
        transaction.on_commit(lambda: storage.delete(name))
        if was_published:
            _public_content_changed()
    return locked
