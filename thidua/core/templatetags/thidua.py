from django import template

register = template.Library()


@register.filter
def name_in(unit, year):
    """The unit's name valid in ``year`` (prefetch ``name_history`` to avoid a query per row)."""
    if unit is None:
        return ""
    return unit.name_in_year(int(year))


@register.filter
def short_name_in(unit, year):
    """The unit's short name valid in ``year``, else its full name of that year."""
    if unit is None:
        return ""
    return unit.short_name_in_year(int(year))


@register.filter
def vnd(amount):
    """An amount in đồng as Vietnamese write it: 2530000 -> "2.530.000 đ"; "—" when unknown."""
    if amount is None or amount == "":
        return "—"
    return f"{int(amount):,} đ".replace(",", ".")
