from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from thidua.accounts import services
from thidua.accounts.forms import LoginForm, OwnPasswordForm, ProfileForm, TokenForm, UserForm
from thidua.accounts.models import ApiToken, User
from thidua.core.idempotency import TOKEN_REPLAYED, idempotent, once
from thidua.core.selectors import search_filter
from thidua.core.views_helpers import call_service, paginate, query_string_without_page


def _client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR")


def login_view(request):
    if request.user.is_authenticated:
        return redirect("dashboard")
    form = LoginForm(request, data=request.POST or None)
    throttled = False
    if request.method == "POST":
        username = form["username"].value() or ""
        if services.login_is_throttled(username=username, ip=_client_ip(request)):
            throttled = True
            form.add_error(None, "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút.")
        elif form.is_valid():
            services.login_succeeded(username=username)
            login(request, form.get_user())
            target = request.GET.get("next", "")
            if target.startswith("/") and not target.startswith("//"):
                return redirect(target)
            return redirect("dashboard")
        else:
            services.login_failed(username=username, ip=_client_ip(request))
    return render(request, "accounts/login.html", {"form": form}, status=429 if throttled else 200)


@require_POST
def logout_view(request):
    logout(request)
    messages.info(request, "Bạn đã đăng xuất.")
    return redirect("accounts:login")


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
            lambda: call_service(form, services.token_create, actor=user, name=form.cleaned_data["name"]),
            replay,
        )
        if result is not None:
            new_token = result[1]
        if result is not None or replayed:
            form = TokenForm()
    tokens = ApiToken.objects.filter(user=user)
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "details": details, "tokens": tokens, "new_token": new_token},
    )


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
        user = call_service(
            form, services.user_update, actor=request.user, user=target, data=data, roles=roles
        )
        if user is not None and password:
            user = call_service(
                form, services.user_set_password, actor=request.user, user=target, password=password
            )
        if user is not None:
            messages.success(request, f"Đã cập nhật tài khoản {target.username}.")
            return redirect("accounts:user_list")
    return render(
        request,
        "accounts/user_form.html",
        {"form": form, "title": f"Sửa tài khoản {target.username}"},
    )
