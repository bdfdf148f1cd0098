"""python -m bench.eligibility [--people N] [--candidates N] [--sample N] [--year Y]

Builds a synthetic province-scale award history in a database of its own, then prints the time
to evaluate the candidates set-wise (``evaluate_many``) and, on a sample in the same run, the
naive per-candidate loop (``eligibility_for``, a handful of ORM queries per candidate).

Database: DATABASE_URL if it names a PostgreSQL database whose name ends in "_bench" (it is
dropped and recreated), else a throwaway SQLite file under /tmp."""

import argparse
import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


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
    path = Path("/tmp/thidua-bench-eligibility.sqlite3")
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    return "sqlite"


def insert(model, columns: list[str], rows) -> int:
    """Bulk insert plain tuples: COPY on PostgreSQL, executemany on SQLite."""
    from django.db import connection

    table = model._meta.db_table
    cols = ", ".join(columns)
    rows = list(rows)
    raw = connection.connection
    if connection.vendor == "postgresql":
        with raw.cursor() as cur, cur.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    else:
        marks = ", ".join("?" for _ in columns)
        raw.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", rows)
    return len(rows)


def build(people: int, year: int, rng: random.Random) -> dict:
    from django.db import connection, transaction
    from django.utils import timezone

    from thidua.awards.models import Award, AwardRecord, Initiative, PerformanceRating, SubjectFlag
    from thidua.core.text import fold, sort_key
    from thidua.organisations.models import Bloc, BlocYear, BlocYearMember, Person, Unit

    now = timezone.now()
    years = list(range(year - 9, year + 1))
    n_units = max(20, people // 100)
    awards = dict(Award.objects.values_list("code", "pk"))
    counts = {}
    with transaction.atomic():
        connection.ensure_connection()
        insert(
            Unit,
            [
                "id",
                "code",
                "name",
                "short_name",
                "parent_body",
                "kind",
                "name_sort",
                "search_text",
                "created_at",
                "updated_at",
            ],
            (
                (
                    u,
                    f"U{u}",
                    f"Đơn vị {u}",
                    "",
                    "",
                    "state",
                    sort_key(f"Đơn vị {u}"),
                    fold(f"u{u} don vi {u}"),
                    now,
                    now,
                )
                for u in range(1, n_units + 1)
            ),
        )
        n_blocs = n_units // 20
        insert(
            Bloc,
            [
                "id",
                "code",
                "name",
                "short_name",
                "kind",
                "sector",
                "level",
                "organiser",
                "description",
                "is_active",
                "name_sort",
                "search_text",
                "created_at",
                "updated_at",
            ],
            (
                (
                    b,
                    f"B{b}",
                    f"Khối {b}",
                    "",
                    "khoi",
                    "",
                    "tinh",
                    "Hội đồng TĐKT tỉnh",
                    "",
                    True,
                    sort_key(f"Khối {b}"),
                    f"khoi {b}",
                    now,
                    now,
                )
                for b in range(1, n_blocs + 1)
            ),
        )
        by_rows, member_rows, by_id = [], [], 0
        for b in range(1, n_blocs + 1):
            units = list(range((b - 1) * 20 + 1, b * 20 + 1))
            for y in years:
                by_id += 1
                by_rows.append((by_id, b, y, rng.choice(units), "", "{}", "", now, now))
                member_rows.extend((by_id, u, y, "Hội đồng TĐKT tỉnh", "", "", now) for u in units)
        insert(
            BlocYear,
            [
                "id",
                "bloc_id",
                "year",
                "leader_id",
                "leader_source",
                "settings",
                "notes",
                "created_at",
                "updated_at",
            ],
            by_rows,
        )
        insert(
            BlocYearMember,
            ["bloc_year_id", "unit_id", "year", "organiser", "head_name", "head_title", "joined_at"],
            member_rows,
        )
        counts["units"] = n_units
        counts["people"] = insert(
            Person,
            [
                "id",
                "full_name",
                "gender",
                "unit_id",
                "position",
                "is_active",
                "name_sort",
                "search_text",
                "created_at",
                "updated_at",
            ],
            (
                (
                    p,
                    f"Cán bộ {p}",
                    "nu" if p % 2 else "nam",
                    (p - 1) % n_units + 1,
                    "",
                    True,
                    f"{p:09d}",
                    f"can bo {p}",
                    now,
                    now,
                )
                for p in range(1, people + 1)
            ),
        )
        weights = [("HTXS", 0.25), ("HTT", 0.55), ("HT", 0.17), ("KHT", 0.03)]
        labels, probs = zip(*weights, strict=True)
        ratings, records, initiatives, flags = [], [], [], []
        cut = [sum(probs[: i + 1]) for i in range(len(probs))]

        def pick():
            r = rng.random()
            return next(labels[i] for i, c in enumerate(cut) if r <= c)

        for p in range(1, people + 1):
            for y in years:
                r = pick()
                ratings.append((None, p, y, r))
                day = dt.date(y, 12, 20)
                if r in ("HTXS", "HTT") and rng.random() < 0.6:
                    records.append((awards["ldtt"], None, p, y, f"{y}/LDTT/{p}", day, "", "merit", "", ""))
                    if r == "HTXS" and rng.random() < 0.5:
                        records.append(
                            (awards["cstdcs"], None, p, y, f"{y}/CSTD/{p}", day, "", "merit", "", "")
                        )
                if rng.random() < 0.01:
                    records.append(
                        (
                            awards["bk_tinh_cn"],
                            None,
                            p,
                            y,
                            f"{y}/BK/{p}",
                            dt.date(y + 1, 1, 15),
                            "",
                            rng.choice(["merit", "thematic"]),
                            "",
                            "",
                        )
                    )
            if rng.random() < 0.2:
                initiatives.append(
                    (
                        None,
                        p,
                        rng.choice(years),
                        "Sáng kiến",
                        rng.choice(["grassroots", "grassroots", "provincial", "national"]),
                        "",
                    )
                )
            if rng.random() < 0.02:
                start = dt.date(rng.choice(years), 3, 1)
                flags.append(
                    (
                        None,
                        p,
                        "discipline",
                        1,
                        start,
                        start + dt.timedelta(days=365) if rng.random() < 0.8 else None,
                        "",
                    )
                )
        for u in range(1, n_units + 1):
            for y in years:
                ratings.append((u, None, y, pick()))
                if rng.random() < 0.3:
                    records.append(
                        (awards["ttldtt"], u, None, y, f"{y}/TT/{u}", dt.date(y, 12, 28), "", "merit", "", "")
                    )
        now_cols = [
            "award_id",
            "unit_id",
            "person_id",
            "year",
            "decision_number",
            "decision_date",
            "decided_by",
            "nature",
            "note",
            "search_text",
            "created_at",
            "updated_at",
        ]
        counts["ratings"] = insert(PerformanceRating, ["unit_id", "person_id", "year", "rating"], ratings)
        counts["award_records"] = insert(AwardRecord, now_cols, ((*r, now, now) for r in records))
        counts["initiatives"] = insert(
            Initiative, ["unit_id", "person_id", "year", "title", "scope", "decision_number"], initiatives
        )
        counts["flags"] = insert(
            SubjectFlag, ["unit_id", "person_id", "kind", "level", "started_on", "ended_on", "note"], flags
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    return counts


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, default=200_000)
    parser.add_argument("--candidates", type=int, default=50_000)
    parser.add_argument("--sample", type=int, default=200)
    parser.add_argument("--year", type=int, default=2025)
    args = parser.parse_args()
    vendor = prepare_database()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    from thidua.awards.facts import eligibility_for, evaluate_many
    from thidua.organisations.models import Person

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    t_migrate = time.perf_counter() - t0
    rng = random.Random(2019)
    t0 = time.perf_counter()
    counts = build(args.people, args.year, rng)
    t_build = time.perf_counter() - t0
    print(f"Database: {vendor}; migrate {t_migrate:.1f} s; build {t_build:.1f} s")
    print("Rows: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))

    candidates = sorted(rng.sample(range(1, args.people + 1), args.candidates))
    t0 = time.perf_counter()
    verdicts = evaluate_many(person_ids=candidates, unit_ids=[], year=args.year)
    t_set = time.perf_counter() - t0
    per_set = t_set / len(candidates)
    eligible = sum(v.eligible for v in verdicts)
    print(
        f"Set-wise: {len(candidates):,} candidates × {len(verdicts) // len(candidates)} awards = {len(verdicts):,} verdicts "
        f"({eligible:,} eligible) in {t_set:.2f} s → {per_set * 1e6:.0f} µs per candidate"
    )

    sample = rng.sample(candidates, args.sample)
    people = {p.pk: p for p in Person.objects.filter(pk__in=sample)}
    by_key = {}
    for v in verdicts:
        by_key.setdefault(v.subject, []).append(v.signature())
    t0 = time.perf_counter()
    naive = {
        pid: [v.signature() for v in eligibility_for(subject=people[pid], year=args.year)] for pid in sample
    }
    t_naive = time.perf_counter() - t0
    per_naive = t_naive / len(sample)
    agree = sum(sorted(naive[pid]) == sorted(by_key[("p", pid)]) for pid in sample)
    print(
        f"Naive per-candidate ORM loop (baseline): {len(sample)} candidates in {t_naive:.2f} s → {per_naive * 1e6:.0f} µs per candidate"
    )
    print(f"Agreement on the sample: {agree}/{len(sample)}")
    ratio = per_naive / per_set
    print(
        f"Set-wise is {ratio:.0f}× faster per candidate (target ≥ 50×): {'OK' if ratio >= 50 and agree == len(sample) else 'FAILED'}"
    )
    return 0 if ratio >= 50 and agree == len(sample) else 1


if __name__ == "__main__":
    sys.exit(main())
