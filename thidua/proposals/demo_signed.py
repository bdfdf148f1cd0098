"""The demo's one signed decision (issue 14): signatures are not required in the demo, so the
feature is shown on one sample decision, 186/QĐ-UBND, signed by a demo CA generated at load
time (keys in memory only, never stored): its PDF is made with LibreOffice, signed with pyHanko
as an officer's token would, and uploaded through the signing service, which verifies it and
keeps the report. Without LibreOffice the step prints one line and skips."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from thidua.documents import pki, services, signing
from thidua.documents.models import SignedCopy
from thidua.proposals.decision_document import DECISION_KIND
from thidua.proposals.models import Decision
from thidua.proposals.services.decisions import decision_documents_create

SAMPLE_NUMBER = "186/QĐ-UBND"
DEMO_CA = "ThiDua Demo CA (chỉ dùng để trình diễn)"


def load_signed_decision(*, stdout=None) -> SignedCopy | None:
    decision = Decision.objects.filter(number=SAMPLE_NUMBER).first()
    office = get_user_model().objects.filter(username="phongtdkt").first()
    if decision is None or office is None:
        return None
    # The demo's decisions were issued when recorded: on the story's day, not the loading day.
    Decision.objects.filter(pk=decision.pk, issued_at__isnull=False).update(issued_at=decision.created_at)
    done = SignedCopy.objects.filter(
        document__owner_type=Decision._meta.label_lower,
        document__owner_id=str(decision.pk),
        document__kind=DECISION_KIND,
    ).first()
    if done is not None:
        return done
    if not services.pdf_available():
        if stdout:
            stdout.write(f"Bỏ qua quyết định mẫu đã ký số: {services.pdf_unavailable_reason()}")
        return None
    _word, pdf = decision_documents_create(actor=office, decision=decision)
    if pdf is None:
        if stdout:
            stdout.write("Bỏ qua quyết định mẫu đã ký số: LibreOffice không chuyển được quyết định sang PDF.")
        return None
    ca = pki.make_ca(DEMO_CA, "ThiDua")
    signer = pki.make_signer(ca, decision.signer_name, organisation=decision.authority_name)
    data = pki.sign_pdf(services.read_bytes(pdf), signer, ca)
    copy = signing.signed_copy_upload(
        actor=office,
        document=pdf,
        data=data,
        file_name=f"Quyet dinh {decision.number} da ky so.pdf".replace("/", "-"),
        extra_roots=[ca.cert],
    )
    if stdout:
        stdout.write(f"Đã nạp: quyết định {decision.number} với bản PDF ký số (CA trình diễn) đã xác minh.")
    return copy
