"""Django's last-resort error handler (``handler500`` in config/urls.py).

``FriendlyErrorsMiddleware`` turns a lost database into the 503 page for everything inside it;
a database error raised further out — the session saved by ``SessionMiddleware`` on the way out,
the messages of a redirect — reaches Django's own handler instead, which would answer a 500. This
handler still sees that exception (``sys.exc_info()``) and answers it as the outage it is."""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.views import defaults

from thidua.core.middleware import error_response

logger = logging.getLogger(__name__)


def server_error(request):
    exc = sys.exc_info()[1]
    if isinstance(exc, OperationalError | InterfaceError):
        logger.error("database unavailable for %s (outside the views): %s", request.path, exc)
        return error_response(request, 503)
    return defaults.server_error(request)  # 500.html, rendered without touching the database
