"""Issue 15 items 1 and 2: starting the next year (the conference's election, deadlines moved into
the new year, heads carried, one sentence of what was copied) and the hand-over of management to
the new leader unit's bloc secretary (naming an existing person or creating the account there and
then; the outgoing secretary keeps reading their years)."""

import datetime as dt
import json

import pytest
from django.test import Client

from thidua.accounts.choices import Role
from thidua.accounts.models import User
from thidua.conference import services as conference_services
from thidua.core.errors import PermissionDenied, ValidationError
from thidua.core.models import AuditEvent
from thidua.cycles import selectors as cycle_selectors
from thidua.cycles import services as cycle_services
from thidua.organisations import handover, services
from thidua.organisations.choices import LeaderSource
from thidua.organisations.models import BlocYear, Unit
from thidua.organisations.permissions import can_manage_bloc_year

NEW_YEAR_DAY = dt.date(2020, 1, 1)


def _u(code: str) -> Unit:
    return Unit.objects.get(code=code)


def _y(year: int) -> BlocYear:
    return BlocYear.objects.get(bloc__code="KNC", year=year)


def _start_2020_led_by_tand(world) -> BlocYear:
    """2019's conference elects Tòa án (a unit without any bloc secretary); 2020 is started."""
    services.bloc_year_record_election(
        actor=world.secretary, bloc_year=_y(2019), next_leader=_u("TAND"), next_deputy=_u("VKSND")
    )
    return services.bloc_year_start_next(actor=world.secretary, bloc_year=_y(2019))


# 1. Next year -------------------------------------------------------------------------------------


def test_start_2020_takes_the_conference_election_deadlines_and_heads(before_2020):
    world = before_2020
    y2019 = _y(2019)
    # The demo's 2019 conference closed its leader ballot: Sở Nội vụ, 7 of 8 votes, recorded.
    assert y2019.elected_next_leader.code == "SNV"
    new = services.bloc_year_start_next(actor=world.secretary, bloc_year=y2019)

    assert new.year == 2020 and new.leader.code == "SNV"
    assert new.leader_source == LeaderSource.CONFERENCE and new.leader_confirmed_at is not None
    assert new.deputy.code == "TAND"  # only the leader was elected: the deputy follows the rotation
    deadlines = new.settings["deadlines"]
    assert len(deadlines) == 6 and all(day.startswith("2020-") for day in deadlines.values())
    assert deadlines["launched"] == "2020-03-15"
    steps = cycle_selectors.timeline(new, today=NEW_YEAR_DAY)
    assert [s["stage"] for s in steps if s["deadline"] and s["overdue"] > 0] == []
    assert all(s["days_left"] > 0 for s in steps if s["deadline"])
    heads = {m.unit.code: (m.head_name, m.head_title) for m in y2019.members.select_related("unit")}
    carried = {m.unit.code: (m.head_name, m.head_title) for m in new.members.select_related("unit")}
    assert carried == heads and carried["SNV"] == ("Bùi Văn Hùng", "Giám đốc")
    summary = new.start_summary
    assert summary.startswith("Đã bắt đầu năm 2020: chép 8 đơn vị thành viên")
    assert "6 thời hạn dời sang năm 2020" in summary
    assert "Sở Nội vụ theo kết quả bầu tại hội nghị năm 2019" in summary
    assert "xác nhận thủ trưởng các đơn vị" in summary and "phó khối (đề xuất theo luân phiên)" in summary
    assert summary.count(". ") == 0 and summary.endswith(".")  # one sentence
    assert "chỉ định thư ký khối" not in summary  # Sở Nội vụ has its secretary (thukysnv)
    event = AuditEvent.objects.filter(action="bloc_year.start_next").latest("id")
    assert event.after["heads_copied"] == 8 and event.after["deadlines"]["closed"] == "2020-12-31"


def test_rotation_only_without_an_election(before_2020):
    world = before_2020
    BlocYear.objects.filter(pk=_y(2019).pk).update(elected_next_leader=None, elected_next_deputy=None)
    new = services.bloc_year_start_next(actor=world.secretary, bloc_year=_y(2019))
    assert new.leader_id is None and new.leader_source == LeaderSource.ROTATION
    assert new.proposed_leader.code == "SNV" and new.acting_leader.code == "THADS"
    assert "theo luân phiên (chưa có kết quả bầu)" in new.start_summary
    # The vote recorded afterwards replaces the rotation's proposal while it is unconfirmed.
    services.bloc_year_record_election(
        actor=world.secretary, bloc_year=_y(2019), next_leader=_u("VKSND"), next_deputy=None
    )
    new.refresh_from_db()
    assert new.proposed_leader.code == "VKSND" and new.leader_source == LeaderSource.CONFERENCE


def test_the_leader_ballot_of_the_conference_leads_the_next_year(world):
    """End to end: closing the leader and deputy ballots records the election (conference →
    organisations), and "start next year" takes both."""
    year = BlocYear.objects.get(bloc__code="KNC", year=world.ctx["current_year"])
    actor = world.secretary_snv
    conf = conference_services.conference_create(
        actor=actor, bloc_year=year, held_on=dt.date(year.year, 12, 5)
    )
    tokens = {p.unit.code: p.token for p in conference_services.passes_issue(actor=actor, conference=conf)}
    for kind, winner in [("next_leader", "TAND"), ("next_deputy", "VKSND")]:
        ballot = conference_services.ballot_create(
            actor=actor, conference=conf, kind=kind, candidates=[_u("TAND"), _u("VKSND"), _u("CA")]
        )
        conference_services.ballot_open(actor=actor, ballot=ballot)
        for code in tokens:
            conference_services.vote_cast(token=tokens[code], ballot=ballot, choices=[winner])
        conference_services.ballot_close(actor=actor, ballot=ballot)
    new = services.bloc_year_start_next(actor=actor, bloc_year=BlocYear.objects.get(pk=year.pk))
    assert (new.leader.code, new.deputy.code) == ("TAND", "VKSND")
    assert new.leader_source == LeaderSource.CONFERENCE
    # Each deadline keeps its place relative to the year (the demo's current year may end in the next).
    old = year.settings["deadlines"]
    assert new.settings["deadlines"] == {
        stage: dt.date.fromisoformat(day).replace(year=int(day[:4]) + 1).isoformat()
        for stage, day in old.items()
    }
    assert "phó khối (đề xuất theo luân phiên)" not in new.start_summary


def test_29_february_moves_to_28_february():
    assert services.shift_date(dt.date(2020, 2, 29), 1) == dt.date(2021, 2, 28)
    assert services.shift_date(dt.date(2023, 2, 28), 1) == dt.date(2024, 2, 28)
    assert services.shift_deadlines({"review": "2019-11-30", "bad": "x"}, 1) == {"review": "2020-11-30"}


def test_starting_a_year_twice_is_refused(before_2020):
    world = before_2020
    services.bloc_year_start_next(actor=world.secretary, bloc_year=_y(2019))
    count = BlocYear.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.bloc_year_start_next(actor=world.provincial, bloc_year=_y(2019))
    assert "đã có năm 2020" in str(exc.value)
    assert BlocYear.objects.count() == count


def test_a_deadline_before_launch_is_refused(before_2020):
    world = before_2020
    new = services.bloc_year_start_next(actor=world.secretary, bloc_year=_y(2019))
    before = dict(_y(2020).settings)
    # Not launched yet: nothing before the launch deadline, nothing before 01/01 of the year.
    with pytest.raises(ValidationError) as exc:
        cycle_services.deadlines_update(
            actor=world.provincial,
            bloc_year=new,
            deadlines={**new.settings["deadlines"], "launched": "", "self_assessment": "2019-12-20"},
        )
    assert "trước khi năm thi đua 2020 bắt đầu" in str(exc.value)
    assert _y(2020).settings == before
    # 2019 was launched on 25/02/2019: a deadline before that day is refused.
    y2019 = _y(2019)
    stored = dict(y2019.settings)
    with pytest.raises(ValidationError) as exc:
        cycle_services.deadlines_update(
            actor=world.provincial,
            bloc_year=y2019,
            deadlines={**stored["deadlines"], "launched": "2019-01-10", "self_assessment": "2019-01-20"},
        )
    assert "trước ngày phát động năm 2019 (26/02/2019)" in str(exc.value)
    assert _y(2019).settings == stored


# 2. Hand-over of management ----------------------------------------------------------------------


def test_the_demo_leader_has_its_secretary(before_2020):
    new = services.bloc_year_start_next(actor=before_2020.secretary, bloc_year=_y(2019))
    assert not handover.handover_needed(new)
    assert can_manage_bloc_year(before_2020.secretary_snv, new)


def test_outgoing_secretary_names_an_existing_person_of_the_new_leader(world):
    BlocYear.objects.filter(bloc__code="KNC", year=2020).delete()
    new = _start_2020_led_by_tand(world)
    assert handover.handover_needed(new) and "chỉ định thư ký khối của Tòa án" in new.start_summary
    assert not can_manage_bloc_year(world.secretary, new)  # management left THADS at once
    user, password = handover.bloc_year_name_secretary(
        actor=world.secretary, bloc_year=new, username="canbotand"
    )
    assert password == "" and user.has_role(Role.BLOC_SECRETARY)
    assert can_manage_bloc_year(User.objects.get(username="canbotand"), new)
    assert not handover.handover_needed(new)
    assert AuditEvent.objects.filter(action="bloc_year.name_secretary").exists()


def test_office_creates_the_secretary_account_there_and_then(world):
    BlocYear.objects.filter(bloc__code="KNC", year=2020).delete()
    new = _start_2020_led_by_tand(world)
    user, password = handover.bloc_year_name_secretary(
        actor=world.provincial, bloc_year=new, new_username="thukytand", full_name="Lê Văn Thư"
    )
    user = User.objects.get(pk=user.pk)
    assert user.unit.code == "TAND" and user.check_password(password) and len(password) >= 12
    assert user.has_role(Role.BLOC_SECRETARY, Role.UNIT_OFFICER)
    assert can_manage_bloc_year(user, new)


def test_hand_over_refusals_change_nothing(world):
    BlocYear.objects.filter(bloc__code="KNC", year=2020).delete()
    new = _start_2020_led_by_tand(world)
    users, grants = User.objects.count(), list(User.objects.get(username="canbovks").role_grants.all())
    with pytest.raises(ValidationError) as exc:  # a person outside the leader unit
        handover.bloc_year_name_secretary(actor=world.provincial, bloc_year=new, username="canbovks")
    assert "thư ký khối phải là cán bộ của đơn vị trưởng khối" in str(exc.value)
    with pytest.raises(ValidationError):  # the username is taken
        handover.bloc_year_name_secretary(
            actor=world.provincial, bloc_year=new, new_username="canbovks", full_name="Ai Đó"
        )
    with pytest.raises(ValidationError):  # neither or both
        handover.bloc_year_name_secretary(actor=world.provincial, bloc_year=new)
    with pytest.raises(PermissionDenied):  # another member's officer
        handover.bloc_year_name_secretary(actor=world.officer_b, bloc_year=new, username="canbotand")
    assert User.objects.count() == users
    assert list(User.objects.get(username="canbovks").role_grants.all()) == grants
    assert handover.handover_needed(new)


def test_year_page_says_who_must_act_and_the_outgoing_secretary_reads(world, client_for):
    BlocYear.objects.filter(bloc__code="KNC", year=2020).delete()
    new = _start_2020_led_by_tand(world)
    url = new.get_absolute_url()
    page = client_for("provincial").get(url).content.decode()
    assert (
        "Chưa có thư ký khối của đơn vị trưởng khối Tòa án nhân dân tỉnh: Phòng TĐKT hoặc thư ký "
        "năm trước cần chỉ định." in page
    )
    assert 'id="secretary-form"' in page
    outgoing = client_for("secretary")
    page = outgoing.get(url).content.decode()
    assert 'id="secretary-form"' in page  # the outgoing secretary may name the successor
    assert "Việc quản lý khối năm 2020 đã chuyển cho Tòa án nhân dân tỉnh" in page
    assert 'id="confirm-leader"' not in page
    # Past years stay the outgoing secretary's: 2019 is still theirs to read and run.
    page_2019 = outgoing.get(_y(2019).get_absolute_url())
    assert page_2019.status_code == 200 and 'id="handover-note"' not in page_2019.content.decode()
    assert can_manage_bloc_year(world.secretary, _y(2019))
    # A member's officer reads the year but is not offered the form.
    page = client_for("officer_b").get(url).content.decode()
    assert "Chưa có thư ký khối" in page and 'id="secretary-form"' not in page


def test_page_creates_the_account_and_shows_the_password_once(world, client_for):
    BlocYear.objects.filter(bloc__code="KNC", year=2020).delete()
    new = _start_2020_led_by_tand(world)
    client = client_for("provincial")
    url = "/to-chuc/khoi/KNC/2020/thu-ky-khoi/"
    data = {
        "new_username": "thukytand",
        "full_name": "Lê Văn Thư",
        "idempotency_key": "8c1f0f7e-1d1c-4a55-9a55-0e0f2b7c9a11",
    }
    first = client.post(url, data)
    assert first.status_code == 200
    body = first.content.decode()
    assert "Mật khẩu dùng một lần" in body and "thukytand" in body
    again = client.post(url, data, follow=True)  # the double click: no second account, no password
    assert User.objects.filter(username="thukytand").count() == 1
    assert "chỉ hiển thị một lần" in again.content.decode()
    assert not handover.handover_needed(new)
    # Naming someone outside the leader unit from the page: refused, said in Vietnamese.
    answer = client.post(url, {"username": "canbovks"}, follow=True)
    assert answer.status_code == 200
    assert "thư ký khối phải là cán bộ của đơn vị trưởng khối" in answer.content.decode()
    assert not User.objects.get(username="canbovks").has_role(Role.BLOC_SECRETARY)


# Page and API of "start the next year" ------------------------------------------------------------


def test_start_button_says_what_was_copied(before_2020, client_for):
    answer = client_for("secretary").post("/to-chuc/khoi/KNC/2019/nam-sau/", follow=True)
    assert answer.redirect_chain[-1][0].endswith("/to-chuc/khoi/KNC/2020/")
    page = answer.content.decode()
    assert "Đã bắt đầu năm 2020: chép 8 đơn vị thành viên" in page
    assert "Sở Nội vụ theo kết quả bầu tại hội nghị năm 2019" in page


def test_api_start_next_and_secretary(world):
    BlocYear.objects.filter(bloc__code="KNC", year=2020).delete()
    services.bloc_year_record_election(
        actor=world.secretary, bloc_year=_y(2019), next_leader=_u("TAND"), next_deputy=None
    )
    api = Client()
    api.force_login(world.secretary)
    answer = api.post("/api/v1/blocs/KNC/years/2019/start-next", "", content_type="application/json")
    assert answer.status_code == 201
    body = answer.json()
    assert body["leader"] == "TAND" and body["settings"]["deadlines"]["review"] == "2020-11-30"
    assert body["summary"].startswith("Đã bắt đầu năm 2020")
    assert body["members"][0]["head_name"]
    again = api.post("/api/v1/blocs/KNC/years/2019/start-next", "", content_type="application/json")
    assert again.status_code == 422 and "đã có năm 2020" in json.dumps(again.json(), ensure_ascii=False)

    url = "/api/v1/blocs/KNC/years/2020/secretary"
    outside = api.post(url, json.dumps({"username": "canbovks"}), content_type="application/json")
    assert outside.status_code == 422
    headers = {"HTTP_IDEMPOTENCY_KEY": "secretary-tand-1"}
    payload = json.dumps({"new_username": "thukytand", "full_name": "Lê Văn Thư"})
    created = api.post(url, payload, content_type="application/json", **headers)
    assert created.status_code == 201 and created.json()["unit"] == "TAND"
    password = created.json()["password"]
    assert User.objects.get(username="thukytand").check_password(password)
    repeat = api.post(url, payload, content_type="application/json", **headers)
    assert repeat.status_code == 200 and repeat.json()["password"] is None
    assert User.objects.filter(username="thukytand").count() == 1


def test_confirming_a_new_leader_without_secretary_says_who_must_act(before_2020, client_for):
    world = before_2020
    BlocYear.objects.filter(pk=_y(2019).pk).update(elected_next_leader=None, elected_next_deputy=None)
    new = services.bloc_year_start_next(actor=world.secretary, bloc_year=_y(2019))
    answer = client_for("secretary").post(
        "/to-chuc/khoi/KNC/2020/xac-nhan-truong-khoi/",
        {"leader": _u("VKSND").pk, "deputy": _u("TAND").pk},
        follow=True,
    )
    page = answer.content.decode()
    assert "Chưa có thư ký khối của đơn vị trưởng khối Viện Kiểm sát nhân dân tỉnh" in page
    assert 'id="secretary-form"' in page and handover.handover_needed(BlocYear.objects.get(pk=new.pk))
