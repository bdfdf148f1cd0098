"""The public recount: after closing, whoever may see the results downloads the tally file, and
the Django-free script thidua/conference/recount.py recounts it to the announced result; a
voter finds their receipt in it. Before closing the file is refused."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from thidua.conference import recount, selectors, services
from thidua.organisations.models import Unit

SCRIPT = Path(recount.__file__)


def run_script(path: Path, *args: str) -> subprocess.CompletedProcess:
    # -I -S: no environment, no site-packages, so no Django: the script stands alone.
    return subprocess.run(
        [sys.executable, "-I", "-S", str(SCRIPT), str(path), *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.fixture
def closed(world, conf2019, tokens):
    """Provincial flags (2 seats): 5 phones, one of them blank, and a bundle of 3 paper ballots."""
    ballot = services.ballot_create(
        actor=world.secretary, conference=conf2019, kind="provincial_flag", seats=2
    )
    services.ballot_open(actor=world.secretary, ballot=ballot)
    plan = {
        "THADS": ["TAND", "THADS"],
        "TAND": ["TAND"],
        "VKSND": ["VKSND", "TAND"],
        "SNV": [],
        "CA": ["THADS"],
    }
    receipts = {
        code: services.vote_cast(token=tokens[code], ballot=ballot, choices=choices, abstain=not choices)
        for code, choices in plan.items()
    }
    units = list(Unit.objects.filter(code__in=["TTR", "BCHQS", "STP"]))
    services.paper_issue(actor=world.secretary, ballot=ballot, units=units)
    figures = {"ballots": 3, "invalid": 1, "abstain": 0, "counts": {"TAND": 2, "THADS": 1}}
    batch = services.paper_batch_count(actor=world.secretary, ballot=ballot, number=1, **figures)
    services.paper_batch_recount(actor=world.secretary, batch=batch, **figures)
    return services.ballot_close(actor=world.secretary, ballot=ballot), receipts


def test_tally_file_recounts_to_the_announced_result(closed, client_for, tmp_path):
    ballot, receipts = closed
    r = client_for("officer_a").get(f"/hoi-nghi/bieu-quyet/{ballot.pk}/kiem-phieu.json")
    assert r.status_code == 200 and "attachment" in r["Content-Disposition"]
    data = json.loads(r.content)
    assert len(data["papers"]) == 5 and {p["receipt"] for p in data["papers"]} == set(receipts.values())
    assert client_for("officer_b").get(f"/api/v1/ballots/{ballot.pk}/tally").json() == data
    path = tmp_path / "kiem-phieu.json"
    path.write_bytes(r.content)
    done = run_script(path, "--ma", receipts["VKSND"].lower())
    assert done.returncode == 0, done.stdout + done.stderr
    assert "KHỚP: đếm lại cho đúng kết quả đã công bố." in done.stdout
    assert f"Mã {receipts['VKSND']} có trong tệp" in done.stdout and "Viện" in done.stdout
    assert "Tòa án nhân dân tỉnh: 5/8" in done.stdout  # 3 phones + 2 papers
    mine = recount.count(data)
    assert mine["votes"] == {r["key"]: r["votes"] for r in ballot.result["rows"]}
    assert mine["elected"] == ballot.result["elected"] and recount.differences(data, mine) == []


def test_a_changed_paper_does_not_recount(closed, client_for, tmp_path):
    ballot, receipts = closed
    data = client_for("officer_a").get(f"/api/v1/ballots/{ballot.pk}/tally").json()
    paper = next(p for p in data["papers"] if p["receipt"] == receipts["CA"])
    paper["choices"] = ["VKSND"]
    path = tmp_path / "sua.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    done = run_script(path, "--ma", "AAAAA-BBBBB")
    assert (
        done.returncode == 1
        and "KHÔNG KHỚP" in done.stdout
        and "Không thấy mã biên nhận AAAAA-BBBBB" in done.stdout
    )
    path.write_text("{", encoding="utf-8")
    assert run_script(path).returncode == 2


def test_tally_file_before_closing_is_refused(world, open_ballot, client_for):
    r = client_for("secretary").get(f"/hoi-nghi/bieu-quyet/{open_ballot.pk}/kiem-phieu.json")
    assert r.status_code == 403 and "Kết quả chỉ được công bố sau khi" in r.content.decode()
    r = client_for("secretary").get(f"/api/v1/ballots/{open_ballot.pk}/tally")
    assert r.status_code == 403 and "Kết quả chỉ được công bố sau khi" in r.json()["detail"]
    assert client_for("editor").get(f"/api/v1/ballots/{open_ballot.pk}/tally").status_code == 404


def test_demo_ballots_recount(world, conf2019):
    """The demo's three closed ballots (phones; paper bundles) recount to their stored results."""
    for ballot in conf2019.ballots.all():
        data = json.loads(json.dumps(selectors.tally_file(ballot)))
        assert recount.differences(data, recount.count(data)) == [], ballot


def test_receipt_check_api_takes_the_code_in_the_body(closed, client):
    ballot, receipts = closed
    url = f"/api/v1/ballots/{ballot.pk}/receipts/check"
    r = client.post(url, {"receipt": receipts["TAND"].lower()}, content_type="application/json")
    assert r.status_code == 200 and r.json()["found"] is True
    r = client.post(url, {"receipt": "AAAAA-BBBBB"}, content_type="application/json")
    assert r.json()["found"] is False and "Ban kiểm phiếu" in r.json()["message"]


def test_openapi_documents_the_new_operations(world, client):
    """Tally, receipt check and tie fields are in the OpenAPI document."""
    doc = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/ballots/{ballot_id}/tally" in doc["paths"]
    assert "post" in doc["paths"]["/api/v1/ballots/{ballot_id}/receipts/check"]
    schemas = doc["components"]["schemas"]
    answer = doc["paths"]["/api/v1/ballots/{ballot_id}/results"]["get"]["responses"]["200"]
    result = schemas[answer["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]]
    assert {"ties", "notes"} <= set(result["properties"])
    row = schemas[result["properties"]["rows"]["items"]["$ref"].rsplit("/", 1)[1]]
    assert "tie" in row["properties"]


def test_openapi_vote_body_is_the_ballot_vote(world, client):
    doc = client.get("/api/v1/openapi.json").json()
    body = doc["paths"]["/api/v1/vote"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    schema = doc["components"]["schemas"][body["$ref"].rsplit("/", 1)[1]]
    assert {"ballot", "choices", "abstain"} <= set(schema["properties"])
