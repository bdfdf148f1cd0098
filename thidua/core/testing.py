"""Test helpers shared by every app: the permission-matrix case type and request helpers.

Each app lists its URLs and API operations in ``thidua/<app>/tests/matrix.py`` as ``CASES``; the
project-wide test in ``tests/test_permission_matrix.py`` runs every case for every persona and
fails when a URL name or an API operation has no case."""

import json
from collections.abc import Callable
from dataclasses import dataclass, field

PERSONAS = ("admin", "provincial", "secretary", "officer_a", "officer_b", "council", "editor", "anonymous")


@dataclass
class Case:
    """``key`` is a URL name ("organisations:unit_list") or an API operation
    ("GET /api/v1/units/{code}"). ``url`` and ``data`` receive the ``world`` fixture.
    ``expect`` maps every persona to a status code; ``default`` fills the ones not named."""

    key: str
    url: Callable
    method: str = "GET"
    data: Callable | None = None
    expect: dict = field(default_factory=dict)
    default: int | None = None
    json: bool | None = None

    def expected(self) -> dict:
        result = {p: self.default for p in PERSONAS} if self.default is not None else {}
        result.update(self.expect)
        missing = [p for p in PERSONAS if p not in result]
        if missing:
            raise AssertionError(f"{self.key}: no expected status for {missing}")
        return result

    @property
    def is_api(self) -> bool:
        return self.json if self.json is not None else self.key.split(" ", 1)[-1].startswith("/api/")

    def run(self, client, world):
        url = self.url(world)
        data = self.data(world) if self.data else None
        method = self.method.upper()
        if self.is_api:
            body = json.dumps(data) if data is not None else ""
            if method == "GET":
                return client.get(url)
            return client.generic(method, url, body, content_type="application/json")
        if method == "GET":
            return client.get(url)
        return client.post(url, data or {})


# Expected statuses in words, so matrices read like a table.
OK, CREATED, NO_CONTENT, REDIRECT, DENIED, HIDDEN, LOGIN, UNAUTH = 200, 201, 204, 302, 403, 404, 302, 401
