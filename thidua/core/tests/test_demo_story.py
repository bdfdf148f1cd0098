"""The demo tells one coherent story whatever the day it is loaded (issue 19, item 7): the demo is
loaded on two very different days with the clock frozen, and each time 2019 is closed with its
three decided awards, 2020 is led by Sở Nội vụ, the current year is on schedule with nothing
overdue, every member unit has an officer account, the sample PDFs are real and the public 2019
results are dated in 2019/2020."""

import datetime as dt
import io
import re
import shutil
import subprocess
import tempfile
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from thidua.accounts.choices import Role
from thidua.accounts.models import User
from thidua.awards.models import AwardRecord
from thidua.conference.models import Conference
from thidua.cycles.choices import Stage
from thidua.cycles.models import StageTransition
from thidua.cycles.selectors import next_deadline, stage_of, timeline
from thidua.organisations.models import BlocYear
from thidua.proposals.choices import ProposalStatus
from thidua.proposals.models import Decision, Proposal, Transition
from thidua.proposals.services.rounds import deadline_for
from thidua.scoring import files
from thidua.scoring.models import Assessment, Evidence, Publication

pytestmark = [pytest.mark.django_db(transaction=True)]
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
DAYS = [dt.date(2026, 3, 1), dt.date(2027, 11, 20), dt.date(2027, 12, 29)]


def _load_on(day: dt.date) -> str:
    """Empty the database, then run ``manage.py load_demo`` with the clock frozen on ``day``."""
    call_command("flush", interactive=False, verbosity=0)
    frozen = dt.datetime.combine(day, dt.time(10, 0), tzinfo=HANOI)
    out = io.StringIO()
    with mock.patch("django.utils.timezone.now", return_value=frozen):
        call_command("load_demo", stdout=out)
    return out.getvalue()


def _in_story(moment) -> bool:
    """A 2019 date of the story: in 2019 or 2020, never the loading day."""
    return moment is not None and moment.year in (2019, 2020)


def _check_no_step_overdue(today: dt.date) -> None:
    for by in BlocYear.objects.select_related("bloc"):
        for entry in timeline(by, today=today):
            if entry["deadline"] and not entry["done"] and not entry["current"]:
                assert entry["days_left"] > 0, f"{by}: {entry['label']} overdue on {today}"
        upcoming = next_deadline(by, today=today)
        assert upcoming is None or upcoming["days_left"] >= 0, f"{by}: next deadline passed"
        if stage_of(by) not in (Stage.PROPOSALS, Stage.CLOSED) and Stage(stage_of(by)) != Stage.DRAFT:
            assert deadline_for(by) >= today, f"{by}: dossier deadline passed"


def _check_2019_closed_and_decided() -> None:
    y2019 = BlocYear.objects.get(bloc__code="KNC", year=2019)
    assert stage_of(y2019) == Stage.CLOSED
    for row in StageTransition.objects.filter(bloc_year=y2019):
        assert row.created_at.year == 2019, row
    assert Conference.objects.get(bloc_year=y2019).held_on == dt.date(2019, 12, 3)
    proposals = Proposal.objects.filter(bloc_year=y2019)
    assert {(p.unit.code, p.award.code, p.status) for p in proposals} == {
        ("SNV", "co_cp", ProposalStatus.DECIDED),
        ("TAND", "co_tinh", ProposalStatus.DECIDED),
        ("THADS", "co_tinh", ProposalStatus.DECIDED),
    }
    assert all(p.dossier_generated_at.year == 2019 for p in proposals)
    assert all(_in_story(t.at) for t in Transition.objects.filter(proposal__in=proposals))
    history = AwardRecord.objects.filter(year=2019, award__code__in=["co_cp", "co_tinh"])
    assert {(r.unit.code, r.award.code) for r in history} == {
        ("SNV", "co_cp"),
        ("TAND", "co_tinh"),
        ("THADS", "co_tinh"),
    }
    assert all(r.decision_date.year == 2020 for r in history)
    assert {d.decision_number for d in history} == set(Decision.objects.values_list("number", flat=True))
    assert all(d.date.year == 2020 for d in Decision.objects.all())
    publication = Publication.objects.get(bloc_year=y2019)
    assert publication.published_at.astimezone(HANOI).date() == dt.date(2019, 12, 2)
    assessments = Assessment.objects.filter(bloc_year=y2019)
    assert assessments.count() == 8 and all(_in_story(a.finalised_at) for a in assessments)


def _check_officers(current: int) -> None:
    officers = set(
        User.objects.filter(
            is_active=True, unit__isnull=False, role_grants__role__in=[Role.UNIT_OFFICER, Role.BLOC_SECRETARY]
        ).values_list("unit_id", flat=True)
    )
    for by in BlocYear.objects.filter(year=current).select_related("bloc"):
        missing = [m.unit.name for m in by.members.select_related("unit") if m.unit_id not in officers]
        assert not missing, f"{by.bloc.short_name}: no officer account for {missing}"


def _check_pdfs() -> None:
    evidence = list(Evidence.objects.all())
    assert len(evidence) >= 2
    for item in evidence:
        data = files.path_of(item.storage_name).read_bytes()
        assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF"), item.original_name
        assert item.size == len(data) > 1000
        # The cross-reference table is where startxref says it is, and names every object.
        offset = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
        assert data[offset : offset + 4] == b"xref"
        count = int(re.match(rb"xref\s+0\s+(\d+)", data[offset:]).group(1))
        assert count >= 4 and re.search(rb"/Type\s*/Page\b", data)
        if shutil.which("pdftoppm"):  # render it when poppler is installed
            with tempfile.TemporaryDirectory() as out:
                pdf = str(files.path_of(item.storage_name))
                subprocess.run(["pdftoppm", "-png", "-r", "20", pdf, f"{out}/page"], check=True)


def _check_portal_results() -> None:
    html = Client().get(reverse("portal:results", args=["KNC", 2019])).content.decode()
    published = re.search(r"Công bố ngày (\d\d)/(\d\d)/(\d{4})", html)
    assert published and published.group(3) == "2019", "results page shows no 2019 publication date"
    years = {int(y) for y in re.findall(r"\b\d\d/\d\d/(\d{4})\b", html)}
    assert years and years <= {2019, 2020}, years


@pytest.mark.parametrize("today", DAYS[:2], ids=lambda d: d.isoformat())
def test_demo_tells_one_story_whatever_the_day(today):
    output = _load_on(today)
    with mock.patch(
        "django.utils.timezone.now", return_value=dt.datetime.combine(today, dt.time(10), tzinfo=HANOI)
    ):
        assert timezone.localdate() == today
        _check_no_step_overdue(today)
        current = BlocYear.objects.get(bloc__code="KNC", year=today.year)
        assert stage_of(current) == Stage.SELF_ASSESSMENT
        for row in StageTransition.objects.filter(bloc_year=current):
            assert row.created_at.date() <= today
        _check_2019_closed_and_decided()
        assert BlocYear.objects.get(bloc__code="KNC", year=2020).leader.code == "SNV"
        assert stage_of(BlocYear.objects.get(bloc__code="KNC", year=2020)) == Stage.CLOSED
        _check_officers(today.year)
        _check_pdfs()
        _check_portal_results()
    # The printed logins name every officer account with the shared password.
    assert "mật khẩu chung: ThiDua@2019" in output
    for username in User.objects.filter(role_grants__role=Role.UNIT_OFFICER).values_list(
        "username", flat=True
    ):
        assert re.search(rf"^\s+{username}\s", output, re.M), username


def test_demo_loaded_in_the_last_days_of_a_year_keeps_every_deadline_ahead():
    """Loaded on 29/12, the current year's usual deadlines (15/11 … 31/12) would all be past:
    they move into the next weeks instead, the office's dossier deadline with them."""
    today = DAYS[2]
    _load_on(today)
    current = BlocYear.objects.get(bloc__code="KNC", year=today.year)
    _check_no_step_overdue(today)
    assert deadline_for(current) > today
    # Loading again changes nothing (idempotent).
    counts = (
        Proposal.objects.count(),
        Decision.objects.count(),
        AwardRecord.objects.count(),
        User.objects.count(),
    )
    frozen = dt.datetime.combine(today, dt.time(11), tzinfo=HANOI)
    with mock.patch("django.utils.timezone.now", return_value=frozen):
        call_command("load_demo", stdout=io.StringIO())
    assert counts == (
        Proposal.objects.count(),
        Decision.objects.count(),
        AwardRecord.objects.count(),
        User.objects.count(),
    )
