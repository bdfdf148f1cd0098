"""The server killed (SIGKILL, every process) while delegates are voting: no acknowledged vote is
lost and no paper is counted twice. A vote is acknowledged only after its transaction committed
the participation and the sealed box together, so after the crash the box holds exactly one paper
per recorded participation, every acknowledged receipt among them; the delegates whose answer was
lost vote again after the restart (or are told they already did), and closing counts each paper
once. Real gunicorn processes on a real database (PostgreSQL's test database, or a file copy of the
SQLite one)."""

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from thidua.conference import sealing, services
from thidua.conference.models import CastBallot
from thidua.conference.tests.test_untraceable import VOTERS, make_election
from thidua.core.tests.workers import ROOT, Workers


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn (2 sync workers) on the shared database, in its own process group."""

    def __init__(self, workers: Workers):
        self.workers = workers
        self.port = free_port()
        self.proc = None

    def start(self):
        log = open(self.workers.tmp / f"gunicorn-{time.monotonic_ns()}.log", "wb")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [
                *(sys.executable, "-m", "gunicorn", "config.wsgi:application"),
                *("--bind", f"127.0.0.1:{self.port}", "--workers", "2", "--timeout", "60"),
            ],
            cwd=ROOT,
            env={
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "thidua.core.tests.worker_settings",
                "DATABASE_URL": self.workers.url(),
                "THIDUA_VAR_DIR": str(self.workers.var),
                "THIDUA_LOG_LEVEL": "WARNING",
            },
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        end = time.monotonic() + 60
        while time.monotonic() < end:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/hoi-nghi/bo-phieu/", timeout=2)
                return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        raise AssertionError("gunicorn did not start\n" + self.workers.logs())

    def kill(self):
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()

    def vote(self, token: str, ballot_id: str, choice: str):
        """(status, body) of POST /api/v1/vote, or (None, error) when the answer never came."""
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/api/v1/vote",
            data=json.dumps({"ballot": ballot_id, "choices": [choice]}).encode(),
            headers={"Content-Type": "application/json", "X-Voter-Token": token},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                return answer.status, json.loads(answer.read())
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read() or b"{}")
        except (urllib.error.URLError, ConnectionError, TimeoutError, json.JSONDecodeError) as exc:
            return None, str(exc)


@pytest.mark.django_db(transaction=True)
def test_server_killed_mid_vote_loses_and_doubles_nothing(tmp_path):
    admin, ballot, tokens = make_election("C")
    ballot_id = str(ballot.pk)
    codes = sorted(tokens)
    workers = Workers(tmp_path)
    workers.share()
    server = Server(workers)

    def read_state():
        """(participating unit ids, papers in the sealed box) as the server's database has them."""
        parts = workers.query(
            "SELECT unit_id FROM conference_participation WHERE ballot_id = ?",
            (ballot.pk.hex if workers.sqlite else ballot.pk,),
        )
        box = workers.query(
            "SELECT sealed FROM conference_ballotbox WHERE ballot_id = ?",
            (ballot.pk.hex if workers.sqlite else ballot.pk,),
        )
        return [p[0] for p in parts], sealing.unseal(ballot.pk, bytes(box[0][0]) if box else b"")

    try:
        server.start()
        acknowledged: dict[str, str] = {}
        with ThreadPoolExecutor(max_workers=8) as pool:
            futures = {pool.submit(server.vote, tokens[c], ballot_id, c): c for c in codes}
            while sum(f.done() for f in futures) < 6:
                time.sleep(0.005)
            server.kill()  # with votes in flight
            for future, code in futures.items():
                status, body = future.result()
                if status == 201:
                    acknowledged[code] = body["receipt"]
        assert 0 < len(acknowledged) < VOTERS, "the kill should land in the middle of the vote"

        parts, papers = read_state()
        assert len(papers) == len(parts) == len(set(parts))  # one paper per recorded vote
        receipts = [p["r"] for p in papers]
        assert set(acknowledged.values()) <= set(receipts)  # no acknowledged vote lost

        server.start()
        for code in codes:
            if code in acknowledged:
                continue
            status, body = server.vote(tokens[code], ballot_id, code)
            if status == 201:
                acknowledged[code] = body["receipt"]
            else:
                # Committed before the kill, answer lost: recorded once, and the retry says so.
                assert status == 422 and "đã bỏ phiếu" in body["detail"], (status, body)
        parts, papers = read_state()
        assert len(parts) == len(papers) == VOTERS and len({p["r"] for p in papers}) == VOTERS
        assert set(acknowledged.values()) <= {p["r"] for p in papers}
        assert sorted(p["c"][0] for p in papers) == codes  # each unit's own choice, once
    finally:
        if server.proc and server.proc.poll() is None:
            server.kill()

    if connection.vendor == "postgresql":
        # Same database: close here and find every paper once in the papers table.
        ballot = services.ballot_close(actor=admin, ballot=ballot)
        assert sorted(CastBallot.objects.filter(ballot=ballot).values_list("receipt", flat=True)) == sorted(
            p["r"] for p in papers
        )
        assert ballot.result["returned"] == VOTERS
    else:
        with sqlite3.connect(workers.file) as db:
            assert db.execute("SELECT COUNT(*) FROM conference_castballot").fetchone() == (0,)
