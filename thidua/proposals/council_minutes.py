"""The minutes of a Council e-vote session (biên bản họp Hội đồng Thi đua – Khen thưởng tỉnh) in
the layout of Decree 30/2020, as a document spec for the documents service: the ballot form, the
members present against the quorum, then per proposal the counts, the share of all members, the
ratio needed and the result. Members' names next to their votes only in an open session."""

from __future__ import annotations

from fractions import Fraction

from django.conf import settings
from django.utils import timezone

from thidua.core.text import sort_key
from thidua.documents.spec import OfficialDocument, Paragraph, Signer, Table
from thidua.proposals.choices import CouncilChoice
from thidua.proposals.models import CouncilParticipation, CouncilSession
from thidua.proposals.rules import DEFAULT_COUNCIL_RATIO, council_threshold


def _percent(part: int, whole: int) -> str:
    if not whole:
        return ""
    return f"{100 * part / whole:.1f}%".replace(".", ",")


def _ratio_text(ratio: str) -> str:
    if ratio == DEFAULT_COUNCIL_RATIO:
        return "quá 1/2"
    share = Fraction(ratio)
    return f"từ {ratio} ({_percent(share.numerator, share.denominator)}) trở lên"


def _result_text(session: CouncilSession, item) -> str:
    if not session.quorum_met:
        return "Không xét (không đủ số thành viên có mặt)"
    if item.blocked:
        return "Không xét (đang có vụ việc chưa giải quyết)"
    return "Thông qua" if item.passed else "Không thông qua"


def minutes_spec(session: CouncilSession) -> OfficialDocument:
    members = sorted(session.members.select_related("user"), key=lambda m: sort_key(str(m)))
    present = [m for m in members if m.present]
    absent = [m for m in members if not m.present]
    items = list(
        session.items.select_related(
            "proposal__award", "proposal__unit", "proposal__person__unit", "proposal__bloc_year__bloc"
        ).order_by("position", "id")
    )
    closed = timezone.localtime(session.closed_at) if session.closed_at else None
    form = "bỏ phiếu kín" if session.secret else "biểu quyết công khai"
    quorum = Fraction(session.quorum)
    present_count = session.present_count if session.present_count is not None else len(present)
    blocks: list = [
        Paragraph(
            f"Hội đồng Thi đua – Khen thưởng tỉnh họp xét các đề nghị khen thưởng năm {session.year} "
            f"(phiên “{session.title}”), biểu quyết điện tử trên ThiDua theo hình thức {form}"
            + (f"; phiên đóng lúc {closed:%H giờ %M ngày %d/%m/%Y}." if closed else ".")
        ),
        Paragraph(
            f"Tổng số thành viên Hội đồng: {session.members_total}. Số thành viên có mặt (đã điểm danh "
            f"hoặc đã biểu quyết): {present_count} ({_percent(present_count, session.members_total)}); "
            f"yêu cầu tối thiểu {session.quorum} ({_percent(quorum.numerator, quorum.denominator)}) tổng số "
            "thành viên: "
            + (
                "đủ điều kiện để biểu quyết."
                if session.quorum_met
                else "không đủ, các đề nghị chưa được xét."
            )
        ),
    ]
    if present:
        blocks.append(Paragraph("Thành viên có mặt: " + ", ".join(str(m) for m in present) + "."))
    if absent:
        blocks.append(Paragraph("Thành viên vắng mặt: " + ", ".join(str(m) for m in absent) + "."))
    rows = []
    for i, item in enumerate(items, start=1):
        p = item.proposal
        ratio, _article = council_threshold(award=p.award, year=p.year)
        rows.append(
            [
                str(i),
                p.subject_name,
                p.award.name,
                str(item.agree),
                str(item.disagree),
                str(session.members_total - item.agree - item.disagree),
                _percent(item.agree, session.members_total),
                _ratio_text(ratio),
                _result_text(session, item),
            ]
        )
    blocks.append(Paragraph("Kết quả biểu quyết (tỉ lệ đồng ý tính trên tổng số thành viên Hội đồng):"))
    blocks.append(
        Table(
            headers=[
                "TT",
                "Tập thể, cá nhân",
                "Hình thức",
                "Đồng ý",
                "Không đồng ý",
                "Không biểu quyết",
                "Tỉ lệ đồng ý",
                "Tỉ lệ cần đạt",
                "Kết quả",
            ],
            rows=rows,
            widths_mm=[9, 52, 38, 15, 17, 18, 17, 24, 25],
            align=["center", "left", "left", "center", "center", "center", "center", "center", "center"],
        )
    )
    if session.secret:
        blocks.append(
            Paragraph(
                "Phiếu kín: hệ thống chỉ lưu số phiếu của từng đề nghị và danh sách thành viên đã "
                "biểu quyết, không lưu thành viên nào chọn gì.",
                style="italic",
            )
        )
    else:
        votes = CouncilParticipation.objects.filter(item__session=session).select_related("member__user")
        by_item: dict[int, dict[str, list[str]]] = {}
        for v in votes.order_by("member__user__full_name", "member__user__username"):
            by_item.setdefault(v.item_id, {}).setdefault(v.choice, []).append(str(v.member))
        for by_choice in by_item.values():
            for listed in by_choice.values():
                listed.sort(key=sort_key)
        blocks.append(Paragraph("Biểu quyết của từng thành viên (biểu quyết công khai):", style="heading"))
        for i, item in enumerate(items, start=1):
            names = by_item.get(item.pk, {})
            agree = ", ".join(names.get(CouncilChoice.AGREE, [])) or "không có"
            disagree = ", ".join(names.get(CouncilChoice.DISAGREE, [])) or "không có"
            blocks.append(
                Paragraph(
                    f"{i}. {item.proposal.subject_name} – {item.proposal.award.name}: đồng ý: {agree}; "
                    f"không đồng ý: {disagree}."
                )
            )
    # Each ratio's own article, from the rule pack judging its year (never another regime's decree).
    articles = list(
        dict.fromkeys(council_threshold(award=i.proposal.award, year=i.proposal.year)[1] for i in items)
    )
    blocks.append(
        Paragraph(
            f"Căn cứ tỉ lệ: {'; '.join(a for a in articles if a) or 'quy chế Hội đồng TĐKT tỉnh'} (bộ quy tắc khen "
            "thưởng áp dụng cho từng hình thức); biên bản được lập từ kết quả biểu quyết lưu trên hệ thống."
        )
    )
    place = settings.THIDUA_PROVINCE_NAME.removeprefix("tỉnh ").removeprefix("Tỉnh ")
    return OfficialDocument(
        issuer_parent=f"UBND {settings.THIDUA_PROVINCE_NAME}".upper(),
        issuer="HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG",
        number="    /BB-HĐTĐKT",
        place=place,
        date=closed.date() if closed else None,
        title="Biên bản",
        subtitle=f"Họp Hội đồng Thi đua – Khen thưởng tỉnh xét đề nghị khen thưởng năm {session.year}",
        blocks=blocks,
        recipients=["Thành viên Hội đồng", "Lưu: VT, Phòng TĐKT"],
        signers=[
            Signer(title="Thư ký Hội đồng"),
            Signer(prefix="TM.", authority="Hội đồng Thi đua – Khen thưởng", title="Chủ tịch"),
        ],
        landscape=True,
    )
