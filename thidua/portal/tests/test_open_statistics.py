"""Open statistics (issue 20 item 5): counts of the awards in force by year, award and bloc, as
public JSON and CSV and as a portal page with charts. Counts only — never a person's name — and
a revoked award stops counting from the date of its revocation decision."""

import csv
import datetime as dt
import io
import re

import pytest
from django.utils import timezone

from thidua.awards.models.revocation import Revocation, RevocationGround
from thidua.awards.tests.factories import AwardRecordFactory
from thidua.organisations.tests.factories import BlocYearFactory, PersonFactory, UnitFactory
from thidua.portal import cache, public_awards

pytestmark = pytest.mark.django_db

YEAR = 2031  # a year of achievement no other data uses
SECRET = "Quách Kín Đáo"


def _stats(client, group_by: str) -> dict:
    response = client.get(f"/api/v1/open-statistics/awards?group_by={group_by}")
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    return {r["key"]: r for r in response.json()["rows"]}


def _delta(before: dict, after: dict, key: str) -> tuple[int, int, int]:
    zero = {"collective": 0, "individual": 0, "total": 0}
    a, b = after.get(key, zero), before.get(key, zero)
    return tuple(a[f] - b[f] for f in ("collective", "individual", "total"))


def hand_built():
    """In one new bloc of YEAR: two units; a provincial certificate to both, a certificate to a
    person of each (one without consent: counted all the same), an emulation flag to the first,
    and a certificate to an outsider unit; the second unit's certificate revoked yesterday, and a
    person's certificate revoked with a decision dated tomorrow (still in force today)."""
    by = BlocYearFactory(year=YEAR, members=2)
    first, second = [m.unit for m in by.members.order_by("id")]
    outsider = UnitFactory()
    secret = PersonFactory(full_name=SECRET, unit=first)
    consenting = PersonFactory(unit=second, publication_consent=True)
    made = {
        "first": AwardRecordFactory(unit=first, award__code="bk_tinh_tt", year=YEAR),
        "second": AwardRecordFactory(unit=second, award__code="bk_tinh_tt", year=YEAR),
        "flag": AwardRecordFactory(unit=first, award__code="co_tinh", year=YEAR),
        "outsider": AwardRecordFactory(unit=outsider, award__code="bk_tinh_tt", year=YEAR),
        "secret": AwardRecordFactory(person=secret, award__code="bk_tinh_cn", year=YEAR),
        "consenting": AwardRecordFactory(person=consenting, award__code="bk_tinh_cn", year=YEAR),
    }
    today = timezone.localdate()
    for key, day in (("second", today - dt.timedelta(days=1)), ("consenting", today + dt.timedelta(days=1))):
        Revocation.objects.create(
            record=made[key],
            decision_number=f"{key}/QĐ-UBND",
            decision_date=day,
            decided_by="Ủy ban nhân dân tỉnh",
            ground=RevocationGround.FALSE_RECORDS,
            reason="Hồ sơ không đúng sự thật",
        )
    return by


def test_aggregates_by_year_award_and_bloc(client):
    before = {g: _stats(client, g) for g in public_awards.GROUPS}
    by = hand_built()
    # The answers are cached: drop the cache, as the services that change public content do
    # through the portal's hook.
    cache.clear()
    after = {g: _stats(client, g) for g in public_awards.GROUPS}
    # Year: 3 collectives in force (first ×2, outsider), 2 individuals (both in force today).
    assert _delta(before["year"], after["year"], str(YEAR)) == (3, 2, 5)
    # Award: the revoked certificate is not counted.
    assert _delta(before["award"], after["award"], "bk_tinh_tt") == (2, 0, 2)
    assert _delta(before["award"], after["award"], "co_tinh") == (1, 0, 1)
    assert _delta(before["award"], after["award"], "bk_tinh_cn") == (0, 2, 2)
    # Bloc: the members' awards (and their people's) in the bloc, the outsider's under no bloc.
    assert after["bloc"][by.bloc.code] == {
        "key": by.bloc.code,
        "label": by.bloc.name,
        "collective": 2,
        "individual": 2,
        "total": 4,
    }
    assert _delta(before["bloc"], after["bloc"], "") == (1, 0, 1)
    assert after["bloc"][""]["label"] == "Không thuộc khối nào"


def test_a_revocation_counts_from_its_date(client):
    hand_built()
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    today_rows = {r.key: r for r in public_awards.open_statistics("year")}
    tomorrow_rows = {r.key: r for r in public_awards.open_statistics("year", on=tomorrow)}
    assert today_rows[str(YEAR)].individual - tomorrow_rows[str(YEAR)].individual == 1
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    before_rows = {
        r.key: r for r in public_awards.open_statistics("year", on=yesterday - dt.timedelta(days=1))
    }
    assert before_rows[str(YEAR)].collective - today_rows[str(YEAR)].collective == 1


def test_csv_parses_with_a_vietnamese_header_and_no_names(client):
    hand_built()
    for group_by in public_awards.GROUPS:
        response = client.get(f"/api/v1/open-statistics/awards.csv?group_by={group_by}")
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert "attachment" in response["Content-Disposition"]
        text = response.content.decode("utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(text)))
        assert list(rows[0].keys()) == ["Mã", public_awards.GROUPS[group_by], "Tập thể", "Cá nhân", "Tổng số"]
        assert all(int(r["Tập thể"]) + int(r["Cá nhân"]) == int(r["Tổng số"]) for r in rows)
        assert SECRET not in text
        json_rows = client.get(f"/api/v1/open-statistics/awards?group_by={group_by}").json()["rows"]
        assert [r["Mã"] for r in rows] == [r["key"] for r in json_rows]
    year_rows = list(
        csv.DictReader(
            io.StringIO(
                client.get("/api/v1/open-statistics/awards.csv?group_by=year").content.decode("utf-8-sig")
            )
        )
    )
    assert {"Mã": str(YEAR), "Năm thành tích": str(YEAR)}.items() <= next(
        r for r in year_rows if r["Mã"] == str(YEAR)
    ).items()


def test_bad_grouping_is_refused_in_vietnamese(client):
    for url in (
        "/api/v1/open-statistics/awards?group_by=person",
        "/api/v1/open-statistics/awards.csv?group_by=x",
    ):
        response = client.get(url)
        assert response.status_code == 422
        assert response.json()["detail"].startswith("Cách nhóm")


def test_statistics_page_has_charts_and_tables_without_names(client):
    hand_built()
    response = client.get("/thong-ke-khen-thuong/")
    assert response.status_code == 200
    page = response.content.decode()
    for key in public_awards.GROUPS:
        assert f'id="chart-{key}"' in page and f'id="stats-{key}"' in page
    assert 'id="stats-data"' in page and "portal/open-statistics.js" in page
    assert "chart-4.6.1.umd.min.js" in page
    assert SECRET not in page
    # No inline script (the CSP forbids it): a <script> loads a file or carries JSON data.
    tags = re.findall(r"<script[^>]*>", page)
    assert tags and all("src=" in t or 'type="application/json"' in t for t in tags)
