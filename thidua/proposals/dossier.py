"""The dossier of a proposal in the layout of Decree 30/2020 (Appendix I), built as document
specs for the documents service: the proposal letter (Form 01), the achievement report, the
review minutes with the vote results and the list of proposed subjects. Also the checklist of
Law 06/2022 Art 84.1 and the prefilled text of the achievement report."""

from __future__ import annotations

from django.conf import settings

from thidua.documents.spec import OfficialDocument, Paragraph, Signer, Table
from thidua.proposals.choices import GOVERNMENT_FLAG, DossierKind

ART_84 = "Luật Thi đua, khen thưởng 2022, Điều 84.1"


def _issuer(proposal) -> tuple[str, str]:
    bloc = proposal.bloc_year.bloc
    return (bloc.organiser or "UBND TỈNH").upper(), bloc.name.upper()


def _place() -> str:
    name = settings.THIDUA_PROVINCE_NAME
    return name.removeprefix("tỉnh ").removeprefix("Tỉnh ")


def _signer(proposal) -> Signer:
    by = proposal.bloc_year
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
                f"vì đã có thành tích xuất sắc trong phong trào thi đua năm {proposal.year}."
            ),
            *_gov_flag_sentence(proposal),
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


def report_spec(proposal, *, date) -> OfficialDocument:
    parent, issuer = _issuer(proposal)
    subject = "tập thể" if proposal.is_collective else "cá nhân"
    blocks = [Paragraph(f"Đề nghị tặng {proposal.award.name}", style="center_bold")]
    for line in (proposal.achievement_report or "").splitlines():
        line = line.strip()
        if not line:
            continue
        style = "heading" if line[:3] in {"I. ", "II.", "III", "IV."} else "body"
        blocks.append(Paragraph(line, style=style))
    return OfficialDocument(
        issuer_parent=parent,
        issuer=proposal.subject_name.upper() if proposal.is_collective else issuer,
        number="",
        place=_place(),
        date=date,
        title=f"Báo cáo thành tích của {subject}",
        subtitle=f"{proposal.subject_name} – năm {proposal.year}",
        blocks=blocks,
        recipients=[],
        signers=[
            Signer(
                prefix="",
                authority=proposal.subject_name if proposal.is_collective else "",
                title="Thủ trưởng đơn vị",
                name="",
            )
        ],
    )


def minutes_spec(proposal, *, date) -> OfficialDocument:
    parent, issuer = _issuer(proposal)
    by = proposal.bloc_year
    rows = []
    if proposal.outcome_id:
        from thidua.conference.selectors import outcomes_for_year

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


def list_spec(proposal, *, date, proposals) -> OfficialDocument:
    parent, issuer = _issuer(proposal)
    rows = [
        [
            str(i),
            p.subject_name,
            p.award.name,
            f"{p.vote_yes}/{p.vote_base}" if p.vote_base else "",
            p.led_bloc,
        ]
        for i, p in enumerate(proposals, start=1)
    ]
    return OfficialDocument(
        issuer_parent=parent,
        issuer=issuer,
        number="",
        place=_place(),
        date=date,
        title="Danh sách",
        subtitle=f"Tập thể, cá nhân đề nghị khen thưởng năm {proposal.year}",
        blocks=[
            Table(
                headers=["TT", "Tập thể, cá nhân", "Hình thức đề nghị", "Phiếu bầu", "Khối dẫn đầu"],
                rows=rows,
                widths_mm=[10, 60, 50, 20, 25],
                align=["center", "left", "left", "center", "left"],
            )
        ],
        recipients=[],
        signers=[_signer(proposal)],
        landscape=False,
    )


def checklist(proposal, documents: dict) -> list[dict]:
    """The dossier items of Law 06/2022 Art 84.1 and the list, each with ok and what is missing."""
    fresh = proposal.dossier_generated_at is not None
    has_vote = proposal.vote_yes is not None and bool(proposal.vote_base)
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
            "article": ART_84,
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
    try:
        from thidua.scoring.selectors import ranking_for_year

        row = next((r for r in ranking_for_year(bloc_year=by) if r.unit.pk == unit.pk), None)
    except Exception:  # the ranking is optional context for a draft; its absence must not block
        row = None
    if row is not None:
        total = f"{row.final_score:.2f}".replace(".", ",")
        lines.append(
            f"Kết quả chấm điểm thi đua năm {by.year}: {total} điểm, xếp thứ {row.rank} trong khối"
            + (f" ({row.classification_label or row.classification})." if row.classification else ".")
        )
        if row.leading:
            lines.append(f"Đơn vị dẫn đầu {by.bloc.name} năm {by.year}.")
    try:
        from thidua.cycles.selectors import movements_of

        movements = [m for m in movements_of(by) if m.unit_id == unit.pk]
    except Exception:  # same as above: movements enrich the draft only
        movements = []
    for m in movements:
        lines.append(f"Phong trào thi đua “{m.title}”.")
    if proposal.led_bloc:
        lines.append(f"Dẫn đầu {proposal.led_bloc} năm {proposal.year}.")
    lines.append("III. CÁC HÌNH THỨC KHEN THƯỞNG ĐÃ ĐƯỢC GHI NHẬN")
    from thidua.awards.models import AwardRecord

    history = AwardRecord.objects.filter(year__gte=proposal.year - 5, year__lte=proposal.year)
    history = (
        history.filter(unit=proposal.unit)
        if proposal.is_collective
        else history.filter(person=proposal.person)
    )
    records = list(history.select_related("award").order_by("-year"))
    for r in records:
        lines.append(
            f"Năm {r.year}: {r.award.name}, Quyết định số {r.decision_number} ngày {r.decision_date:%d/%m/%Y}."
        )
    if not records:
        lines.append("Chưa có khen thưởng nào được ghi nhận trong 5 năm gần đây.")
    return "\n".join(lines)
