"""A published results page lists the awards decided for the bloc year, and a new decision
reaches the cached page at once (the proposals app tells the portal through a hook)."""

import datetime as dt

import pytest

from thidua.awards.models import AwardRecord
from thidua.organisations.models import BlocYear
from thidua.portal import cache
from thidua.proposals import services
from thidua.proposals.tests.demo_state import undo_demo_2019_journey

pytestmark = pytest.mark.django_db
URL = "/ket-qua/KNC/2019/"


def test_a_decision_appears_on_the_published_results_page(world, client, django_capture_on_commit_callbacks):
    cache.clear()
    undo_demo_2019_journey()  # the demo decided 2019: start from the day after its conference
    AwardRecord.objects.filter(year=2019, award__code__in=["co_tinh", "co_cp"]).delete()
    first = client.get(URL)
    assert first.status_code == 200 and 'id="results-awarded"' not in first.content.decode()

    by = BlocYear.objects.get(bloc__code="KNC", year=2019)
    made = {p.unit.code: p for p in services.proposals_from_outcomes(actor=world.secretary, bloc_year=by)}
    tand = made["TAND"]
    services.dossier_generate(actor=world.secretary, proposal=tand)
    tand = services.proposal_submit(actor=world.secretary, proposal=tand, late_reason="Bổ sung")
    tand = services.proposal_receive(actor=world.provincial, proposal=tand)
    tand = services.council_vote_record(actor=world.provincial, proposal=tand, yes=13, members=15)
    with django_capture_on_commit_callbacks(execute=True):
        services.decision_record(
            actor=world.provincial,
            number="245/QĐ-UBND",
            date=dt.date(2020, 1, 22),
            signer_name="Nguyễn Văn Hải",
            signer_title="Chủ tịch UBND tỉnh",
            authority="provincial_chairman",
            authority_name="Ủy ban nhân dân tỉnh",
            proposals=[tand],
        )
    page = client.get(URL).content.decode()
    assert 'id="results-awarded"' in page
    assert "Quyết định số 245/QĐ-UBND ngày 22/01/2020" in page and "Tòa án nhân dân tỉnh" in page
