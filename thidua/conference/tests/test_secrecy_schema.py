"""The schema itself keeps the ballot secret: no column of a cast ballot (or of anything it
points to) can name the voter, carry a fine timestamp or an insertion order."""

import pytest
from django.db import connection, models

from thidua.conference.models import BallotBox, CastBallot, Participation, VoterPass

pytestmark = pytest.mark.django_db

VOTER_TABLES = {
    "organisations_unit",
    "accounts_user",
    "conference_voterpass",
    "conference_participation",
    "conference_attendance",
}


def _columns(model):
    with connection.cursor() as cursor:
        return {
            c.name: c for c in connection.introspection.get_table_description(cursor, model._meta.db_table)
        }


def test_cast_ballot_columns_are_exactly_these():
    """Adding any column to the cast-ballot table must be a deliberate decision that updates this test."""
    assert set(_columns(CastBallot)) == {"id", "ballot_id", "choices", "abstain", "receipt"}


def test_no_cast_ballot_column_points_at_a_voter():
    with connection.cursor() as cursor:
        relations = connection.introspection.get_relations(cursor, CastBallot._meta.db_table)
    targets = {table for _column, (_target_col, table) in relations.items()}
    assert targets == {"conference_ballot"}
    assert not targets & VOTER_TABLES


def test_no_time_and_no_sequence_on_cast_ballots_or_participation():
    for model in (CastBallot, Participation):
        for field in model._meta.concrete_fields:
            assert not isinstance(field, models.DateTimeField | models.DateField | models.TimeField), field
            assert not isinstance(field, models.AutoField | models.BigAutoField), field
        assert isinstance(model._meta.pk, models.UUIDField)


def test_participation_knows_nothing_of_the_papers():
    with connection.cursor() as cursor:
        relations = connection.introspection.get_relations(cursor, Participation._meta.db_table)
    targets = {table for _c, (_t, table) in relations.items()}
    assert "conference_castballot" not in targets
    assert not any(f.related_model is CastBallot for f in VoterPass._meta.get_fields() if f.is_relation)


def test_one_vote_per_unit_is_a_database_constraint():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Participation._meta.db_table)
    assert any(c["unique"] and set(c["columns"]) == {"ballot_id", "unit_id"} for c in constraints.values())


def test_ballot_box_is_one_sealed_blob_per_ballot():
    """The box of an open ballot has its ballot as key and one encrypted column: no per-vote row,
    no time, nothing readable (the papers inside are padded and encrypted together)."""
    assert set(_columns(BallotBox)) == {"ballot_id", "sealed"}
    assert BallotBox._meta.pk.name == "ballot"
    with connection.cursor() as cursor:
        relations = connection.introspection.get_relations(cursor, BallotBox._meta.db_table)
    assert {table for _c, (_t, table) in relations.items()} == {"conference_ballot"}
