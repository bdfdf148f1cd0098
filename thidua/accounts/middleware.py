"""No page and no session-authenticated API call before the second factor.

A user who must use one (a role of THIDUA_2FA_REQUIRED_ROLES) or who has turned it on (the sign-in
marks the session) and has not yet typed a code this session reaches only the second-factor pages
and sign-out: pages redirect to the code page (or to enrolment when there is no authenticator
yet), the API answers 403. Requests without a session cookie (visitors, API tokens) are not
looked at, so they cost nothing."""

from urllib.parse import urlencode

from django.conf import settings
from django.db import DatabaseError
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from thidua.accounts.services import SECOND_FACTOR_SESSION_KEY, has_second_factor, requires_second_factor

OPEN_VIEWS = {"accounts:otp_setup", "accounts:otp_verify", "accounts:logout", "accounts:login"}
API_REFUSED = "Cần xác thực hai bước: đăng nhập lại và nhập mã từ ứng dụng xác thực."


def needs_second_factor(request) -> bool:
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    user = request.user
    if not user.is_authenticated or user.is_verified():
        return False
    return bool(request.session.get(SECOND_FACTOR_SESSION_KEY)) or requires_second_factor(user)


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_VIEWS:
            return None
        try:
            needed = needs_second_factor(request)
        except DatabaseError:
            # The database is away: the view answers as it can (the portal its cached pages, with
            # the reader signed out; every application page the 503 page), never past the check.
            return None
        if not needed:
            return None
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": API_REFUSED, "errors": {}}, status=403)
        name = "accounts:otp_verify" if has_second_factor(request.user) else "accounts:otp_setup"
        return redirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")
