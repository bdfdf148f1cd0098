"""Hooks the proposals app answers for earlier apps."""

from thidua.proposals.models import Proposal


def document_access(*, user, document):
    """Dossier files belong to a proposal: whoever sees the proposal may download them."""
    if document.owner_type != "proposals.proposal":
        return None
    return Proposal.objects.visible_to(user).filter(pk=document.owner_id).exists()
