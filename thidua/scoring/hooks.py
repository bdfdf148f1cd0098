"""Scoring's part in the bloc-year workflow (called through thidua.core.hooks)."""

from thidua.core.audit import audit
from thidua.cycles.models import Rubric
from thidua.scoring.choices import PUBLISHED_STAGES
from thidua.scoring.models import Publication
from thidua.scoring.selectors import leaves
from thidua.scoring.services import assessments_follow_rubric


def launch_problems(*, bloc_year) -> list[str]:
    """Leaves a unit could never score: a criterion or sub-criterion with a maximum of 0."""

    rubric = Rubric.objects.filter(bloc_year=bloc_year).order_by("-version").first()
    if rubric is None:
        return []
    zero = [i.code for i in leaves(rubric) if not i.is_adjustment and i.max_points <= 0]
    if zero:
        return [f"Tiêu chí {', '.join(zero)} có điểm tối đa bằng 0: đơn vị không chấm điểm được."]
    return []


def on_transition(*, bloc_year, transition, actor) -> None:
    """Moving past the review step publishes the scores inside the bloc (Law's publicity)."""
    to_stage = getattr(transition, "to_stage", None)
    if str(to_stage) in PUBLISHED_STAGES:
        publication, created = Publication.objects.get_or_create(
            bloc_year=bloc_year, defaults={"published_by": actor if getattr(actor, "pk", None) else None}
        )
        if created:
            audit(actor=actor, action="scoring.publish", obj=publication, after={"stage": str(to_stage)})


def rubric_published(*, bloc_year, rubric, actor) -> None:
    """An amendment is in force: the sheets still being written move to it."""

    assessments_follow_rubric(actor=actor, bloc_year=bloc_year, rubric=rubric)
