"""The object category of an individual (forms 0602.N, 0603.N) is kept on the person: the API,
the edit page and the detail page carry it; a value outside the list is refused."""

import json

from django.urls import reverse

from thidua.organisations.models import Person


def call(client, method, url, data):
    return client.generic(method, url, json.dumps(data), content_type="application/json")


def test_api_create_patch_and_refuse(client_for):
    client = client_for("provincial")
    response = call(
        client,
        "POST",
        "/api/v1/people",
        {"full_name": "Lý Văn Nam", "gender": "nam", "unit": "TAND", "category": "worker"},
    )
    assert response.status_code == 201, response.content
    pid = response.json()["id"]
    assert response.json()["category"] == "worker"
    response = call(client, "PATCH", f"/api/v1/people/{pid}", {"category": "leader_other"})
    assert response.status_code == 200 and Person.objects.get(pk=pid).category == "leader_other"
    response = call(client, "PATCH", f"/api/v1/people/{pid}", {"category": "boss"})
    assert response.status_code == 422 and Person.objects.get(pk=pid).category == "leader_other"
    response = call(client, "PATCH", f"/api/v1/people/{pid}", {"category": ""})
    assert response.status_code == 200 and Person.objects.get(pk=pid).category == ""


def test_edit_page_sets_the_category(client_for, world):
    person = Person.objects.get(full_name="Lê Thị Mai")
    client = client_for("provincial")
    url = reverse("organisations:person_edit", args=[person.pk])
    assert "Đối tượng (thống kê khen thưởng)" in client.get(url).content.decode()
    data = {
        "full_name": person.full_name,
        "gender": person.gender,
        "unit": person.unit_id,
        "position": person.position,
        "category": "leader_department",
        "is_active": "on",
    }
    assert client.post(url, data).status_code == 302
    person.refresh_from_db()
    assert person.category == "leader_department"
    page = client.get(person.get_absolute_url()).content.decode()
    assert "Lãnh đạo cấp vụ, sở, ngành và tương đương" in page
