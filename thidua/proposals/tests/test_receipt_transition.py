"""Law 06/2026/QH16's transition (issue 13, rule packs as data) through the proposals: the office
receiving a dossier judges it with the pack chosen by the receipt date (received before
01/10/2026: the old law unless the new one is more favourable), records the pack used and why,
and refuses a dossier the applicable pack finds ineligible."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from thidua.awards.tests.factories import PerformanceRatingFactory
from thidua.awards.tests.helpers import PACK_2025, make_pack_2026
from thidua.organisations.tests.factories import BlocYearFactory
from thidua.proposals import services
from thidua.proposals.choices import ProposalStatus
from thidua.proposals.tests.factories import ProposalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pack_2026(world):
    return make_pack_2026(world.admin, transition_article="Luật 06/2026/QH16, chuyển tiếp")


@pytest.fixture
def fighter(pack_2026):
    """A 2026 grassroots-fighter proposal of a person rated HTXS without an initiative: eligible
    under Decree 152/2025, not under the 2026 law (HTXS AND an initiative)."""
    p = ProposalFactory(
        individual=True, award__code="cstdcs", bloc_year=BlocYearFactory(year=2026), submitted=True
    )
    PerformanceRatingFactory(person=p.person, unit=None, year=2026, rating="HTXS")
    return p


def test_law_06_2026_received_before_its_date_follows_the_old_law_and_says_so(world, fighter):
    received = services.proposal_receive(
        actor=world.provincial, proposal=fighter, received_on=dt.date(2026, 9, 20)
    )
    assert received.status == ProposalStatus.RECEIVED and received.pack_code == PACK_2025
    note = received.eligibility[-1]
    assert note["code"] == "transition" and "quy định mới không có lợi hơn" in note["facts"]
    assert note["article"] == "Luật 06/2026/QH16, chuyển tiếp"


def test_law_06_2026_received_after_its_date_is_judged_by_the_new_law_and_refused(world, fighter):
    with pytest.raises(ValidationError) as exc:
        services.proposal_receive(actor=world.provincial, proposal=fighter, received_on=dt.date(2026, 10, 2))
    assert "chưa đủ tiêu chuẩn" in str(exc.value)
    fighter.refresh_from_db()
    assert fighter.status == ProposalStatus.SUBMITTED
