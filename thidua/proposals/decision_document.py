"""The commendation decision (quyết định khen thưởng) as an official document (Decree 30/2020
layout): the authority, number and date, "Về việc khen thưởng …", Article 1 the subjects and their
awards with the cash, Article 2 the fund, Article 3 who carries it out, and the signer. Its PDF is
what the signer signs with their token; the signed copy, once verified, issues the decision
(``thidua.documents.signing``, issue 14)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from thidua.documents import services as documents
from thidua.documents.spec import OfficialDocument, Paragraph, Signer, Table

DECISION_KIND = "commendation_decision"
LAW_2022_IN_FORCE = dt.date(2024, 1, 1)


def _place() -> str:
    name = settings.THIDUA_PROVINCE_NAME
    return name[5:].strip() if name.lower().startswith("tỉnh ") else name


def _money(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


def _law(day) -> str:
    """The law in force on the decision's day: Law 06/2022 from 01/01/2024, before it the 2003 law
    as amended in 2013."""
    if day is not None and day < LAW_2022_IN_FORCE:
        return (
            "Căn cứ Luật Thi đua, Khen thưởng ngày 26 tháng 11 năm 2003; Luật sửa đổi, bổ sung một số "
            "điều của Luật Thi đua, Khen thưởng ngày 16 tháng 11 năm 2013 và các văn bản hướng dẫn thi hành;"
        )
    return (
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022 và các văn bản quy định chi tiết thi hành;"
    )


def decision_spec(decision, items) -> OfficialDocument:
    years = sorted({i.proposal.year for i in items})
    year_text = ", ".join(str(y) for y in years)
    rows = [
        [
            str(n),
            i.proposal.subject_name,
            i.proposal.award.name,
            str(i.proposal.year),
            _money(i.amount),
        ]
        for n, i in enumerate(items, start=1)
    ]
    total = sum(i.amount for i in items)
    rows.append(["", "Tổng cộng", "", "", _money(total)])
    authority = decision.authority_name
    blocks = [
        # The competent authority that decides (Decree 30, Appendix I, form 1.2): the signer's office.
        Paragraph((decision.signer_title or authority).upper(), "center_bold"),
        Paragraph(_law(decision.date)),
        Paragraph(
            f"Xét đề nghị của Hội đồng Thi đua – Khen thưởng {settings.THIDUA_PROVINCE_NAME} về thành tích "
            f"năm {year_text},"
        ),
        Paragraph("QUYẾT ĐỊNH:", "center_bold"),
        Paragraph(
            f"Điều 1. Khen thưởng {len(items)} tập thể, cá nhân có tên sau đây đã có thành tích xuất sắc "
            f"trong phong trào thi đua năm {year_text}:"
        ),
        Table(
            headers=[
                "TT",
                "Tập thể, cá nhân",
                "Hình thức khen thưởng",
                "Năm thành tích",
                "Tiền thưởng (đồng)",
            ],
            rows=rows,
            widths_mm=[10, 62, 48, 20, 30],
            align=["center", "left", "left", "center", "right"],
            bold_rows=[len(rows) - 1],
        ),
        Paragraph(
            f"Điều 2. Tiền thưởng tính theo mức lương cơ sở {_money(decision.base_salary)} đồng áp dụng tại "
            f"ngày quyết định, tổng cộng {_money(total)} đồng, chi từ quỹ thi đua, khen thưởng theo quy định."
        ),
        Paragraph(
            "Điều 3. Quyết định có hiệu lực kể từ ngày ký. Chánh Văn phòng, Trưởng phòng Thi đua – Khen "
            "thưởng, thủ trưởng các cơ quan, đơn vị có liên quan và các tập thể, cá nhân có tên tại Điều 1 "
            "chịu trách nhiệm thi hành Quyết định này."
        ),
    ]
    return OfficialDocument(
        issuer_parent="",
        issuer=authority.upper(),
        number=decision.number,
        place=_place(),
        date=decision.date,
        title="Quyết định",
        subtitle=f"Về việc khen thưởng thành tích năm {year_text}",
        blocks=blocks,
        recipients=["Như Điều 3", "Hội đồng Thi đua – Khen thưởng tỉnh"],
        archive="TĐKT",
        signers=[Signer(title=(decision.signer_title or "").upper(), name=decision.signer_name)],
    )


def decision_documents(*, actor, decision, items):
    """The decision's Word file and, when LibreOffice is installed, its PDF (what gets signed).
    Same content, same files: generating again hands back the files already made."""
    spec = decision_spec(decision, items)
    word = documents.generate_docx(
        actor=actor,
        owner=decision,
        kind=DECISION_KIND,
        spec=spec,
        file_name=f"Quyet dinh {decision.number}".replace("/", "-"),
    )
    return word, documents.generate_pdf(actor=actor, document=word)


def decision_files(decision) -> list:
    """The generated files of a decision (Word and PDF), newest first."""
    return documents.documents_for(decision, kind=DECISION_KIND)
