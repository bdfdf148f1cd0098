"""Factories for the year-end conference and its ballots (factory-boy).

    conference = ConferenceFactory(bloc_year=by)          # held 15/12 of the year at the leader's
    BallotFactory(conference=conference, open=True, candidates=[a, b], seats=2)
    BallotFactory(next_leader=True, candidates=units)     # the election of next year's leader

Rows are written directly; voting (passes, participations, cast ballots) goes through the
services, which keep the secrecy the schema promises."""

import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from thidua.conference.choices import BallotKind, BallotStatus
from thidua.conference.models import Ballot, Candidate, Conference
from thidua.organisations.tests.factories import BlocYearFactory, vietnamese_name


class ConferenceFactory(DjangoModelFactory):
    class Meta:
        model = Conference
        django_get_or_create = ("bloc_year",)

    bloc_year = factory.SubFactory(BlocYearFactory, led=True, members=2)
    held_on = factory.LazyAttribute(lambda o: dt.date(o.bloc_year.year, 12, 15))
    starts_at = dt.time(8, 0)
    venue_unit = factory.LazyAttribute(lambda o: o.bloc_year.effective_leader)
    venue = "Hội trường tầng 3, trụ sở đơn vị trưởng khối"
    chair_name = factory.Sequence(lambda n: vietnamese_name(n + 1))
    secretary_name = factory.Sequence(lambda n: vietnamese_name(n + 2, "nu"))
    agenda = factory.LazyFunction(
        lambda: [
            "Báo cáo tổng kết công tác thi đua",
            "Bình xét, suy tôn",
            "Bầu trưởng khối, phó khối năm sau",
        ]
    )
    results = "Các đơn vị hoàn thành tốt các nội dung giao ước thi đua."


class BallotFactory(DjangoModelFactory):
    """A draft ballot proposing one provincial flag; traits ``open``, ``closed``, ``next_leader``
    and ``question``. ``candidates`` is a list of units, printed in that order."""

    class Meta:
        model = Ballot
        skip_postgeneration_save = True

    conference = factory.SubFactory(ConferenceFactory)
    kind = BallotKind.PROVINCIAL_FLAG
    title = factory.LazyAttribute(lambda o: str(BallotKind(o.kind).label))
    seats = 1
    status = BallotStatus.DRAFT
    position = factory.Sequence(lambda n: n)

    class Params:
        open = factory.Trait(status=BallotStatus.OPEN, opened_at=factory.LazyFunction(timezone.now))
        closed = factory.Trait(
            status=BallotStatus.CLOSED,
            opened_at=factory.LazyFunction(timezone.now),
            closed_at=factory.LazyFunction(timezone.now),
        )
        next_leader = factory.Trait(kind=BallotKind.NEXT_LEADER)
        question = factory.Trait(kind=BallotKind.QUESTION, title="Thông qua phương hướng thi đua năm sau")

    @factory.post_generation
    def candidates(obj, create, extracted, **kwargs):
        if create and extracted:
            Candidate.objects.bulk_create(
                [Candidate(ballot=obj, unit=unit, position=i) for i, unit in enumerate(extracted)]
            )
