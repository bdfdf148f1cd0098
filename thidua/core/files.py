"""Uploads written under a temporary name and moved into place only after the database commit.

A service stages the bytes first (``stage``: a ``.part-…`` file next to the final one, written
and fsynced), then creates its row in its transaction and calls ``Staged.move_on_commit``:

* the disk write fails (full, read-only, no permission) → the temporary file is removed and the
  service gets a Vietnamese ``ValidationError`` before any row is written: no row, no file;
* the database write fails after staging → ``discard`` (the ``with staged(...)`` block does it
  on any exception) removes the temporary file: no orphan;
* the move itself fails after the commit (rare: ``rename`` in one folder needs no space) → the
  row is **removed** (the service's ``on_failure``), the temporary file too, and an alarm is
  raised, so no row ever points at a missing file. Rows are removed rather than marked because
  a marked row would need every reader to learn the mark.

A transaction rolled back by a caller further out leaves a ``.part-…`` file that no row names;
``manage.py check_files`` (and its periodic task) reports such files and removes those older
than ``STALE_TEMP_SECONDS``.

Every app whose rows name files declares where they are (``AppConfig.file_stores``: dotted paths
of callables returning ``FileStore`` lists); ``FileField``s of every model are found by
themselves. ``check_files`` compares the two sides.
"""

from __future__ import annotations

import errno
import logging
import os
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.module_loading import import_string
from django_tasks import task

from thidua.core.alarms import raise_alarm

logger = logging.getLogger(__name__)

TEMP_PREFIX = ".part-"
STALE_TEMP_SECONDS = 3600
WRITE_FAILED = "Không lưu được tệp: ổ đĩa của máy chủ đầy hoặc không ghi được. Vui lòng thử lại sau."


class Staged:
    """A file written under a temporary name, waiting to be moved to ``final``."""

    def __init__(self, final: Path, temp: Path):
        self.final = final
        self.temp = temp
        self.moved = False

    def move_on_commit(self, *, on_failure: Callable[[], object] | None = None) -> None:
        transaction.on_commit(lambda: self.move(on_failure=on_failure))

    def move(self, *, on_failure: Callable[[], object] | None = None) -> bool:
        try:
            os.replace(self.temp, self.final)
        except OSError as exc:
            logger.error("could not move %s into place: %s", self.final, exc)
            self.discard()
            raise_alarm(
                "files.move_failed",
                f"Không chuyển được tệp tải lên vào chỗ ({exc.strerror or exc}); bản ghi của tệp đã bị xoá.",
                details={"file": str(self.final), "errno": exc.errno},
            )
            if on_failure is not None:
                try:
                    on_failure()
                except Exception:
                    logger.exception("could not remove the row of %s", self.final)
            return False
        self.moved = True
        return True

    def discard(self) -> None:
        try:
            self.temp.unlink(missing_ok=True)
        except OSError:
            logger.warning("could not remove the temporary file %s", self.temp)


def _chunks(data) -> Iterator[bytes]:
    if isinstance(data, bytes | bytearray | memoryview):
        yield bytes(data)
        return
    if hasattr(data, "seek"):
        data.seek(0)
    yield from (data.chunks() if hasattr(data, "chunks") else iter(lambda: data.read(1 << 20), b""))


def stage(directory: Path, name: str, data, *, field: str = "file") -> Staged:
    """Write ``data`` (bytes, or an uploaded or open file) to a temporary file in ``directory`` (the final name is ``directory/name``,
    ``name`` may hold sub-folders). A disk error becomes a ValidationError on ``field`` and an
    alarm; nothing stays on disk."""
    final = Path(directory) / name
    temp = final.parent / f"{TEMP_PREFIX}{uuid.uuid4().hex}-{final.name}"
    fd = None
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o640)
        for chunk in _chunks(data):
            view = memoryview(chunk)
            while view:
                written = os.write(fd, view)
                if written <= 0:
                    raise OSError(errno.ENOSPC, "short write")
                view = view[written:]
        os.fsync(fd)
    except OSError as exc:
        if fd is not None:
            os.close(fd)
            fd = None
        with suppress(OSError):
            temp.unlink(missing_ok=True)
        raise_alarm(
            "files.write_failed",
            f"Không ghi được tệp tải lên vào {final.parent} ({exc.strerror or exc}).",
            details={"directory": str(final.parent), "errno": exc.errno},
        )
        raise ValidationError({field: [WRITE_FAILED]}) from exc
    finally:
        if fd is not None:
            os.close(fd)
    return Staged(final, temp)


@contextmanager
def staged(directory: Path, name: str, data, *, field: str = "file") -> Iterator[Staged]:
    """``stage`` whose temporary file is removed if the block raises."""
    item = stage(directory, name, data, field=field)
    try:
        yield item
    except BaseException:
        item.discard()
        raise


@contextmanager
def discard_on_error(item) -> Iterator[None]:
    """Remove a staged file if the block raises; ``item`` is a ``Staged`` or a callable returning
    one (or None: nothing staged yet)."""
    try:
        yield
    except BaseException:
        staged_item = item() if callable(item) else item
        if staged_item is not None:
            staged_item.discard()
        raise


def stage_field(instance: models.Model, attname: str, filename: str, data) -> Staged:
    """Stage ``data`` for the FileField ``attname`` of ``instance`` (a FileSystemStorage): the
    name comes from the field's ``upload_to``; the field is set to it (the caller saves)."""
    file_field = instance._meta.get_field(attname)
    storage = file_field.storage
    name = storage.get_available_name(file_field.generate_filename(instance, filename))
    item = stage(Path(storage.location), name, data, field=attname)
    setattr(instance, attname, name)
    return item


# The check ---------------------------------------------------------------------------------------


@dataclass
class FileStore:
    """A folder whose files are named by rows: ``expected`` are the names (relative to
    ``directory``) rows point at. ``recursive``: files in sub-folders count too."""

    label: str
    directory: Path
    expected: set[str] = field(default_factory=set)
    recursive: bool = False


def _field_stores() -> list[FileStore]:
    """One store per FileField of every installed model, in the folder its ``upload_to`` gives."""
    stores: dict[tuple[str, Path], FileStore] = {}
    for model in apps.get_models():
        for f in model._meta.concrete_fields:
            if not isinstance(f, models.FileField) or not hasattr(f.storage, "location"):
                continue
            try:
                probe = f.generate_filename(model(), "probe.bin")
            except Exception:
                logger.warning("check_files: cannot tell the folder of %s.%s", model._meta.label, f.name)
                continue
            folder = os.path.dirname(probe)
            if not folder:
                continue  # files at the storage's top level: the folder holds other things too
            root = Path(f.storage.location)
            key = (f"{model._meta.label}.{f.name}", root / folder)
            store = stores.setdefault(key, FileStore(key[0], root / folder))
            for name in model._default_manager.exclude(**{f.name: ""}).values_list(f.name, flat=True):
                if name and os.path.dirname(name) == folder:
                    store.expected.add(os.path.basename(name))
                elif name:
                    # A name outside the usual folder still has to exist.
                    extra = stores.setdefault(
                        (key[0], root / os.path.dirname(name)),
                        FileStore(key[0], root / os.path.dirname(name)),
                    )
                    extra.expected.add(os.path.basename(name))
    return list(stores.values())


def file_stores() -> list[FileStore]:
    stores = _field_stores()
    for config in apps.get_app_configs():
        for path in getattr(config, "file_stores", None) or []:
            stores.extend(import_string(path)())
    return stores


@dataclass
class CheckResult:
    orphans: list[Path] = field(default_factory=list)  # on disk, no row
    missing: list[tuple[str, Path]] = field(default_factory=list)  # row, no file
    temporaries: list[Path] = field(default_factory=list)  # unfinished uploads
    removed_temporaries: int = 0

    def as_dict(self) -> dict:
        return {
            "orphans": len(self.orphans),
            "missing": len(self.missing),
            "temporaries": len(self.temporaries),
            "removed_temporaries": self.removed_temporaries,
        }


def _files_in(store: FileStore) -> Iterable[Path]:
    if not store.directory.is_dir():
        return []
    pattern = store.directory.rglob("*") if store.recursive else store.directory.iterdir()
    return [p for p in pattern if p.is_file()]


def check(
    stores: list[FileStore] | None = None, *, now: float | None = None, clean: bool = True
) -> CheckResult:
    """Compare rows and files. Temporary files of uploads older than ``STALE_TEMP_SECONDS`` are
    removed when ``clean``; the others are counted."""
    stores = file_stores() if stores is None else stores
    now = time.time() if now is None else now
    result = CheckResult()
    seen_dirs: dict[Path, set[str]] = {}
    for store in stores:
        seen_dirs.setdefault(store.directory, set()).update(store.expected)
    for store in stores:
        for name in sorted(store.expected):
            path = store.directory / name
            if not path.is_file():
                result.missing.append((store.label, path))
    for directory, expected in seen_dirs.items():
        probe = FileStore(
            "", directory, recursive=any(s.recursive for s in stores if s.directory == directory)
        )
        for path in sorted(_files_in(probe)):
            relative = str(path.relative_to(directory))
            if path.name.startswith(TEMP_PREFIX):
                if clean and now - path.stat().st_mtime > STALE_TEMP_SECONDS:
                    path.unlink(missing_ok=True)
                    result.removed_temporaries += 1
                else:
                    result.temporaries.append(path)
            elif relative not in expected:
                result.orphans.append(path)
    return result


def check_and_report(*, clean: bool = True) -> CheckResult:
    """Run the check, log its counts and raise an alarm when files are orphaned or missing."""
    result = check(clean=clean)
    counts = result.as_dict()
    logger.info("check_files: %s", counts)
    if result.orphans or result.missing:
        raise_alarm(
            "files.check",
            f"Kiểm tra tệp: {len(result.orphans)} tệp không thuộc bản ghi nào, "
            f"{len(result.missing)} bản ghi thiếu tệp.",
            details={
                **counts,
                "orphan_files": [str(p) for p in result.orphans[:50]],
                "missing_files": [f"{label}: {p}" for label, p in result.missing[:50]],
            },
        )
    return result


@task()
def check_files(*, slot: str = "", previous: str | None = None) -> dict:
    """Hourly (``Periodic("core.check_files")``): orphan and missing files, logged and, when
    there are any, recorded as an alarm for administrators."""
    return check_and_report().as_dict()
