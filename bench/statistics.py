"""python bench/statistics.py [--awards N] [--people N] [--movements N] [--year Y]

Builds a synthetic province (1,000,000 award records over ten years, 200,000 people, 10,000
movements, a thousand revocations, councils and staff) in a database of its own, then times the
statistics engine building all five MoHA forms (0601.N–0605.N) for the province, beside a naive
per-cell loop in the same run: one COUNT query per cell of every form, with the cell's filter.
The two must agree on every cell. Target: the engine under 60 s (issue 20).

Database: DATABASE_URL if it names a PostgreSQL database whose name ends in "_bench" (it is
dropped and recreated; e.g. postgres://postgres@127.0.0.1:5432/thidua_bench), else a throwaway
SQLite file under /tmp."""

import argparse
import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# This file is named like the standard library's ``statistics``: drop its own folder from the
# path so that ``import statistics`` (Django's SQLite backend) finds the standard module.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(ROOT))
sys.modules.pop("statistics", None)


def prepare_database() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg

        name = url.rsplit("/", 1)[1]
        if not name.endswith("_bench"):
            sys.exit("For PostgreSQL give a database of its own whose name ends in _bench: it is recreated.")
        with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        return "postgresql"
    path = Path("/tmp/thidua-bench-statistics.sqlite3")
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    return "sqlite"


def insert(model, rows, now) -> int:
    """Bulk insert dicts (missing fields take their default): COPY on PostgreSQL, executemany on
    SQLite, in batches."""
    from django.db import connection

    fields = [f for f in model._meta.concrete_fields]
    table = model._meta.db_table
    total = 0
    batch: list = []

    def flush():
        nonlocal batch
        if not batch:
            return
        names = [f.attname for f in fields if f.attname != "id" or "id" in batch[0]]
        cols = ", ".join(
            model._meta.get_field(n.removesuffix("_id")).column if n.endswith("_id") and n != "id" else n
            for n in names
        )
        tuples = []
        for row in batch:
            out = []
            for n in names:
                if n in row:
                    out.append(row[n])
                else:
                    f = (
                        model._meta.get_field(n.removesuffix("_id"))
                        if n.endswith("_id")
                        else model._meta.get_field(n)
                    )
                    if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                        out.append(now)
                    elif f.has_default():
                        out.append(f.get_default())
                    else:
                        out.append(None if f.null else "")
            tuples.append(out)
        raw = connection.connection
        if connection.vendor == "postgresql":
            with raw.cursor() as cur, cur.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                for t in tuples:
                    copy.write_row(t)
        else:
            marks = ", ".join("?" for _ in names)
            raw.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", tuples)
        batch = []

    for row in rows:
        batch.append(row)
        total += 1
        if len(batch) >= 50_000:
            flush()
    flush()
    return total


def build(args, rng: random.Random) -> dict:
    from django.db import connection, transaction
    from django.utils import timezone

    from thidua.awards.models import Award, AwardRecord, Revocation
    from thidua.core.text import fold, sort_key
    from thidua.cycles.models import Movement
    from thidua.organisations.models import Bloc, BlocYear, BlocYearMember, Person, Unit
    from thidua.statistics.models import EmulationCouncil, EmulationStaff

    now = timezone.now()
    year = args.year
    years = list(range(year - 9, year + 1))
    n_units = max(100, args.people // 100)
    award = dict(Award.objects.values_list("code", "pk"))
    subject = dict(Award.objects.values_list("pk", "subject"))
    individual_awards = [
        (award["ldtt"], 40),
        (award["cstdcs"], 12),
        (award["giay_khen_cn"], 15),
        (award["bk_tinh_cn"], 8),
        (award["cstd_tinh"], 2),
        (award["bk_bo_cn"], 2),
        (award["bk_ttg_cn"], 1),
        (award["cstd_tq"], 0.2),
        (award["hcld3_cn"], 0.3),
    ]
    collective_awards = [
        (award["ttldtt"], 8),
        (award["ttldxs"], 4),
        (award["giay_khen_tt"], 3),
        (award["bk_tinh_tt"], 2),
        (award["co_tinh"], 0.5),
        (award["bk_bo_tt"], 0.5),
        (award["bk_ttg_tt"], 0.3),
        (award["co_cp"], 0.1),
        (award["hcld3_tt"], 0.1),
    ]
    pool = individual_awards + collective_awards
    award_ids, weights = zip(*pool, strict=True)
    natures = (
        ["merit"] * 80 + ["thematic"] * 8 + ["extraordinary"] * 6 + ["foreign", "dedication", "seniority"] * 2
    )
    categories = (
        ["worker"] * 70
        + ["leader_other"] * 15
        + ["leader_department"] * 8
        + ["leader_central"]
        + ["business"] * 3
        + [""] * 3
    )
    counts = {}
    with transaction.atomic():
        connection.ensure_connection()
        kinds = ["state"] * 70 + ["judicial"] * 10 + ["enterprise"] * 12 + ["household"] * 5 + ["mass"] * 3

        def unit_row(u):
            kind = rng.choice(kinds)
            parent = (
                "Tòa án nhân dân tối cao"
                if kind == "judicial"
                else ("" if kind == "household" else "Ủy ban nhân dân tỉnh")
            )
            name = f"Đơn vị {u}"
            return {
                "id": u,
                "code": f"U{u}",
                "name": name,
                "parent_body": parent,
                "kind": kind,
                "name_sort": sort_key(name),
                "search_text": fold(f"u{u} {name}"),
            }

        counts["units"] = insert(Unit, (unit_row(u) for u in range(1, n_units + 1)), now)
        n_blocs = n_units // 20
        insert(
            Bloc,
            (
                {
                    "id": b,
                    "code": f"B{b}",
                    "name": f"Khối {b}",
                    "name_sort": sort_key(f"Khối {b}"),
                    "search_text": f"khoi {b}",
                }
                for b in range(1, n_blocs + 1)
            ),
            now,
        )
        by_rows, members, by_of = [], [], {}
        for b in range(1, n_blocs + 1):
            for y in years:
                bid = len(by_rows) + 1
                by_rows.append({"id": bid, "bloc_id": b, "year": y, "settings": "{}"})
                by_of[(b, y)] = bid
                members.extend(
                    {
                        "bloc_year_id": bid,
                        "unit_id": u,
                        "year": y,
                        "organiser": "Hội đồng TĐKT tỉnh",
                        "joined_at": now,
                    }
                    for u in range((b - 1) * 20 + 1, b * 20 + 1)
                )
        insert(BlocYear, by_rows, now)
        insert(BlocYearMember, members, now)
        counts["people"] = insert(
            Person,
            (
                {
                    "id": p,
                    "full_name": f"Cán bộ {p}",
                    "gender": "nu" if p % 2 else "nam",
                    "unit_id": (p - 1) % n_units + 1,
                    "category": rng.choice(categories),
                    "name_sort": f"{p:09d}",
                    "search_text": f"can bo {p}",
                }
                for p in range(1, args.people + 1)
            ),
            now,
        )
        start, span = dt.date(year - 9, 1, 1), (dt.date(year, 12, 31) - dt.date(year - 9, 1, 1)).days

        def record(i):
            aid = rng.choices(award_ids, weights)[0]
            day = start + dt.timedelta(days=rng.randrange(span))
            row = {
                "id": i,
                "award_id": aid,
                "year": day.year,
                "decision_number": f"{i}/QĐ",
                "decision_date": day,
                "nature": rng.choice(natures),
                "search_text": f"{i}",
            }
            if subject[aid] == "collective":
                row["unit_id"] = rng.randrange(1, n_units + 1)
            else:
                row["person_id"] = rng.randrange(1, args.people + 1)
            return row

        counts["award_records"] = insert(AwardRecord, (record(i) for i in range(1, args.awards + 1)), now)
        revoked = rng.sample(range(1, args.awards + 1), min(1000, args.awards // 100))
        counts["revocations"] = insert(
            Revocation,
            (
                {
                    "record_id": r,
                    "decision_number": f"TH-{r}",
                    "decision_date": start + dt.timedelta(days=rng.randrange(span)),
                    "decided_by": "Chủ tịch UBND tỉnh",
                    "ground": "fraud",
                    "reason": "Gian dối",
                }
                for r in revoked
            ),
            now,
        )

        def movement(i):
            b = rng.randrange(1, n_blocs + 1)
            y = rng.choice(years)
            starts = dt.date(y, 1, 1) + dt.timedelta(days=rng.randrange(365))
            length = rng.choice([90, 180, 364, 365, 700, 1500, 2000])
            ends = None if rng.random() < 0.01 else starts + dt.timedelta(days=length)
            return {
                "bloc_year_id": by_of[(b, y)],
                "unit_id": (b - 1) * 20 + 1 + rng.randrange(20),
                "title": f"Phong trào {i}",
                "kind": rng.choice(["regular", "thematic", "phase"]),
                "launch_level": rng.choice(["central", "ministry_province", "agency", "agency"]),
                "scope": rng.choice(["national", "ministry_province", "bloc", "agency"]),
                "starts_on": starts,
                "ends_on": ends,
            }

        counts["movements"] = insert(Movement, (movement(i) for i in range(args.movements)), now)
        levels = ["province", "department", "commune", "agency"]
        counts["councils"] = insert(
            EmulationCouncil,
            (
                {
                    "name": f"Hội đồng {i}",
                    "level": rng.choice(levels),
                    "unit_id": rng.randrange(1, n_units + 1),
                    "members": 9,
                    "women_members": 3,
                    "established_on": dt.date(2015, 1, 1),
                }
                for i in range(300)
            ),
            now,
        )
        counts["staff"] = insert(
            EmulationStaff,
            (
                {
                    "full_name": f"Cán bộ thi đua {i}",
                    "is_female": bool(i % 2),
                    "unit_id": rng.randrange(1, n_units + 1),
                    "position": rng.choice(["leader", "senior", "specialist", "other"]),
                    "training": rng.choice(["postgraduate", "university", "college", "other"]),
                    "mode": rng.choice(["full_time", "part_time"]),
                    "trained_in_emulation": bool(i % 3),
                    "started_on": dt.date(2018, 1, 1),
                }
                for i in range(800)
            ),
            now,
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            for table in (
                "organisations_unit",
                "organisations_person",
                "awards_awardrecord",
                "awards_revocation",
                "cycles_movement",
            ):
                cur.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
                )
            cur.execute("ANALYZE")
    return counts


def naive(code: str, year: int, body) -> tuple[dict, int]:
    """One COUNT per cell: the cell's filter is the OR of the classified groups it holds (a
    movement cell: the ids of its movements); an empty cell costs no query."""
    from django.db.models import Count, Q, Sum

    from thidua.statistics import engine

    comp = engine._compute(code, year, body)
    spec = comp.spec
    cells, queries = {}, 0
    ids_of: dict[int, list[int]] = {}
    if code == "0601.N":
        for g_index, g in enumerate(comp.groups):
            ids_of[g_index] = list(comp.bases[g.model].filter(g.q).values_list("id", flat=True))
    for row in spec.rows:
        if row.heading:
            continue
        for col in spec.columns:
            groups = [(i, g) for i, g in enumerate(comp.groups) if row.key in g.rows and col.key in g.values]
            by_model: dict[str, list] = {}
            for i, g in groups:
                by_model.setdefault(g.model, []).append((i, g))
            value = 0
            for model, items in by_model.items():
                base = comp.bases[model]
                if code == "0601.N":
                    qs = base.model.objects.filter(pk__in=[pk for i, _ in items for pk in ids_of[i]])
                else:
                    q = Q()
                    for _, g in items:
                        q |= g.q
                    qs = base.filter(q)
                queries += 1
                if code == "0604.N" and model == "statistics.emulationcouncil" and col.key != "bodies":
                    field = {"members": "members", "women": "women_members"}[col.key]
                    value += qs.aggregate(s=Sum(field))["s"] or 0
                elif code == "0604.N" and model == "organisations.blocyear" and col.key == "members":
                    value += qs.aggregate(n=Count("members"))["n"]
                else:
                    value += qs.count()
            if value:
                cells[(row.key, col.key)] = value
    return cells, queries


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--awards", type=int, default=1_000_000)
    parser.add_argument("--people", type=int, default=200_000)
    parser.add_argument("--movements", type=int, default=10_000)
    parser.add_argument("--year", type=int, default=2025)
    args = parser.parse_args()
    vendor = prepare_database()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.urls import get_resolver

    from thidua.statistics import engine
    from thidua.statistics.tables import FORM_CODES

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    t_migrate = time.perf_counter() - t0
    t0 = time.perf_counter()
    counts = build(args, random.Random(2025))
    t_build = time.perf_counter() - t0
    print(f"Database: {vendor}; migrate {t_migrate:.1f} s; build {t_build:.1f} s")
    print("Rows: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))

    body = engine.province_body()
    # Warm-up, as in a running server: the URL configuration (record links) and the first query.
    get_resolver().url_patterns  # noqa: B018
    engine.build("0601.N", year=1990, body=body)
    connection.force_debug_cursor = True
    reset_queries()
    t0 = time.perf_counter()
    results = engine.build_all(year=args.year, body=body)
    t_engine = time.perf_counter() - t0
    q_engine = len(connection.queries)
    connection.force_debug_cursor = False
    for r in results:
        print(
            f"  {r.code}: total {r.value('total', 'total') or r.value('total', 'bodies'):>8,}; "
            f"{sum(1 for v in r.cells.values() if v)} non-empty cells; {len(r.warnings):,} warnings"
        )
    print(f"Engine: all five forms in {t_engine:.2f} s ({q_engine} queries)")

    t0 = time.perf_counter()
    agree, q_naive = True, 0
    for code, r in zip(FORM_CODES, results, strict=True):
        cells, q = naive(code, args.year, body)
        q_naive += q
        if cells != {k: v for k, v in r.cells.items() if v}:
            agree = False
            print(f"  {code}: the naive loop disagrees")
    t_naive = time.perf_counter() - t0
    print(f"Naive per-cell loop (baseline): {q_naive} cell queries in {t_naive:.2f} s")
    print(f"Agreement on every cell: {'yes' if agree else 'NO'}")
    ok = agree and t_engine < 60
    print(
        f"Engine under 60 s: {'OK' if ok else 'FAILED'} ({t_naive / t_engine:.1f}× faster than the naive loop)"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
