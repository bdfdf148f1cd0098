"""Issue 15 item 6, “Việc cần làm”: each persona's own tasks across blocs and years, with the
deadline, the days overdue against a fixed ``today`` and one link to the page that does it; on the
home page and at GET /api/v1/me/todo."""

import datetime as dt

import pytest
from django.utils import timezone

from thidua.accounts.choices import Role
from thidua.accounts.models import RoleGrant
from thidua.core import todo
from thidua.core.todo import TodoItem, todo_for
from thidua.cycles.models import YearCycle
from thidua.organisations import services as org_services
from thidua.organisations.models import BlocYear
from thidua.portal.models import Article
from thidua.proposals.models import (
    CouncilSession,
    CouncilSessionItem,
    CouncilSessionMember,
    Proposal,
    RoundSettings,
)
from thidua.scoring.models import Assessment

NOV_20_2020 = dt.date(2020, 11, 20)


def _year(year: int, bloc: str = "KNC") -> BlocYear:
    return BlocYear.objects.get(bloc__code=bloc, year=year)


def _kinds(user, **kwargs) -> list[tuple[str, str]]:
    return [(t.kind, t.url) for t in todo_for(user, **kwargs)]


@pytest.fixture
def self_assessment_2020(world):
    """Khối Nội chính 2020 taken back to self-assessment (the demo closed it)."""
    by = _year(2020)
    YearCycle.objects.filter(bloc_year=by).update(stage="self_assessment")
    Assessment.objects.filter(bloc_year=by).delete()
    return by


def test_officer_sees_their_own_sheet_with_its_deadline_and_days_overdue(world, self_assessment_2020):
    items = [t for t in todo_for(world.officer_a, today=NOV_20_2020) if "/2020/" in t.url]
    assert [(t.kind, t.url) for t in items] == [
        ("scoring.self_assessment", "/cham-diem/KNC/2020/don-vi/TAND/")
    ]
    sheet = items[0]
    assert sheet.deadline == dt.date(2020, 11, 15)  # the bloc's self-assessment deadline
    assert sheet.overdue == 5 and sheet.is_overdue
    assert "Khối Nội chính" in sheet.context and "2020" in sheet.context
    on_time = next(t for t in todo_for(world.officer_a, today=dt.date(2020, 11, 15)) if "/2020/" in t.url)
    assert on_time.overdue == 0 and not on_time.is_overdue
    # Another unit's officer sees its own sheet, never Tòa án's.
    urls = [url for _kind, url in _kinds(world.officer_b, today=NOV_20_2020)]
    assert "/cham-diem/KNC/2020/don-vi/VKSND/" in urls
    assert not any("TAND" in url for url in urls)


def test_a_submitted_sheet_is_no_longer_a_task_but_a_returned_one_is(world, self_assessment_2020):
    by = self_assessment_2020
    rubric = by.rubrics.filter(frozen_at__isnull=False).order_by("-version").first()
    tand = world.officer_a.unit
    sheet = Assessment.objects.create(bloc_year=by, unit=tand, rubric=rubric, status="submitted")
    assert not any("/2020/" in url for _kind, url in _kinds(world.officer_a))
    Assessment.objects.filter(pk=sheet.pk).update(status="returned")
    titles = [t.title for t in todo_for(world.officer_a) if "/2020/" in t.url]
    assert titles == ["Chấm lại phiếu điểm bị trả lại"]


def test_the_secretary_sees_the_next_step_of_the_years_their_unit_runs(world):
    items = todo_for(world.users["secretary_snv"], today=timezone.localdate())
    steps = [t for t in items if t.kind.startswith("cycles.")]
    assert [t.kind for t in steps] == ["cycles.open_review"]
    assert steps[0].url.startswith("/nam-thi-dua/KNC/") and "Mở thẩm định" in steps[0].title
    # The 2019 secretary's unit leads no year still running; an officer runs no year at all.
    assert not [k for k, _u in _kinds(world.secretary) if k.startswith("cycles.")]
    assert not [k for k, _u in _kinds(world.officer_a) if k.startswith("cycles.")]


def test_a_new_year_led_by_a_unit_without_a_secretary_asks_the_office_and_the_outgoing_secretary(world):
    BlocYear.objects.filter(bloc__code="KNC", year=2020).delete()
    RoleGrant.objects.filter(user=world.users["secretary_snv"], role=Role.BLOC_SECRETARY).delete()
    new = org_services.bloc_year_start_next(actor=world.secretary, bloc_year=_year(2019))
    assert new.leader.code == "SNV"
    for persona in ("provincial", "secretary"):
        found = [t for t in todo_for(world.users[persona]) if t.kind == "organisations.name_secretary"]
        assert [t.url for t in found if "KNC" in t.url] == ["/to-chuc/khoi/KNC/2020/#secretary-needed"]
        task = next(t for t in found if "KNC" in t.url)
        assert task.title == "Chỉ định thư ký khối của Sở Nội vụ"
        assert task.deadline == dt.date(2020, 3, 15)  # the launch deadline, moved into 2020
    for persona in ("officer_a", "council", "editor"):
        assert not [t for t in todo_for(world.users[persona]) if t.kind == "organisations.name_secretary"]


def test_the_office_sees_dossiers_to_receive_and_central_awards_for_moha(world):
    proposal = Proposal.objects.filter(bloc_year__bloc__code="KNC", year=2019).first()
    Proposal.objects.filter(pk=proposal.pk).update(status="submitted")
    items = todo_for(world.provincial)
    receive = [t for t in items if t.kind == "proposals.receive"]
    assert len(receive) == 1 and receive[0].title == "Tiếp nhận 1 hồ sơ đề nghị khen thưởng"
    assert receive[0].url == "/de-nghi/?status=submitted&bloc=KNC&year=2019"
    # The demo's Government flag of 2019, taken back to "approved by the Council": it waits for
    # the dossier to go to the Ministry of Home Affairs, by the province's deadline for the round.
    central = Proposal.objects.select_related("award").get(award__code="co_cp", year=2019)
    Proposal.objects.filter(pk=central.pk).update(status="approved")
    RoundSettings.objects.update_or_create(
        year=2019, defaults={"bloc_deadline": dt.date(2019, 12, 10), "central_deadline": dt.date(2020, 6, 30)}
    )
    forward = [
        t for t in todo_for(world.provincial, today=dt.date(2020, 7, 2)) if t.kind == "proposals.forward"
    ]
    assert [t.title for t in forward] == [f"Gửi Bộ Nội vụ 1 hồ sơ đề nghị {central.award.name}"]
    assert forward[0].deadline == dt.date(2020, 6, 30) and forward[0].overdue == 2
    assert forward[0].url == "/de-nghi/toan-tinh/?year=2019"
    for persona in ("secretary", "officer_a", "council", "editor"):
        assert not [t for t in todo_for(world.users[persona]) if t.kind.startswith("proposals.")]


def test_a_council_member_sees_the_open_session_until_they_have_voted(world):
    proposal = Proposal.objects.filter(year=2019).first()
    session = CouncilSession.objects.create(
        year=2019,
        title="Phiên xét khen thưởng năm 2019",
        status="open",
        secret=True,
        quorum="2/3",
        members_total=1,
        opened_at=timezone.now(),
    )
    member = CouncilSessionMember.objects.create(session=session, user=world.council)
    item = CouncilSessionItem.objects.create(session=session, proposal=proposal)
    found = [t for t in todo_for(world.council) if t.kind == "proposals.council_vote"]
    assert [t.url for t in found] == [f"/de-nghi/hoi-dong/phien/{session.uuid}/bieu-quyet/"]
    assert "đã biểu quyết 0/1" in found[0].context
    assert not [t for t in todo_for(world.officer_a) if t.kind == "proposals.council_vote"]
    item.participations.create(member=member)
    assert not [t for t in todo_for(world.council) if t.kind == "proposals.council_vote"]


def test_the_editor_sees_their_own_drafts(world):
    mine = Article.objects.create(
        title="Tin hội nghị tổng kết",
        slug="tin-hoi-nghi-tong-ket",
        author_name="Vũ Hưng",
        created_by=world.editor,
    )
    Article.objects.create(
        title="Tin của người khác", slug="tin-khac", author_name="X", created_by=world.admin
    )
    found = [t for t in todo_for(world.editor) if t.kind == "portal.draft"]
    assert [t.url for t in found] == [f"/bien-tap/bai-viet/{mine.uuid}/"]
    assert "Tin hội nghị tổng kết" in found[0].title
    assert not [t for t in todo_for(world.officer_a) if t.kind == "portal.draft"]


def test_overdue_first_then_by_deadline_and_none_last(monkeypatch, world):
    def item(title, day):
        return TodoItem(title=title, url="/", deadline=day, context="", kind="test")

    found = [
        [item("không hạn", None), item("hạn xa", dt.date(2020, 12, 31)), None],
        [item("quá hạn ít", dt.date(2020, 11, 19)), item("hạn gần", dt.date(2020, 11, 25))],
        None,
        [item("quá hạn nhiều", dt.date(2020, 10, 1))],
    ]
    monkeypatch.setattr(todo, "call_hooks", lambda name, **kwargs: found)
    items = todo_for(world.officer_a, today=NOV_20_2020)
    assert [t.title for t in items] == ["quá hạn nhiều", "quá hạn ít", "hạn gần", "hạn xa", "không hạn"]
    assert [t.overdue for t in items] == [50, 1, 0, 0, 0]


def test_each_provider_runs_a_fixed_number_of_queries(
    world, self_assessment_2020, django_assert_max_num_queries
):
    for persona in ("secretary_snv", "provincial", "officer_a"):
        user = world.users[persona]
        assert user.role_set  # roles cached as on a request
        with django_assert_max_num_queries(16):
            todo_for(user)


def test_the_home_page_lists_the_tasks_above_the_blocs(world, client_for, self_assessment_2020):
    html = client_for("officer_a").get("/ung-dung/").content.decode()
    assert "Việc cần làm" in html and html.index("Việc cần làm") < html.index("Khối thi đua của bạn theo năm")
    assert 'href="/cham-diem/KNC/2020/don-vi/TAND/"' in html
    assert "Hạn 15/11/2020" in html and "quá hạn" in html  # 2020 is long past
    empty = client_for("editor").get("/ung-dung/").content.decode()
    assert "Không có việc nào cần làm." in empty


def test_the_api_returns_the_same_tasks(world, client_for, self_assessment_2020):
    response = client_for("officer_a").get("/api/v1/me/todo")
    assert response.status_code == 200
    rows = response.json()
    assert [r["url"] for r in rows] == [t.url for t in todo_for(world.officer_a)]
    row = next(r for r in rows if "/2020/" in r["url"])
    assert row["deadline"] == "2020-11-15" and row["kind"] == "scoring.self_assessment" and row["overdue"] > 0
    assert client_for("editor").get("/api/v1/me/todo").json() == []
    assert client_for("anonymous").get("/api/v1/me/todo").status_code == 401
