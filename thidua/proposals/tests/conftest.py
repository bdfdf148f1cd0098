import pytest

from thidua.awards.models import AwardRecord
from thidua.core.tests.backends import background_tasks  # noqa: F401 - a fixture for the browser tests


@pytest.fixture
def undecided_2019(world):
    """The awards demo records the real 2019 outcome (flags to THADS, TAND and SNV) as history;
    the proposals journey decides those awards itself, so it starts from a history without them."""
    AwardRecord.objects.filter(year=2019, award__code__in=["co_tinh", "co_cp"]).delete()
    return world
