import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from thidua.core.models import AuditEvent
from thidua.cycles import selectors, services
from thidua.cycles.choices import Stage
from thidua.cycles.models import StageTransition
from thidua.cycles.tests.conftest import prepare


def test_launching_an_incomplete_year_is_refused_and_changes_nothing(world, draft_year):
    """Every missing piece is named in Vietnamese; the year stays a draft with no transition."""
    with pytest.raises(ValidationError) as exc:
        services.year_advance(actor=world.secretary, bloc_year=draft_year, action="launch")
    text = " ".join(exc.value.messages)
    assert "nội dung trọng tâm" in text
    assert "ngày ký" in text and "địa điểm ký" in text
    assert "quy chế" in text
    assert "bộ tiêu chí" in text.lower()
    assert selectors.stage_of(draft_year) == Stage.DRAFT
    assert not StageTransition.objects.filter(bloc_year=draft_year).exists()


def test_launch_with_an_invalid_rubric_is_refused(world, draft_year):
    rubric = prepare(world.secretary, draft_year)
    services.rubric_set_total(actor=world.secretary, rubric=rubric, total=120)
    with pytest.raises(ValidationError) as exc:
        services.year_advance(actor=world.secretary, bloc_year=draft_year, action="launch")
    assert any("khác tổng điểm đã khai báo" in m for m in exc.value.messages)
    rubric.refresh_from_db()
    assert rubric.frozen_at is None


def test_launch_freezes_the_rubric_records_and_audits(world, draft_year, monkeypatch):
    prepare(world.secretary, draft_year)
    calls = []
    from thidua.cycles.services import workflow

    real = workflow.call_hooks

    def spy(name, **kwargs):
        calls.append(name)
        return real(name, **kwargs)

    monkeypatch.setattr(workflow, "call_hooks", spy)
    row = services.year_advance(
        actor=world.secretary, bloc_year=draft_year, action="launch", reason="Hội nghị"
    )
    assert (row.from_stage, row.to_stage, row.actor, row.reason) == (
        "draft",
        "launched",
        world.secretary,
        "Hội nghị",
    )
    assert selectors.stage_of(draft_year) == Stage.LAUNCHED
    rubric = selectors.current_rubric(draft_year)
    assert rubric is not None and rubric.version == 1 and rubric.is_frozen
    assert calls == ["launch_problems", "on_transition"]
    assert AuditEvent.objects.filter(action="bloc_year.advance", object_id=str(draft_year.pk)).exists()


def test_launch_problems_from_other_apps_block_the_launch(world, draft_year, monkeypatch):
    prepare(world.secretary, draft_year)
    from thidua.cycles.services import workflow

    monkeypatch.setattr(
        workflow,
        "call_hooks",
        lambda name, **kw: [["Chưa phân công chấm chéo."]] if name == "launch_problems" else [],
    )
    with pytest.raises(ValidationError) as exc:
        services.year_advance(actor=world.secretary, bloc_year=draft_year, action="launch")
    assert "Chưa phân công chấm chéo." in exc.value.messages


def test_steps_follow_the_order_and_reopen_needs_a_reason(world, draft_year):
    prepare(world.secretary, draft_year)
    services.year_advance(actor=world.secretary, bloc_year=draft_year, action="launch")
    with pytest.raises(ValidationError) as exc:
        services.year_advance(actor=world.secretary, bloc_year=draft_year, action="open_review")
    assert "đang ở giai đoạn" in exc.value.messages[0]
    with pytest.raises(ValidationError):
        services.year_reopen(actor=world.secretary, bloc_year=draft_year, reason="Lý do")  # launched → draft
    for action in ["open_self_assessment", "open_review"]:
        services.year_advance(actor=world.secretary, bloc_year=draft_year, action=action)
    with pytest.raises(ValidationError) as exc:
        services.year_reopen(actor=world.secretary, bloc_year=draft_year, reason="   ")
    assert "lý do" in exc.value.messages[0]
    row = services.year_reopen(
        actor=world.secretary, bloc_year=draft_year, reason="Đơn vị xin bổ sung minh chứng"
    )
    assert (row.kind, row.from_stage, row.to_stage) == ("reopen", "review", "self_assessment")
    assert selectors.stage_of(draft_year) == Stage.SELF_ASSESSMENT
    for action in ["open_review", "open_conference", "open_proposals", "close"]:
        services.year_advance(actor=world.secretary, bloc_year=draft_year, action=action)
    assert selectors.stage_of(draft_year) == Stage.CLOSED
    with pytest.raises(PermissionDenied):
        services.year_reopen(actor=world.secretary, bloc_year=draft_year, reason="Sai sót")
    services.year_reopen(actor=world.provincial, bloc_year=draft_year, reason="Sai sót số liệu")
    assert selectors.stage_of(draft_year) == Stage.PROPOSALS
    assert len(selectors.transitions(draft_year)) == 9


def test_only_the_years_managers_move_it(world, draft_year):
    prepare(world.secretary, draft_year)
    for persona in (world.officer_a, world.council, world.secretary_snv):
        with pytest.raises(PermissionDenied):
            services.year_advance(actor=persona, bloc_year=draft_year, action="launch")
    assert selectors.stage_of(draft_year) == Stage.DRAFT


def test_deadlines_are_validated_and_shown_with_days_left(world, draft_year):
    y = draft_year.year
    with pytest.raises(ValidationError) as exc:
        services.deadlines_update(
            actor=world.secretary,
            bloc_year=draft_year,
            deadlines={"self_assessment": f"{y}-11-30", "review": f"{y}-11-15"},
        )
    assert "thứ tự thời gian" in exc.value.messages[0]
    services.deadlines_update(
        actor=world.secretary, bloc_year=draft_year, deadlines={"launched": f"{y}-03-15"}
    )
    draft_year.refresh_from_db()
    entries = selectors.timeline(draft_year, today=dt.date(y, 3, 5))
    launched = next(e for e in entries if e["stage"] == "launched")
    assert launched["deadline"] == dt.date(y, 3, 15) and launched["days_left"] == 10
    assert selectors.next_deadline(draft_year, today=dt.date(y, 3, 5))["days_left"] == 10


def test_settings_are_validated_through_bloc_settings(world, draft_year):
    with pytest.raises(ValidationError) as exc:
        services.settings_update(actor=world.secretary, bloc_year=draft_year, data={"quorum": "3/2"})
    assert "Tỉ lệ" in exc.value.messages[0]
    draft_year.refresh_from_db()
    assert draft_year.settings == {}
    year = services.settings_update(actor=world.secretary, bloc_year=draft_year, data={"provincial_flags": 2})
    assert year.settings["provincial_flags"] == 2


def test_cycle_page_lists_problems_and_launches(world, draft_year, client_for):
    client = client_for("secretary")
    url = f"/nam-thi-dua/KNC/{draft_year.year}/"
    page = client.get(url).content.decode()
    assert "Giao ước thi đua chưa có nội dung trọng tâm nào." in page
    prepare(world.secretary, draft_year)
    assert "có thể phát động năm thi đua" in client.get(url).content.decode()
    response = client.post(url + "chuyen-buoc/", {"action": "launch"})
    assert response.status_code == 302
    assert selectors.stage_of(draft_year) == Stage.LAUNCHED
    again = client.post(url + "chuyen-buoc/", {"action": "launch"}, follow=True)
    assert "cần ở giai đoạn" in again.content.decode()
    assert StageTransition.objects.filter(bloc_year=draft_year).count() == 1


def test_api_launch_reports_problems_as_422(world, draft_year, client_for):
    client = client_for("secretary")
    response = client.post(
        f"/api/v1/cycles/KNC/{draft_year.year}/transitions",
        {"action": "launch"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "Chưa thể phát động" in response.json()["detail"]


def test_the_bloc_year_page_shows_the_timeline_panel(world, client_for):
    page = client_for("officer_a").get("/to-chuc/khoi/KNC/2019/").content.decode()
    assert 'id="cycle-panel"' in page and "Hội nghị tổng kết" in page
