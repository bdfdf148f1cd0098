"""manage.py backup / restore: the restore drill on both databases, refusals, and a backup taken
while rows are being written (docs/deployment.md "Backups")."""

import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from thidua.accounts.models import User
from thidua.core import backups

ROOT = Path(settings.BASE_DIR)
NEEDS_PG = "needs PostgreSQL: DATABASE_URL=postgres://postgres@127.0.0.1:5432/thidua_backup_dev"


def manage(args, *, var_dir: Path, database_url: str | None = None, timeout=60):
    """Run manage.py in another process with its own var folder (database, media, private files)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("THIDUA_", "DATABASE_URL", "PG"))}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.base", THIDUA_VAR_DIR=str(var_dir))
    if database_url:
        env["DATABASE_URL"] = database_url
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def put_files(tag: str) -> dict[str, bytes]:
    """A few uploaded and generated files (one with a Vietnamese name) under both roots."""
    files = {
        f"media/{tag}/anh.jpg": os.urandom(3000),
        f"private/{tag}/ho-so/Tờ trình khen thưởng.docx": os.urandom(5000),
        f"private/{tag}/empty.txt": b"",
    }
    roots = backups.file_roots()
    for rel, content in files.items():
        root, _, path = rel.partition("/")
        target = roots[root] / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return files


def tree_hashes(*roots: Path) -> dict[str, str]:
    out = {}
    for name, root in zip(("media", "private"), roots, strict=True):
        for rel in backups._regular_files(root):
            out[f"{name}/{rel}"] = backups.sha256_of(root / rel)
    return out


def django_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            return _sqlite_counts_via(cursor)
        return backups._counts_pg(cursor)


def _sqlite_counts_via(cursor) -> dict[str, int]:
    cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    tables = [r[0] for r in cursor.fetchall()]
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    return counts


def wait_for_writes(thread: threading.Thread, written: list[int]) -> None:
    deadline = time.monotonic() + 10
    while len(written) < 20:
        assert thread.is_alive(), "the writer thread died"
        assert time.monotonic() < deadline, "the writer thread does not write"
        time.sleep(0.01)


def only_archive(folder: Path) -> Path:
    (archive,) = [p for p in folder.iterdir() if p.name.startswith(backups.PREFIX)]
    return archive


# The drills ---------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_sqlite_restore_drill_into_an_empty_database(world, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite drill runs on SQLite (the PostgreSQL one below on PostgreSQL)")
    files = put_files(uuid.uuid4().hex)
    call_command("backup", output=str(tmp_path / "bk"), tar=True)
    archive = only_archive(tmp_path / "bk")
    assert archive.suffix == ".tar"

    target = tmp_path / "target"
    target.mkdir()
    result = manage(["restore", str(archive)], var_dir=target)
    assert result.returncode == 0, result.stderr
    assert "khớp với manifest" in result.stdout

    restored = sqlite3.connect(target / "thidua.sqlite3")
    try:
        restored_counts = backups._counts_sqlite(restored)
    finally:
        restored.close()
    source_counts = django_counts()
    assert restored_counts == source_counts
    assert restored_counts["accounts_user"] == User.objects.count() > 0

    source = tree_hashes(Path(settings.MEDIA_ROOT), Path(settings.PRIVATE_STORAGE_ROOT))
    assert tree_hashes(target / "media", target / "private") == source
    for rel, content in files.items():
        assert (target / rel).read_bytes() == content

    # The same archive again: the database is no longer empty.
    again = manage(["restore", str(archive)], var_dir=target)
    assert again.returncode != 0
    assert "không trống" in again.stderr
    forced = manage(["restore", "--force", str(archive)], var_dir=target)
    assert forced.returncode == 0, forced.stderr


@pytest.fixture
def scratch_pg_database():
    """An empty database thidua_restore_<random> on the test server, dropped afterwards."""
    if connection.vendor != "postgresql":
        pytest.skip(NEEDS_PG)
    name = f"thidua_restore_{uuid.uuid4().hex[:10]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    conf = connection.settings_dict
    auth = conf["USER"] + (f":{conf['PASSWORD']}" if conf.get("PASSWORD") else "")
    url = f"postgres://{auth}@{conf['HOST'] or '127.0.0.1'}:{conf['PORT'] or 5432}/{name}"
    try:
        yield url
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


PAIRS_SQL = [
    "CREATE TABLE drill_pair (id SERIAL PRIMARY KEY, batch integer NOT NULL)",
    "CREATE TABLE drill_total (id integer PRIMARY KEY, n integer NOT NULL)",
    "INSERT INTO drill_total VALUES (1, 0)",
]


def pg_writer(stop: threading.Event, written: list[int]):
    """Writes two rows and bumps the total in one transaction, again and again, until stopped."""
    conf = connection.settings_dict
    with psycopg.connect(
        dbname=conf["NAME"],
        user=conf["USER"],
        password=conf.get("PASSWORD") or None,
        host=conf["HOST"] or "127.0.0.1",
        port=conf["PORT"] or 5432,
    ) as conn:
        batch = 0
        while not stop.is_set():
            batch += 1
            with conn.transaction():
                conn.execute("INSERT INTO drill_pair (batch) VALUES (%s), (%s)", (batch, batch))
                conn.execute("UPDATE drill_total SET n = n + 2 WHERE id = 1")
            written.append(batch)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_postgresql_restore_drill_while_rows_are_written(world, tmp_path, scratch_pg_database):
    files = put_files(uuid.uuid4().hex)
    with connection.cursor() as cursor:
        for sql in PAIRS_SQL:
            cursor.execute(sql)
    stop, written = threading.Event(), []
    writer = threading.Thread(target=pg_writer, args=(stop, written))
    writer.start()
    try:
        wait_for_writes(writer, written)
        before = len(written)
        call_command("backup", output=str(tmp_path / "bk"))
        after = len(written)
    finally:
        stop.set()
        writer.join()
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE drill_pair, drill_total")
    assert after > before, "the writer should have been writing during the backup"
    archive = only_archive(tmp_path / "bk")
    manifest = backups.verify_archive(archive)
    pairs = manifest["tables"]["drill_pair"]
    assert pairs % 2 == 0 and 2 * before <= pairs <= 2 * after

    target = tmp_path / "target"
    target.mkdir()
    result = manage(["restore", str(archive)], var_dir=target, database_url=scratch_pg_database)
    assert result.returncode == 0, result.stderr
    # restore checked every table's count against the manifest; compare with the source too.
    with psycopg.connect(scratch_pg_database) as conn, conn.cursor() as cursor:
        restored = backups._counts_pg(cursor)
        cursor.execute("SELECT n FROM drill_total")
        assert cursor.fetchone()[0] == pairs  # no torn state: total and rows from one snapshot
    source = django_counts()
    assert {t: n for t, n in restored.items() if not t.startswith("drill_")} == source
    assert restored["drill_pair"] == pairs
    assert tree_hashes(target / "media", target / "private") == tree_hashes(
        Path(settings.MEDIA_ROOT), Path(settings.PRIVATE_STORAGE_ROOT)
    )
    for rel, content in files.items():
        assert (target / rel).read_bytes() == content
    again = manage(["restore", str(archive)], var_dir=target, database_url=scratch_pg_database)
    assert again.returncode != 0 and "không trống" in again.stderr
    forced = manage(["restore", "--force", str(archive)], var_dir=target, database_url=scratch_pg_database)
    assert forced.returncode == 0, forced.stderr


def test_sqlite_backup_while_rows_are_written_is_one_snapshot(tmp_path):
    """A file database in WAL mode, another connection writing two rows and a total per transaction
    while manage.py backup (another process) copies it: the copy holds whole transactions only and
    the manifest's counts are those of the copy."""
    var = tmp_path / "var"
    var.mkdir()
    db = var / "thidua.sqlite3"
    setup = sqlite3.connect(db)
    setup.execute("PRAGMA journal_mode=WAL")
    setup.execute("CREATE TABLE drill_pair (id INTEGER PRIMARY KEY, batch integer NOT NULL)")
    setup.execute("CREATE TABLE drill_total (id integer PRIMARY KEY, n integer NOT NULL)")
    setup.execute("INSERT INTO drill_total VALUES (1, 0)")
    setup.execute("CREATE TABLE django_migrations (id INTEGER PRIMARY KEY, app, name, applied)")
    setup.commit()
    setup.close()

    stop, written = threading.Event(), []

    def writer():
        conn = sqlite3.connect(db, timeout=20, isolation_level=None)
        batch = 0
        while not stop.is_set():
            batch += 1
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT INTO drill_pair (batch) VALUES (?), (?)", (batch, batch))
            conn.execute("UPDATE drill_total SET n = n + 2")
            conn.execute("COMMIT")
            written.append(batch)
        conn.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        wait_for_writes(thread, written)
        before = len(written)
        result = manage(["backup", "--output", str(tmp_path / "bk")], var_dir=var)
        after = len(written)
    finally:
        stop.set()
        thread.join()
    assert result.returncode == 0, result.stderr
    assert after > before
    archive = only_archive(tmp_path / "bk")
    manifest = backups.verify_archive(archive)
    copy = sqlite3.connect(archive / backups.SQLITE_FILE)
    try:
        (total,) = copy.execute("SELECT n FROM drill_total").fetchone()
        assert backups._counts_sqlite(copy) == manifest["tables"]
    finally:
        copy.close()
    pairs = manifest["tables"]["drill_pair"]
    assert total == pairs and pairs % 2 == 0 and 2 * before <= pairs <= 2 * after


# Refusals -----------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_corrupted_archive_is_refused(tmp_path):
    put_files(uuid.uuid4().hex)
    call_command("backup", output=str(tmp_path / "bk"))
    archive = only_archive(tmp_path / "bk")
    victim = next(p for p in (archive / "files").rglob("anh.jpg"))
    data = bytearray(victim.read_bytes())
    data[100] ^= 0xFF
    victim.write_bytes(bytes(data))
    with pytest.raises(CommandError, match="sai mã kiểm tra"):
        call_command("restore", str(archive), force=True)

    # A packed archive cut short is refused too.
    call_command("backup", output=str(tmp_path / "bk2"), tar=True)
    tar = only_archive(tmp_path / "bk2")
    tar.write_bytes(tar.read_bytes()[: tar.stat().st_size // 2])
    with pytest.raises(CommandError):
        call_command("restore", str(tar), force=True)


@pytest.mark.django_db(transaction=True)
def test_migrations_newer_than_the_code_are_refused(tmp_path):
    call_command("backup", output=str(tmp_path / "bk"))
    archive = only_archive(tmp_path / "bk")
    manifest = json.loads((archive / backups.MANIFEST).read_text())
    manifest["migrations"].setdefault("core", []).append("9999_from_the_future")
    (archive / backups.MANIFEST).write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match="sai mã kiểm tra"):
        call_command("restore", str(archive), force=True)
    backups._write_sums(archive)  # as if the archive came from a newer release
    with pytest.raises(CommandError, match=r"core\.9999_from_the_future"):
        call_command("restore", str(archive), force=True)


@pytest.mark.django_db(transaction=True)
def test_a_non_empty_database_is_refused_and_left_alone(tmp_path):
    User.objects.create_user(username="con-day", password="x" * 12)
    call_command("backup", output=str(tmp_path / "bk"))
    User.objects.create_user(username="sau-sao-luu", password="x" * 12)
    archive = only_archive(tmp_path / "bk")
    with pytest.raises(CommandError, match="không trống"):
        call_command("restore", str(archive))
    assert User.objects.filter(username__in=["con-day", "sau-sao-luu"]).count() == 2


def test_prune_keeps_the_newest(tmp_path):
    for stamp in ["20250101T010000Z", "20250102T010000Z", "20250103T010000Z"]:
        (tmp_path / f"{backups.PREFIX}{stamp}").mkdir()
    (tmp_path / f"{backups.PREFIX}20250104T010000Z.tar").write_bytes(b"")
    (tmp_path / f"{backups.PREFIX}20250105T010000Z.partial").mkdir()
    (tmp_path / "other").mkdir()
    removed = backups.prune(tmp_path, keep=2)
    assert [p.name for p in removed] == [
        f"{backups.PREFIX}20250101T010000Z",
        f"{backups.PREFIX}20250102T010000Z",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "other",
        f"{backups.PREFIX}20250103T010000Z",
        f"{backups.PREFIX}20250104T010000Z.tar",
        f"{backups.PREFIX}20250105T010000Z.partial",
    ]
