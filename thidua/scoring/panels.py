"""Sections scoring adds to organisations' pages (see thidua.core.panels)."""

from django.template.loader import render_to_string

from thidua.scoring import selectors
from thidua.scoring.models import Assessment


def bloc_year_panel(request, bloc_year):
    user = request.user
    assessments = selectors.visible_assessments(user, bloc_year)
    if not assessments and not (user.unit_id and bloc_year.members.filter(unit_id=user.unit_id).exists()):
        if not selectors.can_see_ranking(user, bloc_year):
            return None
    return render_to_string(
        "scoring/_panel_bloc_year.html",
        {
            "by": bloc_year,
            "count": len(assessments),
            "finalised": sum(1 for a in assessments if a.is_finalised),
            "can_rank": selectors.can_see_ranking(user, bloc_year),
        },
        request=request,
    )


def unit_panel(request, unit):
    user = request.user
    rows = [
        a
        for a in Assessment.objects.filter(unit=unit, status="finalised", final_total__isnull=False)
        .select_related("bloc_year__bloc")
        .order_by("-bloc_year__year")
        if user.unit_id == unit.pk or user.is_provincial or selectors.can_see_ranking(user, a.bloc_year)
    ]
    if not rows:
        return None
    return render_to_string("scoring/_panel_unit.html", {"unit": unit, "rows": rows[:5]}, request=request)
