"""The signed-in person's notifications (deadline reminders…): the list and marking them read."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from thidua.core.models import Notification


def notifications_of(user, limit: int = 100):
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(user=user)[:limit]


def notifications_mark_read(*, actor) -> int:
    """Mark the person's own unread notifications read (nothing of anyone else's); returns how
    many. Reading one's messages is not audited: it changes nothing of the record."""
    with transaction.atomic():
        return Notification.objects.filter(user=actor, read_at__isnull=True).update(read_at=timezone.now())
