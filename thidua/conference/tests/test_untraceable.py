"""Nobody who reads the database (the file, a backup, an application role on PostgreSQL) or the
logs can tell which unit cast which paper.

Each run: 24 units vote through the real phone path (the test client does what the phone does:
open the token-free page, post the code from the QR link's fragment, vote) on a ballot with 24
candidates, every unit choosing a different one, so each paper names its voter if it can be
linked. An attacker then tries every linkage the issue lists: the hidden insertion order
(SQLite's rowid, PostgreSQL's ctid), transaction ids (xmin order and xmin joins with the
participation and audit rows), audit ids and timestamps, the sealed box read after every vote,
and the log lines and URLs. Each guess is scored by how many units it pairs with their own paper.

A random guess pairs about one unit in 24 correctly (the fixed points of a random permutation:
mean 1, variance 1, whatever the number of voters); over three runs the total is about Poisson(3),
and more than 18 happens with probability below 10⁻⁹, so the bound below does not flake (and
``test_chance_bound_is_what_a_shuffle_gives`` checks it). Before the sealed box, every one of
these linkages named all 72 units."""

import datetime as dt
import itertools
import json
import logging
import math
import os
import random
import re

import psycopg
import pytest
from django.db import connection
from django.test import Client

from thidua.accounts.choices import Role
from thidua.conference import services
from thidua.conference.models import BallotBox
from thidua.core.models import AuditEvent
from thidua.core.text import sort_key
from thidua.organisations import services as org
from thidua.organisations.demo import _user
from thidua.organisations.models import Unit

VOTERS = 24
RUNS = 3
# Total correct pairs over RUNS runs that chance exceeds with probability < 1e-9 (Poisson(3)).
CHANCE_BOUND = 18


def make_election(tag: str):
    """A bloc of VOTERS units, its conference with every unit present and holding a pass, and an
    open ballot for one seat among all of them."""
    admin = _user(f"admin_{tag.lower()}", "Quản trị", None, [Role.ADMIN])
    Unit.objects.bulk_create(
        [
            Unit(
                code=f"{tag}{i:02d}",
                name=f"Đơn vị {tag} {i:02d}",
                name_sort=sort_key(f"Đơn vị {tag} {i:02d}"),
            )
            for i in range(1, VOTERS + 1)
        ]
    )
    units = list(Unit.objects.filter(code__startswith=tag).order_by("code"))
    bloc = org.bloc_create(actor=admin, code=f"K{tag}", name=f"Khối thử bí mật {tag}")
    year = org.bloc_year_create(
        actor=admin, bloc=bloc, year=2031, units=units, leader=units[0], deputy=units[1]
    )
    conference = services.conference_create(actor=admin, bloc_year=year, held_on=dt.date(2031, 12, 1))
    tokens = {p.unit.code: p.token for p in services.passes_issue(actor=admin, conference=conference)}
    ballot = services.ballot_create(
        actor=admin, conference=conference, kind="certificate", seats=1, candidates=units
    )
    return admin, services.ballot_open(actor=admin, ballot=ballot), tokens


def phone_vote(token: str, ballot, choice: str, urls: list[str]) -> str:
    """What a phone does after scanning /hoi-nghi/bo-phieu/#<token>: the fragment stays on the
    phone, vote.js posts it, the page comes back token-free, the delegate votes."""
    phone = Client()

    def go(method, url, data=None):
        urls.append(url)
        return getattr(phone, method)(url, data) if data is not None else getattr(phone, method)(url)

    assert go("get", "/hoi-nghi/bo-phieu/").status_code == 200
    assert go("post", "/hoi-nghi/bo-phieu/vao/", {"token": token}).status_code == 303
    assert go("get", "/hoi-nghi/bo-phieu/").status_code == 200
    answer = go("post", "/hoi-nghi/bo-phieu/", {"ballot": str(ballot.pk), "choice": [choice]})
    assert answer.status_code == 200, answer.content.decode()[:500]
    return re.search(r'id="receipt">([A-Z0-9-]+)<', answer.content.decode()).group(1)


def run_election(tag: str, rng: random.Random, *, after_each_vote=None):
    """One election; returns (ballot, truth unit→choice, voting order, receipts, urls)."""
    admin, ballot, tokens = make_election(tag)
    codes = sorted(tokens)
    choices = codes[:]
    rng.shuffle(choices)
    truth = dict(zip(codes, choices, strict=True))
    order = codes[:]
    rng.shuffle(order)
    receipts, urls = [], []
    for code in order:
        receipts.append(phone_vote(tokens[code], ballot, truth[code], urls))
        if after_each_vote:
            after_each_vote(ballot)
    services.ballot_close(actor=admin, ballot=ballot)
    return ballot, truth, order, receipts, urls, tokens


def score(guess: dict[str, str], truth: dict[str, str]) -> int:
    return sum(1 for unit, choice in guess.items() if truth.get(unit) == choice)


def zip_guess(units_in_order: list[str], papers_in_order: list[list[str]]) -> dict[str, str]:
    return {u: p[0] for u, p in zip(units_in_order, papers_in_order, strict=False) if p}


def unit_codes(unit_ids: list[int]) -> list[str]:
    codes = dict(Unit.objects.filter(pk__in=unit_ids).values_list("pk", "code"))
    return [codes[u] for u in unit_ids]


def audit_guesses(ballot, papers_in_order) -> dict[str, dict[str, str]]:
    """Audit rows of the ballot naming one unit each, in id order and in time order."""
    rows = [
        (e.id, e.created_at, e.after["unit"])
        for e in AuditEvent.objects.filter(object_id=str(ballot.pk))
        if isinstance(e.after, dict) and isinstance(e.after.get("unit"), str)
    ]
    by_id = [u for _i, _t, u in sorted(rows)]
    by_time = [u for _i, _t, u in sorted(rows, key=lambda r: (r[1], r[0]))]
    return {
        "audit ids": zip_guess(by_id, papers_in_order),
        "audit times": zip_guess(by_time, papers_in_order),
    }


def check_no_secret_leaks(box_snapshots, receipts, tokens, urls, log_text, truth):
    """The sealed box read after each vote shows only ciphertext whose length grows by the same
    amount per paper; no token is ever in a URL; no token, receipt or choice is in a log line."""
    sizes = [len(s) for s in box_snapshots]
    steps = {b - a for a, b in itertools.pairwise(sizes[1:])}
    assert len(steps) == 1, f"the box's size depends on the paper: {steps}"
    for blob in box_snapshots:
        assert not any(r.encode() in blob for r in receipts)
        assert not any(c.encode() in blob for c in truth.values())
    assert not any(token in url for url in urls for token in tokens.values())
    assert not any(token in log_text for token in tokens.values())
    assert not any(receipt in log_text for receipt in receipts)


@pytest.mark.django_db
def test_sqlite_rowid_audit_box_and_logs_link_no_paper(caplog):
    """SQLite: zipping the hidden rowid order of papers with that of participation (or with the
    audit rows by id or time) pairs units with their papers no better than chance."""
    if connection.vendor != "sqlite":
        pytest.skip("the rowid linkage is SQLite's; PostgreSQL's is tested below")
    caplog.set_level(logging.DEBUG)
    rng = random.Random(12)
    scores: dict[str, int] = {}
    for run in range(RUNS):
        snapshots: list[bytes] = []

        def snap(ballot, snapshots=snapshots):
            snapshots.append(bytes(BallotBox.objects.get(ballot=ballot).sealed))

        ballot, truth, _order, receipts, urls, tokens = run_election(f"S{run}", rng, after_each_vote=snap)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT unit_id FROM conference_participation WHERE ballot_id = %s ORDER BY rowid",
                [ballot.pk.hex],
            )
            voters = unit_codes([r[0] for r in cursor.fetchall()])
            cursor.execute(
                "SELECT choices FROM conference_castballot WHERE ballot_id = %s ORDER BY rowid",
                [ballot.pk.hex],
            )
            papers = [json.loads(r[0]) for r in cursor.fetchall()]
        assert len(voters) == len(papers) == VOTERS
        guesses = {"rowid": zip_guess(voters, papers), **audit_guesses(ballot, papers)}
        for name, guess in guesses.items():
            scores[name] = scores.get(name, 0) + score(guess, truth)
        log_text = "\n".join(r.getMessage() for r in caplog.records)
        check_no_secret_leaks(snapshots, receipts, tokens, urls, log_text, truth)
    assert all(total <= CHANCE_BOUND for total in scores.values()), scores


# PostgreSQL, as an ordinary role ---------------------------------------------------------------


def _reader(role: str):
    s = connection.settings_dict
    return psycopg.connect(
        host=s["HOST"] or "127.0.0.1", port=s["PORT"] or 5432, dbname=s["NAME"], user=role, autocommit=True
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_postgres_reader_role_links_no_paper(caplog):
    """PostgreSQL, as a non-superuser role granted SELECT: ctid order, xmin order, xmin joins of
    papers with participation and audit rows, audit ids and times, the box polled after every
    vote: no better than chance."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: DATABASE_URL=postgres://postgres@127.0.0.1:5432/thidua_conference")
    caplog.set_level(logging.DEBUG)
    role = f"thidua_reader_{os.getpid()}"
    tables = ["conference_castballot", "conference_participation", "conference_ballotbox", "core_auditevent"]
    with connection.cursor() as cursor:
        cursor.execute(f"DROP ROLE IF EXISTS {role}")
        cursor.execute(f"CREATE ROLE {role} LOGIN NOSUPERUSER")
        cursor.execute(f"GRANT SELECT ON {', '.join(tables)} TO {role}")
    reader = _reader(role)
    try:
        assert reader.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").fetchone() == (
            False,
        )
        rng = random.Random(15)
        scores: dict[str, int] = {}
        for run in range(RUNS):
            snapshots: list[bytes] = []

            def snap(ballot, snapshots=snapshots):
                row = reader.execute(
                    "SELECT sealed FROM conference_ballotbox WHERE ballot_id = %s", [ballot.pk]
                ).fetchone()
                snapshots.append(bytes(row[0]))

            ballot, truth, _order, receipts, urls, tokens = run_election(f"P{run}", rng, after_each_vote=snap)
            units = dict(Unit.objects.values_list("pk", "code"))
            parts = reader.execute(
                "SELECT unit_id, xmin::text::bigint, ctid FROM conference_participation WHERE ballot_id = %s",
                [ballot.pk],
            ).fetchall()
            papers = reader.execute(
                "SELECT choices, xmin::text::bigint, ctid FROM conference_castballot WHERE ballot_id = %s",
                [ballot.pk],
            ).fetchall()
            audits = reader.execute(
                "SELECT after->>'unit', xmin::text::bigint FROM core_auditevent WHERE object_id = %s",
                [str(ballot.pk)],
            ).fetchall()
            assert len(parts) == len(papers) == VOTERS

            def by_ctid(rows):
                return sorted(rows, key=lambda row: parse_ctid(row[2]))

            def by_xmin(rows):
                return sorted(rows, key=lambda row: (row[1], parse_ctid(row[2])))

            guesses = {
                "ctid": zip_guess([units[r[0]] for r in by_ctid(parts)], [r[0] for r in by_ctid(papers)]),
                "xmin order": zip_guess(
                    [units[r[0]] for r in by_xmin(parts)], [r[0] for r in by_xmin(papers)]
                ),
                "xmin join participation": {
                    units[p[0]]: c[0][0] for p in parts for c in papers if p[1] == c[1] and c[0]
                },
                "xmin join audit": {
                    a[0]: c[0][0] for a in audits if a[0] for c in papers if a[1] == c[1] and c[0]
                },
                **audit_guesses(ballot, [r[0] for r in by_ctid(papers)]),
            }
            for name, guess in guesses.items():
                scores[name] = scores.get(name, 0) + score(guess, truth)
            # The xmin joins find nothing at all: papers are written by the closing transaction.
            assert guesses["xmin join participation"] == {} and guesses["xmin join audit"] == {}
            log_text = "\n".join(r.getMessage() for r in caplog.records)
            check_no_secret_leaks(snapshots, receipts, tokens, urls, log_text, truth)
        assert all(total <= CHANCE_BOUND for total in scores.values()), scores
    finally:
        reader.close()
        with connection.cursor() as cursor:
            cursor.execute(f"DROP OWNED BY {role}")
            cursor.execute(f"DROP ROLE {role}")


def parse_ctid(ctid) -> tuple[int, int]:
    block, offset = str(ctid).strip("()").split(",")
    return int(block), int(offset)


def test_chance_bound_is_what_a_shuffle_gives():
    """The bound is loose for chance (Poisson(RUNS) tail beyond it below 1e-9, and 5,000 simulated
    attacks on shuffled papers stay under it), while a perfect linkage scores VOTERS × RUNS."""
    tail = 1 - sum(math.exp(-RUNS) * RUNS**k / math.factorial(k) for k in range(CHANCE_BOUND + 1))
    assert tail < 1e-9
    rng = random.Random(7)
    worst = 0
    for _ in range(5000):
        total = 0
        for _run in range(RUNS):
            perm = list(range(VOTERS))
            rng.shuffle(perm)
            total += sum(1 for i, p in enumerate(perm) if i == p)
        worst = max(worst, total)
    assert worst <= CHANCE_BOUND < VOTERS * RUNS
