"""REST endpoints for the signed-in user, accounts (administrators) and API tokens."""

import datetime as dt

from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from thidua.accounts import services
from thidua.accounts.choices import Role
from thidua.accounts.models import ApiToken, User, unit_model
from thidua.core.api import ErrorOut, page_params
from thidua.core.errors import field_error
from thidua.core.idempotency import REPLAYED_HEADER, TOKEN_REPLAYED, idempotent_operation, once
from thidua.core.sane import limited
from thidua.core.selectors import search_filter
from thidua.core.todo import todo_for

router = Router(tags=["Tài khoản"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class UserOut(Schema):
    id: int
    username: str
    full_name: str
    email: str
    unit: str | None = Field(None, alias="unit.code")
    position: str
    phone: str
    is_active: bool
    roles: list[Role]

    @staticmethod
    def resolve_roles(obj):
        return sorted(obj.role_set)


class TodoOut(Schema):
    title: str
    url: str
    deadline: dt.date | None
    context: str
    kind: str
    overdue: int = Field(description="Số ngày quá hạn (0: chưa quá hạn)")


class UserIn(Schema):
    username: limited("accounts.User", "username")
    full_name: limited("accounts.User", "full_name")
    password: str
    roles: list[Role] = []
    unit: str | None = None
    email: limited("accounts.User", "email") = ""
    position: limited("accounts.User", "position") = ""
    phone: limited("accounts.User", "phone") = ""


class UserPatch(Schema):
    full_name: limited("accounts.User", "full_name") | None = None
    email: limited("accounts.User", "email") | None = None
    unit: str | None = None
    position: limited("accounts.User", "position") | None = None
    phone: limited("accounts.User", "phone") | None = None
    is_active: bool | None = None
    roles: list[Role] | None = None


class PasswordIn(Schema):
    password: str


class OwnPasswordIn(Schema):
    old_password: str
    new_password: str


class TokenIn(Schema):
    name: limited("accounts.ApiToken", "name")
    read_only: bool = False


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None
    expires_at: dt.datetime | None
    read_only: bool


class TokenCreatedOut(TokenOut):
    token: str


def _unit(code: str | None):
    if not code:
        return None
    unit = unit_model().objects.filter(code=code).first()
    if unit is None:
        raise field_error("unit", f"Không có đơn vị mã {code}.")
    return unit


def _admin_only(request) -> None:
    if not (request.user.is_authenticated and request.user.is_admin):
        raise Http404


@router.get("/me", response=UserOut, url_name="api_me", summary="Tài khoản đang đăng nhập")
def me(request):
    return request.user


@router.get(
    "/me/todo",
    response={200: list[TodoOut], 401: ErrorOut},
    url_name="api_me_todo",
    summary="Việc cần làm của tài khoản đang đăng nhập",
)
def me_todo(request):
    """Như mục “Việc cần làm” trên trang chủ: việc quá hạn trước, rồi theo thời hạn."""
    return todo_for(request.user)


@router.post("/me/password", response={204: None, **ERRORS}, url_name="api_me_password")
def me_password(request, payload: OwnPasswordIn):
    if not request.user.check_password(payload.old_password):
        raise field_error("old_password", "Mật khẩu hiện tại không đúng.")
    services.user_set_password(actor=request.user, user=request.user, password=payload.new_password)
    return Status(204, None)


@router.get("/users", response=list[UserOut], url_name="api_user_list")
def user_list(request, q: str = "", page: int = 1, page_size: int = 50):
    _admin_only(request)
    start, end = page_params(page, page_size)
    qs = search_filter(User.objects.select_related("unit").prefetch_related("role_grants"), q)
    return list(qs[start:end])


@router.post("/users", response={201: UserOut, **ERRORS}, url_name="api_user_create")
@idempotent_operation
def user_create(request, payload: UserIn):
    _admin_only(request)
    data = payload.dict()
    data["unit"] = _unit(data["unit"])
    return Status(201, services.user_create(actor=request.user, **data))


@router.get("/users/{user_id}", response={200: UserOut, **ERRORS}, url_name="api_user_detail")
def user_detail(request, user_id: int):
    _admin_only(request)
    return get_object_or_404(User.objects.select_related("unit"), pk=user_id)


@router.patch("/users/{user_id}", response={200: UserOut, **ERRORS}, url_name="api_user_update")
def user_update(request, user_id: int, payload: UserPatch):
    _admin_only(request)
    user = get_object_or_404(User, pk=user_id)
    data = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None or k == "unit"}
    roles = data.pop("roles", None)
    if "unit" in data:
        data["unit"] = _unit(data["unit"])
    return services.user_update(actor=request.user, user=user, data=data, roles=roles)


@router.post("/users/{user_id}/password", response={204: None, **ERRORS}, url_name="api_user_password")
def user_password(request, user_id: int, payload: PasswordIn):
    _admin_only(request)
    user = get_object_or_404(User, pk=user_id)
    services.user_set_password(actor=request.user, user=user, password=payload.password)
    return Status(204, None)


@router.get("/tokens", response=list[TokenOut], url_name="api_token_list", summary="Mã truy cập của tôi")
def token_list(request):
    return list(ApiToken.objects.filter(user=request.user))


@router.post("/tokens", response={201: TokenCreatedOut, **ERRORS}, url_name="api_token_create")
def token_create(request, payload: TokenIn):
    """With ``Idempotency-Key``, a repeated request does not create a second token; since the raw
    token is never stored (not even in the idempotency table), the repeat answers 200 with the
    first token's metadata, ``token: null`` and a message that it was shown only once."""

    def replay(pk):
        token = ApiToken.objects.filter(pk=pk, user=request.user).first()
        body = {"detail": TOKEN_REPLAYED, "token": None}
        if token is not None:
            body.update(TokenOut.from_orm(token).model_dump(mode="json"))
        response = JsonResponse(body, status=200 if token is not None else 409)
        response[REPLAYED_HEADER] = "true"
        return response

    result = once(
        request,
        lambda: services.token_create(actor=request.user, name=payload.name, read_only=payload.read_only),
        replay,
    )
    if not isinstance(result, tuple):
        return result
    token, raw = result
    token.token = raw
    return Status(201, token)


@router.delete("/tokens/{token_id}", response={200: TokenOut, **ERRORS}, url_name="api_token_revoke")
def token_revoke(request, token_id: int):
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    return services.token_revoke(actor=request.user, token=token)
