from django.db import models
from django.utils.translation import gettext_lazy as _


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    REVIEW = "review", _("Chờ duyệt")
    PUBLISHED = "published", _("Đã xuất bản")


class ArticleAction(models.TextChoices):
    SUBMIT = "submit", _("Gửi duyệt")
    RETURN = "return", _("Trả lại bản nháp")
    PUBLISH = "publish", _("Xuất bản")
    UNPUBLISH = "unpublish", _("Gỡ xuống")
