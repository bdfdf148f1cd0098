from thidua.core.testing import HIDDEN, LOGIN, OK, REDIRECT, UNAUTH, Case

CASES = [
    Case("dashboard", lambda w: "/ung-dung/", default=OK, expect={"anonymous": LOGIN}),
    Case(
        "core:audit_list",
        lambda w: "/ung-dung/nhat-ky/?actor=admin",
        default=HIDDEN,
        expect={"admin": OK, "provincial": OK, "anonymous": LOGIN},
    ),
    Case(
        "GET /api/v1/audit",
        lambda w: "/api/v1/audit?object_type=organisations.unit",
        default=HIDDEN,
        expect={"admin": OK, "provincial": OK, "anonymous": UNAUTH},
    ),
    # Notifications (deadline reminders): each signed-in person reads and marks only their own.
    Case("core:notifications", lambda w: "/ung-dung/thong-bao/", default=OK, expect={"anonymous": LOGIN}),
    Case(
        "core:notifications",
        lambda w: "/ung-dung/thong-bao/",
        method="POST",
        default=REDIRECT,
        expect={"anonymous": LOGIN},
    ),
    Case(
        "GET /api/v1/me/notifications",
        lambda w: "/api/v1/me/notifications",
        default=OK,
        expect={"anonymous": UNAUTH},
    ),
    Case(
        "POST /api/v1/me/notifications/read",
        lambda w: "/api/v1/me/notifications/read",
        method="POST",
        data=lambda w: {},
        default=OK,
        expect={"anonymous": UNAUTH},
    ),
]
