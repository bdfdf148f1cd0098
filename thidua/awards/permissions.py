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


def can_record_service(user, unit_id: int | None = None) -> bool:
    """Service periods (thời gian công tác): the office for everyone; a unit's officer or bloc
    secretary for the people of their own unit, in their own unit (``unit_id`` None: whether the
    user may record any at all)."""
    if not user.is_authenticated:
        return False
    if user.is_provincial:
        return True
    if user.unit_id is None or not user.has_role(Role.UNIT_OFFICER, Role.BLOC_SECRETARY):
        return False
    return unit_id is None or unit_id == user.unit_id
