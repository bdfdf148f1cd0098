"""Factories for the year's cycle, its rubric with items, key contents and movements (factory-boy).

    rubric = RubricFactory(frozen=True)              # a bloc year's v1 with the default tree
    RubricFactory(items=5, total=50)                 # one group of five criteria of 10 points
    RubricItemFactory(rubric=rubric, bonus=True)     # a bonus item capped at 5
    KeyContentFactory(bloc_year=rubric.bloc_year)    # "Nội dung trọng tâm số 1"
    MovementFactory(bloc_year=by, unit=unit)         # the unit is made a member if it is not
    YearCycleFactory(bloc_year=by, stage=Stage.SELF_ASSESSMENT)

Rows are written directly: no audit, no freezing rules, no stage checks."""

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from thidua.cycles.choices import MovementKind, RubricItemKind, Stage
from thidua.cycles.models import KeyContent, Movement, Rubric, RubricItem, YearCycle
from thidua.organisations.tests.factories import BlocYearFactory, UnitFactory, ensure_member

# The default tree, as shares of the rubric's total: (code, parent, kind, title, share).
DEFAULT_TREE = [
    ("I", "", RubricItemKind.GROUP, "Thực hiện nhiệm vụ chính trị, chuyên môn", Decimal("0.6")),
    ("1.1", "I", RubricItemKind.CRITERION, "Hoàn thành chỉ tiêu, nhiệm vụ được giao", Decimal("0.4")),
    ("1.2", "I", RubricItemKind.CRITERION, "Cải cách hành chính, chuyển đổi số", Decimal("0.2")),
    ("II", "", RubricItemKind.GROUP, "Công tác thi đua, khen thưởng", Decimal("0.4")),
    ("2.1", "II", RubricItemKind.CRITERION, "Tổ chức phong trào thi đua", Decimal("0.4")),
]


class YearCycleFactory(DjangoModelFactory):
    class Meta:
        model = YearCycle
        django_get_or_create = ("bloc_year",)

    bloc_year = factory.SubFactory(BlocYearFactory)
    stage = Stage.DRAFT


class KeyContentFactory(DjangoModelFactory):
    class Meta:
        model = KeyContent

    bloc_year = factory.SubFactory(BlocYearFactory)
    position = factory.LazyAttribute(lambda o: o.bloc_year.key_contents.count() + 1 if o.bloc_year.pk else 1)
    title = factory.LazyAttribute(lambda o: f"Nội dung trọng tâm số {o.position}")
    description = "Các đơn vị thành viên cam kết thực hiện trong năm."


class RubricFactory(DjangoModelFactory):
    """A rubric version with its items: by default the five-item ``DEFAULT_TREE`` (two groups,
    three criteria); ``items=N`` for one group of N equal criteria, ``items=0`` for none.
    ``frozen=True`` freezes it (the version scored against)."""

    class Meta:
        model = Rubric
        django_get_or_create = ("bloc_year", "version")
        skip_postgeneration_save = True

    bloc_year = factory.SubFactory(BlocYearFactory)
    version = 1
    total = Decimal(100)

    class Params:
        frozen = factory.Trait(frozen_at=factory.LazyFunction(timezone.now))

    @factory.post_generation
    def items(obj, create, extracted, **kwargs):
        if not create or extracted == 0 or obj.items.exists():
            return
        total = Decimal(obj.total)
        if extracted is None:
            made = {}
            for position, (code, parent, kind, title, share) in enumerate(DEFAULT_TREE, start=1):
                made[code] = RubricItem.objects.create(
                    rubric=obj,
                    parent=made.get(parent),
                    kind=kind,
                    code=code,
                    title=title,
                    max_points=total * share,
                    position=position,
                )
            return
        group = RubricItemFactory(rubric=obj, group=True, code="I", title="Nhóm tiêu chí I", max_points=total)
        for i in range(1, extracted + 1):
            RubricItemFactory(
                rubric=obj, parent=group, code=f"1.{i}", title=f"Tiêu chí 1.{i}", max_points=total / extracted
            )


class RubricItemFactory(DjangoModelFactory):
    """A criterion (10 points) of a new rubric; traits ``group``, ``sub`` (under a new criterion),
    ``bonus`` and ``deduction`` (capped at 5)."""

    class Meta:
        model = RubricItem

    rubric = factory.SubFactory(RubricFactory, items=0)
    parent = None
    kind = RubricItemKind.CRITERION
    code = factory.Sequence(lambda n: f"TC{n}")
    title = factory.Sequence(lambda n: f"Tiêu chí số {n}")
    guidance = "Chấm theo báo cáo và minh chứng của đơn vị."
    max_points = Decimal(10)
    position = factory.Sequence(lambda n: n)

    class Params:
        group = factory.Trait(
            kind=RubricItemKind.GROUP, title=factory.Sequence(lambda n: f"Nhóm tiêu chí {n}")
        )
        sub = factory.Trait(
            kind=RubricItemKind.SUB,
            parent=factory.SubFactory(
                "thidua.cycles.tests.factories.RubricItemFactory", rubric=factory.SelfAttribute("..rubric")
            ),
            title=factory.Sequence(lambda n: f"Tiêu chí thành phần {n}"),
        )
        bonus = factory.Trait(
            kind=RubricItemKind.BONUS,
            title="Được tặng Cờ thi đua, Bằng khen trong năm",
            max_points=Decimal(5),
        )
        deduction = factory.Trait(
            kind=RubricItemKind.DEDUCTION, title="Có cán bộ vi phạm kỷ luật", max_points=Decimal(5)
        )


class MovementFactory(DjangoModelFactory):
    """A member unit's movement for the year (the unit is made a member if it is not one)."""

    class Meta:
        model = Movement
        skip_postgeneration_save = True

    bloc_year = factory.SubFactory(BlocYearFactory)
    unit = factory.SubFactory(UnitFactory)
    title = factory.Sequence(lambda n: f"Phong trào thi đua “Đoàn kết, sáng tạo” số {n}")
    kind = MovementKind.REGULAR
    starts_on = factory.LazyAttribute(lambda o: dt.date(o.bloc_year.year, 1, 1))
    ends_on = factory.LazyAttribute(lambda o: dt.date(o.bloc_year.year, 12, 31))
    targets = "100% cán bộ hoàn thành nhiệm vụ được giao."

    class Params:
        thematic = factory.Trait(kind=MovementKind.THEMATIC, title="Thi đua chuyển đổi số")

    @factory.post_generation
    def membership(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            ensure_member(obj.bloc_year, obj.unit)

    @factory.post_generation
    def programmes(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.programmes.set(extracted)
