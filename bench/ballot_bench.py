"""Benchmark: casting ballots through the service and counting them.

Run:  DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python bench/ballot_bench.py [voters]
(add DATABASE_URL=postgres://postgres@127.0.0.1:5432/thidua_conference for PostgreSQL).
Prints, measured in the same run on a throwaway test database:
- baseline: the same number of bare ``Participation`` + ``CastBallot`` inserts without checks;
- vote_cast: the full service (token lookup, row lock, checks, participation, paper, audit);
- close: counting and storing the result; and the demo loader's time (budget 0.3 s).
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

import datetime as dt  # noqa: E402

from django.db import transaction  # noqa: E402
from django.test.runner import DiscoverRunner  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402


def main(voters: int) -> None:
    setup_test_environment()
    runner = DiscoverRunner(verbosity=0)
    old = runner.setup_databases()
    try:
        from django.apps import apps
        from django.utils.module_loading import import_string

        from thidua.accounts.choices import Role
        from thidua.conference import services
        from thidua.conference.models import CastBallot, Participation
        from thidua.core.text import sort_key
        from thidua.organisations import services as org
        from thidua.organisations.demo import _user
        from thidua.organisations.models import Unit

        context: dict = {}
        demo_conference = 0.0
        for config in apps.get_app_configs():
            loader = getattr(config, "demo_loader", None)
            if loader:
                start = time.perf_counter()
                import_string(loader)(context=context, stdout=None)
                if config.name == "thidua.conference":
                    demo_conference = time.perf_counter() - start

        admin = _user("bench_admin", "Bench", None, [Role.ADMIN])
        Unit.objects.bulk_create(
            [
                Unit(code=f"B{i:04d}", name=f"Đơn vị {i:04d}", name_sort=sort_key(f"Đơn vị {i:04d}"))
                for i in range(voters)
            ]
        )
        units = list(Unit.objects.filter(code__startswith="B").order_by("code"))
        bloc = org.bloc_create(actor=admin, code="KBENCH", name="Khối đo hiệu năng")
        year = org.bloc_year_create(
            actor=admin, bloc=bloc, year=2031, units=units, leader=units[0], deputy=units[1]
        )
        conference = services.conference_create(actor=admin, bloc_year=year, held_on=dt.date(2031, 12, 1))
        tokens = [p.token for p in services.passes_issue(actor=admin, conference=conference)]
        ballot = services.ballot_create(
            actor=admin, conference=conference, kind="provincial_flag", seats=2, candidates=units[:5]
        )
        services.ballot_open(actor=admin, ballot=ballot)
        baseline_ballot = services.ballot_create(
            actor=admin, conference=conference, kind="certificate", candidates=units[:5]
        )

        start = time.perf_counter()
        for unit in units:
            with transaction.atomic():
                Participation.objects.create(ballot=baseline_ballot, unit=unit, channel="phone")
                CastBallot.objects.create(ballot=baseline_ballot, choices=[units[0].code])
        baseline = time.perf_counter() - start

        codes = [u.code for u in units[:5]]
        start = time.perf_counter()
        for i, token in enumerate(tokens):
            services.vote_cast(token=token, ballot=ballot, choices=[codes[i % 5], codes[(i + 1) % 5]])
        casting = time.perf_counter() - start

        start = time.perf_counter()
        services.ballot_close(actor=admin, ballot=ballot)
        closing = time.perf_counter() - start

        from django.db import connection

        print(f"database: {connection.vendor}, voters: {voters}")
        print(
            f"baseline bare inserts : {baseline * 1000:8.1f} ms total, {baseline / voters * 1000:6.2f} ms per voter"
        )
        print(
            f"vote_cast service     : {casting * 1000:8.1f} ms total, {casting / voters * 1000:6.2f} ms per voter "
            f"({casting / baseline:.1f}× baseline)"
        )
        print(f"ballot_close (count)  : {closing * 1000:8.1f} ms")
        print(f"conference demo loader: {demo_conference * 1000:8.1f} ms (budget 300 ms)")
    finally:
        runner.teardown_databases(old)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
