"""Operators' alarms reach the people who read the audit log on their home page (issue 18 item 3:
"shown to administrators"), not only on the audit page; other users never see them."""

import pytest

from thidua.core import alarms

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_alarms():
    alarms.reset()
    yield
    alarms.reset()


def test_a_recent_alarm_is_on_the_dashboard_of_audit_readers_only(world, client_for):
    assert 'id="alarms"' not in client_for("provincial").get("/ung-dung/").content.decode()
    alarms.raise_alarm("test.disk", "Không ghi được lượt xem: ổ đĩa đầy.")
    page = client_for("provincial").get("/ung-dung/").content.decode()
    assert 'id="alarms"' in page and "Không ghi được lượt xem: ổ đĩa đầy." in page
    assert "?action=system.alarm" in page
    for persona in ("officer_a", "secretary", "editor"):
        assert "ổ đĩa đầy" not in client_for(persona).get("/ung-dung/").content.decode(), persona
