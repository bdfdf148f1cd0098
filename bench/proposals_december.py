"""Benchmark: the December week when every bloc sends its dossiers.

Run:  .venv/bin/python bench/proposals_december.py [blocs]
(add DATABASE_URL=postgres://postgres@127.0.0.1:5432/thidua_proposals for PostgreSQL).
On a throwaway test database with the demo loaded, builds ``blocs`` extra province blocs of 8
units each (leader rated HTXS), then prints, measured in the same run:
- baseline: bulk-inserting the same number of bare ``Proposal`` rows (no checks, no audit);
- create: ``proposal_create`` per bloc (eligibility engine, quota, history, prefilled report);
- dossier: ``dossier_generate`` (four Decree 30 Word files) for every proposal;
- submit: ``proposal_submit`` (eligibility and quota again, checklist, late reason);
- receive: ``proposals_receive_many`` for the whole batch in one transaction;
- by hand vs Excel: the 7 other units of every bloc proposed for the provincial certificate of
  merit, once with ``proposal_create`` row by row (rolled back) and once as one Excel list per
  bloc through the importer (read, every row checked, all created in one transaction);
and the demo loader's time (budget 0.3 s)."""

import io
import os
import sys
import time
from collections import Counter
from pathlib import Path

# Run from anywhere: the repository root goes on the import path.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from django.test.runner import DiscoverRunner  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

YEAR = 2019


def _timed(label: str, func, count: int) -> float:
    start = time.perf_counter()
    func()
    spent = time.perf_counter() - start
    print(f"{label:<10} {count:>5} × {1000 * spent / max(count, 1):8.2f} ms = {spent:7.2f} s")
    return spent


def main(blocs: int) -> None:
    setup_test_environment()
    runner = DiscoverRunner(verbosity=0)
    old = runner.setup_databases()
    try:
        from django.apps import apps
        from django.db import transaction
        from django.utils.module_loading import import_string

        from thidua.accounts.models import User
        from thidua.awards.models import Award, PerformanceRating
        from thidua.organisations.models import Bloc, BlocYear, BlocYearMember, Unit
        from thidua.proposals import importer, services
        from thidua.proposals.models import Proposal, ProposalImportJob

        context: dict = {}
        loader_time = 0.0
        for config in apps.get_app_configs():
            loader = getattr(config, "demo_loader", None)
            if loader:
                start = time.perf_counter()
                import_string(loader)(context=context, stdout=None)
                if config.name == "thidua.proposals":
                    loader_time = time.perf_counter() - start
        admin = User.objects.get(username="admin")
        office = User.objects.get(username="phongtdkt")
        co_tinh = Award.objects.get(code="co_tinh")
        years = []
        others = []
        bk_tt = Award.objects.get(code="bk_tinh_tt")
        with transaction.atomic():
            for b in range(blocs):
                units = [Unit.objects.create(code=f"B{b}U{u}", name=f"Đơn vị {u} khối {b}") for u in range(8)]
                bloc = Bloc.objects.create(code=f"BK{b}", name=f"Khối thử {b}")
                by = BlocYear.objects.create(bloc=bloc, year=YEAR, leader=units[0])
                BlocYearMember.objects.bulk_create(
                    BlocYearMember(bloc_year=by, unit=u, year=YEAR, organiser=bloc.organiser) for u in units
                )
                PerformanceRating.objects.bulk_create(
                    PerformanceRating(unit=u, year=y, rating="HTXS") for u in units for y in (YEAR - 1, YEAR)
                )
                years.append((by, units[0]))
                others.append((by, units[1:]))

        def baseline():
            with transaction.atomic():
                rows = [
                    Proposal(bloc_year=by, award=co_tinh, unit=leader, year=YEAR, search_text="x")
                    for by, leader in years
                ]
                Proposal.objects.bulk_create(rows)
                transaction.set_rollback(True)

        made = []

        def create():
            for by, leader in years:
                made.append(
                    services.proposal_create(
                        actor=admin, bloc_year=by, award=co_tinh, unit=leader, vote_yes=7, vote_base=8
                    )
                )

        def dossier():
            for p in made:
                services.dossier_generate(actor=admin, proposal=p)

        def submit():
            for p in made:
                services.proposal_submit(actor=admin, proposal=p, late_reason="Đo hiệu năng")

        def receive():
            services.proposals_receive_many(
                actor=office, proposals=list(Proposal.objects.filter(pk__in=[p.pk for p in made]))
            )

        def by_hand():
            with transaction.atomic():
                for by, units in others:
                    for u in units:
                        services.proposal_create(
                            actor=admin, bloc_year=by, award=bk_tt, unit=u, vote_yes=6, vote_base=8
                        )
                transaction.set_rollback(True)

        def workbook(by, units) -> bytes:
            from openpyxl import Workbook

            wb = Workbook()
            ws = wb.active
            ws.title = importer.SHEET
            ws.append([label for _, label, _ in importer.COLUMNS])
            for n, u in enumerate(units, start=1):
                ws.append(
                    [n, "tập thể", u.code, "", "bk_tinh_tt", 6, 8, f"Thành tích năm {YEAR} của {u.name}.", ""]
                )
            out = io.BytesIO()
            wb.save(out)
            return out.getvalue()

        files = [(by, workbook(by, units)) for by, units in others]
        imported = []

        def excel():
            for by, content in files:  # the ImmediateBackend runs the job when it commits
                imported.append(
                    importer.proposal_import_create(
                        actor=admin, bloc_year=by, filename="danh-sach.xlsx", content=content
                    )
                )

        print(f"{blocs} khối × 1 đề nghị Cờ thi đua cấp tỉnh; cơ sở dữ liệu: {django.db.connection.vendor}")
        _timed("baseline", baseline, blocs)
        _timed("create", create, blocs)
        _timed("dossier", dossier, blocs)
        _timed("submit", submit, blocs)
        _timed("receive", receive, blocs)
        rows = sum(len(units) for _, units in others)
        _timed("by hand", by_hand, rows)
        _timed("excel", excel, rows)
        states = Counter(ProposalImportJob.objects.get(pk=j.pk).status for j in imported)
        print(
            f"excel imports: {dict(states)}; proposals created: {Proposal.objects.filter(award=bk_tt).count()}"
        )
        print(f"demo loader (proposals): {1000 * loader_time:.1f} ms (budget 300 ms)")
    finally:
        runner.teardown_databases(old)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
