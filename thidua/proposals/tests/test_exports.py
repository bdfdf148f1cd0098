"""The reports workbook and the unit page's awards: amounts as finance staff pay them."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from thidua.core.exports import MONEY_FORMAT
from thidua.core.templatetags.thidua import vnd
from thidua.proposals import exports
from thidua.proposals.tests.factories import DecisionFactory, ProposalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(world):
    """A unit's provincial certificate decided on 15/01/2025: one decision item with its cash."""
    decision = DecisionFactory(proposals=[ProposalFactory(approved=True)])
    return decision.items.get()


def test_reports_workbook_is_ready_to_use(decided, world):
    """Every sheet has a bold frozen filtered header and fitted widths; the cash sheet's totals
    are numbers in the money format."""
    wb = load_workbook(io.BytesIO(exports.reports_workbook(user=world.provincial)))
    for ws in wb:
        assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:")
        assert all(c.font.bold for c in ws[1]) and ws.column_dimensions["A"].width
    cash = wb["Tiền thưởng"]
    row = next(r for r in cash.iter_rows(min_row=2) if r[0].value == 2025)
    assert row[1].value >= decided.amount and row[1].data_type == "n" and row[1].number_format == MONEY_FORMAT
    years = [c.value for c in wb["Theo năm"]["A"][1:]]
    assert years and all(isinstance(y, int) for y in years)


def test_unit_page_shows_the_cash_of_each_award(decided, client_for):
    """The unit's awards panel shows what the decision paid, as 2.340.000 đ is written."""
    unit = decided.proposal.unit
    text = (
        client_for("provincial").get(reverse("organisations:unit_detail", args=[unit.code])).content.decode()
    )
    table = text[text.index('id="unit-awards"') :]
    assert vnd(decided.amount) in table[: table.index("</table>")] and decided.amount > 0
