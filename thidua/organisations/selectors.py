"""Reads for organisations. Views and the API use these instead of building querysets."""

from django.db.models import Count, Prefetch

from thidua.core.selectors import search_filter
from thidua.organisations.models import Bloc, BlocYear, BlocYearMember, Person, Unit
from thidua.organisations.names import attach_names

# The units a bloc year names (shown under the name they bore that year).
LEADERS = ("leader", "deputy", "acting_leader", "proposed_leader", "proposed_deputy")


def units_list(*, query: str = "", include_dissolved: bool = True, kind: str = ""):
    qs = Unit.objects.all()
    if not include_dissolved:
        qs = qs.filter(dissolved_on__isnull=True)
    if kind:
        qs = qs.filter(kind=kind)
    return search_filter(qs, query)


def unit_detail(*, code: str) -> Unit:
    return (
        Unit.objects.select_related("successor")
        .prefetch_related("name_history", "predecessors")
        .get(code=code)
    )


def unit_memberships(*, unit: Unit):
    """The unit's blocs over the years, newest first, with each year's leader."""
    return (
        BlocYearMember.objects.filter(unit=unit)
        .select_related(
            "bloc_year__bloc", "bloc_year__leader", "bloc_year__deputy", "bloc_year__acting_leader"
        )
        .prefetch_related("bloc_year__leader__name_history")
        .order_by("-year", "bloc_year__bloc__name_sort")
    )


def blocs_list(*, query: str = "", kind: str = ""):
    qs = Bloc.objects.annotate(year_count=Count("years")).order_by("name_sort")
    if kind:
        qs = qs.filter(kind=kind)
    return search_filter(qs, query)


def bloc_detail(*, code: str) -> Bloc:
    return Bloc.objects.prefetch_related("rotation__unit").get(code=code)


def bloc_years_of(*, bloc: Bloc, user) -> list[BlocYear]:
    """Years of one bloc visible to ``user``, with member counts and leaders (history of leaders)."""
    return attach_names(
        BlocYear.objects.visible_to(user)
        .filter(bloc=bloc)
        .with_people()
        .annotate(member_count=Count("members", distinct=True))
        .order_by("-year"),
        *LEADERS,
    )


def _members_prefetch():
    return Prefetch(
        "members",
        queryset=BlocYearMember.objects.select_related("unit")
        .prefetch_related("unit__name_history")
        .order_by("unit__name_sort"),
    )


def bloc_year_detail(*, user, bloc_code: str, year: int) -> BlocYear:
    by = (
        BlocYear.objects.visible_to(user)
        .with_people()
        .prefetch_related(_members_prefetch(), "bloc__rotation__unit__name_history")
        .get(bloc__code=bloc_code, year=year)
    )
    return attach_names([by], *LEADERS)[0]


def bloc_years_visible(*, user, query: str = "", year: int | None = None):
    qs = (
        BlocYear.objects.visible_to(user)
        .with_people()
        .annotate(member_count=Count("members", distinct=True))
        .order_by("-year", "bloc__name_sort")
    )
    if year:
        qs = qs.filter(year=year)
    return search_filter(qs, query, "bloc__search_text")


def dashboard_years(*, user, limit: int = 50):
    return attach_names(bloc_years_visible(user=user)[:limit], *LEADERS)


def people_list(*, user, query: str = "", unit: Unit | str | None = None):
    qs = Person.objects.visible_to(user).select_related("unit")
    if isinstance(unit, str):
        qs = qs.filter(unit__code=unit) if unit else qs
    elif unit is not None:
        qs = qs.filter(unit=unit)
    return search_filter(qs, query)
