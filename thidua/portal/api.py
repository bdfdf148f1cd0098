"""Portal API: public reads (no sign-in) and the editors' writes."""

import csv
import datetime as dt
import io
import json
import uuid as uuidlib

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from thidua.core.api import ErrorOut, page_params
from thidua.core.errors import field_error
from thidua.core.idempotency import idempotent_operation
from thidua.core.sane import limited
from thidua.portal import cache, public_awards, selectors, services
from thidua.portal.choices import ArticleAction, ArticleStatus
from thidua.portal.counting import online_seconds
from thidua.portal.models import Article, ArticleVersion, Category
from thidua.portal.permissions import is_portal_editor

router = Router(tags=["Cổng thông tin"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class ArticleOut(Schema):
    uuid: uuidlib.UUID
    slug: str
    title: str
    summary: str
    author_name: str
    category: str | None
    published_at: dt.datetime | None
    view_count: int
    url: str

    @staticmethod
    def resolve_category(obj):
        return obj.category.name if obj.category else None

    @staticmethod
    def resolve_url(obj):
        return obj.get_absolute_url()


class ArticleDetailOut(ArticleOut):
    body: str


class EditorArticleOut(ArticleDetailOut):
    status: ArticleStatus


class ArticleIn(Schema):
    title: limited("portal.Article", "title")
    body: str = ""
    summary: str = ""
    category: str | None = None
    author_name: limited("portal.Article", "author_name") = ""
    slug: limited("portal.Article", "slug") = ""


class ArticlePatch(Schema):
    title: limited("portal.Article", "title") | None = None
    body: str | None = None
    summary: str | None = None
    category: str | None = None
    author_name: limited("portal.Article", "author_name") | None = None
    slug: limited("portal.Article", "slug") | None = None
    reason: str = ""  # required when the article is published


class VersionOut(Schema):
    id: int
    title: str
    summary: str
    body: str
    author: str | None
    reason: str
    created_at: dt.datetime

    @staticmethod
    def resolve_author(obj):
        return (obj.author.get_full_name() or obj.author.username) if obj.author else None


class RestoreIn(Schema):
    reason: str


class TransitionIn(Schema):
    action: ArticleAction
    reason: str = ""
    published_at: dt.datetime | None = None


class StatsOut(Schema):
    online: int
    visits: int
    online_minutes: int


class ImageOut(Schema):
    uuid: uuidlib.UUID
    url: str
    width: int
    height: int
    caption: str

    @staticmethod
    def resolve_url(obj):
        return obj.get_absolute_url()


class ResultsOut(Schema):
    bloc: str
    year: int
    leader: str | None
    published_at: dt.datetime | None
    url: str


def _category(slug: str | None):
    if not slug:
        return None
    found = Category.objects.filter(slug=slug).first()
    if found is None:
        raise field_error("category", f"Không có chuyên mục “{slug}”.")
    return found


def _editor(request):
    if not is_portal_editor(request.user):
        raise Http404


@router.get(
    "/portal/articles",
    response=list[ArticleOut],
    auth=None,
    url_name="api_portal_articles",
    summary="Tin đã xuất bản",
)
def articles(request, q: str = "", category: str = "", page: int = 1, page_size: int = 20):
    qs = selectors.search_articles(query=q) if q else selectors.live_articles()
    if category:
        qs = qs.filter(category__slug=category)
    start, end = page_params(page, page_size)
    return list(qs[start:end])


@router.get(
    "/portal/articles/{slug}",
    response={200: ArticleDetailOut, 404: ErrorOut},
    auth=None,
    url_name="api_portal_article",
    summary="Một tin đã xuất bản",
)
def article(request, slug: str):
    return get_object_or_404(selectors.live_articles(), slug=slug)


@router.get(
    "/portal/stats", response=StatsOut, auth=None, url_name="api_portal_stats", summary="Thống kê truy cập"
)
def stats(request):
    return {**cache.site_stats(), "online_minutes": round(online_seconds() / 60)}


@router.get("/portal/results", response=list[ResultsOut], auth=None, url_name="api_portal_results")
def results(request):
    return [
        {
            "bloc": p.bloc_year.bloc.name,
            "year": p.bloc_year.year,
            "leader": p.bloc_year.leader.name_in_year(p.bloc_year.year) if p.bloc_year.leader else None,
            "published_at": p.published_at,
            "url": p.get_absolute_url(),
        }
        for p in selectors.published_results()
    ]


@router.get(
    "/portal/editor/articles",
    response={200: list[EditorArticleOut], **ERRORS},
    url_name="api_portal_editor_articles",
    summary="Mọi tin bài (biên tập viên)",
)
def editor_articles(request, status: str = "", q: str = "", page: int = 1, page_size: int = 50):
    _editor(request)
    start, end = page_params(page, page_size)
    return list(selectors.editor_articles(status=status, query=q)[start:end])


@router.post(
    "/portal/editor/articles",
    response={201: EditorArticleOut, **ERRORS},
    url_name="api_portal_article_create",
    summary="Viết tin bài (bản nháp)",
)
@idempotent_operation
def article_create(request, payload: ArticleIn):
    _editor(request)
    data = payload.dict()
    data["category"] = _category(data.get("category"))
    return Status(201, services.article_create(actor=request.user, **data))


@router.patch(
    "/portal/editor/articles/{uuid}",
    response={200: EditorArticleOut, **ERRORS},
    url_name="api_portal_article_update",
    summary="Sửa tin bài",
)
def article_update(request, uuid: uuidlib.UUID, payload: ArticlePatch):
    _editor(request)
    obj = get_object_or_404(Article, uuid=uuid)
    data = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None or k == "category"}
    data.pop("reason", None)
    if "category" in data:
        data["category"] = _category(data["category"])
    return services.article_update(actor=request.user, article=obj, reason=payload.reason, **data)


@router.get(
    "/portal/editor/articles/{uuid}/versions",
    response={200: list[VersionOut], **ERRORS},
    url_name="api_portal_article_versions",
    summary="Các phiên bản trước của tin bài (mới nhất trước)",
)
def article_versions(request, uuid: uuidlib.UUID):
    _editor(request)
    obj = get_object_or_404(Article, uuid=uuid)
    return list(obj.versions.select_related("author"))


@router.post(
    "/portal/editor/articles/{uuid}/versions/{version_id}/restore",
    response={200: EditorArticleOut, **ERRORS},
    url_name="api_portal_article_version_restore",
    summary="Khôi phục một phiên bản trước (cần lý do; nội dung hiện tại được lưu thành phiên bản)",
)
def article_version_restore(request, uuid: uuidlib.UUID, version_id: int, payload: RestoreIn):
    _editor(request)
    version = get_object_or_404(ArticleVersion, pk=version_id, article__uuid=uuid)
    return services.article_version_restore(actor=request.user, version=version, reason=payload.reason)


@router.post(
    "/portal/editor/articles/{uuid}/transitions",
    response={200: EditorArticleOut, **ERRORS},
    url_name="api_portal_article_transition",
    summary="Gửi duyệt, trả lại, xuất bản (có thể hẹn giờ), gỡ xuống",
)
def article_transition(request, uuid: uuidlib.UUID, payload: TransitionIn):
    _editor(request)
    obj = get_object_or_404(Article, uuid=uuid)
    return services.article_transition(
        actor=request.user,
        article=obj,
        action=payload.action,
        reason=payload.reason,
        published_at=payload.published_at,
    )


@router.post(
    "/portal/editor/images",
    response={201: ImageOut, **ERRORS},
    url_name="api_portal_image_upload",
    summary="Tải ảnh lên (kiểm tra, thu nhỏ)",
)
@idempotent_operation
def image_upload(request, file: File[UploadedFile] = None, caption: Form[str] = ""):
    _editor(request)  # before looking at the input: a non-editor learns nothing
    return Status(201, services.image_upload(actor=request.user, upload=file, caption=caption))


# Public award register and open statistics (issues 14 and 20) -----------------------------------
# The same rules as the pages (``public_awards``): awards in force only; an individual's award
# only with the recipient's publication consent; statistics are counts, never people.


class RegisterEntryOut(Schema):
    award: str
    subject: str
    collective: bool
    year: int
    decision_number: str
    decision_date: dt.date
    decided_by: str
    url: str


class PublicRecordOut(Schema):
    code: uuidlib.UUID
    revoked: bool
    revoked_on: dt.date | None = None
    award: str = ""
    subject: str = ""
    subject_hidden: bool = False
    collective: bool = False
    year: int | None = None
    decision_number: str = ""
    decision_date: dt.date | None = None
    authority: str = ""


class StatRowOut(Schema):
    key: str
    label: str
    collective: int
    individual: int
    total: int


class OpenStatisticsOut(Schema):
    group_by: str
    as_of: dt.date
    total: int
    rows: list[StatRowOut]


STATS_MAX_AGE = 300  # seconds public caches and browsers may keep an answer


def _group_by(value: str) -> str:
    if value not in public_awards.GROUPS:
        raise field_error(
            "group_by", "Cách nhóm phải là một trong: year (năm), award (hình thức), bloc (khối)."
        )
    return value


def _cached_statistics(group_by: str) -> dict:
    """The aggregates of today, kept in the portal's page cache (dropped when public content
    changes, and after ``PORTAL_PAGE_TTL`` seconds at most)."""
    today = timezone.localdate()
    key = f"open-statistics-json:{group_by}:{today.isoformat()}"
    gen = cache.generation()
    found = cache.get_page(key)
    if found is not None:
        return json.loads(found[0])
    payload = public_awards.statistics_payload(group_by, today)
    payload["as_of"] = today.isoformat()
    cache.set_page(key, (json.dumps(payload, ensure_ascii=False),), gen=gen)
    return payload


def _public_cache(response, seconds: int = STATS_MAX_AGE):
    response["Cache-Control"] = f"public, max-age={seconds}"
    return response


@router.get(
    "/portal/awards",
    response={200: list[RegisterEntryOut], 422: ErrorOut},
    auth=None,
    url_name="api_portal_award_register",
    summary="Tra cứu khen thưởng (đang hiệu lực; cá nhân chỉ khi đồng ý công bố)",
)
def award_register(
    request, q: str = "", year: int | None = None, award: str = "", page: int = 1, page_size: int = 50
):
    if year is not None and not 1900 <= year <= 2200:
        raise field_error("year", "Năm thành tích không hợp lệ.")
    start, end = page_params(page, page_size)
    qs = public_awards.register(query=q[:100], year=year, award=award[:30])
    return public_awards.entries(qs[start:end])


@router.get(
    "/portal/awards/{code}",
    response={200: PublicRecordOut, 404: ErrorOut},
    auth=None,
    url_name="api_portal_award_record",
    summary="Xác thực một khen thưởng theo mã trên bằng khen, giấy khen",
)
def award_record(request, code: uuidlib.UUID):
    record = public_awards.record_by_code(code)
    if record is None:
        raise Http404
    return record


@router.get(
    "/open-statistics/awards",
    response={200: OpenStatisticsOut, 422: ErrorOut},
    auth=None,
    url_name="api_open_statistics_awards",
    summary="Thống kê mở: số khen thưởng đang hiệu lực theo năm, hình thức hoặc khối",
)
def open_statistics(request, response: HttpResponse, group_by: str = "year"):
    payload = _cached_statistics(_group_by(group_by))
    _public_cache(response)
    return payload


@router.get(
    "/open-statistics/awards.csv",
    response={200: None, 422: ErrorOut},
    auth=None,
    url_name="api_open_statistics_awards_csv",
    summary="Thống kê mở dạng CSV (dòng tiêu đề tiếng Việt, UTF-8)",
)
def open_statistics_csv(request, group_by: str = "year"):
    group_by = _group_by(group_by)
    payload = _cached_statistics(group_by)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["Mã", public_awards.GROUPS[group_by], "Tập thể", "Cá nhân", "Tổng số"])
    for r in payload["rows"]:
        writer.writerow([r["key"], r["label"], r["collective"], r["individual"], r["total"]])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="thong-ke-khen-thuong-{group_by}.csv"'
    return _public_cache(response)
