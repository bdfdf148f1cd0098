"""API authentication: a bearer token (``Authorization: Bearer td_…``) or the signed-in session."""

from django.core.exceptions import PermissionDenied
from ninja.security import HttpBearer, django_auth

from thidua.accounts.services import token_authenticate

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
READ_ONLY_REFUSED = "Mã truy cập này chỉ được đọc dữ liệu, không được thay đổi."


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        api_token = token_authenticate(token)
        if api_token is None:
            return None
        request.user = api_token.user
        request.api_token = api_token
        if api_token.read_only and request.method not in SAFE_METHODS:
            raise PermissionDenied(READ_ONLY_REFUSED)
        return api_token.user


# Every operation accepts either; session requests carry CSRF (django-ninja checks it).
API_AUTH = [TokenAuth(), django_auth]
