"""The 2019 demo ranking and the ranking contract the conference relies on."""

from decimal import Decimal

import pytest

from thidua.organisations.models import BlocYear
from thidua.scoring.selectors import ranking_for_year
from thidua.scoring.tests.factories import AssessmentFactory


@pytest.fixture
def y2019(world):
    return BlocYear.objects.get(bloc__code="KNC", year=2019)


def test_2019_ranking_matches_the_seed_outcome(y2019, django_assert_max_num_queries):
    """SNV first (leading), TAND before THADS on key contents, CA and BCHQS tied."""
    with django_assert_max_num_queries(9):  # 8 before close-outs (issue 15) were read too
        rows = ranking_for_year(bloc_year=y2019)
    order = [(r.rank, r.unit.code) for r in rows]
    assert order[:3] == [(1, "SNV"), (2, "TAND"), (3, "THADS")]
    by_code = {r.unit.code: r for r in rows}
    assert by_code["SNV"].leading and not by_code["TAND"].leading
    assert by_code["SNV"].final_score == Decimal("96.00")
    assert by_code["TAND"].final_score == by_code["THADS"].final_score == Decimal("93.50")
    assert "nội dung trọng tâm" in by_code["TAND"].explanation
    assert by_code["CA"].rank == by_code["BCHQS"].rank and by_code["CA"].tied and by_code["BCHQS"].tied
    assert by_code["STP"].deductions == Decimal("2.00")
    assert by_code["SNV"].classification == "HTXS"
    assert by_code["CA"].classification == "HTT"


def test_no_finalised_scores_means_empty_ranking(db):
    current = AssessmentFactory(submitted=True, scores=1).bloc_year  # scored and sent, not finalised
    assert ranking_for_year(bloc_year=current) == []
