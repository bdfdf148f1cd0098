"""Decree 152/2025 Art 4.4 (issue 13 item 4): an open discipline, investigation, inspection or
complaint blocks a subject on the day of proposing, of the Council vote and of the decision, not
only at 31/12 of the achievement year; each refusal names the case and the article."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from thidua.awards.choices import FlagKind
from thidua.awards.models import SubjectFlag
from thidua.organisations.models import BlocYear, Unit
from thidua.proposals import services
from thidua.proposals.choices import ProposalStatus
from thidua.proposals.models import CouncilSessionItem, Proposal
from thidua.proposals.services.council_sessions import council_members_default

pytestmark = pytest.mark.django_db


def errors_of(exc) -> str:
    return " ".join(m for ms in exc.value.message_dict.values() for m in ms)


@pytest.fixture
def by(undecided_2019):
    return BlocYear.objects.get(bloc__code="KNC", year=2019)


def _flag(unit, kind, started_on, ended_on=None, note=""):
    return SubjectFlag.objects.create(
        unit=unit, kind=kind, started_on=started_on, ended_on=ended_on, note=note
    )


def _received(w, by):
    out = {}
    for p in services.proposals_from_outcomes(actor=w.secretary, bloc_year=by):
        services.dossier_generate(actor=w.secretary, proposal=p, pdf=False)
        p = services.proposal_submit(
            actor=w.secretary, proposal=Proposal.objects.get(pk=p.pk), late_reason="Bổ sung sau hội nghị"
        )
        out[p.unit.code] = services.proposal_receive(actor=w.provincial, proposal=p)
    return out


def test_decree_152_art_4_4_an_inspection_opened_after_the_year_refuses_proposing_today(undecided_2019, by):
    """Clean at 31/12/2019 (the engine's day), but under inspection on the day of proposing."""
    snv = Unit.objects.get(code="SNV")
    _flag(snv, FlagKind.INSPECTION, timezone.localdate() - dt.timedelta(days=3), note="Thanh tra công vụ")
    with pytest.raises(ValidationError) as exc:
        services.proposals_from_outcomes(actor=undecided_2019.secretary, bloc_year=by)
    text = errors_of(exc)
    assert (
        "Sở Nội vụ: đang bị thanh tra, kiểm tra từ" in text and "(chưa kết thúc): Thanh tra công vụ" in text
    )
    assert "không được đề nghị khen thưởng" in text and "Điều 4" in text
    assert not Proposal.objects.filter(year=2019).exists()  # all or nothing


def test_decree_152_art_4_4_a_case_closed_before_today_lets_the_proposal_through(undecided_2019, by):
    snv = Unit.objects.get(code="SNV")
    today = timezone.localdate()
    _flag(snv, FlagKind.COMPLAINT, today - dt.timedelta(days=30), today - dt.timedelta(days=1))
    made = services.proposals_from_outcomes(actor=undecided_2019.secretary, bloc_year=by)
    assert {p.unit.code for p in made} == {"SNV", "TAND", "THADS"}


def test_decree_152_art_4_4_the_council_vote_is_refused_on_a_day_the_case_is_open(undecided_2019, by):
    w = undecided_2019
    received = _received(w, by)
    tand = received["TAND"]
    _flag(tand.unit, FlagKind.INVESTIGATION, dt.date(2020, 1, 5), dt.date(2020, 2, 1), note="Vụ án 12/2020")
    with pytest.raises(ValidationError) as exc:
        services.council_vote_record(
            actor=w.provincial, proposal=tand, yes=14, members=15, voted_on=dt.date(2020, 1, 8)
        )
    text = errors_of(exc)
    assert "đang bị điều tra từ 05/01/2020 đến 01/02/2020: Vụ án 12/2020 — tại ngày 08/01/2020" in text
    assert "không được Hội đồng xét, biểu quyết" in text
    assert Proposal.objects.get(pk=tand.pk).status == ProposalStatus.RECEIVED
    # Once the investigation has ended, the Council may vote.
    voted = services.council_vote_record(
        actor=w.provincial, proposal=tand, yes=14, members=15, voted_on=dt.date(2020, 2, 3)
    )
    assert voted.status == ProposalStatus.APPROVED


def test_decree_152_art_4_4_the_decision_is_refused_on_a_day_the_case_is_open(undecided_2019, by):
    w = undecided_2019
    received = _received(w, by)
    tand = services.council_vote_record(
        actor=w.provincial, proposal=received["TAND"], yes=14, members=15, voted_on=dt.date(2020, 1, 8)
    )
    _flag(tand.unit, FlagKind.DISCIPLINE, dt.date(2020, 1, 15), dt.date(2020, 12, 31), note="Kỷ luật tập thể")
    decide = dict(
        actor=w.provincial,
        number="245/QĐ-UBND",
        signer_name="Nguyễn Văn Hải",
        signer_title="Chủ tịch UBND tỉnh",
        authority="provincial_chairman",
        authority_name="Ủy ban nhân dân tỉnh",
        proposals=[tand],
    )
    with pytest.raises(ValidationError) as exc:
        services.decision_record(date=dt.date(2020, 1, 22), **decide)
    assert "Tòa án nhân dân tỉnh: kỷ luật từ 15/01/2020" in errors_of(exc)
    assert "không được quyết định khen thưởng" in errors_of(exc)
    assert Proposal.objects.get(pk=tand.pk).status == ProposalStatus.APPROVED
    # A decision dated before the discipline began is the Council's approval acted on in time.
    decision = services.decision_record(date=dt.date(2020, 1, 14), **decide)
    assert decision.items.count() == 1


def test_decree_152_art_4_4_an_e_vote_session_neither_takes_nor_judges_a_subject_under_a_case(
    undecided_2019, by, client_for
):
    w = undecided_2019
    received = _received(w, by)
    today = timezone.localdate()
    _flag(received["THADS"].unit, FlagKind.INSPECTION, today, note="Kiểm tra đột xuất")
    with pytest.raises(ValidationError) as exc:
        services.council_session_create(actor=w.provincial, year=2019, proposals=[received["THADS"]])
    assert "Cục Thi hành án dân sự tỉnh: đang bị thanh tra, kiểm tra" in errors_of(exc)
    # A case opened while the session runs: the item is not judged at closing and stays received.
    session = services.council_session_create(actor=w.provincial, year=2019, proposals=[received["TAND"]])
    session = services.council_session_open(actor=w.provincial, session=session)
    for user in council_members_default():
        services.council_session_check_in(actor=user, session=session)
        services.council_vote_cast(actor=user, session=session, proposal=received["TAND"], choice="agree")
    _flag(received["TAND"].unit, FlagKind.COMPLAINT, today, note="Đơn tố cáo số 3")
    services.council_session_close(actor=w.provincial, session=session)
    item = CouncilSessionItem.objects.get(session=session)
    assert item.passed is None and "Đơn tố cáo số 3" in item.blocked
    assert Proposal.objects.get(pk=received["TAND"].pk).status == ProposalStatus.RECEIVED
    data = client_for("provincial").get(f"/api/v1/council-sessions/{session.uuid}/results").json()
    assert data["results"][0]["passed"] is None and "Đơn tố cáo số 3" in data["results"][0]["blocked"]
    page = client_for("provincial").get(session.get_absolute_url()).content.decode()
    assert "Không xét:" in page and "Đơn tố cáo số 3" in page
