"""Exact view counting without a database write on the reader's request.

The request path appends one line per counted event to an append-only spool file owned by its
process (``record``). A flush (``flush``), run every few seconds on each host as a periodic task
(``thidua.portal.tasks.flush_views``, queued by the workers' scheduler on the host's own queue)
and serialised by a database row lock, reads every spool file from the offset it last committed, applies de-duplication (one count per visitor and article per window), adds
the counts with ``F()`` and advances the offsets, all in one transaction. Records are therefore
applied exactly once: a flush that dies before its commit applies nothing and the next one reads
the same bytes again; after the commit the offsets say those bytes are done.

What a crash can lose: a process crash loses nothing (each record is one ``write`` into the
kernel before the response is sent); a power cut or kernel crash can lose records written in the
last seconds that the kernel had not yet put on disk, unless ``PORTAL_SPOOL_FSYNC`` is on.
"""

import contextlib
import errno
import hashlib
import hmac
import logging
import os
import re
import socket
import threading
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F

from thidua.core.alarms import raise_alarm
from thidua.core.clients import client_ip
from thidua.portal.models import Article, FlushLock, SiteCounter, SpoolCursor, ViewSeen

logger = logging.getLogger(__name__)

SITE = 0  # article id used for site visits
VISITOR_COOKIE = "td_v"
BOT_RE = re.compile(
    r"bot|crawl|spider|slurp|bingpreview|facebookexternalhit|headless|python-requests|curl/|wget|"
    r"httpclient|okhttp|go-http|java/|libwww|scrapy|monitor|uptime|preview",
    re.IGNORECASE,
)
_VISITOR_RE = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


_spool_memo: list = [None, None]


def spool_dir() -> Path:
    """The spool folder (``PORTAL_SPOOL_DIR``, default ``<var>/portal-spool``); memoised because
    it is asked on every counted request."""
    raw = getattr(settings, "PORTAL_SPOOL_DIR", None)
    if _spool_memo[0] is not raw or _spool_memo[1] is None:
        _spool_memo[:] = [raw, Path(raw) if raw is not None else Path(settings.VAR_DIR) / "portal-spool"]
    return _spool_memo[1]


def window_seconds() -> float:
    return float(getattr(settings, "PORTAL_VIEW_WINDOW_SECONDS", 30 * 60))


def online_seconds() -> float:
    return float(getattr(settings, "PORTAL_ONLINE_SECONDS", 5 * 60))


def is_bot(user_agent: str) -> bool:
    return not user_agent or bool(BOT_RE.search(user_agent))


def visitor_id(request) -> tuple[str, bool]:
    """(visitor id, whether it is new). A returning browser sends its cookie; a client that keeps
    no cookies is identified by its address and user agent, so hammering from one client is
    still one visitor. The cookie set on first visit carries that same id."""
    cookie = request.COOKIES.get(VISITOR_COOKIE, "")
    if _VISITOR_RE.match(cookie):
        return cookie, False
    address = client_ip(request) or ""
    raw = f"{address}|{request.META.get('HTTP_USER_AGENT', '')}"
    digest = hmac.new(settings.SECRET_KEY.encode(), raw.encode(), hashlib.sha256).hexdigest()[:32]
    return digest, True


class SpoolWriter:
    """Appends records to this process's current spool file; a new file every ``rotate`` seconds
    so that consumed files can be deleted. Safe across threads and after ``fork``."""

    def __init__(self, directory: Path | None = None, rotate: float | None = None):
        self.directory = directory
        self.rotate = rotate if rotate is not None else float(getattr(settings, "PORTAL_SPOOL_ROTATE", 60))
        self._lock = threading.Lock()
        self._fd = None
        self._pid = None
        self._opened = 0.0
        self._token = uuid.uuid4().hex[:8]
        self._seq = 0
        self._dir = None

    def _open(self, directory: Path):
        directory.mkdir(parents=True, exist_ok=True)
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)
        if self._pid != os.getpid():
            self._token = uuid.uuid4().hex[:8]
            self._seq = 0
        self._pid = os.getpid()
        self._seq += 1
        name = f"{socket.gethostname()}-{self._pid}-{self._token}-{self._seq:06d}.spool"
        self._fd = os.open(directory / name, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o640)
        self._opened = time.monotonic()
        self._dir = directory

    def write(self, data: bytes) -> None:
        directory = self.directory or spool_dir()
        with self._lock:
            if (
                self._fd is None
                or self._pid != os.getpid()
                or time.monotonic() - self._opened > self.rotate
                or directory != self._dir
            ):
                self._open(directory)
            try:
                written = os.write(self._fd, data)
            except OSError:
                self._drop()
                raise
            if written != len(data):  # a regular file never writes short unless the disk is full
                # Take the partial record back so that the next record starts on a line of its own
                # (the flush reads complete lines only); this process owns the file.
                with contextlib.suppress(OSError):
                    os.ftruncate(self._fd, os.fstat(self._fd).st_size - written)
                self._drop()
                raise OSError(errno.ENOSPC, "spool write was short")
            if getattr(settings, "PORTAL_SPOOL_FSYNC", False):
                os.fsync(self._fd)

    def _drop(self) -> None:
        """Forget the current file after a failed write: the next record opens a new one (the
        records already in the old one stay and are flushed as usual)."""
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None

    def close(self):
        with self._lock:
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None


_writer = SpoolWriter()


def encode(article_id: int, visitor: str, ts: float) -> bytes:
    return f"{ts:.3f}\t{article_id}\t{visitor}\n".encode()


def record(*, visitor: str, article_id: int | None = None, ts: float | None = None, writer=None) -> None:
    """Spool a site visit (and an article view when ``article_id`` is given) for ``visitor``."""
    ts = time.time() if ts is None else ts
    data = encode(SITE, visitor, ts)
    if article_id:
        data += encode(article_id, visitor, ts)
    (writer or _writer).write(data)


def record_request(request, response, article_id: int | None = None) -> None:
    """Count a reader's request (bots are not counted) and give a new visitor its cookie.

    When the spool cannot be written (disk full, read-only, no permission) the page is still
    answered: this view is not counted, an alarm is logged and recorded for administrators once
    per period (``thidua.core.alarms``), and the records already spooled or flushed are kept."""
    if is_bot(request.META.get("HTTP_USER_AGENT", "")):
        return
    visitor, new = visitor_id(request)
    try:
        record(visitor=visitor, article_id=article_id)
    except OSError as exc:
        _spool_failed(exc)
    if new:
        response.set_cookie(
            VISITOR_COOKIE,
            visitor,
            max_age=365 * 86400,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )


_failures = [0]


def _spool_failed(exc: OSError) -> None:
    _failures[0] += 1
    raise_alarm(
        "portal.spool_write",
        f"Không ghi được lượt xem vào {spool_dir()} ({exc.strerror or exc}): trang vẫn phục vụ "
        "nhưng lượt xem không được đếm cho đến khi ổ đĩa ghi được trở lại.",
        details={"directory": str(spool_dir()), "errno": exc.errno, "uncounted_in_process": _failures[0]},
    )


def uncounted() -> int:
    """Views this process could not spool since it started."""
    return _failures[0]


# Flush -------------------------------------------------------------------------------------------


def _parse(chunk: bytes) -> list:
    records = []
    for line in chunk.decode("ascii", "replace").split("\n"):
        try:
            ts, article_id, visitor = line.split("\t")
            records.append((float(ts), int(article_id), visitor[:64]))
        except ValueError:
            if line:
                logger.warning("portal spool: skipped a malformed record %r", line[:100])
    return records


def _lock_flush(model):
    """Take the flush row lock (SQLite: the IMMEDIATE transaction already serialises writers)."""
    if not model.objects.select_for_update().filter(pk=1).exists():
        try:
            with transaction.atomic():
                model.objects.create(pk=1)
        except IntegrityError:
            pass
        model.objects.select_for_update().filter(pk=1).exists()


def _load_seen(model, keys: set) -> dict:
    """De-duplication state of these (article, visitor) pairs: {(article, visitor): [id, article,
    visitor, counted_at, last_seen]}. Plain SQL: a flush may handle hundreds of thousands of
    records. Each query names one article and a chunk of its visitors, so that it is answered
    from the (article_id, visitor) unique index instead of a scan of the table."""
    table = connection.ops.quote_name(model._meta.db_table)
    by_article: dict[int, list[str]] = {}
    for article_id, visitor in keys:
        by_article.setdefault(article_id, []).append(visitor)
    seen = {}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Join the keys as arrays: one index probe per key whatever the planner's (often
            # stale, the table grows fast) row estimates, where "IN (…)" lists drifted to scans.
            pairs = sorted(keys)
            for i in range(0, len(pairs), 5000):
                chunk = pairs[i : i + 5000]
                cursor.execute(
                    f"SELECT s.id, s.article_id, s.visitor, s.counted_at, s.last_seen FROM {table} s "
                    "JOIN unnest(%s::bigint[], %s::varchar[]) AS k(article_id, visitor) "
                    "ON s.article_id = k.article_id AND s.visitor = k.visitor",
                    [[a for a, _ in chunk], [v for _, v in chunk]],
                )
                for row in cursor.fetchall():
                    seen[(row[1], row[2])] = list(row)
            return seen
        for article_id, visitors in by_article.items():
            visitors.sort()
            for i in range(0, len(visitors), 900):
                chunk = visitors[i : i + 900]
                marks = ",".join(["%s"] * len(chunk))
                cursor.execute(
                    f"SELECT id, article_id, visitor, counted_at, last_seen FROM {table} "
                    f"WHERE article_id = %s AND visitor IN ({marks})",
                    [article_id, *chunk],
                )
                for row in cursor.fetchall():
                    seen[(row[1], row[2])] = list(row)
    return seen


def _save_seen(model, states) -> None:
    table = connection.ops.quote_name(model._meta.db_table)
    new = [(s[1], s[2], s[3], s[4]) for s in states if s[0] is None]
    changed = [(s[3], s[4], s[0]) for s in states if s[0] is not None]
    with connection.cursor() as cursor:
        if new and connection.vendor == "postgresql":
            # COPY is several times faster than INSERT for the bulk of new visitors.
            columns = "(article_id, visitor, counted_at, last_seen)"
            with cursor.cursor.copy(f"COPY {table} {columns} FROM STDIN") as copy:
                for row in new:
                    copy.write_row(row)
            new = []
        for i in range(0, len(new), 500):
            chunk = new[i : i + 500]
            values = ",".join(["(%s,%s,%s,%s)"] * len(chunk))
            params = [value for row in chunk for value in row]
            cursor.execute(
                f"INSERT INTO {table} (article_id, visitor, counted_at, last_seen) VALUES {values}", params
            )
        if changed:
            cursor.executemany(f"UPDATE {table} SET counted_at = %s, last_seen = %s WHERE id = %s", changed)


_last_prune = [0.0]


def flush(directory: Path | None = None, *, now: float | None = None, _before_commit=None) -> dict:
    """Apply every complete spooled record once. Returns {"records", "articles", "visits"}."""
    # cycle-breaker: the page cache reads this module's spool folder at import.
    from thidua.portal import cache

    directory = directory or spool_dir()
    files = sorted(directory.glob("*.spool")) if directory.exists() else []
    now = time.time() if now is None else now
    window = window_seconds()
    result = {"records": 0, "articles": 0, "visits": 0}
    consumed = []
    with transaction.atomic():
        _lock_flush(FlushLock)
        cursors = {c.name: c for c in SpoolCursor.objects.filter(name__in=[f.name for f in files])}
        records = []
        new_offsets = {}
        for path in files:
            cursor = cursors.get(path.name)
            start = cursor.offset if cursor else 0
            with open(path, "rb") as fh:
                fh.seek(start)
                chunk = fh.read()
            end = chunk.rfind(b"\n") + 1  # a record is complete only with its newline
            if end:
                records.extend(_parse(chunk[:end]))
                new_offsets[path.name] = start + end
            elif cursor and start == path.stat().st_size:
                consumed.append(path)
        if records:
            records.sort(key=lambda r: r[0])
            seen = _load_seen(ViewSeen, {(a, v) for _, a, v in records})
            counts: dict[int, int] = {}
            touched = {}
            for ts, article_id, visitor in records:
                key = (article_id, visitor)
                state = seen.get(key)
                if state is None:
                    state = [None, article_id, visitor, ts, ts]
                    seen[key] = state
                    counts[article_id] = counts.get(article_id, 0) + 1
                else:
                    if ts - state[3] >= window:
                        state[3] = ts
                        counts[article_id] = counts.get(article_id, 0) + 1
                    state[4] = max(state[4], ts)
                touched[key] = state
            _save_seen(ViewSeen, touched.values())
            existing = set(
                Article.objects.filter(pk__in=[a for a in counts if a]).values_list("pk", flat=True)
            )
            for article_id, n in counts.items():
                if article_id == SITE:
                    SiteCounter.objects.get_or_create(key="visits")
                    SiteCounter.objects.filter(key="visits").update(value=F("value") + n)
                    result["visits"] += n
                elif article_id in existing:
                    Article.objects.filter(pk=article_id).update(view_count=F("view_count") + n)
                    result["articles"] += n
            result["records"] = len(records)
        for name, offset in new_offsets.items():
            updated = SpoolCursor.objects.filter(name=name).update(offset=offset)
            if not updated:
                SpoolCursor.objects.create(name=name, offset=offset)
        # Old de-duplication rows can no longer block a count; keep the table small (once a minute).
        if now - _last_prune[0] > 60:
            ViewSeen.objects.filter(last_seen__lt=now - max(window, online_seconds()) - 60).delete()
            _last_prune[0] = now
        online = ViewSeen.objects.filter(article_id=SITE, last_seen__gte=now - online_seconds()).count()
        if not SiteCounter.objects.filter(key="online", value=online).exists():
            SiteCounter.objects.update_or_create(key="online", defaults={"value": online})
        if _before_commit:
            _before_commit()
    rotate = float(getattr(settings, "PORTAL_SPOOL_ROTATE", 60))
    for path in consumed:
        # Only files no writer can still append to (older than two rotation periods) go away;
        # the file is removed before its cursor so that a crash in between cannot replay it.
        try:
            if now - path.stat().st_mtime > 2 * rotate:
                path.unlink()
                SpoolCursor.objects.filter(name=path.name).delete()
        except FileNotFoundError:
            pass
    if result["records"]:
        cache.counts_changed()
    return result
