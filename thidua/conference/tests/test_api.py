"""The API end to end: the secretary runs a ballot, delegates vote with their token header,
attacks are refused with Vietnamese messages, results and documents come after closing."""

import json

import pytest

from thidua.conference.models import Ballot, CastBallot, Participation


def _post(client, url, data=None, **headers):
    return client.post(url, json.dumps(data or {}), content_type="application/json", headers=headers)


@pytest.fixture
def secretary(client_for):
    return client_for("secretary")


def test_full_ballot_through_api(world, conf2019, tokens, secretary, client):
    r = _post(
        secretary, f"/api/v1/conferences/{conf2019.pk}/ballots", {"kind": "provincial_flag", "seats": 2}
    )
    assert r.status_code == 201, r.content
    ballot = r.json()
    assert [c["unit"] for c in ballot["candidates"]][:1]  # prefilled
    bid = ballot["id"]
    assert _post(secretary, f"/api/v1/ballots/{bid}/open").status_code == 200

    me = client.get("/api/v1/vote", headers={"X-Voter-Token": tokens["TAND"]})
    assert me.status_code == 200 and any(b["id"] == bid and not b["voted"] for b in me.json()["ballots"])

    receipts = []
    for code in ["THADS", "TAND", "VKSND", "SNV", "CA", "BCHQS"]:
        r = _post(
            client, "/api/v1/vote", {"ballot": bid, "choices": ["TAND", "VKSND"]}, X_Voter_Token=tokens[code]
        )
        assert r.status_code == 201, r.content
        receipts.append(r.json()["receipt"])

    # Attacks: twice, forged token, results before closing (as delegate and as member).
    r = _post(client, "/api/v1/vote", {"ballot": bid, "choices": ["THADS"]}, X_Voter_Token=tokens["TAND"])
    assert r.status_code == 422 and "đã bỏ phiếu" in r.json()["detail"]
    r = _post(client, "/api/v1/vote", {"ballot": bid, "choices": ["THADS"]}, X_Voter_Token="forged")
    assert r.status_code == 403 and "Mã bỏ phiếu không đúng" in r.json()["detail"]
    r = client.get(f"/api/v1/ballots/{bid}/results", headers={"X-Voter-Token": tokens["TAND"]})
    assert r.status_code == 401
    r = client.get(f"/api/v1/ballots/{bid}/receipts")
    assert r.status_code == 403 and "sau khi" in r.json()["detail"]
    officer = world.officer_a
    from django.test import Client

    oc = Client()
    oc.force_login(officer)
    r = oc.get(f"/api/v1/ballots/{bid}/results")
    assert r.status_code == 403 and "sau khi" in r.json()["detail"]
    r = secretary.get(f"/api/v1/ballots/{bid}/results")
    assert r.status_code == 403
    assert Participation.objects.filter(ballot_id=bid).count() == 6

    # Paper: two units, one batch, recount disagreeing then agreeing.
    r = _post(secretary, f"/api/v1/ballots/{bid}/paper-issue", {"units": ["TTR", "STP"]})
    assert r.status_code == 200 and r.json()["turnout"]["paper"] == 2
    r = _post(secretary, f"/api/v1/ballots/{bid}/paper-issue", {"units": ["TAND"]})
    assert r.status_code == 422 and "điện thoại" in r.json()["detail"]
    batch = {"number": 1, "ballots": 2, "invalid": 1, "abstain": 0, "counts": {"THADS": 1}}
    r = _post(secretary, f"/api/v1/ballots/{bid}/paper-batches", batch | {"ballots": 3})
    assert r.status_code == 422
    assert _post(secretary, f"/api/v1/ballots/{bid}/paper-batches", batch).status_code == 201
    r = _post(
        secretary,
        f"/api/v1/ballots/{bid}/paper-batches/1/recount",
        batch | {"counts": {"TAND": 1}, "number": None},
    )
    assert r.status_code == 422 and "không khớp" in r.json()["detail"]
    recount = {k: v for k, v in batch.items() if k != "number"}
    assert _post(secretary, f"/api/v1/ballots/{bid}/paper-batches/1/recount", recount).status_code == 200

    r = _post(secretary, f"/api/v1/ballots/{bid}/close")
    assert r.status_code == 200, r.content
    result = r.json()
    votes = {row["key"]: row["votes"] for row in result["rows"]}
    assert votes["TAND"] == 6 and votes["VKSND"] == 6 and votes["THADS"] == 1
    assert result["returned"] == 8 and result["invalid"] == 1
    assert result["elected"] == ["TAND", "VKSND"] or sorted(result["elected"]) == ["TAND", "VKSND"]

    # After closing: voting refused, receipts published, results readable by members.
    r = _post(client, "/api/v1/vote", {"ballot": bid, "choices": ["THADS"]}, X_Voter_Token=tokens["STP"])
    assert r.status_code == 422 and "đã kết thúc" in r.json()["detail"]
    published = client.get(f"/api/v1/ballots/{bid}/receipts").json()["receipts"]
    assert sorted(receipts) == published
    assert oc.get(f"/api/v1/ballots/{bid}/results").status_code == 200
    assert CastBallot.objects.filter(ballot_id=bid).count() == 6


def test_documents_download(world, conf2019, secretary, client_for):
    for path in ("minutes.docx", "count-minutes.docx"):
        r = client_for("officer_a").get(f"/api/v1/conferences/{conf2019.pk}/{path}")
        assert r.status_code == 200
        assert r["Content-Type"].startswith("application/vnd.openxmlformats")
        import io

        from docx import Document

        text = "\n".join(p.text for p in Document(io.BytesIO(r.content)).paragraphs)
        tables = "\n".join(
            c.text for t in Document(io.BytesIO(r.content)).tables for row in t.rows for c in row.cells
        )
        assert "BIÊN BẢN" in text
        assert "Sở Nội vụ" in tables and "Tòa án nhân dân tỉnh" in tables
    assert client_for("editor").get(f"/api/v1/conferences/{conf2019.pk}/minutes.docx").status_code == 404


def test_conference_create_and_patch_via_api(world, client_for):
    c = client_for("secretary_snv")
    year = world.ctx["current_year"]
    r = _post(
        c,
        "/api/v1/conferences",
        {"bloc": "KNC", "year": year, "held_on": f"{year}-12-05", "starts_at": "14:00"},
    )
    assert r.status_code == 201, r.content
    cid = r.json()["id"]
    r = c.patch(
        f"/api/v1/conferences/{cid}",
        json.dumps({"directions": "Tăng cường giao lưu."}),
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["directions"] == "Tăng cường giao lưu."
    r = c.patch(
        f"/api/v1/conferences/{cid}", json.dumps({"held_on": "1999-01-01"}), content_type="application/json"
    )
    assert r.status_code == 422 and "Ngày họp" in r.json()["detail"]
    rows = [{"unit": "STP", "present": False}]
    r = c.put(f"/api/v1/conferences/{cid}/attendance", json.dumps(rows), content_type="application/json")
    assert r.status_code == 200
    assert [a["present"] for a in r.json()["attendance"] if a["unit"] == "STP"] == [False]
    r = _post(c, f"/api/v1/conferences/{cid}/passes")
    assert r.status_code == 200 and len(r.json()) == 7
    assert not Ballot.objects.filter(conference_id=cid).exists()
