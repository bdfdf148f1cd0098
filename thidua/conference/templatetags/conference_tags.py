from django import template

register = template.Library()


@register.filter
def name_in(unit, year):
    """The unit's name valid in that year (a 2019 record keeps the 2019 name)."""
    return unit.name_in_year(int(year)) if unit is not None else ""
