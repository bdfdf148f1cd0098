"""Who may do what with proposals, decisions and exemplary models."""

from thidua.accounts.choices import Role
from thidua.organisations.permissions import can_manage_bloc_year


def can_prepare(user, bloc_year) -> bool:
    """Creating, editing and submitting a bloc's proposals: its secretariat (and the office)."""
    return can_manage_bloc_year(user, bloc_year)


def can_process(user) -> bool:
    """Receiving, returning, recording the Council's vote and decisions: the provincial office."""
    return bool(user.is_authenticated and user.is_provincial)


def can_see_reports(user) -> bool:
    return bool(user.is_authenticated and (user.is_provincial or user.has_role(Role.COUNCIL_MEMBER)))


def can_see_council(user) -> bool:
    """The Council's e-vote sessions: the office and the Council's members."""
    return bool(user.is_authenticated and (user.is_provincial or user.has_role(Role.COUNCIL_MEMBER)))


def can_edit_exemplary(user, *, unit_id) -> bool:
    """The office, or the officers of the subject's unit."""
    if not user.is_authenticated:
        return False
    if user.is_provincial:
        return True
    return bool(
        user.unit_id is not None
        and user.unit_id == unit_id
        and user.has_role(Role.UNIT_OFFICER, Role.BLOC_SECRETARY)
    )


def can_publish_exemplary(user) -> bool:
    return bool(user.is_authenticated and user.is_provincial)
