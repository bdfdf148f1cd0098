"""Decree 91/2017 Art 9.3 (issue 13 item 6): under the 2019 regime the grassroots emulation
fighters of a unit are capped at 15% of its advanced workers, counting the titles already recorded
AND the candidates proposed together. A proposal counts the ones already in the round before it;
an import file counts its rows above too."""

import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from thidua.awards.models import Award
from thidua.awards.tests.factories import InitiativeFactory, PerformanceRatingFactory
from thidua.organisations.models import BlocYear, BlocYearMember
from thidua.organisations.tests.factories import PersonFactory, UnitFactory
from thidua.proposals import importer, services
from thidua.proposals.choices import ProposalStatus
from thidua.proposals.models import Proposal, ProposalImportJob

pytestmark = pytest.mark.django_db

HEADER = [label for _, label, _ in importer.COLUMNS]


def errors_of(exc) -> str:
    return " ".join(m for ms in exc.value.message_dict.values() for m in ms)


@pytest.fixture
def by(undecided_2019):
    return BlocYear.objects.select_related("bloc").get(bloc__code="KNC", year=2019)


@pytest.fixture
def staff(by):
    """A member unit of 2019 with 20 advanced workers, each with a recognised initiative:
    ⌊15% × 20⌋ = 3 grassroots fighters at most."""
    unit = UnitFactory(code="TTHC", name="Trung tâm Hành chính công tỉnh")
    BlocYearMember.objects.create(
        bloc_year=by, unit=unit, year=2019, organiser=by.bloc.organiser or "UBND tỉnh"
    )
    people = [PersonFactory(unit=unit, full_name=f"Nguyễn Văn Số {i:02d}") for i in range(20)]
    for person in people:
        PerformanceRatingFactory(person=person, unit=None, year=2019, rating="HTT")
        InitiativeFactory(person=person, unit=None, year=2019)
    return people


def _propose(w, by, person):
    return services.proposal_create(
        actor=w.secretary, bloc_year=by, award=Award.objects.get(code="cstdcs"), person=person
    )


def test_decree91_art9_3_the_fourth_candidate_of_a_round_is_refused(undecided_2019, by, staff):
    w = undecided_2019
    made = [_propose(w, by, person) for person in staff[:3]]
    assert all(p.eligible for p in made)
    with pytest.raises(ValidationError) as exc:
        _propose(w, by, staff[3])
    text = errors_of(exc)
    assert "Trong giới hạn 15% số Lao động tiên tiến" in text
    assert "tối đa 3 người" in text and "đề nghị cùng đợt trước người này 3 người" in text
    assert "Nghị định 91/2017/NĐ-CP, Điều 9.3" in text
    assert Proposal.objects.filter(award__code="cstdcs", year=2019).count() == 3
    # Proposals that left the round (not approved by the Council) no longer take a place.
    Proposal.objects.filter(pk=made[0].pk).update(status=ProposalStatus.NOT_APPROVED)
    assert _propose(w, by, staff[3]).eligible


def test_decree91_art9_3_an_import_counts_the_rows_above(
    undecided_2019, by, staff, django_capture_on_commit_callbacks
):
    w = undecided_2019
    _propose(w, by, staff[0])
    rows = [
        [i + 1, "cá nhân", "TTHC", p.full_name, "cstdcs", None, None, "Có sáng kiến được công nhận.", ""]
        for i, p in enumerate(staff[1:4])
    ]
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    with django_capture_on_commit_callbacks(execute=True):
        job = importer.proposal_import_create(
            actor=w.secretary, bloc_year=by, filename="cstdcs.xlsx", content=buf.getvalue()
        )
    job = ProposalImportJob.objects.get(pk=job.pk)
    assert job.status == "failed"
    bad = {e["row"]: " ".join(e["messages"]) for e in job.errors}
    assert set(bad) == {4}, bad  # rows 2 and 3 fit (with the one already proposed), row 4 does not
    assert "đề nghị cùng đợt trước người này 3 người" in bad[4]
    assert Proposal.objects.filter(award__code="cstdcs", year=2019).count() == 1  # all or nothing
