"""Hooks the portal answers for earlier apps (they never import the portal)."""

from thidua.portal import cache


def public_content_changed() -> None:
    """Another app changed what the public sees (e.g. an exemplary model was published, edited
    or withdrawn): every process drops its cached pages at its next request."""
    cache.content_changed()
