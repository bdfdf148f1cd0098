"""Who may reach every scoring page and API operation (see tests/test_permission_matrix.py).

The current year of Khối Nội chính (leader SNV) is open for self-assessment: TAND (officer_a)
has a draft with one evidence file, VKSND (officer_b) has submitted. 2019 is finalised and
published. Nobody but TAND reaches TAND's draft, its evidence or its history, whatever the URL."""

from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.core.testing import CREATED, DENIED, HIDDEN, LOGIN, NO_CONTENT, OK, REDIRECT, UNAUTH, Case
from thidua.cycles.selectors import current_rubric
from thidua.organisations.models import BlocYear, Unit
from thidua.scoring.models import Evidence, ReviewAssignment

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ONLY_A = {"officer_a": OK, "anonymous": LOGIN}
ONLY_A_API = {"officer_a": OK, "anonymous": UNAUTH}
YEAR_VISIBLE = {"editor": HIDDEN, "anonymous": LOGIN}
MANAGERS_CURRENT = {"admin": REDIRECT, "provincial": REDIRECT, "anonymous": LOGIN}


def cy(w) -> str:
    return f"KNC/{w.ctx['current_year']}"


def page(w, rest: str = "") -> str:
    return f"/cham-diem/{cy(w)}/{rest}"


def api(w, rest: str = "") -> str:
    return f"/api/v1/scoring/{cy(w)}{rest}"


def leaf_pk(w, code: str = "2.1") -> int:
    by = BlocYear.objects.get(bloc__code="KNC", year=w.ctx["current_year"])
    return current_rubric(by).items.get(code=code).pk


def tand_evidence(w) -> str:
    # TAND's draft of the current year (the demo also gives each 2019 sheet an evidence file).
    current = Evidence.objects.filter(
        score__assessment__unit__code="TAND", score__assessment__bloc_year__year=w.ctx["current_year"]
    )
    return str(current.order_by("uploaded_at", "original_name").first().pk)


def vks_assignment(w) -> int:
    return ReviewAssignment.objects.get(
        assessment__unit__code="VKSND", assessment__bloc_year__year=w.ctx["current_year"]
    ).pk


def reviewed_by_thads(w, url: str) -> str:
    """VKSND's submitted sheet reviewed by THADS, so that the secretary persona is its reviewer."""
    ReviewAssignment.objects.filter(pk=vks_assignment(w)).update(reviewer=Unit.objects.get(code="THADS"))
    return url


def upload(name="minh-chung.pdf", data=PDF):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


CASES = [
    Case("scoring:index", lambda w: "/cham-diem/", default=OK, expect={"anonymous": LOGIN}),
    Case("scoring:year", lambda w: "/cham-diem/KNC/2019/", default=OK, expect=YEAR_VISIBLE),
    Case("scoring:year", lambda w: page(w), default=OK, expect=YEAR_VISIBLE),
    Case("scoring:ranking", lambda w: "/cham-diem/KNC/2019/xep-hang/", default=OK, expect=YEAR_VISIBLE),
    # Not published: only the office (and the year's secretariat, SNV) sees the ranking.
    Case(
        "scoring:ranking",
        lambda w: page(w, "xep-hang/"),
        default=HIDDEN,
        expect={"admin": OK, "provincial": OK, "anonymous": LOGIN},
    ),
    Case(
        "scoring:table_xlsx", lambda w: "/cham-diem/KNC/2019/bang-diem.xlsx", default=OK, expect=YEAR_VISIBLE
    ),
    Case("scoring:sheet", lambda w: page(w, "don-vi/TAND/"), default=HIDDEN, expect=ONLY_A),
    Case("scoring:sheet", lambda w: "/cham-diem/KNC/2019/don-vi/TAND/", default=OK, expect=YEAR_VISIBLE),
    # A submitted sheet: its unit, the office and its reviewer's unit (SNV), not other units.
    Case(
        "scoring:sheet",
        lambda w: page(w, "don-vi/VKSND/"),
        default=HIDDEN,
        expect={"admin": OK, "provincial": OK, "officer_b": OK, "anonymous": LOGIN},
    ),
    Case(
        "scoring:score_save",
        lambda w: page(w, "don-vi/TAND/luu/"),
        method="POST",
        data=lambda w: {"item": leaf_pk(w), "points": "15", "explanation": "Đạt 95% chỉ tiêu", "version": 0},
        default=HIDDEN,
        expect=ONLY_A,
    ),
    Case(
        "scoring:evidence_upload",
        lambda w: page(w, "don-vi/TAND/minh-chung/"),
        method="POST",
        data=lambda w: {"item": leaf_pk(w), "file": upload()},
        default=HIDDEN,
        expect={"officer_a": REDIRECT, "anonymous": LOGIN},
    ),
    Case(
        "scoring:evidence_download",
        lambda w: f"/cham-diem/minh-chung/{tand_evidence(w)}/",
        default=HIDDEN,
        expect=ONLY_A,
    ),
    Case(
        "scoring:evidence_download",
        lambda w: "/cham-diem/minh-chung/00000000-0000-0000-0000-000000000000/",
        default=HIDDEN,
        expect={"anonymous": LOGIN},
    ),
    Case(
        "scoring:evidence_delete",
        lambda w: f"/cham-diem/minh-chung/{tand_evidence(w)}/xoa/",
        method="POST",
        default=HIDDEN,
        expect={"officer_a": REDIRECT, "anonymous": LOGIN},
    ),
    Case(
        "scoring:submit",
        lambda w: page(w, "don-vi/TAND/nop/"),
        method="POST",
        default=HIDDEN,
        expect={"officer_a": REDIRECT, "anonymous": LOGIN},
    ),
    Case("scoring:history", lambda w: page(w, "don-vi/TAND/lich-su/"), default=HIDDEN, expect=ONLY_A),
    Case(
        "scoring:history",
        lambda w: "/cham-diem/KNC/2019/don-vi/TAND/lich-su/",
        default=OK,
        expect=YEAR_VISIBLE,
    ),
    Case("scoring:sheet_xlsx", lambda w: page(w, "don-vi/TAND/mau.xlsx"), default=HIDDEN, expect=ONLY_A),
    Case(
        "scoring:sheet_import",
        lambda w: page(w, "don-vi/TAND/nhap-excel/"),
        method="POST",
        data=lambda w: {"file": upload("diem.xlsx", b"not a workbook")},
        default=HIDDEN,
        expect={"officer_a": REDIRECT, "anonymous": LOGIN},
    ),
    Case(
        "scoring:review",
        lambda w: reviewed_by_thads(w, page(w, "don-vi/VKSND/tham-dinh/")),
        default=HIDDEN,
        expect={"secretary": OK, "anonymous": LOGIN},
    ),
    # The leader's unit reviews: TAND's draft has no reviewer page for anybody.
    Case(
        "scoring:review",
        lambda w: page(w, "don-vi/TAND/tham-dinh/"),
        default=HIDDEN,
        expect={"anonymous": LOGIN},
    ),
    Case(
        "scoring:review_save",
        lambda w: reviewed_by_thads(w, page(w, "don-vi/VKSND/tham-dinh/luu/")),
        method="POST",
        data=lambda w: {"item": leaf_pk(w), "points": "17", "reason": "Thiếu số liệu", "version": 0},
        default=HIDDEN,
        expect={"secretary": OK, "anonymous": LOGIN},
    ),
    Case(
        "scoring:review_complete",
        lambda w: reviewed_by_thads(w, page(w, "don-vi/VKSND/tham-dinh/xong/")),
        method="POST",
        default=HIDDEN,
        expect={"secretary": REDIRECT, "anonymous": LOGIN},
    ),
    Case(
        "scoring:send_back",
        lambda w: page(w, "don-vi/VKSND/tra-lai/"),
        method="POST",
        data=lambda w: {"reason": "Bổ sung minh chứng"},
        default=HIDDEN,
        expect=MANAGERS_CURRENT,
    ),
    Case(
        "scoring:finalise",
        lambda w: page(w, "don-vi/VKSND/chot/"),
        method="POST",
        default=HIDDEN,
        expect=MANAGERS_CURRENT,
    ),
    Case(
        "scoring:assign",
        lambda w: page(w, "phan-cong/"),
        method="POST",
        default=HIDDEN,
        expect=MANAGERS_CURRENT,
    ),
    Case(
        "scoring:assignment_change",
        lambda w: page(w, f"phan-cong/{vks_assignment(w)}/doi/"),
        method="POST",
        data=lambda w: {"reviewer": "CA", "reason": "SNV bận hội nghị"},
        default=HIDDEN,
        expect=MANAGERS_CURRENT,
    ),
    Case(
        "scoring:publish",
        lambda w: page(w, "cong-bo/"),
        method="POST",
        default=HIDDEN,
        expect=MANAGERS_CURRENT,
    ),
    # Issue 15: moderated scores and closing out a unit that never submits (the secretariat's).
    Case(
        "scoring:moderate",
        lambda w: page(w, "don-vi/VKSND/thong-nhat-diem/"),
        method="POST",
        data=lambda w: {"item": leaf_pk(w), "points": "15", "reason": "Hội ý các đơn vị thẩm định"},
        default=HIDDEN,
        expect=MANAGERS_CURRENT,
    ),
    Case(
        "scoring:close_out",
        lambda w: page(w, "don-vi/TAND/ket-thuc/"),
        method="POST",
        data=lambda w: {"reason": "Không nộp bảng tự chấm đúng hạn"},
        default=HIDDEN,
        expect=MANAGERS_CURRENT,
    ),
    Case(
        "scoring:close_out_reopen",
        lambda w: page(w, "don-vi/TAND/ket-thuc/mo-lai/"),
        method="POST",
        data=lambda w: {"reason": "Đơn vị xin nộp bổ sung"},
        default=HIDDEN,
        expect=MANAGERS_CURRENT,
    ),
    Case(
        "scoring:unit_years", lambda w: "/cham-diem/don-vi/TAND/qua-cac-nam/", default=OK, expect=YEAR_VISIBLE
    ),
    # API -------------------------------------------------------------------------------------------
    Case(
        "GET /api/v1/scoring/{code}/{year}/assessments",
        lambda w: api(w, "/assessments"),
        default=OK,
        expect={"editor": HIDDEN, "anonymous": UNAUTH},
    ),
    Case(
        "GET /api/v1/scoring/{code}/{year}/assessments/{unit}",
        lambda w: api(w, "/assessments/TAND"),
        default=HIDDEN,
        expect=ONLY_A_API,
    ),
    Case(
        "PUT /api/v1/scoring/{code}/{year}/assessments/{unit}/scores/{item}",
        lambda w: api(w, "/assessments/TAND/scores/2.1"),
        method="PUT",
        data=lambda w: {"points": "12.5", "explanation": "Theo báo cáo", "version": 0},
        default=HIDDEN,
        expect=ONLY_A_API,
    ),
    Case(
        "POST /api/v1/scoring/{code}/{year}/assessments/{unit}/scores/{item}/evidence",
        lambda w: api(w, "/assessments/TAND/scores/2.1/evidence"),
        method="POST",
        data=lambda w: {"file": upload()},
        json=False,
        default=HIDDEN,
        expect={"officer_a": CREATED, "anonymous": UNAUTH},
    ),
    Case(
        "POST /api/v1/scoring/{code}/{year}/assessments/{unit}/scores/{item}/evidence-json",
        lambda w: api(w, "/assessments/TAND/scores/2.1/evidence-json"),
        method="POST",
        data=lambda w: {"name": "a.pdf", "content_base64": "JVBERi0xLjQKJSVFT0YK"},
        default=HIDDEN,
        expect={"officer_a": CREATED, "anonymous": UNAUTH},
    ),
    Case(
        "GET /api/v1/scoring/evidence/{pk}",
        lambda w: f"/api/v1/scoring/evidence/{tand_evidence(w)}",
        default=HIDDEN,
        expect=ONLY_A_API,
    ),
    Case(
        "DELETE /api/v1/scoring/evidence/{pk}",
        lambda w: f"/api/v1/scoring/evidence/{tand_evidence(w)}",
        method="DELETE",
        default=HIDDEN,
        expect={"officer_a": NO_CONTENT, "anonymous": UNAUTH},
    ),
    Case(
        "POST /api/v1/scoring/{code}/{year}/assessments/{unit}/submit",
        lambda w: api(w, "/assessments/TAND/submit"),
        method="POST",
        default=HIDDEN,
        expect={"officer_a": 422, "anonymous": UNAUTH},
    ),
    Case(
        "GET /api/v1/scoring/{code}/{year}/assessments/{unit}/history",
        lambda w: api(w, "/assessments/TAND/history"),
        default=HIDDEN,
        expect=ONLY_A_API,
    ),
    Case(
        "GET /api/v1/scoring/{code}/{year}/assessments/{unit}/sheet.xlsx",
        lambda w: api(w, "/assessments/TAND/sheet.xlsx"),
        default=HIDDEN,
        expect=ONLY_A_API,
    ),
    Case(
        "POST /api/v1/scoring/{code}/{year}/assessments/{unit}/sheet.xlsx",
        lambda w: api(w, "/assessments/TAND/sheet.xlsx"),
        method="POST",
        data=lambda w: {"file": upload("diem.xlsx", b"not a workbook")},
        json=False,
        default=HIDDEN,
        expect={"officer_a": 422, "anonymous": UNAUTH},
    ),
    Case(
        "GET /api/v1/scoring/{code}/{year}/assignments",
        lambda w: api(w, "/assignments"),
        default=OK,
        expect={"editor": HIDDEN, "anonymous": UNAUTH},
    ),
    Case(
        "POST /api/v1/scoring/{code}/{year}/assignments",
        lambda w: api(w, "/assignments"),
        method="POST",
        data=lambda w: {},
        default=DENIED,
        expect={"admin": CREATED, "provincial": CREATED, "editor": HIDDEN, "anonymous": UNAUTH},
    ),
    Case(
        "PATCH /api/v1/scoring/{code}/{year}/assignments/{pk}",
        lambda w: api(w, f"/assignments/{vks_assignment(w)}"),
        method="PATCH",
        data=lambda w: {"reviewer": "CA", "reason": "SNV bận hội nghị"},
        default=DENIED,
        expect={"admin": OK, "provincial": OK, "editor": HIDDEN, "anonymous": UNAUTH},
    ),
    Case(
        "PUT /api/v1/scoring/{code}/{year}/assessments/{unit}/reviews/{item}",
        lambda w: reviewed_by_thads(w, api(w, "/assessments/VKSND/reviews/2.1")),
        method="PUT",
        data=lambda w: {"points": "17", "reason": "Thiếu số liệu", "version": 0},
        default=HIDDEN,
        expect={"secretary": OK, "anonymous": UNAUTH},
    ),
    Case(
        "POST /api/v1/scoring/{code}/{year}/assessments/{unit}/review-complete",
        lambda w: reviewed_by_thads(w, api(w, "/assessments/VKSND/review-complete")),
        method="POST",
        default=HIDDEN,
        expect={"secretary": OK, "anonymous": UNAUTH},
    ),
    Case(
        "POST /api/v1/scoring/{code}/{year}/assessments/{unit}/send-back",
        lambda w: api(w, "/assessments/VKSND/send-back"),
        method="POST",
        data=lambda w: {"reason": "Bổ sung minh chứng"},
        default=HIDDEN,
        expect={"admin": OK, "provincial": OK, "officer_b": DENIED, "anonymous": UNAUTH},
    ),
    Case(
        "POST /api/v1/scoring/{code}/{year}/assessments/{unit}/finalise",
        lambda w: api(w, "/assessments/VKSND/finalise"),
        method="POST",
        default=HIDDEN,
        expect={"admin": 422, "provincial": 422, "officer_b": DENIED, "anonymous": UNAUTH},
    ),
    Case(
        "GET /api/v1/scoring/{code}/{year}/assessments/{unit}/disputes",
        lambda w: api(w, "/assessments/VKSND/disputes"),
        default=HIDDEN,
        expect={"admin": OK, "provincial": OK, "anonymous": UNAUTH},
    ),
    # Not every reviewer has finished: refused (422) for the secretariat, forbidden to the unit.
    Case(
        "PUT /api/v1/scoring/{code}/{year}/assessments/{unit}/moderations/{item}",
        lambda w: api(w, "/assessments/VKSND/moderations/2.1"),
        method="PUT",
        data=lambda w: {"points": "15", "reason": "Hội ý các đơn vị thẩm định"},
        default=HIDDEN,
        expect={"admin": 422, "provincial": 422, "officer_b": DENIED, "anonymous": UNAUTH},
    ),
    Case(
        "GET /api/v1/scoring/{code}/{year}/close-outs",
        lambda w: api(w, "/close-outs"),
        default=HIDDEN,
        expect={"admin": OK, "provincial": OK, "anonymous": UNAUTH},
    ),
    Case(
        "POST /api/v1/scoring/{code}/{year}/assessments/{unit}/close-out",
        lambda w: api(w, "/assessments/TAND/close-out"),
        method="POST",
        data=lambda w: {"reason": "Không nộp bảng tự chấm đúng hạn"},
        default=DENIED,
        expect={"admin": CREATED, "provincial": CREATED, "editor": HIDDEN, "anonymous": UNAUTH},
    ),
    # TAND is not closed out: nothing to reopen (422) for the secretariat.
    Case(
        "POST /api/v1/scoring/{code}/{year}/assessments/{unit}/reopen",
        lambda w: api(w, "/assessments/TAND/reopen"),
        method="POST",
        data=lambda w: {"reason": "Đơn vị xin nộp bổ sung"},
        default=DENIED,
        expect={"admin": 422, "provincial": 422, "editor": HIDDEN, "anonymous": UNAUTH},
    ),
    Case(
        "POST /api/v1/scoring/{code}/{year}/publish",
        lambda w: api(w, "/publish"),
        method="POST",
        default=DENIED,
        expect={"admin": 422, "provincial": 422, "editor": HIDDEN, "anonymous": UNAUTH},
    ),
    Case(
        "GET /api/v1/scoring/{code}/{year}/ranking",
        lambda w: "/api/v1/scoring/KNC/2019/ranking",
        default=OK,
        expect={"editor": HIDDEN, "anonymous": UNAUTH},
    ),
    Case(
        "GET /api/v1/scoring/{code}/{year}/table.xlsx",
        lambda w: "/api/v1/scoring/KNC/2019/table.xlsx",
        default=OK,
        expect={"editor": HIDDEN, "anonymous": UNAUTH},
    ),
    Case(
        "GET /api/v1/scoring/units/{unit}/years",
        lambda w: "/api/v1/scoring/units/TAND/years",
        default=OK,
        expect={"anonymous": UNAUTH},
    ),
]
