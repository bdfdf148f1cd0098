from django import template

register = template.Library()


@register.filter
def name_in(unit, year):
    """The unit's name valid in ``year`` (prefetch ``name_history`` to avoid a query per row)."""
    if unit is None:
        return ""
    return unit.name_in_year(int(year))
