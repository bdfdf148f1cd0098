"""``{% idempotency_key %}``: the hidden field that makes a double click create once
(``thidua.core.idempotency``). A fresh UUID each time the page is rendered; the shared
``includes/form.html`` puts it in every form it draws."""

import uuid

from django import template
from django.utils.html import format_html

from thidua.core.idempotency import FIELD

register = template.Library()


@register.simple_tag
def idempotency_key():
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, uuid.uuid4())
