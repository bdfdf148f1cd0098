"""The conference's section on the bloc-year page of organisations."""

from django.template.loader import render_to_string

from thidua.conference.models import Conference
from thidua.organisations.permissions import can_manage_bloc_year


def bloc_year_panel(request, bloc_year):
    conference = Conference.objects.filter(bloc_year=bloc_year).first()
    manager = can_manage_bloc_year(request.user, bloc_year)
    if conference is None and not manager:
        return None
    return render_to_string(
        "conference/panel.html", {"c": conference, "by": bloc_year, "can_manage": manager}, request=request
    )
