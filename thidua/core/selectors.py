import datetime as dt

from django.db.models import Q
from django.utils import timezone

from thidua.core.models import AuditEvent
from thidua.core.security import security_q
from thidua.core.text import fold


def audit_events(
    *,
    object_type: str = "",
    object_id: str = "",
    actor: str = "",
    action: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    security: bool = False,
):
    qs = AuditEvent.objects.all()
    if security:
        qs = qs.filter(security_q())
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_id:
        qs = qs.filter(object_id=object_id)
    if action:
        qs = qs.filter(action__startswith=action)
    if actor:
        qs = qs.filter(Q(actor__username__iexact=actor) | Q(actor__search_text__contains=fold(actor)))
    tz = timezone.get_current_timezone()
    if date_from:
        qs = qs.filter(created_at__gte=dt.datetime.combine(date_from, dt.time.min, tzinfo=tz))
    if date_to:
        qs = qs.filter(
            created_at__lt=dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
        )
    return qs


def search_filter(qs, query: str, field: str = "search_text"):
    """Diacritics-insensitive search: every word of the query must occur in the folded text."""
    for word in fold(query).split():
        qs = qs.filter(**{f"{field}__contains": word})
    return qs
