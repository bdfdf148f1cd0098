"""A revoked award (Law 06/2022 Art 93.2) leaves the proposals side too: the awards report, the
subject's awards offered as related to an exemplary model, and the "already awarded" check."""

import datetime as dt

import pytest

from thidua.awards.services import revocation
from thidua.awards.tests.factories import AwardRecordFactory
from thidua.organisations.models import Unit
from thidua.organisations.tests.factories import PersonFactory
from thidua.proposals import rules, selectors

pytestmark = pytest.mark.django_db


def _revoke(world, record):
    revocation.revoke(
        actor=world.provincial,
        record=record,
        decision_number="90/QĐ-UBND",
        decision_date=dt.date(2025, 6, 1),
        ground="fraud",
        reason="Kê khai gian dối",
        cash_to_recover=0,
    )


def test_the_awards_report_and_already_awarded_leave_a_revoked_award_out(world):
    person = PersonFactory()
    record = AwardRecordFactory(person=person, year=2024)
    before = selectors.awards_report(year_from=2024, year_to=2024)["total"]
    assert rules.already_awarded(award=record.award, year=2024, person=person) == record
    _revoke(world, record)
    assert selectors.awards_report(year_from=2024, year_to=2024)["total"] == before - 1
    assert rules.already_awarded(award=record.award, year=2024, person=person) is None


def test_a_units_awards_leave_a_revoked_award_out(world):
    unit = Unit.objects.get(code="TAND")
    record = AwardRecordFactory(unit=unit, year=2023)
    assert record in selectors.unit_awards(unit=record.unit)
    _revoke(world, record)
    assert record not in selectors.unit_awards(unit=record.unit)


def test_the_dossier_history_lists_awards_in_force_and_never_the_award_proposed(world):
    from thidua.awards.models import AwardRecord
    from thidua.proposals import dossier
    from thidua.proposals.tests.factories import ProposalFactory

    proposal = ProposalFactory(individual=True)
    earlier = AwardRecordFactory(person=proposal.person, year=proposal.year - 1)
    revoked = AwardRecordFactory(
        person=proposal.person, year=proposal.year - 2, decision_number="9055/QĐ-THU"
    )
    same = AwardRecord.objects.create(
        person=proposal.person,
        award=proposal.award,
        year=proposal.year,
        decision_number="999/QĐ-UBND",
        decision_date=dt.date(proposal.year + 1, 3, 1),
    )
    _revoke(world, revoked)

    def numbers():
        return " ".join(
            cell
            for block in dossier._history_blocks(proposal)
            for row in getattr(block, "rows", [])
            for cell in row
        )

    text = numbers()
    assert earlier.decision_number in text
    assert "9055/QĐ-THU" not in text and same.decision_number not in text
