"""Sent reports (issue 20 item 3): "Chốt số liệu và gửi báo cáo" locks the five computed forms for
a year and body; a later correction of the records never changes a sent version silently (the page
shows the sent version and lists the changed cells); "Tạo bản điều chỉnh" makes a new version with
its required reason; bad input changes nothing."""

import re

import pytest
from django.core.exceptions import ValidationError

from thidua.core.models import AuditEvent
from thidua.statistics import services
from thidua.statistics.models import StatisticsReportVersion
from thidua.statistics.tables import FORM_CODES
from thidua.statistics.tests import fake_engine

pytestmark = pytest.mark.django_db

URL = "/bao-cao-thong-ke/2019/tinh/"


def shown(page: str, row: str, column: str) -> str:
    """The value a cell of the table shows (its link's text)."""
    found = re.search(rf'hang={row}&amp;cot={column}"[^>]*>(\d+)</a>', page)
    return found.group(1) if found else ""


@pytest.fixture(autouse=True)
def fake(monkeypatch):
    fake_engine.use(monkeypatch)
    return fake_engine


def test_sending_locks_the_five_forms_once(world, client_for):
    client = client_for("provincial")
    response = client.post(URL + "chot/")
    assert response.status_code == 302
    version = StatisticsReportVersion.objects.get()
    assert (version.number, version.report.year, version.report.body_code) == (1, 2019, "")
    assert [f["code"] for f in version.forms] == list(FORM_CODES)
    assert version.results()[0].value("total", "all") == 6
    assert version.submitted_by == world.provincial
    event = AuditEvent.objects.get(action="statistics_report.submit")
    assert event.after["number"] == 1 and event.after["year"] == 2019
    page = client.get(URL).content.decode()
    assert "Đang xem <strong>phiên bản 1</strong>" in page
    assert 'id="statistics-submit"' not in page and 'id="statistics-changes"' not in page
    # Sending the same version again: a clear message, nothing changed.
    again = client.post(URL + "chot/", follow=True).content.decode()
    assert "đã được chốt và gửi ngày" in again and "số liệu không thay đổi nên không gửi lại" in again
    assert StatisticsReportVersion.objects.count() == 1
    assert AuditEvent.objects.filter(action="statistics_report.submit").count() == 1


def test_a_later_correction_of_the_records_shows_as_changed_cells_not_silently(world, client_for, fake):
    client = client_for("provincial")
    client.post(URL + "chot/")
    fake.VALUES[("a", "flag")] = 4  # a record corrected after sending: 2 flags became 4
    page = client.get(URL + "?mau=0603").content.decode()
    # The sent version is what is shown…
    assert "Đang xem <strong>phiên bản 1</strong>" in page
    assert shown(page, "a", "flag") == "2"
    # …with a notice naming each changed cell, and the way to correct.
    changes = page.split('id="statistics-changes"')[1].split("</div>")[0]
    assert (
        "Biểu 0601.N, 1.1. Khen thưởng thường xuyên × Khen thưởng tập thể – Cờ thi đua: đã gửi 2, hôm nay 4"
        in changes
    )
    assert "Biểu 0601.N, 1. Tổng số × Tổng số: đã gửi 6, hôm nay 8" in changes
    assert changes.count("<li>") == 5 * 4  # 4 cells (leaf, row total, column total, grand total) × 5 forms
    assert 'href="/bao-cao-thong-ke/2019/tinh/dieu-chinh/"' in changes
    # Today's computation on request.
    live = client.get(URL + "?phien-ban=hien-tai").content.decode()
    assert shown(live, "a", "flag") == "4"
    # Sending again is refused: a sent report changes only by a correction with its reason.
    refused = client.post(URL + "chot/", follow=True).content.decode()
    assert "hãy tạo bản điều chỉnh" in refused
    assert StatisticsReportVersion.objects.count() == 1


def test_a_correction_needs_its_reason_and_keeps_the_earlier_version(world, client_for, fake):
    client = client_for("provincial")
    client.post(URL + "chot/")
    fake.VALUES[("b", "cstd")] = 3
    form = client.get(URL + "dieu-chinh/").content.decode()
    assert "đã gửi 1, hôm nay 3" in form
    page = client.post(URL + "dieu-chinh/", {"reason": "   "}).content.decode()
    assert "Hãy ghi lý do điều chỉnh báo cáo" in page
    assert StatisticsReportVersion.objects.count() == 1
    response = client.post(URL + "dieu-chinh/", {"reason": "Bổ sung quyết định 12/QĐ-UBND ngày 20/11/2019"})
    assert response.status_code == 302
    v1, v2 = StatisticsReportVersion.objects.order_by("number")
    assert (v1.results()[0].value("b", "cstd"), v2.results()[0].value("b", "cstd")) == (1, 3)
    assert v2.reason == "Bổ sung quyết định 12/QĐ-UBND ngày 20/11/2019" and v1.reason == ""
    event = AuditEvent.objects.get(action="statistics_report.correct")
    assert event.reason == v2.reason and event.after["previous"] == 1 and event.after["number"] == 2
    page = client.get(URL).content.decode()
    assert "Đang xem <strong>phiên bản 2</strong>" in page and 'id="statistics-changes"' not in page
    versions = page.split('id="statistics-versions"')[1]
    assert "Bổ sung quyết định 12/QĐ-UBND" in versions and "(gửi lần đầu)" in versions
    old = client.get(URL + "?phien-ban=1").content.decode()
    assert "Đang xem <strong>phiên bản 1</strong>" in old and "đã gửi 1, hôm nay 3" in old
    # Nothing changed since version 2: a further correction is refused, nothing written.
    again = client.post(URL + "dieu-chinh/", {"reason": "Gửi lại"}).content.decode()
    assert "không khác phiên bản 2" in again
    assert StatisticsReportVersion.objects.count() == 2


def test_bad_input_changes_nothing(world, fake):
    office = world.provincial
    body = fake_engine.PROVINCE
    with pytest.raises(ValidationError, match="chưa có số liệu nào"):
        services.report_submit(actor=office, year=2017, body=body)
    with pytest.raises(ValidationError, match="kết thúc ngày 30/11/2027"):
        services.report_submit(actor=office, year=2027, body=body)
    with pytest.raises(ValidationError, match="không hợp lệ"):
        services.report_submit(actor=office, year=1800, body=body)
    with pytest.raises(ValidationError, match="chưa được chốt và gửi"):
        services.report_correct(actor=office, year=2019, body=body, reason="Điều chỉnh")
    with pytest.raises(ValidationError, match="Lý do điều chỉnh dài quá"):
        services.report_correct(actor=office, year=2019, body=body, reason="x" * 2001)
    assert not StatisticsReportVersion.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="statistics_report.").exists()


def test_a_units_officer_sends_their_own_units_report_only(world, client_for):
    officer = client_for("officer_a")
    assert officer.post("/bao-cao-thong-ke/2019/TAND/chot/").status_code == 302
    assert StatisticsReportVersion.objects.get().report.body_code == "TAND"
    assert officer.post("/bao-cao-thong-ke/2019/VKSND/chot/").status_code == 404
    assert officer.post(URL + "chot/").status_code == 404
    assert officer.get("/bao-cao-thong-ke/2019/VKSND/dieu-chinh/").status_code == 404
    assert StatisticsReportVersion.objects.count() == 1
    with pytest.raises(Exception, match="Chỉ Phòng Thi đua"):
        services.report_submit(actor=world.officer_a, year=2019, body=fake_engine.VKSND)


def test_changed_cells_lists_rows_and_columns_in_the_forms_order(fake):
    before = fake_engine.build_all(year=2019, body=fake_engine.PROVINCE)
    fake.VALUES[("a", "bk")] = 0
    after = fake_engine.build_all(year=2019, body=fake_engine.PROVINCE)
    changes = services.changed_cells(before, after)
    first = [(c.row, c.column, c.sent, c.today) for c in changes if c.form == "0601.N"]
    assert first == [("total", "all", 6, 3), ("total", "bk", 3, 0), ("a", "all", 5, 2), ("a", "bk", 3, 0)]
    assert services.changed_cells(before, before) == []
