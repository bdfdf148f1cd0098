"""Downloads of generated documents: the owning app decides (a 2019 document of Khối Nội chính:
members, the office and the council; the portal editor sees nothing)."""

from thidua.core.testing import HIDDEN, LOGIN, OK, UNAUTH, Case


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
]
