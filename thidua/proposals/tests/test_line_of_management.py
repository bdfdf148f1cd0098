"""Who decides an award by the unit's line of management (issue 13 item 5; Law 06/2022 Art
79–80): the decision must come from the authority of the subject's own line, and the proposal
page says who that is."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from thidua.organisations.tests.factories import UnitFactory
from thidua.proposals import services
from thidua.proposals.tests.factories import ProposalFactory

pytestmark = pytest.mark.django_db


def errors_of(exc) -> str:
    return " ".join(m for ms in exc.value.message_dict.values() for m in ms)


def _decide(actor, p, authority):
    return services.decision_record(
        actor=actor,
        number=f"{authority}-12/QĐ",
        date=dt.date(2025, 1, 20),
        signer_name="Nguyễn Văn A",
        signer_title="Thủ trưởng",
        authority=authority,
        authority_name="Cơ quan quyết định",
        proposals=[p],
    )


def test_law2022_art79_80_a_vertical_unit_s_excellent_collective_is_decided_in_its_branch(world, client_for):
    court = UnitFactory(name="Tòa án nhân dân huyện Thử", parent_body="Tòa án nhân dân tối cao")
    p = ProposalFactory(unit=court, award__code="ttldxs", approved=True)
    assert p.decider.line == "ngành dọc" and p.decider.label == "Thủ trưởng Tòa án nhân dân tối cao"
    with pytest.raises(ValidationError) as exc:
        _decide(world.provincial, p, "provincial_chairman")
    assert "do Thủ trưởng Tòa án nhân dân tối cao quyết định (đơn vị ngành dọc" in errors_of(exc)
    assert "Điều 79–80" in errors_of(exc)
    assert _decide(world.provincial, p, "minister").items.count() == 1


def test_law2022_art79_80_a_local_unit_s_excellent_collective_is_the_provincial_chairman_s(world, client_for):
    office = UnitFactory(name="Sở Thử nghiệm", parent_body="Ủy ban nhân dân tỉnh")
    p = ProposalFactory(unit=office, award__code="ttldxs", approved=True)
    assert p.decider.line == "địa phương"
    with pytest.raises(ValidationError):
        _decide(world.provincial, p, "minister")
    assert _decide(world.provincial, p, "provincial_chairman").items.count() == 1


def test_the_provincial_certificate_is_the_chairman_s_on_either_line_and_the_page_says_who(world, client_for):
    court = UnitFactory(name="Tòa án nhân dân huyện Thử", parent_body="Tòa án nhân dân tối cao")
    p = ProposalFactory(unit=court, award__code="bk_tinh_tt", approved=True)
    assert p.decider.authority == "provincial_chairman" and p.decider.line == "địa phương"
    page = client_for("provincial").get(p.get_absolute_url()).content.decode()
    assert 'id="decider"' in page and "Chủ tịch UBND tỉnh" in page


def test_a_2019_proposal_never_cites_the_2022_law_for_who_decides(world, client_for):
    from thidua.organisations.tests.factories import BlocYearFactory

    p = ProposalFactory(award__code="bk_tinh_tt", bloc_year=BlocYearFactory(year=2019), approved=True)
    assert "2003" in p.decider.article and "2022" not in p.decider.article
