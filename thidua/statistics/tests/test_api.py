"""The statistics API (issue 20 items 2–3): bodies, forms as FormResult JSON (today's or a sent
version), a cell's records, sending, correcting, versions and the Excel workbook; refusals in
Vietnamese, nothing changed."""

import io

import pytest
from openpyxl import load_workbook

from thidua.statistics.models import StatisticsReportVersion
from thidua.statistics.tables import FORM_CODES, FormResult
from thidua.statistics.tests import fake_engine

pytestmark = pytest.mark.django_db

API = "/api/v1/statistics/2019/tinh"


@pytest.fixture(autouse=True)
def fake(monkeypatch):
    fake_engine.use(monkeypatch)
    return fake_engine


def _post(client, url, data=None, key=None):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post(url, data or {}, content_type="application/json", **headers)


def test_bodies_and_forms(world, client_for):
    office = client_for("provincial")
    assert [b["key"] for b in office.get("/api/v1/statistics/bodies").json()] == ["tinh", "TAND", "VKSND"]
    assert [b["key"] for b in client_for("officer_a").get("/api/v1/statistics/bodies").json()] == ["TAND"]
    assert client_for("council").get("/api/v1/statistics/bodies").json() == []
    data = office.get(f"{API}/forms").json()
    assert (data["year"], data["version"], data["has_data"]) == (2019, None, True)
    assert (data["period_start"], data["period_end"]) == ("2018-12-01", "2019-11-30")
    assert [f["code"] for f in data["forms"]] == list(FORM_CODES)
    form = FormResult.from_json(data["forms"][0])
    assert form.value("total", "all") == 6 and form.columns[1].group == "Khen thưởng tập thể"
    one = office.get(f"{API}/forms?form=0603").json()
    assert [f["code"] for f in one["forms"]] == ["0603.N"]
    empty = office.get("/api/v1/statistics/2017/tinh/forms").json()
    assert empty["has_data"] is False and all(f["cells"] == [] for f in empty["forms"])
    assert office.get(f"{API}/forms?form=0699").status_code == 404
    assert office.get("/api/v1/statistics/1800/tinh/forms").status_code == 404


def test_a_cells_records(world, client_for):
    office = client_for("provincial")
    records = office.get(f"{API}/cells?form=0601&row=a&column=bk").json()
    assert [r["label"] for r in records] == [f"Hồ sơ 0601.N a/bk số {i}" for i in (1, 2, 3)]
    assert office.get(f"{API}/cells?form=0601&row=zz&column=bk").status_code == 404


def test_send_then_correct_with_a_reason(world, client_for, fake):
    office = client_for("provincial")
    sent = _post(office, f"{API}/submit")
    assert sent.status_code == 201, sent.content
    assert (sent.json()["number"], sent.json()["body"], sent.json()["reason"]) == (1, "tinh", "")
    again = _post(office, f"{API}/submit")
    assert again.status_code == 422 and "số liệu không thay đổi nên không gửi lại" in again.json()["detail"]
    fake.VALUES[("b", "cstd")] = 2
    no_reason = _post(office, f"{API}/corrections", {"reason": " "})
    assert no_reason.status_code == 422 and no_reason.json()["errors"]["reason"][0].startswith(
        "Hãy ghi lý do"
    )
    too_long = _post(office, f"{API}/corrections", {"reason": "x" * 2001})
    assert too_long.status_code == 422 and "Dài quá 2000 ký tự" in too_long.json()["detail"]
    assert StatisticsReportVersion.objects.count() == 1
    corrected = _post(office, f"{API}/corrections", {"reason": "Bổ sung một Chiến sĩ thi đua"}, key="k-1")
    assert corrected.status_code == 201 and corrected.json()["number"] == 2
    replay = _post(office, f"{API}/corrections", {"reason": "Bổ sung một Chiến sĩ thi đua"}, key="k-1")
    assert replay.status_code == 201 and replay.json() == corrected.json()
    versions = office.get(f"{API}/versions").json()
    assert [(v["number"], v["reason"]) for v in versions] == [(2, "Bổ sung một Chiến sĩ thi đua"), (1, "")]
    v1 = office.get(f"{API}/forms?version=1").json()
    assert v1["version"] == 1 and FormResult.from_json(v1["forms"][0]).value("b", "cstd") == 1
    latest = office.get(f"{API}/forms?version=latest").json()
    assert latest["version"] == 2 and FormResult.from_json(latest["forms"][0]).value("b", "cstd") == 2
    assert office.get(f"{API}/forms?version=7").status_code == 404
    book = office.get(f"{API}/forms.xlsx?version=1&form=0601")
    assert book.status_code == 200
    ws = load_workbook(io.BytesIO(book.content))["0601.N"]
    assert ws["A1"].value == "Biểu số 0601.N"
    assert office.get(f"{API}/forms.xlsx?version=9").status_code == 404


def test_others_reports_are_not_there(world, client_for):
    officer = client_for("officer_a")
    assert officer.get(f"{API}/forms").status_code == 404
    assert _post(officer, f"{API}/submit").status_code == 404
    assert _post(officer, "/api/v1/statistics/2019/VKSND/submit").status_code == 404
    assert _post(officer, "/api/v1/statistics/2019/TAND/submit").status_code == 201
    assert client_for("anonymous").get(f"{API}/forms").status_code in (401, 404)
    assert StatisticsReportVersion.objects.count() == 1
