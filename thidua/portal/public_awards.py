"""The public side of the award history (issues 14 and 20): the award register ("Tra cứu khen
thưởng"), the public record page a certificate's QR code opens, and the open statistics.

Rules, the same on every page and API operation that uses this module:
- only awards in force today are listed or counted (``AwardRecord.objects.in_force``): a revoked
  award leaves the register and the statistics from the date of its revocation decision;
- a collective's award is public; an individual's award is public only with the person's
  ``publication_consent``. Without it the register does not list the award at all and no page
  ever prints the name;
- a certificate's record page is reached by the certificate code (a UUID, not guessable). A
  revoked award's page says that it was revoked and nothing else, so that a scanned old
  certificate tells the truth;
- the open statistics are aggregates (counts), never a list of people;
- a decision recorded but not issued (``Decision.issued_at`` empty: with signatures required, its
  signed PDF not yet verified) is not public: its awards are in no list and its certificates'
  record pages do not exist yet.
"""

import datetime as dt
import uuid
from dataclasses import asdict, dataclass

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from thidua.awards.models import Award, AwardRecord
from thidua.core.selectors import search_filter
from thidua.organisations.models import BlocYearMember
from thidua.organisations.names import attach_names
from thidua.proposals.choices import ProposalStatus
from thidua.proposals.models import DecisionItem
from thidua.proposals.selectors import ISSUED_ITEMS

HIDDEN_NAME = "Cá nhân (họ tên không công bố theo nguyện vọng của người được khen thưởng)"
NO_BLOC = "Không thuộc khối nào"
GROUPS = {
    # group_by: (label of the key column, CSV file name)
    "year": "Năm thành tích",
    "award": "Hình thức khen thưởng",
    "bloc": "Khối, cụm thi đua",
}


def _today() -> dt.date:
    return timezone.localdate()


def public_records(on: dt.date | None = None):
    """Award records the public may see on ``on`` (today): in force, and a collective's or a
    consenting person's."""
    return AwardRecord.objects.in_force(on or _today()).filter(
        Q(unit__isnull=False) | Q(person__publication_consent=True)
    )


def without_revoked(records) -> list:
    """``records`` (fetched award records) less those revoked by today, in one query."""
    records = list(records)
    revoked = set(
        AwardRecord.objects.revoked(_today())
        .filter(pk__in=[r.pk for r in records])
        .values_list("pk", flat=True)
    )
    return [r for r in records if r.pk not in revoked]


# Register ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterEntry:
    award: str
    subject: str
    collective: bool
    year: int
    decision_number: str
    decision_date: dt.date
    decided_by: str
    url: str  # the public record page when the award came from a decision recorded here, else ""


def register(*, query: str = "", year: int | None = None, award: str = ""):
    """The register's queryset, newest decision first (``entries`` turns a page of it into rows)."""
    qs = public_records().select_related("award", "unit", "person__unit").order_by("-decision_date", "-id")
    if year:
        qs = qs.filter(year=year)
    if award:
        qs = qs.filter(award__code=award)
    if query.strip():
        qs = search_filter(qs, query[:100])
    return qs


def _subject(record) -> str:
    if record.unit_id:
        return record.unit.name_in_year(record.year)
    person = record.person
    if not person.publication_consent:  # never reached through ``public_records``; kept as a guard
        return HIDDEN_NAME
    return f"{person.full_name} – {person.unit.name_in_year(record.year)}"


def entries(records) -> list[RegisterEntry]:
    """Rows of the register for ``records`` (a page of :func:`register`), in a fixed number of
    queries: units' names of the year and the certificate codes are loaded at once."""
    records = attach_names(list(records), "unit", "person.unit")
    codes = dict(
        DecisionItem.objects.filter(award_record_id__in=[r.pk for r in records]).values_list(
            "award_record_id", "certificate_code"
        )
    )
    return [
        RegisterEntry(
            award=r.award.name,
            subject=_subject(r),
            collective=bool(r.unit_id),
            year=r.year,
            decision_number=r.decision_number,
            decision_date=r.decision_date,
            decided_by=r.decided_by,
            url=reverse("portal:award_record", args=[codes[r.pk]]) if r.pk in codes else "",
        )
        for r in records
    ]


def award_choices() -> list[tuple[str, str]]:
    return list(Award.objects.order_by("-rank", "name").values_list("code", "name"))


def decided_for_bloc_year(*, bloc_year) -> list[dict]:
    """The awards decided for a bloc year's proposals, as its published results page lists them
    (``thidua.proposals.selectors.decided_for_bloc_year``) under the register's rules: an award
    revoked by today is left out, an individual's only with the person's consent."""
    revoked = set(
        AwardRecord.objects.revoked(_today())
        .filter(pk__in=DecisionItem.objects.filter(proposal__bloc_year=bloc_year).values("award_record_id"))
        .values_list("pk", flat=True)
    )
    items = (
        DecisionItem.objects.filter(
            proposal__bloc_year=bloc_year,
            proposal__status=ProposalStatus.DECIDED,
        )
        .filter(ISSUED_ITEMS)  # a decision recorded but not issued is not public
        .filter(Q(proposal__person__isnull=True) | Q(proposal__person__publication_consent=True))
        .select_related("decision", "proposal__award", "proposal__unit", "proposal__person__unit")
        .order_by("-proposal__award__rank", "decision__date", "id")
    )
    return [
        {
            "award": i.proposal.award.name,
            "subject": i.proposal.subject_name,
            "decision": f"Quyết định số {i.decision.number} ngày {i.decision.date:%d/%m/%Y}",
            "authority": i.decision.authority_name,
            "url": reverse("portal:award_record", args=[i.certificate_code]),
        }
        for i in items
        if i.award_record_id not in revoked
    ]


# Record page ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicRecord:
    code: uuid.UUID
    revoked: bool
    revoked_on: dt.date | None = None
    award: str = ""
    subject: str = ""
    subject_hidden: bool = False
    collective: bool = False
    year: int | None = None
    decision_number: str = ""
    decision_date: dt.date | None = None
    authority: str = ""


def record_by_code(code) -> PublicRecord | None:
    """What the public record page of a certificate shows, or None for an unknown code."""
    item = (
        DecisionItem.objects.select_related(
            "decision", "proposal__award", "proposal__unit", "proposal__person__unit"
        )
        # A decision recorded but not yet issued (its signed PDF not verified) is not public.
        .filter(ISSUED_ITEMS, certificate_code=code)
        .first()
    )
    if item is None:
        return None
    if item.award_record_id:
        revoked = (
            AwardRecord.objects.revoked(_today())
            .filter(pk=item.award_record_id)
            .values_list("revocation__decision_date", flat=True)
            .first()
        )
        if revoked is not None:
            return PublicRecord(code=item.certificate_code, revoked=True, revoked_on=revoked)
    p, d = item.proposal, item.decision
    hidden = bool(p.person_id) and not p.person.publication_consent
    if p.unit_id:
        subject = p.unit.name_in_year(p.year)
    elif hidden:
        subject = HIDDEN_NAME
    else:
        subject = f"{p.person.full_name} – {p.person.unit.name_in_year(p.year)}"
    return PublicRecord(
        code=item.certificate_code,
        revoked=False,
        award=p.award.name,
        subject=subject,
        subject_hidden=hidden,
        collective=bool(p.unit_id),
        year=p.year,
        decision_number=d.number,
        decision_date=d.date,
        authority=d.authority_name,
    )


# Open statistics --------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatRow:
    key: str
    label: str
    collective: int
    individual: int
    total: int


def open_statistics(group_by: str, on: dt.date | None = None) -> list[StatRow]:
    """Awards in force on ``on`` (today) counted by year of achievement, award or bloc, split
    into collectives and individuals. Every award counts, whatever the consent: a count is not
    personal data. An award counts in the bloc its subject's unit belonged to in the award's
    year (the first by name when there are several), else under "Không thuộc khối nào"."""
    if group_by not in GROUPS:
        raise ValueError(group_by)
    qs = AwardRecord.objects.in_force(on or _today()).order_by()
    if group_by == "year":
        key, label = "year", "year"
    elif group_by == "award":
        key, label = "award__code", "award__name"
    else:
        members = BlocYearMember.objects.filter(
            unit_id=OuterRef("subject_unit"), year=OuterRef("year")
        ).order_by("bloc_year__bloc__name_sort")
        qs = qs.annotate(subject_unit=Coalesce("unit_id", "person__unit_id")).annotate(
            bloc_code=Subquery(members.values("bloc_year__bloc__code")[:1]),
            bloc_name=Subquery(members.values("bloc_year__bloc__name")[:1]),
        )
        key, label = "bloc_code", "bloc_name"
    rows = qs.values(key, label).annotate(
        collective=Count("id", filter=Q(unit__isnull=False)),
        individual=Count("id", filter=Q(person__isnull=False)),
    )
    out: dict[str, StatRow] = {}
    ranks = dict(Award.objects.values_list("code", "rank")) if group_by == "award" else {}
    for r in rows:
        k = "" if r[key] is None else str(r[key])
        name = str(r[label]) if r[label] is not None else NO_BLOC
        prev = out.get(k)
        col = r["collective"] + (prev.collective if prev else 0)
        ind = r["individual"] + (prev.individual if prev else 0)
        out[k] = StatRow(key=k, label=name, collective=col, individual=ind, total=col + ind)
    result = list(out.values())
    if group_by == "year":
        result.sort(key=lambda s: int(s.key))
    elif group_by == "award":
        result.sort(key=lambda s: (-ranks.get(s.key, 0), s.label))
    else:
        result.sort(key=lambda s: (s.key == "", -s.total, s.label))
    return result


def statistics_payload(group_by: str, on: dt.date | None = None) -> dict:
    rows = open_statistics(group_by, on)
    return {
        "group_by": group_by,
        "as_of": on or _today(),
        "total": sum(r.total for r in rows),
        "rows": [asdict(r) for r in rows],
    }
