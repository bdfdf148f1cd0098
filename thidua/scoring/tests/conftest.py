import pytest

from thidua.cycles.models import YearCycle
from thidua.organisations.models import BlocYear
from thidua.scoring.selectors import leaves

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def cur(world):
    """The current year of Khối Nội chính (leader SNV), open for self-assessment."""
    by = BlocYear.objects.select_related("bloc").get(bloc__code="KNC", year=world.ctx["current_year"])
    YearCycle.objects.update_or_create(bloc_year=by, defaults={"stage": "self_assessment"})
    return by


@pytest.fixture
def rubric(cur):
    from thidua.cycles.selectors import current_rubric

    return current_rubric(cur)


@pytest.fixture
def leaf(rubric):
    """leaf("2.1") -> the rubric item with that code."""
    by_code = {i.code: i for i in leaves(rubric)}
    return by_code.__getitem__


def set_settings(by, **values):
    by.settings = {**(by.settings or {}), **values}
    by.save(update_fields=["settings"])
