"""Attacks on the phone page and its cookie: each is refused with a Vietnamese message and
changes nothing (no participation, no paper in the box, no paper in the table)."""

import datetime as dt

import pytest
from django.core import signing
from django.test import Client

from thidua.conference import access, sealing, services
from thidua.conference.models import BallotBox, CastBallot, Participation
from thidua.organisations.models import BlocYear, Unit

PAGE = "/hoi-nghi/bo-phieu/"


def state(ballot):
    box = BallotBox.objects.filter(ballot=ballot).first()
    return (
        Participation.objects.filter(ballot=ballot).count(),
        len(sealing.unseal(ballot.pk, box.sealed)) if box else None,
        CastBallot.objects.filter(ballot=ballot).count(),
    )


def phone(token: str) -> Client:
    c = Client()
    assert c.post(PAGE + "vao/", {"token": token}).status_code == 303
    return c


def vote(c: Client, ballot, choice="TAND"):
    return c.post(PAGE, {"ballot": str(ballot.pk), "choice": [choice]})


def test_second_vote_by_page_or_api_is_refused(world, open_ballot, tokens):
    c = phone(tokens["TAND"])
    assert vote(c, open_ballot).status_code == 200
    before = state(open_ballot)
    r = vote(phone(tokens["TAND"]), open_ballot, "VKSND")  # a second phone with the same card
    assert r.status_code == 422 and "đã bỏ phiếu cho nội dung này" in r.content.decode()
    r = Client().post(
        "/api/v1/vote",
        {"ballot": str(open_ballot.pk), "choices": ["VKSND"]},
        content_type="application/json",
        headers={"X-Voter-Token": tokens["TAND"]},
    )
    assert r.status_code == 422 and "đã bỏ phiếu" in r.json()["detail"]
    assert state(open_ballot) == before


def test_phone_after_paper_is_refused(world, open_ballot, tokens):
    services.paper_issue(actor=world.secretary, ballot=open_ballot, units=[Unit.objects.get(code="TAND")])
    before = state(open_ballot)
    r = vote(phone(tokens["TAND"]), open_ballot)
    assert r.status_code == 422 and "phiếu giấy" in r.content.decode()
    assert state(open_ballot) == before


def test_replayed_token_and_old_cookie_after_reissue_are_refused(world, conf2019, open_ballot, tokens):
    old_phone = phone(tokens["TAND"])
    services.passes_issue(actor=world.secretary, conference=conf2019, reissue=[Unit.objects.get(code="TAND")])
    before = state(open_ballot)
    r = Client().post(PAGE + "vao/", {"token": tokens["TAND"]})
    assert r.status_code == 403 and "Mã bỏ phiếu không đúng hoặc đã được cấp lại" in r.content.decode()
    r = vote(old_phone, open_ballot)
    assert r.status_code == 403 and "thẻ đã được cấp lại" in r.content.decode()
    assert r.cookies[access.VOTER_COOKIE].value == ""  # the stale cookie is cleared
    assert state(open_ballot) == before


def test_cookie_of_another_conference_cannot_vote_here(world, open_ballot):
    year = BlocYear.objects.get(bloc__code="KKT")
    other = services.conference_create(actor=world.admin, bloc_year=year, held_on=dt.date(year.year, 12, 1))
    foreign = services.passes_issue(actor=world.admin, conference=other)[0]
    before = state(open_ballot)
    r = vote(phone(foreign.token), open_ballot)
    assert r.status_code == 422 and "không thuộc hội nghị của bạn" in r.content.decode()
    assert state(open_ballot) == before


def test_forged_tampered_or_expired_cookie_is_refused(world, conf2019, open_ballot, tokens, monkeypatch):
    voter = conf2019.passes.get(unit__code="TAND")
    before = state(open_ballot)
    forged = Client()
    forged.cookies[access.VOTER_COOKIE] = access.voter_cookie_value(voter)  # not signed
    r = vote(forged, open_ballot)
    assert r.status_code == 403 and "hết hạn" in r.content.decode()
    # Signed with another salt (another purpose of the same key): refused too.
    other = Client()
    other.cookies[access.VOTER_COOKIE] = signing.get_cookie_signer(salt=access.VOTER_COOKIE + "x").sign(
        access.voter_cookie_value(voter)
    )
    assert vote(other, open_ballot).status_code == 403
    c = phone(tokens["TAND"])
    monkeypatch.setattr(access, "VOTER_COOKIE_AGE", -1)
    r = vote(c, open_ballot)
    assert r.status_code == 403 and "Hãy quét lại mã QR" in r.content.decode()
    assert state(open_ballot) == before


def test_voting_after_closing_is_refused(world, open_ballot, tokens):
    c = phone(tokens["TAND"])
    services.ballot_close(actor=world.secretary, ballot=open_ballot)
    before = state(open_ballot)
    r = vote(c, open_ballot)
    assert r.status_code == 422 and "đã kết thúc" in r.content.decode()
    assert state(open_ballot) == before


def test_old_token_urls_are_gone(world, client, tokens):
    """The token-in-path page no longer exists: such a URL answers 404 without the phone page."""
    r = client.get(f"/hoi-nghi/bo-phieu/{tokens['TAND']}/")
    assert r.status_code == 404 and "Gửi phiếu" not in r.content.decode()


def test_passes_and_qr_carry_the_token_in_the_fragment_only(world, client_for, conf2019, tokens):
    page = client_for("secretary").get(f"/hoi-nghi/{conf2019.pk}/the-bo-phieu/").content.decode()
    assert f"/hoi-nghi/bo-phieu/#{tokens['TAND']}" in page
    assert f"/hoi-nghi/bo-phieu/{tokens['TAND']}" not in page
    api = client_for("secretary").get(f"/api/v1/conferences/{conf2019.pk}/passes").json()
    assert all(p["link"].endswith("/hoi-nghi/bo-phieu/#" + p["token"]) for p in api)


def test_vote_page_has_no_inline_script(world, client):
    body = client.get(PAGE).content.decode()
    assert "<script src=" in body and "<script>" not in body and " onsubmit=" not in body
    assert 'action="/hoi-nghi/bo-phieu/vao/"' in body


@pytest.mark.parametrize("typed", ["", "x" * 65])
def test_bad_typed_code_is_refused_in_vietnamese(world, client, typed):
    r = client.post(PAGE + "vao/", {"token": typed})
    assert r.status_code == 403 and (
        "Hãy nhập mã" in r.content.decode() or "không đúng" in r.content.decode()
    )
