"""200 delegates cast at once through the API on PostgreSQL, each also trying a second time:
the tally is exact and nobody votes twice. Real threads, real connections, real commits."""

import datetime as dt
import json
import random
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections
from django.test import Client

from thidua.accounts.choices import Role
from thidua.conference import sealing, services
from thidua.conference.models import BallotBox, CastBallot, Participation
from thidua.core.text import sort_key
from thidua.organisations import services as org
from thidua.organisations.demo import _user
from thidua.organisations.models import Unit

VOTERS = 200
CHOICES = ["U001", "U002", "U003", "U004"]


def _world():
    admin = _user("admin_concurrency", "Quản trị", None, [Role.ADMIN])
    Unit.objects.bulk_create(
        [
            Unit(code=f"U{i:03d}", name=f"Đơn vị thử {i:03d}", name_sort=sort_key(f"Đơn vị thử {i:03d}"))
            for i in range(1, VOTERS + 1)
        ]
    )
    units = list(Unit.objects.filter(code__startswith="U").order_by("code"))
    bloc = org.bloc_create(actor=admin, code="KTEST", name="Khối thử tải")
    year = org.bloc_year_create(
        actor=admin, bloc=bloc, year=2030, units=units, leader=units[0], deputy=units[1]
    )
    conference = services.conference_create(actor=admin, bloc_year=year, held_on=dt.date(2030, 12, 1))
    tokens = {p.unit.code: p.token for p in services.passes_issue(actor=admin, conference=conference)}
    ballot = services.ballot_create(
        actor=admin, conference=conference, kind="provincial_flag", seats=2, candidates=units[:4]
    )
    services.ballot_open(actor=admin, ballot=ballot)
    return admin, ballot, tokens


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_200_voters_at_once_exact_tally_no_double_vote():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: DATABASE_URL=postgres://postgres@127.0.0.1:5432/thidua_conference")
    admin, ballot, tokens = _world()
    rng = random.Random(2019)
    plan = {code: rng.sample(CHOICES, rng.randint(1, 2)) for code in tokens}
    # Every voter twice (a double tap, or a second device), shuffled together.
    jobs = [(code, plan[code]) for code in tokens] + [(code, rng.sample(CHOICES, 1)) for code in tokens]
    rng.shuffle(jobs)

    def cast(job):
        code, choices = job
        try:
            r = Client().post(
                "/api/v1/vote",
                json.dumps({"ballot": str(ballot.pk), "choices": choices}),
                content_type="application/json",
                headers={"X-Voter-Token": tokens[code]},
            )
            return code, choices, r.status_code, r.json()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=40) as pool:
        answers = list(pool.map(cast, jobs))

    accepted = [(code, choices) for code, choices, status, _ in answers if status == 201]
    refused = [body for _code, _c, status, body in answers if status != 201]
    assert len(accepted) == VOTERS
    assert sorted(code for code, _ in accepted) == sorted(tokens)  # each voter exactly once
    assert len(refused) == VOTERS and all("đã bỏ phiếu" in body["detail"] for body in refused)
    assert Participation.objects.filter(ballot=ballot).count() == VOTERS
    # The papers wait sealed in the box until closing; none is in the papers table yet.
    assert len(sealing.unseal(ballot.pk, BallotBox.objects.get(ballot=ballot).sealed)) == VOTERS
    assert not CastBallot.objects.filter(ballot=ballot).exists()

    expected = Counter(c for _code, choices in accepted for c in choices)
    ballot = services.ballot_close(actor=admin, ballot=ballot)
    got = {row["key"]: row["votes"] for row in ballot.result["rows"]}
    assert got == {c: expected.get(c, 0) for c in CHOICES}
    assert ballot.result["returned"] == VOTERS
    assert CastBallot.objects.filter(ballot=ballot).count() == VOTERS
    assert sorted(CastBallot.objects.filter(ballot=ballot).values_list("receipt", flat=True)) == sorted(
        body["receipt"] for _code, _c, status, body in answers if status == 201
    )
