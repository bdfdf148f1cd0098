"""'Start the next year' is offered from the year-end conference on, never on a year still being
drafted or scored (issue 19, item 8)."""

import pytest

from thidua.awards.models import Award
from thidua.cycles.choices import Stage
from thidua.cycles.hooks import next_year_problems
from thidua.cycles.models import YearCycle
from thidua.organisations.models import BlocYear

pytestmark = pytest.mark.django_db


def test_a_year_before_its_conference_has_no_next_year_to_start(world):
    year = BlocYear.objects.get(bloc__code="KNC", year=world.ctx["current_year"])
    cycle, _ = YearCycle.objects.get_or_create(bloc_year=year)
    for stage in (Stage.DRAFT, Stage.LAUNCHED, Stage.SELF_ASSESSMENT, Stage.REVIEW):
        YearCycle.objects.filter(pk=cycle.pk).update(stage=stage)
        problems = next_year_problems(bloc_year=year)
        assert problems and "hội nghị tổng kết" in problems[0]
    for stage in (Stage.CONFERENCE, Stage.PROPOSALS, Stage.CLOSED):
        YearCycle.objects.filter(pk=cycle.pk).update(stage=stage)
        assert next_year_problems(bloc_year=year) == []


def test_the_button_is_not_offered_on_a_draft_year(world, client_for):
    year = BlocYear.objects.get(bloc__code="KNC", year=world.ctx["current_year"])
    BlocYear.objects.filter(bloc=year.bloc, year__gt=year.year).delete()
    cycle, _ = YearCycle.objects.get_or_create(bloc_year=year)
    YearCycle.objects.filter(pk=cycle.pk).update(stage=Stage.DRAFT)
    page = client_for("provincial").get(year.get_absolute_url()).content.decode()
    assert 'id="start-next"' not in page
    YearCycle.objects.filter(pk=cycle.pk).update(stage=Stage.CONFERENCE)
    page = client_for("provincial").get(year.get_absolute_url()).content.decode()
    assert 'id="start-next"' in page


@pytest.mark.parametrize(
    "code,label",
    [
        ("co_cp", ""),
        ("co_tinh", ""),
        ("bk_tinh_tt", "In bằng khen"),
        ("giay_khen_cn", "In giấy khen"),
        ("cstdcs", "In giấy chứng nhận"),
    ],
)
def test_what_is_printed_for_each_award(world, code, label):
    assert Award.objects.get(code=code).print_label == label
