"""The whole road through the API, bad input answered 422 in Vietnamese, and list pages whose
query count does not grow with the number of proposals."""

import pytest

from thidua.awards.models import AwardRecord
from thidua.proposals.models import Proposal

pytestmark = pytest.mark.django_db


def test_the_road_through_the_api(undecided_2019, client_for, django_capture_on_commit_callbacks):
    secretary, office = client_for("secretary"), client_for("provincial")
    made = secretary.post("/api/v1/proposal-years/KNC/2019/from-outcomes", content_type="application/json")
    assert made.status_code == 201, made.json()
    tand = next(p for p in made.json() if p["unit"] == "TAND")
    key = tand["uuid"]
    bad = secretary.post(
        f"/api/v1/proposals/{key}/submit", {"late_reason": "x"}, content_type="application/json"
    )
    assert bad.status_code == 422 and "Hồ sơ chưa đầy đủ" in bad.json()["detail"]
    with django_capture_on_commit_callbacks(execute=True):
        job = secretary.post(f"/api/v1/proposals/{key}/dossier", content_type="application/json")
    assert job.status_code == 202 and job.json()["status"] == "pending"
    progress = secretary.get(f"/api/v1/dossier-jobs/{job.json()['uid']}").json()
    assert progress["status"] == "succeeded" and progress["percent"] == 100
    dossier = secretary.get(f"/api/v1/proposals/{key}/dossier")
    assert dossier.json()["complete"]
    letter = dossier.json()["items"][0]["files"][0]["url"]
    assert secretary.get(letter).status_code == 200
    assert client_for("editor").get(letter).status_code == 404
    late = secretary.post(
        f"/api/v1/proposals/{key}/submit", {"late_reason": ""}, content_type="application/json"
    )
    assert late.status_code == 422 and late.json()["errors"]["late_reason"]
    ok = secretary.post(
        f"/api/v1/proposals/{key}/submit", {"late_reason": "Chờ biên bản"}, content_type="application/json"
    )
    assert ok.json()["status"] == "submitted" and ok.json()["submitted_late"]
    assert (
        office.post(f"/api/v1/proposals/{key}/receive", {}, content_type="application/json").json()["status"]
        == "received"
    )
    vote = office.post(
        f"/api/v1/proposals/{key}/council-vote", {"yes": 12, "members": 15}, content_type="application/json"
    )
    assert vote.json()["status"] == "approved" and vote.json()["council_ratio"] == "4/5"
    body = {
        "number": "245/QĐ-UBND",
        "date": "2020-01-22",
        "signer_name": "Nguyễn Văn Hải",
        "signer_title": "Chủ tịch",
        "authority": "provincial_chairman",
        "authority_name": "Ủy ban nhân dân tỉnh",
        "proposals": [key],
    }
    decision = office.post("/api/v1/decisions", body, content_type="application/json")
    assert decision.status_code == 201 and decision.json()["items"][0]["amount"] == 11_920_000
    again = office.post("/api/v1/decisions", body, content_type="application/json")
    assert again.status_code == 422 and "đã được nhập trước đây" in again.json()["detail"]
    assert AwardRecord.objects.filter(unit__code="TAND", year=2019, award__code="co_tinh").count() == 1
    detail = secretary.get(f"/api/v1/proposals/{key}").json()
    assert [t["to_status"] for t in detail["timeline"]] == [
        "draft",
        "submitted",
        "received",
        "approved",
        "decided",
    ]
    report = client_for("council").get("/api/v1/proposal-reports/province/2019").json()
    assert next(r for r in report if r["bloc"] == "KNC")["counts"]["decided"] == 1


def test_a_bloc_sees_only_its_own_proposals(undecided_2019, client_for):
    """A unit of another bloc sees none of Khối Nội chính's proposals (404 on each)."""
    from django.test import Client

    from thidua.accounts.tests.factories import UserFactory
    from thidua.organisations.tests.factories import BlocYearMemberFactory

    client_for("secretary").post(
        "/api/v1/proposal-years/KNC/2019/from-outcomes", content_type="application/json"
    )
    user = UserFactory(officer=True, unit=BlocYearMemberFactory(bloc_year__year=2019).unit)
    client = Client()
    client.force_login(user)
    assert client.get("/api/v1/proposals").json() == []
    key = Proposal.objects.first().uuid
    assert client.get(f"/api/v1/proposals/{key}").status_code == 404
    assert client.get(f"/de-nghi/{key}/").status_code == 404


def test_list_pages_do_not_grow_queries_with_proposals(
    undecided_2019, client_for, django_assert_max_num_queries
):
    client = client_for("provincial")
    client.post("/api/v1/proposal-years/KNC/2019/from-outcomes", content_type="application/json")
    for url in (
        "/de-nghi/?year=2019",
        "/de-nghi/khoi/KNC/2019/",
        "/de-nghi/toan-tinh/?year=2019",
        "/api/v1/proposals",
    ):
        with django_assert_max_num_queries(30):
            assert client.get(url).status_code == 200
