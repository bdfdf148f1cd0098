from thidua.accounts.models import ApiToken
from thidua.core.testing import CREATED, HIDDEN, LOGIN, NO_CONTENT, OK, REDIRECT, UNAUTH, Case


def admin_token(w):
    token = ApiToken.objects.filter(user=w.admin, revoked_at__isnull=True).first()
    if token is None:
        token = ApiToken.objects.create(user=w.admin, name="matrix", prefix="matrix00", digest="x" * 64)
    return token.pk


ADMIN_ONLY = {"admin": OK, "anonymous": LOGIN}

CASES = [
    Case("accounts:login", lambda w: "/tai-khoan/dang-nhap/", default=REDIRECT, expect={"anonymous": OK}),
    Case("accounts:logout", lambda w: "/tai-khoan/dang-xuat/", method="POST", default=REDIRECT),
    Case(
        "accounts:password_change",
        lambda w: "/tai-khoan/doi-mat-khau/",
        default=OK,
        expect={"anonymous": LOGIN},
    ),
    Case(
        "accounts:otp_setup",
        lambda w: "/tai-khoan/xac-thuc-hai-buoc/",
        default=OK,
        expect={"anonymous": LOGIN},
    ),
    # Signed in without an authenticator: the code page sends to enrolment.
    Case("accounts:otp_verify", lambda w: "/tai-khoan/xac-thuc-hai-buoc/nhap-ma/", default=REDIRECT),
    Case("accounts:profile", lambda w: "/tai-khoan/ho-so/", default=OK, expect={"anonymous": LOGIN}),
    Case(
        "accounts:token_revoke",
        lambda w: f"/tai-khoan/ho-so/ma-api/{admin_token(w)}/thu-hoi/",
        method="POST",
        default=HIDDEN,
        expect={"admin": REDIRECT, "anonymous": LOGIN},
    ),
    Case("accounts:user_list", lambda w: "/tai-khoan/quan-ly/", default=HIDDEN, expect=ADMIN_ONLY),
    Case("accounts:user_create", lambda w: "/tai-khoan/quan-ly/them/", default=HIDDEN, expect=ADMIN_ONLY),
    Case(
        "accounts:user_edit",
        lambda w: f"/tai-khoan/quan-ly/{w.officer_a.pk}/",
        default=HIDDEN,
        expect=ADMIN_ONLY,
    ),
    Case("GET /api/v1/me", lambda w: "/api/v1/me", default=OK, expect={"anonymous": UNAUTH}),
    Case("GET /api/v1/me/todo", lambda w: "/api/v1/me/todo", default=OK, expect={"anonymous": UNAUTH}),
    Case(
        "POST /api/v1/me/password",
        lambda w: "/api/v1/me/password",
        method="POST",
        data=lambda w: {"old_password": "sai", "new_password": "Mới@2026-dài"},
        default=422,
        expect={"anonymous": UNAUTH},
    ),
    Case(
        "GET /api/v1/users",
        lambda w: "/api/v1/users",
        default=HIDDEN,
        expect={"admin": OK, "anonymous": UNAUTH},
    ),
    Case(
        "POST /api/v1/users",
        lambda w: "/api/v1/users",
        method="POST",
        data=lambda w: {
            "username": "moi",
            "full_name": "Người Mới",
            "password": "Mật-khẩu-2026",
            "roles": ["unit_officer"],
            "unit": "TAND",
        },
        default=HIDDEN,
        expect={"admin": CREATED, "anonymous": UNAUTH},
    ),
    Case(
        "GET /api/v1/users/{user_id}",
        lambda w: f"/api/v1/users/{w.officer_a.pk}",
        default=HIDDEN,
        expect={"admin": OK, "anonymous": UNAUTH},
    ),
    Case(
        "PATCH /api/v1/users/{user_id}",
        lambda w: f"/api/v1/users/{w.officer_a.pk}",
        method="PATCH",
        data=lambda w: {"position": "Chuyên viên chính"},
        default=HIDDEN,
        expect={"admin": OK, "anonymous": UNAUTH},
    ),
    Case(
        "POST /api/v1/users/{user_id}/password",
        lambda w: f"/api/v1/users/{w.officer_a.pk}/password",
        method="POST",
        data=lambda w: {"password": "Mật-khẩu-mới-2026"},
        default=HIDDEN,
        expect={"admin": NO_CONTENT, "anonymous": UNAUTH},
    ),
    Case("GET /api/v1/tokens", lambda w: "/api/v1/tokens", default=OK, expect={"anonymous": UNAUTH}),
    Case(
        "POST /api/v1/tokens",
        lambda w: "/api/v1/tokens",
        method="POST",
        data=lambda w: {"name": "kịch bản"},
        default=CREATED,
        expect={"anonymous": UNAUTH},
    ),
    Case(
        "DELETE /api/v1/tokens/{token_id}",
        lambda w: f"/api/v1/tokens/{admin_token(w)}",
        method="DELETE",
        default=HIDDEN,
        expect={"admin": OK, "anonymous": UNAUTH},
    ),
]
