"""The audit log's hash chain: each event's ``hash`` is sha256 of the previous event's hash and the
event's own canonical JSON, so a changed, removed or inserted row breaks every hash after it.
``manage.py verify_audit`` recomputes the chain and names the first event that does not match.

The canonical form leaves out the id, so that the hash is computed before the row is inserted
(one query less per event); the chain's order is the id order, and a row moved, removed or
inserted breaks the hash of the event after it. The form is frozen: migrations compute it too,
and changing it would break every stored chain.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

GENESIS = "0" * 64


def _numbers(value):
    """Whole floats as integers: PostgreSQL's jsonb gives 1e20 back as 100000000000000000000."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _numbers(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_numbers(v) for v in value]
    return value


def canonical(event) -> bytes:
    """The event's content as compact JSON with sorted keys (what its hash covers)."""
    created = event.created_at.astimezone(dt.UTC).isoformat(timespec="microseconds")
    data = {
        "created_at": created,
        "actor_id": event.actor_id,
        "actor_name": event.actor_name,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object_repr": event.object_repr,
        "before": _numbers(event.before),
        "after": _numbers(event.after),
        "reason": event.reason,
        "request_id": str(event.request_id) if event.request_id else None,
        "client_ip": event.client_ip or None,
    }
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def chain_hash(previous: str, event) -> str:
    return hashlib.sha256(previous.encode() + canonical(event)).hexdigest()


def verify(events, head=None) -> tuple[int, object | None, str]:
    """Walks ``events`` (in id order). Returns (events checked, the first broken event or None,
    Vietnamese explanation). ``head`` (the chain-head row) also catches removed last events."""
    previous, checked, last = GENESIS, 0, None
    for event in events:
        expected = chain_hash(previous, event)
        if event.hash != expected:
            return (
                checked,
                event,
                "mã băm không khớp (bản ghi bị sửa, chèn thêm, hoặc bản ghi trước nó bị xóa)",
            )
        previous, last = event.hash, event
        checked += 1
    if head is not None and head.last_hash != previous:
        after = f"#{last.id}" if last is not None else "đầu chuỗi"
        return checked, None, f"bản ghi cuối của chuỗi (#{head.last_id}) không còn: bị xóa sau {after}"
    return checked, None, ""
