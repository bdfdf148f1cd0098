"""Factories for score sheets, scores and review assignments (factory-boy).

    sheet = AssessmentFactory()                          # a member's draft sheet on a frozen rubric
    AssessmentFactory(bloc_year=by, scores=Decimal("0.9"))   # 90% of the maximum on every leaf
    AssessmentFactory(finalised=True, scores=1)          # final points and total written as well
    ScoreFactory(assessment=sheet, item=leaf, points=7)
    ReviewAssignmentFactory(assessment=sheet, completed=True)

Rows are written directly: no stage checks, no version bumps, no audit."""

from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from thidua.cycles.choices import RubricItemKind
from thidua.cycles.tests.factories import RubricFactory, RubricItemFactory
from thidua.organisations.tests.factories import BlocYearFactory, UnitFactory, ensure_member
from thidua.scoring.choices import AssessmentStatus
from thidua.scoring.models import Assessment, ReviewAssignment, Score
from thidua.scoring.selectors import leaves

CENT = Decimal("0.01")


class AssessmentFactory(DjangoModelFactory):
    """One unit's sheet for a bloc year (the unit is made a member), on the year's frozen v1
    rubric (made with the default tree if missing). ``scores=<share>`` scores every leaf at that
    share of its maximum; traits ``submitted`` and ``finalised`` (final points and total)."""

    class Meta:
        model = Assessment
        django_get_or_create = ("bloc_year", "unit")
        skip_postgeneration_save = True

    bloc_year = factory.SubFactory(BlocYearFactory)
    unit = factory.SubFactory(UnitFactory)
    rubric = factory.SubFactory(RubricFactory, bloc_year=factory.SelfAttribute("..bloc_year"), frozen=True)
    status = AssessmentStatus.DRAFT

    class Params:
        submitted = factory.Trait(
            status=AssessmentStatus.SUBMITTED, submitted_at=factory.LazyFunction(timezone.now)
        )
        finalised = factory.Trait(
            status=AssessmentStatus.FINALISED,
            submitted_at=factory.LazyFunction(timezone.now),
            finalised_at=factory.LazyFunction(timezone.now),
        )

    @factory.post_generation
    def membership(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            ensure_member(obj.bloc_year, obj.unit)

    @factory.post_generation
    def scores(obj, create, extracted, **kwargs):
        if not create or extracted is None:
            return
        share = Decimal(str(extracted))
        finalised = obj.status == AssessmentStatus.FINALISED
        made = [
            ScoreFactory(
                assessment=obj,
                item=item,
                points=(item.max_points * share).quantize(CENT),
                final_points=(item.max_points * share).quantize(CENT) if finalised else None,
            )
            for item in leaves(obj.rubric)
        ]
        if finalised:
            sign = {RubricItemKind.DEDUCTION: -1}
            obj.final_total = sum((s.final_points * sign.get(s.item.kind, 1) for s in made), Decimal(0))
            obj.save(update_fields=["final_total"])


class ScoreFactory(DjangoModelFactory):
    """A self-score at the item's maximum, on a new criterion of the sheet's rubric by default."""

    class Meta:
        model = Score
        django_get_or_create = ("assessment", "item")

    assessment = factory.SubFactory(AssessmentFactory)
    item = factory.SubFactory(RubricItemFactory, rubric=factory.SelfAttribute("..assessment.rubric"))
    points = factory.LazyAttribute(lambda o: o.item.max_points)
    explanation = "Đơn vị hoàn thành đầy đủ, có báo cáo kèm theo."


class ReviewAssignmentFactory(DjangoModelFactory):
    """A reviewing unit (a new member of the sheet's bloc year) on a submitted sheet."""

    class Meta:
        model = ReviewAssignment
        django_get_or_create = ("assessment", "reviewer")
        skip_postgeneration_save = True

    assessment = factory.SubFactory(AssessmentFactory, submitted=True)
    reviewer = factory.SubFactory(UnitFactory)

    class Params:
        completed = factory.Trait(completed_at=factory.LazyFunction(timezone.now))

    @factory.post_generation
    def membership(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            ensure_member(obj.assessment.bloc_year, obj.reviewer)
