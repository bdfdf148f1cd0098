"""Who led the emulation of a bloc year (đơn vị dẫn đầu phong trào thi đua của khối).

The flags go to "the collective found by review to lead" its province-organised bloc (Law
06/2022 Art 25.1 and 26; MoHA letter 5007/BNV-TĐKT: "tập thể được bình xét dẫn đầu"): the unit the
bloc's published ranking puts first, its tie-break chain included. That is NOT the bloc's
rotating chair (khối trưởng, ``BlocYear.leader``), which stays a separate fact. When units share
first place, the conference's vote (offered by a later app through the ``ranking_votes`` hook,
so that awards never imports the conference) separates them; with no ranking at all, a vote
with one clear winner decides. Otherwise nobody is recorded as leading, and the verdict says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from thidua.core.hooks import call_hooks
from thidua.organisations.choices import BlocLevel
from thidua.organisations.models import BlocYear
from thidua.scoring.selectors import is_published, ranking_for_year


@dataclass(frozen=True)
class Lead:
    unit_id: int
    bloc: str
    basis: str  # Vietnamese: how the lead was found


def _score(value) -> str:
    return f"{value:.2f}".replace(".", ",")


def _votes(bloc_year) -> dict[int, int]:
    for result in call_hooks("ranking_votes", bloc_year=bloc_year):
        if result:
            return result
    return {}


def _clear_winner(candidates: list[int], votes: dict[int, int]) -> int | None:
    counts = sorted(((votes.get(u, 0), u) for u in candidates), reverse=True)
    if not counts or counts[0][0] <= 0 or (len(counts) > 1 and counts[1][0] == counts[0][0]):
        return None
    return counts[0][1]


def leader_of(bloc_year) -> Lead | None:
    """The unit that led ``bloc_year``'s emulation, or None when no result singles one out."""
    name = bloc_year.bloc.name
    rows = ranking_for_year(bloc_year=bloc_year) if is_published(bloc_year) else []
    firsts = [r for r in rows if r.rank == 1]
    if len(firsts) == 1:
        r = firsts[0]
        return Lead(
            r.unit.pk,
            name,
            f"Xếp thứ nhất {name} năm {bloc_year.year} theo kết quả chấm điểm, xếp hạng đã công bố "
            f"({_score(r.final_score)} điểm)",
        )
    votes = _votes(bloc_year)
    if firsts:
        winner = _clear_winner([r.unit.pk for r in firsts], votes)
        if winner is None:
            return None
        return Lead(
            winner,
            name,
            f"Đồng hạng nhất {name} năm {bloc_year.year}; được hội nghị tổng kết bình xét với "
            f"{votes[winner]} phiếu, nhiều nhất trong các đơn vị đồng hạng",
        )
    if rows:
        return None
    winner = _clear_winner(list(votes), votes)
    if winner is None:
        return None
    return Lead(
        winner,
        name,
        f"Được hội nghị tổng kết {name} năm {bloc_year.year} bình xét dẫn đầu với {votes[winner]} phiếu "
        "(khối chưa công bố kết quả chấm điểm)",
    )


def emulation_leaders(*, year: int) -> dict[tuple[int, int], Lead]:
    """``{(unit id, year): Lead}`` for every province-organised bloc of ``year``."""
    out = {}
    for bloc_year in BlocYear.objects.filter(year=year, bloc__level=BlocLevel.PROVINCE).select_related(
        "bloc"
    ):
        lead = leader_of(bloc_year)
        if lead is not None:
            out[(lead.unit_id, year)] = lead
    return out
