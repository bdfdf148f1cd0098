"""Periodic tasks of the portal, queued by the workers' scheduler (``PortalConfig.periodic_tasks``)."""

import datetime as dt

from django_tasks import task

from thidua.portal import counting, services

PUBLISH_EVERY = 60  # seconds


@task()
def flush_views(*, slot: str = "", previous: str | None = None) -> dict:
    """Apply this host's spooled view counts (every ``PORTAL_FLUSH_INTERVAL`` seconds, on the host's
    own queue: the spool files are local)."""
    return counting.flush()


@task()
def publish_scheduled(*, slot: str, previous: str | None = None) -> int:
    """Every minute: the articles whose publication time came since the previous slot (or, on the
    first run, within the last minute) are recorded as gone live."""
    until = dt.datetime.fromisoformat(slot)
    since = dt.datetime.fromisoformat(previous) if previous else until - dt.timedelta(seconds=PUBLISH_EVERY)
    return len(services.scheduled_articles_went_live(since=since, until=until))
