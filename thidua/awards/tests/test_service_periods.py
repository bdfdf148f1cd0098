"""Service periods (thời gian công tác) entered through the API and the person's page: who may,
Vietnamese refusals with nothing written, the audit trail, and the effect on who counts as a
member of a unit in a year (Law 06/2022 Art 28)."""

import datetime as dt

import pytest

from thidua.awards.facts import eligibility_for
from thidua.awards.models import ServicePeriod
from thidua.awards.tests.factories import PerformanceRatingFactory
from thidua.core.models import AuditEvent
from thidua.organisations.models import Person, Unit
from thidua.organisations.tests.factories import PersonFactory, UnitFactory

pytestmark = pytest.mark.django_db

API = "/api/v1/service-periods"


def mai():
    return Person.objects.get(full_name="Lê Thị Mai")


def post(client, body, **headers):
    return client.post(API, body, content_type="application/json", headers=headers)


def body(person, unit="TAND", started_on="2012-03-01", **extra):
    return {"person_id": person.pk, "unit": unit, "started_on": started_on, **extra}


def page_url(person):
    return f"/khen-thuong/xet-dieu-kien/ca-nhan/{person.pk}/cong-tac/"


# API ----------------------------------------------------------------------------------------------


def test_api_creates_lists_and_audits(world, client_for):
    person = mai()
    r = post(client_for("provincial"), body(person, ended_on="2018-12-31", note="Điều động về Tòa án"))
    assert r.status_code == 201, r.content
    out = r.json()
    assert out["unit"] == "TAND" and out["unit_name"] == person.unit.name
    assert out["person_id"] == person.pk and out["person_name"] == "Lê Thị Mai"
    assert out["started_on"] == "2012-03-01" and out["ended_on"] == "2018-12-31"
    row = ServicePeriod.objects.get(pk=out["id"])
    assert row.note == "Điều động về Tòa án"
    event = AuditEvent.objects.get(action="service_period.create", object_id=str(row.pk))
    assert event.actor == world.provincial

    for who in ("provincial", "council", "officer_a"):
        for query in (f"person={person.pk}", "unit=TAND"):
            listed = client_for(who).get(f"{API}?{query}")
            assert listed.status_code == 200
            assert [p["id"] for p in listed.json()] == [row.pk], (who, query)
    # Another unit's officer, and someone with no say over history, see none of it.
    for who in ("officer_b", "editor"):
        assert client_for(who).get(f"{API}?person={person.pk}").json() == []


def test_unit_officer_records_the_people_of_their_own_unit(world, client_for):
    r = post(client_for("officer_a"), body(mai(), started_on="2015-01-01"))
    assert r.status_code == 201, r.content
    assert AuditEvent.objects.filter(action="service_period.create", actor=world.officer_a).exists()


def test_other_units_officer_and_other_units_are_refused_in_vietnamese(world, client_for):
    vks_person = PersonFactory(unit=Unit.objects.get(code="VKSND"))
    refusals = [
        ("officer_b", body(mai()), "person_id", f"Không có cá nhân mã {mai().pk}."),
        ("officer_a", body(vks_person, unit="VKSND"), "person_id", f"Không có cá nhân mã {vks_person.pk}."),
        ("officer_a", body(mai(), unit="VKSND"), "person", "chỉ ghi được thời gian công tác tại đơn vị mình"),
        ("provincial", body(mai(), unit="KHONGCO"), "unit", "Không có đơn vị mã “KHONGCO”."),
        ("provincial", {**body(mai()), "person_id": 999999}, "person_id", "Không có cá nhân mã 999999."),
    ]
    for who, payload, field, message in refusals:
        r = post(client_for(who), payload)
        assert r.status_code == 422, (who, r.content)
        assert message in r.json()["errors"][field][0], (who, r.json())
    for who in ("council", "editor"):
        r = post(client_for(who), body(mai()))
        assert r.status_code == 403 and "Phòng Thi đua" in r.json()["detail"], who
    assert not ServicePeriod.objects.exists()
    assert not AuditEvent.objects.filter(action="service_period.create").exists()


def test_bad_dates_are_refused_and_nothing_written(world, client_for):
    c = client_for("provincial")
    future = (dt.date.today() + dt.timedelta(days=40)).isoformat()
    cases = [
        (
            body(mai(), started_on="2020-01-01", ended_on="2019-01-01"),
            "ended_on",
            "không thể trước ngày bắt đầu",
        ),
        (body(mai(), started_on=future), "started_on", "ở tương lai"),
        (body(mai(), started_on="1930-01-01"), "started_on", "không được trước 01/01/1945"),
        (body(mai(), note="x" * 301), "note", "Dài quá 300 ký tự"),
    ]
    for payload, field, message in cases:
        r = post(c, payload)
        assert r.status_code == 422, r.content
        assert message in r.json()["errors"][field][0], r.json()
    assert not ServicePeriod.objects.exists()


def test_overlapping_periods_of_one_person_are_refused_in_any_unit(world, client_for):
    c = client_for("provincial")
    assert (
        post(c, body(mai(), unit="VKSND", started_on="2010-01-01", ended_on="2014-12-31")).status_code == 201
    )
    assert post(c, body(mai(), started_on="2016-01-01")).status_code == 201  # open-ended
    for payload in (
        body(mai(), started_on="2014-06-01", ended_on="2015-06-30"),  # into the VKSND period
        body(mai(), unit="SNV", started_on="2020-01-01"),  # inside the open TAND one
        body(mai(), unit="SNV", started_on="2005-01-01"),  # open-ended over both
    ):
        r = post(c, payload)
        assert r.status_code == 422, r.content
        assert "trùng với thời gian đã ghi" in r.json()["detail"], r.json()
    # The gap between the two is free: back to back is no overlap.
    assert post(c, body(mai(), unit="SNV", started_on="2015-01-01", ended_on="2015-12-31")).status_code == 201
    assert ServicePeriod.objects.filter(person=mai()).count() == 3


def test_the_same_key_twice_records_once(world, client_for):
    c = client_for("officer_a")
    first = post(c, body(mai()), **{"Idempotency-Key": "cong-tac-mai-1"})
    second = post(c, body(mai()), **{"Idempotency-Key": "cong-tac-mai-1"})
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert ServicePeriod.objects.filter(person=mai()).count() == 1


def test_an_open_period_is_ended_through_the_api(world, client_for):
    person = mai()
    period = ServicePeriod.objects.create(person=person, unit=person.unit, started_on=dt.date(2015, 1, 1))
    nxt = ServicePeriod.objects.create(
        person=person, unit=Unit.objects.get(code="SNV"), started_on=dt.date(2021, 1, 1)
    )
    url = f"{API}/{period.pk}"
    assert (
        client_for("officer_b")
        .patch(url, {"ended_on": "2020-12-31"}, content_type="application/json")
        .status_code
        == 404
    )
    assert (
        client_for("council")
        .patch(url, {"ended_on": "2020-12-31"}, content_type="application/json")
        .status_code
        == 403
    )
    c = client_for("officer_a")
    r = c.patch(url, {"ended_on": "2014-01-01"}, content_type="application/json")
    assert r.status_code == 422 and "không thể trước ngày bắt đầu" in r.json()["detail"]
    r = c.patch(url, {"ended_on": "2021-06-30"}, content_type="application/json")
    assert r.status_code == 422 and "trùng với thời gian đã ghi" in r.json()["detail"]
    period.refresh_from_db()
    assert period.ended_on is None
    r = c.patch(url, {"ended_on": "2020-12-31"}, content_type="application/json")
    assert r.status_code == 200 and r.json()["ended_on"] == "2020-12-31"
    event = AuditEvent.objects.get(action="service_period.end", object_id=str(period.pk))
    assert event.actor == world.officer_a
    # The SNV period is not TAND's officer's to end.
    r = c.patch(f"{API}/{nxt.pk}", {"ended_on": "2022-01-01"}, content_type="application/json")
    assert r.status_code == 422 and "đơn vị mình" in r.json()["detail"]


# Page ---------------------------------------------------------------------------------------------


def test_person_page_shows_periods_and_the_form_to_those_who_may(world, client_for):
    person = mai()
    ServicePeriod.objects.create(
        person=person,
        unit=Unit.objects.get(code="VKSND"),
        started_on=dt.date(2008, 9, 1),
        ended_on=dt.date(2011, 12, 31),
    )
    url = f"/khen-thuong/xet-dieu-kien/ca-nhan/{person.pk}/?nam=2019"
    html = client_for("officer_a").get(url).content.decode()
    assert "Thời gian công tác" in html and "01/09/2008" in html and "31/12/2011" in html
    assert Unit.objects.get(code="VKSND").name in html
    assert page_url(person) in html and "data-once" in html and "idempotency_key" in html
    council = client_for("council").get(url).content.decode()
    assert "01/09/2008" in council and page_url(person) not in council


def test_page_records_a_period(world, client_for):
    person = mai()
    c = client_for("officer_a")
    r = c.post(page_url(person), {"unit": "TAND", "started_on": "01/03/2012", "ended_on": "", "note": ""})
    assert r.status_code == 302 and r["Location"].endswith(f"/ca-nhan/{person.pk}/#cong-tac")
    row = ServicePeriod.objects.get(person=person)
    assert row.unit.code == "TAND" and row.started_on == dt.date(2012, 3, 1) and row.ended_on is None
    assert AuditEvent.objects.filter(action="service_period.create", object_id=str(row.pk)).exists()
    page = c.get(r["Location"]).content.decode()
    assert "01/03/2012" in page


def test_page_refuses_in_vietnamese_and_hides_other_units_people(world, client_for):
    person = mai()
    ServicePeriod.objects.create(person=person, unit=person.unit, started_on=dt.date(2015, 1, 1))
    c = client_for("officer_a")
    r = c.post(page_url(person), {"unit": "TAND", "started_on": "01/01/2016"})
    assert r.status_code == 200 and "trùng với thời gian đã ghi" in r.content.decode()
    r = c.post(page_url(person), {"unit": "TAND", "started_on": "01/01/2010", "ended_on": "01/01/2009"})
    assert r.status_code == 200 and "Ngày kết thúc không thể trước ngày bắt đầu." in r.content.decode()
    # officer_a may choose only TAND.
    r = c.post(page_url(person), {"unit": "VKSND", "started_on": "01/01/2005", "ended_on": "31/12/2006"})
    assert r.status_code == 200
    for who in ("officer_b", "secretary", "council", "editor"):
        r = client_for(who).post(page_url(person), {"unit": "TAND", "started_on": "01/01/2005"})
        assert r.status_code == 404, who
    assert ServicePeriod.objects.filter(person=person).count() == 1


# The engine reads what was recorded ------------------------------------------------------------


def test_a_period_recorded_through_the_api_changes_the_members_of_a_year(world, client_for):
    """Three people are on the unit's staff today; two served all of 2024 and were rated HTT, the
    third (HT in 2024, rated where they were before) arrived in February 2025. Counted as today's
    staff the unit falls short of Law 06/2022 Art 28's 70%; once the newcomer's arrival is
    recorded through the API, 2024's members are the two, and the unit qualifies."""
    year = 2024
    unit = UnitFactory()
    PerformanceRatingFactory(unit=unit, year=year, rating="HTT")
    for _ in range(2):
        PerformanceRatingFactory(person=PersonFactory(unit=unit), year=year, rating="HTT")
    newcomer = PersonFactory(unit=unit)
    PerformanceRatingFactory(person=newcomer, year=year, rating="HT")

    def members_advanced():
        v = eligibility_for(subject=unit, year=year, award="ttldtt")[0]
        return v, next(c for c in v.criteria if c.code == "members_advanced")

    v, crit = members_advanced()
    assert not crit.passed and crit.facts.startswith("2/3"), crit.facts

    r = post(client_for("provincial"), body(newcomer, unit=unit.code, started_on=f"{year + 1}-02-01"))
    assert r.status_code == 201, r.content

    v, crit = members_advanced()
    assert crit.passed and crit.facts.startswith("2/2"), crit.facts
    assert v.eligible, [(c.code, c.facts) for c in v.criteria if not c.passed]
