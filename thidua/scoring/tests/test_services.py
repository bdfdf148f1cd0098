"""Self-assessment, evidence, review, finalisation and publication through the services."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from thidua.core.models import AuditEvent
from thidua.organisations.models import Unit
from thidua.scoring import services
from thidua.scoring.choices import AssessmentStatus
from thidua.scoring.models import Assessment, ReviewAssignment, Score
from thidua.scoring.selectors import assessment_visible, can_see_reviews, leaves, ranking_for_year
from thidua.scoring.tests.conftest import PDF, set_settings


def unit(code):
    return Unit.objects.get(code=code)


def fill(by, user, code, rubric, value=Decimal("0.9")):
    for item in leaves(rubric):
        current = Score.objects.filter(
            assessment__bloc_year=by, assessment__unit__code=code, item=item
        ).first()
        points = 0 if item.evidence_required else (item.max_points * value).quantize(Decimal("0.01"))
        services.score_save(
            actor=user,
            bloc_year=by,
            unit=unit(code),
            item=item,
            points=points,
            version=current.version if current else 0,
        )
    return Assessment.objects.get(bloc_year=by, unit__code=code)


def test_out_of_bounds_scores_are_refused_and_change_nothing(world, cur, leaf):
    """Above the maximum or negative: a Vietnamese message naming the bounds, no row saved."""
    for bad in ("25", "-1", "abc"):
        with pytest.raises(ValidationError) as exc:
            services.score_save(
                actor=world.officer_a, bloc_year=cur, unit=unit("TAND"), item=leaf("2.1"), points=bad
            )
        assert "2.1" in str(exc.value) or "không phải là số" in str(exc.value)
    assert not Score.objects.filter(assessment__unit__code="TAND", item=leaf("2.1")).exists()


def test_zero_is_a_valid_score_and_submit_needs_every_criterion(world, cur, rubric, leaf):
    score = services.score_save(
        actor=world.officer_a, bloc_year=cur, unit=unit("TAND"), item=leaf("2.1"), points="0"
    )
    assert score.points == Decimal("0")
    assessment = Assessment.objects.get(bloc_year=cur, unit__code="TAND")
    with pytest.raises(ValidationError) as exc:
        services.assessment_submit(actor=world.officer_a, assessment=assessment)
    assert "Chưa chấm" in str(exc.value) and "2.2" in str(exc.value)
    assessment = fill(cur, world.officer_a, "TAND", rubric)
    submitted = services.assessment_submit(actor=world.officer_a, assessment=assessment)
    assert submitted.status == AssessmentStatus.SUBMITTED
    # Leader mode: the current leader (SNV) is assigned automatically.
    assert [a.reviewer.code for a in submitted.assignments.all()] == ["SNV"]


def test_concurrent_saves_conflict_instead_of_overwriting(world, cur, leaf):
    """Two writers based on the same version: the second gets a conflict message."""
    first = services.score_save(
        actor=world.officer_a, bloc_year=cur, unit=unit("TAND"), item=leaf("2.2"), points=10
    )
    services.score_save(
        actor=world.officer_a,
        bloc_year=cur,
        unit=unit("TAND"),
        item=leaf("2.2"),
        points=12,
        version=first.version,
    )
    with pytest.raises(ValidationError) as exc:
        services.score_save(
            actor=world.officer_a,
            bloc_year=cur,
            unit=unit("TAND"),
            item=leaf("2.2"),
            points=13,
            version=first.version,
        )
    assert "vừa được" in str(exc.value) and "12" in str(exc.value)
    assert Score.objects.get(assessment__unit__code="TAND", item=leaf("2.2")).points == Decimal("12")


def test_evidence_type_comes_from_content(world, cur, leaf):
    with pytest.raises(ValidationError) as exc:
        services.evidence_add(
            actor=world.officer_a,
            bloc_year=cur,
            unit=unit("TAND"),
            item=leaf("4.1"),
            name="bao-cao.docx",
            data=PDF,
        )
    assert "PDF" in str(exc.value)
    with pytest.raises(ValidationError):
        services.evidence_add(
            actor=world.officer_a,
            bloc_year=cur,
            unit=unit("TAND"),
            item=leaf("4.1"),
            name="anh.pdf",
            data=b"MZ\x90\x00 not a pdf",
        )
    evidence = services.evidence_add(
        actor=world.officer_a,
        bloc_year=cur,
        unit=unit("TAND"),
        item=leaf("4.1"),
        name="bao-cao.pdf",
        data=PDF,
    )
    assert evidence.content_type == "application/pdf"


def test_evidence_required_blocks_submission(world, cur, rubric, leaf):
    assessment = fill(cur, world.officer_a, "TAND", rubric)
    score = Score.objects.get(assessment=assessment, item=leaf("4.1"))
    services.score_save(
        actor=world.officer_a,
        bloc_year=cur,
        unit=unit("TAND"),
        item=leaf("4.1"),
        points=9,
        version=score.version,
    )
    with pytest.raises(ValidationError) as exc:
        services.assessment_submit(actor=world.officer_a, assessment=assessment)
    assert "4.1" in str(exc.value)


def test_other_units_and_reviewers_never_see_a_draft(world, cur, leaf):
    services.score_save(actor=world.officer_a, bloc_year=cur, unit=unit("TAND"), item=leaf("2.1"), points=5)
    draft = Assessment.objects.get(bloc_year=cur, unit__code="TAND")
    assert assessment_visible(world.officer_a, draft)
    for persona in ("officer_b", "secretary", "secretary_snv", "provincial", "council", "editor"):
        assert not assessment_visible(world.users[persona], draft), persona
    with pytest.raises(PermissionDenied):
        services.score_save(
            actor=world.officer_b, bloc_year=cur, unit=unit("TAND"), item=leaf("2.1"), points=1
        )


def test_review_needs_a_reason_send_back_and_resubmit(world, cur, rubric, leaf):
    assessment = services.assessment_submit(
        actor=world.officer_a, assessment=fill(cur, world.officer_a, "TAND", rubric)
    )
    assignment = assessment.assignments.get()
    snv = world.secretary_snv
    with pytest.raises(ValidationError) as exc:
        services.review_save(actor=snv, assignment=assignment, item=leaf("2.1"), points=15)
    assert "lý do" in str(exc.value)
    with pytest.raises(PermissionDenied):
        services.review_save(
            actor=world.officer_b, assignment=assignment, item=leaf("2.1"), points=15, reason="x"
        )
    services.review_save(
        actor=snv, assignment=assignment, item=leaf("2.1"), points=15, reason="Thiếu số liệu quý IV"
    )
    with pytest.raises(ValidationError):
        services.assessment_send_back(actor=snv, assessment=assessment, reason="  ")
    returned = services.assessment_send_back(
        actor=snv, assessment=assessment, reason="Bổ sung minh chứng 2.1"
    )
    assert returned.status == AssessmentStatus.RETURNED
    again = services.assessment_submit(actor=world.officer_a, assessment=returned)
    assert again.status == AssessmentStatus.SUBMITTED
    services.review_complete(actor=snv, assignment=ReviewAssignment.objects.get(pk=assignment.pk))
    final = services.assessment_finalise(actor=snv, assessment=again)
    assert final.status == AssessmentStatus.FINALISED
    assert Score.objects.get(assessment=final, item=leaf("2.1")).final_points == Decimal("15")
    # Finalising locks the sheet.
    with pytest.raises(ValidationError):
        services.score_save(
            actor=world.officer_a, bloc_year=cur, unit=unit("TAND"), item=leaf("2.1"), points=1
        )
    events = AuditEvent.objects.filter(object_type="scoring.reviewscore")
    assert events.filter(reason="Thiếu số liệu quý IV").exists()
    ranked = ranking_for_year(bloc_year=cur)
    assert [r.unit.code for r in ranked] == ["TAND"] and ranked[0].leading


def test_cross_review_nobody_reviews_itself_with_even_load(world, cur):
    set_settings(cur, reviewer_mode="cross")
    created = services.assignments_generate(actor=world.secretary_snv, bloc_year=cur, per_unit=2)
    pairs = [(a.reviewer_id, a.assessment.unit_id) for a in created]
    assert all(r != u for r, u in pairs)
    loads = {}
    for reviewer, _ in pairs:
        loads[reviewer] = loads.get(reviewer, 0) + 1
    assert set(loads.values()) == {2} and len(loads) == cur.members.count()
    assignment = created[0]
    with pytest.raises(ValidationError) as exc:
        services.assignment_change(
            actor=world.secretary_snv,
            assignment=assignment,
            reviewer=assignment.assessment.unit,
            reason="thử",
        )
    assert "tự thẩm định" in str(exc.value)
    with pytest.raises(ValidationError):
        services.assignment_change(
            actor=world.secretary_snv, assignment=assignment, reviewer=unit("CA"), reason=""
        )
    with pytest.raises(PermissionDenied):
        services.assignments_generate(actor=world.officer_a, bloc_year=cur)


def test_panel_scores_are_combined_by_the_median(world, cur, rubric, leaf):
    # 10, 18, 12 on a 20-point criterion: within a 50% threshold, so no moderation step here.
    set_settings(cur, reviewer_mode="panel", aggregation="median", disagreement_threshold=0.5)
    services.assignments_generate(
        actor=world.secretary_snv, bloc_year=cur, panel=[unit("SNV"), unit("THADS"), unit("VKSND")]
    )
    assessment = services.assessment_submit(
        actor=world.officer_a, assessment=fill(cur, world.officer_a, "TAND", rubric)
    )
    reviewers = {"SNV": world.secretary_snv, "THADS": world.secretary, "VKSND": world.officer_b}
    values = {"SNV": 10, "THADS": 18, "VKSND": 12}
    for code, user in reviewers.items():
        assignment = assessment.assignments.get(reviewer__code=code)
        services.review_save(
            actor=user, assignment=assignment, item=leaf("2.1"), points=values[code], reason="r"
        )
        services.review_complete(actor=user, assignment=assignment)
    # Panel members do not see each other's scores (nor the combined one) before finalisation.
    assessment.refresh_from_db()
    assert not can_see_reviews(world.officer_b, assessment) and not can_see_reviews(
        world.officer_a, assessment
    )
    assert can_see_reviews(world.secretary_snv, assessment)
    final = services.assessment_finalise(actor=world.secretary_snv, assessment=assessment)
    assert Score.objects.get(assessment=final, item=leaf("2.1")).final_points == Decimal("12")
    assert can_see_reviews(world.officer_b, final)


def test_publication_needs_every_member_finalised(world, cur):
    with pytest.raises(ValidationError) as exc:
        services.results_publish(actor=world.secretary_snv, bloc_year=cur)
    assert "chưa được chốt" in str(exc.value)


def test_in_leader_mode_the_leaders_own_sheet_goes_to_the_deputy_or_the_chosen_unit(world, cur):
    """No unit ever reviews itself (issue 15 item 4): the leader reviews the others, its own sheet
    goes to the deputy, or to the member the secretary picks; without either, a clear refusal."""
    set_settings(cur, reviewer_mode="leader")
    leader = cur.effective_leader_id
    created = services.assignments_generate(actor=world.secretary_snv, bloc_year=cur)
    pairs = {a.assessment.unit_id: a.reviewer_id for a in created}
    assert all(reviewer != sheet for sheet, reviewer in pairs.items())
    assert pairs[leader] == cur.deputy_id
    assert {r for s, r in pairs.items() if s != leader} == {leader}
    chosen = services.assignments_generate(
        actor=world.secretary_snv, bloc_year=cur, leader_sheet_reviewer=unit("CA")
    )
    assert {a.assessment.unit_id: a.reviewer_id for a in chosen}[leader] == unit("CA").pk
    before = list(ReviewAssignment.objects.filter(assessment__bloc_year=cur).values_list("pk", flat=True))
    type(cur).objects.filter(pk=cur.pk).update(deputy=None)
    cur.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.assignments_generate(actor=world.secretary_snv, bloc_year=cur)
    assert "không tự thẩm định bảng điểm của mình" in str(exc.value)
    with pytest.raises(ValidationError):
        services.assignments_generate(
            actor=world.secretary_snv, bloc_year=cur, leader_sheet_reviewer=cur.effective_leader
        )
    assert (
        list(ReviewAssignment.objects.filter(assessment__bloc_year=cur).values_list("pk", flat=True))
        == before
    )


def test_the_api_and_the_page_name_who_reviews_the_leaders_sheet(world, cur, client_for):
    set_settings(cur, reviewer_mode="leader")
    client = client_for("secretary_snv")
    base = f"/api/v1/scoring/KNC/{cur.year}/assignments"
    refused = client.post(base, {"leader_sheet_reviewer": "KHONGCO"}, content_type="application/json")
    assert refused.status_code == 422 and "KHONGCO" in refused.json()["errors"]["leader_sheet_reviewer"][0]
    done = client.post(base, {"leader_sheet_reviewer": "CA"}, content_type="application/json")
    assert done.status_code == 201
    leader_code = cur.effective_leader.code
    assert {a["unit"]: a["reviewer"] for a in done.json()}[leader_code] == "CA"
    page = client.get(f"/cham-diem/KNC/{cur.year}/").content.decode()
    assert 'id="leader_sheet_reviewer"' in page
