"""Tasks of the background machinery itself (``thidua.core.worker``)."""

import datetime as dt

from django_tasks import task

from thidua.core import idempotency
from thidua.core.worker import prune_results


@task()
def prune(*, slot: str = "", previous: str | None = None) -> int:
    """Hourly: forget task results finished a day ago (failed ones after a month: their tracebacks
    may still be wanted) and old scheduler slots. The jobs keep their own outcome."""
    return prune_results(keep_succeeded=dt.timedelta(days=1), keep_failed=dt.timedelta(days=30))


@task()
def idempotency_prune(*, slot: str = "", previous: str | None = None) -> int:
    """Hourly: forget the stored outcomes of create requests older than a day
    (``thidua.core.idempotency.KEEP``); a double click is seconds apart."""
    return idempotency.prune()
