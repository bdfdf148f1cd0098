"""Who sees and sends the statutory statistics (MoHA forms 0601.N–0605.N).

The provincial office (and the administrator) see and send every reporting body's report, the
province's first; a unit's emulation officer sees and sends only their own unit's report. Any
other body reads as not there (404), never as refused."""

from __future__ import annotations

from django.http import Http404

from thidua.accounts.choices import Role
from thidua.statistics import engine
from thidua.statistics.tables import ReportingBody

PROVINCE_SLUG = "tinh"  # the URL's name of the province's own report (its ``unit_code`` is empty)


def slug_of(body: ReportingBody) -> str:
    return body.unit_code or PROVINCE_SLUG


def _own_unit_code(user) -> str:
    if not user.is_authenticated or user.unit_id is None or not user.has_role(Role.UNIT_OFFICER):
        return ""
    return user.unit.code


def can_view_statistics(user) -> bool:
    """The menu entry: the office, or a unit's officer (for their unit's own report)."""
    if not user.is_authenticated:
        return False
    return user.is_provincial or bool(_own_unit_code(user))


def can_view_body(user, body: ReportingBody) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_provincial:
        return True
    own = _own_unit_code(user)
    return bool(own) and body.unit_code == own


# Sending a report (and correcting it) is allowed to those who see it: the office for every body,
# a unit's officer for their own unit.
can_submit_body = can_view_body


def bodies_for(user) -> list[ReportingBody]:
    """The reporting bodies ``user`` may see, the province first."""
    if not can_view_statistics(user):
        return []
    return [b for b in engine.reporting_bodies() if can_view_body(user, b)]


def body_for(user, slug: str) -> ReportingBody:
    """The reporting body named in a URL ("tinh" or a unit's code) if ``user`` may see it; else 404."""
    code = "" if slug == PROVINCE_SLUG else slug
    if not slug or not can_view_statistics(user):
        raise Http404
    for body in engine.reporting_bodies():
        if body.unit_code == code and can_view_body(user, body):
            return body
    raise Http404
