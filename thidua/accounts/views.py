import base64
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from thidua.accounts import services
from thidua.accounts.forms import LoginForm, OtpForm, OwnPasswordForm, ProfileForm, TokenForm, UserForm
from thidua.accounts.models import ApiToken, User
from thidua.core.clients import client_ip
from thidua.core.demo import PUBLISHED_PASSWORDS
from thidua.core.idempotency import TOKEN_REPLAYED, idempotent, once
from thidua.core.selectors import search_filter
from thidua.core.views_helpers import call_service, paginate, query_string_without_page

DEMO_PASSWORD_REFUSED = (
    "Mật khẩu này là mật khẩu mẫu đã công bố, không được dùng trên hệ thống thật. "
    "Hãy đề nghị quản trị hệ thống đặt lại mật khẩu."
)


def _next(request, default: str = "dashboard") -> str:
    target = request.GET.get("next", "")
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return resolve_url(default)


def login_view(request):
    if request.user.is_authenticated:
        return redirect("dashboard")
    form = LoginForm(request, data=request.POST or None)
    wait = 0
    if request.method == "POST":
        username = form["username"].value() or ""
        ip = client_ip(request)
        wait = services.login_wait_seconds(username=username, ip=ip)
        if wait:
            services.login_refused(username=username, ip=ip, wait=wait)
            form.add_error(None, services.THROTTLED.format(seconds=wait))
        elif (
            form.is_valid()
            and not settings.THIDUA_DEMO_ALLOWED
            and (form.cleaned_data["password"] in PUBLISHED_PASSWORDS)
        ):
            services.login_failed(username=username, ip=ip)
            form.add_error(None, DEMO_PASSWORD_REFUSED)
        elif form.is_valid():
            user = form.get_user()
            services.login_succeeded(user=user, ip=ip)
            login(request, user)
            target = _next(request)
            if services.has_second_factor(user) or services.requires_second_factor(user):
                request.session[services.SECOND_FACTOR_SESSION_KEY] = True
                return redirect(f"{reverse('accounts:otp_verify')}?{urlencode({'next': target})}")
            return redirect(target)
        else:
            services.login_failed(username=username, ip=ip)
    response = render(request, "accounts/login.html", {"form": form}, status=429 if wait else 200)
    if wait:
        response["Retry-After"] = str(wait)
    return response


@require_POST
def logout_view(request):
    if request.user.is_authenticated:
        services.logged_out(user=request.user)
    logout(request)
    messages.info(request, "Bạn đã đăng xuất.")
    return redirect("accounts:login")


@login_required
def otp_setup(request):
    """Turns on (or replaces) the authenticator app: a QR code to scan, then a code from the app;
    the backup codes are shown once, on the answer."""
    user = request.user
    if services.has_second_factor(user) and not user.is_verified():
        return redirect(f"{reverse('accounts:otp_verify')}?{urlencode({'next': request.get_full_path()})}")
    form = OtpForm(request.POST or None)
    codes = None
    if request.method == "POST" and form.is_valid():
        result = call_service(
            form, services.otp_enrolment_confirm, actor=user, token=form.cleaned_data["token"]
        )
        if result is not None:
            device, codes = result
            otp_login(request, device)
            messages.success(request, "Đã bật xác thực hai bước.")
            return render(request, "accounts/otp_setup.html", {"codes": codes, "next": _next(request)})
    device = services.otp_enrolment_start(actor=user)
    context = {
        "form": form,
        "qr": segno.make(device.config_url, error="m").svg_inline(scale=4, title="Mã QR xác thực"),
        "secret": base64.b32encode(device.bin_key).decode(),
        "required": services.requires_second_factor(user),
    }
    return render(request, "accounts/otp_setup.html", context)


@login_required
def otp_verify(request):
    """The second step of signing in: a code from the authenticator app or a backup code."""
    if request.user.is_verified():
        return redirect(_next(request))
    if not services.has_second_factor(request.user):
        return redirect(f"{reverse('accounts:otp_setup')}?{urlencode({'next': _next(request)})}")
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = call_service(form, services.otp_verify, user=request.user, token=form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next(request))
    return render(request, "accounts/otp_verify.html", {"form": form})


@login_required
def password_change(request):
    form = OwnPasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = call_service(
            form,
            services.user_set_password,
            actor=request.user,
            user=request.user,
            password=form.cleaned_data["new_password1"],
        )
        if user is not None:
            update_session_auth_hash(request, user)
            messages.success(request, "Đã đổi mật khẩu.")
            return redirect("accounts:profile")
    return render(request, "accounts/password_change.html", {"form": form})


@login_required
def profile(request):
    """The person's own details (editable: name, e-mail, phone, position) and their API tokens."""
    user = request.user
    initial = {
        "full_name": user.full_name,
        "email": user.email,
        "phone": user.phone,
        "position": user.position,
        "email_reminders": user.email_reminders,
    }
    editing = request.method == "POST" and request.POST.get("form") == "profile"
    details = ProfileForm(request.POST if editing else None, initial=initial)
    form = TokenForm(request.POST if request.method == "POST" and not editing else None)
    new_token = None
    if editing and details.is_valid():
        if call_service(details, services.profile_update, actor=user, **details.cleaned_data) is not None:
            messages.success(request, "Đã lưu thông tin cá nhân.")
            return redirect("accounts:profile")
    elif request.method == "POST" and not editing and form.is_valid():
        # A double click creates one token; the raw token is never stored (not even for the
        # replay), so the second click is told that it was shown once, to the first click.
        replayed = []

        def replay(pk):
            replayed.append(pk)
            messages.info(request, TOKEN_REPLAYED)

        result = once(
            request,
            lambda: call_service(
                form,
                services.token_create,
                actor=user,
                name=form.cleaned_data["name"],
                read_only=form.cleaned_data["read_only"],
            ),
            replay,
        )
        if result is not None:
            new_token = result[1]
        if result is not None or replayed:
            form = TokenForm()
    tokens = ApiToken.objects.filter(user=user)
    context = {
        "form": form,
        "details": details,
        "tokens": tokens,
        "new_token": new_token,
        "token_days": settings.THIDUA_API_TOKEN_DAYS,
        "has_second_factor": services.has_second_factor(user),
        "second_factor_required": services.requires_second_factor(user),
    }
    return render(request, "accounts/profile.html", context)


@login_required
@require_POST
def token_revoke(request, token_id: int):
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    form = TokenForm()
    if call_service(form, services.token_revoke, actor=request.user, token=token) is None:
        messages.error(request, " ".join(form.non_field_errors()) or "Không thu hồi được mã.")
    else:
        messages.success(request, f"Đã thu hồi mã “{token.name}”.")
    return redirect("accounts:profile")


def _require_admin(request) -> None:
    if not request.user.is_admin:
        raise Http404


@login_required
def user_list(request):
    _require_admin(request)
    users = search_filter(
        User.objects.select_related("unit").prefetch_related("role_grants"),
        request.GET.get("q", ""),
    )
    return render(
        request,
        "accounts/user_list.html",
        {"page": paginate(request, users), "qs": query_string_without_page(request)},
    )


@login_required
@idempotent
def user_create(request):
    _require_admin(request)
    form = UserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        user = call_service(form, services.user_create, actor=request.user, **data)
        if user is not None:
            messages.success(request, f"Đã tạo tài khoản {user.username}.")
            return redirect("accounts:user_list")
    return render(request, "accounts/user_form.html", {"form": form, "title": "Thêm tài khoản"})


@login_required
def user_edit(request, user_id: int):
    _require_admin(request)
    target = get_object_or_404(User, pk=user_id)
    initial = {
        "username": target.username,
        "full_name": target.full_name,
        "email": target.email,
        "unit": target.unit,
        "position": target.position,
        "phone": target.phone,
        "is_active": target.is_active,
        "roles": sorted(target.role_set),
    }
    form = UserForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("username")
        password = data.pop("password")
        roles = data.pop("roles")
        reset_second_factor = data.pop("reset_second_factor", False)
        user = call_service(
            form, services.user_update, actor=request.user, user=target, data=data, roles=roles
        )
        if user is not None and password:
            user = call_service(
                form, services.user_set_password, actor=request.user, user=target, password=password
            )
        if user is not None and reset_second_factor:
            user = call_service(form, services.otp_reset, actor=request.user, user=target)
        if user is not None:
            messages.success(request, f"Đã cập nhật tài khoản {target.username}.")
            return redirect("accounts:user_list")
    return render(
        request,
        "accounts/user_form.html",
        {"form": form, "title": f"Sửa tài khoản {target.username}"},
    )
