import pytest

from thidua.organisations.models import BlocYear


@pytest.fixture
def before_2020(world):
    """Khối Nội chính right after its 2019 conference: the demo's 2020 year (started from 2019 and
    confirmed with Sở Nội vụ) is not there yet, so a test can start it itself."""
    BlocYear.objects.filter(bloc__code="KNC", year=2020).delete()
    return world
