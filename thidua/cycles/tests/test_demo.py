from thidua.core.demo import run_demo_loaders
from thidua.cycles.choices import Stage
from thidua.cycles.models import KeyContent, Movement, StageTransition
from thidua.cycles.selectors import current_rubric, rubric_leaves, rubric_problems, stage_of, working_rubric
from thidua.organisations.models import BlocYear


def test_demo_loads_2019_closed_and_current_year_ready(world):
    """2019 went through its conference and proposals and is closed, with a frozen 100-point
    rubric, 9 contents and 6 slogans; the current year is open for self-assessment against its
    frozen rubric."""
    y2019 = BlocYear.objects.get(bloc__code="KNC", year=2019)
    assert stage_of(y2019) == Stage.CLOSED
    reached = StageTransition.objects.filter(bloc_year=y2019).values_list("to_stage", flat=True)
    assert Stage.CONFERENCE in reached and Stage.PROPOSALS in reached
    assert KeyContent.objects.filter(bloc_year=y2019).count() == 9
    assert Movement.objects.filter(bloc_year=y2019).count() == 6
    rubric = current_rubric(y2019)
    assert rubric is not None and rubric.is_frozen and rubric.total == 100
    assert sum(i.max_points for i in rubric_leaves(rubric)) == 100
    current = BlocYear.objects.get(bloc__code="KNC", year=world.ctx["current_year"])
    assert stage_of(current) == Stage.SELF_ASSESSMENT
    assert current_rubric(current) == working_rubric(current)
    assert rubric_problems(current_rubric(current)) == []


def test_demo_is_idempotent(world):
    """Running the loaders again adds nothing."""
    counts = (KeyContent.objects.count(), Movement.objects.count(), StageTransition.objects.count())
    run_demo_loaders()
    assert (KeyContent.objects.count(), Movement.objects.count(), StageTransition.objects.count()) == counts
