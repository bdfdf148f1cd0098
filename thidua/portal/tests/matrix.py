import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from PIL import Image

from thidua.core.testing import CREATED, HIDDEN, LOGIN, OK, REDIRECT, UNAUTH, Case
from thidua.organisations.models import BlocYear
from thidua.portal import services
from thidua.portal.models import Article, ExemplaryStory
from thidua.proposals import services as proposals
from thidua.proposals.models import DecisionItem, ExemplaryModel

PUBLIC = {"default": OK}
EDITOR_PAGE = {"default": HIDDEN, "expect": {"admin": OK, "editor": OK, "anonymous": LOGIN}}
EDITOR_POST = {"default": HIDDEN, "expect": {"admin": REDIRECT, "editor": REDIRECT, "anonymous": LOGIN}}
EDITOR_API = {"default": HIDDEN, "expect": {"admin": OK, "editor": OK, "anonymous": UNAUTH}}


def _article(w):
    return Article.objects.get(view_count__gte=183, author_name="Vũ Hưng")


def _version(w):
    """A former text of the demo article (its edit is rolled back with the request)."""
    article = _article(w)
    services.article_update(actor=w.editor, article=article, body="<p>Bản sửa</p>", reason="Kiểm tra quyền")
    return article.versions.get()


def _story(w):
    return ExemplaryStory.objects.first()


def _year(w):
    return BlocYear.objects.get(bloc__code="KNC", year=2019)


def _model(w):
    return ExemplaryModel.objects.filter(published=True).first()


def _model_photo_url(w):
    buf = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 120, 10)).save(buf, "PNG")
    upload = SimpleUploadedFile("a.png", buf.getvalue(), content_type="image/png")
    with TestCase.captureOnCommitCallbacks(execute=True):  # uploads are moved into place at commit
        photo = proposals.exemplary_photo_add(
            actor=w.provincial, model=_model(w), upload=upload, caption="Ảnh"
        )
    return f"/dien-hinh-tien-tien/anh/{photo.code}.jpg"


def _certificate_code(w):
    return DecisionItem.objects.order_by("id").first().certificate_code


def _image_url(w):
    buf = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 200)).save(buf, "PNG")
    upload = SimpleUploadedFile("a.png", buf.getvalue(), content_type="image/png")
    with TestCase.captureOnCommitCallbacks(execute=True):  # uploads are moved into place at commit
        return services.image_upload(actor=w.editor, upload=upload).get_absolute_url()


CASES = [
    Case("portal:home", lambda w: "/", **PUBLIC),
    Case("portal:article", lambda w: _article(w).get_absolute_url(), **PUBLIC),
    Case("portal:category", lambda w: "/chuyen-muc/hoat-dong-khoi-thi-dua/", **PUBLIC),
    Case("portal:search", lambda w: "/tim-kiem/?q=noi chinh", **PUBLIC),
    Case("portal:feed_rss", lambda w: "/tin-tuc/rss/", **PUBLIC),
    Case("portal:feed_atom", lambda w: "/tin-tuc/atom/", **PUBLIC),
    Case("portal:results_list", lambda w: "/ket-qua/", **PUBLIC),
    Case("portal:results", lambda w: "/ket-qua/KNC/2019/", **PUBLIC),
    Case("portal:exemplary_list", lambda w: "/dien-hinh-tien-tien/", **PUBLIC),
    Case("portal:exemplary", lambda w: _story(w).get_absolute_url(), **PUBLIC),
    Case("portal:exemplary_model", lambda w: f"/dien-hinh-tien-tien/guong/{_model(w).uuid}/", **PUBLIC),
    Case("portal:exemplary_photo", _model_photo_url, **PUBLIC),
    Case("portal:image", _image_url, **PUBLIC),
    # Public award register, record pages (the certificates' QR codes) and open statistics.
    Case("portal:award_register", lambda w: "/tra-cuu-khen-thuong/?q=toa an", **PUBLIC),
    Case("portal:award_record", lambda w: f"/tra-cuu-khen-thuong/{_certificate_code(w)}/", **PUBLIC),
    Case("portal:open_statistics", lambda w: "/thong-ke-khen-thuong/", **PUBLIC),
    # Signed-in users who are not editors land on the public portal from the menu entry.
    Case("portal:editor_home", lambda w: "/bien-tap/", default=REDIRECT, expect={"admin": OK, "editor": OK}),
    Case("portal:editor_article_create", lambda w: "/bien-tap/bai-viet/moi/", **EDITOR_PAGE),
    Case("portal:editor_article_edit", lambda w: f"/bien-tap/bai-viet/{_article(w).uuid}/", **EDITOR_PAGE),
    Case(
        "portal:editor_article_preview",
        lambda w: f"/bien-tap/bai-viet/{_article(w).uuid}/xem-truoc/",
        **EDITOR_PAGE,
    ),
    Case(
        "portal:editor_article_transition",
        lambda w: f"/bien-tap/bai-viet/{_article(w).uuid}/unpublish/",
        method="POST",
        data=lambda w: {"reason": "Kiểm tra quyền"},
        **EDITOR_POST,
    ),
    Case(
        "portal:editor_article_version_restore",
        lambda w: f"/bien-tap/bai-viet/{_article(w).uuid}/phien-ban/{_version(w).pk}/khoi-phuc/",
        method="POST",
        data=lambda w: {"reason": "Kiểm tra quyền"},
        **EDITOR_POST,
    ),
    Case(
        "portal:editor_image_upload",
        lambda w: "/bien-tap/anh/",
        method="POST",
        default=HIDDEN,
        expect={"admin": 422, "editor": 422, "anonymous": LOGIN},
    ),
    Case(
        "portal:editor_category_create",
        lambda w: "/bien-tap/chuyen-muc/",
        method="POST",
        data=lambda w: {"name": "Chuyên mục thử"},
        **EDITOR_POST,
    ),
    Case("portal:editor_story_create", lambda w: "/bien-tap/dien-hinh/moi/", **EDITOR_PAGE),
    Case("portal:editor_story_edit", lambda w: f"/bien-tap/dien-hinh/{_story(w).uuid}/", **EDITOR_PAGE),
    Case("portal:editor_results", lambda w: "/bien-tap/ket-qua/", **EDITOR_PAGE),
    Case(
        "portal:editor_results_publish",
        lambda w: f"/bien-tap/ket-qua/{_year(w).pk}/",
        method="POST",
        data=lambda w: {"published": ""},
        **EDITOR_POST,
    ),
    # API
    Case("GET /api/v1/portal/articles", lambda w: "/api/v1/portal/articles?q=noi", **PUBLIC),
    Case(
        "GET /api/v1/portal/articles/{slug}",
        lambda w: f"/api/v1/portal/articles/{_article(w).slug}",
        **PUBLIC,
    ),
    Case("GET /api/v1/portal/stats", lambda w: "/api/v1/portal/stats", **PUBLIC),
    Case("GET /api/v1/portal/results", lambda w: "/api/v1/portal/results", **PUBLIC),
    Case("GET /api/v1/portal/awards", lambda w: "/api/v1/portal/awards?year=2019", **PUBLIC),
    Case(
        "GET /api/v1/portal/awards/{code}",
        lambda w: f"/api/v1/portal/awards/{_certificate_code(w)}",
        **PUBLIC,
    ),
    Case(
        "GET /api/v1/open-statistics/awards",
        lambda w: "/api/v1/open-statistics/awards?group_by=bloc",
        **PUBLIC,
    ),
    Case(
        "GET /api/v1/open-statistics/awards.csv",
        lambda w: "/api/v1/open-statistics/awards.csv?group_by=award",
        **PUBLIC,
    ),
    Case("GET /api/v1/portal/editor/articles", lambda w: "/api/v1/portal/editor/articles", **EDITOR_API),
    Case(
        "POST /api/v1/portal/editor/articles",
        lambda w: "/api/v1/portal/editor/articles",
        method="POST",
        data=lambda w: {"title": "Tin kiểm tra quyền"},
        default=HIDDEN,
        expect={"admin": CREATED, "editor": CREATED, "anonymous": UNAUTH},
    ),
    Case(
        "PATCH /api/v1/portal/editor/articles/{uuid}",
        lambda w: f"/api/v1/portal/editor/articles/{_article(w).uuid}",
        method="PATCH",
        data=lambda w: {"summary": "Tóm tắt mới", "reason": "Kiểm tra quyền"},
        **EDITOR_API,
    ),
    Case(
        "GET /api/v1/portal/editor/articles/{uuid}/versions",
        lambda w: f"/api/v1/portal/editor/articles/{_article(w).uuid}/versions",
        **EDITOR_API,
    ),
    Case(
        "POST /api/v1/portal/editor/articles/{uuid}/versions/{version_id}/restore",
        lambda w: f"/api/v1/portal/editor/articles/{_article(w).uuid}/versions/{_version(w).pk}/restore",
        method="POST",
        data=lambda w: {"reason": "Kiểm tra quyền"},
        **EDITOR_API,
    ),
    Case(
        "POST /api/v1/portal/editor/articles/{uuid}/transitions",
        lambda w: f"/api/v1/portal/editor/articles/{_article(w).uuid}/transitions",
        method="POST",
        data=lambda w: {"action": "unpublish", "reason": "Kiểm tra quyền"},
        **EDITOR_API,
    ),
    Case(
        "POST /api/v1/portal/editor/images",
        lambda w: "/api/v1/portal/editor/images",
        method="POST",
        default=HIDDEN,
        expect={"admin": 422, "editor": 422, "anonymous": UNAUTH},
    ),
]
