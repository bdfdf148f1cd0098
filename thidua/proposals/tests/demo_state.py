"""Putting the demo's 2019 back to the day after its conference, for tests that walk the
proposals journey themselves (the demo takes 2019 all the way to its decisions)."""

from thidua.awards.models import AwardRecord
from thidua.cycles.models import StageTransition, YearCycle
from thidua.documents.models import GeneratedDocument
from thidua.proposals.demo import DECISIONS
from thidua.proposals.models import Decision, DecisionItem, Proposal


def undo_demo_2019_journey() -> None:
    """Remove what the demo's 2019 journey made (its proposals, dossiers, the two decisions and
    the three flags in history) and put the year back at its proposals step. Only the demo's
    rows are touched (found by the demo's decision numbers), so calling it again does nothing."""
    decisions = Decision.objects.filter(number__in=[number for number, *_ in DECISIONS])
    proposals = Proposal.objects.filter(decision_item__decision__in=decisions)
    ids = list(proposals.values_list("pk", flat=True))
    if not ids:
        return
    numbers = list(decisions.values_list("number", flat=True))
    DecisionItem.objects.filter(proposal_id__in=ids).delete()
    decisions.delete()
    GeneratedDocument.objects.filter(
        owner_type=Proposal._meta.label_lower, owner_id__in=[str(pk) for pk in ids]
    ).delete()
    Proposal.objects.filter(pk__in=ids).delete()
    AwardRecord.objects.filter(year=2019, decision_number__in=numbers).delete()
    StageTransition.objects.filter(
        bloc_year__bloc__code="KNC", bloc_year__year=2019, to_stage="closed"
    ).delete()
    YearCycle.objects.filter(bloc_year__bloc__code="KNC", bloc_year__year=2019).update(stage="proposals")
