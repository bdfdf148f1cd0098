import base64
import datetime as dt

from thidua.awards.models import ImportJob, ServicePeriod
from thidua.core.testing import CREATED, DENIED, HIDDEN, LOGIN, OK, REDIRECT, UNAUTH, Case
from thidua.organisations.models import Person

INVALID = 422  # a refusal in Vietnamese of the request's content

SIGNED_IN = {"anonymous": LOGIN}
SIGNED_IN_API = {"anonymous": UNAUTH}
MANAGERS_PAGE = {"admin": OK, "provincial": OK, "anonymous": LOGIN}
MANAGERS_API = {"admin": OK, "provincial": OK, "anonymous": UNAUTH}
MANAGERS_CREATE_API = {"admin": CREATED, "provincial": CREATED, "anonymous": UNAUTH}
# Lê Thị Mai and TAND: the office, the Council and TAND's own officer; nobody else.
TAND_PAGE = {"admin": OK, "provincial": OK, "council": OK, "officer_a": OK, "anonymous": LOGIN}
TAND_API = {"admin": OK, "provincial": OK, "council": OK, "officer_a": OK, "anonymous": UNAUTH}
PACK = "luat-06-2022-nd-152-2025"
CSV = "Loại bản ghi,Mã đơn vị,Họ và tên,Năm,Xếp loại\nxếp loại,TAND,Lê Thị Mai,2014,HTXS\n"


def mai(w):
    return Person.objects.get(full_name="Lê Thị Mai").pk


# Service periods of Lê Thị Mai (TAND): recorded by the office and TAND's own officer; the Council
# sees them but records none (403 from the API, 404 from the page as every refused page).
TAND_RECORD_PAGE = {"admin": OK, "provincial": OK, "officer_a": OK, "anonymous": LOGIN}
TAND_RECORDED_PAGE = {"admin": REDIRECT, "provincial": REDIRECT, "officer_a": REDIRECT, "anonymous": LOGIN}
# The secretary (THADS) and officer_b (VKSND) may record periods, but not of Mai: she reads as unknown.
TAND_RECORD_API = {
    "admin": CREATED,
    "provincial": CREATED,
    "officer_a": CREATED,
    "secretary": INVALID,
    "officer_b": INVALID,
    "anonymous": UNAUTH,
}
TAND_END_API = {
    "admin": OK,
    "provincial": OK,
    "officer_a": OK,
    "council": DENIED,
    "anonymous": UNAUTH,
}


def mai_period(w):
    """An open period of Mai in TAND, from 2015."""
    person = Person.objects.get(full_name="Lê Thị Mai")
    return ServicePeriod.objects.create(person=person, unit=person.unit, started_on=dt.date(2015, 1, 1)).pk


def job(w):
    return ImportJob.objects.create(created_by=w.admin, filename="x.csv", content=CSV.encode()).uid


CASES = [
    Case("awards:catalogue", lambda w: "/khen-thuong/danh-muc/", default=OK, expect=SIGNED_IN),
    Case("awards:pack_list", lambda w: "/khen-thuong/bo-quy-tac/", default=OK, expect=SIGNED_IN),
    Case("awards:pack_detail", lambda w: f"/khen-thuong/bo-quy-tac/{PACK}/", default=OK, expect=SIGNED_IN),
    Case(
        "awards:pack_copy",
        lambda w: f"/khen-thuong/bo-quy-tac/{PACK}/sao-chep/",
        default=HIDDEN,
        expect=MANAGERS_PAGE,
    ),
    Case(
        "awards:pack_copy",
        lambda w: f"/khen-thuong/bo-quy-tac/{PACK}/sao-chep/",
        method="POST",
        data=lambda w: {"code": "luat-06-2026", "name": "Luật 06/2026", "effective_from": "01/10/2026"},
        default=HIDDEN,
        expect={"admin": REDIRECT, "provincial": REDIRECT, "anonymous": LOGIN},
    ),
    Case(
        "awards:pack_edit",
        lambda w: f"/khen-thuong/bo-quy-tac/{PACK}/tham-so/",
        default=HIDDEN,
        expect=MANAGERS_PAGE,
    ),
    Case(
        "awards:entry_edit",
        lambda w: f"/khen-thuong/bo-quy-tac/{PACK}/quy-tac/co_cp/",
        default=HIDDEN,
        expect=MANAGERS_PAGE,
    ),
    Case(
        "awards:award_create", lambda w: "/khen-thuong/danh-muc/them/", default=HIDDEN, expect=MANAGERS_PAGE
    ),
    Case(
        "awards:award_create",
        lambda w: "/khen-thuong/danh-muc/them/",
        method="POST",
        data=lambda w: {
            "code": "ky_niem_chuong_moi",
            "name": "Kỷ niệm chương thử",
            "kind": "commendation",
            "subject": "individual",
            "authority": "provincial_chairman",
            "rank": "15",
            "default_nature": "merit",
        },
        default=HIDDEN,
        expect={"admin": REDIRECT, "provincial": REDIRECT, "anonymous": LOGIN},
    ),
    Case(
        "awards:entry_create",
        lambda w: f"/khen-thuong/bo-quy-tac/{PACK}/them-quy-tac/",
        default=HIDDEN,
        expect=MANAGERS_PAGE,
    ),
    Case(
        "awards:entry_create",
        lambda w: f"/khen-thuong/bo-quy-tac/{PACK}/them-quy-tac/",
        method="POST",
        data=lambda w: {
            "award": "bk_bo_cn",
            "rule": "rating_at_least",
            "article": "Điều thử",
            "params": '{"min_rating": "HTT"}',
            "cash_coefficient": "1,5",
        },
        default=HIDDEN,
        expect={"admin": REDIRECT, "provincial": REDIRECT, "anonymous": LOGIN},
    ),
    Case("awards:salary_list", lambda w: "/khen-thuong/luong-co-so/", default=OK, expect=SIGNED_IN),
    Case(
        "awards:salary_list",
        lambda w: "/khen-thuong/luong-co-so/",
        method="POST",
        data=lambda w: {"effective_from": "01/07/2027", "amount": "2700000", "legal_ref": "Nghị định mới"},
        default=HIDDEN,
        expect={"admin": REDIRECT, "provincial": REDIRECT, "anonymous": LOGIN},
    ),
    Case(
        "awards:history",
        lambda w: "/khen-thuong/lich-su/?q=qd&subject=individual",
        default=OK,
        expect=SIGNED_IN,
    ),
    Case(
        "awards:history_export",
        lambda w: "/khen-thuong/lich-su/xuat/?format=xlsx",
        default=OK,
        expect=SIGNED_IN,
    ),
    Case("awards:import_start", lambda w: "/khen-thuong/lich-su/nhap/", default=HIDDEN, expect=MANAGERS_PAGE),
    Case(
        "awards:import_template",
        lambda w: "/khen-thuong/lich-su/nhap/mau.xlsx",
        default=HIDDEN,
        expect=MANAGERS_PAGE,
    ),
    Case(
        "awards:import_job",
        lambda w: f"/khen-thuong/lich-su/nhap/{job(w)}/",
        default=HIDDEN,
        expect=MANAGERS_PAGE,
    ),
    Case(
        "awards:import_progress",
        lambda w: f"/khen-thuong/lich-su/nhap/{job(w)}/tien-do/",
        default=HIDDEN,
        expect=MANAGERS_PAGE,
    ),
    Case(
        "awards:eligibility_person",
        lambda w: f"/khen-thuong/xet-dieu-kien/ca-nhan/{mai(w)}/?nam=2019",
        default=HIDDEN,
        expect=TAND_PAGE,
    ),
    Case(
        "awards:service_period_create",
        lambda w: f"/khen-thuong/xet-dieu-kien/ca-nhan/{mai(w)}/cong-tac/",
        default=HIDDEN,
        expect=TAND_RECORD_PAGE,
    ),
    Case(
        "awards:service_period_create",
        lambda w: f"/khen-thuong/xet-dieu-kien/ca-nhan/{mai(w)}/cong-tac/",
        method="POST",
        data=lambda w: {"unit": "TAND", "started_on": "01/03/2012", "ended_on": "", "note": "Điều động"},
        default=HIDDEN,
        expect=TAND_RECORDED_PAGE,
    ),
    Case(
        "awards:eligibility_unit",
        lambda w: "/khen-thuong/xet-dieu-kien/don-vi/TAND/",
        default=HIDDEN,
        expect=TAND_PAGE,
    ),
    # API --------------------------------------------------------------------------------------------
    Case("GET /api/v1/awards", lambda w: "/api/v1/awards", default=OK, expect=SIGNED_IN_API),
    Case(
        "GET /api/v1/awards/{code}/cash",
        lambda w: "/api/v1/awards/co_cp/cash?decision_date=2020-06-15",
        default=OK,
        expect=SIGNED_IN_API,
    ),
    Case(
        "POST /api/v1/awards",
        lambda w: "/api/v1/awards",
        method="POST",
        data=lambda w: {
            "code": "ky_niem_chuong_moi",
            "name": "Kỷ niệm chương thử",
            "kind": "commendation",
            "subject": "individual",
            "authority": "provincial_chairman",
        },
        default=DENIED,
        expect=MANAGERS_CREATE_API,
    ),
    Case(
        "POST /api/v1/rule-packs/{code}/entries",
        lambda w: f"/api/v1/rule-packs/{PACK}/entries",
        method="POST",
        data=lambda w: {
            "award": "bk_bo_cn",
            "rule": "rating_at_least",
            "article": "Điều thử",
            "params": {"min_rating": "HTT"},
            "cash_coefficient": "1.5",
        },
        default=DENIED,
        expect=MANAGERS_CREATE_API,
    ),
    Case("GET /api/v1/rule-packs", lambda w: "/api/v1/rule-packs", default=OK, expect=SIGNED_IN_API),
    Case(
        "GET /api/v1/rule-packs/{code}",
        lambda w: f"/api/v1/rule-packs/{PACK}",
        default=OK,
        expect=SIGNED_IN_API,
    ),
    Case(
        "POST /api/v1/rule-packs/{code}/copy",
        lambda w: f"/api/v1/rule-packs/{PACK}/copy",
        method="POST",
        data=lambda w: {"code": "luat-06-2026", "name": "Luật 06/2026", "effective_from": "2026-10-01"},
        default=DENIED,
        expect=MANAGERS_CREATE_API,
    ),
    Case(
        "PATCH /api/v1/rule-packs/{code}",
        lambda w: f"/api/v1/rule-packs/{PACK}",
        method="PATCH",
        data=lambda w: {"params": {"gov_flag_quota_rounding": "nearest"}},
        default=DENIED,
        expect=MANAGERS_API,
    ),
    Case(
        "PATCH /api/v1/rule-packs/{code}/entries/{award}",
        lambda w: f"/api/v1/rule-packs/{PACK}/entries/co_tinh",
        method="PATCH",
        data=lambda w: {"council_ratio": "9/10"},
        default=DENIED,
        expect=MANAGERS_API,
    ),
    Case("GET /api/v1/base-salaries", lambda w: "/api/v1/base-salaries", default=OK, expect=SIGNED_IN_API),
    Case(
        "POST /api/v1/base-salaries",
        lambda w: "/api/v1/base-salaries",
        method="POST",
        data=lambda w: {"effective_from": "2027-07-01", "amount": 2700000},
        default=DENIED,
        expect=MANAGERS_CREATE_API,
    ),
    Case(
        "GET /api/v1/award-records", lambda w: "/api/v1/award-records?q=qd", default=OK, expect=SIGNED_IN_API
    ),
    Case(
        "POST /api/v1/award-records",
        lambda w: "/api/v1/award-records",
        method="POST",
        data=lambda w: {
            "award": "co_tinh",
            "year": 2020,
            "decision_number": "77/QĐ-UBND",
            "decision_date": "2021-01-20",
            "unit": "SNV",
        },
        default=DENIED,
        expect=MANAGERS_CREATE_API,
    ),
    Case(
        "POST /api/v1/ratings",
        lambda w: "/api/v1/ratings",
        method="POST",
        data=lambda w: {"year": 2014, "rating": "HTT", "unit": "TAND"},
        default=DENIED,
        expect=MANAGERS_API,
    ),
    Case(
        "GET /api/v1/service-periods",
        lambda w: f"/api/v1/service-periods?person={mai(w)}",
        default=OK,
        expect=SIGNED_IN_API,
    ),
    Case(
        "POST /api/v1/service-periods",
        lambda w: "/api/v1/service-periods",
        method="POST",
        data=lambda w: {"person_id": mai(w), "unit": "TAND", "started_on": "2012-03-01", "note": "Điều động"},
        default=DENIED,
        expect=TAND_RECORD_API,
    ),
    Case(
        "PATCH /api/v1/service-periods/{period_id}",
        lambda w: f"/api/v1/service-periods/{mai_period(w)}",
        method="PATCH",
        data=lambda w: {"ended_on": "2020-06-30"},
        default=HIDDEN,
        expect=TAND_END_API,
    ),
    Case(
        "GET /api/v1/award-imports/template",
        lambda w: "/api/v1/award-imports/template",
        default=HIDDEN,
        expect=MANAGERS_API,
    ),
    Case(
        "POST /api/v1/award-imports",
        lambda w: "/api/v1/award-imports",
        method="POST",
        data=lambda w: {"filename": "x.csv", "content_base64": base64.b64encode(CSV.encode()).decode()},
        default=DENIED,
        expect=MANAGERS_CREATE_API,
    ),
    Case(
        "GET /api/v1/award-imports/{uid}",
        lambda w: f"/api/v1/award-imports/{job(w)}",
        default=HIDDEN,
        expect=MANAGERS_API,
    ),
    Case(
        "GET /api/v1/eligibility",
        lambda w: f"/api/v1/eligibility?subject_type=person&subject={mai(w)}&year=2019",
        default=HIDDEN,
        expect=TAND_API,
    ),
    Case(
        "POST /api/v1/eligibility/batch",
        lambda w: "/api/v1/eligibility/batch",
        method="POST",
        data=lambda w: {
            "year": 2019,
            "subjects": [{"type": "unit", "id": "TAND"}, {"type": "person", "id": str(mai(w))}],
        },
        default=OK,
        expect=SIGNED_IN_API,
    ),
    Case(
        "GET /api/v1/quotas/government-flag",
        lambda w: "/api/v1/quotas/government-flag?year=2019",
        default=OK,
        expect=SIGNED_IN_API,
    ),
    # Annual ratings (issue 15 item 3) ----------------------------------------------------------------
    Case(
        "awards:ratings_collective",
        lambda w: "/khen-thuong/xep-loai/khoi/KNC/2019/",
        default=OK,
        expect={"editor": HIDDEN, "anonymous": LOGIN},  # the portal editor sees no bloc year
    ),
    Case(
        "awards:ratings_collective_confirm",
        lambda w: "/khen-thuong/xep-loai/khoi/KNC/2019/xac-nhan/",
        method="POST",
        default=HIDDEN,
        expect={"admin": REDIRECT, "provincial": REDIRECT, "secretary": REDIRECT, "anonymous": LOGIN},
    ),
    Case(
        "awards:ratings_unit",
        lambda w: "/khen-thuong/xep-loai/don-vi/TAND/2019/",
        default=HIDDEN,
        expect=TAND_PAGE,
    ),
    Case(
        "awards:ratings_unit",
        lambda w: "/khen-thuong/xep-loai/don-vi/TAND/2019/",
        method="POST",
        data=lambda w: {f"rating-{mai(w)}": "HTXS"},
        default=HIDDEN,
        expect={"admin": REDIRECT, "provincial": REDIRECT, "officer_a": REDIRECT, "anonymous": LOGIN},
    ),
    Case(
        "GET /api/v1/ratings/blocs/{code}/{year}/collective",
        lambda w: "/api/v1/ratings/blocs/KNC/2019/collective",
        default=OK,
        expect={"editor": HIDDEN, "anonymous": UNAUTH},
    ),
    Case(
        "POST /api/v1/ratings/blocs/{code}/{year}/collective/confirm",
        lambda w: "/api/v1/ratings/blocs/KNC/2019/collective/confirm",
        method="POST",
        data=lambda w: {},
        default=DENIED,
        expect={"admin": OK, "provincial": OK, "secretary": OK, "editor": HIDDEN, "anonymous": UNAUTH},
    ),
    Case(
        "GET /api/v1/ratings/units/{code}/{year}",
        lambda w: "/api/v1/ratings/units/TAND/2019",
        default=HIDDEN,
        expect=TAND_API,
    ),
    Case(
        "PUT /api/v1/ratings/units/{code}/{year}",
        lambda w: "/api/v1/ratings/units/TAND/2019",
        method="PUT",
        data=lambda w: {"rows": [{"person_id": mai(w), "rating": "HTXS"}]},
        default=HIDDEN,
        expect={"admin": OK, "provincial": OK, "council": DENIED, "officer_a": OK, "anonymous": UNAUTH},
    ),
]


# Revocation of awards (issue 20 item 4, Law 06/2022 Art 93.2) ---------------------------------------
# A provincial certificate of Lê Thị Mai (TAND). The office revokes it and records the recovery; the
# Council and TAND's officer see the award, TAND's officer (not the Council) still sees it revoked.


def _mai_certificate(w):
    """A provincial certificate of Mai for 2020 (decided 15/01/2021), made once per world."""
    from thidua.awards.models import Award, AwardRecord

    person = Person.objects.get(full_name="Lê Thị Mai")
    record, _ = AwardRecord.objects.get_or_create(
        decision_number="9020/QĐ-UBND",
        award=Award.objects.get(code="bk_tinh_cn"),
        person=person,
        defaults={"year": 2020, "decision_date": dt.date(2021, 1, 15), "decided_by": "Chủ tịch UBND tỉnh"},
    )
    return record


def mai_record(w):
    return _mai_certificate(w).pk


def mai_revocation(w):
    """The certificate revoked on 01/03/2024, 3.000.000 đồng to recover."""
    from thidua.awards.models import Revocation

    row, _ = Revocation.objects.get_or_create(
        record=_mai_certificate(w),
        defaults={
            "decision_number": "77/QĐ-UBND",
            "decision_date": dt.date(2024, 3, 1),
            "decided_by": "Chủ tịch UBND tỉnh",
            "ground": "fraud",
            "reason": "Kê khai thành tích không trung thực",
            "cash_to_recover": 3_000_000,
        },
    )
    return row.pk


def revoked_record(w):
    mai_revocation(w)
    return mai_record(w)


REVOKE_FORM = {
    "decision_number": "88/QĐ-UBND",
    "decision_date": "01/03/2024",
    "decided_by": "",
    "ground": "false_records",
    "reason": "Làm giả giấy xác nhận sáng kiến",
    "cash_to_recover": "3000000",
}
REVOKE_API = {**REVOKE_FORM, "decision_date": "2024-03-01", "cash_to_recover": 3000000}
OFFICE_PAGE = {"admin": OK, "provincial": OK, "anonymous": LOGIN}
OFFICE_POSTED = {"admin": REDIRECT, "provincial": REDIRECT, "anonymous": LOGIN}
TAND_REVOKED_PAGE = {"admin": OK, "provincial": OK, "officer_a": OK, "anonymous": LOGIN}

CASES += [
    Case(
        "awards:record_detail",
        lambda w: f"/khen-thuong/lich-su/{mai_record(w)}/",
        default=HIDDEN,
        expect=TAND_PAGE,
    ),
    Case(
        "awards:record_detail",
        lambda w: f"/khen-thuong/lich-su/{revoked_record(w)}/",
        default=HIDDEN,
        expect=TAND_REVOKED_PAGE,  # the Council no longer sees a revoked award
    ),
    Case(
        "awards:record_revoke",
        lambda w: f"/khen-thuong/lich-su/{mai_record(w)}/thu-hoi/",
        default=HIDDEN,
        expect=OFFICE_PAGE,
    ),
    Case(
        "awards:record_revoke",
        lambda w: f"/khen-thuong/lich-su/{mai_record(w)}/thu-hoi/",
        method="POST",
        data=lambda w: REVOKE_FORM,
        default=HIDDEN,
        expect=OFFICE_POSTED,
    ),
    Case("awards:revocation_list", lambda w: "/khen-thuong/thu-hoi/", default=HIDDEN, expect=OFFICE_PAGE),
    Case(
        "awards:revocation_detail",
        lambda w: f"/khen-thuong/thu-hoi/{mai_revocation(w)}/",
        default=HIDDEN,
        expect=TAND_REVOKED_PAGE,
    ),
    Case(
        "awards:revocation_payment",
        lambda w: f"/khen-thuong/thu-hoi/{mai_revocation(w)}/nop-tien/",
        default=HIDDEN,
        expect=OFFICE_PAGE,
    ),
    Case(
        "awards:revocation_payment",
        lambda w: f"/khen-thuong/thu-hoi/{mai_revocation(w)}/nop-tien/",
        method="POST",
        data=lambda w: {"amount": "1000000", "paid_on": "15/03/2024", "note": "Nộp lần 1"},
        default=HIDDEN,
        expect=OFFICE_POSTED,
    ),
    Case(
        "awards:revocation_certificate",
        lambda w: f"/khen-thuong/thu-hoi/{mai_revocation(w)}/hien-vat/",
        default=HIDDEN,
        expect=OFFICE_PAGE,
    ),
    Case(
        "awards:revocation_certificate",
        lambda w: f"/khen-thuong/thu-hoi/{mai_revocation(w)}/hien-vat/",
        method="POST",
        data=lambda w: {"recovered_on": "20/03/2024"},
        default=HIDDEN,
        expect=OFFICE_POSTED,
    ),
    Case(
        "GET /api/v1/award-revocations",
        lambda w: "/api/v1/award-revocations",
        default=OK,  # each sees the revocations of what they may see (none for most)
        expect=SIGNED_IN_API,
    ),
    Case(
        "GET /api/v1/award-revocations/{revocation_id}",
        lambda w: f"/api/v1/award-revocations/{mai_revocation(w)}",
        default=HIDDEN,
        expect={"admin": OK, "provincial": OK, "officer_a": OK, "anonymous": UNAUTH},
    ),
    Case(
        "POST /api/v1/award-records/{record_id}/revocation",
        lambda w: f"/api/v1/award-records/{mai_record(w)}/revocation",
        method="POST",
        data=lambda w: REVOKE_API,
        default=HIDDEN,
        expect={
            "admin": CREATED,
            "provincial": CREATED,
            "council": DENIED,
            "officer_a": DENIED,
            "anonymous": UNAUTH,
        },
    ),
    Case(
        "POST /api/v1/award-revocations/{revocation_id}/payments",
        lambda w: f"/api/v1/award-revocations/{mai_revocation(w)}/payments",
        method="POST",
        data=lambda w: {"amount": 1000000, "paid_on": "2024-03-15", "note": "Nộp lần 1"},
        default=HIDDEN,
        expect={"admin": CREATED, "provincial": CREATED, "officer_a": DENIED, "anonymous": UNAUTH},
    ),
    Case(
        "POST /api/v1/award-revocations/{revocation_id}/certificate",
        lambda w: f"/api/v1/award-revocations/{mai_revocation(w)}/certificate",
        method="POST",
        data=lambda w: {"recovered_on": "2024-03-20"},
        default=HIDDEN,
        expect={"admin": OK, "provincial": OK, "officer_a": DENIED, "anonymous": UNAUTH},
    ),
]
