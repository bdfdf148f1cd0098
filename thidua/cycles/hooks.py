"""Hooks that cycles offers to the documents app."""

from thidua.organisations.models import BlocYear


def document_access(*, user, document):
    """Documents owned by a bloc year: whoever sees the year may download them."""
    if document.owner_type != "organisations.blocyear":
        return None
    return BlocYear.objects.visible_to(user).filter(pk=document.owner_id).exists()
