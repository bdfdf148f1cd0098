"""Hooks the proposals app answers for earlier apps."""

from thidua.proposals.choices import LIST_KIND
from thidua.proposals.models import Proposal
from thidua.proposals.permissions import can_process


def document_access(*, user, document):
    """Dossier files belong to a proposal: whoever sees the proposal may download them. A bloc
    year's list of proposals: the office, and whoever sees one of that year's proposals."""

    if document.owner_type == "organisations.blocyear" and document.kind == LIST_KIND:
        if can_process(user):
            return True
        return Proposal.objects.visible_to(user).filter(bloc_year_id=document.owner_id).exists()
    if document.owner_type != "proposals.proposal":
        return None
    return Proposal.objects.visible_to(user).filter(pk=document.owner_id).exists()
