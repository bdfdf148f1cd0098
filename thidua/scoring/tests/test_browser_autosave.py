"""The documented flow of the self-assessment grid, "type a score, Tab, type the explanation",
keeps every character: the autosave of the score never redraws the box the officer is typing
in (focus and caret stay), and saves of one row go to the server one after the other, each with
the version the previous one returned, so a later save never races an earlier one and never
reports a conflict against the officer's own save."""

import threading
import time
from decimal import Decimal

import pytest

from thidua.cycles.selectors import current_rubric
from thidua.organisations.models import BlocYear, Unit
from thidua.scoring import services
from thidua.scoring.models import Assessment, Score
from thidua.scoring.tests.grid import focused as _focused
from thidua.scoring.tests.grid import settled

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXPLANATION = "Đạt 100% chỉ tiêu giải quyết đơn thư, không có khiếu nại vượt cấp."
ROW = 'tr[data-code="1.2"]'


def _year(world) -> BlocYear:
    by = BlocYear.objects.get(bloc__code="KNC", year=world.ctx["current_year"])
    Assessment.objects.filter(bloc_year=by).delete()  # start the year's sheets afresh
    return by


def _score(by, code="1.2"):
    return Score.objects.filter(
        assessment__bloc_year=by, assessment__unit__code="TAND", item__code=code
    ).first()


def _open_sheet(page, login, by):
    login("canbotand")
    page.goto(f"/cham-diem/KNC/{by.year}/don-vi/TAND/")


def _settled(page, row=ROW):
    settled(page, row)


@pytest.mark.parametrize("viewport", [None, {"width": 360, "height": 740}], ids=["desktop", "phone"])
def test_score_tab_explanation_at_human_speed_keeps_both(world, page, login, viewport):
    by = _year(world)
    if viewport:
        page.set_viewport_size(viewport)
    _open_sheet(page, login, by)

    page.locator(f"{ROW} input[name=points]").click()
    page.keyboard.type("7", delay=80)
    page.keyboard.press("Tab")  # the score's save starts now, while the officer keeps typing
    assert _focused(page)["name"] == "explanation" and _focused(page)["code"] == "1.2"
    page.keyboard.type(EXPLANATION, delay=80)

    focused = _focused(page)
    assert focused["name"] == "explanation" and focused["code"] == "1.2"
    assert focused["value"] == EXPLANATION
    assert focused["caret"] == focused["end"] == len(EXPLANATION)  # caret still at the end
    assert _score(by).points == Decimal("7")  # the score's save answered during the typing
    name = "phone" if viewport else "desktop"
    page.shot(f"scoring-06-explanation-typed-{name}")

    page.keyboard.press("Tab")
    _settled(page)
    assert page.locator(f"{ROW} .row-error").count() == 0
    page.reload()
    assert page.locator(f"{ROW} input[name=points]").input_value() == "7"
    assert page.locator(f"{ROW} textarea[name=explanation]").input_value() == EXPLANATION
    score = _score(by)
    assert (score.points, score.explanation, score.version) == (Decimal("7"), EXPLANATION, 2)


@pytest.fixture
def slow_first_save(monkeypatch):
    """The first save of the test waits in the server until ``release`` is set; every call is
    logged with its start and end so the test can tell whether two saves overlapped."""
    release, calls, real = threading.Event(), [], services.score_save

    def gated(**kwargs):
        start = time.monotonic()
        if not calls:
            calls.append(None)  # reserve the first slot before waiting
            release.wait(20)
            index = 0
        else:
            calls.append(None)
            index = len(calls) - 1
        try:
            return real(**kwargs)
        finally:
            calls[index] = (start, time.monotonic(), kwargs["version"], kwargs["explanation"])

    monkeypatch.setattr(services, "score_save", gated)
    yield release, calls
    release.set()


def test_fast_typing_while_an_earlier_save_is_in_flight_loses_nothing(world, page, login, slow_first_save):
    release, calls = slow_first_save
    by = _year(world)
    _open_sheet(page, login, by)

    page.locator(f"{ROW} input[name=points]").click()
    page.keyboard.type("8,5")
    page.keyboard.press("Tab")  # save 1 (the score) is held by the server
    page.wait_for_function("() => document.querySelector('tr[data-code=\"1.2\"]').dataset.saving")
    first, second = EXPLANATION[:30], EXPLANATION[30:]
    page.keyboard.type(first)
    release.set()  # save 1 answers while the officer is in the middle of the explanation
    page.wait_for_function(
        "() => document.querySelector('tr[data-code=\"1.2\"] input[name=version]').value === '1'"
    )
    page.keyboard.type(second)
    focused = _focused(page)
    assert (focused["name"], focused["value"], focused["caret"]) == (
        "explanation",
        EXPLANATION,
        len(EXPLANATION),
    )
    page.keyboard.press("Tab")  # save 2 (the explanation)
    _settled(page)

    assert page.locator(f"{ROW} .row-error").count() == 0
    assert len(calls) == 2
    (_, end1, version1, _), (start2, _, version2, explanation2) = calls
    assert start2 >= end1, "the second save started before the first had answered"
    assert (version1, version2, explanation2) == (0, 1, EXPLANATION)
    score = _score(by)
    assert (score.points, score.explanation, score.version) == (Decimal("8.5"), EXPLANATION, 2)
    page.reload()
    assert page.locator(f"{ROW} textarea[name=explanation]").input_value() == EXPLANATION


def test_saves_queued_behind_a_slow_one_go_in_order_with_the_new_version(world, page, login, slow_first_save):
    """Leaving the explanation while the score's save is still held queues the second save: it
    is sent only after the first answered, with the version the first returned."""
    release, calls = slow_first_save
    by = _year(world)
    _open_sheet(page, login, by)

    page.locator(f"{ROW} input[name=points]").click()
    page.keyboard.type("6")
    page.keyboard.press("Tab")
    page.keyboard.type(EXPLANATION)
    page.keyboard.press("Tab")  # save 2 must wait behind save 1
    page.wait_for_timeout(300)
    assert len(calls) == 1
    release.set()
    _settled(page)
    assert page.locator(f"{ROW} .row-error").count() == 0
    assert [c[2] for c in calls] == [0, 1]
    assert calls[1][0] >= calls[0][1], "the second save started before the first had answered"
    score = _score(by)
    assert (score.points, score.explanation, score.version) == (Decimal("6"), EXPLANATION, 2)


def test_a_save_based_on_a_stale_version_is_refused_with_a_message(world, page, login):
    """Someone else saved the row after the page was opened: the officer's save is refused with
    the usual message and the box shows the current value; the text being typed stays."""
    by = _year(world)
    _open_sheet(page, login, by)
    tand = Unit.objects.get(code="TAND")
    item = _score_item(by, "1.2")
    services.score_save(actor=world.officer_a, bloc_year=by, unit=tand, item=item, points="5")

    page.locator(f"{ROW} input[name=points]").click()
    page.keyboard.type("7")
    page.keyboard.press("Tab")
    page.keyboard.type("Giải trình")
    page.wait_for_selector(f"{ROW} .row-error:has-text('lưu trước bạn')")
    assert page.locator(f"{ROW} input[name=points]").input_value() == "5"
    assert _focused(page)["value"] == "Giải trình"
    assert _score(by).points == Decimal("5")
    page.shot("scoring-07-conflict-kept-typing")
    page.keyboard.press("Tab")  # now based on the current version: saved
    _settled(page)
    score = _score(by)
    assert (score.points, score.explanation) == (Decimal("5"), "Giải trình")


def _score_item(by, code):
    return current_rubric(by).items.get(code=code)
