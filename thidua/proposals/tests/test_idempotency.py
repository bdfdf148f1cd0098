"""A double click creates once (issue 18 item 4) on the proposals' create forms: a proposal typed
in by hand and a recorded decision. Two identical POSTs from two threads create one record and both
land on it (``thidua.core.idempotency``; the race helper is ``thidua.core.tests.double_submit``)."""

import pytest
from django.urls import reverse

from thidua.awards.models import Award
from thidua.core.tests.double_submit import assert_same_landing, double_submit
from thidua.organisations.models import BlocYear, Person
from thidua.proposals import services
from thidua.proposals.models import Decision, Proposal
from thidua.proposals.tests.test_services import DECIDED_ON, _approved

pytestmark = pytest.mark.django_db(transaction=True)


def test_proposal_create(undecided_2019, client_for):
    by = BlocYear.objects.get(bloc__code="KNC", year=2019)
    mai = Person.objects.get(full_name="Lê Thị Mai")
    before = Proposal.objects.count()
    results = double_submit(
        client_for("secretary"),
        reverse("proposals:proposal_create", args=["KNC", 2019]),
        {"award": Award.objects.get(code="bk_tinh_cn").code, "person": mai.pk, "vote_yes": 7, "vote_base": 8},
    )
    assert_same_landing(results)
    assert Proposal.objects.count() == before + 1
    assert Proposal.objects.filter(bloc_year=by, person=mai).count() == 1


def test_decision_record(undecided_2019, client_for):
    w = undecided_2019
    by = BlocYear.objects.get(bloc__code="KNC", year=2019)
    made = {p.unit.code: p for p in services.proposals_from_outcomes(actor=w.secretary, bloc_year=by)}
    tand = _approved(w, made["TAND"])
    before = Decision.objects.count()
    results = double_submit(
        client_for("provincial"),
        reverse("proposals:decision_create"),
        {
            "number": "777/QĐ-UBND",
            "date": DECIDED_ON.strftime("%d/%m/%Y"),
            "signer_name": "Nguyễn Văn Hải",
            "signer_title": "Chủ tịch UBND tỉnh",
            "authority": "provincial_chairman",
            "authority_name": "Ủy ban nhân dân tỉnh",
            "proposals": [str(tand.uuid)],
        },
    )
    assert_same_landing(results)
    assert Decision.objects.count() == before + 1
