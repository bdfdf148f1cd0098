"""Backups and restores of the whole installation: the database and the files (manage.py backup,
manage.py restore; docs/deployment.md "Backups").

An archive is a folder (or the same folder packed in a .tar) holding:
  database.sqlite3 | database.pgdump   SQLite copy made with the online backup API, or pg_dump -Fc
  files/media/…, files/private/…       MEDIA_ROOT and PRIVATE_STORAGE_ROOT
  manifest.json                        created at, vendor, applied migrations, row counts of every
                                       table, every file with size and SHA-256
  SHA256SUMS                           SHA-256 of every other file of the archive (sha256sum -c)

The row counts describe exactly the database snapshot in the archive: on SQLite they are counted
in the copy itself; on PostgreSQL they are counted in a REPEATABLE READ transaction whose snapshot
pg_dump shares (pg_export_snapshot / pg_dump --snapshot). Files are copied after the database, so
every file a row of the snapshot names is already there.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connections, transaction
from django.db.migrations.loader import MigrationLoader

FORMAT = "thidua-backup"
FORMAT_VERSION = 1
PREFIX = "thidua-backup-"
MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"
SQLITE_FILE = "database.sqlite3"
PGDUMP_FILE = "database.pgdump"
PG_DUMP = "/usr/bin/pg_dump"
PG_RESTORE = "/usr/bin/pg_restore"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator."""


@dataclass
class RestoreReport:
    archive: str
    vendor: str
    tables: int
    rows: int
    files: int
    pending_migrations: list[str] = field(default_factory=list)
    extra_files: int = 0


def file_roots() -> dict[str, Path]:
    """The folders whose files belong in a backup (generated documents live in the private one)."""
    return {"media": Path(settings.MEDIA_ROOT), "private": Path(settings.PRIVATE_STORAGE_ROOT)}


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _copy_hashing(src: Path, dst: Path) -> tuple[int, str]:
    """Copy src to dst and answer (size, sha256) of what was written (not of a later src)."""
    digest = hashlib.sha256()
    size = 0
    dst.parent.mkdir(parents=True, exist_ok=True)
    with open(src, "rb") as fin, open(dst, "wb") as fout:
        while block := fin.read(CHUNK):
            digest.update(block)
            size += len(block)
            fout.write(block)
        fout.flush()
        os.fsync(fout.fileno())
    return size, digest.hexdigest()


def _regular_files(root: Path):
    """Relative POSIX paths of the regular files under root (symbolic links are not followed)."""
    if not root.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if path.is_file() and not path.is_symlink():
                yield path.relative_to(root).as_posix()


# Database side ------------------------------------------------------------------------------------


def vendor_of(alias: str) -> str:
    vendor = connections[alias].vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"Cơ sở dữ liệu loại {vendor} không được hỗ trợ (chỉ SQLite và PostgreSQL).")
    return vendor


def pg_environment(alias: str) -> dict[str, str]:
    """Connection settings of DATABASES[alias] as libpq environment variables: the password never
    appears on a command line (where `ps` would show it)."""
    conf = connections[alias].settings_dict
    env = dict(os.environ)
    for key in list(env):
        if key.startswith("PG"):
            del env[key]
    pairs = {
        "PGDATABASE": conf.get("NAME"),
        "PGUSER": conf.get("USER"),
        "PGPASSWORD": conf.get("PASSWORD"),
        "PGHOST": conf.get("HOST"),
        "PGPORT": conf.get("PORT"),
    }
    options = conf.get("OPTIONS") or {}
    for option, variable in (
        ("sslmode", "PGSSLMODE"),
        ("sslrootcert", "PGSSLROOTCERT"),
        ("sslcert", "PGSSLCERT"),
        ("sslkey", "PGSSLKEY"),
        ("passfile", "PGPASSFILE"),
        ("service", "PGSERVICE"),
        ("connect_timeout", "PGCONNECT_TIMEOUT"),
    ):
        pairs[variable] = options.get(option)
    env.update({k: str(v) for k, v in pairs.items() if v not in (None, "")})
    env["PGAPPNAME"] = "thidua-backup"
    return env


def _sqlite_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    ).fetchall()
    return [r[0] for r in rows]


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _counts_sqlite(conn: sqlite3.Connection) -> dict[str, int]:
    return {t: conn.execute(f"SELECT COUNT(*) FROM {_quote(t)}").fetchone()[0] for t in _sqlite_tables(conn)}


def _migrations_sqlite(conn: sqlite3.Connection) -> dict[str, list[str]]:
    if "django_migrations" not in _sqlite_tables(conn):
        return {}
    applied: dict[str, list[str]] = {}
    for app, name in conn.execute("SELECT app, name FROM django_migrations ORDER BY app, name"):
        applied.setdefault(app, []).append(name)
    return applied


def _pg_tables(cursor) -> list[str]:
    cursor.execute(
        "SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) FROM pg_class c"
        " JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
        " AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%' ORDER BY 1"
    )
    return [r[0] for r in cursor.fetchall()]


def _counts_pg(cursor) -> dict[str, int]:
    counts = {}
    for table in _pg_tables(cursor):
        cursor.execute(f"SELECT COUNT(*) FROM ONLY {table}")
        counts[table.removeprefix("public.")] = cursor.fetchone()[0]
    return counts


def _migrations_pg(cursor) -> dict[str, list[str]]:
    cursor.execute("SELECT to_regclass('django_migrations') IS NOT NULL")
    if not cursor.fetchone()[0]:
        return {}
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    applied: dict[str, list[str]] = {}
    for app, name in cursor.fetchall():
        applied.setdefault(app, []).append(name)
    return applied


def _backup_sqlite(alias: str, work: Path) -> dict:
    """Copy the database with SQLite's online backup API in one step: the source is read inside
    one read transaction (WAL: writers carry on), so the copy is one consistent snapshot."""
    connection = connections[alias]
    if connection.in_atomic_block:
        raise BackupError("Không sao lưu SQLite bên trong một giao dịch đang mở.")
    connection.ensure_connection()
    target = work / SQLITE_FILE
    dest = sqlite3.connect(target)
    try:
        connection.connection.backup(dest)  # pages=-1: everything in one step, one snapshot
        dest.execute("PRAGMA journal_mode=DELETE")  # a self-contained file, no -wal beside it
    finally:
        dest.close()
    copy = sqlite3.connect(f"file:{target}?mode=ro", uri=True)
    try:
        if copy.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise BackupError("Bản sao SQLite không qua được kiểm tra toàn vẹn (PRAGMA quick_check).")
        return {"tables": _counts_sqlite(copy), "migrations": _migrations_sqlite(copy)}
    finally:
        copy.close()


def _backup_postgresql(alias: str, work: Path) -> dict:
    """pg_dump -Fc sharing the snapshot in which the rows are counted."""
    connection = connections[alias]
    if connection.in_atomic_block:
        raise BackupError("Không sao lưu PostgreSQL bên trong một giao dịch đang mở.")
    target = work / PGDUMP_FILE
    with transaction.atomic(using=alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
        snapshot, server_version = cursor.fetchone()
        tables = _counts_pg(cursor)
        migrations = _migrations_pg(cursor)
        result = subprocess.run(
            [PG_DUMP, "--format=custom", "--no-password", f"--snapshot={snapshot}", f"--file={target}"],
            env=pg_environment(alias),
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise BackupError(f"pg_dump thất bại (mã {result.returncode}): {result.stderr.strip()}")
    return {"tables": tables, "migrations": migrations, "server_version": server_version}


# Backup -------------------------------------------------------------------------------------------


def _write_sums(folder: Path) -> None:
    lines = []
    for rel in _regular_files(folder):
        if rel != SUMS:
            lines.append(f"{sha256_of(folder / rel)}  {rel}\n")
    (folder / SUMS).write_text("".join(lines), encoding="utf-8")


def create_backup(output_dir, *, alias: str = "default", as_tar: bool = False, now=None) -> Path:
    """Write one archive into output_dir and answer its path (folder, or .tar when as_tar)."""
    vendor = vendor_of(alias)
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    created = now or datetime.now(UTC)
    name = PREFIX + created.strftime("%Y%m%dT%H%M%S%fZ")
    final = output_dir / (name + (".tar" if as_tar else ""))
    work = output_dir / (name + ".partial")
    if final.exists() or work.exists():
        raise BackupError(f"{final} đã có.")
    work.mkdir(mode=0o700)
    try:
        if vendor == "sqlite":
            db = _backup_sqlite(alias, work)
            db_file = SQLITE_FILE
        else:
            db = _backup_postgresql(alias, work)
            db_file = PGDUMP_FILE
        files = []
        for root_name, root in file_roots().items():
            for rel in _regular_files(root):
                try:
                    size, digest = _copy_hashing(root / rel, work / "files" / root_name / rel)
                except FileNotFoundError:
                    continue  # removed while we walked: it is not part of this backup
                files.append({"root": root_name, "path": rel, "size": size, "sha256": digest})
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": created.isoformat(),
            "database": {
                "vendor": vendor,
                "file": db_file,
                "size": (work / db_file).stat().st_size,
                "sha256": sha256_of(work / db_file),
                **({"server_version": db["server_version"]} if "server_version" in db else {}),
            },
            "migrations": db["migrations"],
            "tables": db["tables"],
            "rows": sum(db["tables"].values()),
            "file_roots": {k: str(v) for k, v in file_roots().items()},
            "files": files,
        }
        (work / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        _write_sums(work)
        if as_tar:
            partial_tar = output_dir / (name + ".tar.partial")
            with tarfile.open(partial_tar, "w") as tar:
                for rel in _regular_files(work):
                    tar.add(work / rel, arcname=f"{name}/{rel}")
            os.chmod(partial_tar, 0o600)
            os.replace(partial_tar, final)
            shutil.rmtree(work)
        else:
            os.replace(work, final)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        (output_dir / (name + ".tar.partial")).unlink(missing_ok=True)
        raise
    return final


def prune(output_dir, keep: int) -> list[Path]:
    """Remove all but the newest `keep` complete archives of output_dir; answer what was removed.
    Only names this module writes are touched (thidua-backup-<UTC time>[.tar])."""
    if keep < 1:
        raise BackupError("--keep phải ít nhất là 1.")
    archives = sorted(
        p
        for p in Path(output_dir).iterdir()
        if p.name.startswith(PREFIX)
        and not p.name.endswith(".partial")
        and (p.is_dir() or p.suffix == ".tar")
    )
    removed = archives[:-keep]
    for path in removed:
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
    return removed


# Restore ------------------------------------------------------------------------------------------


@contextmanager
def opened_archive(path):
    """The archive as a folder: a .tar is unpacked (data filter: no links out, no absolute names)
    into a temporary folder beside it, removed afterwards."""
    path = Path(path)
    if path.is_dir():
        yield path
        return
    if not path.is_file():
        raise BackupError(f"Không thấy bản sao lưu {path}.")
    try:
        with tempfile.TemporaryDirectory(prefix="thidua-restore-", dir=path.parent) as tmp:
            with tarfile.open(path) as tar:
                tar.extractall(tmp, filter="data")
            entries = [p for p in Path(tmp).iterdir()]
            if len(entries) != 1 or not entries[0].is_dir():
                raise BackupError(f"{path} không phải bản sao lưu ThiDua (cần đúng một thư mục bên trong).")
            yield entries[0]
    except tarfile.TarError as exc:
        raise BackupError(f"Không đọc được {path}: {exc}") from exc


def verify_archive(folder: Path) -> dict:
    """Check SHA256SUMS against every file, and the manifest against the files; answer the manifest."""
    sums_path = folder / SUMS
    if not sums_path.is_file() or not (folder / MANIFEST).is_file():
        raise BackupError(f"{folder} không phải bản sao lưu ThiDua (thiếu {MANIFEST} hoặc {SUMS}).")
    expected = {}
    for line in sums_path.read_text(encoding="utf-8").splitlines():
        digest, _, rel = line.partition("  ")
        if not rel or len(digest) != 64:
            raise BackupError(f"{SUMS} hỏng: dòng “{line[:80]}”.")
        expected[rel] = digest
    present = {rel for rel in _regular_files(folder) if rel != SUMS}
    problems = []
    if missing := sorted(set(expected) - present):
        problems.append("thiếu " + ", ".join(missing[:5]))
    if extra := sorted(present - set(expected)):
        problems.append("thừa " + ", ".join(extra[:5]))
    bad = sorted(rel for rel in set(expected) & present if sha256_of(folder / rel) != expected[rel])
    if bad:
        problems.append("sai mã kiểm tra " + ", ".join(bad[:5]))
    if problems:
        raise BackupError("Bản sao lưu bị hỏng hoặc bị sửa, không khôi phục: " + "; ".join(problems) + ".")
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except ValueError as exc:
        raise BackupError(f"{MANIFEST} không đọc được: {exc}") from exc
    if manifest.get("format") != FORMAT or manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(f"{MANIFEST} không phải định dạng {FORMAT} phiên bản {FORMAT_VERSION}.")
    db = manifest["database"]
    if expected.get(db["file"]) != db["sha256"]:
        raise BackupError("Mã kiểm tra của tệp cơ sở dữ liệu không khớp với manifest.")
    for entry in manifest["files"]:
        rel = f"files/{entry['root']}/{entry['path']}"
        if expected.get(rel) != entry["sha256"] or (folder / rel).stat().st_size != entry["size"]:
            raise BackupError(f"Tệp {rel} không khớp với manifest.")
    return manifest


def migration_gap(manifest: dict) -> tuple[list[str], list[str]]:
    """(applied in the archive but unknown to this code, known to the code but not in the archive)."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    archived = {(app, name) for app, names in manifest["migrations"].items() for name in names}
    newer = sorted(f"{a}.{n}" for a, n in archived - known)
    pending = sorted(f"{a}.{n}" for a, n in known - archived)
    return newer, pending


def database_objects(alias: str) -> list[str]:
    connection = connections[alias]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'"
            )
        else:
            cursor.execute(
                "SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                " WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')"
                " AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
                " AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%'"
            )
        return sorted(r[0] for r in cursor.fetchall())


def _restore_sqlite(alias: str, folder: Path) -> dict[str, int]:
    connection = connections[alias]
    connection.close()
    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or "mode=memory" in name:
        raise BackupError("Không khôi phục vào cơ sở dữ liệu SQLite trong bộ nhớ.")
    source = sqlite3.connect(f"file:{folder / SQLITE_FILE}?mode=ro", uri=True)
    dest = sqlite3.connect(name, timeout=20)
    try:
        source.backup(dest)
        dest.execute("PRAGMA journal_mode=WAL")
        if dest.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError("Cơ sở dữ liệu sau khi khôi phục không qua được PRAGMA integrity_check.")
        return _counts_sqlite(dest)
    finally:
        source.close()
        dest.close()


def _restore_postgresql(alias: str, folder: Path, force: bool) -> dict[str, int]:
    connection = connections[alias]
    if force:
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
    connection.close()
    result = subprocess.run(
        [
            PG_RESTORE,
            "--no-password",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={connection.settings_dict['NAME']}",
            str(folder / PGDUMP_FILE),
        ],
        env=pg_environment(alias),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_restore thất bại (mã {result.returncode}): {result.stderr.strip()}")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        return _counts_pg(cursor)


def _restore_files(manifest: dict, folder: Path, force: bool) -> int:
    roots = file_roots()
    conflicts = []
    for entry in manifest["files"]:
        target = roots[entry["root"]] / entry["path"]
        if target.exists() and sha256_of(target) != entry["sha256"]:
            conflicts.append(str(target))
    if conflicts and not force:
        raise BackupError(
            f"{len(conflicts)} tệp đã có với nội dung khác (ví dụ {conflicts[0]}); dùng --force để ghi đè."
        )
    for entry in manifest["files"]:
        target = roots[entry["root"]] / entry["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = target.with_name(f".{target.name}.restoring")
        shutil.copyfile(folder / "files" / entry["root"] / entry["path"], temp)
        os.replace(temp, target)
    return len(manifest["files"])


def restore_backup(archive, *, alias: str = "default", force: bool = False) -> RestoreReport:
    """Check the archive, restore the database (into an empty one unless force) and the files, and
    check the result against the manifest. Raises BackupError before touching anything when the
    archive is damaged, newer than the code, of another vendor, or the target is not empty."""
    vendor = vendor_of(alias)
    with opened_archive(archive) as folder:
        manifest = verify_archive(folder)
        archived_vendor = manifest["database"]["vendor"]
        if archived_vendor != vendor:
            raise BackupError(f"Bản sao lưu là của {archived_vendor}, cơ sở dữ liệu đích là {vendor}.")
        newer, pending = migration_gap(manifest)
        if newer:
            raise BackupError(
                "Bản sao lưu có migration mà mã nguồn này chưa có (hãy cập nhật mã nguồn trước): "
                + ", ".join(newer[:10])
            )
        existing = database_objects(alias)
        if existing and not force:
            raise BackupError(
                f"Cơ sở dữ liệu đích không trống ({len(existing)} bảng, ví dụ {existing[0]}); "
                "chỉ khôi phục vào cơ sở dữ liệu trống, hoặc dùng --force để xóa và ghi đè."
            )
        if vendor == "sqlite":
            counts = _restore_sqlite(alias, folder)
        else:
            counts = _restore_postgresql(alias, folder, force)
        files = _restore_files(manifest, folder, force)
    check_restored(manifest, counts)
    return RestoreReport(
        archive=str(archive),
        vendor=vendor,
        tables=len(counts),
        rows=sum(counts.values()),
        files=files,
        pending_migrations=pending,
    )


def check_restored(manifest: dict, counts: dict[str, int]) -> None:
    """Row counts of every table and checksums of every file as the manifest has them."""
    problems = []
    for table, expected in manifest["tables"].items():
        if counts.get(table) != expected:
            problems.append(f"bảng {table}: {counts.get(table)} dòng, cần {expected}")
    for table in sorted(set(counts) - set(manifest["tables"])):
        problems.append(f"bảng {table} không có trong bản sao lưu")
    roots = file_roots()
    for entry in manifest["files"]:
        target = roots[entry["root"]] / entry["path"]
        if not target.is_file() or sha256_of(target) != entry["sha256"]:
            problems.append(f"tệp {target} sai mã kiểm tra")
    if problems:
        raise BackupError("Kiểm tra sau khôi phục không đạt: " + "; ".join(problems[:10]))
