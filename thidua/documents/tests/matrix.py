"""Downloads of generated documents: the owning app decides (a 2019 document of Khối Nội chính:
members, the office and the council; the portal editor sees nothing)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.core.testing import CREATED, DENIED, HIDDEN, LOGIN, OK, REDIRECT, UNAUTH, Case


def agreement_2019(w):
    from thidua.cycles import official
    from thidua.organisations.models import BlocYear

    by = BlocYear.objects.get(bloc__code="KNC", year=2019)
    return official.generate(actor=w.admin, bloc_year=by, kind="agreement").uuid


def kkt_document(w):
    """A document of Khối Kinh tế: no persona but the office and the council is a member there."""
    from thidua.documents import services
    from thidua.documents.spec import OfficialDocument, Paragraph
    from thidua.organisations.models import BlocYear

    by = BlocYear.objects.get(bloc__code="KKT")
    spec = OfficialDocument(issuer="Khối Kinh tế", title="Thông báo", blocks=[Paragraph("Nội dung")])
    return services.generate_docx(actor=w.admin, owner=by, kind="test.notice", spec=spec).uuid


_made: dict = {}  # the document a case's url() made, signed by its data()


def decision_pdf(w):
    """A fresh PDF of the demo's decision 186/QĐ-UBND (TAND, THADS), not issued; the suite's CA
    in the trust list. Who sees the decision may see the page; only the office may upload."""
    from thidua.documents.tests.signing_helpers import pdf_document, trust_test_ca
    from thidua.proposals.models import Decision

    trust_test_ca()
    if not _still_there(_made.get("pdf")):
        _made["pdf"] = pdf_document(Decision.objects.get(number="186/QĐ-UBND"), actor=w.provincial)
    return _made["pdf"]


def _still_there(obj) -> bool:
    """Whether ``obj`` (made by an earlier url() or data() call) is still in the database: within
    one test (the page walk calls every case's url()) the cases share one document and one signed
    copy, so that signing a fresh copy for one case does not supersede what another case opened;
    after a test's rollback they are made again."""
    return obj is not None and type(obj).objects.filter(pk=obj.pk, uuid=obj.uuid).exists()


def signed_upload(w):
    from thidua.documents.tests.signing_helpers import signed

    return {"file": SimpleUploadedFile("da-ky.pdf", signed(_made["pdf"]), content_type="application/pdf")}


def signed_copy(w):
    from thidua.documents import signing
    from thidua.documents.tests.signing_helpers import signed

    if not _still_there(_made.get("copy")):
        document = decision_pdf(w)
        _made["copy"] = signing.signed_copy_upload(
            actor=w.provincial, document=document, data=signed(document)
        )
    return _made["copy"]


SEEN_PAGE = {"editor": HIDDEN, "anonymous": LOGIN}
SEEN_API = {"editor": HIDDEN, "anonymous": UNAUTH}
OFFICE_UPLOAD = {"admin": REDIRECT, "provincial": REDIRECT, "anonymous": LOGIN}

CASES = [
    Case(
        "documents:download",
        lambda w: f"/van-ban/{agreement_2019(w)}/tai-ve/",
        default=OK,
        expect={"editor": HIDDEN, "anonymous": LOGIN},
    ),
    Case(
        "documents:download",
        lambda w: f"/van-ban/{kkt_document(w)}/tai-ve/",
        default=HIDDEN,
        expect={"admin": OK, "provincial": OK, "council": OK, "anonymous": LOGIN},
    ),
    Case(
        "GET /api/v1/documents/{key}",
        lambda w: f"/api/v1/documents/{agreement_2019(w)}",
        default=OK,
        expect={"editor": HIDDEN, "anonymous": UNAUTH},
    ),
    Case(
        "GET /api/v1/documents/{key}/file",
        lambda w: f"/api/v1/documents/{agreement_2019(w)}/file",
        default=OK,
        expect={"editor": HIDDEN, "anonymous": UNAUTH},
    ),
    # Signed copies (issue 14).
    Case("documents:signing", lambda w: decision_pdf(w).get_signing_url(), default=OK, expect=SEEN_PAGE),
    Case(
        "documents:signing",
        lambda w: decision_pdf(w).get_signing_url(),
        method="POST",
        data=signed_upload,
        default=HIDDEN,
        expect=OFFICE_UPLOAD,
    ),
    Case(
        "documents:signing_pdf",
        lambda w: f"{decision_pdf(w).get_signing_url()}tao-pdf/",
        method="POST",
        default=HIDDEN,
        expect=OFFICE_UPLOAD,
    ),
    Case("documents:signed_copy", lambda w: signed_copy(w).get_absolute_url(), default=OK, expect=SEEN_PAGE),
    Case(
        "documents:signed_copy_file",
        lambda w: f"/van-ban/ban-ky/{signed_copy(w).uuid}/tai-ve/",
        default=OK,
        expect=SEEN_PAGE,
    ),
    Case(
        "GET /api/v1/documents/{key}/signed-copies",
        lambda w: f"/api/v1/documents/{decision_pdf(w).uuid}/signed-copies",
        default=OK,
        expect=SEEN_API,
    ),
    Case(
        "POST /api/v1/documents/{key}/signed-copies",
        lambda w: f"/api/v1/documents/{decision_pdf(w).uuid}/signed-copies",
        method="POST",
        data=signed_upload,
        json=False,
        default=DENIED,
        expect={"admin": CREATED, "provincial": CREATED, **SEEN_API},
    ),
    Case(
        "GET /api/v1/signed-copies/{key}",
        lambda w: f"/api/v1/signed-copies/{signed_copy(w).uuid}",
        default=OK,
        expect=SEEN_API,
    ),
    Case(
        "GET /api/v1/signed-copies/{key}/file",
        lambda w: f"/api/v1/signed-copies/{signed_copy(w).uuid}/file",
        default=OK,
        expect=SEEN_API,
    ),
]
