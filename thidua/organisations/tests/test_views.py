"""Pages: bad input on forms, Vietnamese collation and search, pinned query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from thidua.organisations import services
from thidua.organisations.models import Bloc, BlocYear, Unit
from thidua.organisations.tests.factories import BlocFactory, BlocYearFactory, UnitFactory


def test_unit_form_bad_input_shows_the_message_and_changes_nothing(client_for):
    client = client_for("provincial")
    response = client.post(
        "/to-chuc/don-vi/them/",
        {"code": "TAND", "name": "Trùng", "kind": "state", "established_on": "31/02/2020"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nhập một ngày hợp lệ" in html or "ngày hợp lệ" in html
    assert Unit.objects.filter(code="TAND").count() == 1
    response = client.post("/to-chuc/don-vi/them/", {"code": "TAND", "name": "Trùng", "kind": "state"})
    assert "Mã đơn vị “TAND” đã tồn tại." in response.content.decode()


def test_dates_are_entered_and_shown_dd_mm_yyyy(client_for):
    client = client_for("provincial")
    response = client.post(
        "/to-chuc/don-vi/them/",
        {"code": "SYT", "name": "Sở Y tế", "kind": "state", "established_on": "15/08/2008"},
    )
    assert response.status_code == 302
    page = client.get("/to-chuc/don-vi/SYT/").content.decode()
    assert "15/08/2008" in page


def test_unit_list_sorted_in_vietnamese_order(client_for):
    html = client_for("admin").get("/to-chuc/don-vi/").content.decode()
    order = [
        html.index(name)
        for name in ("Bộ Chỉ huy Quân sự tỉnh", "Công an tỉnh", "Cục Thuế tỉnh", "Sở Công Thương")
    ]
    assert order == sorted(order)


def test_search_is_diacritics_insensitive(client_for):
    html = client_for("admin").get("/to-chuc/don-vi/?q=toa an").content.decode()
    assert "Tòa án nhân dân tỉnh" in html
    assert "Viện Kiểm sát" not in html


def test_leader_marked_on_bloc_year_page(client_for):
    html = client_for("officer_b").get("/to-chuc/khoi/KNC/2019/").content.decode()
    assert html.count('data-unit="') == 8
    assert "Cục Thi hành án dân sự tỉnh" in html
    assert "Trưởng khối" in html


def test_start_next_twice_shows_message(before_2020, client_for):
    client = client_for("secretary")
    assert client.post("/to-chuc/khoi/KNC/2019/nam-sau/").status_code == 302
    response = client.post("/to-chuc/khoi/KNC/2019/nam-sau/", follow=True)
    assert "đã có năm 2020" in response.content.decode()
    assert BlocYear.objects.filter(bloc__code="KNC", year=2020).count() == 1


def test_login_is_throttled_after_repeated_failures(client, world, settings):
    settings.LOGIN_MAX_FAILURES = 3
    for _ in range(3):
        response = client.post("/tai-khoan/dang-nhap/", {"username": "admin", "password": "sai"})
        assert response.status_code == 200
        assert "không đúng" in response.content.decode()
    response = client.post("/tai-khoan/dang-nhap/", {"username": "admin", "password": "ThiDua@2019"})
    assert response.status_code == 429
    assert "quá nhiều lần" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_admin_site_signs_in_through_the_throttled_page(client, world):
    response = client.get("/quan-tri/login/?next=/quan-tri/")
    assert response.status_code == 302
    assert response["Location"].startswith("/tai-khoan/dang-nhap/")


def test_login_then_dashboard(client, world):
    response = client.post(
        "/tai-khoan/dang-nhap/", {"username": "thuky2019", "password": "ThiDua@2019"}, follow=True
    )
    html = response.content.decode()
    assert "Khối thi đua các cơ quan Nội chính tỉnh" in html


def make_bloc(code: str, members: int, years: int):
    units = [
        UnitFactory(code=f"{code}{i:02d}", name=f"Đơn vị {code} số {i}", short_name=f"ĐV{i}")
        for i in range(members)
    ]
    bloc = BlocFactory(code=code, name=f"Khối {code}", organiser=f"Cơ quan {code}", rotation=units)
    for year in range(2020 - years, 2020):
        BlocYearFactory(
            bloc=bloc,
            year=year,
            members=units,
            leader=units[year % members],
            deputy=units[(year + 1) % members],
        )
    return bloc


@pytest.fixture
def blocs(world):
    """A small bloc (3 members, 2 years) and a big one (15 members, 10 years)."""
    return make_bloc("SMALL", 3, 2), make_bloc("BIG", 15, 10)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "path,ceiling",
    [
        ("/to-chuc/khoi/{code}/2019/", 45),
        ("/to-chuc/khoi/{code}/", 12),
        ("/to-chuc/don-vi/{code}01/", 40),
    ],
)
def test_page_queries_do_not_grow_with_members_or_years(client_for, blocs, path, ceiling):
    """15 members and 10 years cost the same queries as 3 members and 2 years (no N+1).

    The ceiling includes the panels that later apps add to these pages."""
    client = client_for("admin")
    small = count_queries(client, path.format(code="SMALL"))
    big = count_queries(client, path.format(code="BIG"))
    assert big == small
    assert big <= ceiling


def test_dashboard_query_count_is_pinned(world, client_for, blocs):
    client = client_for("admin")
    before = count_queries(client, "/ung-dung/")
    units = list(Unit.objects.filter(code__startswith="BIG"))
    services.bloc_year_create(actor=world.admin, bloc=Bloc.objects.get(code="BIG"), year=2020, units=units)
    assert count_queries(client, "/ung-dung/") == before
    assert before <= 14  # 10, and the fixed queries of the office's “Việc cần làm” (issue 15 item 6)


def test_list_pages_query_counts(client_for, blocs):
    client = client_for("admin")
    assert count_queries(client, "/to-chuc/don-vi/") <= 8
    assert count_queries(client, "/to-chuc/khoi/") <= 8
    assert count_queries(client, "/to-chuc/ca-nhan/") <= 8


def test_dashboard_counts_every_member_for_a_unit_officer(world, client_for):
    """A member's dashboard shows the full membership of each year, not just its own row."""
    html = client_for("officer_b").get("/ung-dung/").content.decode()
    current = world.ctx["current_year"]
    row = html[html.index(f">{current}</a>") :]
    row = row[: row.index("</tr>")]
    assert '<td class="text-end">8</td>' in row
