"""Two people saving the same score at the same moment, on real concurrent PostgreSQL
connections: one wins, the other gets the conflict message, nothing is silently overwritten."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from thidua.organisations.models import Unit
from thidua.scoring import services
from thidua.scoring.models import Score

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(world, cur, item, values, version):
    barrier = threading.Barrier(len(values))
    outcome = {}
    tand = Unit.objects.get(code="TAND")

    def worker(value):
        try:
            barrier.wait(timeout=10)
            services.score_save(
                actor=world.officer_a, bloc_year=cur, unit=tand, item=item, points=value, version=version
            )
            outcome[value] = "saved"
        except ValidationError as exc:
            outcome[value] = str(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(v,)) for v in values]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return outcome


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs a real PostgreSQL server (DATABASE_URL=postgres://…); SQLite allows one writer at a time"
        )


@pytest.mark.parametrize("existing", [False, True], ids=["new-score", "existing-score"])
def test_simultaneous_saves_of_one_score_never_lose_an_update(world, cur, leaf, existing):
    item = leaf("2.2")
    version = 0
    if existing:
        version = services.score_save(
            actor=world.officer_a, bloc_year=cur, unit=Unit.objects.get(code="TAND"), item=item, points=5
        ).version
    outcome = _race(world, cur, item, ["11", "13"], version)
    assert sorted(outcome) == ["11", "13"]
    winners = [v for v, result in outcome.items() if result == "saved"]
    losers = [result for result in outcome.values() if result != "saved"]
    assert len(winners) == 1, outcome
    assert len(losers) == 1 and "vừa được" in losers[0]
    score = Score.objects.get(assessment__unit__code="TAND", item=item)
    assert score.points == Decimal(winners[0])
    assert score.version == version + 1 if existing else score.version == 1
