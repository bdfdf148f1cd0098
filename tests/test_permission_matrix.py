"""Every URL and API operation × every persona → expected status (NetBox's idea).

A URL name or API operation that no app lists in its ``tests/matrix.py`` fails
``test_matrix_covers_every_url``: adding a page means deciding who may see it."""

import importlib
from pathlib import Path

import pytest
from django.apps import apps
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from config.api import api
from thidua.core.testing import PERSONAS, Case

EXCLUDED_NAMESPACES = {"admin", "api"}
# Probes for operators and load balancers: public, no data, tested in core/tests/test_error_pages.py.
EXCLUDED_NAMES = {"core:healthz", "core:readyz", "portal:home_redirect"}


def _cases() -> list[Case]:
    cases = []
    for config in apps.get_app_configs():
        if not config.name.startswith("thidua."):
            continue
        if not (Path(config.path) / "tests" / "matrix.py").exists():
            continue
        module = importlib.import_module(f"{config.name}.tests.matrix")
        cases.extend(module.CASES)
    return cases


CASES = _cases()


def _url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            if ns in EXCLUDED_NAMESPACES:
                continue
            yield from _url_names(entry, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def _api_operations():
    schema = api.get_openapi_schema()
    for path, methods in schema["paths"].items():
        for method in methods:
            yield f"{method.upper()} {path}"


def test_matrix_covers_every_url():
    """A new URL or API operation without a row in some app's matrix fails here."""
    covered = {c.key for c in CASES}
    missing = sorted(k for k in set(_url_names()) | set(_api_operations()) if k not in covered)
    missing = [k for k in missing if k not in EXCLUDED_NAMES]
    assert not missing, "Add these to a tests/matrix.py:\n" + "\n".join(missing)


def test_every_case_names_every_persona():
    for case in CASES:
        case.expected()


@pytest.mark.parametrize("case", CASES, ids=[f"{c.method} {c.key}" for c in CASES])
def test_permission_matrix(case, world):
    failures = []
    for persona in PERSONAS:
        client = Client()
        if persona != "anonymous":
            client.force_login(world.users[persona])
        with transaction.atomic():
            response = case.run(client, world)
            transaction.set_rollback(True)
        expected = case.expected()[persona]
        if response.status_code != expected:
            failures.append(f"{persona}: expected {expected}, got {response.status_code}")
    assert not failures, f"{case.method} {case.key}\n" + "\n".join(failures)
