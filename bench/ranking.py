"""Ranks every bloc of a synthetic province and prints the time, against the naive per-unit
loop measured in the same run on the same data.

    .venv/bin/python bench/ranking.py                       # SQLite, 40 blocs × 12 units × 80 criteria × 3 reviewers
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/thidua_scoring .venv/bin/python bench/ranking.py
    .venv/bin/python bench/ranking.py --blocs 40 --units 15 --criteria 80 --reviewers 3

A throwaway test database is created and destroyed (``test_<name>`` on PostgreSQL)."""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")


class Counter:
    """Counts the queries run through the connection (no query log, no size limit)."""

    n = 0

    def __call__(self, execute, sql, params, many, context):
        self.n += 1
        return execute(sql, params, many, context)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--blocs", type=int, default=40)
    parser.add_argument("--units", type=int, default=12)
    parser.add_argument("--criteria", type=int, default=80)
    parser.add_argument("--reviewers", type=int, default=3)
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of the optimised ranking (best and median shown)"
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection

    from thidua.scoring.selectors import ranking_for_year
    from thidua.scoring.synthetic import build_bloc, naive_ranking

    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, serialize=False)
    try:
        vendor = connection.vendor
        started = time.perf_counter()
        blocs = [
            build_bloc(
                f"B{i:02d}", units=args.units, criteria=args.criteria, reviewers=args.reviewers, seed=i
            )
            for i in range(args.blocs)
        ]
        built = time.perf_counter() - started
        print(
            f"Dữ liệu ({vendor}): {args.blocs} khối × {args.units} đơn vị × {args.criteria} tiêu chí × "
            f"{args.reviewers} người chấm = {args.blocs * args.units * args.criteria * args.reviewers:,} điểm thẩm định"
            f" (tạo trong {built:.1f} s)"
        )

        def optimised():
            return [ranking_for_year(bloc_year=by) for by in blocs]

        def naive():
            return [naive_ranking(by) for by in blocs]

        # Same answer from both, before timing anything.
        fast_result, slow_result = optimised(), naive()
        for fast, slow in zip(fast_result, slow_result, strict=True):
            assert {r.unit.code: r.final_score for r in fast} == dict(slow), "the two rankings disagree"

        counter = Counter()
        runs = []
        for _ in range(args.repeat):
            counter.n = 0
            t = time.perf_counter()
            with connection.execute_wrapper(counter):
                optimised()
            runs.append(time.perf_counter() - t)
        fast_queries = counter.n
        counter.n = 0
        t = time.perf_counter()
        with connection.execute_wrapper(counter):
            naive()
        slow_time = time.perf_counter() - t
        slow_queries = counter.n

        best, median = min(runs), statistics.median(runs)
        print(
            f"ranking_for_year (tối ưu):   {best:8.3f} s tốt nhất, {median:8.3f} s trung vị của {args.repeat} lần; "
            f"{fast_queries:6d} truy vấn ({fast_queries / args.blocs:.0f}/khối); "
            f"{best / args.blocs * 1000:.1f} ms/khối"
        )
        print(
            f"vòng lặp từng đơn vị (gốc): {slow_time:8.3f} s; {slow_queries:6d} truy vấn "
            f"({slow_queries / args.blocs:.0f}/khối); {slow_time / args.blocs * 1000:.1f} ms/khối"
        )
        print(f"Nhanh hơn: {slow_time / best:.1f} lần")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
