"""The sealed ballot box: papers come back as they went in (shuffled), the blob reveals neither
choices nor receipts nor, through its length, which papers it holds; a changed blob or another key
does not open it, and a box that does not open refuses the vote in Vietnamese, changing nothing."""

import uuid

import pytest
from django.core.exceptions import ValidationError

from thidua.conference import sealing, services
from thidua.conference.models import BallotBox, Participation

BALLOT = uuid.UUID("12345678-1234-5678-1234-567812345678")
KEYS = ["TAND", "VKSND", "THADS", "SNV"]
WIDTH = sealing.paper_width(KEYS, 2)


def paper(choices, receipt="ABCDE-23456", abstain=False):
    return {"c": choices, "a": abstain, "r": receipt}


def test_round_trip_and_shuffle():
    papers = [paper([k], f"AAAAA-{i:05d}") for i, k in enumerate(KEYS * 5)]
    orders = set()
    for _ in range(5):
        back = sealing.unseal(BALLOT, sealing.seal(BALLOT, papers, WIDTH))
        assert sorted(map(str, back)) == sorted(map(str, papers))
        orders.add(tuple(p["r"] for p in back))
    assert len(orders) > 1  # shuffled each time
    assert sealing.unseal(BALLOT, b"") == []


def test_length_depends_on_the_number_of_papers_only():
    short = sealing.seal(BALLOT, [paper([], "", abstain=True)], WIDTH)
    wide = sealing.seal(BALLOT, [paper(["VKSND", "THADS"])], WIDTH)
    assert len(short) == len(wide)
    blob = sealing.seal(BALLOT, [paper(["VKSND"], "QWERT-YUPAS")], WIDTH)
    assert b"VKSND" not in blob and b"QWERT" not in blob


def test_changed_blob_or_other_key_does_not_open(settings):
    blob = sealing.seal(BALLOT, [paper(["TAND"])], WIDTH)
    changed = blob[:-40] + bytes([blob[-40] ^ 1]) + blob[-39:]
    with pytest.raises(sealing.BoxDamaged):
        sealing.unseal(BALLOT, changed)
    with pytest.raises(sealing.BoxDamaged):
        sealing.unseal(uuid.uuid4(), blob)  # another ballot's key
    old = settings.SECRET_KEY
    settings.SECRET_KEY = "a-new-key-" + "x" * 40
    with pytest.raises(sealing.BoxDamaged):
        sealing.unseal(BALLOT, blob)
    settings.SECRET_KEY_FALLBACKS = [old]
    assert sealing.unseal(BALLOT, blob)[0]["c"] == ["TAND"]


def test_a_box_that_does_not_open_refuses_the_vote(world, open_ballot, tokens):
    BallotBox.objects.filter(ballot=open_ballot).update(sealed=b"TDB1" + b"\0" * 60)
    with pytest.raises(ValidationError) as exc:
        services.vote_cast(token=tokens["TAND"], ballot=open_ballot, choices=["TAND"])
    assert "không mở được bằng khóa của máy chủ" in str(exc.value)
    assert not Participation.objects.filter(ballot=open_ballot).exists()
