"""Reads of proposals, decisions, exemplary models and the reports built on them."""

from __future__ import annotations

import re
import tempfile
import zipfile
from collections import Counter, defaultdict

from django.db.models import Count, Exists, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from thidua.awards.models import AwardRecord
from thidua.core.permissions import get_visible_or_404
from thidua.core.text import fold, sort_key
from thidua.cycles.choices import Stage
from thidua.cycles.selectors import stage_of
from thidua.documents.models import GeneratedDocument
from thidua.documents.services import documents_for, read_bytes
from thidua.organisations.models import BlocYear, BlocYearMember
from thidua.organisations.names import name_sort_in, prefetch_names
from thidua.proposals import dossier
from thidua.proposals.choices import (
    AT_COUNCIL,
    COUNCIL_MINUTES_KIND,
    LIST_KIND,
    CouncilChoice,
    CouncilSessionStatus,
    ProposalStatus,
)
from thidua.proposals.models import (
    CouncilParticipation,
    CouncilSession,
    CouncilSessionItem,
    Decision,
    DecisionItem,
    ExemplaryModel,
    Proposal,
)
from thidua.proposals.rules import council_threshold


def proposals_visible_to(*, user, year: int | None = None, status: str = "", bloc: str = "", query: str = ""):
    qs = Proposal.objects.visible_to(user).with_related()
    if year:
        qs = qs.filter(year=year)
    if status:
        qs = qs.filter(status=status)
    if bloc:
        qs = qs.filter(bloc_year__bloc__code=bloc)
    if query:
        qs = qs.filter(search_text__contains=fold(query))
    return qs.order_by("-year", "bloc_year__bloc__name_sort", "-award__rank", "id")


def proposals_of_year(*, bloc_year):
    """Proposals of a bloc year: highest award first, then collectives by the name valid that year."""
    return (
        Proposal.objects.with_related()
        .filter(bloc_year=bloc_year)
        .prefetch_related(prefetch_names("unit"), prefetch_names("person__unit"))
        .annotate(name_sort_in_year=name_sort_in(bloc_year.year, "unit"))
        .order_by("-award__rank", "name_sort_in_year", "id")
    )


def outcomes_without_proposal(outcomes) -> list:
    """The conference outcomes not yet turned into a proposal."""
    done = set(Proposal.objects.filter(outcome__in=outcomes).values_list("outcome_id", flat=True))
    return [o for o in outcomes if o.pk not in done]


def timeline(proposal):
    return list(proposal.transitions.all())


def dossier_documents(proposal) -> dict:
    """Latest Word and PDF file of each dossier kind: {kind: {"docx": doc, "pdf": doc}}."""

    found: dict = {}
    for doc in documents_for(proposal):  # newest first
        found.setdefault(doc.kind, {}).setdefault(doc.file_format, doc)
    return found


def dossier_status(proposal) -> dict:
    docs = dossier_documents(proposal)
    items = dossier.checklist(proposal, {k: v for k, v in docs.items() if "docx" in v})
    for item in items:
        item["files"] = docs.get(item["kind"], {})
    return {"items": items, "complete": all(i["ok"] for i in items)}


def decisions_visible_to(*, user):
    return Decision.objects.visible_to(user).prefetch_related(
        "items__proposal__award", "items__proposal__unit", "items__proposal__person__unit"
    )


def decision_items_of(decision):
    return list(
        decision.items.select_related(
            "proposal__award", "proposal__unit", "proposal__person__unit", "proposal__bloc_year__bloc"
        )
    )


# Items of issued decisions: ``Decision.issued_at`` set (at record when signatures are not
# required, else when its signed PDF verifies), or the award already in history (written only at
# issue). A decision recorded but not issued is not public (issue 14).
ISSUED_ITEMS = Q(decision__issued_at__isnull=False) | Q(award_record_id__isnull=False)


def decided_for_bloc_year(*, bloc_year) -> list[dict]:
    """The awards decided for a bloc year's proposals, for publication: award, subject, decision
    number and date, by whom; highest award first. Only issued decisions: one recorded but not
    issued (its signed PDF not yet verified) is not published."""
    items = (
        DecisionItem.objects.filter(
            proposal__bloc_year=bloc_year,
            proposal__status=ProposalStatus.DECIDED,
        )
        .filter(ISSUED_ITEMS)
        .select_related("decision", "proposal__award", "proposal__unit", "proposal__person__unit")
        .order_by("-proposal__award__rank", "decision__date", "id")
    )
    return [
        {
            "award": i.proposal.award.name,
            "subject": i.proposal.subject_name,
            "decision": f"Quyết định số {i.decision.number} ngày {i.decision.date:%d/%m/%Y}",
            "authority": i.decision.authority_name,
        }
        for i in items
    ]


def published_exemplary_models():
    """Exemplary models the portal may show, newest first, with photos and linked awards."""
    return (
        ExemplaryModel.objects.filter(published=True)
        .select_related("unit", "person__unit")
        .prefetch_related("photos", "awards__award")
        .order_by("-published_at", "-id")
    )


def exemplary_visible_to(*, user):
    return (
        ExemplaryModel.objects.visible_to(user)
        .select_related("unit", "person__unit")
        .prefetch_related("photos")
    )


# Reports ------------------------------------------------------------------------------------------


def awards_report(*, year_from: int | None = None, year_to: int | None = None, bloc: str = "") -> dict:
    """Awards in history by form, by year, by unit and by bloc (the subject's bloc that year),
    counted by the database: a province's history runs to hundreds of thousands of records."""

    # Awards in force: a revoked award leaves the reports (Law 06/2022 Art 93.2).
    qs = AwardRecord.objects.in_force().annotate(subject_unit=Coalesce("unit_id", "person__unit_id"))
    if year_from:
        qs = qs.filter(year__gte=year_from)
    if year_to:
        qs = qs.filter(year__lte=year_to)
    members = BlocYearMember.objects.filter(unit_id=OuterRef("subject_unit"), year=OuterRef("year"))
    if bloc:
        members = members.filter(bloc_year__bloc__code=bloc)
        qs = qs.filter(Exists(members))
    qs = qs.annotate(
        bloc_name=Subquery(
            members.order_by("bloc_year__bloc__name_sort").values("bloc_year__bloc__name")[:1]
        ),
        unit_name=Coalesce("unit__name", "person__unit__name"),
    )

    def grouped(field: str) -> list[tuple]:
        rows = qs.order_by().values(field).annotate(n=Count("id")).values_list(field, "n")
        return [(key, n) for key, n in rows]

    by_form = sorted(grouped("award__name"), key=lambda r: (-r[1], r[0]))
    by_bloc = sorted(
        ((name or "Không thuộc khối nào", n) for name, n in grouped("bloc_name")), key=lambda r: (-r[1], r[0])
    )
    return {
        "by_form": by_form,
        "by_year": sorted(grouped("year")),
        "by_unit": sorted(grouped("unit_name"), key=lambda r: (-r[1], r[0] or "")),
        "by_bloc": by_bloc,
        "total": sum(n for _, n in by_form),
    }


def proposals_by_status(*, user, year: int | None = None) -> list[tuple[str, str, int]]:
    qs = Proposal.objects.visible_to(user)
    if year:
        qs = qs.filter(year=year)
    counts = dict(qs.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    return [(s.value, str(s.label), counts.get(s.value, 0)) for s in ProposalStatus]


def cash_per_year() -> list[tuple[int, int, int]]:
    """(year of decision, total cash, number of awarded subjects)."""
    rows = (
        DecisionItem.objects.values("decision__date__year")
        .annotate(total=Sum("amount"), n=Count("id"))
        .order_by("decision__date__year")
    )
    return [(r["decision__date__year"], r["total"] or 0, r["n"]) for r in rows]


def province_overview(*, year: int) -> list[dict]:
    """Every bloc's year at a glance for the office: stage, leader, proposals by status."""

    counts = defaultdict(Counter)
    for by_id, status, n in (
        Proposal.objects.filter(year=year)
        .values_list("bloc_year_id", "status")
        .annotate(n=Count("id"))
        .values_list("bloc_year_id", "status", "n")
    ):
        counts[by_id][status] = n
    rows = []
    for by in BlocYear.objects.with_people().filter(year=year).order_by("bloc__name_sort"):
        c = counts[by.pk]
        leader = by.effective_leader
        stage = stage_of(by)
        rows.append(
            {
                "bloc_year": by,
                "stage": stage,
                "stage_label": str(Stage(stage).label),
                "leader": leader.name_in_year(year) if leader else "",
                "total": sum(c.values()),
                "counts": [(s.value, str(s.label), c.get(s.value, 0)) for s in ProposalStatus],
                "waiting": c.get(ProposalStatus.SUBMITTED, 0),
            }
        )
    return rows


def years_with_proposals() -> list[int]:
    return sorted(set(Proposal.objects.values_list("year", flat=True)), reverse=True)


def unit_awards(*, unit):

    return (
        AwardRecord.objects.in_force()
        .filter(Q(unit=unit))
        .select_related("award")
        .order_by("-year", "-decision_date")
    )


def dossier_archive(*, user, year: int, bloc: str = ""):
    """A ZIP of the dossiers that reached the office in ``year`` (received or later) and that
    ``user`` may see: one folder per bloc, one per proposal, the latest Word and PDF file of each
    dossier item, and the bloc's list. Written to a temporary file (a province's December batch
    runs to tens of megabytes), returned open at its start with the number of files."""

    def safe(text: str) -> str:
        return "".join(c if c.isalnum() or c in "-_." else "-" for c in fold(text).replace(" ", "-"))[:80]

    proposals = (
        Proposal.objects.visible_to(user)
        .with_related()
        .filter(year=year, status__in=AT_COUNCIL)
        .exclude(status=ProposalStatus.NOT_APPROVED)
        .order_by("bloc_year__bloc__name_sort", "id")
    )
    if bloc:
        proposals = proposals.filter(bloc_year__bloc__code=bloc)
    proposals = list(proposals)
    # Every file of these proposals in one query (newest first), grouped by proposal.
    files: dict[str, list] = {}
    for doc in GeneratedDocument.objects.filter(
        owner_type=Proposal._meta.label_lower, owner_id__in=[str(p.pk) for p in proposals]
    ):
        files.setdefault(doc.owner_id, []).append(doc)
    out = tempfile.TemporaryFile()  # noqa: SIM115 - handed open to the response, which closes it
    count = 0
    lists_done = set()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for p in proposals:
            bloc_folder = re.sub(r"[^A-Za-z0-9_-]", "-", p.bloc_year.bloc.code)
            folder = f"{bloc_folder}/{safe(p.subject_name)}-{safe(p.award.code)}"
            latest: dict = {}
            for doc in files.get(str(p.pk), []):
                latest.setdefault((doc.kind, doc.file_format), doc)
            if p.bloc_year_id not in lists_done:
                lists_done.add(p.bloc_year_id)
                for fmt, doc in bloc_list_files(p.bloc_year).items():
                    latest.setdefault(("bloc_list", fmt), doc)
            for (kind, _fmt), doc in sorted(latest.items()):
                data = read_bytes(doc)
                if data is None:
                    continue
                where = bloc_folder if kind == "bloc_list" else folder
                archive.writestr(f"{where}/{doc.file_name}", data)
                count += 1
    out.seek(0)
    return out, count


def bloc_list_files(bloc_year) -> dict:
    """The latest Word and Excel list of the bloc year: {"docx": doc, "xlsx": doc}."""

    found: dict = {}
    for doc in documents_for(bloc_year, kind=LIST_KIND):  # newest first
        found.setdefault(doc.file_format, doc)
    return found


# The Council's e-vote -----------------------------------------------------------------------------


def council_session_for(user, key) -> CouncilSession:
    """The session for the office and the Council's members; 404 for everybody else."""
    return get_visible_or_404(CouncilSession.objects.select_related("created_by"), user, uuid=key)


def council_sessions_visible_to(*, user):
    return CouncilSession.objects.visible_to(user).order_by("-created_at", "-id")


def council_waiting(*, year: int):
    """Received proposals of ``year`` not already in an unfinished e-vote session."""
    busy = CouncilSessionItem.objects.exclude(session__status=CouncilSessionStatus.CLOSED).values(
        "proposal_id"
    )
    return (
        Proposal.objects.with_related()
        .filter(year=year, status=ProposalStatus.RECEIVED)
        .exclude(pk__in=busy)
        .order_by("bloc_year__bloc__name_sort", "-award__rank", "id")
    )


def council_member_of(session: CouncilSession, user):
    """The user's row on the session's member list, or None."""
    if not getattr(user, "pk", None):
        return None
    return session.members.filter(user_id=user.pk).first()


def council_ballot(*, session: CouncilSession, user) -> list[dict]:
    """The phone page's cards: each proposal with whether this member has voted on it (never
    what: a secret session does not know) and, once closed, the result."""
    member = council_member_of(session, user)
    voted = (
        set(CouncilParticipation.objects.filter(member=member).values_list("item_id", flat=True))
        if member
        else set()
    )
    return [
        {"item": item, "proposal": item.proposal, "voted": item.pk in voted}
        for item in session.items.select_related(
            "proposal__award", "proposal__unit", "proposal__person__unit", "proposal__bloc_year__bloc"
        ).order_by("position", "id")
    ]


def council_turnout(*, session: CouncilSession) -> dict:
    """While the vote runs: who is present and how many voted on each proposal (no counts of
    choices before closing, so that watching them cannot reveal a secret vote)."""
    members = sorted(session.members.select_related("user"), key=lambda m: sort_key(str(m)))
    items = list(
        session.items.select_related("proposal__award", "proposal__unit", "proposal__person__unit")
        .annotate(turnout=Count("participations"))
        .order_by("position", "id")
    )
    present = sum(1 for m in members if m.present)
    return {"members": members, "present": present, "items": items}


def council_results(*, session: CouncilSession) -> list[dict] | None:
    """After closing: per proposal the counts of all members, the ratio needed, the result and,
    in an open session only, the members' names by choice. None before closing."""
    if session.status != CouncilSessionStatus.CLOSED:
        return None
    names: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    if not session.secret:
        for v in (
            CouncilParticipation.objects.filter(item__session=session)
            .select_related("member__user")
            .order_by("member__user__full_name", "member__user__username")
        ):
            names[v.item_id][v.choice].append(str(v.member))
        for by_choice in names.values():
            for listed in by_choice.values():
                listed.sort(key=sort_key)
    rows = []
    for item in session.items.select_related(
        "proposal__award", "proposal__unit", "proposal__person__unit", "proposal__bloc_year__bloc"
    ).order_by("position", "id"):
        ratio, article = council_threshold(award=item.proposal.award, year=item.proposal.year)
        rows.append(
            {
                "item": item,
                "proposal": item.proposal,
                "agree": item.agree,
                "disagree": item.disagree,
                "not_voted": session.members_total - item.agree - item.disagree,
                "ratio": ratio,
                "article": article,
                "passed": item.passed,
                "blocked": item.blocked,
                "agree_names": names[item.pk][CouncilChoice.AGREE] if not session.secret else None,
                "disagree_names": names[item.pk][CouncilChoice.DISAGREE] if not session.secret else None,
            }
        )
    return rows


def council_minutes_of(session: CouncilSession):
    """The session's minutes (Word), the latest one; None before closing."""
    docs = documents_for(session, kind=COUNCIL_MINUTES_KIND)
    return docs[0] if docs else None
