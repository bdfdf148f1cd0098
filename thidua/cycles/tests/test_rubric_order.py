"""Reordering the rubric's items: an item moves among its siblings with its children, the ends
refuse with a message, a frozen rubric cannot be reordered; page and API."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from thidua.core.models import AuditEvent
from thidua.cycles import selectors, services
from thidua.cycles.models import RubricItem
from thidua.cycles.tests.conftest import prepare

pytestmark = pytest.mark.django_db


def _codes(rubric):
    return [i.code for i in selectors.rubric_items(rubric)]


def test_an_item_moves_among_its_siblings_with_its_children(world, draft_year):
    rubric = prepare(world.secretary, draft_year)
    before = _codes(rubric)
    group_two = RubricItem.objects.get(rubric=rubric, code="II")
    services.rubric_item_move(actor=world.secretary, item=group_two, direction="up")
    after = _codes(rubric)
    # Group II and everything under it now come before group I and its children.
    assert after.index("II") < after.index("I") and after.index("2.1") < after.index("1.1.a")
    assert sorted(after) == sorted(before)
    event = AuditEvent.objects.filter(action="rubric_item.move").latest("id")
    assert event.after["order"].index("II") < event.after["order"].index("I")

    sub_b = RubricItem.objects.get(rubric=rubric, code="1.1.b")
    services.rubric_item_move(actor=world.secretary, item=sub_b, direction="up")
    assert _codes(rubric).index("1.1.b") < _codes(rubric).index("1.1.a")
    with pytest.raises(ValidationError) as exc:
        services.rubric_item_move(actor=world.secretary, item=sub_b, direction="up")
    assert "đã ở vị trí đầu" in str(exc.value)
    with pytest.raises(ValidationError):
        services.rubric_item_move(actor=world.secretary, item=sub_b, direction="sideways")
    with pytest.raises(PermissionDenied):
        services.rubric_item_move(actor=world.officer_a, item=sub_b, direction="down")


def test_a_frozen_rubric_cannot_be_reordered(world, draft_year):
    prepare(world.secretary, draft_year)
    services.year_advance(actor=world.secretary, bloc_year=draft_year, action="launch")
    rubric = selectors.current_rubric(draft_year)
    before = _codes(rubric)
    with pytest.raises(ValidationError):
        services.rubric_item_move(
            actor=world.secretary, item=RubricItem.objects.get(rubric=rubric, code="II"), direction="up"
        )
    assert _codes(rubric) == before


def test_reordering_through_the_page_and_the_api(world, draft_year, client_for):
    rubric = prepare(world.secretary, draft_year)
    group_two = RubricItem.objects.get(rubric=rubric, code="II")
    base = f"/nam-thi-dua/KNC/{draft_year.year}/tieu-chi/{group_two.pk}/di-chuyen/"
    response = client_for("secretary").post(base, {"direction": "up"})
    assert response.status_code == 302 and response["Location"].endswith(f"#item-{group_two.pk}")
    assert _codes(rubric)[0] == "II"
    api = client_for("secretary").post(
        f"/api/v1/cycles/KNC/{draft_year.year}/rubric/items/{group_two.pk}/move",
        {"direction": "up"},
        content_type="application/json",
    )
    assert api.status_code == 422 and "đã ở vị trí đầu" in str(api.json())
    api = client_for("secretary").post(
        f"/api/v1/cycles/KNC/{draft_year.year}/rubric/items/{group_two.pk}/move",
        {"direction": "down"},
        content_type="application/json",
    )
    assert api.status_code == 200 and _codes(rubric)[0] == "I"
