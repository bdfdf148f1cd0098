"""The API's shared pieces: error mapping, pagination and the audit endpoints (authentication is
thidua.accounts.auth; config/api.py puts them together)."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import Router, Schema
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as InputError

from thidua.core.errors import error_messages
from thidua.core.models import AuditEvent
from thidua.core.notifications import notifications_mark_read, notifications_of
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

    @api.exception_handler(InputError)
    def on_input(request, exc):
        errors: dict[str, list[str]] = {}
        for error in exc.errors:
            errors.setdefault(input_field(error.get("loc", ())), []).append(input_message(error))
        field, messages = next(iter(errors.items()), ("", ["Dữ liệu không hợp lệ."]))
        detail = f"{field}: {messages[0]}" if field else messages[0]
        return api.create_response(request, {"detail": detail, "errors": errors}, status=422)

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


def input_field(loc) -> str:
    """The field a pydantic error is about: ("body", "payload", "name") → "name", list items
    "agenda.2", query parameters by name."""
    parts = [str(part) for part in loc]
    if parts[:1] == ["body"] and len(parts) > 2:
        parts = parts[2:]
    elif parts[:1] in (["body"], ["query"], ["path"], ["form"], ["file"]):
        parts = parts[1:]
    return ".".join(parts) or "__all__"


def input_message(error: dict) -> str:
    """A Vietnamese message for one of ninja's (pydantic's) input errors."""
    kind, ctx, value = error.get("type", ""), error.get("ctx") or {}, error.get("input")
    if kind == "string_too_long":
        length = f" (đang có {len(value)})" if isinstance(value, str) else ""
        return f"Dài quá {ctx.get('max_length')} ký tự{length}."
    if kind == "missing":
        return "Thiếu trường bắt buộc."
    return f"Giá trị không hợp lệ ({error.get('msg', kind)})."


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


class NotificationOut(Schema):
    key: str
    title: str
    url: str
    created_at: dt.datetime
    read_at: dt.datetime | None
    emailed: bool


@router.get(
    "/me/notifications",
    response={200: list[NotificationOut], 401: ErrorOut},
    url_name="api_my_notifications",
    summary="Thông báo, nhắc hạn của tài khoản đang đăng nhập (mới nhất trước)",
)
def my_notifications(request):
    return list(notifications_of(request.user))


class MarkedOut(Schema):
    marked: int


@router.post(
    "/me/notifications/read",
    response={200: MarkedOut, 401: ErrorOut},
    url_name="api_my_notifications_read",
    summary="Đánh dấu mọi thông báo của mình là đã xem",
)
def my_notifications_read(request):
    return {"marked": notifications_mark_read(actor=request.user)}


__all__ = ["AuditEvent", "ErrorOut", "install_error_handlers", "router"]
