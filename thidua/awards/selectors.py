"""Reads for award rules and history. Views and the API use these."""

from django.db.models import Q

from thidua.accounts.choices import Role
from thidua.awards.choices import SubjectKind
from thidua.awards.models import (
    Award,
    AwardRecord,
    BaseSalary,
    ImportJob,
    PerformanceRating,
    RuleEntry,
    RulePack,
)
from thidua.core.selectors import search_filter


def catalogue():
    return Award.objects.all()


def packs():
    return RulePack.objects.all().order_by("-effective_from")


def pack_detail(*, code: str) -> RulePack:
    return RulePack.objects.select_related("based_on").get(code=code)


def pack_entries(*, pack: RulePack):
    return (
        RuleEntry.objects.filter(pack=pack)
        .select_related("award")
        .order_by("award__subject", "award__kind", "award__rank")
    )


def base_salaries():
    return BaseSalary.objects.all()


def history(
    *,
    user,
    query: str = "",
    year: int | None = None,
    award: str = "",
    subject: str = "",
    unit_code: str = "",
    person_id: int | None = None,
):
    """Award records visible to ``user``, newest decision first, searchable without diacritics.
    Revoked records (Law 06/2022 Art 93.2) only for the office and the subject's own unit, with
    ``revocation`` joined (shown struck through); nobody else sees them any more."""
    qs = AwardRecord.objects.visible_to(user).select_related("award", "unit", "person__unit", "revocation")
    qs = without_others_revoked(qs, user)
    if year:
        qs = qs.filter(year=year)
    if award:
        qs = qs.filter(award__code=award)
    if subject == SubjectKind.COLLECTIVE:
        qs = qs.filter(unit__isnull=False)
    elif subject == SubjectKind.INDIVIDUAL:
        qs = qs.filter(person__isnull=False)
    if unit_code:
        qs = qs.filter(Q(unit__code=unit_code) | Q(person__unit__code=unit_code))
    if person_id:
        qs = qs.filter(person_id=person_id)
    return search_filter(qs, query)


def without_others_revoked(qs, user):
    """``qs`` (award records) without the revoked ones ``user`` may not see: the office and the
    admin see every revoked award, a unit's officers and bloc secretary those of their own unit
    and its people; the Council and everybody else none (Law 06/2022 Art 93.2)."""
    if user.is_authenticated and user.is_provincial:
        return qs
    keep = Q(revocation__isnull=True)
    if (
        user.is_authenticated
        and user.unit_id is not None
        and user.has_role(Role.UNIT_OFFICER, Role.BLOC_SECRETARY)
    ):
        keep |= Q(unit_id=user.unit_id) | Q(person__unit_id=user.unit_id)
    return qs.filter(keep)


def ratings_of(*, unit=None, person=None):
    if unit is not None:
        return PerformanceRating.objects.filter(unit=unit).order_by("-year")
    return PerformanceRating.objects.filter(person=person).order_by("-year")


def import_jobs(*, user, limit: int = 20):
    if not (user.is_authenticated and user.is_provincial):
        return ImportJob.objects.none()
    return ImportJob.objects.select_related("created_by").defer("content")[:limit]
