"""Fair review (issue 15 item 4): no unit ever reviews its own sheet, whatever the mode and the
size of the bloc; reviewers optionally blind to each other until all have finished; a large
disagreement between reviewers opens a moderation step that blocks finalising and goes into the
minutes (``selectors.scoring_minutes``)."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thidua.core.models import AuditEvent
from thidua.organisations.models import BlocYearMember, Unit
from thidua.scoring import services
from thidua.scoring.choices import AssessmentStatus
from thidua.scoring.models import Assessment, Moderation, ReviewAssignment, Score
from thidua.scoring.selectors import disputes, scoring_minutes
from thidua.scoring.tests.conftest import set_settings
from thidua.scoring.tests.test_services import fill, unit

CODES = ["THADS", "TAND", "VKSND", "TTR", "CA", "BCHQS", "STP", "SNV"]


def _no_self_review(by) -> None:
    pairs = ReviewAssignment.objects.filter(assessment__bloc_year=by).values_list(
        "reviewer_id", "assessment__unit_id"
    )
    assert all(reviewer != sheet for reviewer, sheet in pairs), list(pairs)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_no_unit_is_ever_assigned_its_own_sheet_in_any_mode(world, cur, data):
    """Any mode, any number of members, any deputy, panel, load or chosen reviewer of the
    leader's sheet: either a Vietnamese refusal with nothing changed, or assignments where no
    unit reviews itself and every member's sheet has a reviewer."""
    units = {u.code: u for u in Unit.objects.filter(code__in=CODES)}
    leader = cur.effective_leader
    others = [c for c in CODES if c != leader.code]
    count = data.draw(st.integers(min_value=1, max_value=len(others)), label="members besides the leader")
    kept = data.draw(st.permutations(others), label="order")[:count]
    members = [leader.code, *kept]
    mode = data.draw(st.sampled_from(["leader", "cross", "panel"]), label="mode")
    deputy = data.draw(st.sampled_from([None, *kept]), label="deputy")  # never the leader (a constraint)
    chosen = data.draw(st.sampled_from([None, *members]), label="leader_sheet_reviewer")
    per_unit = data.draw(st.integers(min_value=0, max_value=len(members)), label="per_unit")
    panel = data.draw(st.lists(st.sampled_from(members), unique=True), label="panel")
    with transaction.atomic():
        BlocYearMember.objects.filter(bloc_year=cur).exclude(unit__code__in=members).delete()
        type(cur).objects.filter(pk=cur.pk).update(deputy=units[deputy] if deputy else None)
        cur.refresh_from_db()
        set_settings(cur, reviewer_mode=mode)
        before = sorted(
            ReviewAssignment.objects.filter(assessment__bloc_year=cur).values_list("pk", flat=True)
        )
        try:
            services.assignments_generate(
                actor=world.secretary_snv,
                bloc_year=cur,
                panel=[units[c] for c in panel],
                per_unit=per_unit,
                leader_sheet_reviewer=units[chosen] if chosen else None,
            )
        except ValidationError as exc:
            assert str(exc)  # a message, and nothing changed
            after = sorted(
                ReviewAssignment.objects.filter(assessment__bloc_year=cur).values_list("pk", flat=True)
            )
            assert after == before
        else:
            _no_self_review(cur)
            reviewed = set(
                ReviewAssignment.objects.filter(assessment__bloc_year=cur).values_list(
                    "assessment__unit__code", flat=True
                )
            )
            assert reviewed == set(members)
        transaction.set_rollback(True)


def test_in_leader_mode_the_leader_submitting_first_goes_to_the_deputy_never_to_itself(world, cur, rubric):
    """Without generated assignments a submitted sheet goes to the leader, except the leader's
    own, which goes to the deputy, or waits for the secretary when there is no deputy."""
    set_settings(cur, reviewer_mode="leader")
    ReviewAssignment.objects.filter(assessment__bloc_year=cur).delete()
    leader = cur.effective_leader
    own = services.assessment_submit(
        actor=world.secretary_snv, assessment=fill(cur, world.secretary_snv, leader.code, rubric)
    )
    assert [a.reviewer_id for a in own.assignments.all()] == [cur.deputy_id]
    assert cur.deputy_id and cur.deputy_id != leader.pk
    other = services.assessment_submit(
        actor=world.officer_a, assessment=fill(cur, world.officer_a, "TAND", rubric)
    )
    assert [a.reviewer_id for a in other.assignments.all()] == [leader.pk]
    # No deputy: the leader's resubmitted sheet stays unassigned rather than going to itself.
    services.assessment_send_back(actor=world.secretary_snv, assessment=own, reason="Bổ sung")
    own.assignments.all().delete()
    type(cur).objects.filter(pk=cur.pk).update(deputy=None)
    again = services.assessment_submit(
        actor=world.secretary_snv, assessment=Assessment.objects.get(pk=own.pk)
    )
    assert not again.assignments.exists()
    _no_self_review(cur)


# Blind review -------------------------------------------------------------------------------------


@pytest.fixture
def panel_sheet(world, cur, rubric, leaf):
    """TAND's submitted sheet reviewed by a panel of SNV (the secretariat), THADS and VKSND; 2.1
    scored 10 by VKSND and 18 by SNV (THADS not yet)."""
    set_settings(cur, reviewer_mode="panel")
    services.assignments_generate(
        actor=world.secretary_snv, bloc_year=cur, panel=[unit("SNV"), unit("THADS"), unit("VKSND")]
    )
    sheet = services.assessment_submit(
        actor=world.officer_a, assessment=fill(cur, world.officer_a, "TAND", rubric)
    )
    for code, user, points in (("VKSND", world.officer_b, 10), ("SNV", world.secretary_snv, 18)):
        services.review_save(
            actor=user,
            assignment=sheet.assignments.get(reviewer__code=code),
            item=leaf("2.1"),
            points=points,
            reason="Theo số liệu thẩm định",
        )
    return sheet


REVIEWERS = {"SNV": "secretary_snv", "THADS": "secretary", "VKSND": "officer_b"}


def _page_and_api(client_for, cur, persona):
    client = client_for(persona)
    page = client.get(f"/cham-diem/KNC/{cur.year}/don-vi/TAND/").content.decode()
    detail = client.get(f"/api/v1/scoring/KNC/{cur.year}/assessments/TAND").json()
    row = next(s for s in detail["scores"] if s["item"] == "2.1")
    history = client.get(f"/api/v1/scoring/KNC/{cur.year}/assessments/TAND/history").json()
    return page, {r["reviewer"]: Decimal(r["points"]) for r in row["reviews"]}, history


def test_blind_review_hides_the_other_reviewers_scores_in_page_and_api_until_all_have_finished(
    world, cur, panel_sheet, client_for
):
    set_settings(cur, blind_review=True)
    vks = unit("VKSND").short_name_in_year(cur.year)
    snv = unit("SNV").short_name_in_year(cur.year)
    # SNV reviews and is the bloc's secretariat: it sees only its own score.
    page, reviews, history = _page_and_api(client_for, cur, "secretary_snv")
    assert reviews == {"SNV": Decimal("18")}
    assert 'id="blind-note"' in page
    assert f"{snv}: <strong>18" in page and f"{vks}: <strong>" not in page
    officer_b = world.officer_b.get_full_name() or world.officer_b.username
    assert not [e for e in history if e["action"] == "review.save" and e["actor_name"] == officer_b]
    # The office (its staff sit in SNV but do not review) sees every score.
    _page, reviews, _history = _page_and_api(client_for, cur, "provincial")
    assert reviews == {"SNV": Decimal("18"), "VKSND": Decimal("10")}
    # Once every reviewer has finished, nothing is hidden any more.
    for code, persona in REVIEWERS.items():
        services.review_complete(
            actor=world.users[persona], assignment=panel_sheet.assignments.get(reviewer__code=code)
        )
    page, reviews, _history = _page_and_api(client_for, cur, "secretary_snv")
    assert reviews["VKSND"] == Decimal("10") and reviews["SNV"] == Decimal("18")
    assert 'id="blind-note"' not in page and f"{vks}: <strong>10" in page


def test_without_blind_review_the_secretariat_sees_every_reviewers_score(world, cur, panel_sheet, client_for):
    page, reviews, _history = _page_and_api(client_for, cur, "secretary_snv")
    assert reviews == {"SNV": Decimal("18"), "VKSND": Decimal("10")}
    assert 'id="blind-note"' not in page


# Moderation ---------------------------------------------------------------------------------------


def _complete_all(world, sheet):
    for code, persona in REVIEWERS.items():
        services.review_complete(
            actor=world.users[persona], assignment=sheet.assignments.get(reviewer__code=code)
        )


def test_a_large_disagreement_opens_moderation_and_blocks_finalising_until_resolved(
    world, cur, panel_sheet, leaf, client_for
):
    """10 and 18 on a 20-point criterion: 8 points apart, above 15% of 20 (3 points)."""
    snv = world.secretary_snv
    assert leaf("2.1").max_points == Decimal("20")
    # Not before every reviewer has finished.
    with pytest.raises(ValidationError) as exc:
        services.moderation_record(
            actor=snv, assessment=panel_sheet, item=leaf("2.1"), points="14", reason="Hội ý"
        )
    assert "hoàn thành" in str(exc.value)
    _complete_all(world, panel_sheet)
    [dispute] = disputes(panel_sheet)
    assert dispute.item.code == "2.1" and dispute.spread == Decimal("8")
    with pytest.raises(ValidationError) as exc:
        services.assessment_finalise(actor=snv, assessment=panel_sheet)
    assert "2.1" in str(exc.value) and "điểm thống nhất" in str(exc.value)
    panel_sheet.refresh_from_db()
    assert panel_sheet.status == AssessmentStatus.SUBMITTED
    assert not Score.objects.filter(assessment=panel_sheet, final_points__isnull=False).exists()
    page = client_for("secretary_snv").get(f"/cham-diem/KNC/{cur.year}/don-vi/TAND/").content.decode()
    assert 'id="moderation"' in page and 'data-code="2.1"' in page

    # Bad input: refused with a Vietnamese message, nothing recorded.
    for kwargs, word in (
        ({"item": leaf("2.1"), "points": "14", "reason": "  "}, "lý do"),
        ({"item": leaf("2.1"), "points": "25", "reason": "Hội ý"}, "từ 0 đến 20"),
        ({"item": leaf("2.2"), "points": "5", "reason": "Hội ý"}, "không có chênh lệch lớn"),
    ):
        with pytest.raises(ValidationError) as exc:
            services.moderation_record(actor=snv, assessment=panel_sheet, **kwargs)
        assert word in str(exc.value)
    with pytest.raises(PermissionDenied):
        services.moderation_record(
            actor=world.officer_b, assessment=panel_sheet, item=leaf("2.1"), points="14", reason="x"
        )
    assert not Moderation.objects.exists()

    # Recorded through the API (the page posts the same service).
    api = client_for("secretary_snv")
    base = f"/api/v1/scoring/KNC/{cur.year}/assessments/TAND"
    done = api.put(
        f"{base}/moderations/2.1",
        {"points": "14", "reason": "Hội ý: số liệu quý IV được xác nhận một phần"},
        content_type="application/json",
    )
    assert done.status_code == 200, done.content
    assert api.get(f"{base}/disputes").json()[0]["moderation"]["points"] == "14.00"
    event = AuditEvent.objects.get(action="moderation.record")
    assert event.reason.startswith("Hội ý") and Decimal(event.after["points"]) == Decimal("14")

    final = services.assessment_finalise(actor=snv, assessment=panel_sheet)
    assert Score.objects.get(assessment=final, item=leaf("2.1")).final_points == Decimal("14")


def test_the_moderation_outcome_is_readable_by_the_minutes_selector(world, cur, panel_sheet, leaf):
    _complete_all(world, panel_sheet)
    services.moderation_record(
        actor=world.secretary_snv,
        assessment=panel_sheet,
        item=leaf("2.1"),
        points="14,5",
        reason="Hội ý tại cuộc họp tổ chấm",
    )
    minutes = scoring_minutes(bloc_year=cur)
    [record] = minutes.moderations
    assert record.unit.code == "TAND" and record.item_code == "2.1"
    assert record.points == Decimal("14.5") and record.reason == "Hội ý tại cuộc họp tổ chấm"
    names = {unit(c).short_name_in_year(cur.year): v for c, v in (("VKSND", 10), ("SNV", 18))}
    assert {k: v for k, v in record.reviewer_points.items() if k in names} == {
        k: Decimal(v) for k, v in names.items()
    }
    assert "thống nhất 14,5 điểm" in record.text and "Hội ý tại cuộc họp tổ chấm" in record.text
    assert minutes.lines[0].startswith("Thống nhất điểm") and record.text in minutes.lines[1]
    assert minutes.close_outs == []


def test_a_send_back_drops_the_moderated_scores(world, cur, panel_sheet, leaf):
    _complete_all(world, panel_sheet)
    services.moderation_record(
        actor=world.secretary_snv, assessment=panel_sheet, item=leaf("2.1"), points="14", reason="Hội ý"
    )
    services.assessment_send_back(actor=world.secretary_snv, assessment=panel_sheet, reason="Bổ sung")
    assert not Moderation.objects.filter(assessment=panel_sheet).exists()


def test_disagreement_threshold_and_blind_review_settings_are_validated(cur):
    from thidua.organisations.bloc_settings import get_settings, validate

    defaults = get_settings(cur)
    assert defaults.disagreement_threshold == 0.15 and defaults.blind_review is False
    assert defaults.close_out_mode == "zero"
    for bad in ({"disagreement_threshold": 0}, {"disagreement_threshold": 1.5}, {"blind_review": "có"}):
        with pytest.raises(ValidationError) as exc:
            validate(bad)
        assert next(iter(exc.value.message_dict)) in bad
    with pytest.raises(ValidationError) as exc:
        validate({"close_out_mode": "drop"})
    assert "zero" in str(exc.value)
