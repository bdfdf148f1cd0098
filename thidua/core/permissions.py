"""Permission helpers shared by every app. "Not yours" is answered exactly like "not there"."""

from django.http import Http404


def can_view_audit(user) -> bool:
    return bool(user.is_authenticated and user.is_provincial)


def get_visible_or_404(queryset, user, **lookup):
    """Fetch one object from ``queryset.visible_to(user)``; a hidden object is a plain 404."""
    try:
        return queryset.visible_to(user).get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404 from exc


def require(condition: bool) -> None:
    """Refuse an action the user may not take on an object they can see (also a 404)."""
    if not condition:
        raise Http404
