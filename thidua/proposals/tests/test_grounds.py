"""A certificate of merit on any one of its grounds (issue 13 item 2; Law 06/2022 Art 73, 74;
Law 2003 Art 71, 72 in 2019): the checkable multi-year ground is verified from the data; the
movement ground needs the bloc's vote or a movement's result; a contribution or an extraordinary
achievement needs a written justification and goes to the Council. No ground is mandatory when
another is met."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from docx import Document

from thidua.awards import engine
from thidua.awards.choices import Nature
from thidua.awards.models import Award, AwardRecord
from thidua.awards.tests.factories import PerformanceRatingFactory
from thidua.awards.tests.helpers import U, facts, failed, rate, spec_for
from thidua.cycles.models import Movement
from thidua.documents.services import read_bytes
from thidua.organisations.models import BlocYear, Unit
from thidua.proposals import services
from thidua.proposals.choices import DossierKind, ProposalGround
from thidua.proposals.models import Proposal

pytestmark = pytest.mark.django_db

JUSTIFICATION = "Phát hiện, ngăn chặn kịp thời vụ lừa đảo chiếm đoạt 12 tỉ đồng ngân sách ngày 14/08/2019."


def errors_of(exc) -> str:
    return " ".join(m for ms in exc.value.message_dict.values() for m in ms)


def crit(criteria, code):
    return next(c for c in criteria if c["code"] == code)


# The engine, per regime ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "article"),
    [
        (2019, "Luật Thi đua, khen thưởng 2003 (sửa đổi, bổ sung 2013), Điều 72"),
        (2024, "Luật Thi đua, khen thưởng 2022 (Luật 06/2022/QH15), Điều 74"),
        (2025, "Luật Thi đua, khen thưởng 2022 (Luật 06/2022/QH15), Điều 74"),
    ],
)
def test_law_art74_a_provincial_certificate_on_the_movement_ground_needs_no_multi_year_record(year, article):
    f = facts()
    rate(f, U, [year - 1], "HT")
    rate(f, U, [year], "HTXS")
    spec = spec_for(year)
    refused = engine.evaluate(f, spec, U, "bk_tinh_tt", year)
    assert failed(refused) == {"achievement"}, "the checkable ground alone is not met"
    voted = engine.Ground("movement", True, "Khối bình xét, biểu quyết: 7/8 phiếu tán thành")
    v = engine.evaluate(f, spec, U, "bk_tinh_tt", year, ground=voted)
    assert v.eligible and "achievement" not in {c.code for c in v.criteria}
    ground = next(c for c in v.criteria if c.code == "ground")
    assert ground.article == article and "7/8" in ground.facts
    # A ground without what it needs is refused, citing the same article.
    bare = engine.evaluate(
        f, spec, U, "bk_tinh_tt", year, ground=engine.Ground("extraordinary", False, "Chưa có")
    )
    assert failed(bare) == {"ground"} and not bare.eligible
    assert (
        "Hội đồng Thi đua – Khen thưởng xem xét" in next(c for c in bare.criteria if c.code == "ground").facts
    )


@pytest.mark.parametrize("year", [2019, 2025])
def test_law_art26_a_flag_has_no_other_ground_than_its_rule(year):
    f = facts()
    rate(f, U, [year], "HTXS")
    v = engine.evaluate(f, spec_for(year), U, "co_tinh", year, ground=engine.Ground("movement", True, "7/8"))
    assert failed(v) == {"ground"}
    assert "chỉ xét theo" in next(c for c in v.criteria if c.code == "ground").facts


@pytest.mark.parametrize("year", [2024, 2025])
def test_law_art73_the_prime_minister_s_certificate_takes_an_extraordinary_achievement(year):
    f = facts()
    rate(f, ("p", 1), [year], "HTT")
    ground = engine.Ground("extraordinary", True, f"Giải trình: {JUSTIFICATION}")
    v = engine.evaluate(f, spec_for(year), ("p", 1), "bk_ttg_cn", year, ground=ground)
    assert v.eligible and "Điều 73" in next(c for c in v.criteria if c.code == "ground").article


# Proposals (the demo's 2019 bloc year) ------------------------------------------------------------


@pytest.fixture
def by(undecided_2019):
    return BlocYear.objects.select_related("bloc").get(bloc__code="KNC", year=2019)


@pytest.fixture
def vks():
    """The procuracy: HTXS in 2019 only, so the checkable 2-year ground is not met."""
    unit = Unit.objects.get(code="VKSND")
    PerformanceRatingFactory(unit=unit, year=2018, rating="HT")
    PerformanceRatingFactory(unit=unit, year=2019, rating="HTXS")
    AwardRecord.objects.filter(unit=unit, year__in=[2018, 2019]).delete()
    return unit


def _create(w, by, unit, **kwargs):
    return services.proposal_create(
        actor=w.secretary, bloc_year=by, award=Award.objects.get(code="bk_tinh_tt"), unit=unit, **kwargs
    )


def test_law2003_art72_checkable_refused_then_the_bloc_s_vote_is_enough(undecided_2019, by, vks):
    w = undecided_2019
    with pytest.raises(ValidationError) as exc:
        _create(w, by, vks)
    assert "2 năm liên tục HTXS" in errors_of(exc)
    with pytest.raises(ValidationError) as exc:
        _create(w, by, vks, ground=ProposalGround.MOVEMENT)
    assert "Cần kết quả bình xét, biểu quyết của khối" in errors_of(exc)
    p = _create(w, by, vks, ground=ProposalGround.MOVEMENT, vote_yes=6, vote_base=8)
    assert p.eligible and p.ground == "movement"
    assert "Khối bình xét, biểu quyết: 6/8" in crit(p.eligibility, "ground")["facts"]
    assert "Điều 72" in crit(p.eligibility, "ground")["article"]


def test_law2003_art72_the_movement_s_result_instead_of_a_vote(undecided_2019, by, vks):
    w = undecided_2019
    own = Movement.objects.create(bloc_year=by, unit=vks, title="Thi đua kiểm sát án hình sự", kind="regular")
    other_unit = Movement.objects.create(
        bloc_year=by, unit=Unit.objects.get(code="TAND"), title="Xét xử đúng hạn", kind="regular"
    )
    with pytest.raises(ValidationError) as exc:
        _create(w, by, vks, ground="movement", ground_movement=other_unit, ground_justification=JUSTIFICATION)
    assert "phong trào của đơn vị" in errors_of(exc)
    p = _create(w, by, vks, ground="movement", ground_movement=own, ground_justification=JUSTIFICATION)
    assert "Kết quả phong trào “Thi đua kiểm sát án hình sự”" in crit(p.eligibility, "ground")["facts"]


def test_law2003_art72_an_extraordinary_achievement_needs_a_justification_and_is_recorded_as_such(
    undecided_2019, by, vks
):
    w = undecided_2019
    with pytest.raises(ValidationError) as exc:
        _create(w, by, vks, ground="extraordinary", ground_justification="Tốt")
    assert "Cần giải trình bằng văn bản (ít nhất 30 ký tự)" in errors_of(exc)
    assert not Proposal.objects.filter(unit=vks).exists()
    p = _create(w, by, vks, ground="extraordinary", ground_justification=JUSTIFICATION)
    assert (
        p.ground_for_council
        and "Hội đồng Thi đua – Khen thưởng xem xét" in crit(p.eligibility, "ground")["facts"]
    )
    files = services.dossier_generate(actor=w.secretary, proposal=p, pdf=False)
    letter = files[DossierKind.LETTER.value]["docx"]
    text = "\n".join(par.text for par in Document(io.BytesIO(read_bytes(letter))).paragraphs)
    assert "vì đã lập được thành tích đột xuất" in text and f"Giải trình: {JUSTIFICATION}" in text
    # Decided, it enters the history as an extraordinary award (never a prerequisite of merit ones).
    p = services.proposal_submit(
        actor=w.secretary, proposal=Proposal.objects.get(pk=p.pk), late_reason="Bổ sung"
    )
    p = services.proposal_receive(actor=w.provincial, proposal=p)
    p = services.council_vote_record(
        actor=w.provincial, proposal=p, yes=14, members=15, voted_on=dt.date(2020, 1, 8)
    )
    services.decision_record(
        actor=w.provincial,
        number="300/QĐ-UBND",
        date=dt.date(2020, 1, 20),
        signer_name="Nguyễn Văn Hải",
        signer_title="Chủ tịch UBND tỉnh",
        authority="provincial_chairman",
        authority_name="Ủy ban nhân dân tỉnh",
        proposals=[p],
    )
    assert (
        AwardRecord.objects.get(unit=vks, award__code="bk_tinh_tt", year=2019).nature == Nature.EXTRAORDINARY
    )


def test_a_flag_offers_no_other_ground(undecided_2019, by):
    with pytest.raises(ValidationError) as exc:
        services.proposal_create(
            actor=undecided_2019.secretary,
            bloc_year=by,
            award=Award.objects.get(code="co_tinh"),
            unit=Unit.objects.get(code="STP"),
            ground="movement",
            vote_yes=8,
            vote_base=8,
        )
    assert "chỉ đề nghị theo các căn cứ" in errors_of(exc)


def test_changing_the_ground_judges_again_and_a_failing_change_changes_nothing(undecided_2019, by, vks):
    w = undecided_2019
    p = _create(w, by, vks, ground="extraordinary", ground_justification=JUSTIFICATION)
    with pytest.raises(ValidationError):
        services.proposal_update(
            actor=w.secretary, proposal=p, achievement_report="Báo cáo", ground="checkable"
        )
    p.refresh_from_db()
    assert p.ground == "extraordinary" and p.ground_justification == JUSTIFICATION
    moved = services.proposal_update(
        actor=w.secretary,
        proposal=p,
        achievement_report="Báo cáo",
        ground="movement",
        vote_yes=7,
        vote_base=8,
    )
    assert moved.ground == "movement" and "7/8" in crit(moved.eligibility, "ground")["facts"]
    # Editing the report alone never judges again.
    same = services.proposal_update(
        actor=w.secretary,
        proposal=moved,
        achievement_report="Báo cáo mới",
        ground="movement",
        vote_yes=7,
        vote_base=8,
    )
    assert same.checked_at == moved.checked_at


def test_the_ground_through_the_api_and_the_page(undecided_2019, by, vks, client_for):
    office = client_for("secretary")
    url = "/api/v1/proposal-years/KNC/2019/proposals"
    bad = office.post(
        url, {"award": "bk_tinh_tt", "unit": "VKSND", "ground": "luck"}, content_type="application/json"
    )
    assert bad.status_code == 422
    response = office.post(
        url,
        {
            "award": "bk_tinh_tt",
            "unit": "VKSND",
            "ground": "contribution",
            "ground_justification": JUSTIFICATION,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["ground"] == "contribution" and data["ground_label"].startswith("Lập được nhiều thành tích")
    detail = office.get(f"/api/v1/proposals/{data['uuid']}").json()
    assert detail["ground_justification"] == JUSTIFICATION
    page = office.get(f"/de-nghi/{data['uuid']}/").content.decode()
    assert 'id="ground"' in page and "Hội đồng TĐKT xem xét giải trình" in page and 'name="ground"' in page
