"""API authentication: a bearer token (``Authorization: Bearer td_…``) or the signed-in session."""

from ninja.security import HttpBearer, django_auth

from thidua.accounts.services import token_authenticate


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        user = token_authenticate(token)
        if user is not None:
            request.user = user
        return user


# Every operation accepts either; session requests carry CSRF (django-ninja checks it).
API_AUTH = [TokenAuth(), django_auth]
