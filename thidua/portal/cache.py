"""Page cache of the public portal.

Rendered pages are kept in each server process's memory under the current *content generation*,
a token stored in a small file that every content service replaces when its transaction commits.
Checking it costs one ``stat`` per request, so no database or network round trip is needed to
serve a cached page, and every process sees a change at once. An entry also expires at the next
scheduled publication time, so a scheduled article appears on time without any job running.

View counts and visit statistics are not part of a cached page: pages keep placeholders that are
filled per request from a per-process copy of the counters refreshed at most every
``PORTAL_COUNT_TTL`` seconds (and immediately in the process that flushed).

While the database is away a cached page is still served: the generation check is a file, and
the counters fall back to their last known values (kept here), asking the database again only
after ``PORTAL_DB_RETRY_SECONDS`` so that a dead or unreachable server is not asked by every
request. A page past its lifetime is still answered when rebuilding it fails for want of the
database, as long as no content has changed since (same generation); a page never cached answers
the 503 page. Each rendered page is also written (best effort) under ``<spool>/pages/``, so that a
process started while the database is away — a restart, a new worker — still has the pages the
node last rendered, under the same generation rule.
"""

import hashlib
import json
import logging
import os
import threading
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.db import InterfaceError, OperationalError, transaction

from thidua.core.alarms import raise_alarm
from thidua.portal.counting import spool_dir
from thidua.portal.models import Article, SiteCounter

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_pages: dict = {}
_counts: dict = {}
_MAX_PAGES = 2000


_generation_memo: list = [None, None]


def _generation_file() -> str:

    directory = spool_dir()
    if _generation_memo[0] is not directory:
        _generation_memo[:] = [directory, str(directory / "generation")]
    return _generation_memo[1]


def generation() -> tuple:
    try:
        st = os.stat(_generation_file())
        local = (st.st_ino, st.st_mtime_ns, st.st_size)
    except OSError:  # no file yet, or the folder unreadable: one generation, pages still served
        local = (0, 0, 0)
    shared = _shared_cache()
    return local if shared is None else (*local, _shared_token(shared))


# Several web nodes: the generation file is one node's, so the content generation is also kept
# in the shared cache (``PORTAL_SHARED_CACHE``, the Redis cache when ``REDIS_URL`` is set) and
# read on every request (one GET); a change on any node or worker reaches every node at once.
_SHARED_KEY = "portal:generation"


def _shared_cache():
    alias = getattr(settings, "PORTAL_SHARED_CACHE", "")
    return caches[alias] if alias else None


_shared_warned = [0.0]


def _shared_token(shared):
    try:
        return shared.get(_SHARED_KEY)
    except Exception as exc:  # Redis away: nothing cached is known current, so nothing is served
        if time.monotonic() - _shared_warned[0] > 60:  # once a minute, not once a request
            _shared_warned[0] = time.monotonic()
            logger.warning("portal: shared cache unavailable, pages rendered afresh: %s", exc)
        return uuid.uuid4().hex


def _bump_shared() -> None:
    shared = _shared_cache()
    if shared is not None:
        try:
            shared.set(_SHARED_KEY, uuid.uuid4().hex, timeout=None)
        except Exception as exc:  # the other nodes see the change after PORTAL_PAGE_TTL at worst
            logger.error("portal: could not tell the other web nodes of a content change: %s", exc)


def _bump() -> None:
    _bump_shared()
    path = Path(_generation_file())
    tmp = path.with_name(f"generation.{uuid.uuid4().hex}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(uuid.uuid4().hex)
        os.replace(tmp, path)
    except OSError as exc:  # a full or read-only disk must not stop an editor from publishing
        tmp.unlink(missing_ok=True)
        ttl = float(getattr(settings, "PORTAL_PAGE_TTL", 300))
        raise_alarm(
            "portal.cache_generation",
            f"Không ghi được dấu làm mới bộ đệm trang vào {path.parent} ({exc.strerror or exc}): các "
            f"tiến trình khác của máy này có thể phục vụ trang cũ tới {ttl:.0f} giây.",
            details={"directory": str(path.parent), "errno": exc.errno},
        )
    with _lock:
        _pages.clear()


def content_changed() -> None:
    """Called by services: invalidate now and again after commit (a reader between the two
    could have cached the old content under the new generation)."""
    _bump()
    transaction.on_commit(_bump)


def get_page(key: str):
    entry = _pages.get(key)
    if entry is None:
        return None
    gen, expires, value = entry
    if gen != generation() or time.time() >= expires:
        return None
    return value


def get_stale_page(key: str):
    """The page cached under ``key`` even if its lifetime has passed, as long as no content has
    changed since (same generation: a withdrawn article is never shown again): what a reader gets
    while the database is away, rather than the 503 page. From memory, else from the node's disk
    copy (a process started during the outage)."""
    entry = _pages.get(key)
    if entry is None:
        entry = _read_disk_copy(key)
    if entry is None or entry[0] != generation():
        return None
    return entry[2]


def _disk_copy(key: str) -> Path:
    return spool_dir() / "pages" / f"{hashlib.sha256(key.encode()).hexdigest()}.json"


def _write_disk_copy(key: str, gen: tuple, value) -> None:
    """Best effort: a full or read-only disk only means no copy (the spool's alarm tells of it)."""
    path = _disk_copy(key)
    tmp = path.with_name(f"{path.name}.{uuid.uuid4().hex}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps({"key": key, "gen": list(gen), "value": list(value)}))
        os.replace(tmp, path)
    except (OSError, TypeError, ValueError) as exc:
        tmp.unlink(missing_ok=True)
        logger.debug("portal: no disk copy of %s: %s", key, exc)


def _read_disk_copy(key: str):
    try:
        data = json.loads(_disk_copy(key).read_text())
    except (OSError, ValueError):
        return None
    if data.get("key") != key:
        return None
    return (tuple(data["gen"]), 0.0, tuple(data["value"]))


def set_page(key: str, value, *, gen: tuple, expires_at: float | None = None) -> None:
    ttl = float(getattr(settings, "PORTAL_PAGE_TTL", 300))
    expires = time.time() + ttl
    if expires_at is not None:
        expires = min(expires, expires_at)
    with _lock:
        if len(_pages) >= _MAX_PAGES:
            _pages.clear()
        _pages[key] = (gen, expires, value)
    _write_disk_copy(key, gen, value)


def clear() -> None:
    with _lock:
        _pages.clear()
        _counts.clear()
        _db_down_until[0] = 0.0


def counts_changed() -> None:
    """The flush changed the counters: read them again at the next request (the last known
    values stay as the fallback while the database is away)."""
    with _lock:
        for key, (_expires, value) in list(_counts.items()):
            _counts[key] = (0.0, value)


# The database is away ---------------------------------------------------------------------------

OUTAGE = (OperationalError, InterfaceError)  # what a lost database raises (as the 503 middleware)
_db_down_until = [0.0]


def _retry_seconds() -> float:
    return float(getattr(settings, "PORTAL_DB_RETRY_SECONDS", 5.0))


def database_away() -> bool:
    """True for ``PORTAL_DB_RETRY_SECONDS`` after a failed database read of the portal's hot
    path: the counters and the account link then use what is known without asking."""
    return time.monotonic() < _db_down_until[0]


def database_failed(exc: Exception) -> None:
    if not database_away():
        logger.warning("portal: database unavailable, serving cached pages and counters: %s", exc)
    _db_down_until[0] = time.monotonic() + _retry_seconds()


def _count(key, read, default):
    """A counter from the per-process copy, read again once its TTL has passed; while the
    database is away, the last known value (or ``default``), asked again after a pause."""
    entry = _counts.get(key)
    now = time.monotonic()
    if entry and entry[0] > now:
        return entry[1]
    last = entry[1] if entry else default
    if database_away():
        return last
    try:
        value = read()
    except OUTAGE as exc:
        database_failed(exc)
        _counts[key] = (now + _retry_seconds(), last)
        return last
    _counts[key] = (now + _count_ttl(), value)
    return value


def _count_ttl() -> float:
    return float(getattr(settings, "PORTAL_COUNT_TTL", 1.0))


def article_views(article_id: int) -> int:
    def read():
        return Article.objects.filter(pk=article_id).values_list("view_count", flat=True).first() or 0

    return _count(("a", article_id), read, 0)


def site_stats() -> dict:
    def read():
        values = dict(SiteCounter.objects.filter(key__in=["visits", "online"]).values_list("key", "value"))
        return {"visits": values.get("visits", 0), "online": values.get("online", 0)}

    return _count("site", read, {"visits": 0, "online": 0})
