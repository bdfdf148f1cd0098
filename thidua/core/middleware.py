import logging
import uuid
from contextvars import ContextVar

from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from thidua.core.clients import client_ip
from thidua.core.context_processors import error_base

logger = logging.getLogger(__name__)

current_request_id: ContextVar[uuid.UUID | None] = ContextVar("current_request_id", default=None)
# The client's address (thidua.core.clients.client_ip) of the request being served, for the audit.
current_client_ip: ContextVar[str | None] = ContextVar("current_client_ip", default=None)


class RequestIdMiddleware:
    """Gives every request an id that audit events carry, so one user action can be traced, and
    notes the client's address for them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = uuid.uuid4()
        request.request_id = request_id
        request.client_ip = client_ip(request)
        token = current_request_id.set(request_id)
        ip_token = current_client_ip.set(request.client_ip)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
            current_client_ip.reset(ip_token)
        response["X-Request-Id"] = str(request_id)
        return response


# Error pages ---------------------------------------------------------------------------------------

RETRY_AFTER_SECONDS = 30
ERROR_WORDS = {
    403: "Bạn không có quyền thực hiện thao tác này.",
    404: "Không tìm thấy.",
    503: "Hệ thống đang bảo trì hoặc mất kết nối cơ sở dữ liệu; không có thay đổi nào được ghi, thử lại sau.",
}


def _wants_json(request) -> bool:
    return request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", "")


def error_response(request, status: int, *, message: str = "") -> HttpResponse:
    """The Vietnamese error answer: JSON (``{"detail", "errors"}``, as the API's own errors) for the
    API, else the error page. The 503 page is rendered without the request, so that it never
    touches the database that has just failed."""
    if _wants_json(request):
        response = JsonResponse({"detail": message or ERROR_WORDS[status], "errors": {}}, status=status)
    elif status == 503:
        context = {"code": 503, "retry_after": RETRY_AFTER_SECONDS, "error_base": error_base(request.path)}
        html = render_to_string("503.html", context)
        response = HttpResponse(html, status=503)
    else:
        response = render(request, f"{status}.html", {"code": status, "message": message}, status=status)
    if status == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class FriendlyErrorsMiddleware:
    """Answers "not yours" (Http404), "not allowed" (PermissionDenied) and a lost database with
    the Vietnamese pages, also under DEBUG (where Django would show its English technical page
    with the URL list), and a database outage with 503 + Retry-After instead of a bare 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            return self.get_response(request)
        except DatabaseError as exc:  # raised before any view (session, user) or by a view
            return self._outage(request, exc)

    def process_exception(self, request, exc):
        if isinstance(exc, Http404):
            return error_response(request, 404)
        if isinstance(exc, PermissionDenied):
            return error_response(request, 403, message=str(exc))
        if isinstance(exc, OperationalError | InterfaceError):
            return self._outage(request, exc)
        return None

    @staticmethod
    def _outage(request, exc):
        if not isinstance(exc, OperationalError | InterfaceError):
            raise exc
        logger.error("database unavailable for %s: %s", request.path, exc)
        return error_response(request, 503)
