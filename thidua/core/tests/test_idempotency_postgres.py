"""The double-click races of ``test_idempotency`` on real concurrent PostgreSQL connections, where
the losing click used to get a bare 500: the second insert of the (user, key, path) row waits for
the first transaction, then reads its outcome."""

import pytest
from django.db import connection

from thidua.core.tests import test_idempotency as cases

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs a real PostgreSQL server (DATABASE_URL=postgres://…); SQLite takes turns")


def test_evidence_upload_postgres(world, client_for):
    cases.test_evidence_upload(world, client_for)


def test_article_draft_postgres(world, client_for):
    cases.test_article_draft(world, client_for)


def test_conference_create_postgres(world, client_for):
    cases.test_conference_create(world, client_for)


def test_api_person_create_postgres(world, client_for):
    cases.test_api_person_create(world, client_for)
