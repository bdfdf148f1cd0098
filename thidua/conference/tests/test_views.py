"""Pages end to end with the test client: the phone page, paper entry forms, projector, receipts."""

import datetime as dt

from django.test import Client

from thidua.conference import services
from thidua.conference.models import Ballot, CastBallot, Conference
from thidua.organisations.models import BlocYear, Unit


def enter(client, token):
    """What the phone does: open the token-free page, post the code from the URL fragment."""
    assert client.get("/hoi-nghi/bo-phieu/").status_code == 200
    return client.post("/hoi-nghi/bo-phieu/vao/", {"token": token})


def test_phone_page_votes_once_and_shows_receipt_once(world, client, open_ballot, tokens):
    r = enter(client, tokens["TAND"])
    assert r.status_code == 303 and r["Location"] == "/hoi-nghi/bo-phieu/"
    cookie = r.cookies["thidua_voter"]
    assert cookie["httponly"] and cookie["samesite"] == "Strict" and cookie["path"] == "/hoi-nghi/bo-phieu/"
    assert tokens["TAND"] not in cookie.value
    page = client.get("/hoi-nghi/bo-phieu/")
    assert page.status_code == 200 and "Chọn tối đa 2 đơn vị" in page.content.decode()
    r = client.post("/hoi-nghi/bo-phieu/", {"ballot": str(open_ballot.pk), "choice": ["TAND", "THADS"]})
    body = r.content.decode()
    assert r.status_code == 200 and "Mã biên nhận của bạn" in body
    receipt = body.split('id="receipt">')[1].split("<")[0]
    # Reloading the page never shows the receipt again (it is stored nowhere near the voter).
    again = client.get("/hoi-nghi/bo-phieu/").content.decode()
    assert receipt not in again and "Bạn đã bỏ phiếu cho nội dung này" in again
    # A second submit (double click, back button) is refused and changes nothing.
    r = client.post("/hoi-nghi/bo-phieu/", {"ballot": str(open_ballot.pk), "choice": ["VKSND"]})
    assert r.status_code == 422 and "đã bỏ phiếu" in r.content.decode()
    services.ballot_close(actor=world.secretary, ballot=open_ballot)
    assert CastBallot.objects.get(ballot=open_ballot).receipt == receipt


def test_phone_page_refuses_too_many_and_forged(world, client, open_ballot, tokens):
    enter(client, tokens["TAND"])
    r = client.post(
        "/hoi-nghi/bo-phieu/", {"ballot": str(open_ballot.pk), "choice": ["TAND", "THADS", "SNV"]}
    )
    assert r.status_code == 422 and "tối đa 2" in r.content.decode()
    r = enter(Client(), "khong-co-ma-nay")
    assert r.status_code == 403 and "Mã bỏ phiếu không đúng" in r.content.decode()
    assert "thidua_voter" not in r.cookies or not r.cookies["thidua_voter"].value


def test_paper_flow_through_forms(world, client_for, open_ballot):
    c = client_for("secretary")
    base = f"/hoi-nghi/bieu-quyet/{open_ballot.pk}/"
    ca, stp = Unit.objects.get(code="CA"), Unit.objects.get(code="STP")
    c.post(base + "phat-phieu-giay/", {"units": [ca.pk, stp.pk]})
    figures = {"number": 1, "ballots": 2, "invalid": 0, "abstain": 0, "count_TAND": 2, "count_THADS": 1}
    figures |= {f"count_{code}": 0 for code in ["VKSND", "TTR", "CA", "BCHQS", "STP", "SNV"]}
    r = c.post(base + "tap-phieu/", figures | {"ballots": 3}, follow=True)
    assert "vượt số phiếu giấy đã phát" in r.content.decode()
    c.post(base + "tap-phieu/", figures)
    r = c.post(base + "tap-phieu/1/kiem-lai/", figures | {"count_TAND": 1}, follow=True)
    assert "không khớp" in r.content.decode()
    r = c.post(base + "tap-phieu/1/kiem-lai/", figures, follow=True)
    assert "khớp. Tập phiếu đã được tính" in r.content.decode()
    page = c.get(base).content.decode()
    assert "Nhận phiếu giấy" in page and "Kết quả chỉ được công bố" in page
    projector = c.get(base + "trinh-chieu/").content.decode()
    assert "2/8" in projector and "Trúng cử" not in projector
    c.post(base + "ket-thuc/")
    assert Ballot.objects.get(pk=open_ballot.pk).status == "closed"
    projector = c.get(base + "trinh-chieu/").content.decode()
    assert "Tòa án nhân dân tỉnh" in projector and "Không đạt tỉ lệ" in projector


def test_receipts_page_checks_a_code(world, client, conf2019):
    """The code is posted, never put in the URL (an access log would pair it with the phone)."""
    ballot = Ballot.objects.get(conference=conf2019, kind="government_flag")
    code = CastBallot.objects.filter(ballot=ballot).exclude(receipt="").first().receipt
    r = client.post(f"/hoi-nghi/bieu-quyet/{ballot.pk}/bien-nhan/", {"ma": code.lower()})
    assert "phiếu của bạn đã được kiểm" in r.content.decode()
    r = client.post(f"/hoi-nghi/bieu-quyet/{ballot.pk}/bien-nhan/", {"ma": "AAAAA-BBBBB"})
    assert "Không thấy mã" in r.content.decode()
    r = client.get(f"/hoi-nghi/bieu-quyet/{ballot.pk}/bien-nhan/?ma={code}")
    assert "phiếu của bạn đã được kiểm" not in r.content.decode()  # a code in a URL is ignored


def test_create_edit_attendance_pages(world, client_for):
    c = client_for("secretary_snv")
    year = world.ctx["current_year"]
    r = c.post(
        f"/hoi-nghi/khoi/KNC/{year}/tao/",
        {"held_on": f"05/12/{year}", "starts_at": "14:00", "agenda": "Báo cáo\nBầu trưởng khối"},
    )
    conference = Conference.objects.get(bloc_year__bloc__code="KNC", bloc_year__year=year)
    assert r.status_code == 302 and conference.held_on == dt.date(year, 12, 5)
    assert conference.agenda == ["Báo cáo", "Bầu trưởng khối"]
    r = c.post(f"/hoi-nghi/khoi/KNC/{year}/tao/", {"held_on": f"05/12/{year}"})
    assert r.status_code == 302  # already exists: goes to it, creates nothing
    assert Conference.objects.filter(bloc_year__year=year, bloc_year__bloc__code="KNC").count() == 1
    form = {"held_on": "31/02/2020", "directions": "x"}
    r = c.post(f"/hoi-nghi/{conference.pk}/sua/", form)
    assert r.status_code == 200 and "directions" not in str(
        Conference.objects.get(pk=conference.pk).directions
    )
    data = {}
    for att in conference.attendance.select_related("unit"):
        code = att.unit.code
        data |= {
            f"present_{code}": "on",
            f"name_{code}": att.delegate_name or "Đại biểu",
            f"title_{code}": "",
            f"others_{code}": "",
        }
    data.pop("present_STP")
    r = c.post(f"/hoi-nghi/{conference.pk}/diem-danh/", data)
    assert r.status_code == 302
    assert not conference.attendance.get(unit__code="STP").present
    c.post(f"/hoi-nghi/{conference.pk}/the-bo-phieu/", {})
    assert conference.passes.count() == 7
    page = c.get(f"/hoi-nghi/{conference.pk}/the-bo-phieu/").content.decode()
    assert page.count("vote-link") == 7
    svg = c.get(f"/hoi-nghi/{conference.pk}/the-bo-phieu/TAND.svg")
    assert svg["Content-Type"] == "image/svg+xml" and b'xmlns="http://www.w3.org/2000/svg"' in svg.content
    year_obj = BlocYear.objects.get(bloc__code="KNC", year=year)
    assert "Hội nghị tổng kết" in c.get(year_obj.get_absolute_url()).content.decode()
    r = c.post(f"/hoi-nghi/{conference.pk}/bieu-quyet/them/", {"kind": "next_leader", "seats": 1})
    ballot = Ballot.objects.get(conference=conference)
    assert r.status_code == 302 and ballot.candidates.count() == 8
    services.ballot_open(actor=world.secretary_snv, ballot=ballot)


def test_index_query_count_is_fixed(world, client_for, django_assert_max_num_queries):
    """The list of conferences costs a fixed number of queries."""
    c = client_for("provincial")
    with django_assert_max_num_queries(15):
        assert c.get("/hoi-nghi/").status_code == 200


def eligibility_hook(*, bloc_year, kind, unit):
    return [f"{unit.code}: đủ điều kiện (thử)"] if kind == "government_flag" else None


def test_eligibility_hook_is_shown(world, client_for, conf2019, monkeypatch):
    """Notes from a ``candidate_eligibility`` hook appear under each candidate and in the API."""
    from django.apps import apps

    config = apps.get_app_config("conference")
    monkeypatch.setattr(
        config,
        "hooks",
        {**config.hooks, "candidate_eligibility": "thidua.conference.tests.test_views.eligibility_hook"},
    )
    ballot = services.ballot_create(actor=world.secretary, conference=conf2019, kind="government_flag")
    page = client_for("officer_a").get(f"/hoi-nghi/bieu-quyet/{ballot.pk}/").content.decode()
    assert "SNV: đủ điều kiện (thử)" in page
    api = client_for("officer_a").get(f"/api/v1/ballots/{ballot.pk}").json()
    assert api["eligibility"]["TAND"] == ["TAND: đủ điều kiện (thử)"]
