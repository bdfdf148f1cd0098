"""The dossier of a proposal in the layout of Decree 30/2020 (Appendix I), built as document
specs for the documents service: the proposal letter (Form 01), the achievement report, the
review minutes with the vote results and the list of proposed subjects (one list per bloc year,
collectives and individuals apart). Also the dossier checklist, citing the legal basis of the rule
pack that judges the year, and the prefilled text of the achievement report."""

from __future__ import annotations

import re

from django.conf import settings

from thidua.awards.choices import AwardKind
from thidua.awards.leaders import leader_of
from thidua.awards.models import AwardRecord
from thidua.conference.selectors import outcomes_for_year
from thidua.core.text import sort_key
from thidua.cycles.selectors import movements_of
from thidua.documents.spec import OfficialDocument, Paragraph, Signer, Table
from thidua.proposals.choices import GOVERNMENT_FLAG, DossierKind
from thidua.proposals.rules import dossier_article
from thidua.scoring.selectors import ranking_for_year

ROMAN_HEADING = re.compile(r"^(I|II|III|IV|V|VI)\.\s")

ART_84 = "Luật Thi đua, khen thưởng 2022, Điều 84.1"
FORM_INDIVIDUAL_REPORT = "Mẫu số 05"
HISTORY_YEARS = 5


def _issuer(proposal) -> tuple[str, str]:
    bloc = proposal.bloc_year.bloc
    return (bloc.organiser or "UBND TỈNH").upper(), bloc.name.upper()


def _place() -> str:
    name = settings.THIDUA_PROVINCE_NAME
    return name.removeprefix("tỉnh ").removeprefix("Tỉnh ")


def _signer(proposal) -> Signer:
    return _bloc_signer(proposal.bloc_year)


def _bloc_signer(by) -> Signer:
    leader = by.effective_leader
    head = ""
    if leader is not None:
        member = by.members.filter(unit=leader).first()
        head = member.head_name if member else ""
    return Signer(
        prefix="TM.",
        authority=by.bloc.name,
        title="Trưởng khối",
        name=head or (leader.name_in_year(by.year) if leader else ""),
    )


def _vote_text(proposal) -> str:
    if proposal.vote_yes is None or not proposal.vote_base:
        return "chưa có kết quả biểu quyết"
    return f"{proposal.vote_yes}/{proposal.vote_base} phiếu tán thành ({proposal.vote_share})"


def _gov_flag_sentence(proposal) -> list[Paragraph]:
    if proposal.award.code != GOVERNMENT_FLAG:
        return []
    proposing = proposal.bloc_year.bloc.name
    if proposal.led_bloc:
        text = (
            f"{proposal.subject_name} là tập thể dẫn đầu {proposal.led_bloc} năm {proposal.year}, "
            f"được Hội nghị tổng kết của {proposing} suy tôn đề nghị tặng Cờ thi đua của Chính phủ."
        )
    else:
        text = (
            f"{proposal.subject_name} được bình xét, so sánh trong {proposing} năm {proposal.year} và được "
            f"Hội nghị tổng kết của {proposing} suy tôn đề nghị tặng Cờ thi đua của Chính phủ."
        )
    return [Paragraph(text)]


GROUND_REASONS = {
    "checkable": "vì đã đạt tiêu chuẩn thành tích nhiều năm theo quy định",
    "movement": "vì đã có thành tích xuất sắc được bình xét trong phong trào thi đua năm {year}",
    "contribution": "vì đã lập được nhiều thành tích, có đóng góp có phạm vi ảnh hưởng",
    "extraordinary": "vì đã lập được thành tích đột xuất",
}


def _ground_blocks(proposal) -> list[Paragraph]:
    """The ground the proposal rests on, with its justification (Law 06/2022 Art 73, 74)."""
    if proposal.ground == "checkable" and not proposal.ground_justification:
        return []
    text = f"Căn cứ đề nghị: {proposal.get_ground_display()}"
    if proposal.ground_movement_id:
        text += f" (phong trào “{proposal.ground_movement.title}”)"
    blocks = [Paragraph(text + ".")]
    if proposal.ground_justification:
        blocks.append(Paragraph(f"Giải trình: {proposal.ground_justification}"))
    return blocks


def _reason(proposal) -> str:
    if proposal.award.kind != "commendation":
        return f"vì đã có thành tích xuất sắc trong phong trào thi đua năm {proposal.year}"
    return GROUND_REASONS.get(proposal.ground, GROUND_REASONS["movement"]).format(year=proposal.year)


def letter_spec(proposal, *, date) -> OfficialDocument:
    parent, issuer = _issuer(proposal)
    criteria = [
        Paragraph(f"– {c['label']}: {c['facts']} ({c['article']}).", style="bullet")
        for c in proposal.eligibility
    ]
    return OfficialDocument(
        issuer_parent=parent,
        issuer=issuer,
        number=f"    /TTr-{proposal.bloc_year.bloc.code}",
        place=_place(),
        date=date,
        title="Tờ trình",
        subtitle=f"Về việc đề nghị tặng {proposal.award.name} năm {proposal.year}",
        blocks=[
            Paragraph("Kính gửi: Hội đồng Thi đua – Khen thưởng tỉnh", style="center_bold"),
            Paragraph(
                f"Căn cứ Luật Thi đua, khen thưởng và các văn bản hướng dẫn thi hành; căn cứ kết quả bình xét "
                f"tại Hội nghị tổng kết công tác thi đua năm {proposal.year} của {proposal.bloc_year.bloc.name}, "
                f"{proposal.bloc_year.bloc.name} kính đề nghị Hội đồng Thi đua – Khen thưởng tỉnh xem xét, "
                f"trình cấp có thẩm quyền tặng {proposal.award.name} cho {proposal.subject_name} "
                f"{_reason(proposal)}."
            ),
            *_gov_flag_sentence(proposal),
            *_ground_blocks(proposal),
            Paragraph(f"Kết quả biểu quyết tại Hội nghị: {_vote_text(proposal)}."),
            Paragraph("Đối chiếu tiêu chuẩn:"),
            *criteria,
            Paragraph(
                "Hồ sơ kèm theo: báo cáo thành tích; biên bản bình xét kèm kết quả biểu quyết; danh sách đề nghị."
            ),
        ],
        recipients=["Như trên", "Phòng Thi đua – Khen thưởng, Sở Nội vụ", "Lưu: VT, Khối"],
        signers=[_signer(proposal)],
    )


def _report_sections(text: str) -> list[tuple[str, list[str]]]:
    """The edited report split at its Roman-numbered headings: [(heading or "", lines)]."""
    sections: list[tuple[str, list[str]]] = [("", [])]
    for raw in (text or "").splitlines():
        line = raw.strip()
        if not line:
            continue
        if ROMAN_HEADING.match(line):
            sections.append((line, []))
        else:
            sections[-1][1].append(line)
    return [(h, lines) for h, lines in sections if h or lines]


def _history_blocks(proposal) -> list:
    """Section III, from the award history (not from the edited text, so that it always agrees
    with the records): emulation titles and forms of commendation of the last five years."""

    qs = AwardRecord.objects.filter(year__gte=proposal.year - HISTORY_YEARS, year__lte=proposal.year)
    qs = (
        qs.filter(unit_id=proposal.unit_id)
        if proposal.is_collective
        else qs.filter(person_id=proposal.person_id)
    )
    records = list(qs.select_related("award").order_by("year", "decision_date", "id"))
    blocks: list = [Paragraph("III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG", style="heading")]
    for n, kind in enumerate((AwardKind.TITLE, AwardKind.COMMENDATION), start=1):
        rows = [
            [
                str(r.year),
                r.award.name,
                f"Số {r.decision_number} ngày {r.decision_date:%d/%m/%Y}",
                r.decided_by,
            ]
            for r in records
            if r.award.kind == kind
        ]
        blocks.append(Paragraph(f"{n}. {kind.label}", style="heading"))
        blocks.append(
            Table(
                headers=["Năm", str(kind.label), "Số, ngày, tháng, năm của quyết định", "Cơ quan ban hành"],
                rows=rows or [["", f"Chưa có trong {HISTORY_YEARS} năm gần đây", "", ""]],
                widths_mm=[16, 58, 50, 36],
                align=["center", "left", "left", "left"],
            )
        )
    return blocks


def _personal_details(proposal) -> list:
    """Section I of Form 05 from the personnel record; what the record does not hold is left
    dotted for the person to complete in Word."""
    person = proposal.person
    dots = "……………………"
    facts = [
        ("Họ và tên", person.full_name),
        ("Sinh ngày, tháng, năm", f"{person.birth_date:%d/%m/%Y}" if person.birth_date else dots),
        ("Giới tính", person.get_gender_display() if person.gender else dots),
        ("Quê quán", dots),
        ("Trú quán", dots),
        ("Đơn vị công tác", person.unit.name_in_year(proposal.year)),
        ("Chức vụ (Đảng, chính quyền, đoàn thể)", person.position or dots),
        ("Trình độ chuyên môn, nghiệp vụ", dots),
        ("Học hàm, học vị, danh hiệu, giải thưởng", dots),
    ]
    return [Paragraph("I. SƠ LƯỢC LÝ LỊCH", style="heading")] + [
        Paragraph(f"{label}: {value}", style="bullet") for label, value in facts
    ]


def report_spec(proposal, *, date) -> OfficialDocument:
    """The achievement report: for a collective, the unit's report countersigned by the bloc; for
    an individual, Form 05 (personal details from the record, signed by the person and confirmed
    by the head of unit). Sections I–II come from the edited text, section III from history."""
    blocks: list = []
    if not proposal.is_collective:
        blocks += _personal_details(proposal)
    history_done = False
    for heading, lines in _report_sections(proposal.achievement_report):
        if heading.startswith("III"):
            blocks += _history_blocks(proposal)
            history_done = True
            continue
        if not proposal.is_collective and heading.startswith("I."):
            continue  # Form 05 prints the personal details instead of a free-text section I
        if heading:
            blocks.append(Paragraph(heading, style="heading"))
        blocks += [Paragraph(line) for line in lines]
    if not history_done:
        blocks += _history_blocks(proposal)
    subtitle = f"Đề nghị tặng {proposal.award.name} năm {proposal.year}"
    if proposal.is_collective:
        # Issued by the unit itself: its own superior is not known here (a court's is not the
        # province), so no parent body is printed above it rather than a wrong one.
        return OfficialDocument(
            issuer=proposal.subject_name.upper(),
            number="",
            place=_place(),
            date=date,
            title="Báo cáo thành tích",
            subtitle=subtitle,
            blocks=[Paragraph(proposal.subject_name, style="center_bold"), *blocks],
            recipients=[],
            countersigner=Signer(
                prefix="TM.",
                authority=proposal.bloc_year.bloc.name,
                title="Xác nhận của Trưởng khối",
                note="(Ký, đóng dấu)",
            ),
            signers=[Signer(title="Thủ trưởng đơn vị", note="(Ký, ghi rõ họ tên, đóng dấu)")],
        )
    return OfficialDocument(
        issuer="",
        show_issuer=False,
        form_label=FORM_INDIVIDUAL_REPORT,
        place=_place(),
        date=date,
        title="Báo cáo thành tích",
        subtitle=subtitle,
        blocks=blocks,
        recipients=[],
        countersigner=Signer(title="Thủ trưởng đơn vị xác nhận, đề nghị", note="(Ký, đóng dấu)"),
        signers=[
            Signer(
                title="Người báo cáo thành tích",
                note="(Ký, ghi rõ họ và tên)",
                name=proposal.person.full_name,
            )
        ],
    )


def minutes_spec(proposal, *, date) -> OfficialDocument:
    parent, issuer = _issuer(proposal)
    by = proposal.bloc_year
    rows = []
    if proposal.outcome_id:
        for i, o in enumerate(
            [o for o in outcomes_for_year(bloc_year=by) if o.kind == proposal.outcome.kind], start=1
        ):
            rows.append([str(i), o.unit.name_in_year(by.year), f"{o.votes}/{o.base}", o.share])
    elif proposal.vote_yes is not None:
        rows.append(
            ["1", proposal.subject_name, f"{proposal.vote_yes}/{proposal.vote_base}", proposal.vote_share]
        )
    conference = getattr(by, "conference", None)
    held = f" ngày {conference.held_on:%d/%m/%Y}" if conference else ""
    return OfficialDocument(
        issuer_parent=parent,
        issuer=issuer,
        number=f"    /BB-{by.bloc.code}",
        place=_place(),
        date=conference.held_on if conference else date,
        title="Biên bản",
        subtitle=f"Bình xét, suy tôn đề nghị khen thưởng năm {proposal.year}",
        blocks=[
            Paragraph(
                f"Hội nghị tổng kết công tác thi đua năm {proposal.year} của {by.bloc.name}{held} đã bình xét, "
                f"bỏ phiếu đề nghị tặng {proposal.award.name}. Kết quả biểu quyết:"
            ),
            Table(
                headers=["TT", "Đơn vị, cá nhân", "Số phiếu", "Tỉ lệ"],
                rows=rows or [["", "Chưa có kết quả biểu quyết", "", ""]],
                widths_mm=[12, 105, 25, 23],
                align=["center", "left", "center", "center"],
            ),
            Paragraph(
                f"Hội nghị thống nhất đề nghị tặng {proposal.award.name} cho {proposal.subject_name} "
                f"({_vote_text(proposal)}){proposal.vote_note and '; ' + proposal.vote_note}."
            ),
        ],
        recipients=["Hội đồng Thi đua – Khen thưởng tỉnh", "Lưu: Khối"],
        signers=[
            Signer(
                prefix="",
                authority="",
                title="Thư ký hội nghị",
                name=conference.secretary_name if conference else "",
            ),
            _signer(proposal),
        ],
    )


def ordered_subjects(proposals) -> list:
    """Highest award first, then by name in Vietnamese order."""

    return sorted(proposals, key=lambda p: (-p.award.rank, p.award.name, sort_key(p.subject_name)))


def _vote_cell(p) -> str:
    return f"{p.vote_yes}/{p.vote_base} ({p.vote_share})" if p.vote_base and p.vote_yes is not None else ""


def bloc_list_spec(bloc_year, *, date, proposals) -> OfficialDocument:
    """The list of collectives and individuals the bloc proposes for the year (one document for
    the bloc year; each proposal's dossier carries the same list)."""
    bloc = bloc_year.bloc
    collectives = ordered_subjects([p for p in proposals if p.is_collective])
    people = ordered_subjects([p for p in proposals if not p.is_collective])
    blocks: list = [Paragraph(f"(Kèm theo Tờ trình của {bloc.name} năm {bloc_year.year})", style="center")]
    blocks.append(Paragraph(f"I. TẬP THỂ ({len(collectives)})", style="heading"))
    blocks.append(
        Table(
            headers=["TT", "Tên tập thể", "Hình thức đề nghị", "Kết quả biểu quyết", "Ghi chú"],
            rows=[
                [
                    str(i),
                    p.subject_name,
                    p.award.name,
                    _vote_cell(p),
                    f"Dẫn đầu {p.led_bloc}" if p.led_bloc else "",
                ]
                for i, p in enumerate(collectives, start=1)
            ]
            or [["", "Không có", "", "", ""]],
            widths_mm=[10, 55, 45, 28, 22],
            align=["center", "left", "left", "center", "left"],
        )
    )
    blocks.append(Paragraph(f"II. CÁ NHÂN ({len(people)})", style="heading"))
    blocks.append(
        Table(
            headers=[
                "TT",
                "Họ và tên",
                "Chức vụ, đơn vị công tác",
                "Hình thức đề nghị",
                "Kết quả biểu quyết",
            ],
            rows=[
                [
                    str(i),
                    p.person.full_name,
                    ", ".join(x for x in (p.person.position, p.person.unit.name_in_year(p.year)) if x),
                    p.award.name,
                    _vote_cell(p),
                ]
                for i, p in enumerate(people, start=1)
            ]
            or [["", "Không có", "", "", ""]],
            widths_mm=[10, 40, 55, 35, 20],
            align=["center", "left", "left", "left", "center"],
        )
    )
    blocks.append(Paragraph(f"Tổng cộng: {len(collectives)} tập thể, {len(people)} cá nhân.", style="italic"))
    return OfficialDocument(
        issuer_parent=(bloc.organiser or "UBND TỈNH").upper(),
        issuer=bloc.name.upper(),
        number=f"    /DS-{bloc.code}",
        place=_place(),
        date=date,
        title="Danh sách",
        subtitle=f"Tập thể, cá nhân đề nghị khen thưởng năm {bloc_year.year}",
        blocks=blocks,
        recipients=["Hội đồng Thi đua – Khen thưởng tỉnh", "Lưu: Khối"],
        signers=[_bloc_signer(bloc_year)],
    )


def list_spec(proposal, *, date, proposals) -> OfficialDocument:
    return bloc_list_spec(proposal.bloc_year, date=date, proposals=proposals)


def checklist(proposal, documents: dict) -> list[dict]:
    """The dossier items (Law 06/2022 Art 84.1, or the basis named by the year's rule pack) and
    the list, each with ok and what is missing."""

    article = dossier_article(proposal.year)
    fresh = proposal.dossier_generated_at is not None
    # An extraordinary achievement follows the simplified procedure: no review vote is needed.
    has_vote = (
        proposal.vote_yes is not None and bool(proposal.vote_base)
    ) or proposal.ground == "extraordinary"
    items = [
        (DossierKind.LETTER, fresh and DossierKind.LETTER in documents, "Chưa lập tờ trình."),
        (
            DossierKind.REPORT,
            bool(proposal.achievement_report.strip()) and fresh and DossierKind.REPORT in documents,
            "Chưa có báo cáo thành tích (hoặc đã sửa mà chưa lập lại hồ sơ).",
        ),
        (
            DossierKind.MINUTES,
            has_vote and fresh and DossierKind.MINUTES in documents,
            "Biên bản cần kết quả biểu quyết của hội nghị." if not has_vote else "Chưa lập biên bản.",
        ),
        (DossierKind.LIST, fresh and DossierKind.LIST in documents, "Chưa lập danh sách đề nghị."),
    ]
    return [
        {
            "kind": kind.value,
            "label": str(kind.label),
            "ok": bool(ok),
            "missing": "" if ok else why,
            "article": article,
        }
        for kind, ok, why in items
    ]


def prefill_report(proposal) -> str:
    """A first draft from scores, movements and award history, for the bloc to edit."""
    by = proposal.bloc_year
    unit = proposal.unit or proposal.person.unit
    lines = ["I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH"]
    if proposal.is_collective:
        lines.append(f"{unit.name_in_year(by.year)} là thành viên {by.bloc.name} năm {by.year}.")
    else:
        p = proposal.person
        lines.append(f"{p.full_name}, {p.position or 'cán bộ'}, {unit.name_in_year(by.year)}.")
    lines.append("II. THÀNH TÍCH ĐẠT ĐƯỢC")
    row = next((r for r in ranking_for_year(bloc_year=by) if r.unit.pk == unit.pk), None)
    if row is not None:
        total = f"{row.final_score:.2f}".replace(".", ",")
        lines.append(
            f"Kết quả chấm điểm thi đua năm {by.year}: {total} điểm, xếp thứ {row.rank} trong khối"
            + (f" ({row.classification_label or row.classification})." if row.classification else ".")
        )
        lead = leader_of(by)
        if lead is not None and lead.unit_id == unit.pk:
            # The unit that led the emulation (ranking, then the vote), not the rotating chair.
            lines.append(f"Đơn vị dẫn đầu {by.bloc.name} năm {by.year} ({lead.basis}).")
    movements = [m for m in movements_of(by) if m.unit_id == unit.pk]
    for m in movements:
        lines.append(f"Phong trào thi đua “{m.title}”.")
    if proposal.led_bloc:
        lines.append(f"Dẫn đầu {proposal.led_bloc} năm {proposal.year}.")
    # Section III (awards received) is printed from the award history when the dossier is made.
    return "\n".join(lines)
