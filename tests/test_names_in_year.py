"""One name per year (issue 19, item 4): pages, exports and explanations about 2019 name the
provincial civil-judgment enforcement department by its 2019 name ("Cục Thi hành án dân sự
tỉnh"), not by the name it took in 2025, and sort it by that name."""

import io
import re

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from thidua.conference.models import Conference
from thidua.organisations.models import BlocYear, Unit
from thidua.organisations.names import order_by_name_in
from thidua.scoring.selectors import ranking_for_year

OLD = "Cục Thi hành án dân sự tỉnh"
NEW = "Thi hành án dân sự tỉnh"
NEW_SHORT = "THADS tỉnh"


def only_old_name(text: str) -> bool:
    """Every mention of the unit is its 2019 name (the 2025 name is a tail of the old one)."""
    return OLD in text and text.count(NEW) == text.count(OLD) and NEW_SHORT not in text


def unit_order(html: str) -> list[str]:
    codes = re.findall(r'data-unit="([A-Z]+)"', html)
    return list(dict.fromkeys(codes))


def year_row(html: str, year: int):
    """The table row whose cell (or the link in it) is exactly the year."""
    return re.search(rf"<tr[ >](?:(?!</tr>).)*>{year}</(?:td|a)>(?:(?!</tr>).)*</tr>", html, re.S)


def sorted_by_old_name(codes: list[str]) -> bool:
    """THADS (Cục …, under C) comes before Thanh tra tỉnh; under its 2025 name it would follow it."""
    return codes.index("THADS") < codes.index("TTR")


@pytest.fixture
def y2019(world):
    return BlocYear.objects.get(bloc__code="KNC", year=2019)


def test_the_demo_unit_was_renamed_in_2025(world):
    thads = Unit.objects.get(code="THADS")
    assert thads.name == NEW
    assert thads.name_in_year(2019) == OLD
    assert thads.short_name_in_year(2019) == "Cục THADS"


def test_order_by_name_in_sorts_by_the_name_of_that_year(world):
    units = Unit.objects.filter(code__in=["THADS", "TTR", "CA"])
    assert [u.code for u in order_by_name_in(units, 2019, "")] == ["CA", "THADS", "TTR"]
    assert [u.code for u in order_by_name_in(units, 2025, "")] == ["CA", "TTR", "THADS"]


def test_dashboard_names_the_2019_leader_as_in_2019(world, client_for):
    html = client_for("secretary").get(reverse("dashboard")).content.decode()
    row = year_row(html, 2019)
    assert row and OLD in row.group(0) and NEW_SHORT not in row.group(0)


def test_bloc_year_page_names_and_sorts_by_the_2019_name(world, client_for, y2019):
    html = client_for("provincial").get(y2019.get_absolute_url()).content.decode()
    assert only_old_name(html)
    assert sorted_by_old_name(unit_order(html))


def test_scoring_year_page_names_and_sorts_by_the_2019_name(world, client_for, y2019):
    html = client_for("provincial").get(reverse("scoring:year", args=["KNC", 2019])).content.decode()
    assert only_old_name(html)
    assert sorted_by_old_name(unit_order(html))


def test_ranking_page_and_explanations_use_the_2019_name(world, client_for, y2019):
    html = client_for("provincial").get(reverse("scoring:ranking", args=["KNC", 2019])).content.decode()
    assert only_old_name(html)
    rows = ranking_for_year(bloc_year=y2019)
    assert rows
    for row in rows:
        assert NEW_SHORT not in row.explanation


def test_ranking_export_uses_the_2019_name(world, client_for):
    response = client_for("provincial").get(reverse("scoring:table_xlsx", args=["KNC", 2019]))
    wb = load_workbook(io.BytesIO(response.content))
    text = "\n".join(str(c) for ws in wb for row in ws.iter_rows(values_only=True) for c in row if c)
    assert only_old_name(text)


def test_proposals_page_of_2019_uses_the_2019_name(world, client_for):
    html = client_for("provincial").get(reverse("proposals:bloc_year", args=["KNC", 2019])).content.decode()
    assert only_old_name(html)


def test_portal_editor_results_names_the_2019_leader_as_in_2019(world, client_for):
    html = client_for("editor").get(reverse("portal:editor_results")).content.decode()
    row = year_row(html, 2019)
    assert row and OLD in row.group(0) and NEW_SHORT not in row.group(0)


def test_conference_page_and_minutes_use_the_2019_name(world, client_for):
    conference = Conference.objects.get(bloc_year__bloc__code="KNC", bloc_year__year=2019)
    client = client_for("provincial")
    html = client.get(reverse("conference:detail", args=[conference.pk])).content.decode()
    assert only_old_name(html)
    assert sorted_by_old_name(unit_order(html))
    doc = Document(io.BytesIO(client.get(reverse("conference:minutes", args=[conference.pk])).content))
    text = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        cell.text for table in doc.tables for row in table.rows for cell in row.cells
    )
    assert only_old_name(text)
