"""A double click creates once (issue 18 item 4): the key content and rubric item forms of a year in
draft; two identical POSTs released together from two threads add one row and both land on it."""

import pytest
from django.urls import reverse

from thidua.core.tests.double_submit import assert_same_landing, double_submit
from thidua.cycles import selectors
from thidua.cycles.models import KeyContent, RubricItem

pytestmark = pytest.mark.django_db(transaction=True)


def test_key_content_add(world, draft_year, client_for):
    by = draft_year
    before = KeyContent.objects.filter(bloc_year=by).count()
    results = double_submit(
        client_for("secretary"),
        reverse("cycles:key_content_add", args=[by.bloc.code, by.year]),
        {"title": "Nội dung bấm hai lần"},
    )
    assert_same_landing(results)
    assert KeyContent.objects.filter(bloc_year=by).count() == before + 1


def test_rubric_item_add(world, draft_year, client_for):
    by = draft_year
    c = client_for("secretary")
    results = double_submit(
        c,
        reverse("cycles:rubric_item_add", args=[by.bloc.code, by.year]),
        {"kind": "criterion", "code": "BHL", "title": "Mục bấm hai lần", "max_points": "1"},
    )
    assert_same_landing(results)
    rubric = selectors.working_rubric(by)
    assert RubricItem.objects.filter(rubric=rubric, code="BHL").count() == 1
