"""REST endpoints of the statutory statistics (MoHA forms 0601.N–0605.N): the reporting bodies,
a body's forms for a statistical year (today's computation or a sent version), the records of one
cell, the sent versions, sending ("submit") and correcting a report, and the Excel workbook.

``{body}`` is "tinh" for the province's own report, else the reporting unit's code."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpResponse
from ninja import Router, Schema, Status
from pydantic import Field

from thidua.core.api import ErrorOut
from thidua.core.idempotency import idempotent_operation
from thidua.statistics import engine, exports, services
from thidua.statistics.permissions import bodies_for, body_for, slug_of
from thidua.statistics.tables import FORM_CODES

router = Router(tags=["Thống kê"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _authenticated(request):
    if not request.user.is_authenticated:
        raise Http404


def _body(request, year: int, body: str):
    _authenticated(request)
    found = body_for(request.user, body)
    if services.year_problem(year) is not None:
        raise Http404
    return found


def _code(value: str) -> str:
    code = value if value.endswith(".N") else f"{value}.N"
    if code not in FORM_CODES:
        raise Http404
    return code


class BodyOut(Schema):
    key: str  # "tinh" or the unit's code: the {body} of the other paths
    name: str
    unit_code: str
    receiver: str


class VersionOut(Schema):
    year: int
    body: str
    number: int
    submitted_at: dt.datetime
    submitted_by: str
    reason: str
    digest: str

    @staticmethod
    def of(version) -> dict:
        user = version.submitted_by
        return {
            "year": version.report.year,
            "body": version.report.body_code or "tinh",
            "number": version.number,
            "submitted_at": version.submitted_at,
            "submitted_by": user.get_full_name() or user.username,
            "reason": version.reason,
            "digest": version.digest,
        }


class FormsOut(Schema):
    year: int
    body: BodyOut
    period_start: dt.date
    period_end: dt.date
    version: int | None  # the sent version shown; null: today's computation
    has_data: bool
    forms: list[dict]  # FormResult.to_json() of each form


class CellRecordOut(Schema):
    model: str
    id: int
    label: str
    date: dt.date | None = None
    url: str = ""


class StatisticsCorrectionIn(Schema):
    reason: str = Field(default="", max_length=services.REASON_MAX)


def _body_out(body) -> dict:
    return {"key": slug_of(body), "name": body.name, "unit_code": body.unit_code, "receiver": body.receiver}


@router.get(
    "/statistics/bodies",
    response={200: list[BodyOut], **ERRORS},
    url_name="api_statistics_bodies",
    summary="Các đơn vị báo cáo thống kê được xem",
)
def bodies(request):
    _authenticated(request)
    return [_body_out(b) for b in bodies_for(request.user)]


@router.get(
    "/statistics/{year}/{body}/forms",
    response={200: FormsOut, **ERRORS},
    url_name="api_statistics_forms",
    summary="Các biểu thống kê của một năm (số liệu tính hôm nay hoặc một phiên bản đã gửi)",
)
def forms(request, year: int, body: str, form: str = "", version: str = ""):
    """``version``: empty for today's computation, a number for that sent version, "latest" for
    the latest sent one. ``form``: "0601" … "0605" for one form only."""
    found = _body(request, year, body)
    shown_version = None
    if version:
        versions = services.versions_of(year=year, body=found)
        if version == "latest":
            shown_version = versions[0] if versions else None
        else:
            shown_version = next((v for v in versions if str(v.number) == version), None)
        if shown_version is None:
            raise Http404
        results = shown_version.results()
    else:
        results = services.compute(year=year, body=found)
    if form:
        code = _code(form)
        results = [r for r in results if r.code == code]
    start, end = services.statistical_period(year)
    return {
        "year": year,
        "body": _body_out(found),
        "period_start": start,
        "period_end": end,
        "version": shown_version.number if shown_version else None,
        "has_data": services.has_data(results),
        "forms": [r.to_json() for r in results],
    }


@router.get(
    "/statistics/{year}/{body}/cells",
    response={200: list[CellRecordOut], **ERRORS},
    url_name="api_statistics_cell",
    summary="Các hồ sơ được đếm vào một ô của biểu",
)
def cell(request, year: int, body: str, form: str, row: str, column: str):
    found = _body(request, year, body)
    code = _code(form)
    result = engine.build(code, year=year, body=found)
    if not any(r.key == row for r in result.rows) or not any(c.key == column for c in result.columns):
        raise Http404
    return engine.cell_records(code, year=year, body=found, row=row, column=column)


@router.get(
    "/statistics/{year}/{body}/versions",
    response={200: list[VersionOut], **ERRORS},
    url_name="api_statistics_versions",
    summary="Các phiên bản báo cáo đã chốt và gửi (mới nhất trước)",
)
def versions(request, year: int, body: str):
    found = _body(request, year, body)
    return [VersionOut.of(v) for v in services.versions_of(year=year, body=found)]


@router.post(
    "/statistics/{year}/{body}/submit",
    response={201: VersionOut, **ERRORS},
    url_name="api_statistics_submit",
    summary="Chốt số liệu và gửi báo cáo (phiên bản 1)",
)
@idempotent_operation
def submit(request, year: int, body: str):
    found = _body(request, year, body)
    version = services.report_submit(actor=request.user, year=year, body=found)
    return Status(201, VersionOut.of(version))


@router.post(
    "/statistics/{year}/{body}/corrections",
    response={201: VersionOut, **ERRORS},
    url_name="api_statistics_correct",
    summary="Tạo bản điều chỉnh của báo cáo đã gửi (kèm lý do)",
)
@idempotent_operation
def correct(request, year: int, body: str, payload: StatisticsCorrectionIn):
    found = _body(request, year, body)
    version = services.report_correct(actor=request.user, year=year, body=found, reason=payload.reason)
    return Status(201, VersionOut.of(version))


@router.get(
    "/statistics/{year}/{body}/forms.xlsx",
    url_name="api_statistics_xlsx",
    summary="Tải Excel các biểu theo mẫu (số liệu hôm nay, hoặc ?version= một phiên bản đã gửi)",
)
def xlsx(request, year: int, body: str, version: int | None = None, form: str = ""):
    found = _body(request, year, body)
    if version is not None:
        sent = services.version_of(year=year, body=found, number=version)
        if sent is None:
            raise Http404
        results = sent.results()
    else:
        results = services.compute(year=year, body=found)
    code = _code(form) if form else None
    if code:
        results = [r for r in results if r.code == code]
    response = HttpResponse(exports.forms_xlsx(results), content_type=exports.XLSX)
    name = exports.file_name(code, year, found, "xlsx")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
