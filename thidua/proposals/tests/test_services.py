"""Proposals from the conference's vote to the award in history: transitions, guards, quotas,
the Council's threshold, decisions and the dossier files read back."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from PIL import Image

from thidua.awards.models import Award, AwardRecord, PerformanceRating, RulePack
from thidua.core.models import AuditEvent
from thidua.documents.services import read_bytes
from thidua.organisations.bloc_settings import get_settings
from thidua.organisations.models import BlocYear, Person, Unit
from thidua.proposals import selectors, services
from thidua.proposals.choices import DossierKind, ProposalStatus
from thidua.proposals.models import Decision, Proposal, Transition

pytestmark = pytest.mark.django_db
DECIDED_ON = dt.date(2020, 1, 22)


@pytest.fixture
def by(undecided_2019):
    return BlocYear.objects.get(bloc__code="KNC", year=2019)


@pytest.fixture
def made(by, undecided_2019):
    w = undecided_2019
    return {p.unit.code: p for p in services.proposals_from_outcomes(actor=w.secretary, bloc_year=by)}


def ready(w, p):
    services.dossier_generate(actor=w.secretary, proposal=p)
    return Proposal.objects.get(pk=p.pk)


def to_received(w, p):
    p = services.proposal_submit(
        actor=w.secretary, proposal=ready(w, p), late_reason="Hồ sơ bổ sung sau hội nghị"
    )
    return services.proposal_receive(actor=w.provincial, proposal=p)


def errors_of(exc) -> str:
    return " ".join(m for ms in exc.value.message_dict.values() for m in ms)


def set_pack_param(year, **params):
    pack = (
        RulePack.objects.filter(effective_from__lte=dt.date(year, 12, 31)).order_by("-effective_from").first()
    )
    pack.params = {**pack.params, **params}
    pack.save()


# Creation ----------------------------------------------------------------------------------------


def test_outcomes_become_proposals_with_their_votes(made, undecided_2019):
    """The seed outcome: SNV for the Government flag, TAND and THADS for provincial flags,
    each with the conference's vote, the verdict of the engine and a prefilled report."""
    assert {(c, p.award.code) for c, p in made.items()} == {
        ("SNV", "co_cp"),
        ("TAND", "co_tinh"),
        ("THADS", "co_tinh"),
    }
    snv = made["SNV"]
    assert snv.status == ProposalStatus.DRAFT and snv.eligible and snv.pack_code
    assert snv.vote_base == 8 and snv.vote_yes == 6
    assert all(c["passed"] for c in snv.eligibility) and all(c["article"] for c in snv.eligibility)
    assert "II. THÀNH TÍCH ĐẠT ĐƯỢC" in snv.achievement_report
    assert Transition.objects.filter(proposal=snv, to_status=ProposalStatus.DRAFT).count() == 1
    mine = [str(p.pk) for p in made.values()]  # the demo's own 2019 journey is audited too
    assert AuditEvent.objects.filter(action="proposal.create", object_id__in=mine).count() == 3


def test_outcomes_are_turned_into_proposals_once(made, by, undecided_2019):
    with pytest.raises(ValidationError) as exc:
        services.proposals_from_outcomes(actor=undecided_2019.secretary, bloc_year=by)
    assert "đã được chuyển thành đề nghị" in errors_of(exc)
    assert Proposal.objects.count() == 3


def test_an_ineligible_unit_refuses_the_whole_batch_naming_the_failed_criterion(by, undecided_2019):
    """SNV rated HT in 2019 fails "exceeded targets"; nothing is created, the article is cited."""
    PerformanceRating.objects.filter(unit__code="SNV", year=2019).update(rating="HT")
    with pytest.raises(ValidationError) as exc:
        services.proposals_from_outcomes(actor=undecided_2019.secretary, bloc_year=by)
    message = errors_of(exc)
    assert "Sở Nội vụ chưa đủ tiêu chuẩn Cờ thi đua của Chính phủ" in message
    assert "Xếp loại 2019: HT" in message and "Điều" in message
    assert Proposal.objects.count() == 0 and Transition.objects.count() == 0


def test_beyond_the_bloc_flag_quota_the_higher_vote_is_chosen(by, undecided_2019):
    """The bloc allows one provincial flag; the conference voted two (8/8 and 7/8): the higher
    vote share takes the place (issue 13 item 9), the other is not proposed."""
    from thidua.cycles.services.setup import settings_update

    settings_update(
        actor=undecided_2019.admin, bloc_year=by, data={**get_settings(by).to_json(), "provincial_flags": 1}
    )
    made = services.proposals_from_outcomes(actor=undecided_2019.secretary, bloc_year=by)
    assert sorted(p.unit.code for p in made if p.award.code == "co_tinh") == ["TAND"]
    # A further proposal by hand meets the quota, now full.
    with pytest.raises(ValidationError) as exc:
        services.proposal_create(
            actor=undecided_2019.secretary,
            bloc_year=by,
            award=Award.objects.get(code="co_tinh"),
            unit=Unit.objects.get(code="THADS"),
        )
    assert "Vượt chỉ tiêu Cờ thi đua của UBND tỉnh: tối đa 1" in errors_of(exc)


def test_an_award_already_in_history_is_not_proposed_again(world):
    """A 2019 provincial flag already in history is not proposed again for 2019."""
    import datetime as dt

    from thidua.awards.models import Award
    from thidua.awards.services.history import award_record_create
    from thidua.organisations.models import Unit

    award_record_create(
        actor=world.admin,
        award=Award.objects.get(code="co_tinh"),
        year=2019,
        decision_number="245/QĐ-UBND",
        decision_date=dt.date(2020, 1, 22),
        unit=Unit.objects.get(code="THADS"),
        decided_by="Chủ tịch UBND tỉnh",
    )
    by = BlocYear.objects.get(bloc__code="KNC", year=2019)
    with pytest.raises(ValidationError) as exc:
        services.proposals_from_outcomes(actor=world.secretary, bloc_year=by)
    assert "đã được tặng" in errors_of(exc) and "Quyết định số" in errors_of(exc)
    assert Proposal.objects.count() == 0


def test_a_member_officer_may_not_create(by, undecided_2019):
    with pytest.raises(PermissionDenied):
        services.proposals_from_outcomes(actor=undecided_2019.officer_a, bloc_year=by)


def test_manual_proposal_for_an_individual(by, undecided_2019):
    """An individual entered by hand, with the bloc's vote typed in; the wrong kind is refused."""
    from thidua.awards.models import Award

    mai = Person.objects.get(full_name="Lê Thị Mai")
    p = services.proposal_create(
        actor=undecided_2019.secretary,
        bloc_year=by,
        award=Award.objects.get(code="bk_tinh_cn"),
        person=mai,
        vote_yes=7,
        vote_base=8,
    )
    assert p.person == mai and p.eligible and p.vote_share == "87,5%"
    with pytest.raises(ValidationError) as exc:
        services.proposal_create(
            actor=undecided_2019.secretary, bloc_year=by, award=Award.objects.get(code="co_tinh"), person=mai
        )
    assert "dành cho tập thể" in errors_of(exc)
    with pytest.raises(ValidationError) as exc:
        services.proposal_create(
            actor=undecided_2019.secretary,
            bloc_year=by,
            award=Award.objects.get(code="bk_tinh_tt"),
            unit=mai.unit,
            vote_yes=9,
            vote_base=8,
        )
    assert "Số phiếu tán thành" in errors_of(exc)


# Submission --------------------------------------------------------------------------------------


def test_a_submission_with_a_missing_document_is_refused(made, undecided_2019):
    with pytest.raises(ValidationError) as exc:
        services.proposal_submit(actor=undecided_2019.secretary, proposal=made["TAND"], late_reason="x")
    assert "Hồ sơ chưa đầy đủ" in errors_of(exc) and "Tờ trình" in errors_of(exc)
    assert Proposal.objects.get(pk=made["TAND"].pk).status == ProposalStatus.DRAFT


def test_editing_the_report_makes_the_dossier_stale(made, undecided_2019):
    w = undecided_2019
    p = ready(w, made["TAND"])
    assert selectors.dossier_status(p)["complete"]
    p = services.proposal_update(actor=w.secretary, proposal=p, achievement_report="I. Tóm tắt\nĐã sửa.")
    assert not selectors.dossier_status(p)["complete"]
    with pytest.raises(ValidationError):
        services.proposal_update(actor=w.secretary, proposal=p, achievement_report="   ")


def test_after_the_deadline_a_reason_is_required(made, undecided_2019):
    w = undecided_2019
    p = ready(w, made["TAND"])
    with pytest.raises(ValidationError) as exc:
        services.proposal_submit(actor=w.secretary, proposal=p)
    assert "Đã quá hạn nộp hồ sơ (10/12/2019)" in errors_of(exc)
    on_time = services.proposal_submit(actor=w.secretary, proposal=p, today=dt.date(2019, 12, 9))
    assert on_time.status == ProposalStatus.SUBMITTED and not on_time.submitted_late


def test_a_late_submission_with_a_reason_is_flagged_and_on_the_timeline(made, undecided_2019):
    w = undecided_2019
    p = services.proposal_submit(
        actor=w.secretary, proposal=ready(w, made["TAND"]), late_reason="Chờ biên bản kiểm phiếu"
    )
    assert p.submitted_late
    assert "Chờ biên bản kiểm phiếu" in p.transitions.last().reason
    with pytest.raises(ValidationError) as exc:  # a second click changes nothing
        services.proposal_submit(actor=w.secretary, proposal=p, late_reason="again")
    assert "không sửa được" in errors_of(exc)
    assert p.transitions.count() == 2


def test_the_government_flag_quota_is_checked_again_at_submission(by, undecided_2019):
    """Two Government-flag proposals fit a quota of 3 at creation; when the quota falls to 1 the
    second submission is refused and nothing changes."""
    from thidua.awards.models import Award

    w = undecided_2019
    set_pack_param(2019, gov_flag_quota_ratio="2/5")
    co_cp = Award.objects.get(code="co_cp")
    first = services.proposal_create(
        actor=w.secretary,
        bloc_year=by,
        award=co_cp,
        unit=by.members.get(unit__code="SNV").unit,
        vote_yes=6,
        vote_base=8,
    )
    second = services.proposal_create(
        actor=w.secretary,
        bloc_year=by,
        award=co_cp,
        unit=by.members.get(unit__code="CA").unit,
        vote_yes=5,
        vote_base=8,
    )
    set_pack_param(2019, gov_flag_quota_ratio="1/5")
    services.proposal_submit(actor=w.secretary, proposal=ready(w, first), late_reason="x")
    with pytest.raises(ValidationError) as exc:
        services.proposal_submit(actor=w.secretary, proposal=ready(w, second), late_reason="x")
    assert "Vượt chỉ tiêu Cờ thi đua của Chính phủ: tối đa 1, đã có 1" in errors_of(exc)
    assert Proposal.objects.get(pk=second.pk).status == ProposalStatus.DRAFT


# The office and the Council ----------------------------------------------------------------------


def test_return_needs_a_reason_and_the_bloc_can_resubmit(made, undecided_2019):
    w = undecided_2019
    p = services.proposal_submit(actor=w.secretary, proposal=ready(w, made["THADS"]), late_reason="x")
    with pytest.raises(ValidationError):
        services.proposal_return(actor=w.provincial, proposal=p, reason=" ")
    with pytest.raises(PermissionDenied):
        services.proposal_return(actor=w.secretary, proposal=p, reason="Thiếu")
    p = services.proposal_return(actor=w.provincial, proposal=p, reason="Bổ sung số liệu phong trào")
    assert p.status == ProposalStatus.RETURNED
    p = services.proposal_update(
        actor=w.secretary, proposal=p, achievement_report=p.achievement_report + "\nBổ sung."
    )
    p = services.proposal_submit(actor=w.secretary, proposal=ready(w, p), late_reason="Bổ sung theo yêu cầu")
    assert [t.to_status for t in p.transitions.all()] == ["draft", "submitted", "returned", "submitted"]


def test_the_council_is_judged_against_all_members(made, undecided_2019):
    """Provincial flag: 4/5 of ALL members. 11 of 15 (73%) fails, 12 of 15 (80%) passes."""
    w = undecided_2019
    tand = to_received(w, made["TAND"])
    thads = to_received(w, made["THADS"])
    failed = services.council_vote_record(actor=w.provincial, proposal=tand, yes=11, members=15)
    assert failed.status == ProposalStatus.NOT_APPROVED and failed.council_ratio == "4/5"
    passed = services.council_vote_record(actor=w.provincial, proposal=thads, yes=12)
    assert passed.status == ProposalStatus.APPROVED and passed.council_members == 15
    with pytest.raises(ValidationError):
        services.council_vote_record(actor=w.provincial, proposal=passed, yes=16, members=15)


def test_council_members_see_only_what_reached_the_council(made, undecided_2019):
    w = undecided_2019
    assert not Proposal.objects.visible_to(w.council).exists()
    to_received(w, made["TAND"])
    assert list(Proposal.objects.visible_to(w.council).values_list("unit__code", flat=True)) == ["TAND"]
    assert not Proposal.objects.visible_to(w.editor).exists()
    assert Proposal.objects.visible_to(w.officer_b).count() == 3


# Decisions ---------------------------------------------------------------------------------------


def _approved(w, p):
    return services.council_vote_record(actor=w.provincial, proposal=to_received(w, p), yes=13, members=15)


def _decide(w, proposals, number="245/QĐ-UBND"):
    return services.decision_record(
        actor=w.provincial,
        number=number,
        date=DECIDED_ON,
        signer_name="Nguyễn Văn Hải",
        signer_title="Chủ tịch UBND tỉnh",
        authority="provincial_chairman",
        authority_name="Ủy ban nhân dân tỉnh",
        proposals=proposals,
    )


def test_a_decision_writes_history_with_dated_cash(made, undecided_2019):
    """Provincial flag decided 22/01/2020: 8 × 1,490,000 = 11,920,000 đồng; the award is in history."""
    w = undecided_2019
    tand, thads = _approved(w, made["TAND"]), _approved(w, made["THADS"])
    decision = _decide(w, [tand, thads])
    assert decision.base_salary == 1_490_000
    assert sorted(i.amount for i in decision.items.all()) == [11_920_000, 11_920_000]
    record = AwardRecord.objects.get(unit__code="TAND", year=2019, award__code="co_tinh")
    assert record.decision_number == "245/QĐ-UBND" and record.decision_date == DECIDED_ON
    assert Proposal.objects.get(pk=tand.pk).status == ProposalStatus.DECIDED


def test_a_decision_for_a_proposal_the_council_did_not_approve_is_refused(made, undecided_2019):
    w = undecided_2019
    rejected = services.council_vote_record(
        actor=w.provincial, proposal=to_received(w, made["TAND"]), yes=5, members=15
    )
    before = AwardRecord.objects.count()
    with pytest.raises(ValidationError) as exc:
        _decide(w, [rejected])
    assert "chỉ ra quyết định cho đề nghị đã được Hội đồng thông qua" in errors_of(exc)
    assert AwardRecord.objects.count() == before and not Decision.objects.exists()


def test_a_duplicate_decision_number_is_refused(made, undecided_2019):
    w = undecided_2019
    _decide(w, [_approved(w, made["TAND"])])
    thads = _approved(w, made["THADS"])
    before = AwardRecord.objects.count()
    with pytest.raises(ValidationError) as exc:
        _decide(w, [thads], number="245/qđ-ubnd")
    assert "đã được nhập trước đây" in errors_of(exc)
    assert AwardRecord.objects.count() == before
    assert Proposal.objects.get(pk=thads.pk).status == ProposalStatus.APPROVED


def test_a_decision_of_the_wrong_authority_is_refused(made, undecided_2019):
    w = undecided_2019
    snv = _approved(w, made["SNV"])
    with pytest.raises(ValidationError) as exc:
        _decide(w, [snv])
    assert "do Thủ tướng Chính phủ quyết định" in errors_of(exc)


# Dossier files -----------------------------------------------------------------------------------


def _text(doc) -> str:
    document = Document(io.BytesIO(read_bytes(doc)))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(c.text for c in row.cells)
    return "\n".join(parts)


def test_the_dossier_files_read_back_in_the_decree_30_layout(made, undecided_2019):
    w = undecided_2019
    files = services.dossier_generate(actor=w.secretary, proposal=made["SNV"])
    assert set(files) == {k.value for k in DossierKind}
    letter = files[DossierKind.LETTER]["docx"]
    document = Document(io.BytesIO(read_bytes(letter)))
    section = document.sections[0]
    assert 30 <= round(section.left_margin.mm) <= 35 and round(section.page_width.mm) == 210
    text = _text(letter)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "TỜ TRÌNH" in text.upper() and "Cờ thi đua của Chính phủ" in text and "Sở Nội vụ" in text
    # The Government-flag dossier names the bloc.
    assert "Khối thi đua các cơ quan Nội chính tỉnh" in text and "6/8 phiếu" in text
    minutes = _text(files[DossierKind.MINUTES]["docx"])
    assert "BIÊN BẢN" in minutes.upper() and "Sở Nội vụ" in minutes and "6/8" in minutes
    report = _text(files[DossierKind.REPORT]["docx"])
    assert "BÁO CÁO THÀNH TÍCH" in report.upper() and "THÀNH TÍCH ĐẠT ĐƯỢC" in report
    listing = _text(files[DossierKind.LIST]["docx"])
    for name in ("Sở Nội vụ", "Tòa án nhân dân tỉnh", "Cục Thi hành án dân sự tỉnh"):
        assert name in listing
    # A second click makes no new file.
    again = services.dossier_generate(actor=w.secretary, proposal=made["SNV"])
    assert again[DossierKind.LETTER]["docx"].pk == letter.pk


# Exemplary models --------------------------------------------------------------------------------


def _png() -> SimpleUploadedFile:
    buf = io.BytesIO()
    Image.new("RGB", (64, 48), "red").save(buf, format="PNG")
    return SimpleUploadedFile("anh.png", buf.getvalue(), content_type="image/png")


def test_exemplary_models_photos_and_publication(world):
    tand = Person.objects.get(full_name="Lê Thị Mai").unit
    model = services.exemplary_create(
        actor=world.officer_a,
        title="Tòa án tỉnh số hoá hồ sơ",
        year=2019,
        unit=tand,
        story="Câu chuyện điển hình " * 5,
    )
    with pytest.raises(ValidationError) as exc:
        services.exemplary_photo_add(
            actor=world.officer_a,
            model=model,
            upload=SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg"),
        )
    assert "không phải ảnh" in errors_of(exc)
    photo = services.exemplary_photo_add(
        actor=world.officer_a, model=model, upload=_png(), caption="Lễ trao cờ"
    )
    assert (photo.width, photo.height) == (64, 48)
    with pytest.raises(PermissionDenied):
        services.exemplary_create(actor=world.officer_b, title="x", year=2019, unit=tand, story="y" * 60)
    with pytest.raises(PermissionDenied):
        services.exemplary_publish(actor=world.officer_a, model=model, published=True)
    assert model not in selectors.published_exemplary_models()
    services.exemplary_publish(actor=world.provincial, model=model, published=True)
    assert model in selectors.published_exemplary_models()


# Reports -----------------------------------------------------------------------------------------


def test_reports_count_history_proposals_and_cash(made, undecided_2019):
    w = undecided_2019
    _decide(w, [_approved(w, made["TAND"])])
    data = selectors.awards_report(bloc="KNC")
    assert dict(data["by_form"])["Cờ thi đua của UBND tỉnh"] >= 1
    assert dict(data["by_bloc"])["Khối thi đua các cơ quan Nội chính tỉnh"] >= 1
    statuses = {k: n for k, _, n in selectors.proposals_by_status(user=w.provincial, year=2019)}
    assert statuses["decided"] == 1 and statuses["draft"] == 2
    assert selectors.cash_per_year() == [(2020, 11_920_000, 1)]
    row = next(r for r in selectors.province_overview(year=2019) if r["bloc_year"].bloc.code == "KNC")
    assert row["total"] == 3 and row["leader"] == "Cục Thi hành án dân sự tỉnh"
