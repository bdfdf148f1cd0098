"""Factories for units, blocs, bloc years and people (factory-boy).

Everything is made fresh (codes from a sequence, Vietnamese names with diacritics) so that a test
needs only ``db``, not the demo ``world``; a factory given a code that already exists returns that
row (``django_get_or_create``), so ``UnitFactory(code="TAND")`` is the demo's TAND when the world
is loaded. Factories write rows directly: no audit events, no permission checks; a test of a
service calls the service.

    unit = UnitFactory()                                      # "Đơn vị số 3", code DV003
    by = BlocYearFactory(members=3, leader=unit)              # the leader is made a member too
    BlocYearMemberFactory(bloc_year=by)                       # one more member
    PersonFactory(unit=unit, female=True)                     # "Trần Thị Hạnh"
"""

import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from thidua.organisations.choices import BlocKind, Gender, LeaderSource, NameEvent, UnitKind
from thidua.organisations.models import (
    Bloc,
    BlocYear,
    BlocYearMember,
    Person,
    RotationSlot,
    Unit,
    UnitNameRecord,
)

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"]
MIDDLE = {Gender.MALE: ["Văn", "Hữu", "Đức", "Minh", "Quốc"], Gender.FEMALE: ["Thị", "Ngọc", "Thu", "Thanh"]}
GIVEN = {
    Gender.MALE: [
        "An",
        "Bình",
        "Cường",
        "Dũng",
        "Hải",
        "Hùng",
        "Khánh",
        "Long",
        "Phúc",
        "Quang",
        "Sơn",
        "Tuấn",
    ],
    Gender.FEMALE: [
        "Anh",
        "Châu",
        "Dung",
        "Giang",
        "Hà",
        "Hạnh",
        "Hương",
        "Lan",
        "Linh",
        "Ngân",
        "Thảo",
        "Yến",
    ],
}


def vietnamese_name(n: int, gender: str = Gender.MALE) -> str:
    """A plausible, deterministic full name: surname, middle name, given name."""
    middle, given = MIDDLE[gender], GIVEN[gender]
    return f"{SURNAMES[n % len(SURNAMES)]} {middle[n % len(middle)]} {given[(n // 3) % len(given)]}"


def ensure_member(bloc_year: BlocYear, unit: Unit) -> None:
    """Make ``unit`` a member of ``bloc_year`` unless it already is, or belongs to another bloc
    of the same organiser that year (the database refuses the second; the test decides)."""
    organiser = bloc_year.bloc.organiser
    if not BlocYearMember.objects.filter(unit=unit, year=bloc_year.year, organiser=organiser).exists():
        BlocYearMemberFactory(bloc_year=bloc_year, unit=unit)


class UnitFactory(DjangoModelFactory):
    """A state agency with its first name record (as ``services.unit_create`` writes it);
    ``dissolved=True`` ends it on 30/06/2025; ``name_history=False`` skips the name record."""

    class Meta:
        model = Unit
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"DV{n:03d}")
    name = factory.Sequence(lambda n: f"Đơn vị số {n}")
    short_name = factory.Sequence(lambda n: f"ĐV{n}")
    parent_body = "Ủy ban nhân dân tỉnh"
    kind = UnitKind.STATE
    established_on = dt.date(2008, 8, 1)

    class Params:
        dissolved = factory.Trait(dissolved_on=dt.date(2025, 6, 30))

    @factory.post_generation
    def name_history(obj, create, extracted, **kwargs):
        if not create or extracted is False or obj.name_history.exists():
            return
        UnitNameRecord.objects.create(
            unit=obj,
            name=obj.name,
            short_name=obj.short_name,
            valid_from=obj.established_on or dt.date(1945, 9, 2),
            valid_to=obj.dissolved_on,
            event=NameEvent.ESTABLISHED,
            end_event=NameEvent.DISSOLVED if obj.dissolved_on else "",
        )


class BlocFactory(DjangoModelFactory):
    """A provincial emulation bloc organised by the provincial Council; ``cluster=True`` for a cụm;
    ``rotation=[units]`` writes the leader's order of rotation."""

    class Meta:
        model = Bloc
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"KTD{n:02d}")
    name = factory.Sequence(lambda n: f"Khối thi đua số {n}")
    short_name = factory.Sequence(lambda n: f"Khối {n}")
    sector = "Quản lý nhà nước"
    kind = BlocKind.BLOC

    class Params:
        cluster = factory.Trait(
            kind=BlocKind.CLUSTER,
            name=factory.Sequence(lambda n: f"Cụm thi đua số {n}"),
            short_name=factory.Sequence(lambda n: f"Cụm {n}"),
        )

    @factory.post_generation
    def rotation(obj, create, extracted, **kwargs):
        if create and extracted:
            RotationSlot.objects.bulk_create(
                [RotationSlot(bloc=obj, unit=unit, position=i) for i, unit in enumerate(extracted, start=1)]
            )


class BlocYearFactory(DjangoModelFactory):
    """One year of a bloc. ``members`` is a list of units or a number of new units; the leader
    and deputy, if given, are made members as well (the services require it). ``led=True``
    gives the year a new leader unit."""

    class Meta:
        model = BlocYear
        django_get_or_create = ("bloc", "year")
        skip_postgeneration_save = True

    bloc = factory.SubFactory(BlocFactory)
    year = 2024
    leader = None
    deputy = None
    leader_source = factory.LazyAttribute(lambda o: LeaderSource.MANUAL if o.leader else "")
    leader_confirmed_at = factory.LazyAttribute(lambda o: timezone.now() if o.leader else None)

    class Params:
        led = factory.Trait(leader=factory.SubFactory(UnitFactory))

    @factory.post_generation
    def members(obj, create, extracted, **kwargs):
        if not create:
            return
        units = UnitFactory.create_batch(extracted) if isinstance(extracted, int) else list(extracted or [])
        for unit in (obj.leader, obj.deputy, *units):
            if unit is not None:
                ensure_member(obj, unit)


class BlocYearMemberFactory(DjangoModelFactory):
    """A unit's membership of a bloc year; ``year`` and ``organiser`` are copied from it."""

    class Meta:
        model = BlocYearMember

    bloc_year = factory.SubFactory(BlocYearFactory)
    unit = factory.SubFactory(UnitFactory)
    year = factory.SelfAttribute("bloc_year.year")
    organiser = factory.SelfAttribute("bloc_year.bloc.organiser")
    head_name = factory.Sequence(lambda n: vietnamese_name(n))
    head_title = "Giám đốc"


class PersonFactory(DjangoModelFactory):
    """Staff of a unit; ``female=True`` for a woman's name and gender."""

    class Meta:
        model = Person

    full_name = factory.LazyAttributeSequence(lambda o, n: vietnamese_name(n, o.gender))
    gender = Gender.MALE
    birth_date = factory.Sequence(lambda n: dt.date(1970 + n % 30, 1 + n % 12, 1 + n % 28))
    unit = factory.SubFactory(UnitFactory)
    position = "Chuyên viên"

    class Params:
        female = factory.Trait(gender=Gender.FEMALE)
