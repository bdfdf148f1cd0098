"""Reads of the conference: visible records, turnout, results after closing, receipts and the
outcomes that later work (award proposals) builds on."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from thidua.conference.choices import BallotKind, BallotStatus, BatchStatus, Channel
from thidua.conference.models import Ballot, CastBallot, Conference, Outcome
from thidua.conference.rules import rules_for, rules_json, unit_weights
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
    data.setdefault("ties", [])
    in_tie = {key for group in data["ties"] for key in group}
    data["rows"] = [
        r | {"name": names.get(r["key"], r["key"]), "tie": r["key"] in in_tie} for r in data["rows"]
    ]
    data["notes"] = tie_notes(data, names)
    return data


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " và " + names[-1]


def tie_notes(result: dict, names: dict[str, str]) -> list[str]:
    """Vietnamese sentences on undecided seats: who reached the threshold and who is tied,
    e.g. "Không ai đạt ngưỡng; Tòa án nhân dân tỉnh và Sở Nội vụ bằng phiếu (4 phiếu)." """
    if (
        not result.get("quorum_met")
        or not result.get("undecided_seats")
        or result.get("approved") is not None
    ):
        return []
    votes = {r["key"]: r["votes"] for r in result["rows"]}
    ties = [
        f"{_and([names.get(k, k) for k in group])} bằng phiếu ({votes.get(group[0], 0)} phiếu)"
        for group in result.get("ties", [])
    ]
    seats = result["undecided_seats"]
    if result.get("tied"):
        head = f"Còn {seats} vị trí: các đơn vị cùng đạt ngưỡng nhưng bằng phiếu"
    elif result.get("elected"):
        head = f"Còn {seats} vị trí chưa có đơn vị nào khác đạt ngưỡng"
    else:
        head = "Không ai đạt ngưỡng"
    tail = "cần bầu vòng sau" if result.get("runoff") else "không có ứng viên cho vòng sau"
    return [f"{'; '.join([head, *ties])}; {tail}."]


def tally_file(ballot: Ballot) -> dict:
    """The public count of a closed ballot, for anyone who may see its results: the ballot, its
    options and rules, every electronic paper (in the papers table's random-key order, which is
    not the voting order) with its receipt, the confirmed paper bundles and the stored result.
    ``thidua/conference/recount.py`` recounts it without Django."""
    if ballot.status != BallotStatus.CLOSED or ballot.result is None:
        raise PermissionDenied(RESULTS_HIDDEN)
    conference = ballot.conference
    year = conference.bloc_year.year
    if ballot.is_question:
        options = [{"key": "yes", "name": "Đồng ý"}, {"key": "no", "name": "Không đồng ý"}]
    else:
        options = [
            {"key": c.unit.code, "name": c.unit.name_in_year(year)}
            for c in ballot.candidates.select_related("unit")
        ]
    stored = dict(ballot.result)
    rules = stored.pop("rules", None) or rules_json(rules_for(conference.bloc_year))
    papers = (
        CastBallot.objects.filter(ballot=ballot).order_by("id").values_list("receipt", "choices", "abstain")
    )
    return {
        "format": "thidua-tally/1",
        "ballot": {
            "id": str(ballot.pk),
            "title": ballot.title,
            "kind": ballot.kind,
            "round": ballot.round,
            "seats": 1 if ballot.is_question else ballot.seats,
            "question": ballot.is_question,
            "bloc": conference.bloc_year.bloc.code,
            "year": year,
            "held_on": conference.held_on.isoformat(),
        },
        "rules": rules,
        "options": options,
        "papers": [{"receipt": r, "choices": list(c), "abstain": a} for r, c, a in papers],
        "paper_batches": [
            {
                "number": b.number,
                "ballots": b.ballots,
                "invalid": b.invalid,
                "abstain": b.abstain,
                "counts": b.counts,
            }
            for b in ballot.paper_batches.filter(status=BatchStatus.CONFIRMED).order_by("number")
        ],
        "result": {k: v for k, v in stored.items() if k != "paper_issued"},
    }


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
