"""API behaviour beyond the permission matrix: answers, Vietnamese errors, batch visibility."""

import base64

from thidua.awards.models import AwardRecord
from thidua.organisations.models import Person


def mai():
    return Person.objects.get(full_name="Lê Thị Mai")


def test_eligibility_explains_each_criterion(world, client_for):
    r = client_for("officer_a").get(
        f"/api/v1/eligibility?subject_type=person&subject={mai().pk}&year=2025&award=cstd_tq"
    )
    assert r.status_code == 200
    (v,) = r.json()
    assert v["pack"] == "luat-06-2022-nd-152-2025" and v["eligible"] is False
    titles = next(c for c in v["criteria"] if c["code"] == "titles")
    assert titles["passed"] is False and "Điều 21" in titles["article"] and "2022" in titles["facts"]


def test_unknown_subject_award_or_year_get_vietnamese_messages(world, client_for):
    c = client_for("provincial")
    r = c.get("/api/v1/eligibility?subject_type=person&subject=999999&year=2025")
    assert r.status_code == 404 and "Không tìm thấy cá nhân" in r.json()["detail"]
    r = c.get(f"/api/v1/eligibility?subject_type=person&subject={mai().pk}&year=2025&award=co_vang")
    assert r.status_code == 422 and "co_vang" in r.json()["detail"]
    r = c.get(f"/api/v1/eligibility?subject_type=person&subject={mai().pk}&year=2010")
    assert r.status_code == 422 and "Chưa có bộ quy tắc" in r.json()["detail"]
    r = c.get(f"/api/v1/eligibility?subject_type=person&subject={mai().pk}&year=2025&award=co_tinh")
    assert r.status_code == 422 and "loại đối tượng" in r.json()["detail"]


def test_batch_hides_other_units_subjects(world, client_for):
    body = {
        "year": 2019,
        "subjects": [
            {"type": "unit", "id": "TAND"},
            {"type": "unit", "id": "VKSND"},
            {"type": "person", "id": "0"},
        ],
    }
    r = client_for("officer_a").post("/api/v1/eligibility/batch", body, content_type="application/json")
    data = r.json()
    assert {v["subject"] for v in data["verdicts"]} == {"TAND"}
    assert data["not_found"] == ["unit:VKSND", "person:0"]


def test_import_over_the_api_reports_progress_and_result(
    world, client_for, django_capture_on_commit_callbacks
):
    csv = "Loại bản ghi,Mã đơn vị,Năm,Mã khen thưởng,Số quyết định,Ngày quyết định\nkhen thưởng,STP,2014,bk_tinh_tt,3/QĐ,05/01/2015\n"
    c = client_for("provincial")
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post(
            "/api/v1/award-imports",
            {"filename": "a.csv", "content_base64": base64.b64encode(csv.encode()).decode()},
            content_type="application/json",
        )
    assert r.status_code == 201
    job = c.get(f"/api/v1/award-imports/{r.json()['uid']}").json()
    assert job["status"] == "succeeded" and job["percent"] == 100 and job["created_count"]["awards"] == 1
    assert AwardRecord.objects.filter(decision_number="3/QĐ", unit__code="STP").exists()
    r = c.post(
        "/api/v1/award-imports",
        {"filename": "a.csv", "content_base64": "***"},
        content_type="application/json",
    )
    assert r.status_code == 422 and "base64" in r.json()["detail"]


def test_cash_uses_the_decision_date(world, client_for):
    r = client_for("officer_b").get("/api/v1/awards/co_cp/cash?decision_date=2024-07-01")
    assert r.json()["amount"] == 12 * 2_340_000
    r = client_for("officer_b").get("/api/v1/awards/co_cp/cash?decision_date=2010-01-01")
    assert r.status_code == 422


def test_history_search_ignores_diacritics_and_visibility_applies(world, client_for):
    r = client_for("officer_b").get("/api/v1/award-records?q=chien+si")
    assert r.status_code == 200
    assert r.json() == [], "VKSND has no fighters; TAND's are hidden from its officer"
    r = client_for("council").get("/api/v1/award-records?q=chien+si&page_size=200")
    assert {x["subject_name"] for x in r.json()} >= {"Lê Thị Mai"}
