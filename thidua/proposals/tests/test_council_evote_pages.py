"""The Council's e-vote through its pages (the phone page with HTMX) and its API: each refusal is
a Vietnamese message and changes nothing."""

import json

import pytest
from django.test import Client

from thidua.accounts.tests.factories import UserFactory
from thidua.organisations.models import BlocYear
from thidua.proposals import services
from thidua.proposals.choices import ProposalStatus
from thidua.proposals.models import CouncilParticipation, CouncilSession, CouncilSessionItem, Proposal
from thidua.proposals.services.council_sessions import (
    ALREADY_CLOSED,
    ALREADY_VOTED,
    NOT_A_MEMBER,
    RESULTS_AFTER_CLOSING,
    council_members_default,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def received(undecided_2019):
    w = undecided_2019
    by = BlocYear.objects.get(bloc__code="KNC", year=2019)
    out = {}
    for p in services.proposals_from_outcomes(actor=w.secretary, bloc_year=by):
        services.dossier_generate(actor=w.secretary, proposal=p, pdf=False)
        p = services.proposal_submit(
            actor=w.secretary, proposal=Proposal.objects.get(pk=p.pk), late_reason="Bổ sung"
        )
        out[p.unit.code] = services.proposal_receive(actor=w.provincial, proposal=p)
    return out


@pytest.fixture
def members(undecided_2019):
    return list(council_members_default())


def client_of(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def api(client, method, url, data=None):
    body = json.dumps(data) if data is not None else ""
    return client.generic(method, url, body, content_type="application/json")


# Pages -------------------------------------------------------------------------------------------


def test_the_office_makes_and_opens_a_session_from_the_council_page(world, received, client_for):
    office = client_for("provincial")
    page = office.get("/de-nghi/hoi-dong/2019/")
    assert "Tạo phiên biểu quyết điện tử" in page.content.decode()
    tand, thads = received["TAND"], received["THADS"]
    r = office.post(
        "/de-nghi/hoi-dong/2019/phien-moi/",
        {"proposals": [str(tand.uuid), str(thads.uuid)], "title": "Phiên tháng 1"},
    )
    session = CouncilSession.objects.get()
    assert r.status_code == 302 and r["Location"] == session.get_absolute_url()
    assert session.items.count() == 2 and session.members.count() == 15
    office.post(f"/de-nghi/hoi-dong/phien/{session.uuid}/mo/")
    assert CouncilSession.objects.get().status == "open"
    # The typed-tally table no longer offers proposals that are in the session.
    assert (
        str(tand.uuid)
        not in office.get("/de-nghi/hoi-dong/2019/").content.decode().split('id="council-votes"')[-1]
    )


def test_a_member_votes_on_the_phone_page_with_htmx_once(world, received, members):
    tand = received["TAND"]
    session = services.council_session_create(actor=world.provincial, year=2019, proposals=[tand])
    services.council_session_open(actor=world.provincial, session=session)
    phone = client_of(world.council)
    page = phone.get(f"/de-nghi/hoi-dong/phien/{session.uuid}/bieu-quyet/").content.decode()
    assert "Đồng ý" in page and "Không đồng ý" in page and "hx-post" in page
    assert "<script" not in page.split('id="main"')[1] and " onclick=" not in page and "onsubmit" not in page
    url = f"/de-nghi/hoi-dong/phien/{session.uuid}/bieu-quyet/{tand.uuid}/"
    card = phone.post(url, {"choice": "agree"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Đã ghi nhận biểu quyết của bạn." in card and "hx-post" not in card
    again = phone.post(url, {"choice": "disagree"}, HTTP_HX_REQUEST="true").content.decode()
    assert ALREADY_VOTED in again
    item = CouncilSessionItem.objects.get(session=session)
    assert (item.agree, item.disagree) == (1, 0)


def test_a_council_member_off_the_list_is_told_so_and_changes_nothing(world, received, members):
    tand = received["TAND"]
    session = services.council_session_create(actor=world.provincial, year=2019, proposals=[tand])
    services.council_session_open(actor=world.provincial, session=session)
    outsider = client_of(UserFactory(council=True))
    assert (
        NOT_A_MEMBER in outsider.get(f"/de-nghi/hoi-dong/phien/{session.uuid}/bieu-quyet/").content.decode()
    )
    r = outsider.post(
        f"/de-nghi/hoi-dong/phien/{session.uuid}/bieu-quyet/{tand.uuid}/", {"choice": "agree"}, follow=True
    )
    assert NOT_A_MEMBER in r.content.decode()
    assert not CouncilParticipation.objects.exists()


def test_an_officer_does_not_see_sessions(world, received, client_for):
    session = services.council_session_create(actor=world.provincial, year=2019, proposals=[received["TAND"]])
    for persona in ("officer_a", "secretary", "editor"):
        assert client_for(persona).get(session.get_absolute_url()).status_code == 404


def test_the_session_page_shows_no_counts_before_closing(world, received, members):
    tand = received["TAND"]
    session = services.council_session_create(actor=world.provincial, year=2019, proposals=[tand])
    services.council_session_open(actor=world.provincial, session=session)
    services.council_vote_cast(actor=members[0], session=session, proposal=tand, choice="agree")
    page = client_of(world.provincial).get(session.get_absolute_url()).content.decode()
    assert 'id="turnout"' in page and "1/15" in page and 'id="results"' not in page
    for m in members[:12]:
        services.council_session_check_in(actor=m, session=session)
    client_of(world.provincial).post(f"/de-nghi/hoi-dong/phien/{session.uuid}/dong/")
    page = client_of(world.council).get(session.get_absolute_url()).content.decode()
    assert 'id="results"' in page and 'id="minutes"' in page and "Không thông qua" in page


# API ---------------------------------------------------------------------------------------------


def test_the_api_runs_a_session_from_opening_to_minutes(world, received, members, client_for):
    office = client_for("provincial")
    tand, thads = received["TAND"], received["THADS"]
    r = api(
        office,
        "POST",
        "/api/v1/council-sessions",
        {"year": 2019, "proposals": [str(tand.uuid), str(thads.uuid)]},
    )
    assert r.status_code == 201, r.content
    key = r.json()["uuid"]
    assert r.json()["members_total"] == 15 and r.json()["secret"] is True
    early = api(
        client_of(members[0]),
        "POST",
        f"/api/v1/council-sessions/{key}/votes",
        {"proposal": str(tand.uuid), "choice": "agree"},
    )
    assert early.status_code == 422 and "chưa mở" in early.json()["detail"]
    assert api(office, "POST", f"/api/v1/council-sessions/{key}/open").json()["status"] == "open"
    for i, user in enumerate(members):
        phone = client_of(user)
        r = api(
            phone,
            "POST",
            f"/api/v1/council-sessions/{key}/votes",
            {"proposal": str(tand.uuid), "choice": "agree" if i < 12 else "disagree"},
        )
        assert r.status_code == 200, r.content
        api(
            phone,
            "POST",
            f"/api/v1/council-sessions/{key}/votes",
            {"proposal": str(thads.uuid), "choice": "agree" if i < 11 else "disagree"},
        )
    twice = api(
        client_of(members[0]),
        "POST",
        f"/api/v1/council-sessions/{key}/votes",
        {"proposal": str(tand.uuid), "choice": "disagree"},
    )
    assert twice.status_code == 422 and twice.json()["detail"] == ALREADY_VOTED
    for who in (client_of(members[0]), office):
        early = who.get(f"/api/v1/council-sessions/{key}/results")
        assert early.status_code == 403 and early.json()["detail"] == RESULTS_AFTER_CLOSING
    seen = client_of(members[0]).get(f"/api/v1/council-sessions/{key}").json()
    assert seen["present"] == 15 and all(it["i_voted"] for it in seen["items"])
    closed = api(office, "POST", f"/api/v1/council-sessions/{key}/close")
    assert closed.status_code == 200, closed.content
    results = {
        r["proposal"]: r
        for r in client_of(members[0]).get(f"/api/v1/council-sessions/{key}/results").json()["results"]
    }
    assert results[str(tand.uuid)]["passed"] is True and results[str(tand.uuid)]["agree"] == 12
    assert results[str(thads.uuid)]["passed"] is False and results[str(thads.uuid)]["agree_names"] is None
    assert Proposal.objects.get(pk=tand.pk).status == ProposalStatus.APPROVED
    late = api(
        client_of(members[1]),
        "POST",
        f"/api/v1/council-sessions/{key}/votes",
        {"proposal": str(tand.uuid), "choice": "agree"},
    )
    assert late.status_code == 422 and late.json()["detail"] == ALREADY_CLOSED
    minutes = client_of(members[0]).get(f"/api/v1/council-sessions/{key}/minutes")
    assert minutes.status_code == 200 and minutes["Content-Disposition"].endswith('.docx"')


def test_the_api_refuses_non_members_and_members_acting_for_the_office(world, received, members, client_for):
    tand = received["TAND"]
    session = services.council_session_create(actor=world.provincial, year=2019, proposals=[tand])
    key = session.uuid
    assert api(client_of(members[0]), "POST", f"/api/v1/council-sessions/{key}/open").status_code == 403
    services.council_session_open(actor=world.provincial, session=session)
    outsider = api(
        client_of(UserFactory(council=True)),
        "POST",
        f"/api/v1/council-sessions/{key}/votes",
        {"proposal": str(tand.uuid), "choice": "agree"},
    )
    assert outsider.status_code == 403 and outsider.json()["detail"] == NOT_A_MEMBER
    officer = api(
        client_for("officer_a"),
        "POST",
        f"/api/v1/council-sessions/{key}/votes",
        {"proposal": str(tand.uuid), "choice": "agree"},
    )
    assert officer.status_code == 404
    bad = api(
        client_of(members[0]),
        "POST",
        f"/api/v1/council-sessions/{key}/votes",
        {"proposal": str(tand.uuid), "choice": "abstain"},
    )
    assert bad.status_code == 422 and "Đồng ý" in bad.json()["detail"]
    assert not CouncilParticipation.objects.exists()


def test_an_open_sessions_results_name_each_members_vote(world, received, members, settings, client_for):
    settings.THIDUA_COUNCIL_SECRET_VOTE = False
    tand = received["TAND"]
    session = services.council_session_create(actor=world.provincial, year=2019, proposals=[tand])
    services.council_session_open(actor=world.provincial, session=session)
    for i, user in enumerate(members):
        services.council_vote_cast(
            actor=user, session=session, proposal=tand, choice="agree" if i else "disagree"
        )
    services.council_session_close(actor=world.provincial, session=session)
    result = (
        client_for("council").get(f"/api/v1/council-sessions/{session.uuid}/results").json()["results"][0]
    )
    assert result["disagree_names"] == [str(members[0])] and len(result["agree_names"]) == 14
    assert str(members[0]) in client_for("council").get(session.get_absolute_url()).content.decode()
    detail = client_for("provincial").get(f"/api/v1/proposals/{tand.uuid}").json()
    assert detail["council_channel"] == "electronic" and detail["status"] == "approved"


def test_the_council_api_is_in_the_openapi_document(world, client_for):
    paths = client_for("admin").get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/council-sessions",
        "/api/v1/council-sessions/{key}",
        "/api/v1/council-sessions/{key}/open",
        "/api/v1/council-sessions/{key}/close",
        "/api/v1/council-sessions/{key}/check-in",
        "/api/v1/council-sessions/{key}/votes",
        "/api/v1/council-sessions/{key}/results",
        "/api/v1/council-sessions/{key}/minutes",
    ):
        assert path in paths
