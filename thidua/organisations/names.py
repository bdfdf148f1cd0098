"""The name a unit bore in a given year, for querysets.

Pages about year Y show and sort units by the name valid on 31/12/Y (``Unit.name_in_year``).
Templates print it with ``{{ unit|name_in:year }}`` (``thidua.core.templatetags.thidua``);
querysets sort by it with :func:`order_by_name_in` and avoid a query per row with
:func:`prefetch_names`.
"""

from collections import defaultdict
from operator import attrgetter

from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from thidua.organisations.models import UnitNameRecord, year_end


def _prefix(path: str) -> str:
    return f"{path}__" if path else ""


def name_sort_in(year: int, path: str = "unit"):
    """Expression: collation key of the name the unit at ``path`` bore at the end of ``year``
    (``path=""`` for a Unit queryset itself); the current name's key when no record covers it."""
    day = year_end(year)
    unit_ref = OuterRef(f"{_prefix(path)}pk") if path else OuterRef("pk")
    record = UnitNameRecord.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=day), unit=unit_ref, valid_from__lte=day
    ).order_by("valid_from", "id")
    return Coalesce(Subquery(record.values("name_sort")[:1]), F(f"{_prefix(path)}name_sort"))


def order_by_name_in(qs, year: int, path: str = "unit", *before: str):
    """``qs`` ordered by ``before`` fields then by the name valid in ``year`` of the unit at
    ``path``; the unit's code breaks ties between equal names."""
    return qs.annotate(name_sort_in_year=name_sort_in(year, path)).order_by(
        *before, "name_sort_in_year", f"{_prefix(path)}code"
    )


def attach_names(objects, *paths: str) -> list:
    """Load the name history of the units at ``paths`` of ``objects`` (already fetched, e.g. with
    ``select_related``) in one query, as ``prefetch_names`` would per path; returns the objects."""
    objects = list(objects)
    units = [unit for obj in objects for path in paths if (unit := _follow(obj, path)) is not None]
    records = defaultdict(list)
    for record in UnitNameRecord.objects.filter(unit_id__in={u.pk for u in units}).order_by(
        "valid_from", "id"
    ):
        records[record.unit_id].append(record)
    for unit in units:
        history = unit.name_history.all()
        history._result_cache = records[unit.pk]
        history._prefetch_done = True
        unit.__dict__.setdefault("_prefetched_objects_cache", {})["name_history"] = history
    return objects


def _follow(obj, path: str):
    try:
        return attrgetter(path.replace("__", "."))(obj) if path else obj
    except AttributeError:
        return None


def prefetch_names(path: str = "unit") -> str:
    """Prefetch lookup of the name history of the unit at ``path``, so ``name_in_year`` costs no
    query (a plain lookup, in the model's order, so that two callers asking for it never clash)."""
    return f"{_prefix(path)}name_history"
