"""Who may edit the portal: portal editors and administrators."""

from thidua.accounts.choices import Role


def is_portal_editor(user) -> bool:
    return bool(user.is_authenticated and (user.is_admin or user.has_role(Role.PORTAL_EDITOR)))


def is_not_portal_editor(user) -> bool:
    return not is_portal_editor(user)
