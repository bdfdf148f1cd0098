"""The certificate (Bằng khen, Giấy khen) of one awarded subject of a decision as an official
document (issue 14): landscape, the national motto, the award's name, the competent signer's
office, "Tặng" the subject, the reason, the decision's number and date, the verification code of
its public record (the QR code of the printable page opens the same record), and the signer.

Its PDF is what the signer signs with their token. With ``THIDUA_SIGNATURES_REQUIRED`` on, a
certificate is issued only when a signed PDF of exactly its generated content is uploaded and
verifies (``thidua.documents.signing``), and never before its decision is issued; with the
setting off, a certificate is issued with its decision, as before (a signed copy may still be
added). The printable HTML page (``proposals/certificate.html``) stays as it was."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from thidua.documents import services as documents
from thidua.documents.models import GeneratedDocument, SignedCopy
from thidua.documents.signing import signatures_required
from thidua.documents.spec import OfficialDocument, Paragraph, Signer
from thidua.proposals.models import DecisionItem
from thidua.proposals.permissions import can_process

CERTIFICATE_KIND = "award_certificate"
OWNER_TYPE = DecisionItem._meta.label_lower
DECISION_NOT_ISSUED = (
    "Quyết định số {number} chưa được ban hành: chỉ tạo và ký số {award} sau khi quyết định đã được "
    "ban hành (bản PDF của quyết định đã ký số và xác minh)."
)
OFFICE_ONLY = "Chỉ Phòng Thi đua – Khen thưởng tạo và ký số {award}."


def _place() -> str:
    name = settings.THIDUA_PROVINCE_NAME
    return name[5:].strip() if name.lower().startswith("tỉnh ") else name


def _reason(proposal) -> str:
    text = f"Đã có thành tích xuất sắc trong phong trào thi đua năm {proposal.year}"
    if proposal.led_bloc:
        text += f", dẫn đầu {proposal.led_bloc}"
    return text + "."


def certificate_spec(item: DecisionItem) -> OfficialDocument:
    """The certificate as a Decree 30 document: what the printable page shows, in Word/PDF."""
    p, d = item.proposal, item.decision
    issuer_line = (d.signer_title or d.authority_name).upper()
    record = reverse("portal:award_record", args=[item.certificate_code])
    return OfficialDocument(
        issuer=d.authority_name.upper(),
        title=p.award.name,
        # A certificate carries no "Số:" line of its own: it is issued with its decision, whose
        # number and date it prints; the motto alone heads it, the place and date under it.
        show_issuer=False,
        place=_place(),
        date=d.date,
        landscape=True,
        blocks=[
            Paragraph(issuer_line, "center_bold"),
            Paragraph("Tặng", "center"),
            Paragraph(p.subject_name, "center_bold"),
            Paragraph(_reason(p), "center"),
            Paragraph(f"Quyết định số {d.number} ngày {d.date:%d/%m/%Y}", "italic"),
            Paragraph(
                f"Mã xác thực: {item.certificate_code} (tra cứu trên cổng thông tin: {record})", "italic"
            ),
        ],
        signers=[Signer(title=(d.signer_title or "").upper(), name=d.signer_name)],
    )


def _file_name(item: DecisionItem) -> str:
    p = item.proposal
    return f"{p.award.name} {item.decision.number} {str(item.certificate_code)[:8]}".replace("/", "-")


def certificate_documents(*, actor, item: DecisionItem):
    """The certificate's Word file and, when LibreOffice is installed, its PDF (what gets
    signed). Same content, same files: generating again hands back the files already made."""
    word = documents.generate_docx(
        actor=actor,
        owner=item,
        kind=CERTIFICATE_KIND,
        spec=certificate_spec(item),
        file_name=_file_name(item),
    )
    return word, documents.generate_pdf(actor=actor, document=word)


def _award(item: DecisionItem) -> str:
    return item.proposal.award.name.lower()


def decision_issued(item: DecisionItem) -> bool:
    """Is the item's decision issued: ``issued_at`` set, or the award already in history (written
    only at issue; the public pages use the same rule, ``selectors.ISSUED_ITEMS``)."""
    return item.decision.is_issued or item.award_record_id is not None


def certificate_problem(item: DecisionItem) -> str:
    """Why the certificate cannot be made or signed yet ("" when it can)."""
    if not decision_issued(item):
        return DECISION_NOT_ISSUED.format(number=item.decision.number, award=_award(item))
    return ""


def certificate_documents_create(*, actor, item: DecisionItem):
    """Make (or hand back) the certificate's Word file and its PDF, the file to sign: the
    provincial office, once the decision is issued."""
    if not can_process(actor):
        raise PermissionDenied(OFFICE_ONLY.format(award=_award(item)))
    problem = certificate_problem(item)
    if problem:
        raise ValidationError(problem)
    return certificate_documents(actor=actor, item=item)


def may_sign(user, item: DecisionItem) -> bool:
    """Who may upload the signed certificate: who may issue the decision (the provincial
    office), once the decision is issued."""
    return can_process(user) and decision_issued(item)


def certificate_files(item: DecisionItem) -> list[GeneratedDocument]:
    """The generated files of a certificate (Word and PDF), newest first."""
    return documents.documents_for(item, kind=CERTIFICATE_KIND)


@dataclass
class CertificateState:
    """Where a certificate stands: generated files, the PDF to sign, its verified signed copy."""

    decision_issued: bool
    required: bool
    issued: bool
    issued_at: dt.datetime | None
    files: list = field(default_factory=list)
    pdf: GeneratedDocument | None = None
    signed: SignedCopy | None = None
    problem: str = ""

    @property
    def signed_pdf(self) -> bool:
        return self.signed is not None


def certificate_state(item: DecisionItem) -> CertificateState:
    """The certificate's state. Issued: with signatures required, by its verified signed PDF (and
    only once the decision is issued); otherwise with the decision."""
    files = certificate_files(item)
    pdfs = [f for f in files if f.file_format == "pdf"]
    issued_pdf = next((f for f in pdfs if f.issued_at is not None), None)
    signed = (
        SignedCopy.objects.select_related("uploaded_by").filter(document=issued_pdf).first()
        if issued_pdf
        else None
    )
    required = signatures_required()
    decided = decision_issued(item)
    if not decided:
        issued_at = None
    elif issued_pdf is not None:
        issued_at = issued_pdf.issued_at
    else:
        issued_at = None if required else (item.decision.issued_at or item.decision.created_at)
    return CertificateState(
        decision_issued=decided,
        required=required,
        issued=issued_at is not None,
        issued_at=issued_at,
        files=files,
        # The PDF to sign (or the signed one): the signed one first, else the newest.
        pdf=issued_pdf or (pdfs[0] if pdfs else None),
        signed=signed,
        problem=certificate_problem(item),
    )


def certificates_issued_at(items) -> dict[int, dt.datetime | None]:
    """{item id: when its certificate was issued, or None} for ``items`` (with their decisions),
    in one query."""
    items = list(items)
    signed = {}
    for owner_id, issued_at in (
        GeneratedDocument.objects.filter(
            owner_type=OWNER_TYPE,
            owner_id__in=[str(i.pk) for i in items],
            kind=CERTIFICATE_KIND,
            file_format="pdf",
            issued_at__isnull=False,
        )
        .order_by("issued_at")
        .values_list("owner_id", "issued_at")
    ):
        signed.setdefault(int(owner_id), issued_at)
    required = signatures_required()
    out = {}
    for i in items:
        if not decision_issued(i):
            out[i.pk] = None
        elif i.pk in signed:
            out[i.pk] = signed[i.pk]
        else:
            out[i.pk] = None if required else (i.decision.issued_at or i.decision.created_at)
    return out


def certificate_issued(*, document, signed_copy, actor) -> None:
    """``document_issued`` hook: a certificate's signed PDF was accepted. Refused (the whole
    upload rolls back) when its decision is not issued; otherwise the document's ``issued_at``
    is the certificate's issue."""
    if document.owner_type != OWNER_TYPE or document.kind != CERTIFICATE_KIND:
        return
    item = (
        DecisionItem.objects.select_related("decision", "proposal__award")
        .filter(pk=document.owner_id)
        .first()
    )
    if item is None:
        raise ValidationError({"file": ["Không còn đối tượng khen thưởng của văn bản này."]})
    problem = certificate_problem(item)
    if problem:
        raise ValidationError({"file": [problem]})
