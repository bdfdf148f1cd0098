from thidua.core.testing import HIDDEN, LOGIN, OK, UNAUTH, Case

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
]
