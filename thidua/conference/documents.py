"""The conference's Word documents, built as ``OfficialDocument`` specs and rendered by the
documents app (Decree 30 layout): the conference minutes (biên bản hội nghị) and the vote-count
minutes (biên bản kiểm phiếu), "Số: …/BB-<bloc>", signed side by side by the conference's
secretary (left) and its chair (right, "TM. <the bloc's full name>"), with the time and place,
the attendance against the quorum and the time the conference ended. Generating twice with the
same content returns the same file."""

from __future__ import annotations

import math

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils import timezone

from thidua.conference import selectors
from thidua.conference.choices import BallotStatus, CandidateStatus
from thidua.conference.models import Conference
from thidua.conference.rules import rules_for
from thidua.cycles.official import bloc_signer, symbol
from thidua.documents import services as documents
from thidua.documents.spec import OfficialDocument, Paragraph, Signer, Table, format_percent, missing_signer
from thidua.scoring.selectors import scoring_minutes

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
STATUS_LABELS = dict(CandidateStatus.choices)


def _place() -> str:
    name = settings.THIDUA_PROVINCE_NAME
    return name[5:].strip() if name.lower().startswith("tỉnh ") else name


def _lines(text: str, style: str = "body") -> list[Paragraph]:
    return [Paragraph(line.strip(), style) for line in (text or "").splitlines() if line.strip()] or [
        Paragraph("(Chưa ghi nội dung.)", "italic")
    ]


def _header(conference, title: str, subtitle: str) -> dict:
    bloc_year = conference.bloc_year
    return {
        "issuer_parent": bloc_year.bloc.organiser.upper(),
        "issuer": bloc_year.bloc.name.upper(),
        "number": "",
        "symbol": symbol("BB", bloc_year),
        "place": _place(),
        "date": conference.held_on,
        "title": title,
        "subtitle": subtitle,
    }


def _opening(conference) -> list:
    year = conference.bloc_year.year
    day = conference.held_on
    start = (
        f"bắt đầu lúc {conference.starts_at:%H} giờ {conference.starts_at:%M}, "
        if conference.starts_at
        else ""
    )
    venue = conference.venue or (conference.venue_unit.name_in_year(year) if conference.venue_unit else "")
    return [
        Paragraph(f"Thời gian: {start}ngày {day.day:02d} tháng {day.month:02d} năm {day.year}."),
        Paragraph(f"Địa điểm: {venue}." if venue else "Địa điểm: ……"),
    ]


def _ended_at(conference):
    """When the conference ended, as far as the record knows: the closing of its last ballot on
    the day it was held (the record has no separate end time)."""
    closings = [
        timezone.localtime(b.closed_at)
        for b in selectors.ballots_of(conference)
        if b.closed_at and timezone.localtime(b.closed_at).date() == conference.held_on
    ]
    return max(closings) if closings else None


def _closing(conference, what: str) -> Paragraph:
    ended = _ended_at(conference)
    hour, minute = (f"{ended:%H}", f"{ended:%M}") if ended else ("……", "……")
    return Paragraph(f"{what} kết thúc lúc {hour} giờ {minute} cùng ngày.")


def _attendance_table(conference) -> list:
    year = conference.bloc_year.year
    rows, absent = [], []
    for i, att in enumerate(selectors.attendance_of(conference), start=1):
        name = att.unit.name_in_year(year)
        if not att.present:
            absent.append(name)
        delegates = ", ".join(
            [f"{att.delegate_name} ({att.delegate_title})" if att.delegate_title else att.delegate_name]
            + [d.strip() for d in att.other_delegates.splitlines() if d.strip()]
        ).strip(", ")
        rows.append([str(i), name, delegates if att.present else "", "Có mặt" if att.present else "Vắng"])
    blocks = [
        Table(
            headers=["TT", "Đơn vị", "Đại biểu", "Điểm danh"],
            rows=rows,
            widths_mm=[10, 62, 73, 20],
            align=["center", "left", "left", "center"],
        ),
    ]
    present = sum(1 for r in rows if r[3] == "Có mặt")
    summary = f"Có mặt {present}/{len(rows)} đơn vị thành viên."
    if absent:
        summary += " Vắng: " + "; ".join(absent) + "."
    blocks.append(Paragraph(summary))
    blocks.append(Paragraph(_quorum_sentence(conference, present, len(rows))))
    return blocks


def _quorum_sentence(conference, present: int, total: int) -> str:
    quorum = rules_for(conference.bloc_year).quorum
    needed = math.ceil(quorum * total)
    verdict = (
        "hội nghị đủ điều kiện tiến hành"
        if present >= needed
        else "hội nghị không đủ số thành viên theo quy chế"
    )
    return (
        f"Số thành viên tối thiểu phải có mặt theo quy chế: {quorum.numerator}/{quorum.denominator} tổng số "
        f"thành viên ({needed}/{total} đơn vị); có mặt {present} đơn vị, {verdict}."
    )


def _ballot_blocks(ballot, heading: bool = True) -> list:
    blocks: list = []
    if heading:
        suffix = f" (vòng {ballot.round})" if ballot.round > 1 else ""
        blocks.append(Paragraph(f"{ballot.title}{suffix} – chọn {ballot.seats}", "heading"))
    if ballot.status != BallotStatus.CLOSED:
        blocks.append(Paragraph("Chưa kết thúc bỏ phiếu.", "italic"))
        return blocks
    result = selectors.result_of(ballot)
    rules = rules_for(ballot.conference.bloc_year)
    blocks.append(
        Paragraph(
            f"Số phiếu phát ra: {selectors.turnout(ballot)['present_weight']}; số phiếu thu về: {result['returned']} "
            f"(trong đó phiếu giấy: {result.get('paper_issued', 0)}); phiếu hợp lệ: {result['valid']}; "
            f"phiếu không hợp lệ: {result['invalid']}; phiếu trắng / không biểu quyết: {result['abstain']}."
        )
    )
    base_label = "tổng số phiếu của thành viên" if rules.approval_base == "members" else "số phiếu hợp lệ"
    strict = "trên" if rules.approval_strict else "từ"
    blocks.append(
        Paragraph(
            f"Điều kiện hợp lệ: có từ {rules.quorum} số phiếu của thành viên ({result['total_weight']}) tham gia – "
            + ("đạt" if result["quorum_met"] else "KHÔNG ĐẠT")
            + f". Tỉ lệ tán thành: {strict} {rules.approval_ratio} {base_label} ({result['base']})."
        )
    )
    rows = [
        [
            str(i),
            r["name"],
            str(r["votes"]),
            format_percent(r["percent"]),
            STATUS_LABELS.get(r["status"], r["status"]),
        ]
        for i, r in enumerate(result["rows"], start=1)
    ]
    blocks.append(
        Table(
            headers=["TT", "Đơn vị / phương án", "Số phiếu", "Tỉ lệ", "Kết quả"],
            rows=rows,
            widths_mm=[10, 70, 22, 22, 41],
            align=["center", "left", "center", "center", "left"],
        )
    )
    names = {r["key"]: r["name"] for r in result["rows"]}
    if result.get("approved") is not None:
        blocks.append(Paragraph("Kết quả: " + ("thông qua." if result["approved"] else "không thông qua.")))
    elif result["elected"]:
        blocks.append(Paragraph("Kết quả: " + "; ".join(names[k] for k in result["elected"]) + "."))
    if result.get("notes"):
        blocks += [Paragraph(note) for note in result["notes"]]
    elif result["tied"]:
        blocks.append(
            Paragraph("Bằng phiếu, chưa phân định: " + "; ".join(names[k] for k in result["tied"]) + ".")
        )
    if result["undecided_seats"] and result["quorum_met"] and not result.get("notes"):
        blocks.append(Paragraph(f"Còn {result['undecided_seats']} vị trí chưa phân định, cần bầu vòng sau."))
    return blocks


def minutes_spec(conference) -> OfficialDocument:
    year = conference.bloc_year.year
    bloc = conference.bloc_year.bloc
    blocks: list = _opening(conference)
    blocks.append(Paragraph(f"Chủ trì: {conference.chair_name or '……'}."))
    blocks.append(Paragraph(f"Thư ký: {conference.secretary_name or '……'}."))
    blocks.append(Paragraph("Thành phần tham dự:", "heading"))
    blocks += _attendance_table(conference)
    blocks.append(Paragraph("Chương trình hội nghị:", "heading"))
    blocks += [Paragraph(f"- {item}") for item in conference.agenda] or [Paragraph("……")]
    blocks.append(Paragraph("NỘI DUNG HỘI NGHỊ", "center_bold"))
    for heading, text in (
        (f"I. KẾT QUẢ THỰC HIỆN PHONG TRÀO THI ĐUA NĂM {year}", conference.results),
        ("II. HẠN CHẾ, TỒN TẠI", conference.limitations),
        ("III. NGUYÊN NHÂN", conference.causes),
        (f"IV. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {year + 1}", conference.directions),
    ):
        blocks.append(Paragraph(heading, "heading"))
        blocks += _lines(text)
        if heading.startswith("I. "):
            # How the scores were settled: reviewers' disagreements moderated, units closed out.
            blocks += [Paragraph(line) for line in scoring_minutes(bloc_year=conference.bloc_year).lines]
    blocks.append(Paragraph("V. KẾT QUẢ BIỂU QUYẾT", "heading"))
    ballots = list(selectors.ballots_of(conference))
    if not ballots:
        blocks.append(Paragraph("Hội nghị không tổ chức biểu quyết.", "italic"))
    for ballot in ballots:
        blocks += _ballot_blocks(ballot)
    blocks.append(Paragraph("VI. HỘI NGHỊ THỐNG NHẤT", "heading"))
    blocks += _lines(conference.resolutions)
    blocks.append(_closing(conference, "Hội nghị"))
    blocks.append(
        Paragraph("Biên bản được thông qua tại hội nghị, lập thành bản gửi các đơn vị thành viên.", "italic")
    )
    return OfficialDocument(
        **_header(conference, "Biên bản", f"Hội nghị tổng kết công tác thi đua năm {year} của {bloc.name}"),
        blocks=blocks,
        recipients=[
            "Hội đồng Thi đua – Khen thưởng tỉnh",
            "Các đơn vị thành viên của khối",
            f"Lưu: VT, {bloc.code}",
        ],
        signers=_signers(conference),
    )


def _signers(conference) -> list[Signer]:
    """Secretary left, chair right (the chair signs for the bloc, worded as everywhere else)."""
    chair = bloc_signer(conference.bloc_year, title="Chủ trì hội nghị")
    chair.name = _person(conference.chair_name)
    return [Signer(title="Thư ký hội nghị", name=_person(conference.secretary_name)), chair]


def count_minutes_spec(conference) -> OfficialDocument:
    year = conference.bloc_year.year
    bloc = conference.bloc_year.bloc
    blocks: list = _opening(conference)
    blocks.append(
        Paragraph("Ban kiểm phiếu do hội nghị bầu, gồm thư ký hội nghị và đại diện các đơn vị thành viên.")
    )
    blocks.append(
        Paragraph(
            "Hình thức: bỏ phiếu kín trên điện thoại (mỗi đại biểu một đường dẫn riêng, phiếu được lưu không kèm "
            "danh tính người bỏ phiếu) và phiếu giấy do Ban kiểm phiếu đếm theo từng tập, có kiểm lại."
        )
    )
    blocks += _attendance_table(conference)
    for i, ballot in enumerate(selectors.ballots_of(conference), start=1):
        suffix = f" (vòng {ballot.round})" if ballot.round > 1 else ""
        blocks.append(Paragraph(f"{i}. {ballot.title}{suffix} – chọn {ballot.seats}", "heading"))
        blocks += _ballot_blocks(ballot, heading=False)
        if ballot.status == BallotStatus.CLOSED:
            count = len(selectors.receipts_of(ballot))
            blocks.append(Paragraph(f"Số mã biên nhận phiếu điện tử đã công bố để đối chiếu: {count}."))
    blocks.append(_closing(conference, "Việc kiểm phiếu"))
    blocks.append(Paragraph("Biên bản kiểm phiếu được lập và công bố tại hội nghị.", "italic"))
    return OfficialDocument(
        **_header(
            conference,
            "Biên bản kiểm phiếu",
            f"Hội nghị tổng kết công tác thi đua năm {year} của {bloc.name}",
        ),
        blocks=blocks,
        recipients=["Hội đồng Thi đua – Khen thưởng tỉnh", f"Lưu: VT, {bloc.code}"],
        signers=_signers(conference),
    )


def _person(text: str) -> str:
    # "Name – position" in the record: the signature block shows the name only.
    return (text or "").split("–")[0].strip()


def _generate(actor, conference, kind: str, spec: OfficialDocument, file_name: str):
    missing = missing_signer(spec)
    if missing:
        raise ValidationError(
            f"Chưa ghi họ tên {' và '.join(t.lower() for t in missing)} trong hồ sơ hội nghị: "
            "cập nhật trước khi xuất biên bản."
        )
    return documents.generate_docx(
        actor=actor, owner=conference, kind=kind, spec=spec, template_version="2", file_name=file_name
    )


def minutes(actor, conference):
    year = conference.bloc_year.year
    return _generate(
        actor,
        conference,
        "conference_minutes",
        minutes_spec(conference),
        f"Bien ban hoi nghi tong ket {conference.bloc_year.bloc.code} {year}",
    )


def count_minutes(actor, conference):
    year = conference.bloc_year.year
    return _generate(
        actor,
        conference,
        "vote_count_minutes",
        count_minutes_spec(conference),
        f"Bien ban kiem phieu {conference.bloc_year.bloc.code} {year}",
    )


def _response(doc) -> HttpResponse:
    response = HttpResponse(documents.read_bytes(doc), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{doc.file_name}"'
    return response


def _refused(exc: ValidationError) -> HttpResponse:
    return HttpResponse(" ".join(exc.messages), status=422, content_type="text/plain; charset=utf-8")


def minutes_response(conference, actor=None) -> HttpResponse:
    try:
        return _response(minutes(actor, conference))
    except ValidationError as exc:
        return _refused(exc)


def count_minutes_response(conference, actor=None) -> HttpResponse:
    try:
        return _response(count_minutes(actor, conference))
    except ValidationError as exc:
        return _refused(exc)


def document_access(*, user, document):
    """``document_access`` hook: conference documents follow the conference's visibility."""
    if document.owner_type != "conference.conference":
        return None

    return Conference.objects.visible_to(user).filter(pk=document.owner_id).exists()
