"""The bloc's ballot regulations turned into counting rules, and who may do what."""

from thidua.conference.counting import Rules
from thidua.organisations.bloc_settings import get_settings
from thidua.organisations.permissions import can_manage_bloc_year


def unit_weights(bloc_year) -> dict[int, int]:
    """Votes per member unit id: the regulations' weights, else one vote each."""
    weights = get_settings(bloc_year).unit_weights or {}
    members = bloc_year.members.select_related("unit")
    return {m.unit_id: max(int(weights.get(m.unit.code, 1)), 0) for m in members}


def weight_of(bloc_year, unit) -> int:
    """Votes of one member unit under the regulations (membership is checked by the caller
    through the attendance list, which holds members only)."""
    return max(int((get_settings(bloc_year).unit_weights or {}).get(unit.code, 1)), 0)


def rules_for(bloc_year) -> Rules:
    settings = get_settings(bloc_year)
    return Rules(
        total_weight=sum(unit_weights(bloc_year).values()),
        quorum=settings.quorum_fraction,
        approval_base=settings.approval_base,
        approval_ratio=settings.approval_fraction,
        approval_strict=settings.approval_strict,
    )


def rules_json(rules: Rules) -> dict:
    """Counting rules as stored with a closed ballot's result and in its tally file."""
    return {
        "total_weight": rules.total_weight,
        "quorum": f"{rules.quorum.numerator}/{rules.quorum.denominator}",
        "approval_base": rules.approval_base,
        "approval_ratio": f"{rules.approval_ratio.numerator}/{rules.approval_ratio.denominator}",
        "approval_strict": rules.approval_strict,
    }


def can_manage(user, conference) -> bool:
    return can_manage_bloc_year(user, conference.bloc_year)
