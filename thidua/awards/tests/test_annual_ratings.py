"""Annual ratings where they are decided (issue 15 item 3): a collective's from the bloc's published
ranking, confirmed by the secretary in one step; an individual's and the grassroots titles by the
unit's officer in a grid, all or nothing, what was typed kept after a refusal. The eligibility
checks read exactly these rows."""

import datetime as dt

import pytest

from thidua.awards.facts import eligibility_for
from thidua.awards.models import AwardRecord, PerformanceRating
from thidua.core.models import AuditEvent
from thidua.organisations.models import BlocYear, Person, Unit
from thidua.scoring.selectors import ranking_for_year

pytestmark = pytest.mark.django_db

COLLECTIVE = "/khen-thuong/xep-loai/khoi/KNC/2019/"
GRID = "/khen-thuong/xep-loai/don-vi/TAND/2019/"


def test_the_secretary_confirms_the_collective_ratings_of_the_ranking_in_one_step(world, client_for):
    by = BlocYear.objects.get(bloc__code="KNC", year=2019)
    expected = {r.unit.code: r.classification for r in ranking_for_year(bloc_year=by)}
    PerformanceRating.objects.filter(year=2019, unit__isnull=False).delete()
    page = client_for("secretary").get(COLLECTIVE).content.decode()
    assert 'id="confirm-ratings"' in page and "chưa có" in page
    assert client_for("officer_a").post(f"{COLLECTIVE}xac-nhan/").status_code == 404
    response = client_for("secretary").post(f"{COLLECTIVE}xac-nhan/")
    assert response.status_code == 302
    stored = dict(
        PerformanceRating.objects.filter(year=2019, unit__isnull=False).values_list("unit__code", "rating")
    )
    assert stored == expected
    assert AuditEvent.objects.filter(action="rating.set").count() >= len(expected)
    # The proposal checks read these: SNV's Government-flag criterion sees its 2019 rating.
    verdict = eligibility_for(subject=Unit.objects.get(code="SNV"), year=2019, award="co_cp")[0]
    assert f"Xếp loại 2019: {expected['SNV']}" in " ".join(c.facts for c in verdict.criteria)


def test_the_collective_ratings_through_the_api(world, client_for):
    api = client_for("secretary")
    rows = api.get("/api/v1/ratings/blocs/KNC/2019/collective").json()
    assert {r["unit"] for r in rows} >= {"SNV", "TAND", "THADS"}
    confirmed = api.post("/api/v1/ratings/blocs/KNC/2019/collective/confirm", content_type="application/json")
    assert confirmed.status_code == 200 and all(r["year"] == 2019 for r in confirmed.json())
    refused = client_for("officer_a").post(
        "/api/v1/ratings/blocs/KNC/2019/collective/confirm", content_type="application/json"
    )
    assert refused.status_code in (403, 404)


def test_the_unit_officer_enters_ratings_and_titles_in_a_grid_and_loses_nothing_on_a_refusal(
    world, client_for
):
    mai = Person.objects.get(full_name="Lê Thị Mai")
    huy = Person.objects.get(full_name="Đặng Quang Huy")
    PerformanceRating.objects.filter(year=2019, person__in=[mai, huy]).delete()
    AwardRecord.objects.filter(year=2019, person__in=[mai, huy]).delete()
    officer = client_for("officer_a")
    page = officer.get(GRID).content.decode()
    assert "Lê Thị Mai" in page and f'name="rating-{mai.pk}"' in page
    typed = {
        f"rating-{mai.pk}": "HTXS",
        f"ldtt-{mai.pk}": "1",
        f"cstdcs-{mai.pk}": "1",
        f"rating-{huy.pk}": "HTT",
    }
    refused = officer.post(GRID, typed)  # a title without the head's decision: refused, all of it
    text = refused.content.decode()
    assert refused.status_code == 200 and "Nhập số và ngày quyết định" in text
    assert '<option value="HTXS" selected>' in text and f'name="cstdcs-{mai.pk}" value="1"' in text
    assert not PerformanceRating.objects.filter(year=2019, person__in=[mai, huy]).exists()
    saved = officer.post(GRID, {**typed, "decision_number": "45/QĐ-TA", "decision_date": "20/12/2019"})
    assert saved.status_code == 302
    assert PerformanceRating.objects.get(year=2019, person=mai).rating == "HTXS"
    assert PerformanceRating.objects.get(year=2019, person=huy).rating == "HTT"
    assert set(AwardRecord.objects.filter(year=2019, person=mai).values_list("award__code", flat=True)) == {
        "ldtt",
        "cstdcs",
    }
    assert AwardRecord.objects.get(year=2019, person=mai, award__code="cstdcs").decision_date == dt.date(
        2019, 12, 20
    )
    # Another unit's officer neither sees nor writes TAND's grid.
    assert client_for("officer_b").get(GRID).status_code == 404
    assert client_for("officer_b").post(GRID, typed).status_code == 404


def test_the_grid_refuses_a_fighter_without_the_advanced_title_and_strangers(world, client_for):
    mai = Person.objects.get(full_name="Lê Thị Mai")
    AwardRecord.objects.filter(year=2019, person=mai).delete()
    stranger = Person.objects.exclude(unit__code="TAND").first()
    api = client_for("officer_a")
    body = {
        "rows": [{"person_id": mai.pk, "rating": "HTXS", "titles": ["cstdcs"]}],
        "decision_number": "45/QĐ-TA",
        "decision_date": "2019-12-20",
    }
    bad = api.put("/api/v1/ratings/units/TAND/2019", body, content_type="application/json")
    assert bad.status_code == 422 and "phải là Lao động tiên tiến" in bad.json()["detail"]
    bad = api.put(
        "/api/v1/ratings/units/TAND/2019",
        {"rows": [{"person_id": stranger.pk, "rating": "HTT"}]},
        content_type="application/json",
    )
    assert bad.status_code == 422 and "không công tác tại" in bad.json()["detail"]
    ok = api.put(
        "/api/v1/ratings/units/TAND/2019",
        {**body, "rows": [{"person_id": mai.pk, "rating": "HTXS", "titles": ["ldtt", "cstdcs"]}]},
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json() == {"ratings": ok.json()["ratings"], "titles": 2}
    grid = api.get("/api/v1/ratings/units/TAND/2019").json()
    assert next(r for r in grid if r["person_id"] == mai.pk)["titles"] == ["cstdcs", "ldtt"]


def test_a_fighter_who_already_holds_the_advanced_title_needs_only_the_new_one(world, client_for):
    mai = Person.objects.get(full_name="Lê Thị Mai")
    AwardRecord.objects.filter(year=2019, person=mai).delete()
    api = client_for("officer_a")
    body = {"decision_number": "45/QĐ-TA", "decision_date": "2019-12-20"}
    first = api.put(
        "/api/v1/ratings/units/TAND/2019",
        {**body, "rows": [{"person_id": mai.pk, "titles": ["ldtt"]}]},
        content_type="application/json",
    )
    assert first.status_code == 200
    second = api.put(
        "/api/v1/ratings/units/TAND/2019",
        {
            "decision_number": "46/QĐ-TA",
            "decision_date": "2019-12-21",
            "rows": [{"person_id": mai.pk, "titles": ["cstdcs"]}],
        },
        content_type="application/json",
    )
    assert second.status_code == 200 and second.json()["titles"] == 1


def test_the_ratings_pages_are_reached_from_the_ranking_and_the_eligibility_pages(world, client_for):
    ranking = client_for("secretary").get("/cham-diem/KNC/2019/xep-hang/").content.decode()
    assert 'href="/khen-thuong/xep-loai/khoi/KNC/2019/"' in ranking
    unit_page = (
        client_for("officer_a").get("/khen-thuong/xet-dieu-kien/don-vi/TAND/?nam=2019").content.decode()
    )
    assert 'href="/khen-thuong/xep-loai/don-vi/TAND/2019/"' in unit_page
