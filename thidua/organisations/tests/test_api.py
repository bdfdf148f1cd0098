"""API behaviour beyond the permission matrix: bad input names the field and changes nothing."""

import json

import pytest

from thidua.core.models import AuditEvent
from thidua.organisations.models import BlocYear, Unit


def post(client, url, data, method="POST"):
    return client.generic(method, url, json.dumps(data), content_type="application/json")


def test_duplicate_unit_code_is_a_vietnamese_422(client_for):
    client = client_for("provincial")
    events = AuditEvent.objects.count()
    response = post(client, "/api/v1/units", {"code": "TAND", "name": "Tòa án trùng"})
    assert response.status_code == 422
    body = response.json()
    assert "code" in body["errors"]
    assert "đã tồn tại" in body["detail"]
    assert Unit.objects.filter(code="TAND").count() == 1
    assert AuditEvent.objects.count() == events


def test_missing_field_is_refused(client_for):
    response = post(client_for("provincial"), "/api/v1/units", {"code": "X"})
    assert response.status_code == 422


def test_leader_outside_members_is_refused(client_for):
    response = post(
        client_for("provincial"),
        "/api/v1/blocs/KNC/years/2019/leadership",
        {"leader": "STC", "deputy": "TAND"},
        method="PUT",
    )
    assert response.status_code == 422
    assert "leader" in response.json()["errors"]
    assert BlocYear.objects.get(bloc__code="KNC", year=2019).leader.code == "THADS"


def test_unknown_unit_code_names_the_field(client_for):
    response = post(client_for("provincial"), "/api/v1/blocs/KNC/years", {"year": 2022, "units": ["KHONGCO"]})
    assert response.status_code == 422
    assert "KHONGCO" in response.json()["errors"]["units"][0]
    assert not BlocYear.objects.filter(year=2022).exists()


def test_token_authentication_for_scripts(client_for, client):
    response = post(client_for("officer_a"), "/api/v1/tokens", {"name": "Kịch bản"})
    assert response.status_code == 201
    raw = response.json()["token"]
    me = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert me.status_code == 200
    assert me.json()["username"] == "canbotand"
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer td_forged").status_code == 401


def test_revoked_token_stops_working(client_for, client):
    owner = client_for("officer_a")
    created = post(owner, "/api/v1/tokens", {"name": "Tạm"}).json()
    assert owner.delete(f"/api/v1/tokens/{created['id']}").status_code == 200
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {created['token']}").status_code == 401


def test_start_next_and_confirm_through_the_api(before_2020, client_for):
    secretary = client_for("secretary")
    response = post(secretary, "/api/v1/blocs/KNC/years/2019/start-next", {})
    assert response.status_code == 201
    body = response.json()
    assert body["year"] == 2020
    # The 2019 conference elected Sở Nội vụ: it leads 2020 at once, nothing left to confirm.
    assert body["leader"] == "SNV" and body["leader_source"] == "conference"
    assert body["awaiting_confirmation"] is False
    assert body["summary"].startswith("Đã bắt đầu năm 2020")
    confirmed = post(secretary, "/api/v1/blocs/KNC/years/2020/confirm-leadership", {})
    assert confirmed.status_code == 403  # management passed to Sở Nội vụ's secretariat


def test_member_names_follow_the_year(client_for):
    body = client_for("officer_a").get("/api/v1/blocs/KNC/years/2019").json()
    names = {m["unit"]: m["name"] for m in body["members"]}
    assert names["THADS"] == "Cục Thi hành án dân sự tỉnh"


def test_search_ignores_diacritics(client_for):
    codes = [u["code"] for u in client_for("officer_a").get("/api/v1/units?q=toa an").json()]
    assert codes == ["TAND"]


def test_openapi_document_lists_the_operations(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/blocs/{code}/years/{year}/start-next" in schema["paths"]


@pytest.mark.parametrize("persona", ["officer_b", "editor"])
def test_people_of_another_unit_are_invisible(client_for, persona):
    ids = [p["id"] for p in client_for("officer_a").get("/api/v1/people").json()]
    assert ids
    for pid in ids:
        assert client_for(persona).get(f"/api/v1/people/{pid}").status_code == 404
