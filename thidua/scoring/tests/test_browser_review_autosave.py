"""The reviewer's grid keeps every character, like the self-assessment grid: "reviewer's points,
Tab, reason" loses nothing (the save of the points, refused until a reason is given, never
redraws the reason box being typed in), saves of one row go to the server one after the other
with the version the previous one returned, a real conflict keeps what is being typed, a row
typed offline is sent when the network comes back, and "Hoàn thành thẩm định" waits for the
saves instead of racing them."""

import threading
import time
from decimal import Decimal

import pytest

from thidua.cycles.models import YearCycle
from thidua.cycles.selectors import current_rubric
from thidua.organisations.models import BlocYear, Unit
from thidua.scoring import services
from thidua.scoring.models import Assessment, ReviewAssignment, ReviewScore, Score
from thidua.scoring.selectors import leaves
from thidua.scoring.tests.grid import focused as _focused
from thidua.scoring.tests.grid import settled

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REASON = "Chỉ tiêu giải quyết án đạt 85%, chưa đạt mức tối đa; thiếu báo cáo quý IV."
CODE = "2.1"  # maximum 20, self-scored 18
ROW = f'tr[data-code="{CODE}"]'


@pytest.fixture
def assignment(world) -> ReviewAssignment:
    """TAND's sheet of the current year, filled and submitted; the leader's unit (SNV) reviews it."""
    by = BlocYear.objects.get(bloc__code="KNC", year=world.ctx["current_year"])
    Assessment.objects.filter(bloc_year=by).delete()  # start the year's sheets afresh
    cycle = YearCycle.objects.get(bloc_year=by)
    if cycle.stage not in ("self_assessment", "review"):
        cycle.stage = "review"
        cycle.save(update_fields=["stage"])
    tand = Unit.objects.get(code="TAND")
    for item in leaves(current_rubric(by)):
        points = 0 if item.evidence_required else (item.max_points * Decimal("0.9")).quantize(Decimal("0.01"))
        services.score_save(actor=world.officer_a, bloc_year=by, unit=tand, item=item, points=points)
    sheet = services.assessment_submit(
        actor=world.officer_a, assessment=Assessment.objects.get(bloc_year=by, unit=tand)
    )
    return sheet.assignments.get(reviewer__code="SNV")


def _item(assignment, code=CODE):
    return assignment.assessment.rubric.items.get(code=code)


def _mine(assignment, code=CODE):
    return ReviewScore.objects.filter(assignment=assignment, item__code=code).first()


def _open(page, login, assignment):
    login("thukysnv")
    by = assignment.assessment.bloc_year
    page.goto(f"/cham-diem/KNC/{by.year}/don-vi/TAND/tham-dinh/")


def _type_points(page, value, delay=0):
    """Clicks the reviewer's box (prefilled with the self-score), selects it and types over it."""
    page.locator(f"{ROW} input[name=points]").click()
    page.keyboard.press("Control+A")
    page.keyboard.type(value, delay=delay)


def _settled(page, row=ROW):
    settled(page, row)


@pytest.mark.parametrize("viewport", [None, {"width": 360, "height": 740}], ids=["desktop", "phone"])
def test_points_tab_reason_at_human_speed_keeps_both(world, page, login, assignment, viewport):
    if viewport:
        page.set_viewport_size(viewport)
    _open(page, login, assignment)

    _type_points(page, "15", delay=80)
    page.keyboard.press("Tab")  # the points' save starts now, while the reviewer keeps typing
    focused = _focused(page)
    assert (focused["name"], focused["code"]) == ("reason", CODE)
    page.keyboard.type(REASON, delay=80)

    focused = _focused(page)
    assert (focused["name"], focused["code"], focused["value"]) == ("reason", CODE, REASON)
    assert focused["caret"] == focused["end"] == len(REASON)  # caret still at the end
    # The points' save answered during the typing: refused until a reason is given, and the
    # answer left the reason box alone.
    assert "cần nêu lý do" in page.locator(f"{ROW} .row-error").inner_text()
    assert page.locator(f"{ROW} input[name=points]").input_value() == "15"
    assert _mine(assignment) is None
    page.shot(f"scoring-08-review-reason-typed-{'phone' if viewport else 'desktop'}")

    page.keyboard.press("Tab")
    _settled(page)
    assert page.locator(f"{ROW} .row-error").count() == 0
    page.reload()
    assert page.locator(f"{ROW} input[name=points]").input_value() == "15"
    assert page.locator(f"{ROW} input[name=reason]").input_value() == REASON
    mine = _mine(assignment)
    assert (mine.points, mine.reason, mine.version) == (Decimal("15"), REASON, 1)


@pytest.fixture
def slow_first_save(monkeypatch):
    """The first save of the test waits in the server until ``release`` is set; every call is
    logged with its start and end so the test can tell whether two saves overlapped."""
    release, calls, real = threading.Event(), [], services.review_save

    def gated(**kwargs):
        start = time.monotonic()
        calls.append(None)
        index = len(calls) - 1
        if index == 0:
            release.wait(20)
        try:
            return real(**kwargs)
        finally:
            calls[index] = (start, time.monotonic(), kwargs["version"], kwargs["reason"])

    monkeypatch.setattr(services, "review_save", gated)
    yield release, calls
    release.set()


@pytest.fixture
def reviewed_once(world, assignment):
    """The reviewer had already scored the row (version 1) before this visit."""
    services.review_save(
        actor=world.secretary_snv, assignment=assignment, item=_item(assignment), points=16, reason="Lý do cũ"
    )
    return assignment


def test_typing_while_an_earlier_save_is_in_flight_loses_nothing(
    world, page, login, reviewed_once, slow_first_save
):
    release, calls = slow_first_save
    assignment = reviewed_once
    _open(page, login, assignment)

    _type_points(page, "15")
    page.keyboard.press("Tab")  # save 1 (the points, with the earlier reason) is held by the server
    page.wait_for_function(f"() => document.querySelector('{ROW}').dataset.saving")
    page.keyboard.press("Control+A")
    first, second = REASON[:30], REASON[30:]
    page.keyboard.type(first, delay=20)
    release.set()  # save 1 answers while the reviewer is in the middle of the reason
    page.wait_for_function(f"() => document.querySelector('{ROW} input[name=version]').value === '2'")
    page.keyboard.type(second, delay=20)
    focused = _focused(page)
    assert (focused["name"], focused["value"], focused["caret"]) == ("reason", REASON, len(REASON))
    page.keyboard.press("Tab")  # save 2 (the reason)
    _settled(page)

    assert page.locator(f"{ROW} .row-error").count() == 0
    assert len(calls) == 2
    (_, end1, version1, reason1), (start2, _, version2, reason2) = calls
    assert start2 >= end1, "the second save started before the first had answered"
    assert (version1, reason1, version2, reason2) == (1, "Lý do cũ", 2, REASON)
    mine = _mine(assignment)
    assert (mine.points, mine.reason, mine.version) == (Decimal("15"), REASON, 3)
    page.reload()
    assert page.locator(f"{ROW} input[name=reason]").input_value() == REASON


def test_saves_queued_behind_a_slow_one_go_in_order_with_the_new_version(
    world, page, login, reviewed_once, slow_first_save
):
    release, calls = slow_first_save
    assignment = reviewed_once
    _open(page, login, assignment)

    _type_points(page, "14")
    page.keyboard.press("Tab")
    page.keyboard.press("Control+A")
    page.keyboard.type(REASON)
    page.keyboard.press("Tab")  # save 2 must wait behind save 1
    page.wait_for_timeout(300)
    assert len(calls) == 1
    release.set()
    _settled(page)
    assert page.locator(f"{ROW} .row-error").count() == 0
    assert [c[2] for c in calls] == [1, 2]
    assert calls[1][0] >= calls[0][1], "the second save started before the first had answered"
    mine = _mine(assignment)
    assert (mine.points, mine.reason, mine.version) == (Decimal("14"), REASON, 3)


def test_a_save_based_on_a_stale_version_keeps_the_reason_being_typed(world, page, login, reviewed_once):
    """A colleague of the reviewing unit saved the row after the page was opened: the reviewer's
    save is refused with the usual message, the points box shows the current value and the
    reason being typed stays; the next save, on the current version, goes through."""
    assignment = reviewed_once
    _open(page, login, assignment)
    services.review_save(
        actor=world.secretary_snv,
        assignment=assignment,
        item=_item(assignment),
        points=12,
        reason="Người khác",
        version=1,
    )

    _type_points(page, "15")
    page.keyboard.press("Tab")  # sent with the earlier reason and version 1: a conflict
    page.keyboard.press("Control+A")
    page.keyboard.type("Thiếu minh chứng")
    page.wait_for_selector(f"{ROW} .row-error:has-text('lưu trước bạn')")
    assert page.locator(f"{ROW} input[name=points]").input_value() == "12"
    assert _focused(page)["value"] == "Thiếu minh chứng"
    assert "vẫn được giữ trong ô" in page.locator(f"{ROW} .row-error").inner_text()
    assert _mine(assignment).points == Decimal("12")
    page.shot("scoring-09-review-conflict-kept-typing")
    page.keyboard.press("Tab")  # now based on the current version: saved
    _settled(page)
    mine = _mine(assignment)
    assert (mine.points, mine.reason, mine.version) == (Decimal("12"), "Thiếu minh chứng", 3)


def test_a_row_typed_offline_is_sent_when_back_online(world, page, login, assignment):
    _open(page, login, assignment)
    page.context.set_offline(True)
    _type_points(page, "15")
    page.keyboard.press("Tab")
    page.keyboard.type(REASON)
    page.keyboard.press("Tab")
    page.wait_for_selector("#net-status:has-text('1 điểm chưa lưu')")
    assert _mine(assignment) is None

    page.context.set_offline(False)  # the browser fires "online"; the grid sends the kept row
    _settled(page)
    page.wait_for_function("document.getElementById('net-status').textContent === ''")
    mine = _mine(assignment)
    assert (mine.points, mine.reason) == (Decimal("15"), REASON)


def test_finishing_the_review_waits_for_the_save_in_flight(
    world, page, login, reviewed_once, slow_first_save
):
    """The reviewer types a reason and clicks "Hoàn thành thẩm định" at once: leaving the box
    saves it, and the review is completed only after that save has answered."""
    release, calls = slow_first_save
    assignment = reviewed_once
    _open(page, login, assignment)

    page.locator(f"{ROW} input[name=reason]").click()
    page.keyboard.press("Control+A")
    page.keyboard.type(REASON)
    page.click("#complete-review")  # the reason's save is held by the server
    page.wait_for_timeout(300)
    assert len(calls) == 1
    assert ReviewAssignment.objects.get(pk=assignment.pk).completed_at is None
    release.set()
    page.wait_for_selector("text=Đã hoàn thành thẩm định")
    assert ReviewAssignment.objects.get(pk=assignment.pk).completed_at is not None
    mine = _mine(assignment)
    assert (mine.points, mine.reason) == (Decimal("16"), REASON)


def test_finishing_the_review_is_held_while_a_row_was_refused(world, page, login, assignment):
    """Points typed without the reason they need were refused: finishing would drop them for the
    self-score, so the button says why and the reviewer is taken to the row."""
    _open(page, login, assignment)
    _type_points(page, "15")
    page.keyboard.press("Tab")
    page.wait_for_selector(f"{ROW} .row-error:has-text('cần nêu lý do')")
    page.click("#complete-review")
    page.wait_for_selector(".after-saves-note:has-text('còn điểm chưa lưu')")
    assert ReviewAssignment.objects.get(pk=assignment.pk).completed_at is None
    assert page.locator("#complete-review").is_enabled()
    assert _focused(page)["code"] == CODE
    assert page.locator(f"{ROW} input[name=points]").input_value() == "15"

    page.locator(f"{ROW} input[name=reason]").fill(REASON)
    page.locator(f"{ROW} input[name=reason]").press("Tab")
    _settled(page)
    page.click("#complete-review")
    page.wait_for_selector("text=Đã hoàn thành thẩm định")
    final = Score.objects.get(assessment=assignment.assessment, item__code=CODE)
    assert final.points == Decimal("18")  # the self-score stays the unit's own
    assert (_mine(assignment).points, _mine(assignment).reason) == (Decimal("15"), REASON)
