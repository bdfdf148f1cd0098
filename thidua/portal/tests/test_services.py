"""Articles: sanitising, slugs, workflow, scheduled publishing, cache invalidation, images."""

import io
import time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from thidua.core.models import AuditEvent
from thidua.portal import services
from thidua.portal.choices import ArticleAction, ArticleStatus
from thidua.portal.html import vietnamese_slug
from thidua.portal.models import Article, ArticleImage
from thidua.portal.tests.factories import published_article, soon

pytestmark = pytest.mark.django_db
UA = {"HTTP_USER_AGENT": "Mozilla/5.0 Firefox/130"}
EVIL = (
    '<p onclick="steal()">Chào<script>alert(1)</script></p>'
    '<a href="javascript:alert(2)">x</a><img src="x.png" onerror="alert(3)">'
    '<iframe src="https://evil.example"></iframe><a href="data:text/html,hi">d</a>'
    '<svg onload="alert(4)"></svg><p style="background:url(javascript:alert(5))">s</p>'
)


def test_slug_from_vietnamese_title():
    assert (
        vietnamese_slug("Khối Nội chính tổng kết công tác năm 2019")
        == "khoi-noi-chinh-tong-ket-cong-tac-nam-2019"
    )
    assert vietnamese_slug("Đồng chí Đặng") == "dong-chi-dang"


def test_duplicate_titles_get_distinct_slugs(world):
    a = services.article_create(actor=world.editor, title="Khối Nội chính tổng kết")
    b = services.article_create(actor=world.editor, title="Khối Nội chính tổng kết")
    assert a.slug == "khoi-noi-chinh-tong-ket"
    assert b.slug == "khoi-noi-chinh-tong-ket-2"


def test_script_injection_in_body_and_title_is_removed(world, client):
    article = published_article(world.editor, title='<script>alert("t")</script>Tin <b>mới</b>', body=EVIL)
    assert article.title == "Tin mới"
    for bad in ("<script", "onclick", "onerror", "onload", "javascript:", "<iframe", "data:text", "style="):
        assert bad not in article.body
    assert "Chào" in article.body
    html = client.get(article.get_absolute_url(), **UA).content.decode()
    assert "alert(" not in html


def test_title_required_and_nothing_changes(world):
    with pytest.raises(ValidationError) as exc:
        services.article_create(actor=world.editor, title="<script>x</script>  ")
    assert "Tiêu đề" in str(exc.value)
    assert not Article.objects.filter(title="").exists()


def test_only_editors_write(world):
    for persona in ("officer_a", "secretary", "council"):
        with pytest.raises(PermissionDenied):
            services.article_create(actor=getattr(world, persona), title="Tin")
    assert services.article_create(actor=world.admin, title="Tin của quản trị").status == ArticleStatus.DRAFT


def test_workflow_and_audit(world):
    article = services.article_create(actor=world.editor, title="Tin", body="<p>x</p>")
    with pytest.raises(ValidationError):
        services.article_transition(actor=world.editor, article=article, action=ArticleAction.PUBLISH)
    article = services.article_transition(actor=world.editor, article=article, action=ArticleAction.SUBMIT)
    with pytest.raises(ValidationError):
        services.article_transition(
            actor=world.editor, article=article, action=ArticleAction.RETURN
        )  # no reason
    article = services.article_transition(actor=world.editor, article=article, action=ArticleAction.PUBLISH)
    assert article.status == ArticleStatus.PUBLISHED and article.is_live
    article = services.article_transition(
        actor=world.editor, article=article, action=ArticleAction.UNPUBLISH, reason="Sai số liệu"
    )
    assert article.status == ArticleStatus.DRAFT
    actions = list(AuditEvent.objects.filter(object_id=str(article.pk)).values_list("action", flat=True))
    assert {"article.create", "article.submit", "article.publish", "article.unpublish"} <= set(actions)
    assert article.transitions.count() == 3


def test_unpublished_article_slug_is_404(world, client):
    draft = services.article_create(actor=world.editor, title="Bản nháp bí mật", body="<p>x</p>")
    assert client.get(f"/tin-tuc/{draft.slug}/", **UA).status_code == 404
    services.article_transition(actor=world.editor, article=draft, action=ArticleAction.SUBMIT)
    assert client.get(f"/tin-tuc/{draft.slug}/", **UA).status_code == 404
    assert "Bản nháp bí mật" not in client.get("/", **UA).content.decode()
    assert client.get("/tim-kiem/?q=ban nhap bi mat", **UA).content.decode().count("Bản nháp bí mật") == 0


def test_scheduled_publication_appears_on_time_without_a_job(world, client):
    """A future publication time keeps the article hidden and cached pages expire at that time."""
    article = published_article(world.editor, title="Tin hẹn giờ đăng", published_at=soon(1.5))
    assert client.get(article.get_absolute_url(), **UA).status_code == 404
    assert "Tin hẹn giờ đăng" not in client.get("/", **UA).content.decode()  # home now cached
    time.sleep(1.6)
    assert client.get(article.get_absolute_url(), **UA).status_code == 200
    assert "Tin hẹn giờ đăng" in client.get("/", **UA).content.decode()


def test_cache_is_used_and_invalidated_on_publish_and_edit(world, client, django_assert_max_num_queries):
    client.get("/", **UA)
    with django_assert_max_num_queries(1):  # cached page: only the counters may be read
        client.get("/", **UA)
    article = published_article(world.editor, title="Tin vừa xuất bản")
    assert "Tin vừa xuất bản" in client.get("/", **UA).content.decode()
    client.get(article.get_absolute_url(), **UA)
    services.article_update(
        actor=world.editor, article=article, title="Tin đã sửa tiêu đề", reason="Tiêu đề rõ hơn"
    )
    assert "Tin đã sửa tiêu đề" in client.get(article.get_absolute_url(), **UA).content.decode()
    assert "Tin đã sửa tiêu đề" in client.get("/", **UA).content.decode()
    services.article_transition(
        actor=world.editor, article=article, action=ArticleAction.UNPUBLISH, reason="Gỡ"
    )
    assert client.get(article.get_absolute_url(), **UA).status_code == 404


def test_search_ignores_diacritics(world, client):
    published_article(world.editor, title="Hội nghị tổng kết Khối Nội chính")
    for q in ("hoi nghi tong ket", "Hội Nghị", "NOI CHINH"):
        assert "Hội nghị tổng kết Khối Nội chính" in client.get(f"/tim-kiem/?q={q}", **UA).content.decode()


def _png(size=(2400, 1200), fmt="PNG"):
    buf = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buf, fmt)
    return buf.getvalue()


def test_image_is_checked_resized_and_served(world, client, django_capture_on_commit_callbacks):
    upload = SimpleUploadedFile("anh.png", _png(), content_type="image/png")
    with django_capture_on_commit_callbacks(execute=True):  # the file is moved into place at commit
        image = services.image_upload(actor=world.editor, upload=upload, caption="Toàn cảnh hội nghị")
    assert (image.width, image.height) == (1600, 800)
    response = client.get(image.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"


def test_fake_and_oversized_images_are_refused(world, settings):
    fake = SimpleUploadedFile("virus.jpg", b"<?php system($_GET['c']); ?>", content_type="image/jpeg")
    with pytest.raises(ValidationError) as exc:
        services.image_upload(actor=world.editor, upload=fake)
    assert "không phải ảnh" in str(exc.value)
    settings.PORTAL_IMAGE_MAX_BYTES = 1000
    big = SimpleUploadedFile("big.png", _png((500, 500)), content_type="image/png")
    with pytest.raises(ValidationError) as exc:
        services.image_upload(actor=world.editor, upload=big)
    assert "quá lớn" in str(exc.value)
    assert not ArticleImage.objects.exists()


def test_results_page_shows_members_and_leader(world, client):
    html = client.get("/ket-qua/KNC/2019/", **UA).content.decode()
    assert "Cục Thi hành án dân sự tỉnh" in html and "Sở Nội vụ" in html
    from thidua.organisations.models import BlocYear

    services.results_set_published(
        actor=world.editor, bloc_year=BlocYear.objects.get(bloc__code="KNC", year=2019), published=False
    )
    assert client.get("/ket-qua/KNC/2019/", **UA).status_code == 404
