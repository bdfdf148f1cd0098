"""The awards report is counted by the database: a handful of queries whatever the size of the
history, and the same figures as counting record by record."""

import datetime as dt
from collections import Counter

import pytest

from thidua.awards.models import Award, AwardRecord
from thidua.organisations.models import Person
from thidua.proposals import selectors

pytestmark = pytest.mark.django_db


def test_the_awards_report_is_a_few_grouped_queries(world, django_assert_max_num_queries):
    ltt = Award.objects.get(code="ldtt")
    people = list(Person.objects.filter(unit__code__in=["TAND", "VKSND"])[:10])
    AwardRecord.objects.bulk_create(
        AwardRecord(
            award=ltt,
            person=p,
            year=year,
            decision_number=f"{year}-{p.pk}/QĐ",
            decision_date=dt.date(year, 12, 20),
            search_text="x",
        )
        for p in people
        for year in range(2000, 2015)
    )
    with django_assert_max_num_queries(4):
        data = selectors.awards_report()
    records = list(AwardRecord.objects.select_related("award"))
    assert data["total"] == len(records)
    assert dict(data["by_form"]) == dict(Counter(r.award.name for r in records))
    assert dict(data["by_year"]) == dict(Counter(r.year for r in records))
    knc = selectors.awards_report(bloc="KNC", year_from=2019, year_to=2019)
    assert set(dict(knc["by_bloc"])) == {"Khối thi đua các cơ quan Nội chính tỉnh"}
