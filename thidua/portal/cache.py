"""Page cache of the public portal.

Rendered pages are kept in each server process's memory under the current *content generation*,
a token stored in a small file that every content service replaces when its transaction commits.
Checking it costs one ``stat`` per request, so no database or network round trip is needed to
serve a cached page, and every process sees a change at once. An entry also expires at the next
scheduled publication time, so a scheduled article appears on time without any job running.

View counts and visit statistics are not part of a cached page: pages keep placeholders that are
filled per request from a per-process copy of the counters refreshed at most every
``PORTAL_COUNT_TTL`` seconds (and immediately in the process that flushed).
"""

import os
import threading
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.db import transaction

from thidua.portal.counting import spool_dir
from thidua.portal.models import Article, SiteCounter

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
        return (st.st_ino, st.st_mtime_ns, st.st_size)
    except FileNotFoundError:
        return (0, 0, 0)


def _bump() -> None:
    path = Path(_generation_file())
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"generation.{uuid.uuid4().hex}")
    tmp.write_text(uuid.uuid4().hex)
    os.replace(tmp, path)
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


def set_page(key: str, value, *, gen: tuple, expires_at: float | None = None) -> None:
    ttl = float(getattr(settings, "PORTAL_PAGE_TTL", 300))
    expires = time.time() + ttl
    if expires_at is not None:
        expires = min(expires, expires_at)
    with _lock:
        if len(_pages) >= _MAX_PAGES:
            _pages.clear()
        _pages[key] = (gen, expires, value)


def clear() -> None:
    with _lock:
        _pages.clear()
        _counts.clear()


def counts_changed() -> None:
    with _lock:
        _counts.clear()


def _count_ttl() -> float:
    return float(getattr(settings, "PORTAL_COUNT_TTL", 1.0))


def article_views(article_id: int) -> int:
    key = ("a", article_id)
    entry = _counts.get(key)
    if entry and entry[0] > time.monotonic():
        return entry[1]

    value = Article.objects.filter(pk=article_id).values_list("view_count", flat=True).first() or 0
    _counts[key] = (time.monotonic() + _count_ttl(), value)
    return value


def site_stats() -> dict:
    entry = _counts.get("site")
    if entry and entry[0] > time.monotonic():
        return entry[1]

    values = dict(SiteCounter.objects.filter(key__in=["visits", "online"]).values_list("key", "value"))
    value = {"visits": values.get("visits", 0), "online": values.get("online", 0)}
    _counts["site"] = (time.monotonic() + _count_ttl(), value)
    return value
