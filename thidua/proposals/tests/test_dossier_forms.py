"""The dossier files read back: the individual's Form 05, the collective's report with its
history tables, the bloc year's list of proposed subjects, and the legal basis of the checklist
taken from the rule pack of the year."""

import datetime as dt
import io
import re

import pytest
from django.core.exceptions import PermissionDenied
from docx import Document
from openpyxl import load_workbook

from thidua.awards.models import Award
from thidua.awards.tests.factories import AwardRecordFactory
from thidua.documents.services import can_download, read_bytes
from thidua.organisations.models import BlocYear, Person
from thidua.proposals import rules, selectors, services
from thidua.proposals.choices import DossierKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def by(undecided_2019):
    return BlocYear.objects.get(bloc__code="KNC", year=2019)


@pytest.fixture
def made(by, undecided_2019):
    w = undecided_2019
    return {p.unit.code: p for p in services.proposals_from_outcomes(actor=w.secretary, bloc_year=by)}


@pytest.fixture
def mai_proposal(by, undecided_2019):
    mai = Person.objects.get(full_name="Lê Thị Mai")
    AwardRecordFactory(
        person=mai,
        award__code="cstdcs",
        year=2018,
        decision_number="15/QĐ-TA",
        decision_date=dt.date(2018, 12, 20),
        decided_by="Chánh án Tòa án nhân dân tỉnh",
    )
    return services.proposal_create(
        actor=undecided_2019.secretary,
        bloc_year=by,
        award=Award.objects.get(code="bk_tinh_cn"),
        person=mai,
        vote_yes=7,
        vote_base=8,
    )


def _paragraphs(doc) -> list[str]:
    return [p.text for p in Document(io.BytesIO(read_bytes(doc))).paragraphs]


def _tables(doc) -> list[list[list[str]]]:
    document = Document(io.BytesIO(read_bytes(doc)))
    return [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]


def _all_text(doc) -> str:
    parts = _paragraphs(doc)
    for table in _tables(doc):
        for row in table:
            parts.extend(row)
    return "\n".join(parts)


def test_an_individual_report_is_the_regimes_form_with_personal_details_and_history(
    mai_proposal, undecided_2019
):
    w = undecided_2019
    services.proposal_update(
        actor=w.secretary,
        proposal=mai_proposal,
        achievement_report="I. SƠ LƯỢC\nbị thay bằng lý lịch\nII. THÀNH TÍCH ĐẠT ĐƯỢC\nGiải quyết 312 vụ án đúng hạn.",
    )
    files = services.dossier_generate(actor=w.secretary, proposal=mai_proposal)
    report = files[DossierKind.REPORT]["docx"]
    paragraphs = _paragraphs(report)
    # 2019: Decree 91/2017's individual report (Mẫu 02), never another decree's number.
    assert paragraphs[0] == "Mẫu số 02"
    text = _all_text(report)
    # A personal report: the motto, no issuing body and no document number.
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Số:" not in text
    assert "I. SƠ LƯỢC LÝ LỊCH" in paragraphs and "- Họ và tên: Lê Thị Mai" in paragraphs
    assert "bị thay bằng lý lịch" not in text
    assert "Giải quyết 312 vụ án đúng hạn." in paragraphs
    # Section III comes from the award history, as two tables (titles, then commendations).
    titles = next(t for t in _tables(report) if t[0][1] == "Danh hiệu thi đua")
    assert ["2018", "Chiến sĩ thi đua cơ sở", "Số 15/QĐ-TA ngày 20/12/2018"] in [r[:3] for r in titles]
    assert all(2014 <= int(r[0]) <= 2019 for r in titles[1:])
    # Signed by the person, confirmed by the head of unit.
    signature = _tables(report)[-1][0]
    assert "THỦ TRƯỞNG ĐƠN VỊ XÁC NHẬN, ĐỀ NGHỊ" in signature[0]
    assert "NGƯỜI BÁO CÁO THÀNH TÍCH" in signature[1] and "Lê Thị Mai" in signature[1]


def test_a_collective_report_is_confirmed_by_the_bloc_and_lists_history(made, undecided_2019):
    files = services.dossier_generate(actor=undecided_2019.secretary, proposal=made["TAND"])
    report = files[DossierKind.REPORT]["docx"]
    text = _all_text(report)
    assert "BÁO CÁO THÀNH TÍCH" in text and "Mẫu số 01" in text and "Mẫu số 05" not in text
    assert "Đề nghị tặng Cờ thi đua của UBND tỉnh năm 2019" in text
    assert text.count("III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG") == 1
    assert any("Số, ngày, tháng, năm của quyết định" in t[0] for t in _tables(report))
    signature = _tables(report)[-1][0]
    # A provincial award: confirmed by the bloc, in the bloc's own wording; signed by the head.
    assert "TM. KHỐI THI ĐUA CÁC CƠ QUAN NỘI CHÍNH TỈNH" in signature[0] and "TRƯỞNG KHỐI" in signature[0]
    assert "Xác nhận, đề nghị khen thưởng" in signature[0] and "THỦ TRƯỞNG ĐƠN VỊ" in signature[1]
    # The Government flag is decided by the Prime Minister: the province confirms it.
    snv = _all_text(
        services.dossier_generate(actor=undecided_2019.secretary, proposal=made["SNV"])[DossierKind.REPORT][
            "docx"
        ]
    )
    assert "XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG" in snv and "TRƯỞNG KHỐI" not in snv


def test_the_bloc_list_separates_collectives_and_individuals(made, mai_proposal, by, undecided_2019):
    w = undecided_2019
    files = services.bloc_list_generate(actor=w.secretary, bloc_year=by, date=dt.date(2019, 12, 5))
    word, excel = files["docx"], files["xlsx"]
    paragraphs = _paragraphs(word)
    assert "I. TẬP THỂ (3)" in paragraphs and "II. CÁ NHÂN (1)" in paragraphs
    assert "Tổng cộng: 3 tập thể, 1 cá nhân." in paragraphs
    collectives, people = [t for t in _tables(word) if t[0][0] == "TT"]
    # The Government flag (the higher award) comes before the provincial flags.
    assert collectives[1][1] == "Sở Nội vụ" and collectives[1][2] == "Cờ thi đua của Chính phủ"
    assert {collectives[2][1], collectives[3][1]} == {"Tòa án nhân dân tỉnh", "Cục Thi hành án dân sự tỉnh"}
    assert people[1][1] == "Lê Thị Mai" and people[1][4] == "7/8 (87,5%)"
    sheet = load_workbook(io.BytesIO(read_bytes(excel))).active
    rows = [r for r in sheet.iter_rows(min_row=4, values_only=True) if r[0]]
    assert len(rows) == 4 and rows[-1][1:3] == ("Cá nhân", "Lê Thị Mai (Thẩm phán, Tòa án nhân dân tỉnh)")
    # The same inputs make no new file; the page and the API find the latest list.
    again = services.bloc_list_generate(actor=w.secretary, bloc_year=by, date=dt.date(2019, 12, 5))
    assert again["docx"].pk == word.pk and selectors.bloc_list_files(by)["xlsx"].pk == excel.pk
    # Members of the bloc may download it; a portal editor may not.
    assert can_download(w.officer_b, word) and can_download(w.provincial, word)
    assert not can_download(w.editor, word)


def test_only_the_secretariat_or_the_office_makes_the_bloc_list(made, by, undecided_2019):
    with pytest.raises(PermissionDenied):
        services.bloc_list_generate(actor=undecided_2019.officer_a, bloc_year=by)
    assert selectors.bloc_list_files(by) == {}
    assert services.bloc_list_generate(actor=undecided_2019.provincial, bloc_year=by)["docx"]


def test_the_bloc_list_page_and_api(made, by, undecided_2019, client_for):
    client = client_for("secretary")
    response = client.post("/de-nghi/khoi/KNC/2019/danh-sach/", follow=True)
    assert "Đã lập danh sách" in response.content.decode()
    assert 'id="bloc-list-docx"' in response.content.decode()
    api = client_for("officer_a").get("/api/v1/proposal-years/KNC/2019/list")
    assert api.status_code == 200
    assert sorted(f["file_format"] for f in api.json()["files"]) == ["docx", "xlsx"]
    download = client_for("officer_a").get(api.json()["files"][0]["url"])
    assert download.status_code == 200


def test_the_checklist_cites_the_rules_of_the_year(made, undecided_2019, client_for):
    items = selectors.dossier_status(made["TAND"])["items"]
    assert all("2003" in i["article"] and "91/2017" in i["article"] for i in items)
    assert rules.dossier_article(2024) == "Luật Thi đua, khen thưởng 2022, Điều 84.1"
    page = client_for("secretary").get(made["TAND"].get_absolute_url()).content.decode()
    assert "Hồ sơ (Luật Thi đua, khen thưởng 2003" in page and "2022, Điều 84.1" not in page


# The Ministry of Home Affairs step for central awards ---------------------------------------------


def _approved_on(w, p, voted_on=dt.date(2020, 1, 8)):
    services.dossier_generate(actor=w.secretary, proposal=p)
    p = services.proposal_submit(actor=w.secretary, proposal=p, late_reason="Bổ sung sau hội nghị")
    p = services.proposal_receive(actor=w.provincial, proposal=p)
    return services.council_vote_record(actor=w.provincial, proposal=p, yes=13, members=15, voted_on=voted_on)


def _decide_pm(w, proposals):
    return services.decision_record(
        actor=w.provincial,
        number="812/QĐ-TTg",
        date=dt.date(2020, 7, 20),
        signer_name="Trương Hòa Bình",
        signer_title="Phó Thủ tướng",
        authority="prime_minister",
        authority_name="Thủ tướng Chính phủ",
        proposals=proposals,
    )


def test_a_government_flag_goes_to_moha_before_its_decision(made, undecided_2019):
    from django.core.exceptions import ValidationError

    from thidua.proposals.choices import ProposalStatus
    from thidua.proposals.models import Proposal

    w = undecided_2019
    snv = _approved_on(w, made["SNV"])
    assert snv.is_central and snv.status == ProposalStatus.APPROVED
    with pytest.raises(ValidationError) as exc:
        _decide_pm(w, [snv])
    assert "sau khi tỉnh đã gửi hồ sơ về Bộ Nội vụ" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        services.proposal_forward(actor=w.provincial, proposal=snv, letter_number=" ")
    assert "số tờ trình" in str(exc.value)
    with pytest.raises(PermissionDenied):
        services.proposal_forward(actor=w.secretary, proposal=snv, letter_number="12/TTr-UBND")
    # The 2019 pack gives no date; the province set 30/06/2020 for its 2019 round: later needs a reason.
    services.round_settings_save(
        actor=w.provincial,
        year=2019,
        bloc_deadline=dt.date(2019, 12, 10),
        council_members=15,
        central_deadline=dt.date(2020, 6, 30),
    )
    with pytest.raises(ValidationError) as exc:
        services.proposal_forward(
            actor=w.provincial, proposal=snv, letter_number="12/TTr-UBND", forwarded_on=dt.date(2020, 7, 2)
        )
    assert "30/06/2020" in str(exc.value)
    assert Proposal.objects.get(pk=snv.pk).status == ProposalStatus.APPROVED
    forwarded = services.proposal_forward(
        actor=w.provincial, proposal=snv, letter_number="12/TTr-UBND", forwarded_on=dt.date(2020, 1, 10)
    )
    assert forwarded.status == ProposalStatus.FORWARDED and not forwarded.forwarded_late
    assert selectors.timeline(forwarded)[-1].reason.startswith("Tờ trình số 12/TTr-UBND ngày 10/01/2020")
    # A second click finds it already forwarded.
    with pytest.raises(ValidationError):
        services.proposal_forward(actor=w.provincial, proposal=snv, letter_number="12/TTr-UBND")
    decision = _decide_pm(w, [forwarded])
    assert Proposal.objects.get(pk=snv.pk).status == ProposalStatus.DECIDED and decision.items.count() == 1


def test_a_provincial_flag_is_not_sent_to_moha_and_late_forwarding_is_flagged(made, undecided_2019):
    from django.core.exceptions import ValidationError

    w = undecided_2019
    tand = _approved_on(w, made["TAND"])
    with pytest.raises(ValidationError) as exc:
        services.proposal_forward(actor=w.provincial, proposal=tand, letter_number="12/TTr-UBND")
    assert "không gửi Bộ Nội vụ" in str(exc.value)
    services.round_settings_save(
        actor=w.provincial,
        year=2019,
        bloc_deadline=dt.date(2019, 12, 10),
        council_members=15,
        central_deadline=dt.date(2020, 3, 31),
    )
    snv = _approved_on(w, made["SNV"])
    late = services.proposal_forward(
        actor=w.provincial,
        proposal=snv,
        letter_number="40/TTr-UBND",
        forwarded_on=dt.date(2020, 4, 2),
        late_reason="Chờ ý kiến hiệp y của Bộ Công an",
    )
    assert (
        late.forwarded_late
        and "gửi sau hạn 31/03/2020 (Hạn của tỉnh cho đợt xét năm 2019): Chờ ý kiến hiệp y"
        in selectors.timeline(late)[-1].reason
    )


def test_forwarding_through_the_page_and_the_api(made, undecided_2019, client_for):
    w = undecided_2019
    snv = _approved_on(w, made["SNV"])
    office = client_for("provincial")
    page = office.get(snv.get_absolute_url()).content.decode()
    # The 2019 pack (Decree 91/2017) sets no date of its own and the province set none.
    assert "Cờ thi đua của Chính phủ không có hạn cố định gửi Bộ Nội vụ" in page and 'id="forward"' in page
    bad = office.post(
        f"/api/v1/proposals/{snv.uuid}/forward", {"letter_number": ""}, content_type="application/json"
    )
    assert bad.status_code == 422 and "letter_number" in bad.json()["errors"]
    response = office.post(
        f"/de-nghi/{snv.uuid}/gui-bo-noi-vu/", {"letter_number": "12/TTr-UBND", "forwarded_on": "10/01/2020"}
    )
    assert response.status_code == 302
    page = office.get(snv.get_absolute_url()).content.decode()
    assert "Đã gửi Bộ Nội vụ: tờ trình số 12/TTr-UBND ngày 10/01/2020" in page
    data = office.get(f"/api/v1/proposals/{snv.uuid}").json()
    assert data["status"] == "forwarded" and data["forwarded_on"] == "2020-01-10"
    round_ = office.get("/api/v1/proposal-rounds/2019").json()
    assert round_["central_deadline"] is None and round_["central_deadlines"] == []


def test_the_province_view_lists_central_awards_waiting_for_moha(made, undecided_2019, client_for):
    _approved_on(undecided_2019, made["SNV"])
    page = client_for("provincial").get("/de-nghi/toan-tinh/?year=2019").content.decode()
    assert 'id="province-central-deadlines">các hình thức khác không có hạn cố định<' in page
    assert 'id="to-moha"' in page and "Sở Nội vụ – Cờ thi đua của Chính phủ" in page
    # Stages are shown by their Vietnamese label, never the code (2019 is at its proposals step).
    assert re.search(r'data-stage="proposals"[^>]*>Đề nghị khen thưởng<', page)
    council = client_for("council").get("/de-nghi/toan-tinh/?year=2019").content.decode()
    assert 'id="to-moha"' not in council


def test_the_year_s_received_dossiers_download_as_one_zip(made, by, undecided_2019, client_for):
    import zipfile

    w = undecided_2019
    services.bloc_list_generate(actor=w.secretary, bloc_year=by)
    office = client_for("provincial")
    empty = office.get("/de-nghi/toan-tinh/2019/ho-so.zip")
    assert empty.status_code == 302  # nothing received yet: back to the overview with a message
    for code in ("SNV", "TAND"):
        services.dossier_generate(actor=w.secretary, proposal=made[code])
        p = services.proposal_submit(actor=w.secretary, proposal=made[code], late_reason="Bổ sung")
        services.proposal_receive(actor=w.provincial, proposal=p)
    response = office.get("/de-nghi/toan-tinh/2019/ho-so.zip")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).namelist()
    # Two proposals × four Word files, and the bloc's list (Word and Excel) once; THADS is a draft.
    assert (
        len([n for n in names if n.endswith(".docx")]) == 9
        and len([n for n in names if n.endswith(".xlsx")]) == 1
    )
    assert all(n.startswith("KNC/") for n in names) and not any("thi-hanh-an" in n for n in names)
    assert "KNC/so-noi-vu-co_cp/proposal_letter-SNV-co_cp-2019.docx" in names
    council = client_for("council").get("/api/v1/proposal-reports/province/2019/dossiers.zip")
    assert council.status_code == 200
    assert client_for("officer_a").get("/de-nghi/toan-tinh/2019/ho-so.zip").status_code == 404


# The Council's meeting -----------------------------------------------------------------------------


def _received(w, p):
    services.dossier_generate(actor=w.secretary, proposal=p)
    p = services.proposal_submit(actor=w.secretary, proposal=p, late_reason="Bổ sung")
    return services.proposal_receive(actor=w.provincial, proposal=p)


def test_a_council_meeting_records_many_votes_all_or_nothing(made, undecided_2019):
    from django.core.exceptions import ValidationError

    from thidua.proposals.choices import ProposalStatus
    from thidua.proposals.models import Proposal

    w = undecided_2019
    snv, tand, thads = (_received(w, made[c]) for c in ("SNV", "TAND", "THADS"))
    with pytest.raises(ValidationError) as exc:
        services.council_votes_record_many(
            actor=w.provincial, votes=[(snv, 13), (tand, 16)], members=15, voted_on=dt.date(2020, 1, 8)
        )
    assert "Tòa án nhân dân tỉnh – Cờ thi đua của UBND tỉnh" in str(exc.value) and "từ 0 đến 15" in str(
        exc.value
    )
    assert set(Proposal.objects.filter(year=2019).values_list("status", flat=True)) == {
        ProposalStatus.RECEIVED
    }
    with pytest.raises(PermissionDenied):
        services.council_votes_record_many(actor=w.secretary, votes=[(snv, 13)], members=15)
    done = services.council_votes_record_many(
        actor=w.provincial,
        votes=[(snv, 13), (tand, 11), (thads, 12)],
        members=15,
        voted_on=dt.date(2020, 1, 8),
    )
    # 4/5 of 15 members is 12: 13 and 12 pass, 11 does not.
    assert [p.status for p in done] == [
        ProposalStatus.APPROVED,
        ProposalStatus.NOT_APPROVED,
        ProposalStatus.APPROVED,
    ]


def test_the_council_meeting_page_and_api(made, undecided_2019, client_for):
    w = undecided_2019
    snv, tand = _received(w, made["SNV"]), _received(w, made["TAND"])
    office = client_for("provincial")
    page = office.get("/de-nghi/hoi-dong/2019/").content.decode()
    assert f'name="yes-{snv.uuid}"' in page and f'name="yes-{tand.uuid}"' in page
    bad = office.post("/de-nghi/hoi-dong/2019/", {"members": "15", f"yes-{snv.uuid}": "mười ba"}, follow=True)
    assert "không phải số phiếu" in bad.content.decode()
    response = office.post(
        "/de-nghi/hoi-dong/2019/",
        {"members": "15", "voted_on": "08/01/2020", f"yes-{snv.uuid}": "13"},
        follow=True,
    )
    text = response.content.decode()
    assert "Đã ghi kết quả biểu quyết của Hội đồng." in text and "1/1 đề nghị được thông qua." in text
    assert f'name="yes-{snv.uuid}"' not in text and f'name="yes-{tand.uuid}"' in text
    api = office.post(
        "/api/v1/proposal-years/2019/council-votes",
        {"members": 15, "votes": [{"proposal": str(tand.uuid), "yes": 12}]},
        content_type="application/json",
    )
    assert api.status_code == 200 and api.json()[0]["status"] == "approved"


def test_the_outcomes_button_goes_once_every_outcome_is_a_proposal(by, undecided_2019, client_for):
    page = client_for("secretary").get("/de-nghi/khoi/KNC/2019/").content.decode()
    assert 'id="from-outcomes"' in page and 'id="outcomes-done"' not in page
    services.proposals_from_outcomes(actor=undecided_2019.secretary, bloc_year=by)
    page = client_for("secretary").get("/de-nghi/khoi/KNC/2019/").content.decode()
    assert 'id="from-outcomes"' not in page and "Mọi kết quả biểu quyết đã thành đề nghị." in page
    member = client_for("officer_a").get("/de-nghi/khoi/KNC/2019/").content.decode()
    assert 'id="outcomes-done"' not in member


# Deadlines per award (issue 13 item 8: Decree 98/2023 Art 32.1 and Decree 152/2025) --------------


@pytest.mark.parametrize(
    ("code", "year", "expected", "article"),
    [
        ("co_cp", 2024, dt.date(2025, 6, 30), "Nghị định 98/2023/NĐ-CP, Điều 32.1"),
        ("cstd_tq", 2024, dt.date(2025, 12, 31), "Nghị định 98/2023/NĐ-CP, Điều 32.1"),
        ("co_cp", 2025, dt.date(2026, 6, 30), "Nghị định 152/2025/NĐ-CP"),
        ("cstd_tq", 2025, dt.date(2026, 12, 31), "Nghị định 152/2025/NĐ-CP"),
        ("bk_ttg_tt", 2025, None, ""),
        ("co_cp", 2019, None, ""),
    ],
)
def test_decree_98_art_32_1_each_central_award_has_its_own_deadline(code, year, expected, article):
    from thidua.awards.models import Award

    deadline = services.central_deadline_for(award=Award.objects.get(code=code), year=year)
    if expected is None:
        assert deadline is None
    else:
        assert deadline.day == expected and article in deadline.basis


def test_the_province_s_earlier_target_applies_only_where_it_is_earlier(made, undecided_2019):
    from thidua.awards.models import Award

    w = undecided_2019
    services.round_settings_save(
        actor=w.provincial,
        year=2025,
        bloc_deadline=dt.date(2025, 12, 10),
        council_members=15,
        central_deadline=dt.date(2026, 9, 30),
    )
    flag = services.central_deadline_for(award=Award.objects.get(code="co_cp"), year=2025)
    fighter = services.central_deadline_for(award=Award.objects.get(code="cstd_tq"), year=2025)
    pm = services.central_deadline_for(award=Award.objects.get(code="bk_ttg_tt"), year=2025)
    assert flag.day == dt.date(2026, 6, 30)  # the legal date is earlier than the province's
    assert fighter.day == dt.date(2026, 9, 30) and "Hạn của tỉnh" in fighter.basis
    assert pm.day == dt.date(2026, 9, 30)
    names = [name for name, _ in services.central_deadlines(2025)]
    assert "Cờ thi đua của Chính phủ" in names


def test_the_office_is_reminded_of_a_central_award_s_moha_deadline_once(made, undecided_2019):
    """The province set 30/06/2020 for its 2019 round: D-7, D-1 and the day after it passed the
    provincial officers hear of SNV's Government flag still to send, each once."""
    from thidua.core.models import Notification
    from thidua.proposals import reminders
    from thidua.proposals.tasks import moha_reminders

    w = undecided_2019
    services.round_settings_save(
        actor=w.provincial,
        year=2019,
        bloc_deadline=dt.date(2019, 12, 10),
        council_members=15,
        central_deadline=dt.date(2020, 6, 30),
    )
    snv = _approved_on(w, made["SNV"])
    for day in (23, 24, 29, 30):
        moha_reminders.call(slot=f"2020-06-{day}T09:00:00+07:00", previous=None)
    moha_reminders.call(slot="2020-07-02T09:00:00+07:00", previous="2020-06-30T09:00:00+07:00")
    keys = sorted(Notification.objects.filter(user=w.provincial).values_list("key", flat=True))
    assert keys == [f"moha:{snv.uuid}:2020-06-30:{when}" for when in ("d1", "d7", "passed")]
    note = Notification.objects.get(user=w.provincial, key__endswith=":d7")
    assert (
        "Cờ thi đua của Chính phủ" in note.title and "còn 7 ngày" in note.title and "30/06/2020" in note.title
    )
    # Once sent to MoHA, nothing more is said.
    services.proposal_forward(
        actor=w.provincial, proposal=snv, letter_number="12/TTr-UBND", forwarded_on=dt.date(2020, 6, 20)
    )
    assert reminders.send_due(dt.date(2020, 7, 1)) == 0
