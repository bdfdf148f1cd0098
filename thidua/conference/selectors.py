"""Reads of the conference: visible records, turnout, results after closing, receipts and the
outcomes that later work (award proposals) builds on."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from thidua.conference.choices import BallotKind, BallotStatus, Channel
from thidua.conference.models import Ballot, CastBallot, Conference, Outcome
from thidua.conference.rules import unit_weights
from thidua.core.hooks import call_hooks
from thidua.organisations.names import order_by_name_in, prefetch_names

RESULTS_HIDDEN = "Kết quả chỉ được công bố sau khi thư ký kết thúc bỏ phiếu."


def conferences_visible_to(user):
    return (
        Conference.objects.visible_to(user)
        .select_related("bloc_year__bloc", "venue_unit")
        .order_by("-bloc_year__year", "bloc_year__bloc__name_sort")
    )


def conference_detail(conference_id):
    return Conference.objects.select_related("bloc_year__bloc", "venue_unit").get(pk=conference_id)


def attendance_of(conference, *, present: bool | None = None) -> list:
    """Attendance rows of the conference, units named and sorted as they were that year."""
    rows = conference.attendance.select_related("unit").prefetch_related(prefetch_names())
    if present is not None:
        rows = rows.filter(present=present)
    return list(order_by_name_in(rows, conference.bloc_year.year))


def passes_of(conference) -> list:
    """Voter passes of the conference, units named and sorted as they were that year."""
    rows = conference.passes.select_related("unit").prefetch_related(prefetch_names())
    return list(order_by_name_in(rows, conference.bloc_year.year))


def ballots_of(conference):
    return conference.ballots.prefetch_related("candidates__unit").order_by("position", "round", "created_at")


def turnout(ballot: Ballot) -> dict:
    """Who has voted (never how): counts by channel against the units present."""
    weights = unit_weights(ballot.conference.bloc_year)
    present = list(ballot.conference.attendance.filter(present=True).values_list("unit_id", flat=True))
    parts = list(ballot.participations.values_list("unit_id", "channel"))
    voted_ids = {u for u, _ in parts}
    return {
        "members": len(weights),
        "total_weight": sum(weights.values()),
        "present": len(present),
        "present_weight": sum(weights.get(u, 0) for u in present),
        "voted": len(parts),
        "phone": sum(1 for _, c in parts if c == Channel.PHONE),
        "paper": sum(1 for _, c in parts if c == Channel.PAPER),
        "voted_weight": sum(weights.get(u, 0) for u in voted_ids),
        "waiting_unit_ids": [u for u in present if u not in voted_ids],
        "voted_unit_ids": sorted(voted_ids),
    }


def result_of(ballot: Ballot) -> dict:
    """The stored count of a closed ballot with unit names; refused before closing."""
    if ballot.status != BallotStatus.CLOSED or ballot.result is None:
        raise PermissionDenied(RESULTS_HIDDEN)
    names = {
        c.unit.code: c.unit.name_in_year(ballot.conference.bloc_year.year)
        for c in ballot.candidates.select_related("unit")
    }
    names.update({"yes": "Đồng ý", "no": "Không đồng ý"})
    data = dict(ballot.result)
    data["rows"] = [r | {"name": names.get(r["key"], r["key"])} for r in data["rows"]]
    return data


def receipts_of(ballot: Ballot) -> list[str]:
    """The published receipt codes (sorted, so the list says nothing about voting order)."""
    if ballot.status != BallotStatus.CLOSED:
        raise PermissionDenied("Danh sách mã biên nhận được công bố sau khi kết thúc bỏ phiếu.")
    return sorted(
        CastBallot.objects.filter(ballot=ballot).exclude(receipt="").values_list("receipt", flat=True)
    )


def candidate_eligibility(ballot: Ballot) -> dict[int, list[str]]:
    """Notes from the ``candidate_eligibility`` hook (the awards app) per candidate unit id.
    A hook returns ``None`` or a list of Vietnamese notes for that unit and ballot kind."""
    notes: dict[int, list[str]] = {}
    if ballot.kind == BallotKind.QUESTION:
        return notes
    for candidate in ballot.candidates.select_related("unit"):
        for answer in call_hooks(
            "candidate_eligibility",
            bloc_year=ballot.conference.bloc_year,
            kind=ballot.kind,
            unit=candidate.unit,
        ):
            if answer:
                notes.setdefault(candidate.unit_id, []).extend(answer)
    return notes


def outcomes_for_year(*, bloc_year) -> list[Outcome]:
    """Units the conference decided on: award proposals (government flag, provincial flag,
    certificate of merit) and the next leader and deputy, each with its votes and base."""
    return list(
        order_by_name_in(
            Outcome.objects.filter(bloc_year=bloc_year)
            .select_related("unit", "ballot")
            .prefetch_related(prefetch_names("unit")),
            bloc_year.year,
            "unit",
            "kind",
            "-votes",
        )
    )
