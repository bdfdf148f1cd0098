"""Who may open the statutory statistics (issue 20): the office (admin, provincial) every
reporting body's report; a unit's emulation officer their own unit's (TAND for officer_a, VKSND
for officer_b); nobody else (404). The demo's statistical year 2019 has records for TAND."""

from thidua.core.testing import CREATED, HIDDEN, LOGIN, OK, REDIRECT, UNAUTH, Case
from thidua.statistics import engine, services
from thidua.statistics.models import StatisticsExportJob, StatisticsReport, StatisticsReportVersion

YEAR = 2019
PAGE = f"/bao-cao-thong-ke/{YEAR}/TAND"
API = f"/api/v1/statistics/{YEAR}/TAND"

# The pages of TAND's report: the office and TAND's own officer.
TAND_PAGE = {"admin": OK, "provincial": OK, "officer_a": OK, "anonymous": LOGIN}
TAND_SENT = {"admin": REDIRECT, "provincial": REDIRECT, "officer_a": REDIRECT, "anonymous": LOGIN}
TAND_API = {"admin": OK, "provincial": OK, "officer_a": OK, "anonymous": UNAUTH}
TAND_CREATED = {"admin": CREATED, "provincial": CREATED, "officer_a": CREATED, "anonymous": UNAUTH}
# The picker: the office, and the officers of a unit (their own unit; the THADS secretary is one).
PICKER = {
    "admin": OK,
    "provincial": OK,
    "secretary": OK,
    "officer_a": OK,
    "officer_b": OK,
    "anonymous": LOGIN,
}


def _tand():
    return next(b for b in engine.reporting_bodies() if b.unit_code == "TAND")


def _cell_query(w) -> str:
    """A non-empty cell of TAND's form 0601.N in 2019."""
    form = engine.build("0601.N", year=YEAR, body=_tand())
    (row, column), _ = next((k, v) for k, v in sorted(form.cells.items()) if v)
    return f"mau=0601&hang={row}&cot={column}"


def _sent_then_changed(w) -> None:
    """TAND's 2019 report sent once (version 1) with numbers that differ from today's, so that a
    correction has something to correct."""
    body = _tand()
    data = services.forms_json(services.compute(year=YEAR, body=body))
    data[0] = {**data[0], "cells": []}
    report = StatisticsReport.objects.create(year=YEAR, body_code="TAND", body_name=body.name)
    StatisticsReportVersion.objects.create(
        report=report, number=1, forms=data, digest=services.digest_of(data), submitted_by=w.admin
    )


def _correct_page(w) -> str:
    _sent_then_changed(w)
    return f"{PAGE}/dieu-chinh/"


def _correct_api(w) -> str:
    _sent_then_changed(w)
    return f"{API}/corrections"


def _job(w) -> str:
    """A finished export of TAND's 2019 forms, made by TAND's officer."""
    body = _tand()
    return str(
        StatisticsExportJob.objects.create(
            created_by=w.officer_a,
            year=YEAR,
            body_code="TAND",
            body_name=body.name,
            file_format="xlsx",
            status="succeeded",
            file_name="bao-cao-thong-ke-2019-tand.xlsx",
            content=b"PK",
        ).uid
    )


CASES = [
    Case("statistics:index", lambda w: "/bao-cao-thong-ke/", default=HIDDEN, expect=PICKER),
    Case("statistics:report", lambda w: f"{PAGE}/?mau=0601", default=HIDDEN, expect=TAND_PAGE),
    Case("statistics:cell", lambda w: f"{PAGE}/o/?{_cell_query(w)}", default=HIDDEN, expect=TAND_PAGE),
    Case(
        "statistics:export",
        lambda w: f"{PAGE}/xuat/?dinh-dang=xlsx&mau=tat-ca",
        default=HIDDEN,
        expect=TAND_PAGE,
    ),
    Case(
        "statistics:export_start",
        lambda w: f"{PAGE}/xuat/chay-nen/",
        method="POST",
        data=lambda w: {"dinh_dang": "xlsx", "mau": "tat-ca"},
        default=HIDDEN,
        expect=TAND_SENT,
    ),
    Case(
        "statistics:export_job",
        lambda w: f"/bao-cao-thong-ke/xuat/{_job(w)}/",
        default=HIDDEN,
        expect=TAND_PAGE,
    ),
    Case(
        "statistics:export_progress",
        lambda w: f"/bao-cao-thong-ke/xuat/{_job(w)}/tien-do/",
        default=HIDDEN,
        expect=TAND_PAGE,
    ),
    Case(
        "statistics:export_download",
        lambda w: f"/bao-cao-thong-ke/xuat/{_job(w)}/tai/",
        default=HIDDEN,
        expect=TAND_PAGE,
    ),
    Case("statistics:submit", lambda w: f"{PAGE}/chot/", method="POST", default=HIDDEN, expect=TAND_SENT),
    Case("statistics:correct", lambda w: f"{PAGE}/dieu-chinh/", default=HIDDEN, expect=TAND_PAGE),
    Case(
        "statistics:correct",
        _correct_page,
        method="POST",
        data=lambda w: {"reason": "Bổ sung phong trào thi đua còn thiếu"},
        default=HIDDEN,
        expect=TAND_SENT,
    ),
    # API --------------------------------------------------------------------------------------------
    Case(
        "GET /api/v1/statistics/bodies",
        lambda w: "/api/v1/statistics/bodies",
        default=OK,  # the list is empty for those who see no report
        expect={"anonymous": UNAUTH},
    ),
    Case(
        "GET /api/v1/statistics/{year}/{body}/forms",
        lambda w: f"{API}/forms",
        default=HIDDEN,
        expect=TAND_API,
    ),
    Case(
        "GET /api/v1/statistics/{year}/{body}/cells",
        lambda w: (
            f"{API}/cells?"
            + _cell_query(w).replace("mau=", "form=").replace("hang=", "row=").replace("cot=", "column=")
        ),
        default=HIDDEN,
        expect=TAND_API,
    ),
    Case(
        "GET /api/v1/statistics/{year}/{body}/versions",
        lambda w: f"{API}/versions",
        default=HIDDEN,
        expect=TAND_API,
    ),
    Case(
        "GET /api/v1/statistics/{year}/{body}/forms.xlsx",
        lambda w: f"{API}/forms.xlsx",
        default=HIDDEN,
        expect=TAND_API,
    ),
    Case(
        "POST /api/v1/statistics/{year}/{body}/submit",
        lambda w: f"{API}/submit",
        method="POST",
        data=lambda w: {},
        default=HIDDEN,
        expect=TAND_CREATED,
    ),
    Case(
        "POST /api/v1/statistics/{year}/{body}/corrections",
        _correct_api,
        method="POST",
        data=lambda w: {"reason": "Bổ sung phong trào thi đua còn thiếu"},
        default=HIDDEN,
        expect=TAND_CREATED,
    ),
]
