"""Factories for award history: records, yearly ratings, initiatives and flags (factory-boy).

Awards come from the catalogue installed by migration: ``AwardFactory(code="co_tinh")`` returns
that row (``django_get_or_create`` on the code), and a record's award is named by its code:
``AwardRecordFactory(award__code="cstdcs", person=mai)``.

A history row belongs to a collective or an individual. By default it is a new unit; give
``person=`` (or ``individual=True``) for a person, ``unit=`` for a given unit:

    AwardRecordFactory(unit=tand, award__code="co_tinh", year=2023)
    AwardRecordFactory(individual=True, extraordinary=True)
    PerformanceRatingFactory(unit=tand, year=2024, rating="HTT")   # replaces that year's rating
    InitiativeFactory(person=mai, provincial=True)
    SubjectFlagFactory(person=mai, investigation=True)             # open since 01/03/2024
    SubjectFlagFactory(unit=tand, person=None, inspection=True)    # initiatives and flags default to a person
"""

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from thidua.awards.choices import (
    Authority,
    AwardKind,
    DisciplineLevel,
    FlagKind,
    InitiativeScope,
    Nature,
    Rating,
    SubjectKind,
)
from thidua.awards.models import Award, AwardRecord, Initiative, PerformanceRating, SubjectFlag
from thidua.organisations.tests.factories import PersonFactory, UnitFactory

# The catalogue's provincial certificates, the default award of a record.
CERTIFICATE = {SubjectKind.COLLECTIVE: "bk_tinh_tt", SubjectKind.INDIVIDUAL: "bk_tinh_cn"}


class AwardFactory(DjangoModelFactory):
    """An award of the catalogue by code; an unknown code makes a new title for individuals."""

    class Meta:
        model = Award
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"danh-hieu-thu-{n}")
    name = factory.Sequence(lambda n: f"Danh hiệu thử nghiệm số {n}")
    kind = AwardKind.TITLE
    subject = SubjectKind.INDIVIDUAL
    authority = Authority.HEAD_OF_UNIT
    rank = 10


def _subject_kind(o) -> str:
    """Inside a SubFactory of a history factory: the parent's kind of subject."""
    return SubjectKind.INDIVIDUAL if o.factory_parent.person else SubjectKind.COLLECTIVE


class SubjectFactory(DjangoModelFactory):
    """A new unit unless ``person`` is given; ``individual=True`` for a new person."""

    class Meta:
        abstract = True

    person = None
    unit = factory.Maybe("person", yes_declaration=None, no_declaration=factory.SubFactory(UnitFactory))

    class Params:
        individual = factory.Trait(person=factory.SubFactory(PersonFactory))


class AwardRecordFactory(SubjectFactory):
    """A merit-based provincial certificate for 2024 (decided 15/01/2025); traits ``thematic``
    and ``extraordinary``. ``django_get_or_create`` on the constraint's natural key (decision,
    award, subject): the same decision twice is the same row."""

    class Meta:
        model = AwardRecord
        django_get_or_create = ("decision_number", "award", "unit", "person")

    award = factory.SubFactory(
        AwardFactory, code=factory.LazyAttribute(lambda o: CERTIFICATE[_subject_kind(o)])
    )
    year = 2024
    decision_number = factory.Sequence(lambda n: f"{n + 100}/QĐ-UBND")
    decision_date = factory.LazyAttribute(lambda o: dt.date(o.year + 1, 1, 15))
    decided_by = "Chủ tịch Ủy ban nhân dân tỉnh"
    nature = Nature.MERIT

    class Params:
        thematic = factory.Trait(nature=Nature.THEMATIC, note="Khen thưởng theo chuyên đề")
        extraordinary = factory.Trait(nature=Nature.EXTRAORDINARY, note="Khen thưởng đột xuất")


class PerformanceRatingFactory(SubjectFactory):
    """The subject's rating for a year (HTXS in 2024 by default). A subject has one rating a
    year, so the factory sets it: an existing rating of that year is replaced."""

    class Meta:
        model = PerformanceRating

    year = 2024
    rating = Rating.HTXS

    @classmethod
    def _create(cls, model_class, *args, rating, **kwargs):
        row, _ = model_class.objects.update_or_create(defaults={"rating": rating}, **kwargs)
        return row


class InitiativeFactory(SubjectFactory):
    """A grassroots initiative of a new person recognised in 2024; traits ``provincial``, ``national``."""

    class Meta:
        model = Initiative

    person = factory.SubFactory(PersonFactory)
    year = 2024
    title = factory.Sequence(lambda n: f"Sáng kiến số {n}: số hóa hồ sơ lưu trữ của đơn vị")
    scope = InitiativeScope.GRASSROOTS
    decision_number = factory.Sequence(lambda n: f"{n + 10}/QĐ-SK")

    class Params:
        provincial = factory.Trait(scope=InitiativeScope.PROVINCIAL)
        national = factory.Trait(scope=InitiativeScope.NATIONAL)


class SubjectFlagFactory(SubjectFactory):
    """A reprimand of a new person from 01/03/2024, still open; traits ``investigation``,
    ``inspection``, ``complaint`` (no discipline level) and ``closed`` (ended 31/08/2024)."""

    class Meta:
        model = SubjectFlag

    person = factory.SubFactory(PersonFactory)
    kind = FlagKind.DISCIPLINE
    level = DisciplineLevel.REPRIMAND
    started_on = dt.date(2024, 3, 1)
    ended_on = None
    note = "Theo quyết định của cơ quan có thẩm quyền"

    class Params:
        investigation = factory.Trait(kind=FlagKind.INVESTIGATION, level=DisciplineLevel.NONE)
        inspection = factory.Trait(kind=FlagKind.INSPECTION, level=DisciplineLevel.NONE)
        complaint = factory.Trait(kind=FlagKind.COMPLAINT, level=DisciplineLevel.NONE)
        closed = factory.Trait(ended_on=dt.date(2024, 8, 31))
