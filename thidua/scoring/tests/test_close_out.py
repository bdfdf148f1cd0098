"""Closing out (issue 15 item 5): the secretary ends the scoring of a member that never
submitted, with a reason, scored 0 or left out of the ranking per the bloc's ``close_out_mode``;
audited, on the ranking page, in the minutes' selector; publication is then possible. A unit that
has submitted is refused with nothing changed; a closed-out unit can be reopened before
publication."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.utils import timezone

from thidua.core.models import AuditEvent
from thidua.cycles.models import YearCycle
from thidua.organisations.models import Unit
from thidua.scoring import services
from thidua.scoring.choices import AssessmentStatus
from thidua.scoring.models import Assessment, CloseOut, Publication, Score
from thidua.scoring.selectors import leaves, ranking_for_year, scoring_minutes
from thidua.scoring.tests.conftest import set_settings

MISSING = ("TAND", "STP", "VKSND")  # a draft, no sheet at all, a submitted sheet (the demo's)


@pytest.fixture
def nearly_done(world, cur, rubric):
    """Every member finalised at 90% except TAND (draft), STP (no sheet), VKSND (submitted)."""
    for membership in cur.members.select_related("unit").exclude(unit__code__in=MISSING):
        sheet, _ = Assessment.objects.update_or_create(
            bloc_year=cur,
            unit=membership.unit,
            defaults={
                "rubric": rubric,
                "status": AssessmentStatus.FINALISED,
                "submitted_at": timezone.now(),
                "finalised_at": timezone.now(),
                "final_total": Decimal("90"),
            },
        )
        Assessment.objects.filter(bloc_year=cur, unit__code="STP").delete()
        for item in leaves(rubric):
            value = (item.max_points * Decimal("0.9")).quantize(Decimal("0.01"))
            Score.objects.update_or_create(
                assessment=sheet, item=item, defaults={"points": value, "final_points": value}
            )
    assert Assessment.objects.get(bloc_year=cur, unit__code="VKSND").status == AssessmentStatus.SUBMITTED
    return cur


def unit(code):
    return Unit.objects.get(code=code)


def _finalise_vksnd(cur):
    Assessment.objects.filter(bloc_year=cur, unit__code="VKSND").update(
        status=AssessmentStatus.FINALISED, final_total=Decimal("85")
    )
    Score.objects.filter(assessment__bloc_year=cur, assessment__unit__code="VKSND").update(
        final_points=F("points")
    )


def test_closing_out_a_unit_that_submitted_is_refused_and_changes_nothing(world, nearly_done, client_for):
    cur = nearly_done
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.close_out(actor=world.secretary_snv, bloc_year=cur, unit=unit("VKSND"), reason="Quá hạn")
    assert "đã nộp bảng điểm" in str(exc.value)
    response = client_for("secretary_snv").post(
        f"/api/v1/scoring/KNC/{cur.year}/assessments/VKSND/close-out",
        {"reason": "Quá hạn"},
        content_type="application/json",
    )
    assert response.status_code == 422 and "đã nộp bảng điểm" in response.json()["errors"]["unit"][0]
    assert not CloseOut.objects.exists() and AuditEvent.objects.count() == before
    assert Assessment.objects.get(bloc_year=cur, unit__code="VKSND").status == AssessmentStatus.SUBMITTED


def test_bad_close_outs_are_refused_with_a_vietnamese_message(world, nearly_done):
    cur = nearly_done
    snv = world.secretary_snv
    with pytest.raises(ValidationError) as exc:
        services.close_out(actor=snv, bloc_year=cur, unit=unit("TAND"), reason="   ")
    assert "lý do" in str(exc.value)
    outsider = Unit.objects.exclude(pk__in=cur.members.values("unit")).first()
    with pytest.raises(ValidationError) as exc:
        services.close_out(actor=snv, bloc_year=cur, unit=outsider, reason="Không nộp")
    assert "không phải thành viên" in str(exc.value)
    with pytest.raises(PermissionDenied):
        services.close_out(actor=world.officer_a, bloc_year=cur, unit=unit("TAND"), reason="Không nộp")
    with pytest.raises(ValidationError) as exc:
        services.close_out_reopen(actor=snv, bloc_year=cur, unit=unit("TAND"), reason="Mở lại")
    assert "chưa bị kết thúc" in str(exc.value)
    assert not CloseOut.objects.exists()
    services.close_out(actor=snv, bloc_year=cur, unit=unit("TAND"), reason="Không nộp")
    with pytest.raises(ValidationError) as exc:
        services.close_out(actor=snv, bloc_year=cur, unit=unit("TAND"), reason="Lần nữa")
    assert "đã được kết thúc" in str(exc.value)
    assert CloseOut.objects.count() == 1


def test_zero_and_exclude_close_outs_then_publication(world, nearly_done, client_for):
    cur = nearly_done
    snv = world.secretary_snv
    with pytest.raises(ValidationError) as exc:
        services.results_publish(actor=snv, bloc_year=cur)
    assert "Còn 3 đơn vị chưa được chốt điểm" in str(exc.value)

    # "zero" (the default): TAND's draft is closed out and ranked with 0 points.
    closed = services.close_out(
        actor=snv, bloc_year=cur, unit=unit("TAND"), reason="Không nộp bảng tự chấm sau hai lần nhắc"
    )
    assert closed.mode == "zero"
    event = AuditEvent.objects.get(action="scoring.close_out", object_id=str(closed.pk))
    assert event.reason == "Không nộp bảng tự chấm sau hai lần nhắc" and event.after["mode"] == "zero"
    # The unit can no longer write its sheet.
    item = leaves(Assessment.objects.get(bloc_year=cur, unit__code="TAND").rubric)[0]
    with pytest.raises(ValidationError) as exc:
        services.score_save(actor=world.officer_a, bloc_year=cur, unit=unit("TAND"), item=item, points=1)
    assert "kết thúc chấm điểm" in str(exc.value)

    # "exclude": STP, which never opened a sheet, is left out of the ranking (through the page).
    set_settings(cur, close_out_mode="exclude")
    page = client_for("secretary_snv")
    response = page.post(
        f"/cham-diem/KNC/{cur.year}/don-vi/STP/ket-thuc/", {"reason": "Không tham gia chấm điểm năm nay"}
    )
    assert response.status_code == 302
    assert CloseOut.objects.get(unit__code="STP").mode == "exclude"

    _finalise_vksnd(cur)
    rows = {r.unit.code: r for r in ranking_for_year(bloc_year=cur)}
    assert "STP" not in rows
    tand = rows["TAND"]
    assert tand.closed_out and tand.final_score == 0 and tand.rank == len(rows)
    assert tand.classification == "KHT" and "Không nộp bảng điểm" in tand.explanation
    html = page.get(f"/cham-diem/KNC/{cur.year}/xep-hang/").content.decode()
    assert "không nộp – tính 0 điểm" in html and 'data-closed="STP"' in html and 'data-closed="TAND"' in html
    api = page.get(f"/api/v1/scoring/KNC/{cur.year}/ranking").json()
    assert [e["unit"] for e in api["excluded"]] == ["STP"]
    assert next(r for r in api["rows"] if r["unit"] == "TAND")["closed_out"] is True

    minutes = scoring_minutes(bloc_year=cur)
    texts = {r.unit.code: r for r in minutes.close_outs}
    assert set(texts) == {"TAND", "STP"}
    assert (
        "tính 0 điểm" in texts["TAND"].text
        and "Không nộp bảng tự chấm sau hai lần nhắc" in texts["TAND"].text
    )
    # The conference minutes carry them in section I (the scoring's result).
    from thidua.conference.documents import minutes_spec
    from thidua.conference.tests.factories import ConferenceFactory

    spec = minutes_spec(ConferenceFactory(bloc_year=cur))
    printed = " ".join(getattr(b, "text", "") for b in spec.blocks)
    assert texts["TAND"].text in printed and texts["STP"].text in printed
    assert "không đưa vào xếp hạng" in texts["STP"].text
    assert any(line.startswith("Đơn vị không nộp") for line in minutes.lines)

    # Publication is now possible; afterwards nothing can be reopened or closed out.
    publication = services.results_publish(actor=snv, bloc_year=cur)
    assert Publication.objects.filter(pk=publication.pk).exists()
    with pytest.raises(ValidationError) as exc:
        services.close_out_reopen(actor=snv, bloc_year=cur, unit=unit("TAND"), reason="Mở lại")
    assert "đã được công bố" in str(exc.value)
    assert CloseOut.objects.count() == 2


def test_a_closed_out_unit_is_reopened_before_publication_with_a_reason(world, nearly_done, client_for):
    cur = nearly_done
    snv = world.secretary_snv
    _finalise_vksnd(cur)
    services.close_out(actor=snv, bloc_year=cur, unit=unit("STP"), reason="Không nộp")
    closed = services.close_out(actor=snv, bloc_year=cur, unit=unit("TAND"), reason="Không nộp")
    with pytest.raises(ValidationError) as exc:
        services.close_out_reopen(actor=snv, bloc_year=cur, unit=unit("TAND"), reason="")
    assert "lý do" in str(exc.value)
    api = client_for("secretary_snv")
    response = api.post(
        f"/api/v1/scoring/KNC/{cur.year}/assessments/TAND/reopen",
        {"reason": "Đơn vị nộp bù, đã được Ban chấp thuận"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert not CloseOut.objects.filter(unit__code="TAND").exists()
    event = AuditEvent.objects.get(action="scoring.close_out_reopen")
    assert event.object_id == str(closed.pk) and event.reason == "Đơn vị nộp bù, đã được Ban chấp thuận"
    # TAND may write again, and publication waits for it.
    item = leaves(Assessment.objects.get(bloc_year=cur, unit__code="TAND").rubric)[0]
    current = Score.objects.filter(
        assessment__bloc_year=cur, assessment__unit__code="TAND", item=item
    ).first()
    services.score_save(
        actor=world.officer_a,
        bloc_year=cur,
        unit=unit("TAND"),
        item=item,
        points=1,
        version=current.version if current else 0,
    )
    with pytest.raises(ValidationError) as exc:
        services.results_publish(actor=snv, bloc_year=cur)
    assert "Còn 1 đơn vị" in str(exc.value)
    # Closed out again through the API (idempotent create), then published.
    again = api.post(
        f"/api/v1/scoring/KNC/{cur.year}/assessments/TAND/close-out",
        {"reason": "Hết hạn nộp bù"},
        content_type="application/json",
    )
    assert again.status_code == 201 and again.json()["mode"] == "zero"
    assert api.post(f"/api/v1/scoring/KNC/{cur.year}/publish").status_code == 200


def test_the_close_out_needs_the_scoring_stages(world, nearly_done):
    cur = nearly_done
    YearCycle.objects.filter(bloc_year=cur).update(stage="draft")
    with pytest.raises(PermissionDenied):
        services.close_out(actor=world.secretary_snv, bloc_year=cur, unit=unit("TAND"), reason="Không nộp")
    assert not CloseOut.objects.exists()


def test_the_fair_review_settings_are_set_through_the_api(world, cur, client_for):
    api = client_for("secretary_snv")
    url = f"/api/v1/cycles/KNC/{cur.year}/settings"
    bad = api.put(url, {"close_out_mode": "forget"}, content_type="application/json")
    assert bad.status_code == 422
    ok = api.put(
        url,
        {"close_out_mode": "exclude", "blind_review": True, "disagreement_threshold": 0.1},
        content_type="application/json",
    )
    assert ok.status_code == 200, ok.content
    data = ok.json()
    assert data["close_out_mode"] == "exclude" and data["blind_review"] is True
    assert data["disagreement_threshold"] == 0.1
