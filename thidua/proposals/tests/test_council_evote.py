"""The Council's e-vote (issue 12, item 4): sessions of received proposals, one vote per member
and proposal, thresholds of ALL members from the rule pack, the presence quorum, secret and open
ballots, closing into the proposals' statuses through the typed tally's service, the minutes."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from docx import Document

from thidua.accounts.tests.factories import UserFactory
from thidua.core.models import AuditEvent
from thidua.documents.services import documents_for, read_bytes
from thidua.organisations.models import BlocYear
from thidua.proposals import services
from thidua.proposals.choices import CouncilChannel, ProposalStatus
from thidua.proposals.models import (
    CouncilParticipation,
    CouncilSession,
    CouncilSessionItem,
    Proposal,
    RoundSettings,
    Transition,
)
from thidua.proposals.services.council_sessions import (
    ALREADY_CLOSED,
    ALREADY_VOTED,
    NOT_A_MEMBER,
    NOT_IN_SESSION,
    NOT_OPEN_YET,
    council_members_default,
)
from thidua.proposals.tests.factories import ProposalFactory

pytestmark = pytest.mark.django_db


def errors_of(exc) -> str:
    return " ".join(m for ms in exc.value.message_dict.values() for m in ms)


@pytest.fixture
def received(undecided_2019):
    """The three 2019 proposals of Khối Nội chính received by the office: {unit code: proposal}."""
    w = undecided_2019
    by = BlocYear.objects.get(bloc__code="KNC", year=2019)
    made = services.proposals_from_outcomes(actor=w.secretary, bloc_year=by)
    out = {}
    for p in made:
        services.dossier_generate(actor=w.secretary, proposal=p, pdf=False)
        p = services.proposal_submit(
            actor=w.secretary, proposal=Proposal.objects.get(pk=p.pk), late_reason="Bổ sung sau hội nghị"
        )
        out[p.unit.code] = services.proposal_receive(actor=w.provincial, proposal=p)
    return out


@pytest.fixture
def members(undecided_2019):
    """The demo Council: ``hoidong`` and hoidong02 … hoidong15."""
    found = list(council_members_default())
    assert len(found) == 15
    return found


def opened(w, proposals, **kwargs):
    session = services.council_session_create(
        actor=w.provincial, year=proposals[0].year, proposals=proposals, **kwargs
    )
    return services.council_session_open(actor=w.provincial, session=session)


def votes(session, proposal, users, choice):
    for user in users:
        services.council_vote_cast(actor=user, session=session, proposal=proposal, choice=choice)


# Thresholds of all members -----------------------------------------------------------------------


def test_provincial_flag_passes_at_exactly_80_percent_of_all_members_and_fails_just_below(
    world, received, members
):
    """Provincial flags need 4/5 of ALL 15 members (the pack's ratio, as for the typed tally):
    12 agree (80%) passes, 11 (73%) does not, whatever the disagree count."""
    tand, thads = received["TAND"], received["THADS"]
    session = opened(world, [tand, thads])
    votes(session, tand, members[:12], "agree")
    votes(session, tand, members[12:], "disagree")
    votes(session, thads, members[:11], "agree")
    votes(session, thads, members[11:13], "disagree")  # two did not vote on it: still against
    services.council_session_close(actor=world.provincial, session=session)
    tand, thads = Proposal.objects.get(pk=tand.pk), Proposal.objects.get(pk=thads.pk)
    assert tand.status == ProposalStatus.APPROVED and (tand.council_yes, tand.council_members) == (12, 15)
    assert thads.status == ProposalStatus.NOT_APPROVED and thads.council_yes == 11
    assert tand.council_ratio == thads.council_ratio == "4/5"


def test_provincial_fighter_needs_90_percent_exactly_9_of_10_passes_8_fails(world):
    """Chiến sĩ thi đua cấp tỉnh: 9/10 of all members (Decree 98/2023 Art 30.7, from the pack).
    A Council of 10: 9 agree is exactly 90% and passes; 8 is 80% and fails."""
    council = [UserFactory(council=True) for _ in range(10)]
    first = ProposalFactory(received=True, individual=True, award__code="cstd_tinh")
    second = ProposalFactory(received=True, individual=True, award__code="cstd_tinh", year=first.year)
    RoundSettings.objects.update_or_create(
        year=first.year, defaults={"bloc_deadline": f"{first.year}-12-10", "council_members": 10}
    )
    session = opened(world, [first, second], members=council)
    votes(session, first, council[:9], "agree")
    votes(session, first, council[9:], "disagree")
    votes(session, second, council[:8], "agree")
    votes(session, second, council[8:], "disagree")
    services.council_session_close(actor=world.provincial, session=session)
    first, second = Proposal.objects.get(pk=first.pk), Proposal.objects.get(pk=second.pk)
    assert first.status == ProposalStatus.APPROVED and first.council_ratio == "9/10"
    assert second.status == ProposalStatus.NOT_APPROVED and second.council_yes == 8


# Quorum ------------------------------------------------------------------------------------------


def test_without_the_quorum_nothing_is_judged_and_the_proposals_wait(world, received, members):
    """Quorum 4/5 of 15 = 12 present. With 11 present (unanimous as they are) the session closes
    without judging: the proposals stay received, ready for another session or a paper meeting."""
    tand = received["TAND"]
    session = opened(world, [tand])
    votes(session, tand, members[:11], "agree")
    closed = services.council_session_close(actor=world.provincial, session=session)
    assert (closed.present_count, closed.quorum_met) == (11, False)
    assert Proposal.objects.get(pk=tand.pk).status == ProposalStatus.RECEIVED
    assert CouncilSessionItem.objects.get(session=session).passed is None
    # After that session the typed tally of a paper meeting is possible again.
    typed = services.council_vote_record(actor=world.provincial, proposal=tand, yes=13, members=15)
    assert typed.council_channel == CouncilChannel.PAPER


def test_presence_counts_members_who_checked_in_without_voting(world, received, members):
    """Presence = members who checked in or voted: 10 voters and 2 who only checked in make 12."""
    tand = received["TAND"]
    session = opened(world, [tand])
    votes(session, tand, members[:10], "agree")
    for user in members[10:12]:
        services.council_session_check_in(actor=user, session=session)
    closed = services.council_session_close(actor=world.provincial, session=session)
    assert (closed.present_count, closed.quorum_met) == (12, True)
    # 10 agree of 15 members is below 4/5 even though every voter agreed.
    assert Proposal.objects.get(pk=tand.pk).status == ProposalStatus.NOT_APPROVED


def test_the_quorum_is_the_provinces_setting(world, received, members, settings):
    settings.THIDUA_COUNCIL_QUORUM = "2/3"
    tand = received["TAND"]
    session = opened(world, [tand])
    assert session.quorum == "2/3"
    votes(session, tand, members[:10], "agree")  # 10 of 15 = 2/3
    assert services.council_session_close(actor=world.provincial, session=session).quorum_met is True


# Secret and open ballots -------------------------------------------------------------------------


def test_a_secret_session_stores_no_link_from_member_to_vote(world, received, members, new_audit):
    """Secret (the default): participation rows carry no choice, the counts are anonymous, the
    audit names who took part but never what they chose."""
    tand = received["TAND"]
    session = opened(world, [tand])
    assert session.secret
    votes(session, tand, members[:12], "agree")
    votes(session, tand, members[12:], "disagree")
    assert set(
        CouncilParticipation.objects.filter(item__session=session).values_list("choice", flat=True)
    ) == {""}
    item = CouncilSessionItem.objects.get(session=session)
    assert (item.agree, item.disagree) == (12, 3)
    cast = new_audit().filter(action="council_vote.cast")
    assert cast.count() == 15
    assert all(set(e.after) == {"proposal"} for e in cast)
    assert all("agree" not in str(e.after) and "disagree" not in str(e.after) for e in new_audit())


def test_an_open_session_lists_each_members_vote(world, received, members, settings, new_audit):
    settings.THIDUA_COUNCIL_SECRET_VOTE = False
    tand = received["TAND"]
    session = opened(world, [tand])
    assert not session.secret
    votes(session, tand, members[:12], "agree")
    votes(session, tand, members[12:], "disagree")
    choices = dict(
        CouncilParticipation.objects.filter(item__session=session).values_list(
            "member__user__username", "choice"
        )
    )
    assert choices[members[0].username] == "agree" and choices[members[14].username] == "disagree"
    assert {e.after["choice"] for e in new_audit().filter(action="council_vote.cast")} == {
        "agree",
        "disagree",
    }


# Bad input and attacks ---------------------------------------------------------------------------


def test_a_second_vote_is_refused_and_changes_nothing(world, received, members):
    tand = received["TAND"]
    session = opened(world, [tand])
    votes(session, tand, members[:1], "agree")
    for choice in ("agree", "disagree"):
        with pytest.raises(ValidationError) as exc:
            services.council_vote_cast(actor=members[0], session=session, proposal=tand, choice=choice)
        assert errors_of(exc) == ALREADY_VOTED
    item = CouncilSessionItem.objects.get(session=session)
    assert (item.agree, item.disagree, item.participations.count()) == (1, 0, 1)


def test_a_non_member_may_not_vote(world, received, members):
    """A Council member left off the session's list, an officer, the office itself: refused."""
    tand = received["TAND"]
    session = opened(world, [tand], members=members)
    outsider = UserFactory(council=True)
    for user in (outsider, world.officer_a, world.provincial):
        with pytest.raises(PermissionDenied) as exc:
            services.council_vote_cast(actor=user, session=session, proposal=tand, choice="agree")
        assert str(exc.value) == NOT_A_MEMBER
    item = CouncilSessionItem.objects.get(session=session)
    assert (item.agree, item.participations.count()) == (0, 0)


def test_no_vote_before_opening_nor_after_closing_nor_on_another_proposal(world, received, members):
    tand, snv = received["TAND"], received["SNV"]
    session = services.council_session_create(actor=world.provincial, year=2019, proposals=[tand])
    with pytest.raises(ValidationError) as exc:
        services.council_vote_cast(actor=members[0], session=session, proposal=tand, choice="agree")
    assert errors_of(exc) == NOT_OPEN_YET
    services.council_session_open(actor=world.provincial, session=session)
    with pytest.raises(ValidationError) as exc:
        services.council_vote_cast(actor=members[0], session=session, proposal=snv, choice="agree")
    assert errors_of(exc) == NOT_IN_SESSION
    with pytest.raises(ValidationError):
        services.council_vote_cast(actor=members[0], session=session, proposal=tand, choice="maybe")
    services.council_session_close(actor=world.provincial, session=session)
    with pytest.raises(ValidationError) as exc:
        services.council_vote_cast(actor=members[0], session=session, proposal=tand, choice="agree")
    assert errors_of(exc) == ALREADY_CLOSED
    assert not CouncilParticipation.objects.filter(item__session=session).exists()


def test_only_the_office_makes_opens_and_closes_sessions(world, received, members):
    tand = received["TAND"]
    for user in (members[0], world.secretary, world.officer_a):
        with pytest.raises(PermissionDenied):
            services.council_session_create(actor=user, year=2019, proposals=[tand])
    session = services.council_session_create(actor=world.provincial, year=2019, proposals=[tand])
    with pytest.raises(PermissionDenied):
        services.council_session_open(actor=members[0], session=session)
    services.council_session_open(actor=world.provincial, session=session)
    with pytest.raises(PermissionDenied):
        services.council_session_close(actor=members[0], session=session)
    with pytest.raises(ValidationError):  # a second opening
        services.council_session_open(actor=world.admin, session=session)
    assert CouncilSession.objects.get(pk=session.pk).status == "open"


def test_session_guards_at_creation(world, received, members):
    """Only received proposals, each in one unfinished session; the member list is the Council's
    size in the round settings (thresholds count all members) and holds only Council members."""
    tand, snv = received["TAND"], received["SNV"]
    services.council_session_create(actor=world.provincial, year=2019, proposals=[tand])
    with pytest.raises(ValidationError) as exc:
        services.council_session_create(actor=world.provincial, year=2019, proposals=[tand, snv])
    assert "đã có trong phiên" in errors_of(exc)
    with pytest.raises(ValidationError) as exc:
        services.council_session_create(
            actor=world.provincial, year=2019, proposals=[snv], members=members[:14]
        )
    assert "có 15 thành viên" in errors_of(exc)
    with pytest.raises(ValidationError) as exc:
        services.council_session_create(
            actor=world.provincial, year=2019, proposals=[snv], members=[*members[:14], world.officer_a]
        )
    assert "Không phải thành viên Hội đồng" in errors_of(exc)
    draft = ProposalFactory(year=2019)
    with pytest.raises(ValidationError) as exc:
        services.council_session_create(actor=world.provincial, year=2019, proposals=[draft])
    assert "đã tiếp nhận" in errors_of(exc)
    assert CouncilSession.objects.count() == 1


def test_the_typed_tally_waits_while_a_proposal_is_in_an_unfinished_session(world, received, members):
    tand = received["TAND"]
    opened(world, [tand])
    with pytest.raises(ValidationError) as exc:
        services.council_vote_record(actor=world.provincial, proposal=tand, yes=13, members=15)
    assert "đang được biểu quyết điện tử" in errors_of(exc)
    assert Proposal.objects.get(pk=tand.pk).status == ProposalStatus.RECEIVED


# Closing -----------------------------------------------------------------------------------------


def test_closing_moves_the_statuses_through_the_typed_tallys_path_marked_electronic(world, received, members):
    """Each proposal gets the same fields and timeline step as a typed tally, marked as an
    e-vote with the session; a typed tally is marked as a paper meeting."""
    tand, thads, snv = received["TAND"], received["THADS"], received["SNV"]
    session = opened(world, [tand, snv])
    votes(session, tand, members[:13], "agree")
    votes(session, snv, members[:14], "agree")
    services.council_session_close(actor=world.provincial, session=session)
    for p in (tand, snv):
        p = Proposal.objects.get(pk=p.pk)
        assert p.status == ProposalStatus.APPROVED
        assert p.council_channel == CouncilChannel.ELECTRONIC and p.council_session_id == session.pk
        step = Transition.objects.filter(proposal=p, to_status="approved").get()
        assert "biểu quyết điện tử" in step.reason and session.title in step.reason
    assert AuditEvent.objects.filter(action="proposal.approved", object_id=str(tand.pk)).exists()
    paper = services.council_vote_record(actor=world.provincial, proposal=thads, yes=12, members=15)
    assert paper.council_channel == CouncilChannel.PAPER
    assert "họp giấy" in Transition.objects.filter(proposal=paper, to_status="approved").get().reason
    with pytest.raises(ValidationError):  # a closed session stays closed
        services.council_session_close(actor=world.provincial, session=session)


def _minutes_text(session) -> str:
    doc = documents_for(session, kind="council_minutes")[0]
    document = Document(io.BytesIO(read_bytes(doc)))
    text = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            text.append(" | ".join(c.text for c in row.cells))
    return "\n".join(text)


def test_the_minutes_list_counts_quorum_and_results_without_names_when_secret(world, received, members):
    tand, snv = received["TAND"], received["SNV"]
    session = opened(world, [tand, snv])
    votes(session, tand, members[:12], "agree")
    votes(session, tand, members[12:], "disagree")
    votes(session, snv, members[:11], "agree")
    services.council_session_close(actor=world.provincial, session=session)
    text = _minutes_text(session)
    assert "BIÊN BẢN" in text.upper() and "bỏ phiếu kín" in text
    assert "tổng số thành viên Hội đồng: 15" in text and "có mặt" in text
    assert "12 | 3 | 0 | 80%" in text and "Thông qua" in text
    assert "11 | 0 | 4 | 73,3%" in text and "Không thông qua" in text
    # Time and place, the quorum, the close; no bracket inside a bracket; the ký hiệu.
    assert "Thời gian: bắt đầu lúc" in text and "Địa điểm, hình thức:" in text
    assert "yêu cầu tối thiểu 4/5, tức 80% tổng số thành viên" in text
    assert "kết thúc lúc" in text and "cùng ngày" in text
    assert "))" not in text and "/BB-HĐTĐKT" in text
    assert "đồng ý: " not in text  # no names next to votes
    # 2019 proposals cite the 2019 pack's basis for the ratios, never a later decree (issue 13 item 7).
    assert "98/2023" not in text and "152/2025" not in text and "Căn cứ tỉ lệ:" in text


def test_the_minutes_of_an_open_session_name_each_members_vote(world, received, members, settings):
    settings.THIDUA_COUNCIL_SECRET_VOTE = False
    tand = received["TAND"]
    session = opened(world, [tand])
    votes(session, tand, members[:12], "agree")
    votes(session, tand, members[12:], "disagree")
    services.council_session_close(actor=world.provincial, session=session)
    text = _minutes_text(session)
    assert "biểu quyết công khai" in text
    line = next(t for t in text.splitlines() if t.startswith("1. "))
    assert str(members[14]) in line.split("không đồng ý:")[1]
    assert str(members[0]) in line.split("không đồng ý:")[0]


def test_the_minutes_are_signed_by_the_secretary_left_and_the_chair_right_each_named(
    world, received, members, settings
):
    """Issue 14 item 6: side by side, secretary on the left and chair on the right, both named
    (the chair: the member whose position says so, else the province's setting)."""
    settings.THIDUA_COUNCIL_CHAIR_NAME = "Nguyễn Văn Hải"
    tand = received["TAND"]
    session = opened(world, [tand])
    votes(session, tand, members[:13], "agree")
    services.council_session_close(actor=world.provincial, session=session)
    document = Document(io.BytesIO(read_bytes(documents_for(session, kind="council_minutes")[0])))
    row = next(
        [c.text for c in r.cells]
        for t in document.tables
        for r in t.rows
        if any("THƯ KÝ HỘI ĐỒNG" in c.text for c in r.cells)
    )
    left = next(i for i, c in enumerate(row) if "THƯ KÝ HỘI ĐỒNG" in c)
    right = next(i for i, c in enumerate(row) if "TM. HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG" in c)
    assert left < right
    assert world.provincial.full_name in row[left] and "Nguyễn Văn Hải" in row[right]
    assert "(Ký, ghi rõ họ tên" not in "".join(row)
