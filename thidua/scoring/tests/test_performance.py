"""The ranking's query count does not grow with the size of the bloc (pinned)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from thidua.scoring.selectors import ranking_for_year
from thidua.scoring.synthetic import build_bloc, naive_ranking

# Sheets, close-outs, scores, rubric items, key contents, settings-free: see ranking_for_year's
# docstring.
MAX_QUERIES = 7


def test_ranking_15_units_80_criteria_3_reviewers_in_bounded_queries(db, django_assert_max_num_queries):
    big = build_bloc("P", units=15, criteria=80, reviewers=3)
    small = build_bloc("S", units=3, criteria=5, reviewers=2, seed=2)
    with CaptureQueriesContext(connection) as small_queries:
        ranking_for_year(bloc_year=small)
    with django_assert_max_num_queries(MAX_QUERIES):
        rows = ranking_for_year(bloc_year=big)
    assert len(rows) == 15
    with CaptureQueriesContext(connection) as big_queries:
        ranking_for_year(bloc_year=big)
    assert len(big_queries) == len(small_queries)
    # Same order as the naive loop (which re-reads every reviewer's score).
    naive = naive_ranking(big)
    assert [r.unit.code for r in rows][:3] == [code for code, _ in naive][:3]
    assert {r.unit.code: r.final_score for r in rows} == {code: total for code, total in naive}
