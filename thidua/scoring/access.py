"""Fetching a unit's self-assessment sheet for a user: the sheet if the user may see it, else a
plain 404. Views and API operations use these instead of local copies."""

from __future__ import annotations

from thidua.core.permissions import require
from thidua.scoring import selectors
from thidua.scoring.models import Assessment


def sheet_or_none(bloc_year, unit) -> Assessment | None:
    """The unit's sheet of the year with what its pages show, or None before it exists."""
    return (
        Assessment.objects.filter(bloc_year=bloc_year, unit=unit)
        .select_related("bloc_year__bloc", "unit", "rubric")
        .prefetch_related("assignments__reviewer")
        .first()
    )


def sheet_for(user, bloc_year, unit) -> Assessment:
    """The unit's sheet if ``user`` may see it (the unit, its reviewers, the bloc's managers)."""
    assessment = sheet_or_none(bloc_year, unit)
    require(assessment is not None and selectors.assessment_visible(user, assessment))
    return assessment
