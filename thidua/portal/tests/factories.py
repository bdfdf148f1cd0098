"""Small builders for portal tests."""

import datetime as dt

from django.utils import timezone

from thidua.portal import services
from thidua.portal.choices import ArticleAction


def published_article(editor, *, title="Tin thử nghiệm", body="<p>Nội dung</p>", published_at=None, **kwargs):
    article = services.article_create(actor=editor, title=title, body=body, **kwargs)
    services.article_transition(actor=editor, article=article, action=ArticleAction.SUBMIT)
    return services.article_transition(
        actor=editor, article=article, action=ArticleAction.PUBLISH, published_at=published_at
    )


def soon(seconds: float) -> dt.datetime:
    return timezone.now() + dt.timedelta(seconds=seconds)
