"""Writes to accounts, roles and API tokens."""

import datetime as dt

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone

from thidua.accounts.choices import Role
from thidua.accounts.models import ApiToken, LoginFailure, RoleGrant, User
from thidua.core import sane
from thidua.core.audit import audit, snapshot
from thidua.core.errors import PermissionDenied, ValidationError, field_error

USER_FIELDS = ["username", "full_name", "email", "unit", "position", "phone", "is_active"]
UNIT_ROLES = {Role.BLOC_SECRETARY, Role.UNIT_OFFICER}


def _require_admin(actor) -> None:
    if not (actor.is_authenticated and actor.is_admin):
        raise PermissionDenied("Chỉ quản trị hệ thống được quản lý tài khoản.")


def _check_roles(roles: list[str], unit) -> list[str]:
    valid = set(Role.values)
    bad = [r for r in roles if r not in valid]
    if bad:
        raise field_error("roles", f"Vai trò không hợp lệ: {', '.join(bad)}.")
    if UNIT_ROLES.intersection(roles) and unit is None:
        raise field_error("unit", "Thư ký khối và cán bộ thi đua đơn vị phải thuộc một đơn vị.")
    return sorted(set(roles))


def _user_snapshot(user: User) -> dict:
    data = snapshot(user, USER_FIELDS)
    data["roles"] = sorted(user.role_grants.values_list("role", flat=True))
    return data


def user_create(
    *,
    actor,
    username: str,
    full_name: str,
    password: str,
    roles: list[str],
    unit=None,
    email: str = "",
    position: str = "",
    phone: str = "",
) -> User:
    _require_admin(actor)
    username = (username or "").strip()
    if not username:
        raise field_error("username", "Tên đăng nhập không được để trống.")
    if User.objects.filter(username__iexact=username).exists():
        raise field_error("username", f"Tên đăng nhập “{username}” đã được dùng.")
    if not (full_name or "").strip():
        raise field_error("full_name", "Họ và tên không được để trống.")
    roles = _check_roles(roles, unit)
    user = User(
        username=username,
        full_name=full_name.strip(),
        unit=unit,
        email=email.strip(),
        position=position.strip(),
        phone=phone.strip(),
    )
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc
    user.set_password(password)
    with transaction.atomic():
        user.save()
        RoleGrant.objects.bulk_create([RoleGrant(user=user, role=r) for r in roles])
        audit(actor=actor, action="user.create", obj=user, after=_user_snapshot(user))
    return user


def user_update(*, actor, user: User, data: dict, roles: list[str] | None = None) -> User:
    _require_admin(actor)
    data = dict(data)
    allowed = set(USER_FIELDS) - {"username"}
    if set(data) - allowed:
        raise field_error(sorted(set(data) - allowed)[0], "Trường này không được phép thay đổi.")
    if "full_name" in data and not data["full_name"].strip():
        raise field_error("full_name", "Họ và tên không được để trống.")
    if user.pk == actor.pk and data.get("is_active") is False:
        raise field_error("is_active", "Bạn không thể tự khóa tài khoản của mình.")
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        before = _user_snapshot(user)
        for key, value in data.items():
            setattr(user, key, value)
        if roles is not None:
            roles = _check_roles(roles, user.unit)
            if user.pk == actor.pk and Role.ADMIN not in roles and not user.is_superuser:
                raise field_error("roles", "Bạn không thể tự bỏ vai trò quản trị của mình.")
            user.role_grants.exclude(role__in=roles).delete()
            have = set(user.role_grants.values_list("role", flat=True))
            RoleGrant.objects.bulk_create([RoleGrant(user=user, role=r) for r in roles if r not in have])
        elif UNIT_ROLES.intersection(user.role_grants.values_list("role", flat=True)) and user.unit is None:
            raise field_error("unit", "Thư ký khối và cán bộ thi đua đơn vị phải thuộc một đơn vị.")
        user.save()
        audit(actor=actor, action="user.update", obj=user, before=before, after=_user_snapshot(user))
    user._role_cache = None
    return user


PROFILE_FIELDS = ["full_name", "email", "phone", "position"]


def profile_update(*, actor, full_name: str, email: str = "", phone: str = "", position: str = "") -> User:
    """A signed-in person corrects their own name, e-mail, phone and position (not their unit or
    roles, which the administrator grants)."""
    if not actor.is_authenticated:
        raise PermissionDenied("Cần đăng nhập.")
    full_name = full_name.strip()
    if not full_name:
        raise field_error("full_name", "Họ và tên không được để trống.")
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=actor.pk)
        before = snapshot(user, PROFILE_FIELDS)
        user.full_name, user.email, user.phone, user.position = (
            full_name,
            email.strip(),
            phone.strip(),
            position.strip(),
        )
        user.save()
        audit(
            actor=actor,
            action="user.profile_update",
            obj=user,
            before=before,
            after=snapshot(user, PROFILE_FIELDS),
        )
    return user


def user_set_password(*, actor, user: User, password: str) -> User:
    """An administrator resets a password, or a user changes their own."""
    if not (actor.is_authenticated and (actor.is_admin or actor.pk == user.pk)):
        raise PermissionDenied("Bạn không có quyền đổi mật khẩu tài khoản này.")
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        audit(actor=actor, action="user.set_password", obj=user)
    return user


def token_create(*, actor, name: str) -> tuple[ApiToken, str]:
    """Creates a token for the actor; the raw token is returned once and never stored."""
    if not actor.is_authenticated:
        raise PermissionDenied("Cần đăng nhập.")
    name = (name or "").strip()
    if not name:
        raise field_error("name", "Hãy đặt tên cho mã truy cập (ví dụ: “Kịch bản nhập dữ liệu”).")
    sane.check_length("name", name, 100, "Tên mã truy cập")
    raw = ApiToken.generate()
    with transaction.atomic():
        token = ApiToken.objects.create(user=actor, name=name, prefix=raw[3:11], digest=ApiToken.hash(raw))
        audit(
            actor=actor,
            action="token.create",
            obj=token,
            after={"name": token.name, "prefix": token.prefix},
        )
    return token, raw


def token_revoke(*, actor, token: ApiToken) -> ApiToken:
    if not (actor.is_authenticated and (token.user_id == actor.pk or actor.is_admin)):
        raise PermissionDenied("Bạn không có quyền thu hồi mã này.")
    with transaction.atomic():
        updated = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        if not updated:
            raise field_error("token", "Mã truy cập đã bị thu hồi trước đó.")
        token.refresh_from_db()
        audit(actor=actor, action="token.revoke", obj=token)
    return token


def token_authenticate(raw: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=ApiToken.hash(raw or ""), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


# Throttling -------------------------------------------------------------------------------------


def login_is_throttled(*, username: str, ip: str | None) -> bool:
    since = timezone.now() - dt.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    recent = LoginFailure.objects.filter(at__gte=since)
    limit = settings.LOGIN_MAX_FAILURES
    if recent.filter(username__iexact=username).count() >= limit:
        return True
    return bool(ip) and recent.filter(ip=ip).count() >= limit * 4


def login_failed(*, username: str, ip: str | None) -> None:
    LoginFailure.objects.create(username=(username or "")[:150], ip=ip or None)


def login_succeeded(*, username: str) -> None:
    LoginFailure.objects.filter(username__iexact=username).delete()
