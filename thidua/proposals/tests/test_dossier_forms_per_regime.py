"""Issue 14 items 2, 6–10, read back from the generated Word files (python-docx): the report
forms of the decree in force for each proposal (Decree 91/2017, 98/2023, 152/2025), the
province's confirmation on a central award's report, the unit under its parent body, the ký hiệu
of the "Số:" lines, ONE Tờ trình for a bloc's whole list with the list "kèm theo" it, the
initiatives attached to a fighter title's dossier, and the minutes' signers side by side."""

import datetime as dt
import io

import pytest
from django.utils import timezone
from docx import Document

from thidua.awards.tests.factories import InitiativeFactory
from thidua.documents.render import build_docx
from thidua.documents.services import documents_for, read_bytes
from thidua.organisations.models import BlocYear
from thidua.organisations.tests.factories import BlocYearFactory, PersonFactory, UnitFactory
from thidua.proposals import dossier, jobs, selectors, services
from thidua.proposals.choices import DossierKind
from thidua.proposals.models import Proposal
from thidua.proposals.tests.factories import ProposalFactory

pytestmark = pytest.mark.django_db

ON = dt.date(2025, 12, 5)
PLACEHOLDER = "(Ký, ghi rõ họ tên"


def _doc(spec) -> Document:
    return Document(io.BytesIO(build_docx(spec)))


def _stored(doc) -> Document:
    return Document(io.BytesIO(read_bytes(doc)))


def _text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(c.text for c in row.cells)
    return "\n".join(parts)


def _signature_row(document) -> list[str]:
    """The cells of the last table: the signature blocks."""
    return [c.text for c in document.tables[-1].rows[0].cells]


def _proposal(year: int, code: str, *, individual: bool = False, **kwargs) -> Proposal:
    by = BlocYearFactory(year=year)
    if individual:
        return ProposalFactory(bloc_year=by, person=PersonFactory(), award__code=code, **kwargs)
    return ProposalFactory(bloc_year=by, award__code=code, **kwargs)


# Form numbers per regime (item 8) -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "code", "individual", "label"),
    [
        # 2019: Decree 91/2017, Appendix: collective Mẫu 01, individual Mẫu 02.
        (2019, "bk_tinh_tt", False, "Mẫu số 01"),
        (2019, "bk_tinh_cn", True, "Mẫu số 02"),
        (2019, "co_cp", False, "Mẫu số 01"),
        (2019, "cstd_tq", True, "Mẫu số 02"),
        # 2024: Decree 98/2023, Appendix I: Mẫu 01 / 02; Mẫu 05 is the Hero collective's, never ours.
        (2024, "bk_tinh_tt", False, "Mẫu số 01"),
        (2024, "bk_tinh_cn", True, "Mẫu số 02"),
        (2024, "co_cp", False, "Mẫu số 01"),
        (2024, "cstd_tq", True, "Mẫu số 02"),
        # 2025: Decree 152/2025: the Government flag and the national fighter have their own forms,
        # the collective's merit report, and the individual's is Mẫu 05.
        (2025, "co_cp", False, "Mẫu số 02"),
        (2025, "cstd_tq", True, "Mẫu số 03"),
        (2025, "bk_tinh_tt", False, "Mẫu số 04"),
        (2025, "bk_tinh_cn", True, "Mẫu số 05"),
        (2025, "cstd_tinh", True, "Mẫu số 05"),
    ],
)
def test_each_report_carries_the_form_number_of_its_regime(year, code, individual, label):
    p = _proposal(year, code, individual=individual)
    document = _doc(dossier.report_spec(p, date=ON))
    first = document.paragraphs[0].text if document.paragraphs[0].text else ""
    labels = [t for t in _text(document).splitlines() if t.startswith("Mẫu số")]
    assert labels == [label], (first, labels)
    regime = dossier.regime_of(p)
    assert dossier.REPORT_FORMS[regime][dossier.report_kind(p)].number == label


def test_the_regime_follows_the_pack_that_judged_the_proposal_and_extraordinary_has_its_form():
    # A 2024 achievement judged under Decree 152/2025 (the transition by receipt date) uses its forms.
    p = _proposal(2024, "bk_tinh_cn", individual=True, pack_code="luat-06-2022-nd-152-2025")
    assert dossier.regime_of(p) == dossier.REGIME_2025 and dossier.report_form(p).number == "Mẫu số 05"
    assert dossier.regime_of(_proposal(2024, "bk_tinh_cn", individual=True)) == dossier.REGIME_2024
    assert dossier.regime_of(_proposal(2019, "bk_tinh_cn", individual=True)) == dossier.REGIME_2019
    sudden = _proposal(2025, "bk_tinh_tt", ground="extraordinary")
    assert dossier.report_kind(sudden) == "extraordinary"
    assert dossier.report_form(sudden).number == "Mẫu số 06"


def test_the_form_table_is_one_table_with_a_basis_and_a_source_for_every_number():
    for regime, forms in dossier.REPORT_FORMS.items():
        assert forms["basis"].startswith("Phụ lục") and regime.split("-")[1] in forms["basis"]
        for kind, form in forms.items():
            if kind == "basis":
                continue
            assert form.number.startswith("Mẫu số ") and form.title and form.source
    # Under Decree 98/2023, Mẫu 05 is the Hero collective's report.
    assert "Anh hùng" in dossier.REPORT_FORMS[dossier.REGIME_2024]["hero_collective"].title
    assert dossier.REPORT_FORMS[dossier.REGIME_2024]["individual"].number != "Mẫu số 05"


# Who confirms the report (item 8) and the parent body (item 2) ------------------------------------


@pytest.mark.parametrize(
    ("code", "individual"), [("co_cp", False), ("bk_ttg_tt", False), ("cstd_tq", True), ("bk_ttg_cn", True)]
)
def test_a_central_awards_report_is_confirmed_by_the_province_that_submits_it(code, individual):
    p = _proposal(2024, code, individual=individual)
    left, _right = _signature_row(_doc(dossier.report_spec(p, date=ON)))
    assert "XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG" in left and "CHỦ TỊCH ỦY BAN NHÂN DÂN" in left
    assert "TRƯỞNG KHỐI" not in left and "THỦ TRƯỞNG ĐƠN VỊ XÁC NHẬN" not in left


def test_a_provincial_awards_report_is_confirmed_by_the_bloc_or_the_head_of_unit():
    collective = _proposal(2024, "co_tinh")
    left, right = _signature_row(_doc(dossier.report_spec(collective, date=ON)))
    bloc = collective.bloc_year.bloc.name.upper()
    assert f"TM. {bloc}" in left and "TRƯỞNG KHỐI" in left and "CẤP TRÌNH" not in left
    assert "THỦ TRƯỞNG ĐƠN VỊ" in right
    person = _proposal(2024, "bk_tinh_cn", individual=True)
    left, right = _signature_row(_doc(dossier.report_spec(person, date=ON)))
    assert "THỦ TRƯỞNG ĐƠN VỊ XÁC NHẬN, ĐỀ NGHỊ" in left
    assert "NGƯỜI BÁO CÁO THÀNH TÍCH" in right and person.person.full_name in right


def test_the_collective_report_prints_the_unit_under_its_parent_body_with_its_symbol():
    court = UnitFactory(code="TANDH", name="Tòa án nhân dân huyện Thử", parent_body="Tòa án nhân dân tỉnh")
    p = _proposal(2024, "bk_tinh_tt", unit=court)
    document = _doc(dossier.report_spec(p, date=ON))
    issuer = [line for line in document.tables[0].rows[0].cells[0].text.splitlines() if line.strip()]
    assert issuer[0] == "TÒA ÁN NHÂN DÂN TỈNH" and issuer[1] == "TÒA ÁN NHÂN DÂN HUYỆN THỬ"
    assert any(line.startswith("Số:") and line.endswith("/BC-TANDH") for line in issuer)
    assert PLACEHOLDER not in _text(document)


# One Tờ trình for the bloc's list (item 7), ký hiệu (item 2), signer wording (item 10) -------------


@pytest.fixture
def made(undecided_2019):
    by = BlocYear.objects.get(bloc__code="KNC", year=2019)
    return {
        p.unit.code: p for p in services.proposals_from_outcomes(actor=undecided_2019.secretary, bloc_year=by)
    }


def test_a_bloc_batch_makes_one_tờ_trình_for_the_whole_list_and_the_list_is_attached_to_it(
    made, undecided_2019
):
    w = undecided_2019
    by = BlocYear.objects.get(bloc__code="KNC", year=2019)
    job = jobs.dossier_batch_start(actor=w.secretary, bloc_year=by, date=dt.date(2019, 12, 5))
    job = jobs.dossier_job_run(job.pk)
    assert job.status == "succeeded" and len(job.succeeded) == 3
    letters = [documents_for(p, kind=DossierKind.LETTER)[0] for p in made.values()]
    # One letter: every dossier carries the same Tờ trình, made from the same inputs.
    assert len({d.inputs_hash for d in letters}) == 1
    letter = _stored(letters[0])
    text = _text(letter)
    assert text.count("TỜ TRÌNH") == 1 and "Về việc đề nghị khen thưởng năm 2019" in text
    for name in ("Sở Nội vụ", "Tòa án nhân dân tỉnh", "Cục Thi hành án dân sự tỉnh"):
        assert name in text
    assert "1. Sở Nội vụ: đề nghị tặng Cờ thi đua của Chính phủ" in text
    assert "Số:" in text and "/TTr-KNC" in text
    # The list says which Tờ trình it goes with; an attachment, it has no number of its own.
    listing = _stored(documents_for(made["SNV"], kind=DossierKind.LIST)[0])
    heading = next(p.text for p in listing.paragraphs if "Kèm theo" in p.text)
    assert heading.startswith("(Kèm theo Tờ trình số") and "/TTr-KNC ngày 05/12/2019" in heading
    assert "/DS-" not in _text(listing) and "Số:" not in _text(listing)
    # The bloc signs in the same words on every paper it issues, naming its signer.
    bloc = "TM. KHỐI THI ĐUA CÁC CƠ QUAN NỘI CHÍNH TỈNH"
    for kind in (DossierKind.LETTER, DossierKind.LIST, DossierKind.MINUTES):
        document = _stored(documents_for(made["TAND"], kind=kind)[0])
        signature = " ".join(_signature_row(document))
        assert bloc in signature and "TRƯỞNG KHỐI" in signature, kind
        assert PLACEHOLDER not in _text(document)
    # The review minutes carry their symbol; no bracket inside a bracket.
    minutes = _text(_stored(documents_for(made["SNV"], kind=DossierKind.MINUTES)[0]))
    assert "/BB-KNC" in minutes and "))" not in minutes and "6/8 phiếu tán thành, đạt 75%" in minutes


def test_the_review_minutes_put_the_secretary_left_and_the_chair_right(made, undecided_2019):
    p = Proposal.objects.with_related().get(pk=made["TAND"].pk)
    document = _doc(dossier.minutes_spec(p, date=dt.date(2019, 12, 5)))
    row = _signature_row(document)
    secretary = next(i for i, c in enumerate(row) if "THƯ KÝ HỘI NGHỊ" in c)
    chair = next(i for i, c in enumerate(row) if "TRƯỞNG KHỐI" in c)
    assert secretary < chair
    text = _text(document)
    assert "Chủ trì:" in text and "Thư ký:" in text and "kết thúc lúc" in text and "cùng ngày" in text


# Initiatives of a fighter title (item 9) ---------------------------------------------------------


@pytest.mark.parametrize("code", ["cstdcs", "cstd_tinh", "cstd_tq"])
def test_a_fighter_titles_dossier_lists_the_persons_initiatives(code):
    p = _proposal(2024, code, individual=True)
    initiative = InitiativeFactory(person=p.person, year=2023, decision_number="45/QĐ-SK")
    InitiativeFactory(person=p.person, year=2026)  # after the proposal's year: not listed
    text = _text(_doc(dossier.report_spec(p, date=ON)))
    assert "CHỨNG NHẬN, XÁC NHẬN SÁNG KIẾN, ĐỀ TÀI NGHIÊN CỨU" in text
    assert initiative.title in text and "Số 45/QĐ-SK" in text and "Cấp cơ sở" in text
    assert "Điều 84.1.d" in text
    item = next(i for i in dossier.checklist(p, {}) if i["kind"] == dossier.INITIATIVES_KIND)
    assert item["ok"] and "1 sáng kiến" in item["label"]


def test_a_fighter_title_without_a_recorded_initiative_is_flagged_on_the_proposal_page(client_for, world):
    p = _proposal(2024, "cstdcs", individual=True)
    item = next(i for i in selectors.dossier_status(p)["items"] if i["kind"] == dossier.INITIATIVES_KIND)
    assert not item["ok"] and "Chưa ghi nhận sáng kiến, đề tài nào" in item["missing"]
    assert "84.1.d" in item["article"]
    page = client_for("admin").get(p.get_absolute_url()).content.decode()
    assert 'data-kind="initiatives"' in page and "Chưa ghi nhận sáng kiến, đề tài nào" in page
    text = _text(_doc(dossier.report_spec(p, date=ON)))
    assert "Chưa có sáng kiến, đề tài nào được ghi nhận" in text
    # A certificate of merit needs no such paper.
    other = _proposal(2024, "bk_tinh_cn", individual=True)
    assert dossier.INITIATIVES_KIND not in {i["kind"] for i in selectors.dossier_status(other)["items"]}
    assert "SÁNG KIẾN, ĐỀ TÀI" not in _text(_doc(dossier.report_spec(other, date=ON)))


def test_a_proposal_added_after_the_dossier_asks_for_the_one_tờ_trình_to_be_made_again(made, undecided_2019):
    w = undecided_2019
    services.dossier_generate(actor=w.secretary, proposal=made["SNV"], pdf=False)
    letter = next(i for i in selectors.dossier_status(Proposal.objects.get(pk=made["SNV"].pk))["items"])
    assert letter["kind"] == DossierKind.LETTER and letter["ok"]
    Proposal.objects.filter(pk=made["TAND"].pk).update(created_at=timezone.now() + dt.timedelta(minutes=1))
    status = selectors.dossier_status(Proposal.objects.get(pk=made["SNV"].pk))
    letter = status["items"][0]
    assert not letter["ok"] and "Khối có đề nghị mới sau khi lập hồ sơ" in letter["missing"]
    assert not status["complete"]
    # Made again (as a bloc batch does), the letter lists every proposal and is complete again.
    Proposal.objects.filter(pk=made["TAND"].pk).update(created_at=timezone.now() - dt.timedelta(minutes=1))
    files = services.dossier_generate(actor=w.secretary, proposal=made["SNV"], pdf=False)
    assert "Tòa án nhân dân tỉnh" in _text(_stored(files[DossierKind.LETTER]["docx"]))
    assert selectors.dossier_status(Proposal.objects.get(pk=made["SNV"].pk))["complete"]
