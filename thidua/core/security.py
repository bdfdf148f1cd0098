"""Security events in the audit log: the sign-in events (written by accounts' services), and,
recorded here for every app at once, refusals and downloads.

``SecurityAuditMiddleware`` looks at each answer to a signed-in user (session or API token):
a 403 (not allowed, including CSRF and read-only tokens) is recorded as ``access.denied``, a 404
(ThiDua answers "not yours" exactly like "not there") as ``access.not_found``, and a file answer
(a ``Content-Disposition`` header: exports, generated documents, evidence) as ``download.file``,
each with the actor, the client's address (``thidua.core.clients``) and the time. Anonymous
requests are not recorded (the portal's missing pages are not security events)."""

from __future__ import annotations

import logging
import re

from django.db import DatabaseError, transaction
from django.db.models import Q

from thidua.core.audit import audit

logger = logging.getLogger("thidua.security")

# Actions shown by the audit page's "security events" filter.
SECURITY_PREFIXES = ("auth.", "access.", "download.", "token.", "user.set_password", "system.alarm")
PAGE_TYPE = "core.page"
_FILENAME = re.compile(r"""filename\*?=(?:UTF-8'')?"?([^";]+)"?""", re.IGNORECASE)


def security_q() -> Q:
    query = Q()
    for prefix in SECURITY_PREFIXES:
        query |= Q(action__startswith=prefix)
    return query


def _signed_in_user(request):
    user = getattr(request, "user", None)
    try:
        return user if user is not None and getattr(user, "is_authenticated", False) else None
    except DatabaseError:  # the session or user cannot be read (database away): nothing to record
        return None


def record(request, action: str, after: dict) -> None:
    """Writes one security event about ``request``; never breaks the answer."""
    user = _signed_in_user(request)
    target = (PAGE_TYPE, request.path[:64], f"{request.method} {request.get_full_path()}"[:300])
    try:
        with transaction.atomic():
            audit(actor=user, action=action, target=target, after=after)
    except DatabaseError:
        logger.exception("could not record %s for %s", action, request.path)


def _filename(response) -> str:
    match = _FILENAME.search(response.get("Content-Disposition", ""))
    return match.group(1) if match else ""


class SecurityAuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        status = response.status_code
        if status == 403:
            action, after = "access.denied", {"status": status}
        elif status == 404:
            action, after = "access.not_found", {"status": status}
        elif status == 200 and response.has_header("Content-Disposition"):
            action, after = "download.file", {"filename": _filename(response)}
        else:
            return response  # the user is not even looked at: no query for ordinary answers
        if _signed_in_user(request) is not None:
            record(request, action, after)
        return response
