"""A rubric amendment published mid-year: the sheets still being written follow the new version
(scores, explanations and evidence carried by item code, a score above a lowered maximum cut to
it with a note, removed items kept on the old rows), submitted sheets stay until sent back."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from thidua.core.models import AuditEvent
from thidua.cycles import services as cycles
from thidua.cycles.models import RubricItem
from thidua.cycles.selectors import current_rubric
from thidua.scoring import services
from thidua.scoring.choices import AssessmentStatus
from thidua.scoring.models import Assessment, Evidence, Score
from thidua.scoring.tests.conftest import PDF
from thidua.scoring.tests.test_services import fill, unit

pytestmark = pytest.mark.django_db


def _amend(world, by):
    """Version 2: 2.1 down from 20 to 15 points (2.2 up to 20), 3.2 replaced by 3.3."""
    v2 = cycles.rubric_amend(
        actor=world.secretary_snv, bloc_year=by, reason="Điều chỉnh theo chỉ đạo của tỉnh"
    )
    items = {i.code: i for i in RubricItem.objects.filter(rubric=v2)}
    cycles.rubric_item_update(actor=world.secretary_snv, item=items["2.1"], data={"max_points": 15})
    cycles.rubric_item_update(actor=world.secretary_snv, item=items["2.2"], data={"max_points": 20})
    cycles.rubric_item_update(
        actor=world.secretary_snv, item=items["3.2"], data={"code": "3.3", "title": "Chuyển đổi số"}
    )
    return cycles.rubric_publish(actor=world.secretary_snv, rubric=v2)


@pytest.fixture
def fresh(cur):
    """The demo's sheets of the current year removed: each test writes its own."""
    Assessment.objects.filter(bloc_year=cur).delete()
    return cur


def test_draft_sheets_follow_the_amendment_and_nothing_is_lost(world, fresh, leaf):
    cur, tand = fresh, unit("TAND")
    for code, points in (("2.1", "18"), ("1.2", "9"), ("3.2", "7")):
        services.score_save(
            actor=world.officer_a,
            bloc_year=cur,
            unit=tand,
            item=leaf(code),
            points=points,
            explanation=f"Giải trình {code}",
        )
    proof = services.evidence_add(
        actor=world.officer_a, bloc_year=cur, unit=tand, item=leaf("2.1"), name="bao-cao.pdf", data=PDF
    )
    v2 = _amend(world, cur)
    assert current_rubric(cur).pk == v2.pk
    sheet = Assessment.objects.get(bloc_year=cur, unit=tand)
    assert sheet.rubric_id == v2.pk and sheet.status == AssessmentStatus.DRAFT
    now = {s.item.code: s for s in sheet.scores.filter(item__rubric=v2).select_related("item")}
    assert set(now) == {"2.1", "1.2"}
    assert now["1.2"].points == Decimal("9") and now["1.2"].explanation == "Giải trình 1.2"
    assert now["2.1"].points == Decimal("15")
    assert (
        "mức tối đa mới 15" in now["2.1"].explanation
        and "điểm 18 đã được hạ xuống 15" in now["2.1"].explanation
    )
    assert Evidence.objects.get(pk=proof.pk).score_id == now["2.1"].pk
    # The score of the removed item stays on the old version's row (not counted, not deleted).
    assert Score.objects.get(assessment=sheet, item__rubric__version=1, item__code="3.2").points == Decimal(
        "7"
    )
    event = AuditEvent.objects.filter(action="assessment.follow_rubric").latest("id")
    assert event.before == {"rubric_version": 1} and event.after["rubric_version"] == 2
    assert sorted(event.after["carried"]) == ["1.2", "2.1"]
    assert event.after["lowered"] == ["2.1"] and event.after["dropped"] == ["3.2"]
    assert event.reason == "Điều chỉnh theo chỉ đạo của tỉnh"
    # The unit goes on scoring against version 2; the old items are refused.
    new_item = RubricItem.objects.get(rubric=v2, code="3.3")
    assert services.score_save(actor=world.officer_a, bloc_year=cur, unit=tand, item=new_item, points="6").pk
    with pytest.raises(ValidationError):
        services.score_save(actor=world.officer_a, bloc_year=cur, unit=tand, item=leaf("3.1"), points="6")


def test_a_submitted_sheet_stays_and_follows_when_sent_back(world, fresh, rubric):
    cur = fresh
    sheet = fill(cur, world.officer_b, "VKSND", rubric)
    services.assessment_submit(actor=world.officer_b, assessment=sheet)
    v2 = _amend(world, cur)
    assert Assessment.objects.get(pk=sheet.pk).rubric.version == 1  # under review as submitted
    returned = services.assessment_send_back(
        actor=world.secretary_snv, assessment=sheet, reason="Bổ sung theo bộ tiêu chí sửa đổi"
    )
    assert returned.status == AssessmentStatus.RETURNED and returned.rubric_id == v2.pk
    codes = set(returned.scores.filter(item__rubric=v2).values_list("item__code", flat=True))
    assert "3.3" not in codes and {"2.1", "2.2", "3.1"} <= codes
