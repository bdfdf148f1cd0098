"""The bloc year's official documents (Decree 30/2020 layout) built through thidua.documents:
the emulation agreement, the operating regulations and the rubric table (Word and Excel).

Ký hiệu (Decree 30, Appendix III, then the issuer's abbreviation, the bloc's code): the agreement
is a "bản thỏa thuận" among the member units (TTh), the regulations a "quy chế" issued with the
bloc leader's decision (QC, numbered by the decision: "QĐ"), the rubric a "hướng dẫn" on scoring
(HD). The bloc signs everywhere as "TM. <bloc's full name>" (``bloc_signer``)."""

from __future__ import annotations

import re

from django.conf import settings

from thidua.core.errors import ValidationError
from thidua.cycles import selectors
from thidua.cycles.rubric_excel import export_sheets
from thidua.cycles.services._common import require_manager
from thidua.cycles.services.rubric import rubric_rows
from thidua.documents import services as documents
from thidua.documents.spec import (
    OfficialDocument,
    Paragraph,
    Signer,
    Table,
    format_percent,
    format_points,
    missing_signer,
    place_and_date,
)
from thidua.organisations.bloc_settings import (
    AGGREGATIONS,
    APPROVAL_BASES,
    REVIEWER_MODES,
    TIE_BREAKS,
    get_settings,
)
from thidua.organisations.models import BlocYear

TEMPLATE_VERSION = "2"  # 2: Decree 30 rules of issue 14 (rules, ký hiệu, signatures)
KINDS = {
    "agreement": "Giao ước thi đua (Word)",
    "regulations": "Quy chế hoạt động (Word)",
    "rubric": "Bảng tiêu chí chấm điểm (Word)",
    "rubric_xlsx": "Bảng tiêu chí chấm điểm (Excel)",
}


def _issuer(bloc_year) -> tuple[str, str]:
    """(parent body, issuing body) of the top-left header: the organiser above the bloc."""
    return bloc_year.bloc.organiser or settings.THIDUA_ORGANISER, bloc_year.bloc.name


def _locality() -> str:
    """Decree 30: the place on a provincial body's document is the province's name."""
    name = settings.THIDUA_PROVINCE_NAME.strip()
    return name[5:].strip() if name.lower().startswith("tỉnh ") else name


def bloc_signer(bloc_year, title: str = "Trưởng khối") -> Signer:
    """The bloc's signature block, worded the same on every document of the bloc: "TM. <the
    bloc's full name>", the position, and the name of the head of the leading unit (blank when the
    year has none recorded: ``generate`` then refuses, naming what is missing)."""
    leader = bloc_year.effective_leader
    member = bloc_year.members.filter(unit=leader).first() if leader else None
    return Signer(
        prefix="TM.",
        authority=bloc_year.bloc.name,
        title=title,
        name=(member.head_name or "").strip() if member else "",
    )


def symbol(kind: str, bloc_year) -> str:
    """The ký hiệu of one of the bloc's documents: type abbreviation (Appendix III) and the bloc's
    code, e.g. "BB-KNC"."""
    return f"{kind}-{bloc_year.bloc.code}"


def _recipients(bloc_year, *others: str) -> list[str]:
    return [*others, f"Lưu: VT, {bloc_year.bloc.code}"]


def agreement_spec(bloc_year) -> OfficialDocument:
    agreement = selectors.agreement_of(bloc_year)
    contents = list(bloc_year.key_contents.order_by("position"))
    if not contents:
        raise ValidationError({"__all__": ["Giao ước chưa có nội dung trọng tâm nào."]})
    parent, issuer = _issuer(bloc_year)
    signed_on = agreement.signed_on if agreement else None
    place = agreement.signed_place if agreement else ""
    blocks = [
        Paragraph(
            agreement.preamble
            if agreement and agreement.preamble
            else f"Căn cứ Luật Thi đua, khen thưởng và quy chế hoạt động của {bloc_year.bloc.name}; "
            f"để thực hiện thắng lợi nhiệm vụ chính trị năm {bloc_year.year}, các đơn vị thành viên "
            "thống nhất ký kết giao ước thi đua với các nội dung trọng tâm sau:"
        ),
        Paragraph("I. CÁC NỘI DUNG TRỌNG TÂM", style="heading"),
    ]
    for content in contents:
        blocks.append(Paragraph(f"{content.position}. {content.title}"))
        if content.description:
            blocks.append(Paragraph(content.description, style="italic"))
    blocks += [
        Paragraph("II. TỔ CHỨC THỰC HIỆN", style="heading"),
        Paragraph(
            "Thủ trưởng các đơn vị thành viên có trách nhiệm quán triệt, tổ chức thực hiện giao ước; "
            "định kỳ báo cáo kết quả về đơn vị trưởng khối. Kết quả thực hiện giao ước là căn cứ chấm "
            f"điểm, xếp hạng thi đua năm {bloc_year.year} theo bộ tiêu chí của khối."
        ),
        Paragraph(
            f"Giao ước được ký kết tại {place or '…'}"
            + (f" ngày {signed_on:%d/%m/%Y}" if signed_on else "")
            + f", có hiệu lực trong năm {bloc_year.year}."
        ),
        Paragraph("ĐẠI DIỆN CÁC ĐƠN VỊ KÝ GIAO ƯỚC", style="center_bold"),
    ]
    rows = []
    for index, entry in enumerate(selectors.signatures_of(bloc_year), start=1):
        member = entry["member"]
        name = entry["unit"].name_in_year(bloc_year.year)
        head = member.head_name
        title = member.head_title
        rows.append([str(index), name, f"{title}\n{head}" if head else title, ""])
    blocks.append(
        Table(
            headers=["TT", "Đơn vị", "Thủ trưởng đơn vị", "Ký tên"],
            rows=rows,
            widths_mm=[12, 63, 55, 30],
            align=["center", "left", "center", "center"],
        )
    )
    return OfficialDocument(
        issuer_parent=parent,
        issuer=issuer,
        symbol=symbol("TTh", bloc_year),
        place=_locality(),
        date=signed_on,
        title="Giao ước thi đua",
        subtitle=f"năm {bloc_year.year}",
        blocks=blocks,
        recipients=_recipients(bloc_year, "Hội đồng Thi đua – Khen thưởng tỉnh", "Các đơn vị thành viên"),
        signers=[bloc_signer(bloc_year)],
    )


CHAPTER = re.compile(r"^chương\s+([IVXLC]+|\d+)\s*[.:\-–]?\s*(.*)$", re.IGNORECASE)
ARTICLE = re.compile(r"^điều\s+(\d+)\s*[.:]?\s*(.*)$", re.IGNORECASE)
ARTICLE_TITLE_MAX = 100


def regulation_blocks(text: str, title: str = "QUY CHẾ") -> list[Paragraph]:
    """The regulations' text as chapters ("Chương I" and its title, centred bold on lines of their
    own) and articles ("Điều n. Title" bold, then its body). A line "Điều n. …" whose rest is a
    short phrase is the article's title; a long sentence is the article's body under "Điều n."."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if lines and lines[0] == lines[0].upper() and lines[0].startswith(title):
        lines = lines[1:]  # the title typed at the top: the document prints its own
    blocks: list[Paragraph] = []
    for line in lines:
        chapter = CHAPTER.match(line)
        if chapter:
            number, name = chapter.groups()
            blocks.append(
                Paragraph(f"Chương {number.upper()}" + (f"\n{name.upper()}" if name else ""), "chapter")
            )
            continue
        article = ARTICLE.match(line)
        if article:
            number, rest = article.groups()
            rest = rest.strip()
            if rest and len(rest) <= ARTICLE_TITLE_MAX and not rest.endswith((".", ";", ":")):
                blocks.append(Paragraph(f"Điều {number}. {rest}", "article"))
            else:
                blocks.append(Paragraph(f"Điều {number}." + (f"\n{rest}" if rest else ""), "article"))
            continue
        style = "heading" if line.upper() == line and len(line) < 120 else "body"
        blocks.append(Paragraph(line, style=style))
    return blocks


def _decision_date(date) -> str:
    if date is None:
        return "ngày      tháng      năm     "
    return place_and_date("", date).lower()


def regulations_spec(bloc_year) -> OfficialDocument:
    """The regulations as a text issued with the bloc's decision (Decree 30, Appendix I, form 1.4):
    "(Ban hành kèm theo Quyết định số …/QĐ-<bloc> ngày … của <bloc>)" under the title; chapters
    and articles; the settings the bloc chose in an appendix table."""
    regs = selectors.regulations_of(bloc_year)
    cfg = get_settings(bloc_year)
    parent, issuer = _issuer(bloc_year)
    agreement = selectors.agreement_of(bloc_year)
    decided_on = agreement.signed_on if agreement else None
    blocks: list = []
    text = regs.text if regs else ""
    if text.strip():
        blocks += regulation_blocks(text)
    elif regs and regs.file:
        blocks.append(Paragraph(f"Toàn văn quy chế kèm theo tệp “{regs.file_name}”.", style="italic"))
    blocks.append(Paragraph("PHỤ LỤC: CÁC THIẾT LẬP CHẤM ĐIỂM, BÌNH XÉT", style="heading"))
    bands = "; ".join(
        f"{b.label}: từ {format_points(b.min_total)} điểm, mỗi tiêu chí đạt từ "
        f"{format_percent(b.min_each_ratio * 100)} điểm tối đa"
        for b in cfg.bands
    )
    rows = [
        ["Tổng điểm chấm", format_points(cfg.scoring_total)],
        ["Cách chấm", REVIEWER_MODES[cfg.reviewer_mode]],
        ["Tổng hợp điểm nhiều người chấm", AGGREGATIONS[cfg.aggregation]],
        ["Xếp loại", bands],
        [
            "Thứ tự phân định khi bằng điểm",
            "; ".join(f"{i}. {TIE_BREAKS[t]}" for i, t in enumerate(cfg.tie_break, 1)),
        ],
        ["Hình thức bỏ phiếu", "Bỏ phiếu kín" if cfg.ballot_secret else "Biểu quyết công khai"],
        ["Số thành viên tối thiểu dự họp", f"{cfg.quorum} tổng số thành viên"],
        [
            "Tỉ lệ tán thành",
            f"{'trên' if cfg.approval_strict else 'từ'} {cfg.approval_ratio} "
            f"{APPROVAL_BASES[cfg.approval_base]}",
        ],
        ["Số Cờ thi đua cấp tỉnh được đề nghị", str(cfg.provincial_flags)],
    ]
    blocks.append(Table(headers=["Nội dung", "Quy định"], rows=rows, widths_mm=[55, 105]))
    return OfficialDocument(
        issuer_parent=parent,
        issuer=issuer,
        place=_locality(),
        date=decided_on,
        title="Quy chế",
        subtitle=f"Hoạt động của {bloc_year.bloc.name} năm {bloc_year.year}",
        issued_with=(
            f"Ban hành kèm theo Quyết định số      /{symbol('QĐ', bloc_year)} {_decision_date(decided_on)} "
            f"của {bloc_year.bloc.name}"
        ),
        blocks=blocks,
        signers=[bloc_signer(bloc_year)],
    )


def rubric_spec(bloc_year, rubric) -> OfficialDocument:
    items = selectors.rubric_items(rubric)
    if not items:
        raise ValidationError({"__all__": ["Bộ tiêu chí chưa có mục nào."]})
    parent, issuer = _issuer(bloc_year)
    rows, bold = [], []
    for item in items:
        points = format_points(item.max_points)
        if item.kind == "bonus":
            points = f"+{points}"
        elif item.kind == "deduction":
            points = f"−{points}"
        title = item.title
        if item.guidance:
            title += f"\n{item.guidance}"
        if item.evidence_required:
            title += "\n(Bắt buộc có minh chứng)"
        if item.kind in ("group", "bonus", "deduction") or item.has_children:
            bold.append(len(rows))
        contents = ", ".join(str(k.position) for k in item.key_contents.all())
        rows.append([item.code, title, points, contents])
    rows.append(["", "TỔNG ĐIỂM", format_points(rubric.total), ""])
    bold.append(len(rows) - 1)
    blocks = []
    if rubric.version > 1:
        blocks.append(
            Paragraph(f"Sửa đổi lần {rubric.version - 1}. Lý do: {rubric.amendment_reason}", style="italic")
        )
    blocks.append(
        Table(
            headers=["Mã", "Tiêu chí, hướng dẫn chấm", "Điểm tối đa", "Nội dung giao ước"],
            rows=rows,
            widths_mm=[16, 99, 22, 23],
            align=["center", "left", "center", "center"],
            bold_rows=bold,
        )
    )
    blocks.append(
        Paragraph(
            "Điểm cộng, điểm trừ ghi mức trần; điểm cuối cùng = tổng điểm các tiêu chí "
            "+ điểm cộng − điểm trừ, mỗi khoản không vượt mức trần.",
            style="italic",
        )
    )
    agreement = selectors.agreement_of(bloc_year)
    return OfficialDocument(
        issuer_parent=parent,
        issuer=issuer,
        symbol=symbol("HD", bloc_year),
        place=_locality(),
        date=agreement.signed_on if agreement else None,
        title="Hướng dẫn",
        subtitle=f"Chấm điểm thi đua năm {bloc_year.year} theo bảng tiêu chí (phiên bản {rubric.version})",
        blocks=blocks,
        recipients=_recipients(bloc_year, "Các đơn vị thành viên"),
        signers=[bloc_signer(bloc_year)],
    )


def generate(*, actor, bloc_year, kind: str, pdf: bool = False):
    """Generate one of the year's documents for download. Any member of the year may generate
    (reading is all it takes). With ``pdf`` a Word document is converted through LibreOffice;
    without LibreOffice that is refused with a clear message."""
    document = _generate(actor=actor, bloc_year=bloc_year, kind=kind)
    if not pdf:
        return document
    if document.file_format != "docx" or not documents.pdf_available():
        raise ValidationError({"__all__": ["Máy chủ chưa cài LibreOffice nên chưa xuất được PDF."]})
    return documents.generate_pdf(actor=actor, document=document)


def _named(spec: OfficialDocument, bloc_year) -> OfficialDocument:
    """A final document names its signer: refused, saying who is missing, rather than a blank."""
    if missing_signer(spec):
        raise ValidationError(
            {
                "__all__": [
                    f"Chưa có họ tên người ký ({', '.join(missing_signer(spec))}) của {bloc_year.bloc.name} "
                    f"năm {bloc_year.year}: cập nhật họ tên thủ trưởng đơn vị trưởng khối trước khi xuất văn bản."
                ]
            }
        )
    return spec


def _generate(*, actor, bloc_year, kind: str):

    if kind not in KINDS:
        raise ValidationError({"kind": ["Loại văn bản không hợp lệ."]})
    if not BlocYear.objects.visible_to(actor).filter(pk=bloc_year.pk).exists():
        require_manager(actor, bloc_year)
    stamp = f"{bloc_year.bloc.code}-{bloc_year.year}"
    if kind == "agreement":
        spec = _named(agreement_spec(bloc_year), bloc_year)
        return documents.generate_docx(
            actor=actor,
            owner=bloc_year,
            kind="cycles.agreement",
            spec=spec,
            template_version=TEMPLATE_VERSION,
            file_name=f"Giao uoc thi dua {stamp}",
        )
    if kind == "regulations":
        spec = _named(regulations_spec(bloc_year), bloc_year)
        return documents.generate_docx(
            actor=actor,
            owner=bloc_year,
            kind="cycles.regulations",
            spec=spec,
            template_version=TEMPLATE_VERSION,
            file_name=f"Quy che hoat dong {stamp}",
        )
    rubric = selectors.current_rubric(bloc_year) or selectors.working_rubric(bloc_year)
    if rubric is None:
        raise ValidationError({"__all__": ["Chưa có bộ tiêu chí chấm điểm."]})
    name = f"Tieu chi cham diem {stamp} v{rubric.version}"
    if kind == "rubric":
        return documents.generate_docx(
            actor=actor,
            owner=bloc_year,
            kind="cycles.rubric",
            spec=_named(rubric_spec(bloc_year, rubric), bloc_year),
            template_version=TEMPLATE_VERSION,
            file_name=name,
        )

    return documents.generate_xlsx(
        actor=actor,
        owner=bloc_year,
        kind="cycles.rubric_xlsx",
        title=f"Bảng tiêu chí {bloc_year} v{rubric.version}",
        sheets=export_sheets(rubric, rubric_rows(rubric)),
        template_version=TEMPLATE_VERSION,
        file_name=name,
    )
