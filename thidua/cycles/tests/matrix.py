"""Who may reach every page and API operation of the bloc year (Khối Nội chính 2019: THADS leads,
TAND and VKSND are members; the year is at its conference stage, so launch artefacts are frozen
and managers get 422 where an edit of a frozen artefact is attempted)."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from thidua.core.testing import CREATED, DENIED, HIDDEN, LOGIN, NO_CONTENT, OK, REDIRECT, UNAUTH, Case
from thidua.cycles.models import KeyContent, Movement, Programme, Rubric, RubricItem

Y = "/nam-thi-dua/KNC/2019/"
A = "/api/v1/cycles/KNC/2019"

MEMBER_PAGE = {"editor": HIDDEN, "anonymous": LOGIN}
MANAGER_PAGE = {"admin": OK, "provincial": OK, "secretary": OK, "anonymous": LOGIN}
MANAGER_POST = {"admin": REDIRECT, "provincial": REDIRECT, "secretary": REDIRECT, "anonymous": LOGIN}
OWN_UNIT_PAGE = {"admin": OK, "provincial": OK, "officer_a": OK, "anonymous": LOGIN}
OWN_UNIT_POST = {"admin": REDIRECT, "provincial": REDIRECT, "officer_a": REDIRECT, "anonymous": LOGIN}
MEMBER_API = {"editor": HIDDEN, "anonymous": UNAUTH}


def manager_api(status):
    return {
        "admin": status,
        "provincial": status,
        "secretary": status,
        "officer_a": DENIED,
        "officer_b": DENIED,
        "council": DENIED,
        "editor": HIDDEN,
        "anonymous": UNAUTH,
    }


def own_unit_api(status):
    """TAND's movement: the office and TAND's officer; THADS's secretary and VKSND's officer are refused."""
    return {**manager_api(status), "secretary": DENIED, "officer_a": status}


KEEPER_API = {"admin": OK, "provincial": OK, "anonymous": UNAUTH}


def content(w):
    return KeyContent.objects.get(bloc_year__bloc__code="KNC", bloc_year__year=2019, position=1).pk


def item(w):
    return RubricItem.objects.get(
        rubric__bloc_year__year=2019, rubric__bloc_year__bloc__code="KNC", code="2.1"
    ).pk


def tand_movement(w):
    return Movement.objects.get(bloc_year__year=2019, unit__code="TAND").pk


def programme(w):
    return Programme.objects.order_by("position").first().pk


def _year(w):
    from thidua.organisations.models import BlocYear

    return BlocYear.objects.get(bloc__code="KNC", year=2019)


def at_conference(w) -> None:
    """2019 as it stood at its conference (the demo has since taken it through proposals and
    closed it), so the managers' step, reopening and amendment succeed."""
    from thidua.cycles.models import YearCycle

    YearCycle.objects.filter(bloc_year=_year(w)).update(stage="conference")


def with_regulations_file(w):
    from thidua.cycles import services

    with TestCase.captureOnCommitCallbacks(execute=True):  # uploads are moved into place at commit
        services.regulations_update(
            actor=w.admin, bloc_year=_year(w), upload=SimpleUploadedFile("quy-che.pdf", b"%PDF-1.4 demo")
        )
    return None


def with_scan(w):
    from thidua.cycles import services
    from thidua.organisations.models import Unit

    with TestCase.captureOnCommitCallbacks(execute=True):  # uploads are moved into place at commit
        services.signature_update(
            actor=w.admin,
            bloc_year=_year(w),
            unit=Unit.objects.get(code="TAND"),
            head_name="Trần Thị Hòa",
            head_title="Chánh án",
            signed=True,
            scan=SimpleUploadedFile("ky.pdf", b"%PDF-1.4 scan"),
        )


def pdf(name="tep.pdf"):
    return lambda w: {"file": SimpleUploadedFile(name, b"%PDF-1.4 x", content_type="application/pdf")}


def current_rubric_id(w):
    return Rubric.objects.get(
        bloc_year__bloc__code="KNC", bloc_year__year=w.ctx["current_year"], version=1
    ).pk


CASES = [
    # Pages ---------------------------------------------------------------------------------------
    Case("cycles:index", lambda w: "/nam-thi-dua/", default=OK, expect={"anonymous": LOGIN}),
    Case(
        "cycles:programmes", lambda w: "/nam-thi-dua/chuong-trinh/", default=OK, expect={"anonymous": LOGIN}
    ),
    Case(
        "cycles:programme_edit",
        lambda w: f"/nam-thi-dua/chuong-trinh/{programme(w)}/sua/",
        default=HIDDEN,
        expect={"admin": OK, "provincial": OK, "anonymous": LOGIN},
    ),
    Case("cycles:year_detail", lambda w: Y, default=OK, expect=MEMBER_PAGE),
    # Another bloc's year: only the office and the council see it.
    Case(
        "cycles:year_detail",
        lambda w: f"/nam-thi-dua/KKT/{w.ctx['current_year']}/",
        default=HIDDEN,
        expect={"admin": OK, "provincial": OK, "council": OK, "anonymous": LOGIN},
    ),
    Case(
        "cycles:year_advance",
        lambda w: Y + "chuyen-buoc/",
        method="POST",
        data=lambda w: at_conference(w) or {"action": "open_proposals"},
        default=HIDDEN,
        expect=MANAGER_POST,
    ),
    Case(
        "cycles:year_reopen",
        lambda w: Y + "mo-lai/",
        method="POST",
        data=lambda w: at_conference(w) or {"reason": "Bổ sung minh chứng"},
        default=HIDDEN,
        expect=MANAGER_POST,
    ),
    Case(
        "cycles:generate_document",
        lambda w: Y + "van-ban/agreement/",
        method="POST",
        default=REDIRECT,
        expect={"editor": HIDDEN, "anonymous": LOGIN},
    ),
    Case("cycles:regulations", lambda w: Y + "quy-che/", default=OK, expect=MEMBER_PAGE),
    Case(
        "cycles:regulations",
        lambda w: Y + "quy-che/",
        method="POST",
        data=lambda w: {"text": "QUY CHẾ"},
        default=HIDDEN,
        expect=MANAGER_POST,
    ),
    Case(
        "cycles:regulations_file",
        lambda w: with_regulations_file(w) or Y + "quy-che/tep/",
        default=OK,
        expect=MEMBER_PAGE,
    ),
    Case("cycles:settings_edit", lambda w: Y + "thiet-lap/", default=HIDDEN, expect=MANAGER_PAGE),
    Case("cycles:agreement", lambda w: Y + "giao-uoc/", default=OK, expect=MEMBER_PAGE),
    Case(
        "cycles:key_content_add",
        lambda w: Y + "giao-uoc/noi-dung/them/",
        method="POST",
        data=lambda w: {"title": "Nội dung mới"},
        default=HIDDEN,
        expect=MANAGER_POST,
    ),
    Case(
        "cycles:key_content_edit",
        lambda w: Y + f"giao-uoc/noi-dung/{content(w)}/sua/",
        default=HIDDEN,
        expect=MANAGER_PAGE,
    ),
    Case(
        "cycles:key_content_delete",
        lambda w: Y + f"giao-uoc/noi-dung/{content(w)}/xoa/",
        method="POST",
        default=HIDDEN,
        expect=MANAGER_POST,
    ),
    Case(
        "cycles:key_content_move",
        lambda w: Y + f"giao-uoc/noi-dung/{content(w)}/di-chuyen/",
        method="POST",
        data=lambda w: {"direction": "down"},
        default=HIDDEN,
        expect=MANAGER_POST,
    ),
    Case("cycles:signature_edit", lambda w: Y + "giao-uoc/ky/TAND/", default=HIDDEN, expect=MANAGER_PAGE),
    Case(
        "cycles:signature_scan",
        lambda w: with_scan(w) or Y + "giao-uoc/ky/TAND/ban-quet/",
        default=OK,
        expect=MEMBER_PAGE,
    ),
    Case("cycles:rubric", lambda w: Y + "tieu-chi/", default=OK, expect=MEMBER_PAGE),
    Case(
        "cycles:rubric_start",
        lambda w: Y + "tieu-chi/bat-dau/",
        method="POST",
        default=HIDDEN,
        expect=MANAGER_POST,
    ),
    Case(
        "cycles:rubric_item_add",
        lambda w: Y + "tieu-chi/them/",
        method="POST",
        data=lambda w: {"kind": "criterion", "code": "X", "title": "Mới", "max_points": "1"},
        default=HIDDEN,
        expect=MANAGER_POST,
    ),
    Case(
        "cycles:rubric_item_edit",
        lambda w: Y + f"tieu-chi/{item(w)}/sua/",
        default=HIDDEN,
        expect=MANAGER_PAGE,
    ),
    Case(
        "cycles:rubric_item_delete",
        lambda w: Y + f"tieu-chi/{item(w)}/xoa/",
        method="POST",
        default=HIDDEN,
        expect=MANAGER_POST,
    ),
    Case(
        "cycles:rubric_item_move",
        lambda w: Y + f"tieu-chi/{item(w)}/di-chuyen/",
        method="POST",
        data=lambda w: {"direction": "down"},
        default=HIDDEN,
        expect=MANAGER_POST,
    ),
    Case(
        "cycles:rubric_total",
        lambda w: Y + "tieu-chi/tong-diem/",
        method="POST",
        data=lambda w: {"total": "100"},
        default=HIDDEN,
        expect=MANAGER_POST,
    ),
    Case(
        "cycles:rubric_copy",
        lambda w: Y + "tieu-chi/sao-chep/",
        method="POST",
        data=lambda w: {"source": current_rubric_id(w)},
        default=HIDDEN,
        expect=MANAGER_POST,
    ),
    Case(
        "cycles:rubric_import",
        lambda w: Y + "tieu-chi/nhap-excel/",
        method="POST",
        data=pdf("x.xlsx"),
        default=HIDDEN,
        expect=MANAGER_POST,
    ),
    Case(
        "cycles:rubric_amend",
        lambda w: Y + "tieu-chi/sua-doi/",
        method="POST",
        data=lambda w: {"reason": "Bổ sung tiêu chí chuyển đổi số"},
        default=HIDDEN,
        expect=MANAGER_POST,
    ),
    Case(
        "cycles:rubric_publish",
        lambda w: Y + "tieu-chi/ban-hanh/",
        method="POST",
        default=HIDDEN,
        expect=MANAGER_POST,
    ),
    Case(
        "cycles:rubric_discard",
        lambda w: Y + "tieu-chi/huy-sua-doi/",
        method="POST",
        default=HIDDEN,
        expect=MANAGER_POST,
    ),
    Case("cycles:movements", lambda w: Y + "phong-trao/", default=OK, expect=MEMBER_PAGE),
    # Registering posts for one's own unit: members with the officer role; others have no form.
    Case(
        "cycles:movements",
        lambda w: Y + "phong-trao/",
        method="POST",
        data=lambda w: {"title": "Khẩu hiệu mới", "kind": "thematic"},
        default=HIDDEN,
        expect={
            "provincial": REDIRECT,
            "secretary": REDIRECT,
            "officer_a": REDIRECT,
            "officer_b": REDIRECT,
            "anonymous": LOGIN,
        },
    ),
    Case(
        "cycles:movement_edit",
        lambda w: Y + f"phong-trao/{tand_movement(w)}/sua/",
        default=HIDDEN,
        expect=OWN_UNIT_PAGE,
    ),
    Case(
        "cycles:movement_delete",
        lambda w: Y + f"phong-trao/{tand_movement(w)}/xoa/",
        method="POST",
        default=HIDDEN,
        expect=OWN_UNIT_POST,
    ),
    # API -----------------------------------------------------------------------------------------
    Case("GET /api/v1/cycles/{code}/{year}", lambda w: A, default=OK, expect=MEMBER_API),
    Case(
        "POST /api/v1/cycles/{code}/{year}/transitions",
        lambda w: A + "/transitions",
        method="POST",
        data=lambda w: at_conference(w) or {"action": "open_proposals"},
        expect=manager_api(CREATED),
    ),
    Case(
        "POST /api/v1/cycles/{code}/{year}/reopen",
        lambda w: A + "/reopen",
        method="POST",
        data=lambda w: at_conference(w) or {"reason": "Bổ sung minh chứng"},
        expect=manager_api(CREATED),
    ),
    Case(
        "GET /api/v1/cycles/{code}/{year}/regulations",
        lambda w: A + "/regulations",
        default=OK,
        expect=MEMBER_API,
    ),
    Case(
        "PUT /api/v1/cycles/{code}/{year}/regulations",
        lambda w: A + "/regulations",
        method="PUT",
        data=lambda w: {"text": "QUY CHẾ HOẠT ĐỘNG"},
        expect=manager_api(OK),
    ),
    Case(
        "POST /api/v1/cycles/{code}/{year}/regulations/file",
        lambda w: A + "/regulations/file",
        method="POST",
        data=pdf(),
        json=False,
        expect={**manager_api(OK), "anonymous": UNAUTH},
    ),
    Case(
        "GET /api/v1/cycles/{code}/{year}/regulations/file",
        lambda w: with_regulations_file(w) or A + "/regulations/file",
        default=OK,
        expect=MEMBER_API,
    ),
    Case(
        "GET /api/v1/cycles/{code}/{year}/settings", lambda w: A + "/settings", default=OK, expect=MEMBER_API
    ),
    Case(
        "PUT /api/v1/cycles/{code}/{year}/settings",
        lambda w: A + "/settings",
        method="PUT",
        data=lambda w: {"provincial_flags": 2},
        expect=manager_api(OK),
    ),
    Case(
        "GET /api/v1/cycles/{code}/{year}/agreement",
        lambda w: A + "/agreement",
        default=OK,
        expect=MEMBER_API,
    ),
    Case(
        "PUT /api/v1/cycles/{code}/{year}/agreement",
        lambda w: A + "/agreement",
        method="PUT",
        data=lambda w: {"signed_on": "2019-02-26", "signed_place": "Hội trường"},
        expect=manager_api(422),
    ),
    Case(
        "POST /api/v1/cycles/{code}/{year}/key-contents",
        lambda w: A + "/key-contents",
        method="POST",
        data=lambda w: {"title": "Nội dung mới"},
        expect=manager_api(422),
    ),
    Case(
        "PATCH /api/v1/cycles/{code}/{year}/key-contents/{pk}",
        lambda w: A + f"/key-contents/{content(w)}",
        method="PATCH",
        data=lambda w: {"title": "Sửa"},
        expect=manager_api(422),
    ),
    Case(
        "DELETE /api/v1/cycles/{code}/{year}/key-contents/{pk}",
        lambda w: A + f"/key-contents/{content(w)}",
        method="DELETE",
        expect=manager_api(422),
    ),
    Case(
        "PUT /api/v1/cycles/{code}/{year}/signatures/{unit_code}",
        lambda w: A + "/signatures/TAND",
        method="PUT",
        data=lambda w: {"head_name": "Trần Thị Hòa", "head_title": "Chánh án", "signed": True},
        expect=manager_api(OK),
    ),
    Case(
        "POST /api/v1/cycles/{code}/{year}/signatures/{unit_code}/scan",
        lambda w: A + "/signatures/TAND/scan",
        method="POST",
        data=pdf(),
        json=False,
        expect=manager_api(OK),
    ),
    Case(
        "GET /api/v1/cycles/{code}/{year}/signatures/{unit_code}/scan",
        lambda w: with_scan(w) or A + "/signatures/TAND/scan",
        default=OK,
        expect=MEMBER_API,
    ),
    Case("GET /api/v1/cycles/{code}/{year}/rubric", lambda w: A + "/rubric", default=OK, expect=MEMBER_API),
    Case(
        "POST /api/v1/cycles/{code}/{year}/rubric/items",
        lambda w: A + "/rubric/items",
        method="POST",
        data=lambda w: {"kind": "criterion", "code": "X", "title": "Mới", "max_points": "1"},
        expect=manager_api(422),
    ),
    Case(
        "PATCH /api/v1/cycles/{code}/{year}/rubric/items/{pk}",
        lambda w: A + f"/rubric/items/{item(w)}",
        method="PATCH",
        data=lambda w: {"max_points": "25"},
        expect=manager_api(422),
    ),
    Case(
        "POST /api/v1/cycles/{code}/{year}/rubric/items/{pk}/move",
        lambda w: A + f"/rubric/items/{item(w)}/move",
        method="POST",
        data=lambda w: {"direction": "down"},
        expect=manager_api(422),
    ),
    Case(
        "DELETE /api/v1/cycles/{code}/{year}/rubric/items/{pk}",
        lambda w: A + f"/rubric/items/{item(w)}",
        method="DELETE",
        expect=manager_api(422),
    ),
    Case(
        "PUT /api/v1/cycles/{code}/{year}/rubric/total",
        lambda w: A + "/rubric/total",
        method="PUT",
        data=lambda w: {"total": "100"},
        expect=manager_api(422),
    ),
    Case(
        "POST /api/v1/cycles/{code}/{year}/rubric/copy",
        lambda w: A + "/rubric/copy",
        method="POST",
        data=lambda w: {"source_id": current_rubric_id(w)},
        expect=manager_api(422),
    ),
    Case(
        "POST /api/v1/cycles/{code}/{year}/rubric/import",
        lambda w: A + "/rubric/import",
        method="POST",
        data=pdf("x.xlsx"),
        json=False,
        expect=manager_api(422),
    ),
    Case(
        "POST /api/v1/cycles/{code}/{year}/rubric/amendments",
        lambda w: A + "/rubric/amendments",
        method="POST",
        data=lambda w: at_conference(w) or {"reason": "Bổ sung tiêu chí chuyển đổi số"},
        expect=manager_api(CREATED),
    ),
    Case(
        "POST /api/v1/cycles/{code}/{year}/rubric/publish",
        lambda w: A + "/rubric/publish",
        method="POST",
        expect=manager_api(422),
    ),
    Case(
        "GET /api/v1/cycles/{code}/{year}/movements",
        lambda w: A + "/movements",
        default=OK,
        expect=MEMBER_API,
    ),
    Case(
        "POST /api/v1/cycles/{code}/{year}/movements",
        lambda w: A + "/movements",
        method="POST",
        data=lambda w: {"title": "Khẩu hiệu mới", "kind": "thematic", "unit": "TAND"},
        expect=own_unit_api(CREATED),
    ),
    Case(
        "PATCH /api/v1/cycles/{code}/{year}/movements/{pk}",
        lambda w: A + f"/movements/{tand_movement(w)}",
        method="PATCH",
        data=lambda w: {"targets": "Giải quyết 100% án"},
        expect=own_unit_api(OK),
    ),
    Case(
        "DELETE /api/v1/cycles/{code}/{year}/movements/{pk}",
        lambda w: A + f"/movements/{tand_movement(w)}",
        method="DELETE",
        expect=own_unit_api(NO_CONTENT),
    ),
    Case("GET /api/v1/programmes", lambda w: "/api/v1/programmes", default=OK, expect={"anonymous": UNAUTH}),
    Case(
        "POST /api/v1/programmes",
        lambda w: "/api/v1/programmes",
        method="POST",
        data=lambda w: {"name": "Phong trào Dân vận khéo"},
        default=DENIED,
        expect={"admin": CREATED, "provincial": CREATED, "anonymous": UNAUTH},
    ),
    Case(
        "PATCH /api/v1/programmes/{pk}",
        lambda w: f"/api/v1/programmes/{programme(w)}",
        method="PATCH",
        data=lambda w: {"position": 9},
        default=DENIED,
        expect=KEEPER_API,
    ),
    Case(
        "GET /api/v1/cycles/{code}/{year}/documents",
        lambda w: A + "/documents",
        default=OK,
        expect=MEMBER_API,
    ),
    Case(
        "POST /api/v1/cycles/{code}/{year}/documents/{kind}",
        lambda w: A + "/documents/rubric",
        method="POST",
        default=CREATED,
        expect=MEMBER_API,
    ),
]
