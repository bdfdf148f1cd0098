"""Two identical POSTs released together from two threads (a double click): the helper of the
idempotency tests (``thidua.core.idempotency``)."""

import threading
import time
import uuid

from django.db import OperationalError, connection, connections
from django.test import Client


def twin_clients(client: Client) -> list[Client]:
    """Two clients of one signed-in browser: the same session cookie."""
    twin = Client()
    twin.cookies = client.cookies
    return [client, twin]


def _post(c: Client, url: str, payload: dict, *, json: bool, key: str, sqlite: bool, header: bool = False):
    """One POST. The tests' SQLite database is in memory with a shared cache, which answers
    "database table is locked" at once (the 503 page) where the real database file waits for the
    writer (``busy_timeout``): on SQLite the request is sent again, as that wait would have let it
    through. PostgreSQL waits itself and gets no second try."""
    deadline = time.monotonic() + 60
    while True:
        try:
            if json:
                r = c.post(url, payload, content_type="application/json", headers={"Idempotency-Key": key})
            elif header:  # a form body (an upload) to the API: the key in the header
                r = c.post(url, payload, headers={"Idempotency-Key": key})
            else:
                r = c.post(url, {**payload, "idempotency_key": key})
        except OperationalError as exc:
            # The same "locked" met by a middleware outside the 503 one (the test client raises
            # it; a server answers 503 through handler500): sent again, as above.
            if not (sqlite and "locked" in str(exc) and time.monotonic() < deadline):
                raise
            r = None
        if r is not None and not (sqlite and r.status_code == 503 and time.monotonic() < deadline):
            return r
        time.sleep(0.02)


def double_submit(
    client: Client, url: str, data, *, json: bool = False, key: str | None = None, header: bool = False
):
    """POST ``data`` (a dict, or a callable returning one: an upload is read once per request) to
    ``url`` twice at the same moment with the same idempotency key; the two responses (or the
    exceptions the requests raised: a 500 in the test client) in the order they finished."""
    key = key or str(uuid.uuid4())
    sqlite = connection.vendor == "sqlite"
    barrier = threading.Barrier(2)
    results = []
    lock = threading.Lock()

    def worker(c: Client) -> None:
        try:
            payload = data() if callable(data) else dict(data)
            barrier.wait(timeout=10)
            r = _post(c, url, payload, json=json, key=key, sqlite=sqlite, header=header)
        except Exception as exc:  # reported by the test (a 500 raises in the test client)
            r = exc
        finally:
            connections.close_all()
        with lock:
            results.append(r)

    threads = [threading.Thread(target=worker, args=(c,)) for c in twin_clients(client)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


def assert_same_landing(results, *, api: bool = False) -> None:
    """Both answered alike: the same redirect (views) or the same 2xx body (API), never a 500."""
    assert len(results) == 2, results
    for r in results:
        assert not isinstance(r, Exception), repr(r)
        if api:
            assert 200 <= r.status_code < 300, (r.status_code, r.content[:300])
        else:
            assert r.status_code == 302, (r.status_code, r.content[:300])
    if api:
        assert results[0].json() == results[1].json()
    else:
        assert results[0]["Location"] == results[1]["Location"]
    assert sum(r.has_header("Idempotent-Replayed") for r in results) == 1
