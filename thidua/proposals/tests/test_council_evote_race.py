"""A member's double tap sent twice at the same moment (two threads, real transactions): one vote
is counted, the other is refused; nothing is counted twice."""

import pytest
from django.test import Client

from thidua.core.tests.double_submit import double_submit
from thidua.organisations.models import BlocYear
from thidua.proposals import services
from thidua.proposals.models import CouncilParticipation, CouncilSessionItem, Proposal

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_simultaneous_votes_of_one_member_count_once(undecided_2019):
    w = undecided_2019
    by = BlocYear.objects.get(bloc__code="KNC", year=2019)
    tand = next(
        p for p in services.proposals_from_outcomes(actor=w.secretary, bloc_year=by) if p.unit.code == "TAND"
    )
    services.dossier_generate(actor=w.secretary, proposal=tand, pdf=False)
    tand = services.proposal_submit(
        actor=w.secretary, proposal=Proposal.objects.get(pk=tand.pk), late_reason="Bổ sung"
    )
    tand = services.proposal_receive(actor=w.provincial, proposal=tand)
    session = services.council_session_create(actor=w.provincial, year=2019, proposals=[tand])
    services.council_session_open(actor=w.provincial, session=session)
    phone = Client()
    phone.force_login(w.council)
    results = double_submit(
        phone, f"/de-nghi/hoi-dong/phien/{session.uuid}/bieu-quyet/{tand.uuid}/", {"choice": "agree"}
    )
    assert len(results) == 2 and all(not isinstance(r, Exception) and r.status_code == 302 for r in results)
    item = CouncilSessionItem.objects.get(session=session)
    assert (item.agree, item.disagree) == (1, 0)
    assert CouncilParticipation.objects.filter(item=item).count() == 1
