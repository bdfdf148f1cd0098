"""The signed-in person's notifications (deadline reminders…): the list and marking them read."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from thidua.core.models import Notification

log = logging.getLogger(__name__)


def notify(*, user, key: str, title: str, body: str = "", url: str = "") -> bool:
    """Tell ``user`` once about ``key``: a notification in the app and, if the person has an
    address and did not turn reminders off, an e-mail. False when it was sent before (the unique
    (user, key) pair: a catch-up run or a second worker sends nothing twice)."""
    try:
        with transaction.atomic():
            note = Notification.objects.create(user=user, key=key, title=title, body=body, url=url)
    except IntegrityError:
        return False
    if user.email and getattr(user, "email_reminders", True):
        try:
            send_mail(title, body or title, settings.DEFAULT_FROM_EMAIL, [user.email])
        except OSError:
            log.warning("Notification e-mail to %s not sent", user.email, exc_info=True)
        else:
            Notification.objects.filter(pk=note.pk).update(emailed=True)
    return True


def notifications_of(user, limit: int = 100):
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(user=user)[:limit]


def notifications_mark_read(*, actor) -> int:
    """Mark the person's own unread notifications read (nothing of anyone else's); returns how
    many. Reading one's messages is not audited: it changes nothing of the record."""
    with transaction.atomic():
        return Notification.objects.filter(user=actor, read_at__isnull=True).update(read_at=timezone.now())
