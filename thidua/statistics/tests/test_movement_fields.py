"""What form 0601.N needs of a movement: the launching level and the scope (API, page), and a
duration that may run for years (a five-year movement is registered in its first year)."""

import datetime as dt

from django.urls import reverse

from thidua.cycles.models import Movement

BASE = "/api/v1/cycles/KNC/2019/movements"


def test_api_takes_level_scope_and_a_five_year_duration(client_for):
    client = client_for("provincial")
    body = {
        "title": "Thi đua “Chuyển đổi số” giai đoạn 2019–2023",
        "kind": "thematic",
        "launch_level": "ministry_province",
        "scope": "ministry_province",
        "unit": "TAND",
        "starts_on": "2019-01-01",
        "ends_on": "2023-12-31",
    }
    r = client.post(BASE, body, content_type="application/json")
    assert r.status_code == 201, r.content
    assert (r.json()["launch_level"], r.json()["scope"]) == ("ministry_province", "ministry_province")
    movement = Movement.objects.get(pk=r.json()["id"])
    assert movement.ends_on == dt.date(2023, 12, 31)
    r = client.patch(f"{BASE}/{movement.pk}", {"scope": "galaxy"}, content_type="application/json")
    assert r.status_code == 422
    r = client.patch(f"{BASE}/{movement.pk}", {"ends_on": "2040-01-01"}, content_type="application/json")
    assert r.status_code == 422 and "ends_on" in r.json()["errors"]
    r = client.patch(f"{BASE}/{movement.pk}", {"scope": "bloc"}, content_type="application/json")
    assert r.status_code == 200
    movement.refresh_from_db()
    assert (movement.scope, movement.ends_on) == ("bloc", dt.date(2023, 12, 31))


def test_movement_pages_show_level_and_scope(client_for):
    client = client_for("provincial")
    page = client.get(reverse("cycles:movements", args=["KNC", 2019])).content.decode()
    assert "Cấp phát động, phạm vi" in page and "Cơ quan, tổ chức, đơn vị" in page
    movement = Movement.objects.filter(bloc_year__year=2019).first()
    page = client.get(reverse("cycles:movement_edit", args=["KNC", 2019, movement.pk])).content.decode()
    assert "Cấp chủ trì phát động" in page and "Phạm vi tổ chức thi đua" in page
