from thidua.conference.hooks import ranking_votes
from thidua.conference.tests.factories import BallotFactory
from thidua.organisations.models import BlocYear, Unit


def test_ranking_votes_come_from_the_provincial_flag_ballot(world):
    """The demo's 2019 provincial-flag ballot elected TAND and THADS: they hold the most votes."""
    votes = ranking_votes(bloc_year=BlocYear.objects.get(bloc__code="KNC", year=2019))
    assert votes
    ids = dict(Unit.objects.filter(code__in=["TAND", "THADS"]).values_list("code", "pk"))
    top_two = sorted(votes, key=votes.get, reverse=True)[:2]
    assert set(top_two) == {ids["TAND"], ids["THADS"]}


def test_no_votes_before_the_conference(db):
    ballot = BallotFactory(open=True)  # the conference meets; its flag ballot is not closed yet
    assert ranking_votes(bloc_year=ballot.conference.bloc_year) is None
