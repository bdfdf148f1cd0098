"""Property tests for counting and thresholds (hypothesis): whatever the votes, the rules hold."""

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from thidua.conference.counting import NO, YES, Rules, Tally, count_candidates, count_question, reaches

CANDS = ["A", "B", "C", "D", "E"]


@st.composite
def elections(draw):
    total = draw(st.integers(min_value=1, max_value=40))
    n = draw(st.integers(min_value=1, max_value=len(CANDS)))
    candidates = CANDS[:n]
    seats = draw(st.integers(min_value=1, max_value=n))
    returned = draw(st.integers(min_value=0, max_value=total))
    invalid = draw(st.integers(min_value=0, max_value=returned))
    abstain = draw(st.integers(min_value=0, max_value=returned - invalid))
    marked = returned - invalid - abstain
    # Each marked paper chooses 1..seats distinct candidates.
    votes = dict.fromkeys(candidates, 0)
    for _ in range(marked):
        chosen = draw(st.lists(st.sampled_from(candidates), min_size=1, max_size=seats, unique=True))
        for c in chosen:
            votes[c] += 1
    rules = Rules(
        total_weight=total,
        quorum=draw(st.sampled_from([Fraction(1, 2), Fraction(2, 3), Fraction(3, 4)])),
        approval_base=draw(st.sampled_from(["members", "cast"])),
        approval_ratio=draw(st.sampled_from([Fraction(1, 2), Fraction(2, 3), Fraction(1, 3)])),
        approval_strict=draw(st.booleans()),
    )
    return rules, Tally(returned, invalid, abstain, votes), candidates, seats


@settings(max_examples=400, deadline=None)
@given(elections())
def test_candidate_counting_invariants(case):
    rules, tally, candidates, seats = case
    result = count_candidates(rules, tally, candidates, seats)
    votes = tally.votes
    # Never more elected than seats; elected + undecided seats account for every seat.
    assert len(result.elected) + result.undecided_seats == seats
    assert len(set(result.elected)) == len(result.elected)
    # Without quorum nobody is elected.
    if Fraction(tally.returned, rules.total_weight) < rules.quorum:
        assert not result.quorum_met and result.elected == [] and result.tied == []
    base = rules.total_weight if rules.approval_base == "members" else tally.valid
    assert result.base == base
    for c in result.elected:
        # Every winner reached the threshold and has strictly more votes than any qualified
        # candidate left out (equal votes are elected together or tied together).
        assert reaches(votes[c], base, rules.approval_ratio, rules.approval_strict)
        for other in candidates:
            if other not in result.elected and reaches(
                votes[other], base, rules.approval_ratio, rules.approval_strict
            ):
                assert votes[c] > votes[other]
    # Tied candidates all have the same votes, more of them than the seats left, all reached.
    if result.tied:
        assert len({votes[c] for c in result.tied}) == 1
        assert len(result.tied) > result.undecided_seats > 0
        assert set(result.tied) == set(result.runoff)
        level = votes[result.tied[0]]
        # Nobody with the same votes is left out of the tie (never an arbitrary winner).
        assert {c for c in candidates if votes[c] == level} == set(result.tied)
    # Rows are sorted by votes, cover every candidate once, and agree with the lists.
    assert [r.votes for r in result.rows] == sorted((r.votes for r in result.rows), reverse=True)
    assert sorted(r.key for r in result.rows) == sorted(candidates)
    assert {r.key for r in result.rows if r.status == "elected"} == set(result.elected)
    assert result.decided == (result.quorum_met and result.undecided_seats == 0)


@settings(max_examples=300, deadline=None)
@given(elections())
def test_candidates_winning_is_monotonic(case):
    """One more vote for a winner never makes it lose."""
    rules, tally, candidates, seats = case
    result = count_candidates(rules, tally, candidates, seats)
    if not result.elected or tally.returned >= rules.total_weight:
        return
    winner = result.elected[0]
    more = Tally(
        tally.returned + 1, tally.invalid, tally.abstain, tally.votes | {winner: tally.votes[winner] + 1}
    )
    again = count_candidates(rules, more, candidates, seats)
    assert winner in again.elected or winner in again.tied


@settings(max_examples=300, deadline=None)
@given(
    st.integers(min_value=1, max_value=50).flatmap(
        lambda total: st.tuples(
            st.just(total),
            st.integers(min_value=0, max_value=total).flatmap(
                lambda ret: st.tuples(st.just(ret), st.integers(min_value=0, max_value=ret))
            ),
            st.booleans(),
            st.sampled_from(["members", "cast"]),
        )
    )
)
def test_question_threshold(case):
    total, (returned, yes), strict, base_kind = case
    no = returned - yes
    rules = Rules(total_weight=total, approval_base=base_kind, approval_strict=strict)
    result = count_question(rules, Tally(returned, 0, 0, {YES: yes, NO: no}))
    base = total if base_kind == "members" else returned
    quorum = 3 * returned >= 2 * total
    expected = quorum and base > 0 and (2 * yes > base if strict else 2 * yes >= base)
    assert result.approved == expected


def test_examples_from_the_regulations():
    """Default rules: quorum 2/3 of 8, more than half of all 8 members."""
    rules = Rules(total_weight=8)
    assert count_question(rules, Tally(8, 0, 0, {YES: 5, NO: 3})).approved
    assert not count_question(rules, Tally(8, 0, 0, {YES: 4, NO: 4})).approved  # exactly half is not more
    assert not count_question(rules, Tally(5, 0, 0, {YES: 5})).approved  # 5 of 8 < 2/3 quorum
    at_least = Rules(total_weight=8, approval_strict=False)
    assert count_question(at_least, Tally(8, 0, 0, {YES: 4, NO: 4})).approved
    two = count_candidates(rules, Tally(8, 0, 0, {"A": 7, "B": 5, "C": 5}), ["A", "B", "C"], 2)
    assert two.elected == ["A"] and sorted(two.tied) == ["B", "C"] and two.undecided_seats == 1


@settings(max_examples=400, deadline=None)
@given(elections())
def test_ties_are_always_reported(case):
    """Equal votes among the runoff candidates are reported as ties whether or not anyone reached
    the threshold: every group has two or more members with the same votes, and no runoff
    candidate with the same votes as another is left out of a group."""
    rules, tally, candidates, seats = case
    result = count_candidates(rules, tally, candidates, seats)
    votes = tally.votes
    grouped = [c for group in result.ties for c in group]
    assert len(grouped) == len(set(grouped)) and set(grouped) <= set(result.runoff)
    for group in result.ties:
        assert len(group) > 1 and len({votes[c] for c in group}) == 1
    for a in result.runoff:
        for b in result.runoff:
            if a != b and votes[a] == votes[b]:
                assert any(a in g and b in g for g in result.ties)
    if result.tied:
        assert result.ties == [result.tied]


def test_four_all_for_one_seat_nobody_reaching_is_a_tie():
    """4–4 of 8 members for one seat: nobody has more than half, yet A and B are shown tied."""
    result = count_candidates(Rules(total_weight=8), Tally(8, 0, 0, {"A": 4, "B": 4}), ["A", "B", "C"], 1)
    assert result.elected == [] and result.tied == [] and result.undecided_seats == 1
    assert result.ties == [["A", "B"]] and sorted(result.runoff) == ["A", "B"]
    assert {r.key: r.status for r in result.rows} == {
        "A": "not_reached",
        "B": "not_reached",
        "C": "not_reached",
    }
