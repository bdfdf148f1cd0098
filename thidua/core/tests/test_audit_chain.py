"""The tamper-evident audit log (issue 17, item 2): each event carries a hash chained to the
previous one, ``manage.py verify_audit`` names the first event that was changed, inserted or
removed, and concurrent writers keep one unbroken chain."""

import threading
import time
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError, close_old_connections, connection, transaction

from thidua.core.audit import audit
from thidua.core.audit_chain import GENESIS, chain_hash, verify
from thidua.core.models import AuditChainHead, AuditEvent
from thidua.organisations.models import Unit


def verify_audit() -> str:
    out = StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue()


def record(unit, n=1):
    with transaction.atomic():
        return [audit(actor=None, action="unit.update", obj=unit, after={"n": i}) for i in range(n)]


def test_every_event_is_chained_and_the_demo_chain_verifies(world):
    events = list(AuditEvent.objects.order_by("id"))
    assert len(events) > 100
    previous = GENESIS
    for event in events:
        assert event.hash == chain_hash(previous, event)
        previous = event.hash
    assert AuditChainHead.objects.get(pk=1).last_hash == previous
    assert "nguyên vẹn" in verify_audit()


def test_a_changed_event_is_named(world):
    unit = Unit.objects.get(code="TAND")
    first, second, _third = record(unit, 3)
    AuditEvent.objects.filter(pk=second.pk).update(reason="sửa lén")
    with pytest.raises(CommandError, match=f"#{second.pk} ") as exc:
        verify_audit()
    assert exc.value.returncode == 1
    assert first.pk < second.pk


def test_a_removed_event_breaks_the_next_one_and_a_removed_last_event_is_seen(world):
    unit = Unit.objects.get(code="TAND")
    _first, second, third = record(unit, 3)
    AuditEvent.objects.filter(pk=second.pk).delete()
    with pytest.raises(CommandError, match=f"#{third.pk} "):
        verify_audit()
    AuditEvent.objects.filter(pk=third.pk).delete()
    _checked, broken, why = verify(AuditEvent.objects.order_by("id"), AuditChainHead.objects.get(pk=1))
    assert broken is None and "không còn" in why


def test_the_migration_chains_the_rows_written_before_it(world):
    """Emptied hashes (as before the migration) are computed again in id order by its function."""
    from importlib import import_module

    from django.apps import apps

    migration = import_module("thidua.core.migrations.0004_audit_chain")
    AuditEvent.objects.update(hash="")
    AuditChainHead.objects.all().delete()
    migration.chain_existing_events(apps, None)
    assert "nguyên vẹn" in verify_audit()


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_unbroken_chain(world):
    """Four threads write audit events at once (each in its own transaction, with a pause inside
    so that they overlap): every event joins the chain exactly once, in id order."""
    unit = Unit.objects.get(code="TAND")
    errors = []

    def writer(k):
        try:
            done = 0
            deadline = time.monotonic() + 30
            while done < 5:
                try:
                    with transaction.atomic():
                        audit(actor=None, action="unit.update", obj=unit, after={"writer": k})
                        time.sleep(0.002)
                    done += 1
                except OperationalError:
                    # The tests' in-memory SQLite answers "table is locked" at once where a real
                    # database waits for the other writer: try again, as that wait would.
                    if connection.vendor != "sqlite" or time.monotonic() > deadline:
                        raise
                    time.sleep(0.005)
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert AuditEvent.objects.filter(action="unit.update", after__has_key="writer").count() == 20
    assert "nguyên vẹn" in verify_audit()


def test_whole_floats_hash_as_postgresql_gives_them_back(world):
    """jsonb answers 1e20 as an integer: the canonical form writes whole floats as integers."""
    unit = Unit.objects.get(code="TAND")
    with transaction.atomic():
        event = audit(actor=None, action="unit.update", obj=unit, after={"big": 1e20, "half": 0.5})
    stored = AuditEvent.objects.get(pk=event.pk)
    stored.after = {"big": 100000000000000000000, "half": 0.5}
    assert chain_hash("x", stored) == chain_hash("x", event)
