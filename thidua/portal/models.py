import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from thidua.core.models import TimeStampedModel
from thidua.core.text import fold
from thidua.portal.choices import ArticleStatus
from thidua.portal.permissions import is_portal_editor


class Category(models.Model):
    """A news section of the portal (chuyên mục), e.g. "Hoạt động các khối thi đua"."""

    name = models.CharField(_("tên chuyên mục"), max_length=150, unique=True)
    slug = models.SlugField(_("đường dẫn"), max_length=160, unique=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("chuyên mục")
        verbose_name_plural = _("chuyên mục")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("portal:category", args=[self.slug])


class ArticleQuerySet(models.QuerySet):
    def live(self, now=None):
        """Articles a reader may see now: published, and their publication time has come."""
        return self.filter(status=ArticleStatus.PUBLISHED, published_at__lte=now or timezone.now())

    def visible_to(self, user):
        return self if is_portal_editor(user) else self.live()


class Article(TimeStampedModel):
    """A news article of the public portal (tin bài). It moves draft → review → published; a
    publication time in the future schedules it. ``view_count`` holds the views flushed from the
    view spool (see ``thidua.portal.views_counter``), never incremented on the request path."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("tiêu đề"), max_length=300)
    slug = models.SlugField(_("đường dẫn"), max_length=320, unique=True, allow_unicode=False)
    category = models.ForeignKey(
        Category, verbose_name=_("chuyên mục"), null=True, blank=True, on_delete=models.SET_NULL
    )
    summary = models.TextField(_("tóm tắt"), max_length=1000, blank=True)
    body = models.TextField(_("nội dung"), blank=True)
    cover = models.ForeignKey(
        "ArticleImage",
        verbose_name=_("ảnh đại diện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    author_name = models.CharField(_("tác giả"), max_length=150)
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT
    )
    published_at = models.DateTimeField(_("thời điểm xuất bản"), null=True, blank=True, db_index=True)
    view_count = models.BigIntegerField(_("số lượt xem"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tạo"), null=True, on_delete=models.SET_NULL
    )
    search_text = models.TextField(editable=False, blank=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("tin bài")
        verbose_name_plural = _("tin bài")
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["status", "published_at"])]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.title} {self.summary} {strip_tags(self.body)}")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("portal:article", args=[self.slug])

    @property
    def is_live(self) -> bool:
        return (
            self.status == ArticleStatus.PUBLISHED
            and self.published_at
            and self.published_at <= timezone.now()
        )


class ArticleTransition(models.Model):
    """One step of an article's workflow, with who took it and why."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField(_("thao tác"), max_length=12)
    from_status = models.CharField(_("từ trạng thái"), max_length=12)
    to_status = models.CharField(_("sang trạng thái"), max_length=12)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("lý do"), blank=True)
    at = models.DateTimeField(_("lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("bước xử lý tin bài")
        verbose_name_plural = _("các bước xử lý tin bài")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.article_id}: {self.from_status} → {self.to_status}"


class ArticleVersion(models.Model):
    """A former text of an article (phiên bản cũ), kept when an editor changes a published article
    or restores an older text: the title, summary and body as they were just before, who replaced
    them, when and why. Any version can be restored."""

    article = models.ForeignKey(
        Article, verbose_name=_("tin bài"), on_delete=models.CASCADE, related_name="versions"
    )
    title = models.CharField(_("tiêu đề"), max_length=300)
    summary = models.TextField(_("tóm tắt"), blank=True)
    body = models.TextField(_("nội dung"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thay bằng nội dung mới"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("lý do"))
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("phiên bản tin bài")
        verbose_name_plural = _("phiên bản tin bài")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.title} ({self.created_at:%d/%m/%Y %H:%M})"


class ArticleImage(models.Model):
    """An image uploaded by an editor, checked and re-encoded by Pillow, served publicly."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    file = models.CharField(_("tệp"), max_length=200)
    content_type = models.CharField(max_length=40)
    width = models.PositiveIntegerField(_("rộng"))
    height = models.PositiveIntegerField(_("cao"))
    size = models.PositiveIntegerField(_("dung lượng"))
    caption = models.CharField(_("chú thích"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("ảnh")
        verbose_name_plural = _("ảnh")

    def __str__(self):
        return self.caption or str(self.uuid)

    def get_absolute_url(self):
        ext = "png" if self.content_type == "image/png" else "jpg"
        return reverse("portal:image", args=[self.uuid, ext])


class ExemplaryStoryQuerySet(models.QuerySet):
    def live(self):
        return self.filter(is_published=True)

    def visible_to(self, user):
        return self if is_portal_editor(user) else self.live()


class ExemplaryStory(TimeStampedModel):
    """An exemplary model (điển hình tiên tiến, người tốt việc tốt) told on the portal, linked
    optionally to a unit or a person. The awards app will own exemplary models later; until
    then the portal keeps its own stories."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("tiêu đề"), max_length=300)
    slug = models.SlugField(_("đường dẫn"), max_length=320, unique=True)
    unit = models.ForeignKey(
        "organisations.Unit", verbose_name=_("đơn vị"), null=True, blank=True, on_delete=models.SET_NULL
    )
    person = models.ForeignKey(
        "organisations.Person", verbose_name=_("cá nhân"), null=True, blank=True, on_delete=models.SET_NULL
    )
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True)
    summary = models.TextField(_("tóm tắt"), max_length=1000, blank=True)
    body = models.TextField(_("nội dung"), blank=True)
    is_published = models.BooleanField(_("đã công bố"), default=False)
    published_at = models.DateTimeField(_("công bố lúc"), null=True, blank=True)
    search_text = models.TextField(editable=False, blank=True)

    objects = ExemplaryStoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("điển hình tiên tiến")
        verbose_name_plural = _("điển hình tiên tiến")
        ordering = ["-published_at", "-id"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.title} {self.summary} {strip_tags(self.body)}")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("portal:exemplary", args=[self.slug])


class ResultsPage(TimeStampedModel):
    """The public page of one bloc year's results (kết quả thi đua), shown only once an editor
    publishes it. Rankings and proposals are read live from the scoring and conference apps."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    bloc_year = models.OneToOneField(
        "organisations.BlocYear", verbose_name=_("năm thi đua của khối"), on_delete=models.CASCADE
    )
    intro = models.TextField(_("lời giới thiệu"), blank=True)
    is_published = models.BooleanField(_("đã công bố"), default=False)
    published_at = models.DateTimeField(_("công bố lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("trang kết quả")
        verbose_name_plural = _("trang kết quả")
        ordering = ["-bloc_year__year", "bloc_year__bloc__name_sort"]

    def __str__(self):
        return f"Kết quả {self.bloc_year}"

    def get_absolute_url(self):
        return reverse("portal:results", args=[self.bloc_year.bloc.code, self.bloc_year.year])


class SiteCounter(models.Model):
    """Site-wide counters kept by the view flush: "visits" (Đã truy cập) with its seeded
    baseline, and "online" (distinct visitors active in the last minutes, recomputed)."""

    key = models.CharField(max_length=40, unique=True)
    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("bộ đếm")
        verbose_name_plural = _("bộ đếm")

    def __str__(self):
        return f"{self.key}={self.value}"


class ViewSeen(models.Model):
    """When a visitor was last counted for an article (article_id 0 = a site visit): the
    de-duplication window is applied against it during the flush."""

    article_id = models.BigIntegerField()
    visitor = models.CharField(max_length=64)
    counted_at = models.FloatField()
    last_seen = models.FloatField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article_id", "visitor"], name="portal_viewseen_unique")
        ]
        indexes = [models.Index(fields=["article_id", "last_seen"])]

    def __str__(self):
        return f"{self.article_id}/{self.visitor}"


class SpoolCursor(models.Model):
    """How far the flush has applied one spool file; advanced in the flush's transaction."""

    name = models.CharField(max_length=200, unique=True)
    offset = models.BigIntegerField(default=0)

    def __str__(self):
        return f"{self.name}@{self.offset}"


class FlushLock(models.Model):
    """A single row locked by each flush so that two flushes never apply the same records."""

    flushed_at = models.DateTimeField(null=True)

    def __str__(self):
        return f"flush@{self.flushed_at}"
