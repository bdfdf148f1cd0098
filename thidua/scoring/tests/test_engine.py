"""Property tests for the scoring rules: aggregation, clamping, totals and tie-breaking."""

import itertools
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from thidua.scoring import engine

points = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)
methods = st.sampled_from(["mean", "median", "trimmed_mean"])
CHAIN = ["key_contents", "fewer_deductions", "bonus"]


@given(st.lists(points, min_size=1, max_size=9), methods, st.floats(min_value=0, max_value=0.49))
def test_aggregate_lies_between_min_and_max(values, method, trim):
    result = engine.aggregate(values, method, trim)
    assert min(values) <= result <= max(values)


@given(points, methods)
def test_aggregate_of_equal_values_is_that_value(value, method):
    assert engine.aggregate([value] * 5, method) == value


@given(st.lists(points, min_size=3, max_size=9))
def test_median_and_trimmed_mean_ignore_one_outlier(values):
    """Moving the largest value further up never changes the median."""
    worst = sorted(values)
    moved = [*worst[:-1], worst[-1] + 1000]
    assert engine.aggregate(worst, "median") == engine.aggregate(moved, "median")


@given(st.decimals(min_value=-1000, max_value=1000, places=2), points, points)
def test_clamp_stays_within_bounds_and_keeps_values_inside(value, low, high):
    low, high = min(low, high), max(low, high)
    result = engine.clamp(value, low, high)
    assert low <= result <= high
    if low <= value <= high:
        assert result == value


def _rubric():
    return [
        engine.Node(1, None, "group", Decimal(30)),
        engine.Node(2, 1, "criterion", Decimal(20), key_content=True),
        engine.Node(3, 2, "sub", Decimal(12)),
        engine.Node(4, 2, "sub", Decimal(12)),
        engine.Node(5, 1, "criterion", Decimal(10)),
        engine.Node(6, None, "bonus", Decimal(5)),
        engine.Node(7, None, "deduction", Decimal(5)),
    ]


@given(st.dictionaries(st.sampled_from([3, 4, 5, 6, 7]), st.decimals(min_value=0, max_value=50, places=2)))
def test_totals_respect_every_cap(scores):
    totals = engine.compute_totals(_rubric(), scores)
    assert totals.criteria[2] <= 20 and totals.base <= 30
    assert 0 <= totals.bonus <= 5 and 0 <= totals.deductions <= 5
    assert totals.final == totals.base + totals.bonus - totals.deductions
    assert totals.key_contents == totals.criteria[2]


small = st.integers(min_value=0, max_value=3).map(Decimal)
entries = st.lists(
    st.tuples(small, small, small, small),
    min_size=1,
    max_size=8,
).map(
    lambda rows: [
        engine.Entry(
            key=i,
            label=f"U{i}",
            total=t,
            keys={"key_contents": k, "fewer_deductions": -d, "bonus": b},
        )
        for i, (t, k, d, b) in enumerate(rows)
    ]
)


def _vector(entry):
    return (entry.total, *(entry.keys[r] for r in CHAIN))


@settings(max_examples=300)
@given(entries)
def test_ranking_is_a_total_preorder_with_ties_only_when_every_rule_is_equal(items):
    ranked = engine.rank(items, CHAIN)
    assert sorted(r.entry.key for r in ranked) == sorted(e.key for e in items)
    for a, b in itertools.pairwise(ranked):
        assert _vector(a.entry) >= _vector(b.entry)  # lexicographic order of the chain
        assert (a.rank == b.rank) == (_vector(a.entry) == _vector(b.entry))
        assert a.rank <= b.rank
        assert a.explanation
    # Competition ranking: a rank is one more than the number of units strictly above.
    for row in ranked:
        above = sum(1 for other in ranked if _vector(other.entry) > _vector(row.entry))
        assert row.rank == above + 1
        assert row.tied == any(o is not row and _vector(o.entry) == _vector(row.entry) for o in ranked)


@given(entries)
def test_ranking_does_not_depend_on_input_order(items):
    forward = [(r.entry.key, r.rank) for r in engine.rank(items, CHAIN)]
    backward = [(r.entry.key, r.rank) for r in engine.rank(list(reversed(items)), CHAIN)]
    assert dict(forward) == dict(backward)


def test_explanation_names_the_deciding_rule():
    a = engine.Entry(1, "A", Decimal(90), {"key_contents": Decimal(40), "fewer_deductions": Decimal(0)})
    b = engine.Entry(2, "B", Decimal(90), {"key_contents": Decimal(38), "fewer_deductions": Decimal(0)})
    c = engine.Entry(3, "C", Decimal(90), {"key_contents": Decimal(38), "fewer_deductions": Decimal(0)})
    ranked = engine.rank([c, b, a], ["key_contents", "fewer_deductions"])
    assert [r.rank for r in ranked] == [1, 2, 2]
    assert "nội dung trọng tâm" in ranked[0].explanation and "40,00 so với 38,00" in ranked[0].explanation
    assert "đồng hạng" in ranked[1].explanation


def test_a_rule_without_data_is_skipped_and_said_so():
    a = engine.Entry(1, "A", Decimal(90), {"vote": None})
    b = engine.Entry(2, "B", Decimal(90), {"vote": None})
    ranked = engine.rank([a, b], ["vote"])
    assert ranked[0].rank == ranked[1].rank == 1
    assert "chưa có số liệu" in ranked[0].explanation


def test_classification_needs_total_and_every_criterion():
    from thidua.organisations.bloc_settings import DEFAULT_BANDS

    nodes = [engine.Node(1, None, "criterion", Decimal(50)), engine.Node(2, None, "criterion", Decimal(50))]
    high = engine.compute_totals(nodes, {1: Decimal(50), 2: Decimal(45)})
    assert engine.classify(high, nodes, DEFAULT_BANDS, "KHT") == "HTXS"
    lopsided = engine.compute_totals(nodes, {1: Decimal(50), 2: Decimal(41)})  # 91 but 82% on one
    assert engine.classify(lopsided, nodes, DEFAULT_BANDS, "KHT") == "HTT"
    low = engine.compute_totals(nodes, {1: Decimal(10), 2: Decimal(10)})
    assert engine.classify(low, nodes, DEFAULT_BANDS, "KHT") == "KHT"
