"""When the units voted by the conference outnumber a quota's places (issue 13 item 9): the
higher vote share goes first, then the bloc's ranking score; among equals women first where the
pack says so (Decree 152/2025 Art 4.6); a tie nobody can separate is refused, never dropped."""

import pytest
from django.core.exceptions import ValidationError

from thidua.awards.facts import pack_for_year
from thidua.awards.models import RulePack
from thidua.conference.models import Outcome
from thidua.organisations.models import BlocYear, Person, Unit
from thidua.organisations.tests.factories import PersonFactory
from thidua.proposals import selectors, services
from thidua.proposals.models import Proposal

pytestmark = pytest.mark.django_db


def errors_of(exc) -> str:
    return " ".join(m for ms in exc.value.message_dict.values() for m in ms)


@pytest.fixture
def by(undecided_2019):
    """Khối Nội chính 2019 with ONE provincial flag: TAND (8/8) and THADS (7/8) were voted."""
    by = BlocYear.objects.select_related("bloc").get(bloc__code="KNC", year=2019)
    by.settings = {**(by.settings or {}), "provincial_flags": 1}
    by.save(update_fields=["settings"])
    return by


def test_the_higher_vote_share_takes_the_only_place_and_the_reason_is_written(undecided_2019, by):
    made = services.proposals_from_outcomes(actor=undecided_2019.secretary, bloc_year=by)
    flags = [p for p in made if p.award.code == "co_tinh"]
    assert [p.unit.code for p in flags] == ["TAND"]
    reason = selectors.timeline(flags[0])[0].reason
    assert "chọn trong chỉ tiêu" in reason
    assert not Proposal.objects.filter(unit__code="THADS", award__code="co_tinh").exists()


def test_an_equal_vote_without_a_women_rule_is_a_tie_for_the_bloc_to_decide(undecided_2019, by):
    Outcome.objects.filter(bloc_year=by, unit__code="THADS", kind="provincial_flag").update(votes=8)
    with pytest.raises(ValidationError) as exc:
        services.proposals_from_outcomes(actor=undecided_2019.secretary, bloc_year=by)
    text = errors_of(exc)
    assert "ngang nhau cho 1 suất" in text and "Tòa án nhân dân tỉnh" in text and "Cục Thi hành án" in text
    assert not Proposal.objects.filter(bloc_year=by).exists()


def test_decree152_art4_6_among_equals_the_collective_with_70_percent_women_goes_first(undecided_2019, by):
    """The pack of the year says the rule (an administrator's parameter): THADS, with 70% women
    among its active staff, passes TAND when their votes and scores are equal."""
    pack = pack_for_year(2019)
    RulePack.objects.filter(pk=pack.pk).update(
        params={**pack.params, "women_priority_article": "Nghị định 152/2025/NĐ-CP, Điều 4.6"}
    )
    Outcome.objects.filter(bloc_year=by, unit__code="THADS", kind="provincial_flag").update(votes=8)
    thads, tand = Unit.objects.get(code="THADS"), Unit.objects.get(code="TAND")
    Person.objects.filter(unit__in=[thads, tand]).update(is_active=False)
    for i in range(10):
        PersonFactory(unit=thads, gender="nu" if i < 7 else "nam", is_active=True)
        PersonFactory(unit=tand, gender="nu" if i < 3 else "nam", is_active=True)
    from thidua.scoring.selectors import ranking_for_year

    scores = {r.unit.code: r.final_score for r in ranking_for_year(bloc_year=by)}
    if scores.get("TAND") != scores.get("THADS"):
        pytest.skip("the demo's scores separate the two units before the women rule applies")
    made = services.proposals_from_outcomes(actor=undecided_2019.secretary, bloc_year=by)
    flags = [p for p in made if p.award.code == "co_tinh"]
    assert [p.unit.code for p in flags] == ["THADS"]
    assert (
        "Ưu tiên nữ khi ngang thành tích (Nghị định 152/2025/NĐ-CP, Điều 4.6)"
        in selectors.timeline(flags[0])[0].reason
    )
