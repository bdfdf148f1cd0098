"""The statistics pages (issue 20 items 1–3): who sees which report, each form as a table with its
merged group headers, cells that open the records they count, warnings above the table, a year
without data said in Vietnamese. The engine is replaced by known values (``fake_engine``)."""

import pytest

from thidua.organisations.models import Person
from thidua.statistics.tables import Warning
from thidua.statistics.tests import fake_engine

pytestmark = pytest.mark.django_db

URL = "/bao-cao-thong-ke/2019/tinh/"


@pytest.fixture(autouse=True)
def fake(monkeypatch):
    fake_engine.use(monkeypatch)
    return fake_engine


def test_the_office_reads_a_form_as_a_table_with_merged_group_headers(world, client_for):
    page = client_for("provincial").get(URL + "?mau=0602").content.decode()
    assert "Biểu 0602.N: Khen thưởng cấp Nhà nước" in page
    assert "Kỳ thống kê: Từ ngày 01/12/2018 đến ngày 30/11/2019" in page
    assert '<th scope="col" colspan="2">Khen thưởng tập thể</th>' in page
    assert '<th scope="col" rowspan="2">Tổng số</th>' in page
    # Every non-empty cell is a link to its records (HTMX), an empty one is not.
    assert 'hx-get="/bao-cao-thong-ke/2019/tinh/o/?mau=0602.N&amp;hang=a&amp;cot=flag"' in page
    assert "hang=b&amp;cot=flag" not in page
    # The five forms as tabs; nothing sent yet, the year over: the office may send.
    for code in ("0601.N", "0602.N", "0603.N", "0604.N", "0605.N"):
        assert code in page
    assert 'id="statistics-submit"' in page
    assert 'id="statistics-no-data"' not in page


def test_a_cell_opens_the_records_it_counts(world, client_for):
    client = client_for("provincial")
    url = "/bao-cao-thong-ke/2019/tinh/o/?mau=0601&hang=total&cot=all"
    partial = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial
    assert partial.count("<li>") == 6  # the total of 2 + 3 + 1
    assert "Hồ sơ 0601.N total/all số 6" in partial
    page = client.get(url).content.decode()  # opened directly: a page of its own
    assert "<html" in page and "Hồ sơ 0601.N total/all số 1" in page
    assert client.get("/bao-cao-thong-ke/2019/tinh/o/?mau=0601&hang=nope&cot=all").status_code == 404
    assert client.get("/bao-cao-thong-ke/2019/tinh/o/?mau=0609&hang=a&cot=all").status_code == 404


def test_a_year_without_data_says_so(world, client_for):
    page = client_for("provincial").get("/bao-cao-thong-ke/2017/tinh/").content.decode()
    assert "Năm thống kê 2017 (từ ngày 01/12/2016 đến ngày 30/11/2017) chưa có số liệu nào" in page
    assert 'id="statistics-submit"' not in page
    assert "statistics-cell" not in page


def test_unclassified_records_are_listed_above_the_table_each_linked(world, client_for, monkeypatch):
    person = Person.objects.get(full_name="Lê Thị Mai")
    monkeypatch.setattr(
        fake_engine,
        "WARNINGS",
        [Warning("organisations.person", person.pk, "Lê Thị Mai", "chưa ghi đối tượng của cá nhân")],
    )
    page = client_for("provincial").get(URL).content.decode()
    warnings = page.split('id="statistics-warnings"')[1].split("</div>")[0]
    assert "1 bản ghi chưa phân loại được" in warnings
    assert (
        f'<a href="/to-chuc/ca-nhan/{person.pk}/">Lê Thị Mai</a>: chưa ghi đối tượng của cá nhân' in warnings
        or (f'href="{person.get_absolute_url()}">Lê Thị Mai</a>' in warnings)
    )
    assert page.index('id="statistics-warnings"') < page.index("statistics-form")


def test_a_units_officer_sees_only_their_own_units_report(world, client_for):
    officer = client_for("officer_a")
    assert officer.get("/bao-cao-thong-ke/2019/TAND/").status_code == 200
    assert officer.get("/bao-cao-thong-ke/2019/VKSND/").status_code == 404
    assert officer.get(URL).status_code == 404
    assert officer.get("/bao-cao-thong-ke/2019/TAND/o/?mau=0601&hang=a&cot=flag").status_code == 200
    assert officer.get("/bao-cao-thong-ke/2019/VKSND/o/?mau=0601&hang=a&cot=flag").status_code == 404
    picker = officer.get("/bao-cao-thong-ke/").content.decode()
    assert "Tòa án nhân dân tỉnh" in picker and "Viện kiểm sát" not in picker
    for persona in ("council", "editor"):
        assert client_for(persona).get("/bao-cao-thong-ke/").status_code == 404
        assert client_for(persona).get("/bao-cao-thong-ke/2019/TAND/").status_code == 404


def test_the_picker_opens_the_chosen_year_and_body(world, client_for):
    client = client_for("provincial")
    response = client.get("/bao-cao-thong-ke/?year=2019&body=VKSND")
    assert response.status_code == 302 and response["Location"] == "/bao-cao-thong-ke/2019/VKSND/"
    page = client.get("/bao-cao-thong-ke/?year=1800&body=tinh").content.decode()
    assert "invalid-feedback" in page
    assert client.get("/bao-cao-thong-ke/1800/tinh/").status_code == 404
    assert client.get("/bao-cao-thong-ke/2019/tinh/?mau=0699").status_code == 404


def test_the_menu_links_the_statistics_for_those_who_see_them(world, client_for):
    assert 'href="/bao-cao-thong-ke/"' in client_for("provincial").get("/ung-dung/").content.decode()
    assert 'href="/bao-cao-thong-ke/"' in client_for("officer_a").get("/ung-dung/").content.decode()
    assert 'href="/bao-cao-thong-ke/"' not in client_for("council").get("/ung-dung/").content.decode()
