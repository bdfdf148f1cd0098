"""Writes to accounts, roles, API tokens, sign-in throttling and the second factor."""

import datetime as dt
import logging
import math
import secrets

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from thidua.accounts.choices import Role
from thidua.accounts.models import ApiToken, LoginFailure, RoleGrant, User
from thidua.core import sane
from thidua.core.alarms import raise_alarm
from thidua.core.audit import audit, snapshot
from thidua.core.errors import PermissionDenied, ValidationError, field_error

logger = logging.getLogger("thidua.security")
ANONYMOUS_NAME = "khách (chưa đăng nhập)"

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


PROFILE_FIELDS = ["full_name", "email", "phone", "position", "email_reminders"]


def profile_update(
    *,
    actor,
    full_name: str,
    email: str = "",
    phone: str = "",
    position: str = "",
    email_reminders: bool | None = None,
) -> User:
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
        if email_reminders is not None:
            user.email_reminders = bool(email_reminders)
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
    """An administrator resets a password, or a user changes their own. Every API token of the
    user is revoked with it, and every session signed in with the old password ends (Django keeps
    a hash of the password in the session; the view keeps the changer's own session)."""
    if not (actor.is_authenticated and (actor.is_admin or actor.pk == user.pk)):
        raise PermissionDenied("Bạn không có quyền đổi mật khẩu tài khoản này.")
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        user.set_password(password)
        user.save(update_fields=["password"])
        revoked = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        audit(actor=actor, action="user.set_password", obj=user, after={"tokens_revoked": revoked})
    return user


def token_create(*, actor, name: str, read_only: bool = False) -> tuple[ApiToken, str]:
    """Creates a token for the actor; the raw token is returned once and never stored. It expires
    after ``THIDUA_API_TOKEN_DAYS`` days."""
    if not actor.is_authenticated:
        raise PermissionDenied("Cần đăng nhập.")
    name = (name or "").strip()
    if not name:
        raise field_error("name", "Hãy đặt tên cho mã truy cập (ví dụ: “Kịch bản nhập dữ liệu”).")
    sane.check_length("name", name, 100, "Tên mã truy cập")
    raw = ApiToken.generate()
    expires_at = timezone.now() + dt.timedelta(days=settings.THIDUA_API_TOKEN_DAYS)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=actor,
            name=name,
            prefix=raw[3:11],
            digest=ApiToken.hash(raw),
            expires_at=expires_at,
            read_only=bool(read_only),
        )
        audit(
            actor=actor,
            action="token.create",
            obj=token,
            after={
                "name": token.name,
                "prefix": token.prefix,
                "read_only": token.read_only,
                "expires_at": token.expires_at,
            },
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


def token_authenticate(raw: str) -> ApiToken | None:
    """The live token (not revoked, not expired, of an active user) whose hash matches ``raw``."""
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=ApiToken.hash(raw or ""), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None or (token.expires_at is not None and token.expires_at <= now):
        return None
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


# Sign-in and its throttling ---------------------------------------------------------------------
# Failures are counted per (username, client) pair and per client, never per username alone nor
# for everyone: an attacker can slow down only the addresses they use, so the owner of an account
# signs in with the right password from anywhere else. Many failures across the system raise an
# alarm for the administrators instead of a lock.

THROTTLED = "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau {seconds} giây."
ALARM_KEY = "login.failures"


def _wait(failures, free: int, now) -> int:
    """Seconds still to wait for a set of failures: none for the first ``free``; then the base
    delay, doubled per further failure up to the maximum, counted from the last failure."""
    found = failures.aggregate(n=Count("id"), last=Max("at"))
    if found["n"] < free:
        return 0
    delay = min(
        settings.LOGIN_DELAY_BASE_SECONDS * 2 ** (found["n"] - free), settings.LOGIN_DELAY_MAX_SECONDS
    )
    remaining = (found["last"] + dt.timedelta(seconds=delay) - now).total_seconds()
    return max(0, math.ceil(remaining))


def login_wait_seconds(*, username: str, ip: str | None) -> int:
    """How long this client must wait before trying ``username`` again (0: it may try now)."""
    now = timezone.now()
    recent = LoginFailure.objects.filter(
        at__gte=now - dt.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS), cleared=False
    )
    pair = recent.filter(username__iexact=(username or "")[:150], ip=ip)
    wait = _wait(pair, settings.LOGIN_MAX_FAILURES, now)
    if ip:
        wait = max(wait, _wait(recent.filter(ip=ip), settings.LOGIN_MAX_FAILURES_PER_CLIENT, now))
    return wait


def login_is_throttled(*, username: str, ip: str | None) -> bool:
    return login_wait_seconds(username=username, ip=ip) > 0


def login_failed(*, username: str, ip: str | None) -> int:
    """Records a failed sign-in (kept; audited) and returns the wait it starts for this client,
    auditing the throttle when there is one; raises the system-wide alarm when failures pile up."""
    username = (username or "")[:150]
    with transaction.atomic():
        failure = LoginFailure.objects.create(username=username, ip=ip or None)
        account = User.objects.filter(username__iexact=username).first()
        after = {"username": username, "known_account": account is not None}
        audit(actor=None, actor_name=ANONYMOUS_NAME, action="auth.login_failed", obj=failure, after=after)
        wait = login_wait_seconds(username=username, ip=ip)
        if wait:
            audit(
                actor=None,
                actor_name=ANONYMOUS_NAME,
                action="auth.login_throttled",
                obj=failure,
                after={**after, "wait_seconds": wait},
            )
    window = dt.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    total = LoginFailure.objects.filter(at__gte=timezone.now() - window).count()
    if total >= settings.LOGIN_ALARM_FAILURES:
        raise_alarm(
            ALARM_KEY,
            f"{total} lần đăng nhập sai trong {settings.LOGIN_FAILURE_WINDOW_SECONDS // 60} phút gần đây "
            "trên toàn hệ thống: có thể đang bị dò mật khẩu.",
            details={"failures": total},
        )
    return wait


def login_refused(*, username: str, ip: str | None, wait: int) -> None:
    """A sign-in refused because its client must still wait: logged, not recorded as a failure
    (the wait would otherwise grow while the attacker is held back)."""
    logger.warning("sign-in refused for %r from %s: wait %s s", (username or "")[:150], ip, wait)


def login_succeeded(*, user: User, ip: str | None) -> None:
    """The pair's earlier failures stop counting (they stay on record) and the sign-in is audited."""
    with transaction.atomic():
        cleared = LoginFailure.objects.filter(username__iexact=user.username, ip=ip, cleared=False).update(
            cleared=True
        )
        audit(
            actor=user,
            action="auth.login",
            obj=user,
            after={"failures_cleared": cleared} if cleared else None,
        )


def logged_out(*, user: User) -> None:
    with transaction.atomic():
        audit(actor=user, action="auth.logout", obj=user)


# Second factor (TOTP, django-otp) ---------------------------------------------------------------

BACKUP_CODES = 10
# Set in the session by a sign-in whose user has an authenticator: the code is asked for before
# any page (thidua.accounts.middleware).
SECOND_FACTOR_SESSION_KEY = "thidua_second_factor"
BAD_CODE = "Mã xác thực không đúng hoặc đã hết hạn."


def requires_second_factor(user) -> bool:
    """Whether ``user`` holds a role of THIDUA_2FA_REQUIRED_ROLES."""
    roles = getattr(settings, "THIDUA_2FA_REQUIRED_ROLES", ())
    return bool(roles) and user.is_authenticated and user.has_role(*roles)


def has_second_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def otp_enrolment_start(*, actor) -> TOTPDevice:
    """The actor's pending authenticator (made on first call): its key is shown as a QR code until
    the actor types a code from the app."""
    if not actor.is_authenticated:
        raise PermissionDenied("Cần đăng nhập.")
    with transaction.atomic():
        device = TOTPDevice.objects.filter(user=actor, confirmed=False).first()
        if device is None:
            device = TOTPDevice.objects.create(user=actor, name="Ứng dụng xác thực", confirmed=False)
            audit(actor=actor, action="auth.2fa_start", obj=actor)
    return device


def otp_enrolment_confirm(*, actor, token: str) -> tuple[TOTPDevice, list[str]]:
    """Confirms the pending authenticator with a code from it; it replaces any earlier one, and a
    fresh set of one-time backup codes is made (returned once, to be shown once)."""
    if not actor.is_authenticated:
        raise PermissionDenied("Cần đăng nhập.")
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=actor, confirmed=False).first()
        if device is None:
            raise field_error("token", "Không có ứng dụng xác thực nào đang chờ xác nhận; hãy tải lại trang.")
        if not device.verify_token((token or "").strip()):
            raise field_error("token", BAD_CODE)
        TOTPDevice.objects.filter(user=actor).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_backup_codes(actor)
        audit(actor=actor, action="auth.2fa_enrol", obj=actor, after={"backup_codes": len(codes)})
    return device, codes


def _new_backup_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name="Mã dự phòng", confirmed=True)
    codes = [f"{secrets.randbelow(10**10):010d}" for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=code) for code in codes])
    return codes


def otp_verify(*, user, token: str):
    """The device (authenticator or backup code, which is then used up) that accepts ``token``;
    audited either way. Raises a Vietnamese ValidationError when none does."""
    with transaction.atomic():
        device = match_token(user, (token or "").strip().replace(" ", ""))
        if device is None:
            audit(actor=user, action="auth.2fa_failed", obj=user)
        else:
            audit(
                actor=user,
                action="auth.2fa_verified",
                obj=user,
                after={"backup_code": isinstance(device, StaticDevice)},
            )
    if device is None:
        raise field_error("token", BAD_CODE)
    return device


def otp_reset(*, actor, user: User) -> User:
    """An administrator removes someone's authenticator and backup codes (a lost phone); the
    person enrols again at the next sign-in when their role requires it."""
    _require_admin(actor)
    with transaction.atomic():
        removed = TOTPDevice.objects.filter(user=user).delete()[0]
        removed += StaticDevice.objects.filter(user=user).delete()[0]
        audit(actor=actor, action="auth.2fa_reset", obj=user, after={"devices_removed": removed})
    return user
