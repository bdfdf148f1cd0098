"""Issue 15's hand-over journey in real Chromium: the 2019 secretary starts 2020, which takes Sở
Nội vụ from the 2019 election with every deadline moved into 2020 and no step overdue; Sở Nội vụ
has no bloc secretary yet, so the office names one from its “Việc cần làm”; that secretary signs
in, finds the launch of 2020 in “Việc cần làm” and launches the year from the task's button.

“Today” is frozen at 26/02/2020 (the day after the agreement is signed) for the whole process,
live server included, by replacing ``django.utils.timezone.localdate`` (every page and service
reads the day through it)."""

import datetime as dt

import pytest
from django.utils import timezone

from thidua.accounts.choices import Role
from thidua.accounts.models import RoleGrant, User
from thidua.cycles.demo import _prepare
from thidua.cycles.selectors import stage_of
from thidua.organisations.models import BlocYear

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = dt.date(2020, 2, 26)


@pytest.fixture
def frozen_today(monkeypatch):
    real = timezone.localdate

    def localdate(value=None, timezone=None):
        return real(value, timezone) if value is not None else TODAY

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)
    return TODAY


def test_the_office_hands_2020_over_and_the_new_secretary_launches_it(world, page, login, frozen_today):
    # Right after the 2019 conference (it elected Sở Nội vụ), before anyone at Sở Nội vụ was a
    # bloc secretary: the demo's 2020 and thukysnv's role are taken away.
    BlocYear.objects.filter(bloc__code="KNC", year=2020).delete()
    snv_secretary = User.objects.get(username="thukysnv")
    RoleGrant.objects.filter(user=snv_secretary, role=Role.BLOC_SECRETARY).delete()
    page.on("dialog", lambda dialog: dialog.accept())

    # 1. The 2019 secretary starts 2020.
    login("thuky2019")
    page.goto("/to-chuc/khoi/KNC/2019/")
    page.click("#start-next")
    page.wait_for_url("**/to-chuc/khoi/KNC/2020/")
    assert page.locator("#leader").inner_text() == "Sở Nội vụ"
    assert "theo kết quả bầu tại hội nghị năm 2019" in page.content()
    assert "Sở Nội vụ" in page.locator("#secretary-needed").inner_text()
    page.shot("handover-01-2020-started")
    page.goto("/nam-thi-dua/KNC/2020/")
    timeline = page.locator("main").inner_text()
    assert "Hạn 15/03/2020" in timeline and "Hạn 31/12/2020" in timeline
    assert "quá hạn" not in timeline
    by = BlocYear.objects.get(bloc__code="KNC", year=2020)
    assert all(day.startswith("2020-") for day in by.settings["deadlines"].values())
    # The outgoing secretary is asked too, on their home page.
    page.goto("/ung-dung/")
    assert "Chỉ định thư ký khối của Sở Nội vụ" in page.locator("#todo").inner_text()

    # 2. The office names Sở Nội vụ's bloc secretary from its “Việc cần làm”.
    page.context.clear_cookies()
    login("phongtdkt")
    task = page.locator("#todo li[data-kind='organisations.name_secretary']", has_text="Sở Nội vụ")
    assert "Hạn 15/03/2020" in task.inner_text() and "quá hạn" not in task.inner_text()
    page.shot("handover-02-office-todo")
    task.locator("a.todo-go").click()
    page.wait_for_url("**/to-chuc/khoi/KNC/2020/**")
    page.select_option("#secretary-form select[name=username]", "thukysnv")
    page.click("#name-secretary")
    page.wait_for_url("**/to-chuc/khoi/KNC/2020/")
    assert "làm thư ký khối của Sở Nội vụ" in page.content()
    assert not page.locator("#secretary-needed").count()
    page.shot("handover-03-secretary-named")

    # The secretariat prepared the year meanwhile (agreement, regulations, rubric: the launch
    # journey walks these pages; thidua/cycles/tests/test_browser_journey.py).
    _prepare(world.admin, by, signed_on=dt.date(2020, 2, 25), place="Hội trường Sở Nội vụ", signed=True)

    # 3. The new secretary sees the launch in “Việc cần làm” and does it from there.
    page.context.clear_cookies()
    login("thukysnv")
    todo = page.locator("#todo")
    assert todo.get_by_role("heading", name="Việc cần làm").is_visible()
    launch = todo.locator("li[data-kind='cycles.launch']", has_text="2020")
    assert "Phát động, ký giao ước năm 2020" in launch.inner_text()
    assert "Hạn 15/03/2020" in launch.inner_text() and "quá hạn" not in launch.inner_text()
    page.shot("handover-04-new-secretary-todo")
    launch.locator("a.todo-go").click()
    page.wait_for_url("**/nam-thi-dua/KNC/2020/")
    assert page.locator("#ready").is_visible()
    page.click("#advance")
    page.wait_for_url("**/nam-thi-dua/KNC/2020/")
    assert "Đã phát động" in page.locator("#stage-badge").inner_text()
    assert stage_of(by) == "launched"
    page.shot("handover-05-launched")

    page.goto("/ung-dung/")
    todo = page.locator("#todo")
    assert not todo.locator("li[data-kind='cycles.launch']").count()
    assert "Mở tự chấm điểm năm 2020" in todo.inner_text()
