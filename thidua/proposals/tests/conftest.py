import pytest

from thidua.core.models import AuditEvent
from thidua.core.tests.backends import background_tasks  # noqa: F401 - a fixture for the browser tests
from thidua.proposals.tests.demo_state import undo_demo_2019_journey


@pytest.fixture(autouse=True)
def _before_the_2019_decisions(request):
    """Every proposals test that uses the demo starts before the 2019 decisions."""
    if "world" in request.fixturenames:
        request.getfixturevalue("world")
        undo_demo_2019_journey()


@pytest.fixture
def undecided_2019(world):
    """2019 right after its conference: the outcome is voted, nothing proposed or decided yet."""
    undo_demo_2019_journey()
    return world


@pytest.fixture
def new_audit(undecided_2019):
    """The audit events written by the test itself (the demo's 2019 journey is audited too)."""
    baseline = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    return lambda: AuditEvent.objects.filter(pk__gt=baseline)
