from thidua.core.testing import CREATED, DENIED, HIDDEN, LOGIN, OK, REDIRECT, UNAUTH, Case
from thidua.organisations.models import BlocYear, Person

REGISTRY_PAGE = {"admin": OK, "provincial": OK, "anonymous": LOGIN}
REGISTRY_API = {"admin": OK, "provincial": OK, "anonymous": UNAUTH}
MEMBER_VISIBLE = {"editor": HIDDEN, "anonymous": LOGIN}
# Who runs the 2019 year of Khối Nội chính: the office, the administrator, the THADS secretariat.
YEAR_MANAGERS_PAGE = {"admin": REDIRECT, "provincial": REDIRECT, "secretary": REDIRECT, "anonymous": LOGIN}
YEAR_MANAGERS_API = {
    "admin": OK,
    "provincial": OK,
    "secretary": OK,
    "officer_a": DENIED,
    "officer_b": DENIED,
    "council": DENIED,
    "editor": HIDDEN,
    "anonymous": UNAUTH,
}
Y2019 = "/to-chuc/khoi/KNC/2019"
API_Y2019 = "/api/v1/blocs/KNC/years/2019"


def without_2020() -> None:
    """Khối Nội chính right after its 2019 conference: the demo's 2020 year is not there yet."""
    BlocYear.objects.filter(bloc__code="KNC", year=2020).delete()


def tand_person(w):
    return Person.objects.get(full_name="Lê Thị Mai").pk


CASES = [
    Case(
        "organisations:unit_list", lambda w: "/to-chuc/don-vi/?q=toa", default=OK, expect={"anonymous": LOGIN}
    ),
    Case(
        "organisations:unit_detail",
        lambda w: "/to-chuc/don-vi/THADS/",
        default=OK,
        expect={"anonymous": LOGIN},
    ),
    Case(
        "organisations:unit_create", lambda w: "/to-chuc/don-vi/them/", default=HIDDEN, expect=REGISTRY_PAGE
    ),
    Case(
        "organisations:unit_edit", lambda w: "/to-chuc/don-vi/TAND/sua/", default=HIDDEN, expect=REGISTRY_PAGE
    ),
    Case(
        "organisations:unit_rename",
        lambda w: "/to-chuc/don-vi/TAND/doi-ten/",
        default=HIDDEN,
        expect=REGISTRY_PAGE,
    ),
    Case(
        "organisations:unit_dissolve",
        lambda w: "/to-chuc/don-vi/TAND/giai-the/",
        default=HIDDEN,
        expect=REGISTRY_PAGE,
    ),
    Case("organisations:bloc_list", lambda w: "/to-chuc/khoi/", default=OK, expect={"anonymous": LOGIN}),
    Case(
        "organisations:bloc_detail", lambda w: "/to-chuc/khoi/KNC/", default=OK, expect={"anonymous": LOGIN}
    ),
    Case("organisations:bloc_create", lambda w: "/to-chuc/khoi/them/", default=HIDDEN, expect=REGISTRY_PAGE),
    Case("organisations:bloc_edit", lambda w: "/to-chuc/khoi/KNC/sua/", default=HIDDEN, expect=REGISTRY_PAGE),
    Case(
        "organisations:bloc_rotation",
        lambda w: "/to-chuc/khoi/KNC/luan-phien/",
        default=HIDDEN,
        expect=REGISTRY_PAGE,
    ),
    Case(
        "organisations:bloc_year_create",
        lambda w: "/to-chuc/khoi/KNC/nam/them/",
        default=HIDDEN,
        expect=REGISTRY_PAGE,
    ),
    Case("organisations:bloc_year_detail", lambda w: f"{Y2019}/", default=OK, expect=MEMBER_VISIBLE),
    # Another bloc's year: units outside it see nothing.
    Case(
        "organisations:bloc_year_detail",
        lambda w: "/to-chuc/khoi/KKT/" + str(w.ctx["current_year"]) + "/",
        default=HIDDEN,
        expect={"admin": OK, "provincial": OK, "council": OK, "anonymous": LOGIN},
    ),
    Case(
        "organisations:bloc_year_add_members",
        lambda w: f"{Y2019}/thanh-vien/them/",
        method="POST",
        data=lambda w: {"units": [w.ctx["units"]["STC"]]},
        default=HIDDEN,
        expect=YEAR_MANAGERS_PAGE,
    ),
    Case(
        "organisations:bloc_year_remove_member",
        lambda w: f"{Y2019}/thanh-vien/rut/",
        method="POST",
        data=lambda w: {"unit": "TTR"},
        default=HIDDEN,
        expect=YEAR_MANAGERS_PAGE,
    ),
    Case(
        "organisations:bloc_year_start_next",
        lambda w: f"{Y2019}/nam-sau/",
        method="POST",
        data=lambda w: without_2020() or {},
        default=HIDDEN,
        expect=YEAR_MANAGERS_PAGE,
    ),
    Case(
        "organisations:bloc_year_confirm",
        lambda w: f"{Y2019}/xac-nhan-truong-khoi/",
        method="POST",
        default=HIDDEN,
        expect=YEAR_MANAGERS_PAGE,
    ),
    # Naming a bloc secretary of the leader unit (here a new THADS account for 2019): the office,
    # the administrator and whoever runs the year; members see the year but not the action.
    Case(
        "organisations:bloc_year_secretary",
        lambda w: f"{Y2019}/thu-ky-khoi/",
        method="POST",
        data=lambda w: {"new_username": "thukymoi", "full_name": "Nguyễn Văn Mới"},
        default=HIDDEN,
        expect={"admin": OK, "provincial": OK, "secretary": OK, "anonymous": LOGIN},
    ),
    Case(
        "organisations:bloc_year_set_leadership",
        lambda w: f"{Y2019}/truong-pho-khoi/",
        method="POST",
        data=lambda w: {"leader": w.ctx["units"]["THADS"], "deputy": w.ctx["units"]["TAND"]},
        default=HIDDEN,
        expect={"admin": REDIRECT, "provincial": REDIRECT, "anonymous": LOGIN},
    ),
    Case(
        "organisations:person_list",
        lambda w: "/to-chuc/ca-nhan/?q=le",
        default=OK,
        expect={"anonymous": LOGIN},
    ),
    Case(
        "organisations:person_detail",
        lambda w: f"/to-chuc/ca-nhan/{tand_person(w)}/",
        default=HIDDEN,
        expect={"admin": OK, "provincial": OK, "council": OK, "officer_a": OK, "anonymous": LOGIN},
    ),
    Case(
        "organisations:person_create",
        lambda w: "/to-chuc/ca-nhan/them/",
        default=OK,
        expect={"council": HIDDEN, "editor": HIDDEN, "anonymous": LOGIN},
    ),
    Case(
        "organisations:person_edit",
        lambda w: f"/to-chuc/ca-nhan/{tand_person(w)}/sua/",
        default=HIDDEN,
        expect={"admin": OK, "provincial": OK, "officer_a": OK, "anonymous": LOGIN},
    ),
    # API ---------------------------------------------------------------------------------------
    Case("GET /api/v1/units", lambda w: "/api/v1/units?q=toa+an", default=OK, expect={"anonymous": UNAUTH}),
    Case(
        "POST /api/v1/units",
        lambda w: "/api/v1/units",
        method="POST",
        data=lambda w: {"code": "SYT", "name": "Sở Y tế"},
        default=DENIED,
        expect={"admin": CREATED, "provincial": CREATED, "anonymous": UNAUTH},
    ),
    Case(
        "GET /api/v1/units/{code}", lambda w: "/api/v1/units/THADS", default=OK, expect={"anonymous": UNAUTH}
    ),
    Case(
        "PATCH /api/v1/units/{code}",
        lambda w: "/api/v1/units/TAND",
        method="PATCH",
        data=lambda w: {"short_name": "TAND"},
        default=DENIED,
        expect=REGISTRY_API,
    ),
    Case(
        "POST /api/v1/units/{code}/rename",
        lambda w: "/api/v1/units/STP/rename",
        method="POST",
        data=lambda w: {"new_name": "Sở Tư pháp tỉnh", "effective_on": "2026-01-01"},
        default=DENIED,
        expect=REGISTRY_API,
    ),
    Case(
        "POST /api/v1/units/{code}/dissolve",
        lambda w: "/api/v1/units/CTHUE/dissolve",
        method="POST",
        data=lambda w: {"effective_on": "2026-12-31", "reason": "Tổ chức lại"},
        default=DENIED,
        expect=REGISTRY_API,
    ),
    Case(
        "POST /api/v1/units-merge",
        lambda w: "/api/v1/units-merge",
        method="POST",
        data=lambda w: {"units": ["CTHUE"], "into": "STC", "effective_on": "2027-01-01"},
        default=DENIED,
        expect=REGISTRY_API,
    ),
    Case("GET /api/v1/blocs", lambda w: "/api/v1/blocs", default=OK, expect={"anonymous": UNAUTH}),
    Case(
        "POST /api/v1/blocs",
        lambda w: "/api/v1/blocs",
        method="POST",
        data=lambda w: {"code": "KVX", "name": "Khối Văn hóa – Xã hội"},
        default=DENIED,
        expect={"admin": CREATED, "provincial": CREATED, "anonymous": UNAUTH},
    ),
    Case("GET /api/v1/blocs/{code}", lambda w: "/api/v1/blocs/KNC", default=OK, expect={"anonymous": UNAUTH}),
    Case(
        "PATCH /api/v1/blocs/{code}",
        lambda w: "/api/v1/blocs/KNC",
        method="PATCH",
        data=lambda w: {"sector": "Nội chính – Tư pháp"},
        default=DENIED,
        expect=REGISTRY_API,
    ),
    Case(
        "PUT /api/v1/blocs/{code}/rotation",
        lambda w: "/api/v1/blocs/KNC/rotation",
        method="PUT",
        data=lambda w: {"units": ["SNV", "THADS", "TAND", "VKSND", "CA", "BCHQS", "TTR", "STP"]},
        default=DENIED,
        expect=REGISTRY_API,
    ),
    Case("GET /api/v1/bloc-years", lambda w: "/api/v1/bloc-years", default=OK, expect={"anonymous": UNAUTH}),
    Case(
        "GET /api/v1/blocs/{code}/years",
        lambda w: "/api/v1/blocs/KNC/years",
        default=OK,
        expect={"anonymous": UNAUTH},
    ),
    Case(
        "POST /api/v1/blocs/{code}/years",
        lambda w: "/api/v1/blocs/KNC/years",
        method="POST",
        data=lambda w: {"year": 2021, "units": ["THADS", "TAND"], "leader": "TAND"},
        default=DENIED,
        expect={"admin": CREATED, "provincial": CREATED, "anonymous": UNAUTH},
    ),
    Case(
        "GET /api/v1/blocs/{code}/years/{year}",
        lambda w: API_Y2019,
        default=OK,
        expect={"editor": HIDDEN, "anonymous": UNAUTH},
    ),
    Case(
        "POST /api/v1/blocs/{code}/years/{year}/members",
        lambda w: f"{API_Y2019}/members",
        method="POST",
        data=lambda w: {"units": ["STC"]},
        expect=YEAR_MANAGERS_API,
    ),
    Case(
        "DELETE /api/v1/blocs/{code}/years/{year}/members/{unit_code}",
        lambda w: f"{API_Y2019}/members/TTR",
        method="DELETE",
        expect=YEAR_MANAGERS_API,
    ),
    Case(
        "PUT /api/v1/blocs/{code}/years/{year}/members/{unit_code}",
        lambda w: f"{API_Y2019}/members/TAND",
        method="PUT",
        data=lambda w: {"head_name": "Trần Thị Hòa", "head_title": "Chánh án"},
        expect=YEAR_MANAGERS_API,
    ),
    Case(
        "PUT /api/v1/blocs/{code}/years/{year}/leadership",
        lambda w: f"{API_Y2019}/leadership",
        method="PUT",
        data=lambda w: {"leader": "THADS", "deputy": "TAND"},
        expect={**YEAR_MANAGERS_API, "secretary": DENIED},
    ),
    Case(
        "POST /api/v1/blocs/{code}/years/{year}/election",
        lambda w: f"{API_Y2019}/election",
        method="POST",
        data=lambda w: {"leader": "SNV", "deputy": "TAND"},
        expect=YEAR_MANAGERS_API,
    ),
    Case(
        "POST /api/v1/blocs/{code}/years/{year}/start-next",
        lambda w: f"{API_Y2019}/start-next",
        method="POST",
        data=lambda w: without_2020() or {},
        expect={**YEAR_MANAGERS_API, "admin": CREATED, "provincial": CREATED, "secretary": CREATED},
    ),
    Case(
        "POST /api/v1/blocs/{code}/years/{year}/secretary",
        lambda w: f"{API_Y2019}/secretary",
        method="POST",
        data=lambda w: {"new_username": "thukymoi", "full_name": "Nguyễn Văn Mới"},
        expect={**YEAR_MANAGERS_API, "admin": CREATED, "provincial": CREATED, "secretary": CREATED},
    ),
    Case(
        "POST /api/v1/blocs/{code}/years/{year}/confirm-leadership",
        lambda w: f"{API_Y2019}/confirm-leadership",
        method="POST",
        data=lambda w: {},
        # The 2019 leader is already confirmed: managers get the Vietnamese 422, not a change.
        expect={**YEAR_MANAGERS_API, "admin": 422, "provincial": 422, "secretary": 422},
    ),
    Case("GET /api/v1/people", lambda w: "/api/v1/people", default=OK, expect={"anonymous": UNAUTH}),
    Case(
        "POST /api/v1/people",
        lambda w: "/api/v1/people",
        method="POST",
        data=lambda w: {"full_name": "Nguyễn Văn Mới", "gender": "nam", "unit": "TAND"},
        default=DENIED,
        expect={"admin": CREATED, "provincial": CREATED, "officer_a": CREATED, "anonymous": UNAUTH},
    ),
    Case(
        "GET /api/v1/people/{person_id}",
        lambda w: f"/api/v1/people/{tand_person(w)}",
        default=HIDDEN,
        expect={"admin": OK, "provincial": OK, "council": OK, "officer_a": OK, "anonymous": UNAUTH},
    ),
    Case(
        "PATCH /api/v1/people/{person_id}",
        lambda w: f"/api/v1/people/{tand_person(w)}",
        method="PATCH",
        data=lambda w: {"position": "Thẩm phán trung cấp"},
        default=HIDDEN,
        expect={"admin": OK, "provincial": OK, "council": DENIED, "officer_a": OK, "anonymous": UNAUTH},
    ),
]
