"""Law 06/2022 Art 25.1, 26 (issue 13 item 1) in the documents: the report and the Tờ trình say
"leads the bloc" of the unit that led the emulation (Sở Nội vụ in the 2019 seed), never of the
bloc's rotating chair (Cục THADS)."""

import pytest

from thidua.organisations.models import BlocYear
from thidua.proposals import dossier, services

pytestmark = pytest.mark.django_db


def test_law2022_art25_1_the_report_names_the_emulation_leader_not_the_chair(undecided_2019):
    by = BlocYear.objects.get(bloc__code="KNC", year=2019)
    assert by.leader.code == "THADS"  # the chair
    made = {
        p.unit.code: p for p in services.proposals_from_outcomes(actor=undecided_2019.secretary, bloc_year=by)
    }
    assert (
        "Đơn vị dẫn đầu Khối thi đua các cơ quan Nội chính tỉnh năm 2019: Xếp thứ nhất"
        in dossier.prefill_report(made["SNV"])
    )
    assert "dẫn đầu" not in dossier.prefill_report(made["THADS"])
