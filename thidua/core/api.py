"""The API's shared pieces: error mapping, pagination and the audit endpoints (authentication is
thidua.accounts.auth; config/api.py puts them together)."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import Router, Schema
from ninja.errors import AuthenticationError

from thidua.core.errors import error_messages
from thidua.core.models import AuditEvent
from thidua.core.permissions import can_view_audit
from thidua.core.selectors import audit_events


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


def install_error_handlers(api) -> None:
    @api.exception_handler(ValidationError)
    def on_validation(request, exc):
        errors = error_messages(exc)
        first = next(iter(errors.values()))[0] if errors else "Dữ liệu không hợp lệ."
        return api.create_response(request, {"detail": first, "errors": errors}, status=422)

    @api.exception_handler(PermissionDenied)
    def on_denied(request, exc):
        return api.create_response(
            request,
            {"detail": str(exc) or "Bạn không có quyền thực hiện thao tác này.", "errors": {}},
            status=403,
        )

    @api.exception_handler(Http404)
    def on_404(request, exc):
        return api.create_response(request, {"detail": "Không tìm thấy.", "errors": {}}, status=404)

    @api.exception_handler(AuthenticationError)
    def on_auth(request, exc):
        return api.create_response(
            request, {"detail": "Cần đăng nhập hoặc mã truy cập hợp lệ.", "errors": {}}, status=401
        )


def page_params(page: int, page_size: int) -> tuple[int, int]:
    page = max(page, 1)
    page_size = min(max(page_size, 1), 200)
    return (page - 1) * page_size, page * page_size


router = Router(tags=["Nhật ký"])


class AuditOut(Schema):
    id: int
    created_at: dt.datetime
    actor_name: str
    action: str
    object_type: str
    object_id: str
    object_repr: str
    before: dict | None
    after: dict | None
    reason: str


@router.get("/audit", response=list[AuditOut], url_name="api_audit_list", summary="Nhật ký thay đổi")
def audit_list(
    request,
    object_type: str = "",
    object_id: str = "",
    actor: str = "",
    action: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    page: int = 1,
    page_size: int = 50,
):
    if not can_view_audit(request.user):
        raise Http404
    qs = audit_events(
        object_type=object_type,
        object_id=object_id,
        actor=actor,
        action=action,
        date_from=date_from,
        date_to=date_to,
    )
    start, end = page_params(page, page_size)
    return list(qs[start:end])


__all__ = ["AuditEvent", "ErrorOut", "install_error_handlers", "router"]
