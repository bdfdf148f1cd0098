"""The minutes of a Council e-vote session (biên bản họp Hội đồng Thi đua – Khen thưởng tỉnh) in
the layout of Decree 30/2020, as a document spec for the documents service: time and place, the
ballot form, the members present against the quorum, then per proposal the counts, the share of all
members, the ratio needed and the result, and the close ("kết thúc lúc … giờ … cùng ngày"). Members'
names next to their votes only in an open session. The secretary signs on the left, the chair on
the right, each named."""

from __future__ import annotations

from fractions import Fraction

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from thidua.accounts.choices import Role
from thidua.core.models import AuditEvent
from thidua.core.text import fold, sort_key
from thidua.documents.spec import OfficialDocument, Paragraph, Signer, Table, format_percent
from thidua.proposals.choices import CouncilChoice
from thidua.proposals.dossier import provincial_chairman
from thidua.proposals.models import CouncilParticipation, CouncilSession
from thidua.proposals.rules import DEFAULT_COUNCIL_RATIO, council_threshold

COUNCIL = "Hội đồng Thi đua – Khen thưởng"


def _percent(part: int, whole: int) -> str:
    return format_percent(100 * part / whole) if whole else ""


def _ratio_text(ratio: str) -> str:
    if ratio == DEFAULT_COUNCIL_RATIO:
        return "quá 1/2"
    share = Fraction(ratio)
    return f"từ {ratio}, tức {_percent(share.numerator, share.denominator)}, trở lên"


def _by_position(members, *words: str):
    """The first member whose position (chức vụ) names one of ``words`` (folded)."""
    for m in members:
        position = fold(getattr(m.user, "position", "") or "")
        if any(w in position for w in words):
            return m
    return None


def _name(user) -> str:
    return (getattr(user, "full_name", "") or "").strip() if user is not None else ""


def _office_secretary(session: CouncilSession) -> str:
    """The provincial emulation office keeps the Council's minutes: the officer who made the
    session, else the one who opened or closed it (audit trail), else the province's setting
    (``THIDUA_COUNCIL_SECRETARY_NAME``), else the office's first officer."""
    name = _name(session.created_by)
    if not name:
        event = (
            AuditEvent.objects.filter(
                object_type=CouncilSession._meta.label_lower,
                object_id=str(session.pk),
                action__in=["council_session.close", "council_session.open"],
            )
            .exclude(actor_name="")
            .order_by("-created_at")
            .first()
        )
        name = event.actor_name if event else ""
    name = name or getattr(settings, "THIDUA_COUNCIL_SECRETARY_NAME", "")
    if not name:
        officer = (
            get_user_model()
            .objects.filter(is_active=True, role_grants__role=Role.PROVINCIAL_OFFICER)
            .order_by("pk")
            .first()
        )
        name = _name(officer)
    return name


def signers_of(session: CouncilSession, members) -> list[Signer]:
    """[secretary, chair], each named: the chair is the member whose position says "Chủ tịch",
    else the one the province configures (``THIDUA_COUNCIL_CHAIR_NAME``), else the provincial
    chairman, who chairs the provincial Council, as his latest decision records him; the secretary
    the member whose position says "Thư ký", else the office's officer (``_office_secretary``)."""
    chair = _by_position(members, "chu tich")
    secretary = _by_position([m for m in members if m is not chair], "thu ky")
    chair_name = (
        _name(chair.user)
        if chair
        else getattr(settings, "THIDUA_COUNCIL_CHAIR_NAME", "") or provincial_chairman()
    )
    secretary_name = _name(secretary.user) if secretary else _office_secretary(session)
    return [
        Signer(title="Thư ký Hội đồng", name=secretary_name),
        Signer(prefix="TM.", authority=COUNCIL, title="Chủ tịch", name=chair_name),
    ]


def _time_and_place(session: CouncilSession, form: str) -> list[Paragraph]:
    opened = timezone.localtime(session.opened_at) if session.opened_at else None
    start = f"{opened:%H} giờ {opened:%M} ngày {opened:%d/%m/%Y}" if opened else "khi mở phiên"
    return [
        Paragraph(f"Thời gian: bắt đầu lúc {start}."),
        Paragraph(
            f"Địa điểm, hình thức: họp xét trên hệ thống ThiDua, biểu quyết điện tử theo hình thức {form} "
            f"(phiên “{session.title}”)."
        ),
    ]


def _close(session: CouncilSession) -> Paragraph:
    opened = timezone.localtime(session.opened_at) if session.opened_at else None
    closed = timezone.localtime(session.closed_at) if session.closed_at else None
    if closed is None:
        return Paragraph("Phiên biểu quyết chưa kết thúc.")
    when = f"{closed:%H} giờ {closed:%M}"
    day = "cùng ngày" if opened is not None and opened.date() == closed.date() else f"ngày {closed:%d/%m/%Y}"
    return Paragraph(
        f"Phiên họp kết thúc lúc {when} {day}; biên bản được lập từ kết quả biểu quyết lưu trên hệ thống."
    )


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
        Paragraph(f"Hội đồng Thi đua – Khen thưởng tỉnh họp xét các đề nghị khen thưởng năm {session.year}."),
        *_time_and_place(session, form),
        Paragraph(
            f"Thành phần: tổng số thành viên Hội đồng: {session.members_total}. Số thành viên có mặt, đã "
            f"điểm danh hoặc đã biểu quyết: {present_count}, đạt {_percent(present_count, session.members_total)}; "
            f"yêu cầu tối thiểu {session.quorum}, tức {_percent(quorum.numerator, quorum.denominator)} tổng số "
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
            f"Căn cứ tỉ lệ: {'; '.join(a for a in articles if a) or 'quy chế Hội đồng TĐKT tỉnh'}, theo bộ quy tắc "
            "khen thưởng áp dụng cho từng hình thức."
        )
    )
    blocks.append(_close(session))
    place = settings.THIDUA_PROVINCE_NAME.removeprefix("tỉnh ").removeprefix("Tỉnh ")
    return OfficialDocument(
        issuer_parent=f"UBND {settings.THIDUA_PROVINCE_NAME}".upper(),
        issuer=f"{COUNCIL}".upper(),
        symbol="BB-HĐTĐKT",
        place=place,
        date=closed.date() if closed else None,
        title="Biên bản",
        subtitle=f"Họp Hội đồng Thi đua – Khen thưởng tỉnh xét đề nghị khen thưởng năm {session.year}",
        blocks=blocks,
        recipients=["Thành viên Hội đồng"],
        archive="TĐKT",
        # Secretary on the left, chair on the right, side by side.
        signers=signers_of(session, members),
        landscape=True,
    )
