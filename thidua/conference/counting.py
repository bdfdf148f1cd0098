"""Counting a ballot: pure functions over tallies, so they can be property-tested.

Rules (the bloc's regulations, ``BlocSettings``):
- quorum: ballots returned (valid or not) ÷ all member votes must reach ``quorum``;
- approval: a candidate's (or the "yes") votes ÷ base must be more than (strict) or at least
  ``approval_ratio``; the base is every member vote ("members") or the valid ballots ("cast");
- seats are filled from the most votes down among candidates that reached approval; a group of
  equal votes that does not fit the remaining seats is tied, never split arbitrarily, and the
  seats it contests are left undecided for a runoff round;
- ties are always reported: ``ties`` lists every group of two or more candidates with equal
  votes among those who go to the runoff, whether or not anyone reached the threshold (4–4 for
  one seat with nobody over half is "nobody reached the threshold; A and B are tied").
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from fractions import Fraction

YES, NO = "yes", "no"


@dataclass
class Rules:
    total_weight: int
    quorum: Fraction = Fraction(2, 3)
    approval_base: str = "members"
    approval_ratio: Fraction = Fraction(1, 2)
    approval_strict: bool = True


@dataclass
class Tally:
    """Weighted figures of one ballot: ``returned`` papers, of which ``invalid`` and ``abstain``
    are counted apart; ``votes`` per candidate key (or YES/NO for a question)."""

    returned: int = 0
    invalid: int = 0
    abstain: int = 0
    votes: dict[str, int] = field(default_factory=dict)

    @property
    def valid(self) -> int:
        return self.returned - self.invalid

    def add(self, other: Tally) -> Tally:
        votes = dict(self.votes)
        for key, n in other.votes.items():
            votes[key] = votes.get(key, 0) + n
        return Tally(
            self.returned + other.returned, self.invalid + other.invalid, self.abstain + other.abstain, votes
        )


@dataclass
class Row:
    key: str
    votes: int
    share: str  # "a/b" of the approval base
    percent: float
    reached: bool
    status: str  # CandidateStatus value


@dataclass
class Result:
    quorum_met: bool
    base: int
    returned: int
    valid: int
    invalid: int
    abstain: int
    total_weight: int
    rows: list[Row]
    elected: list[str]
    tied: list[str]
    undecided_seats: int
    runoff: list[str]
    approved: bool | None = None  # for a yes/no question
    # Groups of equal votes among the runoff candidates (threshold reached or not).
    ties: list[list[str]] = field(default_factory=list)

    @property
    def decided(self) -> bool:
        return self.quorum_met and self.undecided_seats == 0

    def to_json(self) -> dict:
        return asdict(self) | {"decided": self.decided}


def reaches(votes: int, base: int, ratio: Fraction, strict: bool) -> bool:
    if base <= 0:
        return False
    share = Fraction(votes, base)
    return share > ratio if strict else share >= ratio


def approval_base(rules: Rules, tally: Tally) -> int:
    return rules.total_weight if rules.approval_base == "members" else tally.valid


def quorum_met(rules: Rules, tally: Tally) -> bool:
    return rules.total_weight > 0 and Fraction(tally.returned, rules.total_weight) >= rules.quorum


def _row(key: str, votes: int, base: int, rules: Rules, status: str) -> Row:
    return Row(
        key=key,
        votes=votes,
        share=f"{votes}/{base}",
        percent=round(100 * votes / base, 2) if base else 0.0,
        reached=reaches(votes, base, rules.approval_ratio, rules.approval_strict),
        status=status,
    )


def count_candidates(rules: Rules, tally: Tally, candidates: list[str], seats: int) -> Result:
    """Fill ``seats`` from ``candidates`` (printed order, used only to list rows)."""
    base = approval_base(rules, tally)
    ok_quorum = quorum_met(rules, tally)
    votes = {c: tally.votes.get(c, 0) for c in candidates}
    qualified = [
        c
        for c in candidates
        if ok_quorum and reaches(votes[c], base, rules.approval_ratio, rules.approval_strict)
    ]
    elected: list[str] = []
    tied: list[str] = []
    remaining = seats
    for level in sorted({votes[c] for c in qualified}, reverse=True):
        group = [c for c in qualified if votes[c] == level]
        if len(group) <= remaining:
            elected.extend(group)
            remaining -= len(group)
            if remaining == 0:
                break
        else:
            tied = group
            break
    runoff: list[str] = []
    if ok_quorum and remaining > 0:
        if tied:
            runoff = tied
        else:
            # Seats left because too few reached approval: the best-placed others go again.
            others = sorted(
                (c for c in candidates if c not in elected and votes[c] > 0), key=lambda c: -votes[c]
            )
            if others:
                cut = votes[others[min(len(others), remaining + 1) - 1]]
                runoff = [c for c in others if votes[c] >= cut]
    ties = [
        group
        for level in sorted({votes[c] for c in runoff}, reverse=True)
        if len(group := [c for c in candidates if c in runoff and votes[c] == level]) > 1
    ]
    rows = []
    for c in sorted(candidates, key=lambda c: (-votes[c], candidates.index(c))):
        if c in elected:
            status = "elected"
        elif c in tied:
            status = "tied"
        elif ok_quorum and reaches(votes[c], base, rules.approval_ratio, rules.approval_strict):
            status = "not_elected"
        else:
            status = "not_reached"
        rows.append(_row(c, votes[c], base, rules, status))
    return Result(
        quorum_met=ok_quorum,
        base=base,
        returned=tally.returned,
        valid=tally.valid,
        invalid=tally.invalid,
        abstain=tally.abstain,
        total_weight=rules.total_weight,
        rows=rows,
        elected=elected,
        tied=tied,
        undecided_seats=remaining if ok_quorum else seats,
        runoff=runoff,
        ties=ties,
    )


def count_question(rules: Rules, tally: Tally) -> Result:
    base = approval_base(rules, tally)
    ok_quorum = quorum_met(rules, tally)
    yes, no = tally.votes.get(YES, 0), tally.votes.get(NO, 0)
    approved = ok_quorum and reaches(yes, base, rules.approval_ratio, rules.approval_strict)
    rows = [
        _row(YES, yes, base, rules, "elected" if approved else "not_reached"),
        _row(NO, no, base, rules, "not_elected"),
    ]
    return Result(
        quorum_met=ok_quorum,
        base=base,
        returned=tally.returned,
        valid=tally.valid,
        invalid=tally.invalid,
        abstain=tally.abstain,
        total_weight=rules.total_weight,
        rows=rows,
        elected=[YES] if approved else [],
        tied=[],
        undecided_seats=0,
        runoff=[],
        approved=approved,
    )
