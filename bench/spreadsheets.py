"""Peak memory and speed of the shared spreadsheet reader (thidua/core/spreadsheets.py) against the
openpyxl path the importers used before, measured in the same run on the same files.

    .venv/bin/python bench/spreadsheets.py              # largest allowed file, award list, bombs
    .venv/bin/python bench/spreadsheets.py --old-bombs  # also feed the bombs to the old path
                                                        # (capped at 2 GB and 60 s per bomb)

Every measurement runs in a fresh worker process (``--child``): Django is set up and the importers
imported first, then ``ru_maxrss`` gives the baseline; the file is read from disk and parsed
(``--repeat`` times, the best time shown: the machine is shared); the new ``ru_maxrss`` is the
peak. The files are built by this parent process, never by the worker.
The criterion is the worker's growth over its baseline: under 100 MB for the largest file the
limits allow and for every crafted bomb."""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

BUDGET_MB = 100


# The old read approach, as the importers had it before the shared reader (openpyxl in read-only
# mode for the award history and the proposal list; every value turned into text).


def old_read(content: bytes) -> list[list[str]]:
    import datetime as dt
    import io

    from openpyxl import load_workbook

    def cell(value) -> str:
        if value is None:
            return ""
        if isinstance(value, dt.datetime):
            return value.date().strftime("%d/%m/%Y")
        if isinstance(value, dt.date):
            return value.strftime("%d/%m/%Y")
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value).strip()

    wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    rows = [[cell(v) for v in row] for row in wb.worksheets[0].iter_rows(values_only=True)]
    wb.close()
    return [r for r in rows if any(c for c in r)]


def new_read(content: bytes) -> list:
    from thidua.core.spreadsheets import open_spreadsheet

    return open_spreadsheet(content, filename="a.xlsx").sheet().rows


def new_read_and_validate(content: bytes) -> list:
    """The award-history import's new path without the database: read, map the header, check every
    row with its record type's form against a registry held in memory."""
    from types import SimpleNamespace

    from thidua.awards.forms_import import row_form
    from thidua.awards.importer import header_map
    from thidua.core.spreadsheets import row_data

    rows = new_read(content)
    mapping = header_map(rows[0].values)
    look = SimpleNamespace(
        units={f"U{i}": (i, None) for i in range(50)},
        people_by_id={},
        people_by_name={(i % 50, f"nguoi so {i}"): [i] for i in range(len(rows))},
        awards={"bk_tinh_cn": (1, "individual"), "ldtt": (2, "individual")},
        seen_records=set(),
        seen_ratings=set(),
    )
    refused = [m for row in rows[1:] for m in row_form(row_data(row, mapping), look=look).messages()]
    assert not refused, f"{len(refused)} rows refused: {refused[0]}"
    return rows


PATHS = {"old": old_read, "new": new_read, "new+forms": new_read_and_validate}


def child(path: str, file: str, repeat: int) -> None:
    import django

    django.setup()
    # Both paths' modules count in the baseline.
    import openpyxl  # noqa: F401
    import python_calamine  # noqa: F401

    import thidua.awards.importer
    import thidua.proposals.importer  # noqa: F401
    from thidua.core.spreadsheets import SpreadsheetError

    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    content = Path(file).read_bytes()
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        try:
            rows, outcome = len(PATHS[path](content)), "read"
        except SpreadsheetError as exc:
            rows, outcome = 0, exc.message
        runs.append(time.perf_counter() - started)
    seconds = min(runs)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {"base": base / 1024, "peak": peak / 1024, "seconds": seconds, "rows": rows, "outcome": outcome}
        )
    )


def measure(path: str, file: Path, *, repeat: int = 1, cap_mb: int | None = None, timeout: int = 600) -> dict:
    def limit():
        if cap_mb:
            resource.setrlimit(resource.RLIMIT_AS, (cap_mb * 1024 * 1024, cap_mb * 1024 * 1024))

    try:
        done = subprocess.run(
            [sys.executable, __file__, "--child", path, str(file), str(repeat)],
            capture_output=True,
            text=True,
            timeout=timeout,
            preexec_fn=limit,
        )
    except subprocess.TimeoutExpired:
        return {"outcome": f"stopped after {timeout} s"}
    if done.returncode:
        last = (done.stderr.strip().splitlines() or ["?"])[-1]
        return {"outcome": f"died ({last[:60]})" + (f" under a {cap_mb} MB cap" if cap_mb else "")}
    return json.loads(done.stdout.strip().splitlines()[-1])


def award_list(rows: int) -> bytes:
    """An award history of ``rows`` ratings and awards with every column of the template."""
    import io

    from openpyxl import Workbook

    from thidua.awards.importer import COLUMNS

    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append([label for _, label, _ in COLUMNS])
    for i in range(rows):
        unit, name, year = f"U{i % 50}", f"Người số {i}", 2000 + i % 25
        if i % 2:
            ws.append(["xếp loại", unit, "", name, year, "", "", "", "", "", "HTT"])
        else:
            decision = [f"{i}/QĐ-UBND", f"15/01/{year + 1}", "Chủ tịch UBND tỉnh", "thường xuyên"]
            ws.append(
                ["khen thưởng", unit, "", name, year, "bk_tinh_cn", *decision, *[""] * 6, f"Ghi chú {i}"]
            )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def line(label: str, result: dict, rows: int | None = None) -> str:
    if "peak" not in result:
        return f"  {label:34} {result['outcome']}"
    grown = result["peak"] - result["base"]
    per_row = f"{result['seconds'] / rows * 1e6:7.1f} µs/dòng" if rows else ""
    flag = "" if grown < BUDGET_MB else f"  > {BUDGET_MB} MB!"
    return (
        f"  {label:34} {result['seconds']:6.2f} s {per_row:>16}   đỉnh {result['peak']:6.1f} MB "
        f"(nền {result['base']:5.1f}, tăng {grown:6.1f} MB){flag}   {result['outcome'][:60]}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--child", nargs=3, metavar=("PATH", "FILE", "REPEAT"), help=argparse.SUPPRESS)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each read (the best time is shown)")
    parser.add_argument("--old-bombs", action="store_true", help="also run the old path on the bombs")
    parser.add_argument("--award-rows", type=int, default=5000)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1], int(args.child[2]))
        return

    import django

    django.setup()
    from django.conf import settings

    from thidua.core.tests import spreadsheet_files as files

    limits = {k: v for k, v in vars(settings._wrapped).items() if k.startswith("THIDUA_SPREADSHEET_")}
    print(
        "Giới hạn: " + ", ".join(f"{k.removeprefix('THIDUA_SPREADSHEET_')}={v:,}" for k, v in limits.items())
    )
    rows_limit = settings.THIDUA_SPREADSHEET_MAX_ROWS
    columns = settings.THIDUA_SPREADSHEET_MAX_CELLS // rows_limit
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        largest = folder / "largest.xlsx"
        largest.write_bytes(files.largest_allowed(rows_limit, columns))
        awards = folder / "awards.xlsx"
        awards.write_bytes(award_list(args.award_rows))
        print(
            f"\nTệp lớn nhất được nhận: {rows_limit:,} dòng × {columns} cột "
            f"({largest.stat().st_size / 1024 / 1024:.1f} MB, chữ riêng từng ô, số, số thập phân)"
        )
        for path in ("old", "new"):
            print(
                line(
                    f"{path:3} ({'openpyxl' if path == 'old' else 'calamine + kiểm tra giới hạn'})",
                    measure(path, largest),
                    rows_limit,
                )
            )
        print(
            f"\nLịch sử khen thưởng: {args.award_rows:,} dòng × 17 cột ({awards.stat().st_size / 1024:.0f} KB)"
        )
        for path, label in (
            ("old", "cũ: chỉ đọc (openpyxl)"),
            ("new", "mới: chỉ đọc"),
            ("new+forms", "mới: đọc + kiểm tra bằng form"),
        ):
            print(line(label, measure(path, awards, repeat=args.repeat), args.award_rows))
        print("\nTệp độc hại (mỗi tệp trong một tiến trình mới):")
        for name, build in files.BOMBS.items():
            bomb = folder / "bomb.xlsx"
            bomb.write_bytes(build())
            size = bomb.stat().st_size
            print(line(f"{name} ({size / 1024:,.0f} KB)", measure("new", bomb)))
            if args.old_bombs:
                print(line("  đường cũ (openpyxl)", measure("old", bomb, cap_mb=2048, timeout=60)))


if __name__ == "__main__":
    main()
