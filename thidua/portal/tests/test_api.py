"""The portal API: public reads, editors' writes, 404 for everyone else."""

import pytest

pytestmark = pytest.mark.django_db


def test_editor_writes_and_publishes_through_api(world, client_for):
    editor = client_for("editor")
    r = editor.post(
        "/api/v1/portal/editor/articles",
        {
            "title": "Tin qua API",
            "body": "<p onclick='x()'>Nội dung</p>",
            "category": "hoat-dong-khoi-thi-dua",
        },
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    data = r.json()
    assert data["slug"] == "tin-qua-api" and "onclick" not in data["body"]
    url = f"/api/v1/portal/editor/articles/{data['uuid']}/transitions"
    assert editor.post(url, {"action": "publish"}, content_type="application/json").status_code == 422
    assert editor.post(url, {"action": "submit"}, content_type="application/json").status_code == 200
    assert (
        editor.post(url, {"action": "publish"}, content_type="application/json").json()["status"]
        == "published"
    )
    public = client_for("anonymous")
    assert public.get("/api/v1/portal/articles/tin-qua-api").json()["title"] == "Tin qua API"
    assert [a["slug"] for a in public.get("/api/v1/portal/articles?q=qua api").json()] == ["tin-qua-api"]
    assert public.get("/api/v1/portal/stats").json()["visits"] == 43748991


def test_bad_category_is_422_and_creates_nothing(world, client_for):
    r = client_for("editor").post(
        "/api/v1/portal/editor/articles",
        {"title": "X", "category": "khong-co"},
        content_type="application/json",
    )
    assert r.status_code == 422
    assert "chuyên mục" in r.json()["detail"]
