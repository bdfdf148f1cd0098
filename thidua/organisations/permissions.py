"""Who may change organisations, bloc years and people."""

from thidua.accounts.choices import Role


def can_manage_registry(user) -> bool:
    """Units, blocs and new bloc years are kept by the provincial office and administrators."""
    return bool(user.is_authenticated and user.is_provincial)


def can_manage_bloc_year(user, bloc_year) -> bool:
    """The provincial office, or the secretariat: staff of the unit leading this year (the
    previous leader while the new one is unconfirmed)."""
    if not user.is_authenticated:
        return False
    if user.is_provincial:
        return True
    return (
        user.has_role(Role.BLOC_SECRETARY)
        and user.unit_id is not None
        and user.unit_id == bloc_year.effective_leader_id
    )


def can_edit_person(user, person_unit_id: int | None) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_provincial:
        return True
    return (
        user.has_role(Role.UNIT_OFFICER, Role.BLOC_SECRETARY)
        and user.unit_id is not None
        and user.unit_id == person_unit_id
    )
