import pytest

from thidua.conference import services
from thidua.conference.models import Conference


@pytest.fixture
def conf2019(world):
    return Conference.objects.get(bloc_year__bloc__code="KNC", bloc_year__year=2019)


@pytest.fixture
def tokens(conf2019):
    return {p.unit.code: p.token for p in conf2019.passes.select_related("unit")}


@pytest.fixture
def open_ballot(world, conf2019):
    """A fresh open ballot for the 2019 conference: provincial flags, two seats."""
    ballot = services.ballot_create(
        actor=world.secretary, conference=conf2019, kind="provincial_flag", seats=2
    )
    return services.ballot_open(actor=world.secretary, ballot=ballot)
