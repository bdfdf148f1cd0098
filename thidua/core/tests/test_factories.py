"""Every factory of the heavy apps builds a valid row on an empty database (plain ``db``, no
demo ``world``), alone and in a batch, so that a broken factory fails here and loudly."""

from decimal import Decimal

import pytest

from thidua.accounts.choices import Role
from thidua.accounts.tests.factories import RoleGrantFactory, UserFactory
from thidua.awards.models import AwardRecord, PerformanceRating
from thidua.awards.tests.factories import (
    AwardFactory,
    AwardRecordFactory,
    InitiativeFactory,
    PerformanceRatingFactory,
    SubjectFlagFactory,
)
from thidua.conference.tests.factories import BallotFactory, ConferenceFactory
from thidua.cycles.tests.factories import (
    KeyContentFactory,
    MovementFactory,
    RubricFactory,
    RubricItemFactory,
    YearCycleFactory,
)
from thidua.organisations.models import BlocYearMember, Unit
from thidua.organisations.tests.factories import (
    BlocFactory,
    BlocYearFactory,
    BlocYearMemberFactory,
    PersonFactory,
    UnitFactory,
)
from thidua.proposals.choices import ProposalStatus
from thidua.proposals.tests.factories import DecisionFactory, ProposalFactory
from thidua.scoring.choices import AssessmentStatus
from thidua.scoring.selectors import leaves, ranking_for_year
from thidua.scoring.tests.factories import AssessmentFactory, ReviewAssignmentFactory, ScoreFactory

pytestmark = pytest.mark.django_db

FACTORIES = [
    UnitFactory,
    BlocFactory,
    BlocYearFactory,
    BlocYearMemberFactory,
    PersonFactory,
    UserFactory,
    RoleGrantFactory,
    YearCycleFactory,
    KeyContentFactory,
    RubricFactory,
    RubricItemFactory,
    MovementFactory,
    AssessmentFactory,
    ScoreFactory,
    ReviewAssignmentFactory,
    AwardFactory,
    AwardRecordFactory,
    PerformanceRatingFactory,
    InitiativeFactory,
    SubjectFlagFactory,
    ConferenceFactory,
    BallotFactory,
    ProposalFactory,
    DecisionFactory,
]


@pytest.mark.parametrize("factory", FACTORIES, ids=lambda f: f.__name__)
def test_each_factory_builds_a_valid_row_and_a_batch(factory):
    one = factory()
    one.full_clean(validate_unique=False, validate_constraints=True)
    batch = factory.create_batch(3)
    assert len({row.pk for row in [one, *batch]}) == 4, "four distinct rows"
    assert factory._meta.model.objects.filter(pk__in=[one.pk]).exists()
    assert factory.build()._state.adding, "build() saves nothing"


def test_names_are_vietnamese_with_diacritics():
    assert UnitFactory().name.startswith("Đơn vị số ")
    names = {PersonFactory(female=True).full_name for _ in range(6)}
    assert len(names) == 6 and any("Thị" in n for n in names)
    assert all(len(n.split()) == 3 for n in names)


def test_natural_keys_are_got_not_duplicated():
    unit = UnitFactory(code="DVTHU")
    assert UnitFactory(code="DVTHU") == unit and Unit.objects.filter(code="DVTHU").count() == 1
    assert AwardFactory(code="co_tinh").name == "Cờ thi đua của UBND tỉnh", "the catalogue's row"
    by = BlocYearFactory(year=2023)
    assert BlocYearFactory(bloc=by.bloc, year=2023) == by


def test_bloc_year_members_include_leader_and_deputy():
    leader, deputy = UnitFactory(), UnitFactory()
    by = BlocYearFactory(members=2, leader=leader, deputy=deputy)
    assert by.members.count() == 4
    member = by.members.get(unit=leader)
    assert (member.year, member.organiser) == (by.year, by.bloc.organiser)
    assert by.leader_source == "manual" and by.leader_confirmed_at is not None
    assert BlocYearMember.objects.filter(unit=leader).count() == 1
    bloc = BlocFactory(rotation=[deputy, leader])
    assert list(bloc.rotation.values_list("unit_id", "position")) == [(deputy.pk, 1), (leader.pk, 2)]


def test_users_carry_the_roles_of_their_persona():
    assert UserFactory(admin=True).is_admin
    assert UserFactory(provincial=True).is_provincial
    officer = UserFactory(officer=True)
    assert officer.unit is not None and officer.role_set == {Role.UNIT_OFFICER}
    secretary = UserFactory(secretary=True)
    assert secretary.role_set == {Role.BLOC_SECRETARY, Role.UNIT_OFFICER}
    assert UserFactory(council=True).has_role(Role.COUNCIL_MEMBER)
    assert UserFactory(editor=True).has_role(Role.PORTAL_EDITOR)
    assert officer.check_password("ThiDua@2019")


def test_rubric_tree_and_scored_sheets():
    rubric = RubricFactory(frozen=True)
    assert [i.code for i in leaves(rubric)] == ["1.1", "1.2", "2.1"]
    assert sum(i.max_points for i in leaves(rubric)) == rubric.total
    assert RubricFactory(items=4, total=40).items.filter(kind="criterion").count() == 4
    sheet = AssessmentFactory(bloc_year=rubric.bloc_year, finalised=True, scores=Decimal("0.9"))
    assert sheet.rubric == rubric and sheet.status == AssessmentStatus.FINALISED
    assert sheet.final_total == Decimal("90.00") and sheet.scores.count() == 3
    assert rubric.bloc_year.members.filter(unit=sheet.unit).exists()
    (row,) = ranking_for_year(bloc_year=rubric.bloc_year)
    assert row.unit == sheet.unit and row.final_score == Decimal("90.00"), "the selectors read them"
    review = ReviewAssignmentFactory(assessment=sheet, completed=True)
    assert rubric.bloc_year.members.filter(unit=review.reviewer).exists()
    sub = RubricItemFactory(sub=True)
    assert sub.parent.rubric == sub.rubric and sub.kind == "sub"


def test_history_subjects_are_one_unit_or_one_person():
    collective = AwardRecordFactory()
    assert collective.unit and collective.person is None and collective.award.code == "bk_tinh_tt"
    individual = AwardRecordFactory(individual=True, extraordinary=True)
    assert individual.person and individual.unit is None and individual.award.code == "bk_tinh_cn"
    mai = PersonFactory(female=True)
    assert AwardRecordFactory(person=mai, award__code="cstdcs").award.name == "Chiến sĩ thi đua cơ sở"
    assert AwardRecord.objects.filter(person=mai).count() == 1
    unit = UnitFactory()
    PerformanceRatingFactory(unit=unit, year=2024)
    PerformanceRatingFactory(unit=unit, year=2024, rating="HT")
    assert PerformanceRating.objects.get(unit=unit).rating == "HT", "the rating is replaced"
    assert SubjectFlagFactory(investigation=True, closed=True).ended_on is not None
    assert InitiativeFactory(national=True).scope == "national"


def test_conference_ballot_proposal_and_decision():
    conference = ConferenceFactory()
    members = [m.unit for m in conference.bloc_year.members.all()]
    ballot = BallotFactory(conference=conference, open=True, candidates=members, seats=2)
    assert ballot.status == "open" and ballot.candidates.count() == len(members) == 3, "the leader and two"
    proposal = ProposalFactory(bloc_year=conference.bloc_year, approved=True)
    person_proposal = ProposalFactory(bloc_year=conference.bloc_year, individual=True, approved=True)
    assert conference.bloc_year.members.filter(unit=person_proposal.person.unit).exists()
    decision = DecisionFactory(proposals=[proposal, person_proposal])
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DECIDED
    assert decision.items.count() == 2 and decision.total_cash > 0
    assert AwardRecord.objects.filter(decision_number=decision.number).count() == 2
