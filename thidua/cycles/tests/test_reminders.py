"""Deadline reminders (issue 15 items 7 and 8): D-7, D-1 and the day after a deadline passed while
its stage is still open, to those who act, in the app and by e-mail unless turned off — and a
time-travel run over a whole year: every reminder sent once, none missed, none duplicated, none
for a step already done."""

import datetime as dt

import pytest
from django.core import mail

from thidua.accounts.tests.factories import UserFactory
from thidua.core.models import AuditEvent, Notification
from thidua.cycles import reminders
from thidua.cycles.models import StageTransition, YearCycle
from thidua.cycles.tasks import deadline_reminders
from thidua.organisations.tests.factories import BlocYearFactory, UnitFactory

pytestmark = pytest.mark.django_db

DEADLINES = {"self_assessment": "2031-03-15", "review": "2031-04-15", "conference": "2031-12-10"}
# The day each stage begins in the simulated year (the workflow's moves, made by people).
MOVES = {
    dt.date(2031, 1, 10): "launched",
    dt.date(2031, 2, 1): "self_assessment",
    # 16/03: self-assessment closes by itself the day after its deadline (auto_close), after its
    # "passed" reminder went out.
    dt.date(2031, 4, 10): "conference",  # review ends 5 days early: no D-1 or "passed" for it
    dt.date(2031, 12, 5): "proposals",  # the conference is over before its D-1
}


@pytest.fixture
def year():
    leader, other = UnitFactory(code="LEAD31"), UnitFactory(code="MEMB31")
    by = BlocYearFactory(year=2031, leader=leader, members=[leader, other])
    by.settings = {**(by.settings or {}), "deadlines": DEADLINES}
    by.save(update_fields=["settings"])
    YearCycle.objects.create(bloc_year=by, stage="draft")
    secretary = UserFactory(username="tk31", unit=leader, roles=["bloc_secretary", "unit_officer"])
    officer = UserFactory(username="cb31", unit=other, roles=["unit_officer"])
    quiet = UserFactory(username="cb31b", unit=other, roles=["unit_officer"], email_reminders=False)
    return by, secretary, officer, quiet


def _keys(by, user):
    return sorted(
        Notification.objects.filter(user=user, key__startswith=f"deadline:{by.pk}:").values_list(
            "key", flat=True
        )
    )


def _slot(day: dt.date, hour: int) -> str:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=dt.UTC).isoformat()


def test_time_travel_a_whole_year_every_reminder_and_timed_transition_once(year):
    by, secretary, officer, quiet = year
    by.settings = {**by.settings, "auto_close": ["self_assessment"]}
    by.save(update_fields=["settings"])
    day, previous = dt.date(2031, 1, 1), None
    skipped = {dt.date(2031, 3, 7), dt.date(2031, 3, 8), dt.date(2031, 3, 9)}  # no worker ran
    while day <= dt.date(2031, 12, 31):
        if day in MOVES:
            YearCycle.objects.filter(bloc_year=by).update(stage=MOVES[day])
        if day not in skipped:
            for hour in (1, 9, 17):  # hourly slots: several a day, each reminder still once
                slot = _slot(day, hour)
                deadline_reminders.call(slot=slot, previous=previous)
                previous = slot
        day += dt.timedelta(days=1)
    expected_officer = [
        f"deadline:{by.pk}:self_assessment:2031-03-15:d1",
        f"deadline:{by.pk}:self_assessment:2031-03-15:d7",  # 08/03 was skipped: caught up on 10/03
        f"deadline:{by.pk}:self_assessment:2031-03-15:passed",
    ]
    assert _keys(by, officer) == expected_officer
    assert _keys(by, quiet) == expected_officer
    assert _keys(by, secretary) == sorted(
        [
            *expected_officer,
            f"deadline:{by.pk}:review:2031-04-15:d7",
            f"deadline:{by.pk}:conference:2031-12-10:d7",
        ]
    )
    # E-mail to those who did not turn it off, once per notification.
    to = [m.to[0] for m in mail.outbox if "2031" in m.subject]
    assert sorted(to) == sorted([officer.email] * 3 + [secretary.email] * 5)
    assert Notification.objects.filter(user=quiet, emailed=True).count() == 0
    # The one timed transition happened once, on 16/03, by the system.
    timed = StageTransition.objects.filter(bloc_year=by, actor__isnull=True)
    assert timed.count() == 1 and timed.get().to_stage == "review" and "15/03/2031" in timed.get().reason


def test_the_message_names_the_bloc_the_step_and_the_deadline(year):
    by, _secretary, officer, _quiet = year
    YearCycle.objects.filter(bloc_year=by).update(stage="self_assessment")
    assert reminders.send_due(dt.date(2031, 3, 14)) == 3
    note = Notification.objects.get(user=officer, key__endswith=":d1")
    assert "năm 2031" in note.title and "Đơn vị tự chấm điểm" in note.title and "15/03/2031" in note.title
    assert "còn 1 ngày" in note.title and note.url.endswith(f"/{by.bloc.code}/2031/")
    assert reminders.send_due(dt.date(2031, 3, 14)) == 0  # a second run sends nothing


def test_the_person_reads_and_marks_their_notifications(year, client):
    by, secretary, officer, _quiet = year
    YearCycle.objects.filter(bloc_year=by).update(stage="self_assessment")
    reminders.send_due(dt.date(2031, 3, 8))
    client.force_login(officer)
    page = client.get("/ung-dung/thong-bao/").content.decode()
    assert "còn 7 ngày" in page and 'id="mark-read"' in page
    api = client.get("/api/v1/me/notifications").json()
    assert len(api) == 1 and api[0]["read_at"] is None
    assert client.post("/api/v1/me/notifications/read").json() == {"marked": 1}
    client.force_login(secretary)  # another person's are never marked by someone else
    assert Notification.objects.filter(user=secretary, read_at__isnull=True).count() == 1


def test_a_stage_set_to_close_at_its_deadline_closes_by_itself_once(year, client):
    by, secretary, _officer, _quiet = year
    by.settings = {**by.settings, "auto_close": ["self_assessment"]}
    by.save(update_fields=["settings"])
    YearCycle.objects.filter(bloc_year=by).update(stage="self_assessment")
    for day in (dt.date(2031, 3, 15), dt.date(2031, 3, 16), dt.date(2031, 3, 16), dt.date(2031, 3, 17)):
        deadline_reminders.call(slot=_slot(day, 9), previous=None)
    assert YearCycle.objects.get(bloc_year=by).stage == "review"
    moves = StageTransition.objects.filter(bloc_year=by)
    assert moves.count() == 1 and moves.get().actor is None
    assert "hết hạn 15/03/2031" in moves.get().reason and "Hệ thống" in moves.get().actor_name
    assert AuditEvent.objects.filter(action="bloc_year.advance", object_id=str(by.pk)).count() == 1
    # The "passed" reminder still went out (sent before the step closed).
    assert Notification.objects.filter(
        user=secretary, key__endswith="self_assessment:2031-03-15:passed"
    ).exists()


def test_only_the_scoring_steps_may_close_by_themselves(year, client):
    by, secretary, _officer, _quiet = year
    client.force_login(secretary)
    url = f"/api/v1/cycles/{by.bloc.code}/2031/settings"
    bad = client.put(url, {"auto_close": ["conference"]}, content_type="application/json")
    assert (
        bad.status_code == 422
        and "“Đơn vị tự chấm điểm”, “Thẩm định, chấm điểm” được tự đóng" in bad.json()["detail"]
    )
    ok = client.put(url, {"auto_close": ["review"]}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["auto_close"] == ["review"]


def test_the_workers_schedule_the_reminders(settings):
    from django.utils.module_loading import import_string

    from thidua.core.scheduler import entries

    entry = next(e for e in entries() if e.name == "cycles.deadline_reminders")
    assert import_string(entry.task) is deadline_reminders
    settings.THIDUA_REMINDER_INTERVAL = 3600
    assert entry.interval() == 3600
