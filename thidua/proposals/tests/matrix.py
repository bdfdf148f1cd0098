"""Every page and API operation of proposals × every persona.

Objects are made inside each persona's rolled-back transaction: the 2019 outcome of Khối Nội
chính (SNV, TAND, THADS) becomes draft proposals; some cases carry one further along. The
secretary runs the 2019 year (THADS); officer_a (TAND) and officer_b (VKSND) are members of the
same bloc and see its proposals; the Council sees what reached it; the editor sees nothing."""

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from PIL import Image

from thidua.awards.models import AwardRecord
from thidua.core.testing import CREATED, DENIED, HIDDEN, LOGIN, NO_CONTENT, OK, REDIRECT, UNAUTH, Case
from thidua.organisations.models import BlocYear, Person
from thidua.proposals import services
from thidua.proposals.models import CouncilSession, ExemplaryModel, Proposal
from thidua.proposals.tests.demo_state import undo_demo_2019_journey

Y = "/de-nghi/khoi/KNC/2019"
ACCEPTED = 202


def _by():
    return BlocYear.objects.get(bloc__code="KNC", year=2019)


def drafts(w) -> dict:
    """The three 2019 proposals, created once per transaction; {unit code: proposal}."""
    undo_demo_2019_journey()  # the demo decided 2019: start from the day after the conference
    existing = {
        p.unit.code: p for p in Proposal.objects.filter(year=2019, unit__isnull=False).select_related("unit")
    }
    if existing:
        return existing
    _clear_2019_flags()
    made = services.proposals_from_outcomes(actor=w.secretary, bloc_year=_by())
    return {p.unit.code: p for p in made}


def _clear_2019_flags() -> None:
    undo_demo_2019_journey()
    AwardRecord.objects.filter(year=2019, award__code__in=["co_tinh", "co_cp"]).delete()


def draft(w):
    return drafts(w)["SNV"]


def carried(w, to: str):
    """The TAND proposal carried to ``to`` ("received", "approved" or "decided")."""
    p = drafts(w)["TAND"]
    if p.status == "draft":
        services.dossier_generate(actor=w.secretary, proposal=p)
        p = services.proposal_submit(actor=w.secretary, proposal=p, late_reason="Ma trận quyền")
        p = services.proposal_receive(actor=w.provincial, proposal=p)
    if to in ("approved", "decided") and p.status == "received":
        p = services.council_vote_record(actor=w.provincial, proposal=p, yes=13, members=15)
    if to == "decided" and p.status == "approved":
        services.decision_record(
            actor=w.provincial,
            number="245/QĐ-UBND",
            date=dt.date(2020, 1, 22),
            signer_name="Nguyễn Văn Hải",
            signer_title="Chủ tịch UBND tỉnh",
            authority="provincial_chairman",
            authority_name="Ủy ban nhân dân tỉnh",
            proposals=[p],
        )
        p = Proposal.objects.get(pk=p.pk)
    return p


def central_approved(w):
    """The SNV proposal (Government flag) approved by the Council, waiting to go to MoHA."""
    p = drafts(w)["SNV"]
    if p.status == "draft":
        services.dossier_generate(actor=w.secretary, proposal=p)
        p = services.proposal_submit(actor=w.secretary, proposal=p, late_reason="Ma trận quyền")
        p = services.proposal_receive(actor=w.provincial, proposal=p)
        p = services.council_vote_record(
            actor=w.provincial, proposal=p, yes=13, members=15, voted_on=dt.date(2020, 1, 8)
        )
    return p


FORWARD = {"letter_number": "12/TTr-UBND", "forwarded_on": "2020-01-10"}


def dossier_job(w):
    """A job for the SNV draft; the matrix's transaction never commits, so it stays pending."""
    from thidua.proposals.jobs import dossier_job_start

    return dossier_job_start(actor=w.secretary, proposals=[draft(w)])


def decision(w):
    return carried(w, "decided").decision_item.decision


def exemplary(w):
    return ExemplaryModel.objects.filter(published=True).first()


def photo(w):
    model = exemplary(w)
    existing = model.photos.first()
    if existing:
        return existing
    buf = io.BytesIO()
    Image.new("RGB", (40, 30), "navy").save(buf, format="PNG")
    with TestCase.captureOnCommitCallbacks(execute=True):  # uploads are moved into place at commit
        return services.exemplary_photo_add(
            actor=w.provincial,
            model=model,
            upload=SimpleUploadedFile("a.png", buf.getvalue(), content_type="image/png"),
        )


ALL_PAGE = {"anonymous": LOGIN}
MEMBERS_PAGE = {
    "admin": OK,
    "provincial": OK,
    "secretary": OK,
    "officer_a": OK,
    "officer_b": OK,
    "council": OK,
    "editor": HIDDEN,
    "anonymous": LOGIN,
}
DRAFT_PAGE = {**MEMBERS_PAGE, "council": HIDDEN}
MANAGERS_POST = {"admin": REDIRECT, "provincial": REDIRECT, "secretary": REDIRECT, "anonymous": LOGIN}
OFFICE_POST = {"admin": REDIRECT, "provincial": REDIRECT, "anonymous": LOGIN}
OFFICE_PAGE = {"admin": OK, "provincial": OK, "anonymous": LOGIN}
REPORT_PAGE = {"admin": OK, "provincial": OK, "council": OK, "anonymous": LOGIN}
API_ALL = {"anonymous": UNAUTH}
API_DRAFT = {
    "admin": OK,
    "provincial": OK,
    "secretary": OK,
    "officer_a": OK,
    "officer_b": OK,
    "council": HIDDEN,
    "editor": HIDDEN,
    "anonymous": UNAUTH,
}
# Writes on a draft: managers succeed; members see it but may not; the rest do not see it.
API_PREPARE = {
    "officer_a": DENIED,
    "officer_b": DENIED,
    "council": HIDDEN,
    "editor": HIDDEN,
    "anonymous": UNAUTH,
}
API_OFFICE = {
    "secretary": DENIED,
    "officer_a": DENIED,
    "officer_b": DENIED,
    "council": HIDDEN,
    "editor": HIDDEN,
    "anonymous": UNAUTH,
}
API_REPORT = {"admin": OK, "provincial": OK, "council": OK, "anonymous": UNAUTH}
# The demo's exemplary model is a judge of TAND: the office and TAND's officer may edit it; it is
# published, so the others see it (pages answer 404 to an edit, the API 403).
EXEMPLARY_POST = {"admin": REDIRECT, "provincial": REDIRECT, "officer_a": REDIRECT, "anonymous": LOGIN}
EXEMPLARY_API = {"admin": OK, "provincial": OK, "officer_a": OK, "anonymous": UNAUTH}

CASES = [
    # Pages ------------------------------------------------------------------------------------
    Case("proposals:proposal_list", lambda w: "/de-nghi/?year=2019", default=OK, expect=ALL_PAGE),
    Case("proposals:bloc_year", lambda w: f"{Y}/", default=OK, expect=MEMBERS_PAGE),
    Case(
        "proposals:from_outcomes",
        lambda w: f"{Y}/tu-hoi-nghi/",
        method="POST",
        default=HIDDEN,
        expect=MANAGERS_POST,
    ),
    Case(
        "proposals:bloc_list",
        lambda w: f"{Y}/danh-sach/",
        method="POST",
        data=lambda w: drafts(w) and {},
        default=HIDDEN,
        expect=MANAGERS_POST,
    ),
    Case(
        "proposals:proposal_create",
        lambda w: f"{Y}/them/",
        default=HIDDEN,
        expect={"admin": OK, "provincial": OK, "secretary": OK, "anonymous": LOGIN},
    ),
    Case("proposals:proposal_detail", lambda w: draft(w).get_absolute_url(), expect=DRAFT_PAGE),
    Case(
        "proposals:proposal_detail",
        lambda w: carried(w, "received").get_absolute_url(),
        expect={**MEMBERS_PAGE},
    ),
    Case(
        "proposals:proposal_edit",
        lambda w: f"/de-nghi/{draft(w).uuid}/sua/",
        method="POST",
        data=lambda w: {"achievement_report": "I. SƠ LƯỢC\nNội dung đã sửa."},
        default=HIDDEN,
        expect=MANAGERS_POST,
    ),
    Case(
        "proposals:dossier_generate",
        lambda w: f"/de-nghi/{draft(w).uuid}/ho-so/",
        method="POST",
        default=HIDDEN,
        expect=MANAGERS_POST,
    ),
    Case(
        "proposals:dossier_batch",
        lambda w: f"{Y}/ho-so/",
        method="POST",
        data=lambda w: drafts(w) and {},
        default=HIDDEN,
        expect=MANAGERS_POST,
    ),
    Case("proposals:dossier_job", lambda w: dossier_job(w).get_absolute_url(), expect=DRAFT_PAGE),
    Case(
        "proposals:dossier_job_progress",
        lambda w: f"{dossier_job(w).get_absolute_url()}tien-do/?bang=1",
        expect=DRAFT_PAGE,
    ),
    Case(
        "proposals:proposal_submit",
        lambda w: f"/de-nghi/{draft(w).uuid}/trinh/",
        method="POST",
        default=HIDDEN,
        expect=MANAGERS_POST,
    ),
    Case(
        "proposals:proposal_receive",
        lambda w: f"/de-nghi/{draft(w).uuid}/tiep-nhan/",
        method="POST",
        default=HIDDEN,
        expect=OFFICE_POST,
    ),
    Case(
        "proposals:proposal_return",
        lambda w: f"/de-nghi/{draft(w).uuid}/tra-lai/",
        method="POST",
        data=lambda w: {"reason": "Thiếu biên bản"},
        default=HIDDEN,
        expect=OFFICE_POST,
    ),
    Case(
        "proposals:council_vote",
        lambda w: f"/de-nghi/{draft(w).uuid}/hoi-dong/",
        method="POST",
        data=lambda w: {"yes": 12, "members": 15},
        default=HIDDEN,
        expect=OFFICE_POST,
    ),
    Case(
        "proposals:proposal_forward",
        lambda w: f"/de-nghi/{central_approved(w).uuid}/gui-bo-noi-vu/",
        method="POST",
        data=lambda w: {"letter_number": "12/TTr-UBND", "forwarded_on": "10/01/2020"},
        default=HIDDEN,
        expect=OFFICE_POST,
    ),
    Case(
        "proposals:council_meeting", lambda w: "/de-nghi/hoi-dong/2019/", default=HIDDEN, expect=OFFICE_PAGE
    ),
    Case(
        "proposals:receive_many",
        lambda w: "/de-nghi/tiep-nhan-lo/",
        method="POST",
        data=lambda w: {"proposals": [str(draft(w).uuid)]},
        default=HIDDEN,
        expect=OFFICE_POST,
    ),
    Case("proposals:decision_list", lambda w: "/de-nghi/quyet-dinh/", default=OK, expect=ALL_PAGE),
    Case(
        "proposals:decision_create", lambda w: "/de-nghi/quyet-dinh/them/", default=HIDDEN, expect=OFFICE_PAGE
    ),
    Case("proposals:decision_detail", lambda w: decision(w).get_absolute_url(), expect=MEMBERS_PAGE),
    # The decision's Word file and PDF to sign (issue 14): the office; who sees it but may not, 404.
    Case(
        "proposals:decision_document",
        lambda w: f"{decision(w).get_absolute_url()}van-ban/",
        method="POST",
        default=HIDDEN,
        expect=OFFICE_POST,
    ),
    Case(
        "proposals:certificate",
        lambda w: carried(w, "decided").decision_item.get_absolute_url(),
        expect=MEMBERS_PAGE,
    ),
    Case("proposals:reports", lambda w: "/de-nghi/bao-cao/", default=HIDDEN, expect=REPORT_PAGE),
    Case("proposals:reports_excel", lambda w: "/de-nghi/bao-cao/excel/", default=HIDDEN, expect=REPORT_PAGE),
    Case("proposals:province", lambda w: "/de-nghi/toan-tinh/?year=2019", default=HIDDEN, expect=REPORT_PAGE),
    Case(
        "proposals:round_settings", lambda w: "/de-nghi/thiet-lap/2019/", default=HIDDEN, expect=OFFICE_PAGE
    ),
    Case("proposals:exemplary_list", lambda w: "/de-nghi/dien-hinh/", default=OK, expect=ALL_PAGE),
    Case(
        "proposals:exemplary_create",
        lambda w: "/de-nghi/dien-hinh/them/",
        default=HIDDEN,
        expect={
            "admin": OK,
            "provincial": OK,
            "secretary": OK,
            "officer_a": OK,
            "officer_b": OK,
            "anonymous": LOGIN,
        },
    ),
    Case(
        "proposals:exemplary_detail", lambda w: exemplary(w).get_absolute_url(), default=OK, expect=ALL_PAGE
    ),
    Case("proposals:exemplary_photo", lambda w: photo(w).get_absolute_url(), default=OK),
    Case(
        "proposals:exemplary_photo_add",
        lambda w: f"/de-nghi/dien-hinh/{exemplary(w).uuid}/anh/",
        method="POST",
        default=HIDDEN,
        expect={"admin": REDIRECT, "provincial": REDIRECT, "officer_a": REDIRECT, "anonymous": LOGIN},
    ),
    Case(
        "proposals:exemplary_publish",
        lambda w: f"/de-nghi/dien-hinh/{exemplary(w).uuid}/cong-bo/",
        method="POST",
        data=lambda w: {"published": "0"},
        default=HIDDEN,
        expect=OFFICE_POST,
    ),
    Case(
        "proposals:exemplary_edit",
        lambda w: f"/de-nghi/dien-hinh/{exemplary(w).uuid}/sua/",
        default=HIDDEN,
        expect={"admin": OK, "provincial": OK, "officer_a": OK, "anonymous": LOGIN},
    ),
    Case(
        "proposals:exemplary_edit",
        lambda w: f"/de-nghi/dien-hinh/{exemplary(w).uuid}/sua/",
        method="POST",
        data=lambda w: {"title": "Tiêu đề sửa", "year": 2019, "story": "Câu chuyện điển hình. " * 5},
        default=HIDDEN,
        expect=EXEMPLARY_POST,
    ),
    Case(
        "proposals:exemplary_photo_remove",
        lambda w: f"/de-nghi/dien-hinh/{exemplary(w).uuid}/anh/{photo(w).code}/xoa/",
        method="POST",
        default=HIDDEN,
        expect=EXEMPLARY_POST,
    ),
    # API --------------------------------------------------------------------------------------
    Case("GET /api/v1/proposals", lambda w: "/api/v1/proposals?year=2019", default=OK, expect=API_ALL),
    Case("GET /api/v1/proposals/{key}", lambda w: f"/api/v1/proposals/{draft(w).uuid}", expect=API_DRAFT),
    Case(
        "GET /api/v1/proposal-years/{code}/{year}/list",
        lambda w: "/api/v1/proposal-years/KNC/2019/list",
        default=OK,
        expect={"editor": HIDDEN, "anonymous": UNAUTH},
    ),
    Case(
        "POST /api/v1/proposal-years/{code}/{year}/list",
        lambda w: "/api/v1/proposal-years/KNC/2019/list",
        method="POST",
        data=lambda w: drafts(w) and {},
        expect={
            "admin": CREATED,
            "provincial": CREATED,
            "secretary": CREATED,
            "officer_a": DENIED,
            "officer_b": DENIED,
            "council": DENIED,
            "editor": HIDDEN,
            "anonymous": UNAUTH,
        },
    ),
    Case(
        "POST /api/v1/proposal-years/{code}/{year}/from-outcomes",
        lambda w: "/api/v1/proposal-years/KNC/2019/from-outcomes",
        method="POST",
        data=lambda w: _clear_2019_flags() or {},
        expect={
            "admin": CREATED,
            "provincial": CREATED,
            "secretary": CREATED,
            "officer_a": DENIED,
            "officer_b": DENIED,
            "council": DENIED,
            "editor": HIDDEN,
            "anonymous": UNAUTH,
        },
    ),
    Case(
        "POST /api/v1/proposal-years/{code}/{year}/proposals",
        lambda w: "/api/v1/proposal-years/KNC/2019/proposals",
        method="POST",
        data=lambda w: {
            "award": "bk_tinh_cn",
            "person": Person.objects.get(full_name="Lê Thị Mai").pk,
            "vote_yes": 7,
            "vote_base": 8,
        },
        default=CREATED,
        expect={
            "officer_a": DENIED,
            "officer_b": DENIED,
            "council": DENIED,
            "editor": HIDDEN,
            "anonymous": UNAUTH,
        },
    ),
    Case(
        "PATCH /api/v1/proposals/{key}",
        lambda w: f"/api/v1/proposals/{draft(w).uuid}",
        method="PATCH",
        data=lambda w: {"achievement_report": "I. Nội dung đã sửa qua API."},
        default=OK,
        expect=API_PREPARE,
    ),
    Case(
        "GET /api/v1/proposals/{key}/dossier",
        lambda w: f"/api/v1/proposals/{draft(w).uuid}/dossier",
        expect=API_DRAFT,
    ),
    Case(
        "POST /api/v1/proposals/{key}/dossier",
        lambda w: f"/api/v1/proposals/{draft(w).uuid}/dossier",
        method="POST",
        default=ACCEPTED,
        expect=API_PREPARE,
    ),
    Case(
        "POST /api/v1/proposal-years/{code}/{year}/dossier",
        lambda w: "/api/v1/proposal-years/KNC/2019/dossier",
        method="POST",
        data=lambda w: drafts(w) and {},
        default=ACCEPTED,
        expect={
            "officer_a": DENIED,
            "officer_b": DENIED,
            "council": DENIED,
            "editor": HIDDEN,
            "anonymous": UNAUTH,
        },
    ),
    Case(
        "GET /api/v1/dossier-jobs/{uid}",
        lambda w: f"/api/v1/dossier-jobs/{dossier_job(w).uid}",
        expect=API_DRAFT,
    ),
    Case(
        "POST /api/v1/proposals/{key}/submit",
        lambda w: f"/api/v1/proposals/{draft(w).uuid}/submit",
        method="POST",
        data=lambda w: {"late_reason": ""},
        default=422,
        expect=API_PREPARE,
    ),
    Case(
        "POST /api/v1/proposals/{key}/receive",
        lambda w: f"/api/v1/proposals/{draft(w).uuid}/receive",
        method="POST",
        data=lambda w: {},
        default=422,
        expect=API_OFFICE,
    ),
    Case(
        "POST /api/v1/proposals/{key}/return",
        lambda w: f"/api/v1/proposals/{draft(w).uuid}/return",
        method="POST",
        data=lambda w: {"reason": "Thiếu biên bản"},
        default=422,
        expect=API_OFFICE,
    ),
    Case(
        "POST /api/v1/proposals/{key}/council-vote",
        lambda w: f"/api/v1/proposals/{draft(w).uuid}/council-vote",
        method="POST",
        data=lambda w: {"yes": 12, "members": 15},
        default=422,
        expect=API_OFFICE,
    ),
    Case(
        "POST /api/v1/proposals/{key}/forward",
        lambda w: f"/api/v1/proposals/{central_approved(w).uuid}/forward",
        method="POST",
        data=lambda w: FORWARD,
        expect={
            "admin": OK,
            "provincial": OK,
            "secretary": DENIED,
            "officer_a": DENIED,
            "officer_b": DENIED,
            "council": DENIED,
            "editor": HIDDEN,
            "anonymous": UNAUTH,
        },
    ),
    Case(
        "POST /api/v1/proposal-years/{year}/council-votes",
        lambda w: "/api/v1/proposal-years/2019/council-votes",
        method="POST",
        data=lambda w: {"members": 15, "votes": [{"proposal": str(carried(w, "received").uuid), "yes": 13}]},
        expect={
            "admin": OK,
            "provincial": OK,
            "secretary": DENIED,
            "officer_a": DENIED,
            "officer_b": DENIED,
            "council": DENIED,
            "editor": 422,
            "anonymous": UNAUTH,
        },
    ),
    Case("GET /api/v1/decisions", lambda w: "/api/v1/decisions", default=OK, expect=API_ALL),
    Case(
        "GET /api/v1/decisions/{key}",
        lambda w: f"/api/v1/decisions/{decision(w).uuid}",
        default=OK,
        expect={"editor": HIDDEN, "anonymous": UNAUTH},
    ),
    Case(
        "POST /api/v1/decisions",
        lambda w: "/api/v1/decisions",
        method="POST",
        data=lambda w: {
            "number": "246/QĐ-UBND",
            "date": "2020-01-22",
            "signer_name": "Nguyễn Văn Hải",
            "signer_title": "Chủ tịch",
            "authority": "provincial_chairman",
            "proposals": [str(carried(w, "approved").uuid)],
        },
        default=DENIED,
        expect={"admin": CREATED, "provincial": CREATED, "anonymous": UNAUTH},
    ),
    Case("GET /api/v1/exemplary-models", lambda w: "/api/v1/exemplary-models", default=OK),
    Case(
        "GET /api/v1/exemplary-models/{key}",
        lambda w: f"/api/v1/exemplary-models/{exemplary(w).uuid}",
        default=OK,
    ),
    Case(
        "POST /api/v1/exemplary-models",
        lambda w: "/api/v1/exemplary-models",
        method="POST",
        data=lambda w: {
            "title": "Tòa án tỉnh số hoá hồ sơ",
            "year": 2019,
            "unit": "TAND",
            "story": "Câu chuyện " * 10,
        },
        default=DENIED,
        expect={"admin": CREATED, "provincial": CREATED, "officer_a": CREATED, "anonymous": UNAUTH},
    ),
    Case(
        "POST /api/v1/exemplary-models/{key}/publish",
        lambda w: f"/api/v1/exemplary-models/{exemplary(w).uuid}/publish",
        method="POST",
        data=lambda w: {"published": False},
        default=DENIED,
        expect={"admin": OK, "provincial": OK, "anonymous": UNAUTH},
    ),
    Case(
        "PATCH /api/v1/exemplary-models/{key}",
        lambda w: f"/api/v1/exemplary-models/{exemplary(w).uuid}",
        method="PATCH",
        data=lambda w: {"title": "Tiêu đề sửa qua API"},
        default=DENIED,
        expect=EXEMPLARY_API,
    ),
    Case(
        "POST /api/v1/exemplary-models/{key}/photos",
        lambda w: f"/api/v1/exemplary-models/{exemplary(w).uuid}/photos",
        method="POST",
        default=DENIED,
        # No file sent: editors get the 422 "Chọn một ảnh."; the others learn nothing.
        expect={"admin": 422, "provincial": 422, "officer_a": 422, "anonymous": UNAUTH},
    ),
    Case(
        "DELETE /api/v1/exemplary-models/{key}/photos/{code}",
        lambda w: f"/api/v1/exemplary-models/{exemplary(w).uuid}/photos/{photo(w).code}",
        method="DELETE",
        default=DENIED,
        expect={"admin": NO_CONTENT, "provincial": NO_CONTENT, "officer_a": NO_CONTENT, "anonymous": UNAUTH},
    ),
    Case(
        "GET /api/v1/proposal-rounds/{year}",
        lambda w: "/api/v1/proposal-rounds/2019",
        default=OK,
        expect=API_ALL,
    ),
    Case(
        "PUT /api/v1/proposal-rounds/{year}",
        lambda w: "/api/v1/proposal-rounds/2019",
        method="PUT",
        data=lambda w: {"bloc_deadline": "2019-12-12", "council_members": 17},
        default=HIDDEN,
        expect={"admin": OK, "provincial": OK, "anonymous": UNAUTH},
    ),
    Case(
        "GET /api/v1/proposal-reports/awards",
        lambda w: "/api/v1/proposal-reports/awards",
        default=HIDDEN,
        expect=API_REPORT,
    ),
    Case(
        "GET /api/v1/proposal-reports/province/{year}",
        lambda w: "/api/v1/proposal-reports/province/2019",
        default=HIDDEN,
        expect=API_REPORT,
    ),
    Case(
        "GET /api/v1/proposal-reports/province/{year}/dossiers.zip",
        lambda w: carried(w, "received") and "/api/v1/proposal-reports/province/2019/dossiers.zip",
        default=HIDDEN,
        expect=API_REPORT,
    ),
    Case(
        "proposals:dossier_archive",
        lambda w: carried(w, "received") and "/de-nghi/toan-tinh/2019/ho-so.zip",
        default=HIDDEN,
        expect=REPORT_PAGE,
    ),
]


# Excel import of a bloc year's proposals (views_import.py, api_import.py) ---------------------------
# Who may create the year's proposals may import them: pages answer 404 to everybody else; the API
# answers 403 to those who see the bloc year (its members, the Council) and 404 to the rest.


def _import_file(w) -> dict:
    from openpyxl import Workbook

    from thidua.proposals.importer import COLUMNS

    wb = Workbook()
    wb.active.append([label for _, label, _ in COLUMNS])
    wb.active.append([1, "tập thể", "TAND", "", "bk_tinh_tt", 7, 8, "Thành tích tóm tắt.", ""])
    buf = io.BytesIO()
    wb.save(buf)
    return {"file": SimpleUploadedFile("danh-sach.xlsx", buf.getvalue())}


def import_job(w):
    """A job of Khối Nội chính 2019 (pending: its worker starts only after a commit)."""
    from thidua.proposals import importer
    from thidua.proposals.models import ProposalImportJob

    existing = ProposalImportJob.objects.filter(bloc_year=_by()).select_related("bloc_year__bloc").first()
    if existing:
        return existing
    job = importer.proposal_import_create(
        actor=w.secretary, bloc_year=_by(), filename="danh-sach.xlsx", content=_import_file(w)["file"].read()
    )
    return ProposalImportJob.objects.select_related("bloc_year__bloc").get(pk=job.pk)


IMPORT_PAGE = {"admin": OK, "provincial": OK, "secretary": OK, "anonymous": LOGIN}
API_IMPORT = {
    "officer_a": DENIED,
    "officer_b": DENIED,
    "council": DENIED,
    "editor": HIDDEN,
    "anonymous": UNAUTH,
}
IMPORTS = "/api/v1/proposal-years/KNC/2019/imports"

CASES += [
    Case("proposals:import_start", lambda w: f"{Y}/nhap-excel/", default=HIDDEN, expect=IMPORT_PAGE),
    Case(
        "proposals:import_start",
        lambda w: f"{Y}/nhap-excel/",
        method="POST",
        data=_import_file,
        default=HIDDEN,
        expect=MANAGERS_POST,
    ),
    Case(
        "proposals:import_template", lambda w: f"{Y}/nhap-excel/mau.xlsx", default=HIDDEN, expect=IMPORT_PAGE
    ),
    Case(
        "proposals:import_job", lambda w: import_job(w).get_absolute_url(), default=HIDDEN, expect=IMPORT_PAGE
    ),
    Case(
        "proposals:import_progress",
        lambda w: f"{import_job(w).get_absolute_url()}tien-do/",
        default=HIDDEN,
        expect=IMPORT_PAGE,
    ),
    Case(
        "GET /api/v1/proposal-years/{code}/{year}/imports/template",
        lambda w: f"{IMPORTS}/template",
        default=OK,
        expect=API_IMPORT,
    ),
    Case(
        "POST /api/v1/proposal-years/{code}/{year}/imports",
        lambda w: IMPORTS,
        method="POST",
        data=_import_file,
        json=False,  # multipart upload
        default=202,
        expect=API_IMPORT,
    ),
    Case(
        "GET /api/v1/proposal-years/{code}/{year}/imports", lambda w: IMPORTS, default=OK, expect=API_IMPORT
    ),
    Case(
        "GET /api/v1/proposal-years/{code}/{year}/imports/{uid}",
        lambda w: f"{IMPORTS}/{import_job(w).uid}",
        default=OK,
        expect=API_IMPORT,
    ),
]


# The Council's e-vote: a session holds the TAND 2019 proposal carried to "received"; the demo's
# Council (``hoidong``, the council persona, and 14 more) is its member list. The office runs it,
# the council persona votes; officers, the bloc secretary and the editor see nothing (404).

OFFICE_AND_COUNCIL_PAGE = {"admin": OK, "provincial": OK, "council": OK, "anonymous": LOGIN}
# The office and a council member see the session; a member votes, the office gets a message.
SESSION_POST = {"admin": REDIRECT, "provincial": REDIRECT, "council": REDIRECT, "anonymous": LOGIN}
API_SEEN = {
    "admin": OK,
    "provincial": OK,
    "council": OK,
    "secretary": HIDDEN,
    "officer_a": HIDDEN,
    "officer_b": HIDDEN,
    "editor": HIDDEN,
    "anonymous": UNAUTH,
}
API_OFFICE_WRITE = {**API_SEEN, "council": DENIED}


def council_session(w, status: str = "prepared") -> CouncilSession:
    """One session of the TAND proposal, in ``status`` ("prepared", "open" or "closed")."""
    existing = CouncilSession.objects.order_by("-pk").first()
    if existing is None:
        existing = services.council_session_create(
            actor=w.provincial, year=2019, proposals=[carried(w, "received")], title="Phiên ma trận quyền"
        )
    if status in ("open", "closed") and existing.status == "prepared":
        existing = services.council_session_open(actor=w.provincial, session=existing)
    if status == "closed" and existing.status == "open":
        existing = services.council_session_close(actor=w.provincial, session=existing)
    return existing


def _received_uuid(w) -> str:
    return str(carried(w, "received").uuid)


def _prepared_then(w, url: str) -> str:
    """``url``, once the TAND proposal is received: the double-submit test computes the URL once
    and the data in each of its two threads, which must then only read."""
    carried(w, "received")
    return url


def _url(w, status="prepared", tail=""):
    return f"/de-nghi/hoi-dong/phien/{council_session(w, status).uuid}/{tail}"


def _api(w, status="prepared", tail=""):
    return f"/api/v1/council-sessions/{council_session(w, status).uuid}{tail}"


COUNCIL_CASES = [
    Case(
        "proposals:council_sessions",
        lambda w: "/de-nghi/hoi-dong/phien/",
        default=HIDDEN,
        expect=OFFICE_AND_COUNCIL_PAGE,
    ),
    Case(
        "proposals:council_session_create",
        lambda w: _prepared_then(w, "/de-nghi/hoi-dong/2019/phien-moi/"),
        method="POST",
        data=lambda w: {"proposals": [_received_uuid(w)], "title": "Phiên thử"},
        default=HIDDEN,
        expect=OFFICE_POST,
    ),
    Case(
        "proposals:council_session",
        lambda w: _url(w),
        default=HIDDEN,
        expect=OFFICE_AND_COUNCIL_PAGE,
    ),
    Case(
        "proposals:council_session_open",
        lambda w: _url(w, tail="mo/"),
        method="POST",
        default=HIDDEN,
        expect=OFFICE_POST,
    ),
    Case(
        "proposals:council_session_close",
        lambda w: _url(w, "open", "dong/"),
        method="POST",
        default=HIDDEN,
        expect=OFFICE_POST,
    ),
    Case(
        "proposals:council_ballot",
        lambda w: _url(w, "open", "bieu-quyet/"),
        default=HIDDEN,
        expect=OFFICE_AND_COUNCIL_PAGE,
    ),
    Case(
        "proposals:council_check_in",
        lambda w: _url(w, "open", "diem-danh/"),
        method="POST",
        default=HIDDEN,
        expect=SESSION_POST,
    ),
    Case(
        "proposals:council_ballot_vote",
        lambda w: _url(w, "open", f"bieu-quyet/{_received_uuid(w)}/"),
        method="POST",
        data=lambda w: {"choice": "agree"},
        default=HIDDEN,
        expect=SESSION_POST,
    ),
    Case(
        "GET /api/v1/council-sessions",
        lambda w: "/api/v1/council-sessions",
        default=OK,
        expect={"anonymous": UNAUTH},
    ),
    Case(
        "POST /api/v1/council-sessions",
        lambda w: _prepared_then(w, "/api/v1/council-sessions"),
        method="POST",
        data=lambda w: {"year": 2019, "proposals": [_received_uuid(w)], "title": "Phiên qua API"},
        expect={
            "admin": CREATED,
            "provincial": CREATED,
            "council": DENIED,
            # The others do not see the proposal (it reached the Council): named as missing.
            "secretary": DENIED,
            "officer_a": DENIED,
            "officer_b": DENIED,
            "editor": 422,
            "anonymous": UNAUTH,
        },
    ),
    Case("GET /api/v1/council-sessions/{key}", lambda w: _api(w), expect=API_SEEN),
    Case(
        "POST /api/v1/council-sessions/{key}/open",
        lambda w: _api(w, tail="/open"),
        method="POST",
        expect=API_OFFICE_WRITE,
    ),
    Case(
        "POST /api/v1/council-sessions/{key}/close",
        lambda w: _api(w, "open", "/close"),
        method="POST",
        expect=API_OFFICE_WRITE,
    ),
    Case(
        "POST /api/v1/council-sessions/{key}/check-in",
        lambda w: _api(w, "open", "/check-in"),
        method="POST",
        expect={**API_SEEN, "admin": DENIED, "provincial": DENIED},
    ),
    Case(
        "POST /api/v1/council-sessions/{key}/votes",
        lambda w: _api(w, "open", "/votes"),
        method="POST",
        data=lambda w: {"proposal": _received_uuid(w), "choice": "agree"},
        expect={**API_SEEN, "admin": DENIED, "provincial": DENIED},
    ),
    Case(
        "GET /api/v1/council-sessions/{key}/results",
        lambda w: _api(w, "closed", "/results"),
        expect=API_SEEN,
    ),
    Case(
        "GET /api/v1/council-sessions/{key}/minutes",
        lambda w: _api(w, "closed", "/minutes"),
        expect=API_SEEN,
    ),
]

CASES += COUNCIL_CASES


# Certificates as signed documents (issue 14) --------------------------------------------------------
# The office makes a certificate's Word file and PDF to sign: who sees the certificate but may not
# make it gets 404 on the page and 403 in the API; whoever sees its proposal reads its state.


def certificate_item(w):
    return carried(w, "decided").decision_item


CERTIFICATE_CASES = [
    Case(
        "proposals:certificate_document",
        lambda w: f"{certificate_item(w).get_absolute_url()}van-ban/",
        method="POST",
        default=HIDDEN,
        expect=OFFICE_POST,
    ),
    Case(
        "GET /api/v1/certificates/{code}",
        lambda w: f"/api/v1/certificates/{certificate_item(w).certificate_code}",
        default=OK,
        expect={"editor": HIDDEN, "anonymous": UNAUTH},
    ),
    Case(
        "POST /api/v1/certificates/{code}/document",
        lambda w: f"/api/v1/certificates/{certificate_item(w).certificate_code}/document",
        method="POST",
        default=DENIED,
        expect={"admin": CREATED, "provincial": CREATED, "editor": HIDDEN, "anonymous": UNAUTH},
    ),
]

CASES += CERTIFICATE_CASES
