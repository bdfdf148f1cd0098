"""The sealed ballot box: papers cast on phones while a ballot is open, kept in the database in a
form that a database reader cannot open or put in voting order.

While a ballot is open its phone papers live in one row (``BallotBox``) as one encrypted blob.
Each vote opens the blob, adds its paper(s), shuffles the whole list and seals it again with a
fresh nonce, in the same transaction that records the unit's participation; closing opens the
box once and writes the papers to ``CastBallot`` in a random order. So:

- a reader of the database (a dump, a backup, an application role, even one polling after every
  vote) sees only ciphertext whose length depends on the number of papers alone (every paper is
  padded to the ballot's widest possible paper), never which paper came with which vote;
- the key is derived from Django's ``SECRET_KEY`` (tried with ``SECRET_KEY_FALLBACKS``), which
  the database does not hold.

The cipher is built from the standard library only: HMAC-SHA256 as a pseudo-random function in
counter mode for the key stream, and HMAC-SHA256 over nonce and ciphertext as the tag
(encrypt-then-MAC, with separate keys derived from one per-ballot key). No new dependency."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import uuid

from django.conf import settings

MAGIC = b"TDB1"
NONCE_BYTES = 16
TAG_BYTES = 32
RECEIPT_SAMPLE = "XXXXX-XXXXX"


class BoxDamaged(Exception):
    """The box's content does not open with any of the server's keys (changed outside the
    application, or SECRET_KEY replaced without keeping the old one in SECRET_KEY_FALLBACKS)."""


def _secrets() -> list[str]:
    return [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]


def _keys(secret: str, ballot_id: uuid.UUID) -> tuple[bytes, bytes]:
    root = hmac.new(
        secret.encode(), b"thidua.conference.ballot-box|" + ballot_id.bytes, hashlib.sha256
    ).digest()
    return (
        hmac.new(root, b"encrypt", hashlib.sha256).digest(),
        hmac.new(root, b"authenticate", hashlib.sha256).digest(),
    )


def _xor_stream(key: bytes, nonce: bytes, data: bytes) -> bytes:
    blocks = (len(data) + 31) // 32
    stream = b"".join(
        hmac.new(key, nonce + i.to_bytes(8, "big"), hashlib.sha256).digest() for i in range(blocks)
    )[: len(data)]
    if not data:
        return b""
    return (int.from_bytes(data, "big") ^ int.from_bytes(stream, "big")).to_bytes(len(data), "big")


def paper_width(choice_keys: list[str], seats: int) -> int:
    """The length every paper is padded to: the widest paper this ballot allows."""
    widest = sorted(choice_keys, key=len, reverse=True)[: max(seats, 1)]
    return len(_encode({"c": widest, "a": False, "r": RECEIPT_SAMPLE}))


def _encode(paper: dict) -> str:
    return json.dumps({"c": list(paper["c"]), "a": bool(paper["a"]), "r": paper["r"]}, separators=(",", ":"))


def seal(ballot_id: uuid.UUID, papers: list[dict], width: int) -> bytes:
    """Papers (``{"c": [choices], "a": abstain, "r": receipt}``) shuffled, padded and sealed."""
    papers = list(papers)
    secrets.SystemRandom().shuffle(papers)
    lines = []
    for paper in papers:
        line = _encode(paper)
        if len(line) > width:
            raise ValueError("paper wider than the ballot allows")
        lines.append(line.ljust(width))
    plain = "\n".join(lines).encode()
    enc_key, mac_key = _keys(settings.SECRET_KEY, ballot_id)
    nonce = secrets.token_bytes(NONCE_BYTES)
    body = _xor_stream(enc_key, nonce, plain)
    tag = hmac.new(mac_key, MAGIC + nonce + body, hashlib.sha256).digest()
    return MAGIC + nonce + body + tag


def unseal(ballot_id: uuid.UUID, blob: bytes | memoryview | None) -> list[dict]:
    blob = bytes(blob or b"")
    if not blob:
        return []
    if len(blob) < len(MAGIC) + NONCE_BYTES + TAG_BYTES or not blob.startswith(MAGIC):
        raise BoxDamaged("ballot box has an unknown format")
    nonce = blob[len(MAGIC) : len(MAGIC) + NONCE_BYTES]
    body, tag = blob[len(MAGIC) + NONCE_BYTES : -TAG_BYTES], blob[-TAG_BYTES:]
    for secret in _secrets():
        enc_key, mac_key = _keys(secret, ballot_id)
        expected = hmac.new(mac_key, MAGIC + nonce + body, hashlib.sha256).digest()
        if hmac.compare_digest(expected, tag):
            plain = _xor_stream(enc_key, nonce, body).decode()
            return [json.loads(line) for line in plain.split("\n") if line.strip()]
    raise BoxDamaged("ballot box does not open with the server's keys")
