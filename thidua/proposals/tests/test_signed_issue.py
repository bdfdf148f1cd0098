"""A decision is issued only by a verified signed PDF of exactly its generated document when
THIDUA_SIGNATURES_REQUIRED is on (issue 14); its awards go into history at issue. Off, recording
it issues it at once, as before."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.awards.models import AwardRecord
from thidua.core.models import AuditEvent
from thidua.documents import pki, signing
from thidua.documents.models import GeneratedDocument, SignedCopy
from thidua.documents.tests.signing_helpers import SIGNER_NAME, pdf_document, signed, trust_test_ca
from thidua.proposals import services
from thidua.proposals.decision_document import DECISION_KIND, decision_spec
from thidua.proposals.tests.matrix import carried

NUMBER = "301/QĐ-UBND"


def _record(w):
    proposal = carried(w, "approved")
    return services.decision_record(
        actor=w.provincial,
        number=NUMBER,
        date=dt.date(2020, 1, 22),
        signer_name=SIGNER_NAME,
        signer_title="Chủ tịch UBND tỉnh",
        authority="provincial_chairman",
        authority_name="Ủy ban nhân dân tỉnh",
        proposals=[proposal],
    )


@pytest.fixture
def pending(world, settings):
    """A decision recorded while signatures are required, with its PDF (made without LibreOffice)."""
    settings.THIDUA_SIGNATURES_REQUIRED = True
    trust_test_ca()
    decision = _record(world)
    return decision, pdf_document(decision, kind=DECISION_KIND, actor=world.provincial)


def _not_issued(decision):
    decision.refresh_from_db()
    assert decision.issued_at is None
    assert not AwardRecord.objects.filter(decision_number=NUMBER).exists()
    assert all(i.award_record_id is None for i in decision.items.all())


def test_recorded_with_signatures_required_waits_for_the_signed_pdf(world, pending, client_for):
    decision, pdf = pending
    _not_issued(decision)
    page = client_for("provincial").get(decision.get_absolute_url()).content.decode()
    assert "Chưa ban hành" in page and pdf.get_signing_url() in page and "Tải lên bản đã ký số" in page


def test_a_tampered_or_foreign_signature_issues_nothing(world, pending):
    decision, pdf = pending
    tampered = signed(pdf).replace(b"(Quyet dinh khen thuong)", b"(Quyet dinh khen thuonG)")
    with pytest.raises(signing.SignatureRefused, match="bị sửa đổi sau khi ký"):
        signing.signed_copy_upload(actor=world.provincial, document=pdf, data=tampered)
    stranger = pki.make_ca("Unknown Root CA")
    with pytest.raises(signing.SignatureRefused, match="không thuộc danh sách"):
        signing.signed_copy_upload(
            actor=world.provincial,
            document=pdf,
            data=signed(pdf, pki.make_signer(stranger, "Ai Đó"), stranger),
        )
    _not_issued(decision)
    assert not AuditEvent.objects.filter(action="decision.issue", object_id=str(decision.pk)).exists()


def test_the_verified_signed_pdf_issues_the_decision_and_writes_history(world, pending, client_for):
    decision, pdf = pending
    client = client_for("provincial")
    response = client.post(pdf.get_signing_url(), {"file": SimpleUploadedFile("qd.pdf", signed(pdf))})
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.issued_at is not None
    item = decision.items.get()
    record = AwardRecord.objects.get(pk=item.award_record_id)
    assert record.decision_number == NUMBER
    event = AuditEvent.objects.get(action="decision.issue", object_id=str(decision.pk))
    assert event.after["signed_copy"] == str(SignedCopy.objects.get(document=pdf).uuid)
    page = client.get(decision.get_absolute_url()).content.decode()
    assert "Đã ban hành" in page and SIGNER_NAME in page and "Báo cáo xác minh" in page


def test_only_the_office_uploads_a_decision(world, pending, client_for):
    _decision, pdf = pending
    assert not signing.can_sign(world.officer_a, pdf) and not signing.can_sign(world.council, pdf)
    assert signing.can_sign(world.provincial, pdf)
    assert (
        client_for("officer_a")
        .post(pdf.get_signing_url(), {"file": SimpleUploadedFile("q.pdf", b"%PDF")})
        .status_code
        == 404
    )


def test_without_the_setting_recording_issues_at_once(world, settings):
    settings.THIDUA_SIGNATURES_REQUIRED = False
    decision = _record(world)
    assert decision.issued_at is not None
    assert AwardRecord.objects.filter(decision_number=NUMBER).count() == 1


def test_the_decision_document_is_made_for_signing(world, client_for):
    decision = _record(world)
    response = client_for("provincial").post(f"/de-nghi/quyet-dinh/{decision.uuid}/van-ban/")
    assert response.status_code == 302  # back to the decision (no LibreOffice in tests) or to the PDF
    word = GeneratedDocument.objects.get(
        owner_type="proposals.decision", owner_id=str(decision.pk), file_format="docx"
    )
    assert word.kind == DECISION_KIND
    spec = decision_spec(decision, list(decision.items.all()))
    assert spec.number == NUMBER and spec.signers[0].name == SIGNER_NAME
    assert any("Điều 1." in getattr(b, "text", "") for b in spec.blocks)
    assert client_for("officer_a").post(f"/de-nghi/quyet-dinh/{decision.uuid}/van-ban/").status_code == 404
