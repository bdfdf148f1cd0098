"""Panels on organisations' pages: a unit's proposals and awards in history, a bloc year's proposals."""

from django.template.loader import render_to_string

from thidua.awards import quotas
from thidua.awards.permissions import can_view_unit_history
from thidua.proposals.models import Proposal
from thidua.proposals.selectors import unit_awards


def unit_panel(request, unit):

    if not request.user.is_authenticated:
        return None
    proposals = list(
        Proposal.objects.visible_to(request.user).with_related().filter(unit=unit).order_by("-year")[:10]
    )
    records = []
    if can_view_unit_history(request.user, unit.pk):
        records = quotas.with_cash(unit_awards(unit=unit)[:10])
    if not proposals and not records:
        return None
    return render_to_string(
        "proposals/panel_proposals.html",
        {"proposals": proposals, "records": records, "title": "Đề nghị và khen thưởng"},
        request=request,
    )


def bloc_year_panel(request, bloc_year):
    if not request.user.is_authenticated:
        return None
    proposals = list(Proposal.objects.visible_to(request.user).with_related().filter(bloc_year=bloc_year))
    return render_to_string(
        "proposals/panel_proposals.html",
        {"proposals": proposals, "title": "Đề nghị khen thưởng của khối", "bloc_year": bloc_year},
        request=request,
    )
