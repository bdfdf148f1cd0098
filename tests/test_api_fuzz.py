"""The API fuzzed from its own OpenAPI document (issue 17 item 8): schemathesis generates requests
for every operation — a bounded number per operation, derandomised so that a run is repeatable —
and sends them through the WSGI application, signed in as the administrator (who reaches every
operation's body) and as nobody. Each answer must not be a server error and must match the
document: a documented status code, content type and body schema (errors included: every
operation lists the site-wide error answers, ``thidua/core/openapi.py``).

``THIDUA_FUZZ_EXAMPLES`` raises the number of examples per operation (default 3) for a longer run."""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.api import api
from thidua.accounts import services as account_services

EXAMPLES = int(os.environ.get("THIDUA_FUZZ_EXAMPLES", "3"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1"))
schema.app = get_wsgi_application()

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """The WSGI handler closes "old" connections when a request starts and finishes; inside the
    test's transaction that would close the test's own connection (PostgreSQL: every later request
    a 503). Django's test client does the same disconnection."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture(params=["admin", "anonymous"])
def auth_headers(request, world):
    if request.param == "anonymous":
        return {}
    _token, raw = account_services.token_create(actor=world.admin, name="Kiểm thử fuzz")
    return {"Authorization": f"Bearer {raw}"}


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_as_documented(case, auth_headers):
    response = case.call(headers=auth_headers)
    case.validate_response(response, checks=CHECKS)
