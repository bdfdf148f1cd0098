"""The offline dependency audit (issue 17 item 9): deploy/audit_dependencies.py reads an OSV
snapshot (folder or zip), reports the pins an advisory covers with the fixed version, passes the
ones already fixed, and refuses loudly to pass when it has no database to read."""

import json
import subprocess
import sys
import zipfile
from pathlib import Path

from django.conf import settings

SCRIPT = Path(settings.BASE_DIR) / "deploy" / "audit_dependencies.py"
LOCK = Path(settings.BASE_DIR) / "requirements.lock"


def _pinned(name: str) -> str:
    line = next(
        line for line in LOCK.read_text().splitlines() if line.lower().startswith(name.lower() + "==")
    )
    return line.split("==", 1)[1].strip()


def _advisory(ident, package, events, ecosystem="PyPI", versions=()):
    return {
        "id": ident,
        "summary": f"Lỗ hổng thử {ident}",
        "aliases": [f"CVE-2099-{ident[-4:]}"],
        "affected": [
            {
                "package": {"ecosystem": ecosystem, "name": package},
                "ranges": [{"type": "ECOSYSTEM", "events": events}],
                "versions": list(versions),
            }
        ],
    }


def _snapshot(folder: Path) -> tuple[Path, str]:
    django = _pinned("Django")
    folder.mkdir()
    advisories = [
        _advisory("PYSEC-2099-0001", "django", [{"introduced": "5.0"}, {"fixed": "9.0"}]),  # covers the pin
        _advisory("PYSEC-2099-0002", "Django", [{"introduced": "0"}, {"fixed": "1.0"}]),  # long fixed
        _advisory("GHSA-2099-0003", "django", [{"introduced": "0"}], ecosystem="npm"),  # not PyPI
        _advisory("PYSEC-2099-0004", "openpyxl", [], versions=["0.0.1"]),  # another version only
        _advisory("PYSEC-2099-0005", "Pillow", [{"introduced": "0"}, {"last_affected": "1.0"}]),
    ]
    for adv in advisories:
        (folder / f"{adv['id']}.json").write_text(json.dumps(adv))
    return folder, django


def _run(*args):
    return subprocess.run([sys.executable, str(SCRIPT), *map(str, args)], capture_output=True, text=True)


def test_a_covered_pin_is_reported_with_its_fix_and_the_rest_pass(tmp_path):
    folder, django = _snapshot(tmp_path / "osv")
    done = _run("--db", folder, LOCK)
    assert done.returncode == 1, done.stderr
    assert done.stdout.splitlines() == [
        f"django=={django}: PYSEC-2099-0001 (CVE-2099-0001) — Lỗ hổng thử PYSEC-2099-0001 — sửa ở: 9.0"
    ]
    archive = tmp_path / "all.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for path in folder.glob("*.json"):
            z.write(path, path.name)
    assert _run("--db", archive, LOCK).stdout == done.stdout


def test_a_snapshot_without_matching_advisories_passes(tmp_path):
    folder = tmp_path / "osv"
    folder.mkdir()
    (folder / "x.json").write_text(
        json.dumps(_advisory("PYSEC-2099-0009", "django", [{"introduced": "0"}, {"fixed": "1.0"}]))
    )
    done = _run("--db", folder)
    assert done.returncode == 0 and done.stdout == ""
    assert "0 lỗ hổng đã biết" in done.stderr


def test_without_a_database_the_audit_says_it_did_not_run(tmp_path):
    done = _run("--db", tmp_path / "missing")
    assert done.returncode == 3
    assert "DEPENDENCY AUDIT NOT RUN" in done.stderr
