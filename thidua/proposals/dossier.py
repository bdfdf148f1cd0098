"""The dossier of a proposal in the layout of Decree 30/2020 (Appendix I), built as document
specs for the documents service: the bloc's ONE Tờ trình for its whole list of proposals, each
subject's achievement report on the form of the decree in force for the proposal (``REPORT_FORMS``),
the review minutes with the vote results, the list of proposed subjects "kèm theo Tờ trình"
(collectives and individuals apart) and, for a fighter title, the person's recognised initiatives
(Law 06/2022 Art 84.1.d). Also the dossier checklist, citing the legal basis of the rule pack that
judges the year, and the prefilled text of the achievement report."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from thidua.awards.choices import AwardKind
from thidua.awards.facts import pack_for_year
from thidua.awards.leaders import leader_of
from thidua.awards.models import AwardRecord, Initiative, RulePack
from thidua.conference.selectors import attendance_of, outcomes_for_year
from thidua.core.text import sort_key
from thidua.cycles.selectors import movements_of
from thidua.documents.spec import OfficialDocument, Paragraph, Signer, Table, format_percent, format_points
from thidua.proposals.choices import CENTRAL_AUTHORITIES, GOVERNMENT_FLAG, DossierKind, ProposalStatus
from thidua.proposals.models import Decision, Proposal
from thidua.proposals.rules import dossier_article
from thidua.scoring.selectors import ranking_for_year

ROMAN_HEADING = re.compile(r"^(I|II|III|IV|V|VI)\.\s")

ART_84 = "Luật Thi đua, khen thưởng 2022, Điều 84.1"
ART_84_D = "Luật Thi đua, khen thưởng 2022, Điều 84.1.d"
HISTORY_YEARS = 5

# Regimes of the dossier forms, by the decree that details the Law for the proposal's rule pack.
REGIME_2019, REGIME_2024, REGIME_2025 = "nd-91-2017", "nd-98-2023", "nd-152-2025"
# The first day of each regime (the pack's ``effective_from`` chooses): Decree 98/2023 from
# 01/01/2024 (with Law 06/2022), Decree 152/2025 from 01/07/2025 (its Art 59.1).
REGIME_FROM = [
    (dt.date(2025, 7, 1), REGIME_2025),
    (dt.date(2024, 1, 1), REGIME_2024),
    (dt.date.min, REGIME_2019),
]


@dataclass(frozen=True)
class FormRef:
    """One report form of a decree's appendix: its number as printed top right, what it is for,
    and where the number comes from (``source``: how sure we are)."""

    number: str
    title: str
    source: str


# How sure each number is. None was read from the Official Gazette copy here: an administrator
# should check them against it (docs/proposals.md lists them).
STATED = "nêu trong yêu cầu nghiệp vụ (DOMAIN.md §6, issue 14)"
CITED = "theo thứ tự phụ lục thường được dẫn trong hướng dẫn lập hồ sơ; chưa đối chiếu bản Công báo"
INFERRED = "suy ra từ thứ tự các mẫu trong phụ lục; chưa đối chiếu bản Công báo"
# The achievement-report forms of each regime, by the kind of report a proposal needs
# (``report_kind``). One table, the only place form numbers are written.
REPORT_FORMS: dict[str, dict] = {
    REGIME_2019: {
        "basis": "Phụ lục ban hành kèm theo Nghị định 91/2017/NĐ-CP",
        # Decree 91/2017, Appendix: Mẫu 01 the collective's report, Mẫu 02 the individual's (the
        # Government flag and the national fighter use them too), Mẫu 04 the extraordinary one.
        "collective": FormRef("Mẫu số 01", "Báo cáo thành tích đề nghị khen thưởng cho tập thể", CITED),
        "individual": FormRef("Mẫu số 02", "Báo cáo thành tích đề nghị khen thưởng cho cá nhân", CITED),
        "government_flag": FormRef(
            "Mẫu số 01", "Báo cáo thành tích của tập thể (Cờ thi đua của Chính phủ)", CITED
        ),
        "national_fighter": FormRef(
            "Mẫu số 02", "Báo cáo thành tích của cá nhân (Chiến sĩ thi đua toàn quốc)", CITED
        ),
        "extraordinary": FormRef("Mẫu số 04", "Báo cáo thành tích đề nghị khen thưởng đột xuất", INFERRED),
    },
    REGIME_2024: {
        "basis": "Phụ lục I ban hành kèm theo Nghị định 98/2023/NĐ-CP",
        # Decree 98/2023, Appendix I: Mẫu 01 collective, Mẫu 02 individual; Mẫu 05 is the report
        # of a collective proposed for the Hero title (never the individual's report).
        "collective": FormRef("Mẫu số 01", "Báo cáo thành tích đề nghị khen thưởng cho tập thể", CITED),
        "individual": FormRef("Mẫu số 02", "Báo cáo thành tích đề nghị khen thưởng cho cá nhân", CITED),
        "government_flag": FormRef(
            "Mẫu số 01", "Báo cáo thành tích của tập thể (Cờ thi đua của Chính phủ)", CITED
        ),
        "national_fighter": FormRef(
            "Mẫu số 02", "Báo cáo thành tích của cá nhân (Chiến sĩ thi đua toàn quốc)", CITED
        ),
        "extraordinary": FormRef("Mẫu số 04", "Báo cáo thành tích đề nghị khen thưởng đột xuất", INFERRED),
        "hero_collective": FormRef(
            "Mẫu số 05", "Báo cáo thành tích đề nghị phong tặng Anh hùng cho tập thể", STATED
        ),
    },
    REGIME_2025: {
        "basis": "Phụ lục ban hành kèm theo Nghị định 152/2025/NĐ-CP",
        # Decree 152/2025's appendix has its own report for the Government flag and for the national
        # fighter, then the collective's and the individual's merit reports: the individual's is
        # Mẫu 05. The numbers before it follow the appendix's order (Government flag, national
        # fighter, collective merit) and are not checked against the gazette text.
        "government_flag": FormRef(
            "Mẫu số 02", "Báo cáo thành tích đề nghị tặng Cờ thi đua của Chính phủ", INFERRED
        ),
        "national_fighter": FormRef(
            "Mẫu số 03", "Báo cáo thành tích đề nghị tặng Chiến sĩ thi đua toàn quốc", INFERRED
        ),
        "collective": FormRef(
            "Mẫu số 04", "Báo cáo thành tích đề nghị khen thưởng công trạng cho tập thể", INFERRED
        ),
        "individual": FormRef(
            "Mẫu số 05", "Báo cáo thành tích đề nghị khen thưởng công trạng cho cá nhân", STATED
        ),
        "extraordinary": FormRef("Mẫu số 06", "Báo cáo thành tích đề nghị khen thưởng đột xuất", INFERRED),
    },
}
# Awards whose report has a form of its own in a regime that gives one.
OWN_FORM = {GOVERNMENT_FLAG: "government_flag", "cstd_tq": "national_fighter"}
# Fighter titles: their dossier carries the certificate or confirmation of the person's initiative
# or research (Law 06/2022 Art 84.1.d; the 2019 regime required the initiative for them too).
FIGHTER_TITLES = {"cstdcs", "cstd_tinh", "cstd_tq"}
CONFIRM_CENTRAL = "Xác nhận của cấp trình khen thưởng"


def regime_of(proposal) -> str:
    """The regime of the proposal's forms: that of the rule pack judging it (``pack_code``, set
    when its eligibility was checked; else the pack in force on 31/12 of its year)."""
    pack = RulePack.objects.filter(code=proposal.pack_code).first() if proposal.pack_code else None
    if pack is None:
        try:
            pack = pack_for_year(proposal.year)
        except ValidationError:
            pack = None
    start = pack.effective_from if pack is not None else dt.date(proposal.year, 12, 31)
    return next(regime for first, regime in REGIME_FROM if start >= first)


def report_kind(proposal) -> str:
    """Which report the proposal needs: its award's own form, the extraordinary one, else the
    collective's or the individual's."""
    regime = REPORT_FORMS[regime_of(proposal)]
    own = OWN_FORM.get(proposal.award.code)
    if own and own in regime:
        return own
    if proposal.ground == "extraordinary" and "extraordinary" in regime:
        return "extraordinary"
    return "collective" if proposal.is_collective else "individual"


def report_form(proposal) -> FormRef:
    return REPORT_FORMS[regime_of(proposal)][report_kind(proposal)]


def _issuer(proposal) -> tuple[str, str]:
    bloc = proposal.bloc_year.bloc
    return (bloc.organiser or "UBND TỈNH").upper(), bloc.name.upper()


def _place() -> str:
    name = settings.THIDUA_PROVINCE_NAME
    return name.removeprefix("tỉnh ").removeprefix("Tỉnh ")


def _head_of(by, unit) -> str:
    """The head of ``unit`` as the bloc year records it (blank when not recorded)."""
    if unit is None:
        return ""
    member = by.members.filter(unit=unit).first()
    return member.head_name if member else ""


def person_name(text: str) -> str:
    """ "Name – position" as the conference records it: a signature shows the name only."""
    return (text or "").split("–")[0].strip()


def bloc_signer(by) -> Signer:
    """The bloc's signature, worded the same on every document it issues: "TM. <the bloc's full
    name>", "Trưởng khối" and the head of the leading unit (never a unit's name in its place)."""
    head = _head_of(by, by.effective_leader)
    if not head:
        # The head of the leading unit chairs the conference: its minutes name him.
        conference = getattr(by, "conference", None)
        head = person_name(conference.chair_name) if conference is not None else ""
    return Signer(prefix="TM.", authority=by.bloc.name, title="Trưởng khối", name=head)


# Kept for callers that still speak of the private name.
_bloc_signer = bloc_signer


def _signer(proposal) -> Signer:
    return bloc_signer(proposal.bloc_year)


def _share(yes, base) -> str:
    return format_percent(100 * yes / base) if base and yes is not None else ""


def _vote_text(proposal) -> str:
    """ "6/8 phiếu tán thành, đạt 75%": no brackets, so that it can sit inside a parenthesis."""
    if proposal.vote_yes is None or not proposal.vote_base:
        return "chưa có kết quả biểu quyết"
    share = _share(proposal.vote_yes, proposal.vote_base)
    return f"{proposal.vote_yes}/{proposal.vote_base} phiếu tán thành, đạt {share}"


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


def letter_symbol(bloc) -> str:
    """The ký hiệu of the bloc's Tờ trình (Decree 30 Appendix III: TTr)."""
    return f"TTr-{bloc.code}"


def letter_reference(bloc_year, *, date) -> str:
    """How the list and the other papers cite the Tờ trình: its number is given by the bloc's
    clerk when it is issued, so it is left blank before the symbol."""
    when = f"ngày {date:%d/%m/%Y}" if date else "ngày      "
    return f"Tờ trình số      /{letter_symbol(bloc_year.bloc)} {when} của {bloc_year.bloc.name}"


def _subject_blocks(index: int, proposal) -> list[Paragraph]:
    """One subject of the Tờ trình: award, reason, vote, and where the law asks for it, the
    Government-flag sentence and the ground with its justification."""
    return [
        Paragraph(
            f"{index}. {proposal.subject_name}: đề nghị tặng {proposal.award.name} {_reason(proposal)}; "
            f"kết quả biểu quyết tại Hội nghị: {_vote_text(proposal)}."
        ),
        *_gov_flag_sentence(proposal),
        *_ground_blocks(proposal),
    ]


def bloc_letter_spec(bloc_year, *, date, proposals) -> OfficialDocument:
    """The bloc's ONE Tờ trình for its whole list of proposals of the year (not one letter per
    subject): the subjects in the list's order, then the papers attached."""
    bloc = bloc_year.bloc
    ordered = ordered_subjects([p for p in proposals if p.is_collective]) + ordered_subjects(
        [p for p in proposals if not p.is_collective]
    )
    collectives = sum(1 for p in ordered if p.is_collective)
    people = len(ordered) - collectives
    awards = list(dict.fromkeys(p.award.name for p in ordered))
    blocks: list = [
        Paragraph("Kính gửi: Hội đồng Thi đua – Khen thưởng tỉnh", style="center_bold"),
        Paragraph(
            f"Căn cứ Luật Thi đua, khen thưởng và các văn bản hướng dẫn thi hành; căn cứ kết quả bình xét tại "
            f"Hội nghị tổng kết công tác thi đua năm {bloc_year.year} của {bloc.name}, {bloc.name} kính đề "
            f"nghị Hội đồng Thi đua – Khen thưởng tỉnh xem xét, trình cấp có thẩm quyền khen thưởng cho "
            f"{collectives} tập thể và {people} cá nhân ({'; '.join(awards) or 'không có'}), cụ thể như sau:"
        ),
    ]
    for i, p in enumerate(ordered, start=1):
        blocks += _subject_blocks(i, p)
    attached = [
        "danh sách tập thể, cá nhân đề nghị khen thưởng",
        "báo cáo thành tích của từng tập thể, cá nhân",
        "biên bản bình xét kèm kết quả biểu quyết",
    ]
    if any(p.award.code in FIGHTER_TITLES for p in ordered):
        attached.append(
            "chứng nhận, xác nhận sáng kiến, đề tài nghiên cứu của cá nhân đề nghị danh hiệu chiến sĩ thi đua"
        )
    blocks.append(Paragraph("Hồ sơ kèm theo: " + "; ".join(attached) + "."))
    blocks.append(
        Paragraph(f"{bloc.name} kính trình Hội đồng Thi đua – Khen thưởng tỉnh xem xét, quyết định./.")
    )
    return OfficialDocument(
        issuer_parent=(bloc.organiser or "UBND TỈNH").upper(),
        issuer=bloc.name.upper(),
        symbol=letter_symbol(bloc),
        place=_place(),
        date=date,
        title="Tờ trình",
        subtitle=f"Về việc đề nghị khen thưởng năm {bloc_year.year}",
        blocks=blocks,
        recipients=["Như trên", "Phòng Thi đua – Khen thưởng, Sở Nội vụ"],
        archive="Khối",
        signers=[bloc_signer(bloc_year)],
    )


def letter_spec(proposal, *, date, proposals=None) -> OfficialDocument:
    """The Tờ trình in a proposal's dossier: the bloc's one letter for the whole list."""
    return bloc_letter_spec(proposal.bloc_year, date=date, proposals=list(proposals or [proposal]))


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

    # Awards in force only (a revoked one is no longer held, Law 06/2022 Art 93.2), and never the
    # award this dossier proposes (once decided, it is in the history for the same year).
    qs = AwardRecord.objects.in_force().filter(
        year__gte=proposal.year - HISTORY_YEARS, year__lte=proposal.year
    )
    qs = (
        qs.filter(unit_id=proposal.unit_id)
        if proposal.is_collective
        else qs.filter(person_id=proposal.person_id)
    ).exclude(award_id=proposal.award_id, year=proposal.year)
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


def initiatives_of(proposal) -> list:
    """The person's recognised initiatives up to the proposal's year (newest first)."""
    if proposal.is_collective:
        return []
    return list(
        Initiative.objects.filter(person_id=proposal.person_id, year__lte=proposal.year).order_by(
            "-year", "id"
        )
    )


def needs_initiatives(proposal) -> bool:
    return not proposal.is_collective and proposal.award.code in FIGHTER_TITLES


def _initiative_blocks(proposal) -> list:
    """For a fighter title, the attached certificates or confirmations of the person's initiatives
    or research (Law 06/2022 Art 84.1.d), from the award history's initiative records."""
    if not needs_initiatives(proposal):
        return []
    rows = [
        [
            str(i.year),
            i.title,
            i.get_scope_display(),
            f"Số {i.decision_number}" if i.decision_number else "Chưa ghi",
        ]
        for i in initiatives_of(proposal)
    ]
    return [
        Paragraph(
            "IV. TÀI LIỆU KÈM THEO: CHỨNG NHẬN, XÁC NHẬN SÁNG KIẾN, ĐỀ TÀI NGHIÊN CỨU", style="heading"
        ),
        Paragraph(f"Căn cứ: {ART_84_D}.", style="italic"),
        Table(
            headers=["Năm", "Tên sáng kiến, đề tài", "Phạm vi ảnh hưởng", "Quyết định công nhận"],
            rows=rows or [["", "Chưa có sáng kiến, đề tài nào được ghi nhận", "", ""]],
            widths_mm=[16, 80, 30, 34],
            align=["center", "left", "left", "left"],
        ),
    ]


def provincial_chairman() -> str:
    """The provincial chairman's name as the latest decision he signed records it (blank when
    none is recorded)."""
    last = (
        Decision.objects.filter(authority="provincial_chairman", signer_title__icontains="Chủ tịch")
        .order_by("-date", "-id")
        .first()
    )
    return last.signer_name if last else ""


def _central_confirmation() -> Signer:
    """A central award's report is confirmed by the level that submits it: the province."""
    province = settings.THIDUA_PROVINCE_NAME
    return Signer(title=f"{CONFIRM_CENTRAL}\nChủ tịch Ủy ban nhân dân {province}", name=provincial_chairman())


def _report_blocks(proposal) -> list:
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
            continue  # the individual's form prints the personal details instead of a section I
        if heading:
            blocks.append(Paragraph(heading, style="heading"))
        blocks += [Paragraph(line) for line in lines]
    if not history_done:
        blocks += _history_blocks(proposal)
    return blocks + _initiative_blocks(proposal)


def report_spec(proposal, *, date) -> OfficialDocument:
    """The achievement report on the form of the decree in force for the proposal
    (``REPORT_FORMS``). A collective's report is issued by the unit under its parent body
    ("Số: …/BC-<unit>"), signed by its head and confirmed by the bloc; an individual's has no
    issuer, is signed by the person and confirmed by the head of unit. A central award's report
    (decided by the Prime Minister or the President) is confirmed by the level that submits it,
    the province. Sections I–II come from the edited text, section III from history, and for a
    fighter title section IV lists the initiatives attached."""
    form = report_form(proposal)
    blocks = _report_blocks(proposal)
    subtitle = f"Đề nghị tặng {proposal.award.name} năm {proposal.year}"
    central = proposal.award.authority in CENTRAL_AUTHORITIES
    by = proposal.bloc_year
    if proposal.is_collective:
        unit = proposal.unit
        confirmation = (
            _central_confirmation()
            if central
            else Signer(**{**vars(bloc_signer(by)), "note": "Xác nhận, đề nghị khen thưởng"})
        )
        return OfficialDocument(
            issuer_parent=(unit.parent_body or "").upper(),
            issuer=proposal.subject_name.upper(),
            symbol=f"BC-{unit.code}",
            form_label=form.number,
            place=_place(),
            date=date,
            title="Báo cáo thành tích",
            subtitle=subtitle,
            blocks=[Paragraph(proposal.subject_name, style="center_bold"), *blocks],
            recipients=[],
            countersigner=confirmation,
            signers=[Signer(title="Thủ trưởng đơn vị", name=_head_of(by, unit))],
        )
    person = proposal.person
    confirmation = (
        _central_confirmation()
        if central
        else Signer(title="Thủ trưởng đơn vị xác nhận, đề nghị", name=_head_of(by, person.unit))
    )
    return OfficialDocument(
        issuer="",
        show_issuer=False,
        form_label=form.number,
        place=_place(),
        date=date,
        title="Báo cáo thành tích",
        subtitle=subtitle,
        blocks=blocks,
        recipients=[],
        countersigner=confirmation,
        signers=[Signer(title="Người báo cáo thành tích", name=person.full_name)],
    )


def _opening(by, conference) -> list:
    """Time and place, who chaired and who kept the minutes, attendance and the quorum."""
    if conference is None:
        return [Paragraph(f"Hội nghị tổng kết công tác thi đua năm {by.year} của {by.bloc.name}.")]
    starts = f"{conference.starts_at:%H} giờ {conference.starts_at:%M}, " if conference.starts_at else ""
    venue = conference.venue or (
        conference.venue_unit.name_in_year(by.year) if getattr(conference, "venue_unit", None) else ""
    )
    blocks = [
        Paragraph(
            f"Hội nghị tổng kết công tác thi đua năm {by.year} của {by.bloc.name} họp vào lúc {starts}"
            f"ngày {conference.held_on:%d/%m/%Y}" + (f", tại {venue}." if venue else ".")
        ),
        Paragraph(
            f"Chủ trì: {conference.chair_name or bloc_signer(by).name}. "
            f"Thư ký: {conference.secretary_name or 'thư ký khối'}."
        ),
    ]
    rows = attendance_of(conference)
    if rows:
        present = [r for r in rows if r.present]
        quorum = "đủ" if 2 * len(present) > len(rows) else "không đủ"
        line = (
            f"Thành phần: có mặt {len(present)}/{len(rows)} đơn vị thành viên "
            f"({format_percent(100 * len(present) / len(rows))}), {quorum} điều kiện để bình xét, biểu quyết"
        )
        absent = [r.unit.name_in_year(by.year) for r in rows if not r.present]
        blocks.append(Paragraph(line + (f"; vắng: {'; '.join(absent)}." if absent else ".")))
    return blocks


def _closing(conference) -> Paragraph:
    """ "Hội nghị kết thúc lúc … giờ … cùng ngày": the last ballot's close when it is recorded."""
    ends = None
    if conference is not None:
        last = conference.ballots.filter(closed_at__isnull=False).order_by("-closed_at").first()
        ends = timezone.localtime(last.closed_at) if last else None
    if ends is not None and ends.date() == conference.held_on:
        return Paragraph(
            f"Hội nghị kết thúc lúc {ends:%H} giờ {ends:%M} cùng ngày; biên bản đã được đọc lại cho hội nghị "
            "nghe và thông qua."
        )
    return Paragraph(
        "Hội nghị kết thúc lúc …… giờ …… cùng ngày; biên bản đã được đọc lại cho hội nghị nghe và thông qua."
    )


def minutes_spec(proposal, *, date) -> OfficialDocument:
    """The review minutes: time and place, chair, secretary and attendance, the vote table, the
    resolution, the close; the secretary signs on the left and the chair on the right."""
    parent, issuer = _issuer(proposal)
    by = proposal.bloc_year
    rows = []
    if proposal.outcome_id:
        for i, o in enumerate(
            [o for o in outcomes_for_year(bloc_year=by) if o.kind == proposal.outcome.kind], start=1
        ):
            rows.append(
                [str(i), o.unit.name_in_year(by.year), f"{o.votes}/{o.base}", _share(o.votes, o.base)]
            )
    elif proposal.vote_yes is not None:
        rows.append(
            [
                "1",
                proposal.subject_name,
                f"{proposal.vote_yes}/{proposal.vote_base}",
                _share(proposal.vote_yes, proposal.vote_base),
            ]
        )
    conference = getattr(by, "conference", None)
    note = f"; {proposal.vote_note}" if proposal.vote_note else ""
    chair = bloc_signer(by)
    if conference is not None and conference.chair_name:
        chair.name = person_name(conference.chair_name)
    return OfficialDocument(
        issuer_parent=parent,
        issuer=issuer,
        symbol=f"BB-{by.bloc.code}",
        place=_place(),
        date=conference.held_on if conference else date,
        title="Biên bản",
        subtitle=f"Bình xét, suy tôn đề nghị khen thưởng năm {proposal.year}",
        blocks=[
            *_opening(by, conference),
            Paragraph(
                f"Hội nghị đã bình xét, bỏ phiếu đề nghị tặng {proposal.award.name}. Kết quả biểu quyết:"
            ),
            Table(
                headers=["TT", "Đơn vị, cá nhân", "Số phiếu", "Tỉ lệ"],
                rows=rows or [["", "Chưa có kết quả biểu quyết", "", ""]],
                widths_mm=[12, 105, 25, 23],
                align=["center", "left", "center", "center"],
            ),
            Paragraph(
                f"Hội nghị thống nhất đề nghị tặng {proposal.award.name} cho {proposal.subject_name} "
                f"({_vote_text(proposal)}{note})."
            ),
            _closing(conference),
        ],
        recipients=["Hội đồng Thi đua – Khen thưởng tỉnh"],
        archive="Khối",
        signers=[
            Signer(
                title="Thư ký hội nghị", name=person_name(conference.secretary_name) if conference else ""
            ),
            chair,
        ],
    )


def ordered_subjects(proposals) -> list:
    """Highest award first, then by name in Vietnamese order."""

    return sorted(proposals, key=lambda p: (-p.award.rank, p.award.name, sort_key(p.subject_name)))


def _vote_cell(p) -> str:
    return (
        f"{p.vote_yes}/{p.vote_base} ({_share(p.vote_yes, p.vote_base)})"
        if p.vote_base and p.vote_yes is not None
        else ""
    )


def bloc_list_spec(bloc_year, *, date, proposals) -> OfficialDocument:
    """The list of collectives and individuals the bloc proposes for the year (one document for
    the bloc year; each proposal's dossier carries the same list)."""
    bloc = bloc_year.bloc
    collectives = ordered_subjects([p for p in proposals if p.is_collective])
    people = ordered_subjects([p for p in proposals if not p.is_collective])
    # An attachment of the bloc's Tờ trình (Decree 30): no number or date of its own, the letter's
    # reference under its title instead ("Danh sách" is no Appendix III document type).
    blocks: list = [Paragraph(f"I. TẬP THỂ ({len(collectives)})", style="heading")]
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
        place=_place(),
        date=date,
        title="Danh sách",
        subtitle=f"Tập thể, cá nhân đề nghị khen thưởng năm {bloc_year.year}",
        issued_with=f"Kèm theo {letter_reference(bloc_year, date=date)}",
        blocks=blocks,
        recipients=["Hội đồng Thi đua – Khen thưởng tỉnh"],
        archive="Khối",
        signers=[bloc_signer(bloc_year)],
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
    # The bloc's one Tờ trình lists all its proposals: one proposed after this dossier was made is
    # missing from its letter and list, which must be made again.
    newer = fresh and (
        Proposal.objects.filter(
            bloc_year_id=proposal.bloc_year_id, created_at__gt=proposal.dossier_generated_at
        )
        .exclude(status=ProposalStatus.NOT_APPROVED)
        .exists()
    )
    items = [
        (
            DossierKind.LETTER,
            fresh and not newer and DossierKind.LETTER in documents,
            "Khối có đề nghị mới sau khi lập hồ sơ: lập lại hồ sơ để Tờ trình và danh sách gồm cả đề nghị đó."
            if newer
            else "Chưa lập tờ trình.",
        ),
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
    rows = [
        {
            "kind": kind.value,
            "label": str(kind.label),
            "ok": bool(ok),
            "missing": "" if ok else why,
            "article": article,
        }
        for kind, ok, why in items
    ]
    if needs_initiatives(proposal):
        rows.append(initiative_item(proposal, article=article))
    return rows


INITIATIVES_KIND = "initiatives"


def initiative_item(proposal, *, article: str) -> dict:
    """A fighter title's dossier carries the certificate or confirmation of the person's initiative
    or research (Law 06/2022 Art 84.1.d): listed in the report from the initiative records;
    flagged when none is recorded."""
    found = initiatives_of(proposal)
    return {
        "kind": INITIATIVES_KIND,
        "label": f"Chứng nhận, xác nhận sáng kiến, đề tài nghiên cứu ({len(found)} sáng kiến đã ghi nhận)",
        "ok": bool(found),
        "missing": ""
        if found
        else (
            f"Chưa ghi nhận sáng kiến, đề tài nào của {proposal.person.full_name} đến năm {proposal.year}: hồ sơ "
            "danh hiệu chiến sĩ thi đua cần chứng nhận hoặc xác nhận sáng kiến (ghi sáng kiến vào lịch sử "
            "khen thưởng rồi lập lại hồ sơ)."
        ),
        "article": ART_84_D if proposal.year >= 2024 else article,
    }


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
        total = format_points(row.final_score)
        lines.append(
            f"Kết quả chấm điểm thi đua năm {by.year}: {total} điểm, xếp thứ {row.rank} trong khối"
            + (f", xếp loại {row.classification_label or row.classification}." if row.classification else ".")
        )
        lead = leader_of(by)
        if lead is not None and lead.unit_id == unit.pk:
            # The unit that led the emulation (ranking, then the vote), not the rotating chair. The
            # basis carries its own brackets: introduced by a colon, never bracketed again.
            lines.append(f"Đơn vị dẫn đầu {by.bloc.name} năm {by.year}: {lead.basis}.")
    movements = [m for m in movements_of(by) if m.unit_id == unit.pk]
    for m in movements:
        lines.append(f"Phong trào thi đua “{m.title}”.")
    if proposal.led_bloc:
        lines.append(f"Dẫn đầu {proposal.led_bloc} năm {proposal.year}.")
    # Section III (awards received) is printed from the award history when the dossier is made.
    return "\n".join(lines)
