"""Who may see and change award rules and history."""

from thidua.accounts.choices import Role


def can_manage_rules(user) -> bool:
    """Rule packs, the catalogue and base salaries are kept by the provincial office and admins."""
    return bool(user.is_authenticated and user.is_provincial)


def can_import_history(user) -> bool:
    return bool(user.is_authenticated and user.is_provincial)


def can_view_all_history(user) -> bool:
    return bool(user.is_authenticated and (user.is_provincial or user.has_role(Role.COUNCIL_MEMBER)))


def can_view_unit_history(user, unit_id: int | None) -> bool:
    """The office and the Council see every subject; a unit's officers see their own unit and people."""
    if can_view_all_history(user):
        return True
    return bool(
        user.is_authenticated
        and user.unit_id is not None
        and user.unit_id == unit_id
        and user.has_role(Role.UNIT_OFFICER, Role.BLOC_SECRETARY)
    )
