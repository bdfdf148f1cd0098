"""Public portal pages (cached, counted) and the editors' pages."""

import json
import mimetypes

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotModified, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.timezone import localtime
from django.views.decorators.http import require_GET, require_POST

from thidua.core.errors import error_messages
from thidua.core.idempotency import idempotent, idempotent_json
from thidua.core.views_helpers import call_service, paginate, query_string_without_page
from thidua.organisations.models import BlocYear
from thidua.portal import cache, counting, images, public_awards, selectors, services
from thidua.portal.choices import ArticleAction, ArticleStatus
from thidua.portal.forms import (
    ArticleForm,
    CategoryForm,
    ImageForm,
    ResultsForm,
    StoryForm,
    TransitionForm,
    VersionRestoreForm,
)
from thidua.portal.models import Article, ArticleImage, ArticleVersion, Category, ExemplaryStory, ResultsPage
from thidua.portal.permissions import is_portal_editor

VIEWS, VISITS, ONLINE = "<!--td:views-->", "<!--td:visits-->", "<!--td:online-->"


def number(n: int) -> str:
    """Vietnamese thousands separator: 43748991 -> "43.748.991"."""
    return f"{n:,}".replace(",", ".")


def _render_public(template: str, context: dict) -> str:
    context = {
        "PROVINCE_NAME": settings.THIDUA_PROVINCE_NAME,
        "ORGANISER": settings.THIDUA_ORGANISER,
        "categories": list(Category.objects.all()),
        "VIEWS": VIEWS,
        "VISITS": VISITS,
        "ONLINE": ONLINE,
        "online_minutes": round(counting.online_seconds() / 60),
        **context,
    }
    return render_to_string(template, context)


ACCOUNT_LINKS = {
    # (signed out, signed in) for each place of the account link; cached pages are shared by every
    # reader, so the link is put in per request.
    "header": (
        '<a class="btn btn-sm btn-outline-light d-none d-md-inline-block" href="{login}">Đăng nhập</a>',
        '<a class="btn btn-sm btn-outline-light d-none d-md-inline-block" href="{app}" id="portal-app-link">'
        "Vào hệ thống ({name})</a>",
    ),
    "nav": (
        '<a class="nav-link" href="{login}">Đăng nhập</a>',
        '<a class="nav-link" href="{app}">Vào hệ thống</a>',
    ),
    "footer": ('<a href="{login}">Đăng nhập hệ thống</a>', '<a href="{app}">Vào hệ thống</a>'),
}


def _reader(request):
    """(user, signed in) for the account link. Finding the user reads the session and the user
    from the database: while it is away the reader is treated as signed out, so that a cached
    page is still served."""
    if cache.database_away():
        return None, False
    try:
        user = request.user
        return user, user.is_authenticated
    except cache.OUTAGE as exc:
        cache.database_failed(exc)
        return None, False


def _fill_counters(request, html: str) -> str:
    """Site counters and the account link into a public page. The reader is online and has
    visited even before the next flush has counted them, so neither figure is shown below 1."""
    stats = cache.site_stats()
    html = html.replace(VISITS, number(max(stats["visits"], 1)))
    html = html.replace(ONLINE, number(max(stats["online"], 1)))
    user, signed_in = _reader(request)
    values = {
        "login": reverse("accounts:login"),
        "app": reverse("dashboard"),
        "name": escape(user.get_full_name() or user.username) if signed_in else "",
    }
    for place, (signed_out_html, signed_in_html) in ACCOUNT_LINKS.items():
        link = (signed_in_html if signed_in else signed_out_html).format(**values)
        html = html.replace(f"<!--td:account:{place}-->", link)
    return html


def _serve(request, key: str, build, *, count_article: bool = False):
    """Serve a public page from the cache (building it on a miss), fill in the counters and
    count the visit. ``build`` returns (html, article id or None) or raises Http404."""
    gen = cache.generation()
    entry = cache.get_page(key)
    if entry is None:
        try:
            entry = build()
            nxt = selectors.next_scheduled_at()
        except cache.OUTAGE as exc:
            # The database is away: the page as last cached if no content changed since, else 503.
            entry = cache.get_stale_page(key)
            if entry is None:
                raise
            cache.database_failed(exc)
        else:
            cache.set_page(key, entry, gen=gen, expires_at=nxt.timestamp() if nxt else None)
    html, article_id = entry
    html = _fill_counters(request, html)
    if article_id:
        # The reader's own view is counted (spooled) but flushed a moment later: never show 0.
        html = html.replace(VIEWS, number(max(cache.article_views(article_id), 1)))
    response = HttpResponse(html)
    response["Cache-Control"] = "no-cache"
    counting.record_request(request, response, article_id if count_article else None)
    return response


@require_GET
def home(request):
    def build():
        return _render_public(
            "portal/home.html",
            {
                "articles": list(selectors.live_articles()[:9]),
                "results": list(selectors.published_results()[:6]),
                "stories": selectors.exemplary_entries(limit=4),
            },
        ), None

    return _serve(request, "home", build)


@require_GET
def article_detail(request, slug):
    def build():
        article = get_object_or_404(selectors.live_articles(), slug=slug)
        related = selectors.live_articles(category=article.category).exclude(pk=article.pk)[:4]
        html = _render_public("portal/article.html", {"article": article, "related": list(related)})
        return html, article.pk

    return _serve(request, f"article:{slug}", build, count_article=True)


@require_GET
def category(request, slug):
    page_no = request.GET.get("page", "1")

    def build():
        cat = get_object_or_404(Category, slug=slug)
        page = paginate(request, selectors.live_articles(category=cat), per_page=12)
        html = _render_public("portal/list.html", {"heading": cat.name, "page_obj": page, "category": cat})
        return html, None

    return _serve(request, f"category:{slug}:{page_no[:6]}", build)


@require_GET
def search(request):
    query = request.GET.get("q", "").strip()[:100]
    html = _render_public(
        "portal/list.html",
        {
            "heading": f"Kết quả tìm kiếm “{query}”" if query else "Tìm kiếm",
            "query": query,
            "page_obj": paginate(request, selectors.search_articles(query=query), per_page=12),
            "qs": query_string_without_page(request),
            "searching": True,
        },
    )
    return _fill(request, html)


def _fill(request, html):
    """Counters for a page that is not cached (search results depend on the query)."""
    response = HttpResponse(_fill_counters(request, html))
    counting.record_request(request, response)
    return response


@require_GET
def results_list(request):
    def build():
        return _render_public(
            "portal/results_list.html", {"results": list(selectors.published_results())}
        ), None

    return _serve(request, "results", build)


@require_GET
def results_detail(request, bloc_code, year):
    def build():
        page = get_object_or_404(
            selectors.published_results(), bloc_year__bloc__code=bloc_code, bloc_year__year=year
        )
        data = selectors.results_for(page=page)
        html = _render_public(
            "portal/results.html",
            {
                "page": page,
                "data": data,
                "chart_json": json.dumps(data.get("chart")) if data.get("chart") else "",
            },
        )
        return html, None

    return _serve(request, f"results:{bloc_code}:{year}", build)


@require_GET
def exemplary_list(request):
    def build():
        return _render_public("portal/exemplary_list.html", {"stories": selectors.exemplary_entries()}), None

    return _serve(request, "exemplary", build)


@require_GET
def exemplary_detail(request, slug):
    def build():
        story = get_object_or_404(selectors.live_stories(), slug=slug)
        return _render_public("portal/exemplary.html", {"story": story}), None

    return _serve(request, f"exemplary:{slug}", build)


@require_GET
def exemplary_model(request, key):
    """An exemplary model published by the office (proposals app): story, photos, awards."""

    def build():
        model = selectors.published_model(key=key)
        if model is None:
            raise Http404
        html = _render_public(
            "portal/exemplary_model.html",
            {
                "m": model,
                "subject": selectors.model_subject(model),
                "photos": list(model.photos.all()),
                "awards": sorted(
                    public_awards.without_revoked(model.awards.all()),
                    key=lambda r: (-r.year, r.decision_number),
                ),
            },
        )
        return html, None

    return _serve(request, f"exemplary-model:{key}", build)


@require_GET
def exemplary_photo(request, code):
    """A photo of a published exemplary model. It disappears with the model's publication, so
    browsers revalidate it (the ETag spares the bytes) instead of keeping it for a year."""
    photo = selectors.published_photo(code=code)
    if photo is None:
        raise Http404
    etag = f'"{photo.code}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
    else:
        response = FileResponse(photo.image.open("rb"), content_type="image/jpeg")
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def image(request, uuid, ext):
    img = get_object_or_404(ArticleImage, uuid=uuid)
    path = images.image_root() / img.file
    if not path.name.endswith(f".{ext}") or not path.exists():
        raise Http404
    response = FileResponse(path.open("rb"), content_type=mimetypes.guess_type(path.name)[0])
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    response["X-Content-Type-Options"] = "nosniff"
    return response


class ArticleFeed(Feed):
    title = "Tin thi đua – khen thưởng"
    description = "Tin mới trên cổng thông tin thi đua – khen thưởng"

    def link(self):
        return reverse("portal:home")

    def items(self):
        return selectors.live_articles()[:20]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.author_name

    def item_categories(self, item):
        return [item.category.name] if item.category else []


class AtomFeed(ArticleFeed):
    feed_type = Atom1Feed
    subtitle = ArticleFeed.description


# Editors -----------------------------------------------------------------------------------------


def _editor(request):
    if not is_portal_editor(request.user):
        raise Http404


@login_required
def editor_home(request):
    if not is_portal_editor(request.user):
        # The menu entry is shown to every signed-in user; others land on the public portal.
        return redirect("portal:home")
    status = request.GET.get("status", "")
    if status not in ArticleStatus.values:
        status = ""
    query = request.GET.get("q", "").strip()
    return render(
        request,
        "portal/editor/home.html",
        {
            "page_obj": paginate(request, selectors.editor_articles(status=status, query=query)),
            "status": status,
            "statuses": ArticleStatus.choices,
            "query": query,
            "qs": query_string_without_page(request),
            "stories": ExemplaryStory.objects.order_by("-updated_at")[:50],
            "category_form": CategoryForm(),
            "categories": Category.objects.all(),
        },
    )


def _article_kwargs(data):
    return {k: data[k] for k in ("title", "slug", "category", "author_name", "summary", "cover", "body")}


@login_required
@idempotent
def editor_article_create(request):
    _editor(request)
    form = ArticleForm(request.POST or None, initial={"author_name": request.user.get_full_name()})
    if request.method == "POST" and form.is_valid():
        article = call_service(
            form, services.article_create, actor=request.user, **_article_kwargs(form.cleaned_data)
        )
        if article:
            messages.success(request, "Đã lưu bản nháp.")
            return redirect("portal:editor_article_edit", uuid=article.uuid)
    return render(request, "portal/editor/article_form.html", {"form": form, "image_form": ImageForm()})


@login_required
def editor_article_edit(request, uuid):
    _editor(request)
    article = get_object_or_404(Article, uuid=uuid)
    initial = {
        "title": article.title,
        "slug": article.slug,
        "category": article.category,
        "author_name": article.author_name,
        "summary": article.summary,
        "cover": article.cover,
        "body": article.body,
    }
    form = ArticleForm(
        request.POST or None, initial=initial, published=article.status == ArticleStatus.PUBLISHED
    )
    if request.method == "POST" and form.is_valid():
        updated = call_service(
            form,
            services.article_update,
            actor=request.user,
            article=article,
            reason=form.cleaned_data.get("reason", ""),
            **_article_kwargs(form.cleaned_data),
        )
        if updated:
            if updated.updated_at == article.updated_at:
                messages.info(request, "Không có thay đổi nào: bài giữ nguyên.")
            else:
                messages.success(request, "Đã lưu thay đổi.")
            return redirect("portal:editor_article_edit", uuid=article.uuid)
    return render(
        request,
        "portal/editor/article_form.html",
        {
            "form": form,
            "article": article,
            "image_form": ImageForm(),
            "transition_form": TransitionForm(),
            "actions": [a for a, (src, _) in services.TRANSITIONS.items() if article.status in src],
            "action_labels": dict(ArticleAction.choices),
            "transitions": article.transitions.select_related("actor"),
            "versions": article.versions.select_related("author"),
        },
    )


@login_required
@require_POST
def editor_article_version_restore(request, uuid, pk):
    _editor(request)
    version = get_object_or_404(ArticleVersion, pk=pk, article__uuid=uuid)
    form = VersionRestoreForm(request.POST)
    if form.is_valid() and call_service(
        form,
        services.article_version_restore,
        actor=request.user,
        version=version,
        reason=form.cleaned_data["reason"],
    ):
        messages.success(
            request, f"Đã khôi phục phiên bản lúc {localtime(version.created_at):%d/%m/%Y %H:%M}."
        )
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return redirect("portal:editor_article_edit", uuid=uuid)


@login_required
@require_POST
def editor_article_transition(request, uuid, action):
    _editor(request)
    article = get_object_or_404(Article, uuid=uuid)
    form = TransitionForm(request.POST)
    if form.is_valid():
        done = call_service(
            form,
            services.article_transition,
            actor=request.user,
            article=article,
            action=action,
            reason=form.cleaned_data["reason"],
            published_at=form.cleaned_data["published_at"],
        )
        if done:
            messages.success(request, f"Đã thực hiện: {ArticleAction(action).label}.")
            return redirect("portal:editor_article_edit", uuid=article.uuid)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return redirect("portal:editor_article_edit", uuid=article.uuid)


@login_required
def editor_article_preview(request, uuid):
    _editor(request)
    article = get_object_or_404(Article, uuid=uuid)
    html = _render_public("portal/article.html", {"article": article, "related": [], "preview": True})
    html = html.replace(VIEWS, number(article.view_count))
    return HttpResponse(_fill_counters(request, html))


@login_required
@idempotent_json
@require_POST
def editor_image_upload(request):
    """Upload from the rich-text editor: answers JSON with the image's public URL."""
    _editor(request)
    form = ImageForm(request.POST, request.FILES)
    if not form.is_valid():
        return JsonResponse({"detail": "Chưa chọn tệp ảnh.", "errors": form.errors}, status=422)
    try:
        img = services.image_upload(
            actor=request.user, upload=form.cleaned_data["file"], caption=form.cleaned_data["caption"]
        )
    except services.ValidationError as exc:
        errs = error_messages(exc)
        return JsonResponse(
            {"detail": " ".join(m for ms in errs.values() for m in ms), "errors": errs}, status=422
        )
    return JsonResponse(
        {"id": str(img.uuid), "url": img.get_absolute_url(), "width": img.width, "height": img.height},
        status=201,
    )


@login_required
@require_POST
@idempotent
def editor_category_create(request):
    _editor(request)
    form = CategoryForm(request.POST)
    if form.is_valid() and call_service(
        form, services.category_create, actor=request.user, name=form.cleaned_data["name"]
    ):
        messages.success(request, "Đã thêm chuyên mục.")
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("portal:editor_home")


@login_required
def editor_story(request, uuid=None):
    _editor(request)
    story = get_object_or_404(ExemplaryStory, uuid=uuid) if uuid else None
    initial = {}
    if story:
        initial = {
            k: getattr(story, k)
            for k in ("title", "unit", "person", "year", "summary", "body", "is_published")
        }
    form = StoryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = call_service(form, services.story_save, actor=request.user, story=story, **form.cleaned_data)
        if saved:
            messages.success(request, "Đã lưu điển hình tiên tiến.")
            return redirect("portal:editor_story_edit", uuid=saved.uuid)
    return render(
        request, "portal/editor/story_form.html", {"form": form, "story": story, "image_form": ImageForm()}
    )


@login_required
def editor_results(request):
    _editor(request)
    years = BlocYear.objects.select_related("bloc", "leader").order_by("-year", "bloc__name_sort")
    pages = {p.bloc_year_id: p for p in ResultsPage.objects.all()}
    rows = [(y, pages.get(y.pk)) for y in years]
    return render(request, "portal/editor/results.html", {"rows": rows})


@login_required
@require_POST
def editor_results_publish(request, pk):
    _editor(request)
    bloc_year = get_object_or_404(BlocYear, pk=pk)
    form = ResultsForm(request.POST)
    if form.is_valid() and call_service(
        form,
        services.results_set_published,
        actor=request.user,
        bloc_year=bloc_year,
        published=form.cleaned_data["published"],
        intro=form.cleaned_data["intro"],
    ):
        messages.success(request, "Đã cập nhật trang kết quả.")
    return redirect("portal:editor_results")
