"""The portal's periodic tasks: scheduled publications are recorded once when their time comes,
and the view-count flush applies the spool."""

import datetime as dt

import pytest
from django.utils import timezone

from thidua.core.models import AuditEvent
from thidua.portal import tasks
from thidua.portal.counting import record
from thidua.portal.models import Article
from thidua.portal.tests.factories import published_article, soon

pytestmark = pytest.mark.django_db


def went_live(article) -> int:
    return AuditEvent.objects.filter(action="article.went_live", object_id=str(article.pk)).count()


def test_a_scheduled_article_is_recorded_once_when_its_time_comes(world):
    scheduled = published_article(world.editor, title="Tin hẹn giờ", published_at=soon(30))
    at_once = published_article(world.editor, title="Tin đăng ngay")
    minute = timezone.now() + dt.timedelta(seconds=60)
    before = (minute - dt.timedelta(seconds=60)).isoformat()
    # Its time has not come in the previous window (ending now): nothing yet.
    assert tasks.publish_scheduled.call(slot=timezone.now().isoformat(), previous=before) == 0
    assert tasks.publish_scheduled.call(slot=minute.isoformat(), previous=None) == 1
    assert went_live(scheduled) == 1 and went_live(at_once) == 0
    event = AuditEvent.objects.get(action="article.went_live")
    assert event.actor is None and event.reason == "Đến giờ xuất bản đã hẹn."
    # A window run again (or overlapping) records nothing twice.
    assert tasks.publish_scheduled.call(slot=minute.isoformat(), previous=before) == 0
    assert went_live(scheduled) == 1


def test_the_flush_task_applies_the_spooled_views(world):
    article = published_article(world.editor)
    record(visitor="visitor-task-1", article_id=article.pk)
    result = tasks.flush_views.call(slot=timezone.now().isoformat())
    assert result["articles"] == 1
    assert Article.objects.get(pk=article.pk).view_count == 1
