"""“Việc cần làm” of the portal: a portal editor's own draft articles (to finish and send for
review). One query."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from thidua.core.todo import TodoItem
from thidua.portal.choices import ArticleStatus
from thidua.portal.models import Article
from thidua.portal.permissions import is_portal_editor

MAX_DRAFTS = 20


def todo_items(*, user) -> list[TodoItem]:
    if not is_portal_editor(user):
        return []
    drafts = Article.objects.filter(status=ArticleStatus.DRAFT, created_by=user).order_by("-updated_at")
    return [
        TodoItem(
            title=f"Hoàn thiện bản nháp “{article.title}” và gửi duyệt",
            url=reverse("portal:editor_article_edit", args=[article.uuid]),
            deadline=None,
            context=f"Cổng thông tin · bản nháp, sửa lần cuối {timezone.localtime(article.updated_at):%d/%m/%Y}",
            kind="portal.draft",
        )
        for article in drafts.only("uuid", "title", "updated_at")[:MAX_DRAFTS]
    ]
