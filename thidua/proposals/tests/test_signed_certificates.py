"""Certificates (Bằng khen, Giấy khen) as signed documents, unsigned decisions kept off the public
pages, and the minutes' signing state on the conference page (issue 14).

With THIDUA_SIGNATURES_REQUIRED on, a certificate is issued only by a verified signed PDF of
exactly its generated content, and never before its decision is issued; a decision recorded but
not issued appears on no public page. PDFs are made without LibreOffice (signing_helpers)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.awards.models import AwardRecord
from thidua.conference.models import Conference
from thidua.documents import signing
from thidua.documents.models import GeneratedDocument
from thidua.documents.tests.signing_helpers import SIGNER_NAME, pdf_document, signed, trust_test_ca
from thidua.portal import cache, public_awards
from thidua.proposals import selectors, services
from thidua.proposals.certificate_document import (
    CERTIFICATE_KIND,
    certificate_documents_create,
    certificate_spec,
    certificate_state,
)
from thidua.proposals.decision_document import DECISION_KIND
from thidua.proposals.models import DecisionItem
from thidua.proposals.tests.matrix import carried

pytestmark = pytest.mark.django_db
NUMBER = "302/QĐ-UBND"
SUBJECT = "Tòa án nhân dân tỉnh"


def _record(w) -> DecisionItem:
    proposal = carried(w, "approved")
    decision = services.decision_record(
        actor=w.provincial,
        number=NUMBER,
        date=dt.date(2020, 1, 22),
        signer_name=SIGNER_NAME,
        signer_title="Chủ tịch UBND tỉnh",
        authority="provincial_chairman",
        authority_name="Ủy ban nhân dân tỉnh",
        proposals=[proposal],
    )
    return decision.items.select_related("decision", "proposal__award").get()


@pytest.fixture
def required(settings):
    settings.THIDUA_SIGNATURES_REQUIRED = True
    trust_test_ca()


def _issue_decision(w, item):
    pdf = pdf_document(item.decision, kind=DECISION_KIND, actor=w.provincial)
    signing.signed_copy_upload(actor=w.provincial, document=pdf, data=signed(pdf))
    item.decision.refresh_from_db()
    item.refresh_from_db()
    assert item.decision.issued_at is not None


def _certificate_pdf(w, item, text="Bang khen"):
    return pdf_document(item, kind=CERTIFICATE_KIND, text=text, actor=w.provincial)


def test_the_certificate_is_an_official_document(world):
    item = _record(world)  # signatures not required: issued when recorded
    word, pdf = certificate_documents_create(actor=world.provincial, item=item)
    assert pdf is None  # no LibreOffice in the test settings
    assert word.kind == CERTIFICATE_KIND and word.file_format == "docx"
    assert (word.owner_type, word.owner_id) == ("proposals.decisionitem", str(item.pk))
    spec = certificate_spec(item)
    texts = [b.text for b in spec.blocks]
    assert spec.landscape and spec.title == item.proposal.award.name and not spec.show_issuer
    assert spec.signers[0].name == SIGNER_NAME and spec.signers[0].title == "CHỦ TỊCH UBND TỈNH"
    assert "Tặng" in texts and item.proposal.subject_name in texts
    assert f"Quyết định số {NUMBER} ngày 22/01/2020" in texts
    assert any(str(item.certificate_code) in t for t in texts)
    # Same content, same file; only the office makes it.
    assert certificate_documents_create(actor=world.provincial, item=item)[0] == word
    with pytest.raises(PermissionDenied):
        certificate_documents_create(actor=world.officer_a, item=item)


def test_without_the_setting_a_certificate_is_issued_with_its_decision(world, client_for):
    item = _record(world)
    state = certificate_state(item)
    assert state.issued and state.issued_at == item.decision.issued_at and state.signed is None
    page = client_for("officer_a").get(item.get_absolute_url()).content.decode()
    assert "Chưa ký số" in page and "đã ban hành cùng quyết định" in page
    assert 'id="certificate-qr"' in page and "<svg" in page  # the print page keeps its QR code


def test_a_certificate_waits_for_its_decision_then_for_its_signed_pdf(world, required, client_for):
    item = _record(world)
    office = client_for("provincial")
    state = certificate_state(item)
    assert not state.decision_issued and not state.issued
    page = office.get(item.get_absolute_url()).content.decode()
    assert "Chưa ký số" in page and f"quyết định số {NUMBER} chưa được ban hành" in page
    assert 'id="certificate-make-document"' not in page
    # Not made, not signed before the decision is issued.
    with pytest.raises(ValidationError, match="chưa được ban hành"):
        certificate_documents_create(actor=world.provincial, item=item)
    early = _certificate_pdf(world, item)
    assert not signing.can_sign(world.provincial, early)
    with pytest.raises(PermissionDenied):
        signing.signed_copy_upload(actor=world.provincial, document=early, data=signed(early))
    assert office.post(f"{item.get_absolute_url()}van-ban/").status_code == 302
    assert not GeneratedDocument.objects.filter(kind=CERTIFICATE_KIND, file_format="docx").exists()

    _issue_decision(world, item)
    state = certificate_state(item)
    assert state.decision_issued and not state.issued  # issued only by its signed PDF
    page = office.get(item.get_absolute_url()).content.decode()
    assert "Chưa ký số" in page and early.get_signing_url() in page
    # Who sees the certificate but may not sign it sees the state, not the way to sign.
    other = client_for("officer_a").get(item.get_absolute_url()).content.decode()
    assert "Chưa ký số" in other and early.get_signing_url() not in other
    assert not signing.can_sign(world.officer_a, early) and signing.can_sign(world.provincial, early)


def test_a_refused_signature_issues_no_certificate(world, required):
    item = _record(world)
    _issue_decision(world, item)
    pdf = _certificate_pdf(world, item)
    other = _certificate_pdf(world, item, text="Bang khen khac")
    with pytest.raises(signing.SignatureRefused):  # a signature over other content
        signing.signed_copy_upload(actor=world.provincial, document=pdf, data=signed(other))
    tampered = signed(pdf).replace(b"(Bang khen)", b"(Bang khen!)")
    with pytest.raises(signing.SignatureRefused, match="bị sửa đổi sau khi ký"):
        signing.signed_copy_upload(actor=world.provincial, document=pdf, data=tampered)
    pdf.refresh_from_db()
    assert pdf.issued_at is None and not certificate_state(item).issued


def test_the_verified_signed_pdf_issues_the_certificate(world, required, client_for):
    item = _record(world)
    _issue_decision(world, item)
    pdf = _certificate_pdf(world, item)
    office = client_for("provincial")
    response = office.post(pdf.get_signing_url(), {"file": SimpleUploadedFile("bk.pdf", signed(pdf))})
    assert response.status_code == 302
    state = certificate_state(item)
    assert state.issued and state.signed.signer_name == SIGNER_NAME and state.pdf == pdf
    page = client_for("officer_a").get(item.get_absolute_url()).content.decode()
    assert "Đã ký số, ban hành" in page and SIGNER_NAME in page
    assert state.signed.get_absolute_url() in page and "Báo cáo xác minh" in page
    # The API tells the same.
    data = client_for("officer_a").get(f"/api/v1/certificates/{item.certificate_code}").json()
    assert data["issued"] and data["signed"] and data["signer_name"] == SIGNER_NAME
    assert data["report_url"] == state.signed.get_absolute_url()
    decision = client_for("officer_a").get(f"/api/v1/decisions/{item.decision.uuid}").json()
    assert decision["items"][0]["certificate_issued_at"] is not None


def test_an_unissued_decision_is_not_public(world, required, client, django_capture_on_commit_callbacks):
    cache.clear()
    item = _record(world)
    by = item.proposal.bloc_year
    record_url = f"/tra-cuu-khen-thuong/{item.certificate_code}/"
    assert public_awards.decided_for_bloc_year(bloc_year=by) == []
    assert selectors.decided_for_bloc_year(bloc_year=by) == []
    assert public_awards.record_by_code(item.certificate_code) is None
    assert client.get(record_url).status_code == 404
    assert client.get(f"/api/v1/portal/awards/{item.certificate_code}").status_code == 404
    assert 'id="results-awarded"' not in client.get("/ket-qua/KNC/2019/").content.decode()
    register = f"/tra-cuu-khen-thuong/?q={NUMBER}"
    assert client.get(register).content.decode().count(NUMBER) == 1  # the search box only
    assert not AwardRecord.objects.filter(decision_number=NUMBER).exists()

    with django_capture_on_commit_callbacks(execute=True):
        _issue_decision(world, item)
    assert [a["subject"] for a in public_awards.decided_for_bloc_year(bloc_year=by)] == [SUBJECT]
    assert [a["subject"] for a in selectors.decided_for_bloc_year(bloc_year=by)] == [SUBJECT]
    assert SUBJECT in client.get(record_url).content.decode()
    results = client.get("/ket-qua/KNC/2019/").content.decode()
    assert 'id="results-awarded"' in results and NUMBER in results
    assert client.get(register).content.decode().count(NUMBER) > 1


def test_the_api_says_when_a_decision_was_issued(world, required, client_for):
    item = _record(world)
    api = client_for("provincial")
    data = api.get(f"/api/v1/decisions/{item.decision.uuid}").json()
    assert data["issued_at"] is None and data["items"][0]["certificate_issued_at"] is None
    assert data["items"][0]["certificate_code"] == str(item.certificate_code)
    # The certificate's document cannot be made before the decision is issued (422), nor by an
    # officer who sees it (403).
    made = api.post(f"/api/v1/certificates/{item.certificate_code}/document")
    assert made.status_code == 422 and "chưa được ban hành" in made.json()["detail"]
    _issue_decision(world, item)
    assert api.get(f"/api/v1/decisions/{item.decision.uuid}").json()["issued_at"] is not None
    denied = client_for("officer_a").post(f"/api/v1/certificates/{item.certificate_code}/document")
    assert denied.status_code == 403
    made = api.post(f"/api/v1/certificates/{item.certificate_code}/document")
    assert made.status_code == 201 and made.json()["issued"] is False and made.json()["decision_issued"]
    assert GeneratedDocument.objects.filter(kind=CERTIFICATE_KIND, owner_id=str(item.pk)).count() == 1


def test_the_conference_page_shows_whether_the_minutes_are_signed(world, client_for):
    trust_test_ca()
    conference = Conference.objects.get(bloc_year__bloc__code="KNC", bloc_year__year=2019)
    secretary = client_for("secretary")
    page = secretary.get(conference.get_absolute_url()).content.decode()
    assert 'id="minutes-signing"' in page and "Chưa ký số" in page
    pdf = pdf_document(conference, kind="conference_minutes", text="Bien ban", actor=world.secretary)
    page = secretary.get(conference.get_absolute_url()).content.decode()
    assert pdf.get_signing_url() in page  # the secretariat manages the conference: it signs
    member = client_for("officer_a").get(conference.get_absolute_url()).content.decode()
    assert "Chưa ký số" in member and pdf.get_signing_url() not in member
    signing.signed_copy_upload(actor=world.secretary, document=pdf, data=signed(pdf))
    page = secretary.get(conference.get_absolute_url()).content.decode()
    block = page.split('id="signing-conference_minutes"')[1].split("</li>")[0]
    assert "Đã ký số" in block and SIGNER_NAME in block and "Báo cáo xác minh" in block
