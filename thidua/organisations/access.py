"""One way to fetch an organisation object for a user: the object if the user may see it, else a
plain 404 ("not yours" is answered exactly like "not there"). Views and API operations of every
app use these instead of local copies."""

from __future__ import annotations

from django.http import Http404

from thidua.core.permissions import require
from thidua.organisations.models import BlocYear, Unit
from thidua.organisations.permissions import can_manage_bloc_year
from thidua.organisations.selectors import bloc_year_detail


def bloc_year_for(user, code: str, year: int, *, detail: bool = False) -> BlocYear:
    """The bloc year of bloc ``code`` for ``year`` visible to ``user`` (leader, deputy and the bloc
    joined; ``detail`` also prefetches the members and the rotation for the year's own page)."""
    try:
        if detail:
            return bloc_year_detail(user=user, bloc_code=code, year=year)
        return BlocYear.objects.visible_to(user).with_people().get(bloc__code=code, year=year)
    except BlocYear.DoesNotExist as exc:
        raise Http404 from exc


def managed_bloc_year_for(user, code: str, year: int, *, detail: bool = False) -> BlocYear:
    """The same, only for those who manage the year (its bloc secretary, the provincial office)."""
    bloc_year = bloc_year_for(user, code, year, detail=detail)
    require(can_manage_bloc_year(user, bloc_year))
    return bloc_year


def unit_for(code: str) -> Unit:
    """A unit by its code (units are public within the app; what is private is per record)."""
    try:
        return Unit.objects.get(code=code)
    except Unit.DoesNotExist as exc:
        raise Http404 from exc
