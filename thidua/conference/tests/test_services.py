"""Services of the conference: the record, voting by phone and paper, counting, closing and the
attacks the issue lists. Each refused attack must leave the database as it was."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from thidua.conference import sealing, selectors, services
from thidua.conference.models import (
    Ballot,
    BallotBox,
    CastBallot,
    Conference,
    PaperBatch,
    Participation,
)
from thidua.core.models import AuditEvent
from thidua.cycles.tests.factories import MovementFactory
from thidua.organisations.models import BlocYear, Unit


def _u(code):
    return Unit.objects.get(code=code)


def _state(ballot):
    box = BallotBox.objects.filter(ballot=ballot).first()
    return (
        Participation.objects.filter(ballot=ballot).count(),
        CastBallot.objects.filter(ballot=ballot).count(),
        len(sealing.unseal(ballot.pk, box.sealed)) if box else None,
        PaperBatch.objects.filter(ballot=ballot).count(),
        Ballot.objects.get(pk=ballot.pk).status,
    )


def test_conference_create_lists_members_and_prefills(world):
    """A new conference lists every member as present with its head as voting delegate."""
    year = BlocYear.objects.get(bloc__code="KNC", year=world.ctx["current_year"])
    conf = services.conference_create(
        actor=world.secretary_snv, bloc_year=year, held_on=dt.date(year.year, 12, 5)
    )
    assert conf.attendance.count() == 8
    assert conf.venue_unit.code == "SNV"
    assert conf.results.startswith(f"Năm {year.year}, 8 đơn vị")
    assert AuditEvent.objects.filter(action="conference.create", object_id=str(conf.pk)).exists()
    with pytest.raises(ValidationError):
        services.conference_create(
            actor=world.secretary_snv, bloc_year=year, held_on=dt.date(year.year, 12, 6)
        )


def test_only_the_secretariat_creates(world):
    year = BlocYear.objects.get(bloc__code="KNC", year=world.ctx["current_year"])
    with pytest.raises(PermissionDenied):
        services.conference_create(actor=world.officer_a, bloc_year=year, held_on=dt.date(year.year, 12, 5))
    assert not Conference.objects.filter(bloc_year=year).exists()


def test_bad_date_is_refused(world):
    year = BlocYear.objects.get(bloc__code="KNC", year=world.ctx["current_year"])
    with pytest.raises(ValidationError) as exc:
        services.conference_create(actor=world.secretary_snv, bloc_year=year, held_on=dt.date(2001, 1, 1))
    assert "Ngày họp" in str(exc.value)


def test_phone_vote_gives_receipt_and_no_link(world, open_ballot, tokens):
    """The paper waits sealed in the box (not in the papers table), no audit row is written per
    vote, and closing writes the paper and one participants record naming no choice."""
    receipt = services.vote_cast(token=tokens["TAND"], ballot=open_ballot, choices=["TAND", "THADS"])
    assert len(receipt) == 11
    assert not CastBallot.objects.filter(ballot=open_ballot).exists()
    sealed = bytes(BallotBox.objects.get(ballot=open_ballot).sealed)
    assert receipt.encode() not in sealed and b"TAND" not in sealed
    assert Participation.objects.get(ballot=open_ballot).unit.code == "TAND"
    assert not AuditEvent.objects.filter(object_id=str(open_ballot.pk), action="ballot.participate").exists()
    services.ballot_close(actor=world.secretary, ballot=open_ballot)
    paper = CastBallot.objects.get(ballot=open_ballot)
    assert paper.receipt == receipt and paper.choices == ["TAND", "THADS"]
    assert not BallotBox.objects.filter(ballot=open_ballot).exists()
    event = AuditEvent.objects.get(action="ballot.participants", object_id=str(open_ballot.pk))
    assert event.after == {"phone": ["TAND"], "paper": []}  # who took part, never the choice


def test_voting_twice_same_channel_is_refused(world, open_ballot, tokens):
    services.vote_cast(token=tokens["TAND"], ballot=open_ballot, choices=["TAND"])
    before = _state(open_ballot)
    with pytest.raises(ValidationError) as exc:
        services.vote_cast(token=tokens["TAND"], ballot=open_ballot, choices=["VKSND"])
    assert "đã bỏ phiếu" in str(exc.value)
    assert _state(open_ballot) == before


def test_voting_by_phone_after_paper_is_refused(world, open_ballot, tokens):
    services.paper_issue(actor=world.secretary, ballot=open_ballot, units=[_u("TAND")])
    before = _state(open_ballot)
    with pytest.raises(ValidationError) as exc:
        services.vote_cast(token=tokens["TAND"], ballot=open_ballot, choices=["TAND"])
    assert "phiếu giấy" in str(exc.value)
    assert _state(open_ballot) == before


def test_paper_after_phone_is_refused(world, open_ballot, tokens):
    services.vote_cast(token=tokens["TAND"], ballot=open_ballot, choices=["TAND"])
    before = _state(open_ballot)
    with pytest.raises(ValidationError) as exc:
        services.paper_issue(actor=world.secretary, ballot=open_ballot, units=[_u("VKSND"), _u("TAND")])
    assert "điện thoại" in str(exc.value)
    assert _state(open_ballot) == before


def test_database_refuses_second_participation(world, open_ballot):
    """The unique constraint holds even if a service check were skipped."""
    from django.db import IntegrityError, transaction

    Participation.objects.create(ballot=open_ballot, unit=_u("STP"), channel="phone")
    with pytest.raises(IntegrityError), transaction.atomic():
        Participation.objects.create(ballot=open_ballot, unit=_u("STP"), channel="paper")


def test_voting_after_closing_is_refused(world, open_ballot, tokens):
    services.ballot_close(actor=world.secretary, ballot=open_ballot)
    before = _state(open_ballot)
    with pytest.raises(ValidationError) as exc:
        services.vote_cast(token=tokens["TAND"], ballot=open_ballot, choices=["TAND"])
    assert "đã kết thúc" in str(exc.value)
    assert _state(open_ballot) == before


def test_forged_token_is_refused(world, open_ballot):
    before = _state(open_ballot)
    with pytest.raises(PermissionDenied) as exc:
        services.vote_cast(token="gia-mao-khong-ton-tai", ballot=open_ballot, choices=["TAND"])
    assert "Mã bỏ phiếu không đúng" in str(exc.value)
    assert _state(open_ballot) == before


def test_reissued_token_stops_working(world, conf2019, open_ballot, tokens):
    old = tokens["TAND"]
    services.passes_issue(actor=world.secretary, conference=conf2019, reissue=[_u("TAND")])
    before = _state(open_ballot)
    with pytest.raises(PermissionDenied):
        services.vote_cast(token=old, ballot=open_ballot, choices=["TAND"])
    assert _state(open_ballot) == before
    new = conf2019.passes.get(unit__code="TAND").token
    assert new != old
    services.vote_cast(token=new, ballot=open_ballot, choices=["TAND"])


def test_voter_of_another_bloc_is_refused(world, open_ballot):
    year = BlocYear.objects.get(bloc__code="KKT")
    other = services.conference_create(actor=world.admin, bloc_year=year, held_on=dt.date(year.year, 12, 1))
    token = services.passes_issue(actor=world.admin, conference=other)[0].token
    before = _state(open_ballot)
    with pytest.raises(PermissionDenied) as exc:
        services.vote_cast(token=token, ballot=open_ballot, choices=["TAND"])
    assert "hội nghị khác" in str(exc.value)
    assert _state(open_ballot) == before


def test_absent_unit_cannot_vote(world, conf2019, open_ballot, tokens):
    services.attendance_update(
        actor=world.secretary, conference=conf2019, rows=[{"unit": _u("STP"), "present": False}]
    )
    with pytest.raises(PermissionDenied):
        services.vote_cast(token=tokens["STP"], ballot=open_ballot, choices=["TAND"])


def test_too_many_choices_are_refused(world, open_ballot, tokens):
    with pytest.raises(ValidationError) as exc:
        services.vote_cast(token=tokens["TAND"], ballot=open_ballot, choices=["TAND", "THADS", "SNV"])
    assert "tối đa 2" in str(exc.value)
    with pytest.raises(ValidationError):
        services.vote_cast(token=tokens["TAND"], ballot=open_ballot, choices=["KHONGCO"])
    assert _state(open_ballot)[0] == 0


def test_results_hidden_before_closing(world, open_ballot, tokens):
    services.vote_cast(token=tokens["TAND"], ballot=open_ballot, choices=["TAND"])
    with pytest.raises(PermissionDenied) as exc:
        selectors.result_of(open_ballot)
    assert "sau khi" in str(exc.value)
    with pytest.raises(PermissionDenied):
        selectors.receipts_of(open_ballot)
    assert selectors.turnout(open_ballot)["voted"] == 1


def test_paper_batch_totals_that_disagree_are_refused(world, open_ballot):
    services.paper_issue(actor=world.secretary, ballot=open_ballot, units=[_u("TAND"), _u("CA"), _u("STP")])
    before = _state(open_ballot)
    bad = [
        {"ballots": 3, "invalid": 2, "abstain": 2, "counts": {}},  # invalid + blank > ballots
        {"ballots": 3, "invalid": 0, "abstain": 0, "counts": {"TAND": 4}},  # more than ballots
        {
            "ballots": 3,
            "invalid": 0,
            "abstain": 0,
            "counts": {"TAND": 3, "THADS": 3, "SNV": 1},
        },  # > 2 marks each
        {"ballots": 3, "invalid": 0, "abstain": 0, "counts": {"TAND": 1}},  # ballots without any mark
        {"ballots": 4, "invalid": 0, "abstain": 0, "counts": {"TAND": 4}},  # more than handed out
    ]
    for figures in bad:
        with pytest.raises(ValidationError):
            services.paper_batch_count(actor=world.secretary, ballot=open_ballot, number=1, **figures)
    assert _state(open_ballot) == before


def test_recount_must_agree(world, open_ballot):
    services.paper_issue(actor=world.secretary, ballot=open_ballot, units=[_u("TAND"), _u("CA"), _u("STP")])
    first = {"ballots": 3, "invalid": 1, "abstain": 0, "counts": {"TAND": 2, "THADS": 1}}
    batch = services.paper_batch_count(actor=world.secretary, ballot=open_ballot, number=1, **first)
    with pytest.raises(ValidationError) as exc:
        services.paper_batch_recount(
            actor=world.secretary, batch=batch, **(first | {"counts": {"TAND": 1, "THADS": 2}})
        )
    assert "không khớp" in str(exc.value) and "TAND" in str(exc.value)
    batch.refresh_from_db()
    assert batch.status == "counted"
    with pytest.raises(ValidationError) as exc:
        services.ballot_close(actor=world.secretary, ballot=open_ballot)
    assert "chưa kiểm lại" in str(exc.value)
    services.paper_batch_recount(actor=world.secretary, batch=batch, **first)
    ballot = services.ballot_close(actor=world.secretary, ballot=open_ballot)
    assert ballot.result["returned"] == 3 and ballot.result["invalid"] == 1


def test_phone_and_paper_mix_without_double_counting(world, open_ballot, tokens):
    for code in ["THADS", "TAND", "VKSND", "SNV", "STP"]:
        services.vote_cast(token=tokens[code], ballot=open_ballot, choices=["TAND", "THADS"])
    services.paper_issue(actor=world.secretary, ballot=open_ballot, units=[_u("CA"), _u("BCHQS"), _u("TTR")])
    figures = {"ballots": 3, "invalid": 0, "abstain": 1, "counts": {"VKSND": 2, "TAND": 1}}
    batch = services.paper_batch_count(actor=world.secretary, ballot=open_ballot, number=1, **figures)
    services.paper_batch_recount(actor=world.secretary, batch=batch, **figures)
    ballot = services.ballot_close(actor=world.secretary, ballot=open_ballot)
    result = selectors.result_of(ballot)
    votes = {r["key"]: r["votes"] for r in result["rows"]}
    assert votes["TAND"] == 6 and votes["THADS"] == 5 and votes["VKSND"] == 2
    assert result["returned"] == 8 and result["abstain"] == 1
    assert result["elected"] == ["TAND", "THADS"]
    assert len(selectors.receipts_of(ballot)) == 5


def test_tie_is_shown_and_runoff_is_created(world, conf2019, tokens):
    ballot = services.ballot_create(actor=world.secretary, conference=conf2019, kind="government_flag")
    services.ballot_open(actor=world.secretary, ballot=ballot)
    for code in ["THADS", "TAND", "VKSND", "SNV"]:
        services.vote_cast(token=tokens[code], ballot=ballot, choices=["TAND"])
    for code in ["CA", "BCHQS", "TTR", "STP"]:
        services.vote_cast(token=tokens[code], ballot=ballot, choices=["SNV"])
    # 4 of 8 is not more than half: nobody elected; both best-placed go to a runoff.
    ballot = services.ballot_close(actor=world.secretary, ballot=ballot)
    assert ballot.result["elected"] == [] and ballot.result["undecided_seats"] == 1
    assert sorted(ballot.result["runoff"]) == ["SNV", "TAND"]
    # Shown as tied although nobody reached the threshold, with the runoff offered.
    result = selectors.result_of(ballot)
    assert sorted(result["ties"][0]) == ["SNV", "TAND"]
    assert result["notes"] == [
        "Không ai đạt ngưỡng; Sở Nội vụ và Tòa án nhân dân tỉnh bằng phiếu (4 phiếu); cần bầu vòng sau."
    ]
    assert {r["key"] for r in result["rows"] if r["tie"]} == {"SNV", "TAND"}
    page = Client()
    page.force_login(world.officer_a)
    body = page.get(f"/hoi-nghi/bieu-quyet/{ballot.pk}/").content.decode()
    assert "Không ai đạt ngưỡng; Sở Nội vụ và Tòa án nhân dân tỉnh bằng phiếu" in body
    api = page.get(f"/api/v1/ballots/{ballot.pk}/results").json()
    assert api["notes"] == result["notes"] and sorted(api["ties"][0]) == ["SNV", "TAND"]
    secretary = Client()
    secretary.force_login(world.secretary)
    assert 'id="runoff"' in secretary.get(f"/hoi-nghi/bieu-quyet/{ballot.pk}/").content.decode()
    runoff = services.ballot_runoff(actor=world.secretary, ballot=ballot)
    assert runoff.round == 2 and sorted(runoff.candidates.values_list("unit__code", flat=True)) == [
        "SNV",
        "TAND",
    ]
    with pytest.raises(ValidationError):
        services.ballot_runoff(actor=world.secretary, ballot=ballot)


def test_tie_with_cast_base_shows_all_tied(world, conf2019, tokens):
    year = conf2019.bloc_year
    year.settings = {"approval_base": "cast", "approval_ratio": "1/3", "approval_strict": False}
    year.save()
    ballot = services.ballot_create(actor=world.secretary, conference=conf2019, kind="government_flag")
    services.ballot_open(actor=world.secretary, ballot=ballot)
    for code in ["THADS", "TAND", "VKSND", "SNV"]:
        services.vote_cast(token=tokens[code], ballot=ballot, choices=["TAND"])
    for code in ["CA", "BCHQS", "TTR", "STP"]:
        services.vote_cast(token=tokens[code], ballot=ballot, choices=["SNV"])
    ballot = services.ballot_close(actor=world.secretary, ballot=ballot)
    assert sorted(ballot.result["tied"]) == ["SNV", "TAND"] and ballot.result["elected"] == []
    statuses = {r["key"]: r["status"] for r in ballot.result["rows"]}
    assert statuses["SNV"] == statuses["TAND"] == "tied"


def test_weighted_votes(world, conf2019, tokens):
    year = conf2019.bloc_year
    year.settings = {"unit_weights": {"CA": 3}}
    year.save()
    ballot = services.ballot_create(
        actor=world.secretary, conference=conf2019, kind="question", title="Thông qua quy chế"
    )
    services.ballot_open(actor=world.secretary, ballot=ballot)
    services.vote_cast(token=tokens["CA"], ballot=ballot, choices=["yes"])
    for code in ["THADS", "TAND", "VKSND"]:
        services.vote_cast(token=tokens[code], ballot=ballot, choices=["no"])
    # Three identical papers of weight one, only one with the receipt.
    assert len(sealing.unseal(ballot.pk, BallotBox.objects.get(ballot=ballot).sealed)) == 6
    ballot = services.ballot_close(actor=world.secretary, ballot=ballot)
    assert CastBallot.objects.filter(ballot=ballot).count() == 6
    assert CastBallot.objects.filter(ballot=ballot).exclude(receipt="").count() == 4
    assert ballot.result["total_weight"] == 10
    assert {r["key"]: r["votes"] for r in ballot.result["rows"]} == {"yes": 3, "no": 3}
    assert ballot.result["returned"] == 6 and ballot.result["approved"] is False


def test_quorum_not_met_decides_nothing(world, open_ballot, tokens):
    for code in ["THADS", "TAND", "VKSND", "SNV", "STP"]:
        services.vote_cast(token=tokens[code], ballot=open_ballot, choices=["TAND"])
    ballot = services.ballot_close(actor=world.secretary, ballot=open_ballot)
    assert ballot.result["quorum_met"] is False and ballot.result["elected"] == []


def test_leader_ballot_records_election(world):
    year = BlocYear.objects.get(bloc__code="KNC", year=world.ctx["current_year"])
    actor = world.secretary_snv
    conf = services.conference_create(actor=actor, bloc_year=year, held_on=dt.date(year.year, 12, 5))
    tokens = {p.unit.code: p.token for p in services.passes_issue(actor=actor, conference=conf)}
    for kind, winner in [("next_leader", "TAND"), ("next_deputy", "VKSND")]:
        ballot = services.ballot_create(
            actor=actor, conference=conf, kind=kind, candidates=[_u("TAND"), _u("VKSND"), _u("CA")]
        )
        services.ballot_open(actor=actor, ballot=ballot)
        for code in tokens:
            services.vote_cast(token=tokens[code], ballot=ballot, choices=[winner])
        services.ballot_close(actor=actor, ballot=ballot)
    year.refresh_from_db()
    assert year.elected_next_leader.code == "TAND" and year.elected_next_deputy.code == "VKSND"
    assert {o.kind for o in selectors.outcomes_for_year(bloc_year=year)} == {"next_leader", "next_deputy"}


def test_ballot_candidates_must_be_members(world, conf2019):
    with pytest.raises(ValidationError) as exc:
        services.ballot_create(
            actor=world.secretary, conference=conf2019, kind="government_flag", candidates=[_u("STC")]
        )
    assert "Không phải thành viên" in str(exc.value)
    with pytest.raises(ValidationError):
        services.ballot_create(actor=world.secretary, conference=conf2019, kind="provincial_flag", seats=9)


def test_officer_cannot_manage_ballots(world, open_ballot):
    for call in (
        lambda: services.ballot_close(actor=world.officer_a, ballot=open_ballot),
        lambda: services.paper_issue(actor=world.officer_a, ballot=open_ballot, units=[_u("TAND")]),
    ):
        with pytest.raises(PermissionDenied):
            call()
    assert _state(open_ballot)[-1] == "open"


def test_prefill_lists_movements(db):
    """The results section starts from the year's movements (cycles) when they exist."""
    movement = MovementFactory(unit__name="Sở Nội vụ", title="Đoàn kết, đổi mới, hiệu quả")
    text = services.prefill_sections(movement.bloc_year)["results"]
    assert "Sở Nội vụ: “Đoàn kết, đổi mới, hiệu quả”" in text
