from thidua.conference.models import Ballot, Outcome
from thidua.conference.selectors import outcomes_for_year, result_of
from thidua.core.demo import run_demo_loaders


def test_demo_matches_seed_outcome(world, conf2019):
    """The 2019 demo ballots give SNV (Government flag), TAND and THADS (provincial flags), SNV (leader)."""
    by_kind = {}
    for o in outcomes_for_year(bloc_year=conf2019.bloc_year):
        by_kind.setdefault(o.kind, set()).add(o.unit.code)
    assert by_kind == {
        "government_flag": {"SNV"},
        "provincial_flag": {"TAND", "THADS"},
        "next_leader": {"SNV"},
    }
    assert conf2019.held_on.isoformat() == "2019-12-03"
    assert conf2019.venue_unit.code == "THADS"
    # Closing the leader ballot recorded the election that "start 2020" takes its leader from.
    assert conf2019.bloc_year.elected_next_leader.code == "SNV"
    flags = Ballot.objects.get(conference=conf2019, kind="provincial_flag")
    result = result_of(flags)
    assert result["returned"] == 8 and result["quorum_met"]
    assert flags.result["paper_issued"] == 8  # the demo counts this one on paper


def test_demo_is_idempotent(world):
    """Running the loaders again adds no second conference, ballot or outcome."""
    counts = (Outcome.objects.count(), Ballot.objects.count())
    run_demo_loaders()
    assert (Outcome.objects.count(), Ballot.objects.count()) == counts
