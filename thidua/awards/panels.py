"""Panels on organisations' person and unit pages: what this subject can be proposed for this
year, and why not the rest."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from thidua.awards.facts import eligibility_for
from thidua.awards.permissions import can_view_unit_history
from thidua.core.errors import ValidationError


def _panel(request, subject, unit_id, url):
    if not can_view_unit_history(request.user, unit_id):
        return None
    year = timezone.localdate().year
    try:
        verdicts = sorted(eligibility_for(subject=subject, year=year), key=lambda v: not v.eligible)
    except ValidationError:
        verdicts = []
    return render_to_string(
        "awards/_panel.html", {"verdicts": verdicts, "year": year, "url": url}, request=request
    )


def person_panel(request, person):
    return _panel(request, person, person.unit_id, reverse("awards:eligibility_person", args=[person.pk]))


def unit_panel(request, unit):
    return _panel(request, unit, unit.pk, reverse("awards:eligibility_unit", args=[unit.code]))
