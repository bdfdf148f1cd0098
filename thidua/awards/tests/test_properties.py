"""Property tests of the eligibility engine (hypothesis)."""

import datetime as dt

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thidua.awards import engine
from thidua.awards.facts import eligibility_for, evaluate_many
from thidua.awards.models import Award
from thidua.awards.tests.factories import (
    AwardRecordFactory,
    InitiativeFactory,
    PerformanceRatingFactory,
    SubjectFlagFactory,
)
from thidua.awards.tests.helpers import P, facts, spec_for
from thidua.organisations.models import Person, Unit

pytestmark = pytest.mark.django_db
RATINGS = ["KHT", "HT", "HTT", "HTXS"]
IND_AWARDS = ["ldtt", "cstdcs", "cstd_tinh", "cstd_tq", "bk_tinh_cn", "bk_ttg_cn", "hcld3_cn", "giay_khen_cn"]
TITLES = ["ldtt", "cstdcs", "cstd_tinh", "bk_tinh_cn", "bk_ttg_cn"]
YEARS = st.sampled_from([2019, 2023, 2024, 2025])
DB_SETTINGS = settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

history = st.fixed_dictionaries(
    {
        "ratings": st.dictionaries(st.integers(2010, 2025), st.sampled_from(RATINGS), max_size=16),
        "titles": st.lists(st.tuples(st.sampled_from(TITLES), st.integers(2010, 2025)), max_size=12),
        "initiatives": st.lists(st.tuples(st.integers(2010, 2025), st.integers(1, 3)), max_size=4),
    }
)
addition = st.one_of(
    st.tuples(st.just("rating"), st.integers(2010, 2025), st.sampled_from(RATINGS)),
    st.tuples(st.just("title"), st.sampled_from(TITLES), st.integers(2010, 2025)),
    st.tuples(st.just("initiative"), st.integers(2010, 2025), st.integers(1, 3)),
)


def build(h) -> engine.Facts:
    f = facts(unit_members=0)
    f.ratings[P].update(h["ratings"])
    for code, y in h["titles"]:
        f.titles[P][code].add(y)
    f.initiatives[P].extend(h["initiatives"])
    return f


def improve(f, add):
    """Add a qualifying fact: a better rating, a title or an initiative (never a worse rating)."""
    if add[0] == "rating":
        _, y, r = add
        old = f.ratings[P].get(y)
        if old is None or RATINGS.index(r) > RATINGS.index(old):
            f.ratings[P][y] = r
    elif add[0] == "title":
        f.titles[P][add[1]].add(add[2])
    else:
        f.initiatives[P].append((add[1], add[2]))


@pytest.fixture
def specs(db):
    return {y: spec_for(y) for y in (2019, 2023, 2024, 2025)}


@DB_SETTINGS
@given(
    h=history, adds=st.lists(addition, min_size=1, max_size=4), year=YEARS, award=st.sampled_from(IND_AWARDS)
)
def test_adding_a_qualifying_fact_never_makes_an_eligible_subject_ineligible(specs, h, adds, year, award):
    f = build(h)
    before = engine.evaluate(f, specs[year], P, award, year)
    for add in adds:
        improve(f, add)
    after = engine.evaluate(f, specs[year], P, award, year)
    if before.eligible:
        assert after.eligible, (before, after)


def _random_history(data, people, units):
    """Ratings replace the year's rating, a record of the same decision is the same row (the
    factories' natural keys); flags are disciplines."""
    awards = {a.code: a for a in Award.objects.all()}
    for person in people:
        for y, r in data.draw(
            st.dictionaries(st.integers(2014, 2025), st.sampled_from(RATINGS), max_size=12)
        ).items():
            PerformanceRatingFactory(person=person, year=y, rating=r)
        for n, (code, y) in enumerate(
            data.draw(st.lists(st.tuples(st.sampled_from(TITLES), st.integers(2012, 2025)), max_size=8))
        ):
            AwardRecordFactory(
                person=person,
                award=awards[code],
                decision_number=f"H{n}-{y}",
                year=y,
                decision_date=dt.date(y, 12, 30),
            )
        for y, scope in data.draw(
            st.lists(
                st.tuples(st.integers(2014, 2025), st.sampled_from(["grassroots", "provincial", "national"])),
                max_size=3,
            )
        ):
            InitiativeFactory(person=person, year=y, scope=scope)
        if data.draw(st.booleans()):
            start = dt.date(data.draw(st.integers(2015, 2025)), 3, 1)
            end = data.draw(st.one_of(st.none(), st.just(start + dt.timedelta(days=365))))
            SubjectFlagFactory(
                person=person, level=data.draw(st.integers(1, 3)), started_on=start, ended_on=end
            )
    for unit in units:
        for y, r in data.draw(
            st.dictionaries(st.integers(2014, 2025), st.sampled_from(RATINGS), max_size=12)
        ).items():
            PerformanceRatingFactory(unit=unit, year=y, rating=r)
        for n, (code, y) in enumerate(
            data.draw(
                st.lists(
                    st.tuples(
                        st.sampled_from(["ttldxs", "co_tinh", "bk_tinh_tt", "bk_ttg_tt"]),
                        st.integers(2012, 2025),
                    ),
                    max_size=5,
                )
            )
        ):
            AwardRecordFactory(
                unit=unit,
                award=awards[code],
                decision_number=f"U{n}-{y}",
                year=y,
                decision_date=dt.date(y, 12, 30),
            )


@DB_SETTINGS
@given(data=st.data(), year=YEARS)
def test_set_wise_and_per_subject_evaluation_agree(world, data, year):
    units = list(Unit.objects.filter(code__in=["TAND", "VKSND", "SNV"]))
    people = list(Person.objects.filter(unit__in=units))
    with transaction.atomic():
        _random_history(data, people, units)
        many = evaluate_many(person_ids=[p.pk for p in people], unit_ids=[u.pk for u in units], year=year)
        one = [v for s in people + units for v in eligibility_for(subject=s, year=year)]
        assert sorted(v.signature() for v in many) == sorted(v.signature() for v in one)
        # The whole-province path (tables read whole, filtered in memory) agrees too.
        keys = {("p", p.pk) for p in people} | {("u", u.pk) for u in units}
        province = [v for v in evaluate_many(person_ids=None, unit_ids=None, year=year) if v.subject in keys]
        assert sorted(v.signature() for v in province) == sorted(v.signature() for v in one)
        transaction.set_rollback(True)


@DB_SETTINGS
@given(data=st.data(), year=YEARS)
def test_thematic_or_extraordinary_awards_never_change_a_merit_based_verdict(world, data, year):
    units = list(Unit.objects.filter(code__in=["TAND"]))
    people = list(Person.objects.filter(unit__in=units))
    awards = list(Award.objects.all())
    with transaction.atomic():
        _random_history(data, people, units)
        before = [v.signature() for s in people + units for v in eligibility_for(subject=s, year=year)]
        extra = data.draw(
            st.lists(
                st.tuples(
                    st.sampled_from(awards),
                    st.integers(2010, 2025),
                    st.sampled_from(["thematic", "extraordinary"]),
                ),
                min_size=1,
                max_size=6,
            )
        )
        for n, (award, y, nature) in enumerate(extra):
            subject = (
                {"unit": units[0]} if award.subject == "collective" else {"person": people[n % len(people)]}
            )
            AwardRecordFactory(
                award=award,
                year=y,
                decision_number=f"CD-{n}",
                decision_date=dt.date(y, 12, 30),
                nature=nature,
                **subject,
            )
        after = [v.signature() for s in people + units for v in eligibility_for(subject=s, year=year)]
        assert before == after
        transaction.set_rollback(True)
