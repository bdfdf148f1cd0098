#!/usr/bin/env python3
"""Check the pinned dependencies against known vulnerabilities, offline.

Government intranets often have no internet: this reads a snapshot of the OSV database for PyPI
(download https://osv-vulnerabilities.storage.googleapis.com/PyPI/all.zip on a connected machine
and copy it over; the zip or its extracted folder both work) and reports every pinned package of
the lock files whose version an advisory covers. Plain Python, no Django, no network:

    python3 deploy/audit_dependencies.py --db /srv/osv/PyPI-all.zip                # runtime lock
    python3 deploy/audit_dependencies.py --db osv/ requirements.lock requirements-dev.lock

Exit status: 0 nothing known, 1 vulnerable pins found (each printed with its advisory and the
fixed version), 3 no database given or readable: the audit did NOT run, said loudly on stderr,
so that a cron job or CI step cannot mistake it for a clean result. ``THIDUA_OSV_DB`` may name the
snapshot instead of ``--db``. (docs/security.md, "Dependency audit")
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)")


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(paths: list[Path]) -> dict[str, str]:
    found: dict[str, str] = {}
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            match = PIN.match(line.strip())
            if match:
                found[normalise(match.group(1))] = match.group(2)
    return found


def version_key(text: str):
    """A sortable key for release versions (``packaging`` when installed, else numeric parts)."""
    try:
        from packaging.version import Version  # cycle-breaker: optional, the script runs without it

        return (0, Version(text))
    except Exception:
        parts = [int(p) for p in re.findall(r"\d+", text)[:6]]
        return (1, tuple(parts + [0] * (6 - len(parts))))


def _affected(version: str, affected: dict) -> bool:
    if version in affected.get("versions", []):
        return True
    key = version_key(version)
    for rng in affected.get("ranges", []):
        if rng.get("type") not in ("ECOSYSTEM", "SEMVER"):
            continue
        inside = False
        for event in rng.get("events", []):
            if "introduced" in event:
                start = event["introduced"]
                inside = start == "0" or key >= version_key(start)
            elif ("fixed" in event and inside and key >= version_key(event["fixed"])) or (
                "last_affected" in event and inside and key > version_key(event["last_affected"])
            ):
                inside = False
        if inside:
            return True
    return False


def _fixed(affected: dict) -> str:
    fixes = [e["fixed"] for r in affected.get("ranges", []) for e in r.get("events", []) if "fixed" in e]
    return ", ".join(fixes) or "chưa có bản sửa"


def advisories(db: Path) -> Iterator[dict]:
    if db.is_file():
        with zipfile.ZipFile(db) as archive:
            for name in archive.namelist():
                if name.endswith(".json"):
                    yield json.loads(archive.read(name))
    else:
        for path in sorted(db.rglob("*.json")):
            yield json.loads(path.read_text(encoding="utf-8"))


def audit(db: Path, pinned: dict[str, str]) -> list[str]:
    problems = []
    for advisory in advisories(db):
        for affected in advisory.get("affected", []):
            package = affected.get("package", {})
            if package.get("ecosystem") != "PyPI":
                continue
            name = normalise(package.get("name", ""))
            if name in pinned and _affected(pinned[name], affected):
                aliases = ", ".join(advisory.get("aliases", []))
                problems.append(
                    f"{name}=={pinned[name]}: {advisory.get('id')}"
                    + (f" ({aliases})" if aliases else "")
                    + f" — {advisory.get('summary', '').strip()} — sửa ở: {_fixed(affected)}"
                )
    return sorted(set(problems))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("locks", nargs="*", type=Path, default=[ROOT / "requirements.lock"])
    parser.add_argument("--db", type=Path, default=os.environ.get("THIDUA_OSV_DB") or None)
    args = parser.parse_args(argv)
    if args.db is None or not args.db.exists():
        print(
            "!! DEPENDENCY AUDIT NOT RUN: no OSV snapshot (--db or THIDUA_OSV_DB; see the top of "
            "deploy/audit_dependencies.py for where to get one). Nothing was checked.",
            file=sys.stderr,
        )
        return 3
    pinned = pins(args.locks)
    problems = audit(args.db, pinned)
    for line in problems:
        print(line)
    print(f"{len(pinned)} gói đã ghim, {len(problems)} lỗ hổng đã biết.", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
