from django import template

from thidua.awards.models import RulePack

register = template.Library()


@register.filter
def pack_name(code):
    """The name of the rule pack stored by its code on a verdict; the code only if it is gone."""
    if not code:
        return ""
    return RulePack.objects.filter(code=code).values_list("name", flat=True).first() or code
