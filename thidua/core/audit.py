"""The single entry point for audit records. Services call ``audit`` inside their transaction.

Every record is appended to the hash chain (``thidua.core.audit_chain``): the chain's head row is
locked (``SELECT … FOR UPDATE``) for the rest of the writing transaction, so two transactions
append one after the other and the ids follow the chain's order, on PostgreSQL as on SQLite (whose
IMMEDIATE transactions already write one at a time)."""

import datetime as dt
import decimal
import uuid
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from thidua.core.audit_chain import GENESIS, chain_hash
from thidua.core.middleware import current_client_ip, current_request_id
from thidua.core.models import AuditChainHead, AuditEvent

SYSTEM_NAME = "hệ thống"


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict:
    """The concrete field values of ``obj`` (foreign keys as ids), for before/after."""
    data = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        data[field.attname] = _jsonable(getattr(obj, field.attname))
    return data


def _chain_head() -> AuditChainHead:
    try:
        return AuditChainHead.objects.select_for_update().get(pk=1)
    except AuditChainHead.DoesNotExist:  # the migration creates it; a test may have emptied tables
        AuditChainHead.objects.get_or_create(pk=1, defaults={"last_hash": GENESIS})
        return AuditChainHead.objects.select_for_update().get(pk=1)


def append_event(**fields) -> AuditEvent:
    """Writes one audit row at the end of the hash chain (the caller holds a transaction)."""
    fields.setdefault("request_id", current_request_id.get())
    fields.setdefault("client_ip", current_client_ip.get())
    head = _chain_head()
    event = AuditEvent(created_at=timezone.now(), **fields)
    event.hash = chain_hash(head.last_hash, event)
    event.save(force_insert=True)
    AuditChainHead.objects.filter(pk=1).update(last_id=event.pk, last_hash=event.hash)
    return event


def audit(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    before: dict | None = None,
    after: dict | None = None,
    reason: str = "",
    target: tuple[str, str, str] | None = None,
    actor_name: str = "",
) -> AuditEvent:
    """Records ``action`` by ``actor`` on ``obj`` (or on ``target``: object type, id and text, for
    what is not a row, such as a page someone was refused)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit() must run inside the service's transaction")
    if obj is not None:
        target = (obj._meta.label_lower, str(obj.pk), str(obj))
    if target is None:
        raise ValueError("audit() needs obj or target")
    known = getattr(actor, "pk", None) is not None
    return append_event(
        actor=actor if known else None,
        actor_name=actor_name or ((actor.get_full_name() or actor.username) if known else SYSTEM_NAME),
        action=action,
        object_type=target[0],
        object_id=target[1][:64],
        object_repr=target[2][:300],
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
        reason=reason or "",
    )
