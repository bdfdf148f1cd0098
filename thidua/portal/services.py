"""Writes of the portal: articles and their workflow, images, exemplary stories, results pages.
Every service checks that the actor edits the portal, runs in a transaction, writes an audit
record and invalidates the page cache."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from thidua.core import sane
from thidua.core.audit import audit, snapshot
from thidua.core.errors import field_error
from thidua.core.files import discard_on_error
from thidua.core.models import AuditEvent
from thidua.portal import cache, images
from thidua.portal.choices import ArticleAction, ArticleStatus
from thidua.portal.html import plain, sanitize, vietnamese_slug
from thidua.portal.models import (
    Article,
    ArticleImage,
    ArticleTransition,
    ArticleVersion,
    Category,
    ExemplaryStory,
    ResultsPage,
)
from thidua.portal.permissions import is_portal_editor

DENIED = "Chỉ biên tập viên cổng thông tin hoặc quản trị viên được thực hiện thao tác này."
ARTICLE_FIELDS = [
    "title",
    "slug",
    "category",
    "summary",
    "body",
    "cover",
    "author_name",
    "status",
    "published_at",
]
VERSION_FIELDS = ["title", "summary", "body"]
REASON_REQUIRED = (
    "Bài đã xuất bản: hãy ghi lý do sửa. "
    "Nội dung trước khi sửa được lưu thành một phiên bản để khôi phục khi cần."
)
RESTORE_REASON_REQUIRED = "Hãy ghi lý do khôi phục phiên bản cũ."
RESTORE_SAME = "Nội dung hiện tại đã giống phiên bản này, không có gì để khôi phục."
# Which status each action moves from and to.
TRANSITIONS = {
    ArticleAction.SUBMIT: ({ArticleStatus.DRAFT}, ArticleStatus.REVIEW),
    ArticleAction.RETURN: ({ArticleStatus.REVIEW}, ArticleStatus.DRAFT),
    ArticleAction.PUBLISH: ({ArticleStatus.REVIEW}, ArticleStatus.PUBLISHED),
    ArticleAction.UNPUBLISH: ({ArticleStatus.PUBLISHED}, ArticleStatus.DRAFT),
}


def _require_editor(actor) -> None:
    if not is_portal_editor(actor):
        raise PermissionDenied(DENIED)


def _unique_slug(model, base: str, exclude_pk=None) -> str:
    slug, n = base, 2
    while model.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        suffix = f"-{n}"
        slug = base[: 300 - len(suffix)] + suffix
        n += 1
    return slug


def _clean_text(title: str, summary: str, body: str, author_name: str | None = None) -> dict:
    errors = {}
    title = plain(title)
    if not title:
        errors["title"] = ["Tiêu đề không được để trống."]
    elif len(title) > 300:
        errors["title"] = ["Tiêu đề dài quá 300 ký tự."]
    summary = plain(summary)
    if len(summary) > 1000:
        errors["summary"] = ["Tóm tắt dài quá 1.000 ký tự."]
    body = sanitize(body)
    result = {"title": title, "summary": summary, "body": body}
    if author_name is not None:
        result["author_name"] = plain(author_name)
        if len(result["author_name"]) > 150:
            errors["author_name"] = [sane.length_message("Tên tác giả", 150, len(result["author_name"]))]
    if errors:
        raise ValidationError(errors)
    return result


def _slug_for(model, slug: str, title: str, exclude_pk=None) -> str:
    wanted = vietnamese_slug(slug or title)
    if slug and vietnamese_slug(slug) != slug.strip().lower():
        raise field_error("slug", "Đường dẫn chỉ gồm chữ không dấu, số và dấu gạch ngang.")
    return _unique_slug(model, wanted, exclude_pk)


def article_create(
    *,
    actor,
    title: str,
    body: str = "",
    summary: str = "",
    category: Category | None = None,
    author_name: str = "",
    slug: str = "",
    cover: ArticleImage | None = None,
) -> Article:
    _require_editor(actor)
    data = _clean_text(title, summary, body, author_name)
    data["author_name"] = data["author_name"] or actor.get_full_name() or actor.username
    with transaction.atomic():
        article = Article.objects.create(
            slug=_slug_for(Article, slug, data["title"]),
            category=category,
            cover=cover,
            created_by=actor,
            **data,
        )
        audit(actor=actor, action="article.create", obj=article, after=snapshot(article, ARTICLE_FIELDS))
    cache.content_changed()
    return article


def _same_body(new: str, stored: str) -> bool:
    """Two bodies are the same when they sanitise to the same HTML."""
    return new == stored or sanitize(new) == sanitize(stored)


def _keep_version(*, actor, article: Article, reason: str) -> ArticleVersion:
    return ArticleVersion.objects.create(
        article=article,
        title=article.title,
        summary=article.summary,
        body=article.body,
        author=actor,
        reason=reason,
    )


def article_update(*, actor, article: Article, reason: str = "", **changes) -> Article:
    """Change the text, category, cover or slug. A published article's slug stays (its links
    are out in the world); its other changes show at once, need a ``reason`` and keep the text
    they replace as an ``ArticleVersion``. Nothing that sanitises to what is stored counts as a
    change: an unchanged save writes nothing and keeps the body byte for byte."""
    _require_editor(actor)
    reason = plain(reason)
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article.pk)
        before = snapshot(article, ARTICLE_FIELDS)
        data = _clean_text(
            changes.get("title", article.title),
            changes.get("summary", article.summary),
            changes.get("body", article.body),
            changes.get("author_name", article.author_name),
        )
        if not data["author_name"]:
            raise field_error("author_name", "Tác giả không được để trống.")
        if _same_body(data["body"], article.body):
            data["body"] = article.body
        changed = {key for key, value in data.items() if getattr(article, key) != value}
        for key in ("category", "cover"):
            if key in changes and getattr(article, key) != changes[key]:
                changed.add(key)
        new_slug = changes.get("slug")
        if new_slug is not None and new_slug != article.slug:
            if article.status == ArticleStatus.PUBLISHED:
                raise field_error("slug", "Không đổi đường dẫn của bài đã xuất bản.")
            changed.add("slug")
        if not changed:
            return article
        published = article.status == ArticleStatus.PUBLISHED
        if published and not reason:
            raise field_error("reason", REASON_REQUIRED)
        if published:
            _keep_version(actor=actor, article=article, reason=reason)
        for key, value in data.items():
            setattr(article, key, value)
        if "category" in changed:
            article.category = changes["category"]
        if "cover" in changed:
            article.cover = changes["cover"]
        if "slug" in changed:
            article.slug = _slug_for(Article, new_slug, article.title, exclude_pk=article.pk)
        article.save()
        audit(
            actor=actor,
            action="article.update",
            obj=article,
            before=before,
            after=snapshot(article, ARTICLE_FIELDS),
            reason=reason,
        )
    cache.content_changed()
    return article


def article_version_restore(*, actor, version: ArticleVersion, reason: str) -> Article:
    """Put a former text (title, summary, body) of an article back. The text it replaces is kept
    as a new version first, so a restore can itself be undone."""
    _require_editor(actor)
    reason = plain(reason)
    if not reason:
        raise field_error("reason", RESTORE_REASON_REQUIRED)
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=version.article_id)
        version = ArticleVersion.objects.get(pk=version.pk)
        if all(getattr(article, key) == getattr(version, key) for key in VERSION_FIELDS):
            raise field_error("version", RESTORE_SAME)
        before = snapshot(article, ARTICLE_FIELDS)
        _keep_version(actor=actor, article=article, reason=reason)
        for key in VERSION_FIELDS:
            setattr(article, key, getattr(version, key))
        article.save()
        audit(
            actor=actor,
            action="article.restore",
            obj=article,
            before=before,
            after={**snapshot(article, ARTICLE_FIELDS), "restored_version": version.pk},
            reason=reason,
        )
    cache.content_changed()
    return article


def article_transition(
    *, actor, article: Article, action: str, reason: str = "", published_at: dt.datetime | None = None
) -> Article:
    """Move an article along draft → review → published; unpublish takes it back to draft.
    ``published_at`` in the future schedules the publication: the article stays invisible until
    then, and the cached pages expire at that moment."""
    _require_editor(actor)
    if action not in TRANSITIONS:
        raise field_error("action", "Thao tác không hợp lệ.")
    reason = plain(reason)
    if action in (ArticleAction.RETURN, ArticleAction.UNPUBLISH) and not reason:
        raise field_error("reason", "Cần ghi lý do khi trả lại hoặc gỡ bài.")
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article.pk)
        sources, target = TRANSITIONS[ArticleAction(action)]
        if article.status not in sources:
            raise field_error(
                "action",
                f"Không thể “{ArticleAction(action).label}” bài đang ở trạng thái "
                f"“{ArticleStatus(article.status).label}”.",
            )
        before = snapshot(article, ARTICLE_FIELDS)
        if action == ArticleAction.PUBLISH:
            if not article.body.strip():
                raise field_error("body", "Bài chưa có nội dung, chưa thể xuất bản.")
            article.published_at = published_at or timezone.now()
        ArticleTransition.objects.create(
            article=article,
            action=action,
            from_status=article.status,
            to_status=target,
            actor=actor,
            reason=reason,
        )
        article.status = target
        article.save()
        audit(
            actor=actor,
            action=f"article.{action}",
            obj=article,
            before=before,
            after=snapshot(article, ARTICLE_FIELDS),
            reason=reason,
        )
    cache.content_changed()
    return article


def scheduled_articles_went_live(*, since: dt.datetime, until: dt.datetime) -> list[Article]:
    """The system's side of scheduled publishing, run every minute by a periodic task
    (``thidua.portal.tasks.publish_scheduled``): each article published ahead of its publication
    time, whose time came in (``since``, ``until``], gets an audit record saying when it went live,
    and every process's page cache is dropped so that lists and counts show it. Readers saw it on
    time anyway (cached pages expire at the next publication time); an article already recorded
    (a window run twice) is not recorded again."""
    due = list(
        Article.objects.filter(
            status=ArticleStatus.PUBLISHED,
            published_at__gt=since,
            published_at__lte=until,
            transitions__action=ArticleAction.PUBLISH,
            transitions__at__lt=F("published_at"),
        )
        .distinct()
        .order_by("published_at", "pk")
    )
    live = []
    with transaction.atomic():
        for article in due:
            recorded = AuditEvent.objects.filter(
                action="article.went_live",
                object_type=article._meta.label_lower,
                object_id=str(article.pk),
                after__published_at=article.published_at.isoformat(),
            )
            if recorded.exists():
                continue
            audit(
                actor=None,
                action="article.went_live",
                obj=article,
                after={"published_at": article.published_at},
                reason="Đến giờ xuất bản đã hẹn.",
            )
            live.append(article)
    if live:
        cache.content_changed()
    return live


def image_upload(*, actor, upload, caption: str = "") -> ArticleImage:
    _require_editor(actor)
    caption = sane.check_length("caption", plain(caption), 300, "Chú thích ảnh")
    # The file is written under a temporary name and moved into place after the commit.
    info, staged = images.process(upload)
    with discard_on_error(staged), transaction.atomic():
        image = ArticleImage.objects.create(caption=caption, uploaded_by=actor, **info)
        audit(actor=actor, action="article_image.upload", obj=image, after=snapshot(image))
        staged.move_on_commit(on_failure=lambda: ArticleImage.objects.filter(pk=image.pk).delete())
    return image


def category_create(*, actor, name: str, position: int = 0) -> Category:
    _require_editor(actor)
    name = plain(name)
    if not name:
        raise field_error("name", "Tên chuyên mục không được để trống.")
    sane.check_length("name", name, 150, "Tên chuyên mục")
    if Category.objects.filter(name__iexact=name).exists():
        raise field_error("name", f"Đã có chuyên mục “{name}”.")
    with transaction.atomic():
        category = Category.objects.create(
            name=name, slug=_unique_slug(Category, vietnamese_slug(name, 150)), position=position
        )
        audit(actor=actor, action="category.create", obj=category, after=snapshot(category))
    cache.content_changed()
    return category


STORY_FIELDS = ["title", "slug", "unit", "person", "year", "summary", "body", "is_published", "published_at"]


def story_save(*, actor, story: ExemplaryStory | None = None, **fields) -> ExemplaryStory:
    """Create (``story`` None) or change an exemplary story; ``is_published`` shows or hides it."""
    _require_editor(actor)
    with transaction.atomic():
        if story is not None:
            story = ExemplaryStory.objects.select_for_update().get(pk=story.pk)
            before = snapshot(story, STORY_FIELDS)
        else:
            story, before = ExemplaryStory(), None
        data = _clean_text(
            fields.get("title", story.title),
            fields.get("summary", story.summary),
            fields.get("body", story.body),
        )
        for key, value in data.items():
            setattr(story, key, value)
        for key in ("unit", "person", "year"):
            if key in fields:
                setattr(story, key, fields[key])
        if story.person and story.unit and story.person.unit_id != story.unit_id:
            raise field_error("person", "Cá nhân không thuộc đơn vị đã chọn.")
        if not story.slug:
            story.slug = _unique_slug(ExemplaryStory, vietnamese_slug(story.title))
        published = fields.get("is_published", story.is_published)
        if published and not story.is_published:
            story.published_at = timezone.now()
        story.is_published = published
        story.save()
        audit(
            actor=actor,
            action="exemplary.create" if before is None else "exemplary.update",
            obj=story,
            before=before,
            after=snapshot(story, STORY_FIELDS),
        )
    cache.content_changed()
    return story


def results_set_published(*, actor, bloc_year, published: bool, intro: str = "") -> ResultsPage:
    """Publish (or withdraw) the public results page of a bloc year."""
    _require_editor(actor)
    with transaction.atomic():
        page, _ = ResultsPage.objects.select_for_update().get_or_create(bloc_year=bloc_year)
        before = snapshot(page)
        page.intro = plain(intro) if intro else page.intro
        if published and not page.is_published:
            page.published_at = timezone.now()
        page.is_published = published
        page.save()
        audit(
            actor=actor,
            action="results.publish" if published else "results.unpublish",
            obj=page,
            before=before,
            after=snapshot(page),
        )
    cache.content_changed()
    return page
