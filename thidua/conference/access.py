"""Fetching a conference or a ballot for a user: the object if the user may see it, else a plain
404. Views and API operations use these instead of local copies."""

from __future__ import annotations

from thidua.conference.models import Ballot, Conference
from thidua.core.permissions import get_visible_or_404


def conference_for(user, pk) -> Conference:
    return get_visible_or_404(Conference.objects.select_related("bloc_year__bloc", "venue_unit"), user, pk=pk)


def ballot_for(user, pk) -> Ballot:
    return get_visible_or_404(Ballot.objects.select_related("conference__bloc_year__bloc"), user, pk=pk)
