"""The reviewer's row save answers with the row and a status that says what happened: 200 saved,
409 someone else saved first (the row shows their values), 422 refused and 403 not allowed (the
row keeps what was typed next to the message). HTMX callers always get 200."""

from decimal import Decimal

import pytest

from thidua.cycles.models import YearCycle
from thidua.organisations.models import Unit
from thidua.scoring import services
from thidua.scoring.models import Assessment, ReviewScore, Score
from thidua.scoring.selectors import leaves


@pytest.fixture
def assignment(world, cur, rubric):
    tand = Unit.objects.get(code="TAND")
    for item in leaves(rubric):
        current = Score.objects.filter(assessment__bloc_year=cur, assessment__unit=tand, item=item).first()
        points = 0 if item.evidence_required else (item.max_points * Decimal("0.9")).quantize(Decimal("0.01"))
        services.score_save(
            actor=world.officer_a,
            bloc_year=cur,
            unit=tand,
            item=item,
            points=points,
            version=current.version if current else 0,
        )
    sheet = services.assessment_submit(
        actor=world.officer_a, assessment=Assessment.objects.get(bloc_year=cur, unit=tand)
    )
    return sheet.assignments.get(reviewer__code="SNV")


def _post(client, cur, item, points, reason="", version=0, **headers):
    return client.post(
        f"/cham-diem/KNC/{cur.year}/don-vi/TAND/tham-dinh/luu/",
        {"item": item.pk, "points": points, "reason": reason, "version": version},
        **headers,
    )


def test_status_codes_of_the_reviewers_row_save(world, cur, client_for, leaf, assignment):
    client = client_for("secretary_snv")
    item = leaf("2.1")

    refused = _post(client, cur, item, "15")
    body = refused.content.decode()
    assert refused.status_code == 422
    assert "cần nêu lý do" in body and 'value="15"' in body and 'data-fields="points reason"' in body
    assert not ReviewScore.objects.filter(assignment=assignment, item=item).exists()

    saved = _post(client, cur, item, "15", reason="Thiếu báo cáo quý IV")
    assert saved.status_code == 200 and "Đã lưu" in saved.content.decode()
    assert 'name="version" value="1"' in saved.content.decode()

    stale = _post(client, cur, item, "12", reason="Khác", version=0)
    body = stale.content.decode()
    assert stale.status_code == 409
    assert "lưu trước bạn" in body
    assert 'value="15"' in body and "Thiếu báo cáo quý IV" in body  # the values the server holds
    mine = ReviewScore.objects.get(assignment=assignment, item=item)
    assert (mine.points, mine.reason, mine.version) == (Decimal("15"), "Thiếu báo cáo quý IV", 1)

    # An HTMX caller swaps only 2xx answers: it gets 200 with the message in the row.
    htmx = _post(client, cur, item, "16", version=1, HTTP_HX_REQUEST="true")
    assert htmx.status_code == 200 and "cần nêu lý do" in htmx.content.decode()


def test_a_review_save_outside_the_review_stages_is_not_allowed(world, cur, client_for, leaf, assignment):
    YearCycle.objects.filter(bloc_year=cur).update(stage="conference")
    response = _post(client_for("secretary_snv"), cur, leaf("2.1"), "15", reason="Thiếu báo cáo")
    body = response.content.decode()
    assert response.status_code == 403
    assert "giai đoạn thẩm định" in body and 'value="15"' in body and "Thiếu báo cáo" in body
    assert not ReviewScore.objects.filter(assignment=assignment).exists()
