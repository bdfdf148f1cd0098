"""Hooks the proposals app answers for earlier apps."""

from thidua.proposals.certificate_document import CERTIFICATE_KIND, certificate_issued, may_sign
from thidua.proposals.choices import COUNCIL_MINUTES_KIND, LIST_KIND
from thidua.proposals.models import CouncilSession, Decision, DecisionItem, Proposal
from thidua.proposals.permissions import can_process
from thidua.proposals.services.decisions import decision_issue


def document_access(*, user, document):
    """Dossier files belong to a proposal: whoever sees the proposal may download them. A bloc
    year's list of proposals: the office, and whoever sees one of that year's proposals. A Council
    session's minutes: the office and that session's members."""

    if document.owner_type == "organisations.blocyear" and document.kind == LIST_KIND:
        if can_process(user):
            return True
        return Proposal.objects.visible_to(user).filter(bloc_year_id=document.owner_id).exists()
    if document.owner_type == "proposals.councilsession" and document.kind == COUNCIL_MINUTES_KIND:
        # A Council session's minutes: the office, and the members listed on that session.
        if can_process(user):
            return True
        return CouncilSession.objects.filter(pk=document.owner_id, members__user_id=user.pk).exists()
    if document.owner_type == "proposals.decision":
        return Decision.objects.visible_to(user).filter(pk=document.owner_id).exists()
    if document.owner_type == "proposals.decisionitem" and document.kind == CERTIFICATE_KIND:
        # A certificate (Bằng khen, Giấy khen): whoever sees its proposal.
        return Proposal.objects.visible_to(user).filter(decision_item__pk=document.owner_id).exists()
    if document.owner_type != "proposals.proposal":
        return None
    return Proposal.objects.visible_to(user).filter(pk=document.owner_id).exists()


def document_signing(*, user, document):
    """A decision's document is signed and uploaded by the provincial office (issue 14); so is a
    certificate's (Bằng khen, Giấy khen), once its decision is issued."""
    if document.owner_type == "proposals.decisionitem" and document.kind == CERTIFICATE_KIND:
        item = DecisionItem.objects.select_related("decision").filter(pk=document.owner_id).first()
        return item is not None and may_sign(user, item)
    if document.owner_type != "proposals.decision":
        return None
    return can_process(user) and Decision.objects.filter(pk=document.owner_id).exists()


def document_issued(*, document, signed_copy, actor):
    """A verified signed PDF of a decision's document issues the decision (its awards go into
    history); a certificate's is refused while its decision is not issued."""
    decision_issue(document=document, signed_copy=signed_copy, actor=actor)
    certificate_issued(document=document, signed_copy=signed_copy, actor=actor)
