"""Nothing typed into the self-assessment grid is lost when the connection drops: the row is
kept in the browser (localStorage) with a visible notice and sent again when the network comes
back, or when the page is opened again."""

from decimal import Decimal

import pytest

from thidua.organisations.models import BlocYear
from thidua.scoring.models import Assessment, Score

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _points(by, code):
    score = Score.objects.filter(
        assessment__bloc_year=by, assessment__unit__code="TAND", item__code=code
    ).first()
    return score.points if score else None


def _open_sheet(page, login, year):
    login("canbotand")
    page.goto(f"/cham-diem/KNC/{year}/")
    page.click("#open-own")
    page.wait_for_url("**/don-vi/TAND/")


def test_a_score_typed_offline_is_sent_when_back_online(world, page, login):
    year = world.ctx["current_year"]
    by = BlocYear.objects.get(bloc__code="KNC", year=year)
    Assessment.objects.filter(bloc_year=by).delete()
    _open_sheet(page, login, year)

    page.context.set_offline(True)
    box = page.locator('tr[data-code="1.2"] input[name=points]')
    box.fill("7")
    box.press("Tab")
    page.wait_for_selector("#net-status:has-text('1 điểm chưa lưu')")
    assert _points(by, "1.2") is None
    page.shot("scoring-03-offline-kept")

    page.context.set_offline(False)  # the browser fires "online"; the grid sends the kept row
    page.wait_for_selector('tr[data-code="1.2"] .row-saved')
    page.wait_for_function("document.getElementById('net-status').textContent === ''")
    assert _points(by, "1.2") == Decimal("7")


def test_a_score_that_failed_to_send_is_sent_when_the_page_is_opened_again(world, page, login):
    year = world.ctx["current_year"]
    by = BlocYear.objects.get(bloc__code="KNC", year=year)
    Assessment.objects.filter(bloc_year=by).delete()
    _open_sheet(page, login, year)

    # The server cannot be reached for the save (a proxy drops it) while the browser still
    # believes it is online, so no "online" event will come to resend it.
    def drop_saves(route):
        if route.request.method == "POST":
            route.abort()
        else:
            route.continue_()

    page.route("**/cham-diem/**", drop_saves)
    box = page.locator('tr[data-code="3.1"] input[name=points]')
    box.fill("8,5")
    box.press("Tab")
    page.wait_for_selector("#net-status:has-text('1 điểm chưa lưu')")
    assert _points(by, "3.1") is None
    page.unroute("**/cham-diem/**")
    page.on("dialog", lambda dialog: dialog.accept())  # "leave the page?" while a score is pending
    page.reload()
    page.wait_for_selector('tr[data-code="3.1"] .row-saved')
    page.wait_for_function("document.getElementById('net-status').textContent === ''")
    assert _points(by, "3.1") == Decimal("8.5")
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('thidua-pending:')).length") == 0
