"""Hooks the conference offers to earlier apps (see thidua/core/hooks.py)."""

from thidua.conference.choices import BallotKind, BallotStatus
from thidua.conference.models import Ballot, Conference
from thidua.conference.rules import can_manage


def ranking_votes(*, bloc_year) -> dict[int, int] | None:
    """Votes per unit id in the year's first closed provincial-flag ballot: the "vote" rule of
    the ranking's tie-break chain. None when the conference has not voted yet."""
    ballot = (
        Ballot.objects.filter(
            conference__bloc_year=bloc_year, kind=BallotKind.PROVINCIAL_FLAG, status=BallotStatus.CLOSED
        )
        .prefetch_related("candidates__unit")
        .order_by("round", "position")
        .first()
    )
    if ballot is None or not ballot.result:
        return None
    ids = {c.unit.code: c.unit_id for c in ballot.candidates.all()}
    return {ids[row["key"]]: int(row["votes"]) for row in ballot.result.get("rows", []) if row["key"] in ids}


def document_signing(*, user, document) -> bool | None:
    """The conference's minutes (and vote-count minutes) are signed and uploaded by whoever
    manages the conference (issue 14): the bloc's secretariat and the provincial office."""
    if document.owner_type != "conference.conference":
        return None
    conference = Conference.objects.visible_to(user).filter(pk=document.owner_id).first()
    return conference is not None and can_manage(user, conference)
