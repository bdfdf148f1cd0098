from django.template.loader import render_to_string

from thidua.cycles import selectors
from thidua.cycles.choices import Stage
from thidua.organisations.permissions import can_manage_bloc_year


def bloc_year_panel(request, bloc_year) -> str:
    """The timeline of the year (stages, deadlines with days left) and rubric amendments."""
    stage = selectors.stage_of(bloc_year)
    return render_to_string(
        "cycles/_panel.html",
        {
            "by": bloc_year,
            "stage": stage,
            "stage_label": Stage(stage).label,
            "timeline": selectors.timeline(bloc_year),
            "amendments": selectors.amendments(bloc_year),
            "can_manage": can_manage_bloc_year(request.user, bloc_year),
        },
        request=request,
    )
