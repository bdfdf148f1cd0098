"""Editing a published article: an unchanged save changes nothing (the body is compared after
sanitising and kept byte for byte), a change needs a reason and keeps the text it replaces as a
version, and any version can be restored (service, API and editor page)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from thidua.core.models import AuditEvent
from thidua.portal import services
from thidua.portal.choices import ArticleStatus
from thidua.portal.html import TAGS
from thidua.portal.models import Article, ArticleVersion
from thidua.portal.tests.factories import published_article

pytestmark = pytest.mark.django_db
UA = {"HTTP_USER_AGENT": "Mozilla/5.0 Firefox/130"}
REASON = "Sửa số liệu theo báo cáo chính thức của Cục Thi hành án dân sự tỉnh."

# Every element and attribute the sanitiser allows, as an article body.
EVERY_ELEMENT = (
    "<h2>Tổng kết năm 2019</h2>"
    "<p>Đoạn có <strong>đậm</strong>, <b>đậm cũ</b>, <em>nghiêng</em>, <i>nghiêng cũ</i>, <u>gạch dưới</u>, "
    "<s>gạch ngang</s>, <del>đã xóa</del>, H<sub>2</sub>O, m<sup>2</sup>, <code>mã</code>,<br>xuống dòng và "
    '<a href="https://thidua.example/" rel="noopener noreferrer">liên kết</a>.</p>'
    '<p>Xem <a href="https://thidua.example/tin" title="Tin" rel="noopener noreferrer">tin có tiêu đề</a>.</p>'
    "<h3>Giao ước thi đua</h3>"
    "<ul><li>Một<ul><li>Một một</li></ul></li><li>Hai</li></ul>"
    "<ol><li>Thứ nhất</li><li>Thứ hai</li></ol>"
    "<h4>Trích dẫn</h4>"
    "<blockquote>Thi đua là yêu nước.</blockquote>"
    "<pre><code>điểm = 95\n  xếp loại: HTXS</code></pre>"
    '<figure><img src="/anh/hoi-nghi.jpg" alt="Hội nghị" width="800" height="450">'
    "<figcaption>Toàn cảnh hội nghị</figcaption></figure>"
    "<hr>"
    "<div>Khối div</div>"
    '<table><caption>Kết quả</caption><thead><tr><th scope="col">Đơn vị</th><th scope="col">Điểm</th></tr>'
    '</thead><tbody><tr><td>TAND</td><td rowspan="1" colspan="1">95</td></tr></tbody></table>'
)


def _update_as_the_form_does(article, **overrides):
    """What the editor page sends: every field, changed or not."""
    fields = {
        "title": article.title,
        "slug": article.slug,
        "category": article.category,
        "author_name": article.author_name,
        "summary": article.summary,
        "cover": article.cover,
        "body": article.body,
    }
    return {**fields, **overrides}


def test_the_sample_body_holds_every_allowed_element():
    for tag in TAGS:
        assert f"<{tag}>" in EVERY_ELEMENT or f"<{tag} " in EVERY_ELEMENT, tag


def test_unchanged_save_keeps_the_body_byte_for_byte(world):
    """Saving a published article with nothing changed writes nothing: no reason asked, no
    version, no audit record, the body's bytes and the update time as they were."""
    article = published_article(world.editor, title="Tin đủ mọi thẻ", body=EVERY_ELEMENT)
    stored = Article.objects.get(pk=article.pk)
    assert "<h3>Giao ước thi đua</h3>" in stored.body and "<table>" in stored.body
    audits = AuditEvent.objects.count()

    same = services.article_update(actor=world.editor, article=stored, **_update_as_the_form_does(stored))
    # Anything that sanitises to the stored body is the stored body.
    also_same = services.article_update(
        actor=world.editor,
        article=stored,
        **_update_as_the_form_does(stored, body=stored.body + "<script>alert(1)</script>"),
    )

    fresh = Article.objects.get(pk=article.pk)
    assert fresh.body.encode() == stored.body.encode()
    assert same.body == also_same.body == stored.body
    assert fresh.updated_at == stored.updated_at
    assert AuditEvent.objects.count() == audits
    assert not ArticleVersion.objects.filter(article=article).exists()


def test_published_edit_without_reason_is_refused_and_changes_nothing(world):
    article = published_article(world.editor, title="Tin đã đăng", body="<h3>Mục một</h3><p>Nội dung</p>")
    audits = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.article_update(
            actor=world.editor, article=article, **_update_as_the_form_does(article, body="<p>Mới</p>")
        )
    assert exc.value.message_dict == {"reason": [services.REASON_REQUIRED]}
    fresh = Article.objects.get(pk=article.pk)
    assert (fresh.body, fresh.updated_at) == (article.body, article.updated_at)
    assert AuditEvent.objects.count() == audits
    assert not ArticleVersion.objects.exists()


def test_draft_edit_needs_no_reason_and_keeps_no_version(world):
    draft = services.article_create(actor=world.editor, title="Bản nháp", body="<p>Một</p>")
    updated = services.article_update(actor=world.editor, article=draft, body="<p>Hai</p>")
    assert updated.body == "<p>Hai</p>" and not ArticleVersion.objects.exists()


def test_published_edit_keeps_the_previous_version_and_restore_brings_it_back(world, client):
    article = published_article(
        world.editor, title="Khối Nội chính tổng kết", summary="Tóm tắt cũ", body="<h3>Một</h3><p>Cũ</p>"
    )
    edited = services.article_update(
        actor=world.editor,
        article=article,
        reason=REASON,
        title="Khối Nội chính tổng kết năm 2019",
        body="<h3>Một</h3><p>Mới</p>",
    )
    assert edited.status == ArticleStatus.PUBLISHED and edited.body == "<h3>Một</h3><p>Mới</p>"
    version = ArticleVersion.objects.get(article=article)
    assert (version.title, version.summary, version.body) == (
        "Khối Nội chính tổng kết",
        "Tóm tắt cũ",
        "<h3>Một</h3><p>Cũ</p>",
    )
    assert (version.author, version.reason) == (world.editor, REASON)
    event = AuditEvent.objects.filter(action="article.update", object_id=str(article.pk)).latest("pk")
    assert event.reason == REASON and event.before["body"] == "<h3>Một</h3><p>Cũ</p>"
    assert "<p>Mới</p>" in client.get(article.get_absolute_url(), **UA).content.decode()

    with pytest.raises(ValidationError) as exc:
        services.article_version_restore(actor=world.editor, version=version, reason="  ")
    assert exc.value.message_dict == {"reason": [services.RESTORE_REASON_REQUIRED]}
    for persona in ("officer_a", "secretary", "council"):
        with pytest.raises(PermissionDenied):
            services.article_version_restore(actor=getattr(world, persona), version=version, reason="x")

    restored = services.article_version_restore(actor=world.admin, version=version, reason="Bản sửa sai")
    assert (restored.title, restored.body) == ("Khối Nội chính tổng kết", "<h3>Một</h3><p>Cũ</p>")
    assert restored.slug == article.slug and restored.status == ArticleStatus.PUBLISHED
    newest = ArticleVersion.objects.filter(article=article).first()  # newest first
    assert (newest.body, newest.author, newest.reason) == (
        "<h3>Một</h3><p>Mới</p>",
        world.admin,
        "Bản sửa sai",
    )
    event = AuditEvent.objects.filter(action="article.restore", object_id=str(article.pk)).get()
    assert event.reason == "Bản sửa sai" and event.after["restored_version"] == version.pk
    assert "<p>Cũ</p>" in client.get(article.get_absolute_url(), **UA).content.decode()
    with pytest.raises(ValidationError) as exc:
        services.article_version_restore(actor=world.admin, version=version, reason="Lần nữa")
    assert exc.value.message_dict == {"version": [services.RESTORE_SAME]}


# API -------------------------------------------------------------------------------------------


def test_api_edit_of_published_article_needs_a_reason_and_versions_are_restorable(world, client_for):
    article = published_article(world.editor, title="Tin API", body="<h3>A</h3><p>Cũ</p>")
    editor = client_for("editor")
    url = f"/api/v1/portal/editor/articles/{article.uuid}"
    refused = editor.patch(url, {"body": "<p>Mới</p>"}, content_type="application/json")
    assert refused.status_code == 422
    assert refused.json()["errors"] == {"reason": [services.REASON_REQUIRED]}
    assert Article.objects.get(pk=article.pk).body == "<h3>A</h3><p>Cũ</p>"

    ok = editor.patch(url, {"body": "<p>Mới</p>", "reason": REASON}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["body"] == "<p>Mới</p>"
    versions = editor.get(url + "/versions").json()
    assert [(v["body"], v["reason"], v["author"]) for v in versions] == [
        ("<h3>A</h3><p>Cũ</p>", REASON, world.editor.get_full_name())
    ]
    restore = f"{url}/versions/{versions[0]['id']}/restore"
    assert editor.post(restore, {"reason": ""}, content_type="application/json").status_code == 422
    done = editor.post(restore, {"reason": "Quay lại bản cũ"}, content_type="application/json")
    assert done.status_code == 200 and done.json()["body"] == "<h3>A</h3><p>Cũ</p>"
    assert len(editor.get(url + "/versions").json()) == 2
    # Not an editor: the versions and the restore do not exist.
    officer = client_for("officer_a")
    assert officer.get(url + "/versions").status_code == 404
    assert officer.post(restore, {"reason": "x"}, content_type="application/json").status_code == 404
    # A version of another article is not found under this one.
    other = published_article(world.editor, title="Tin khác")
    wrong = f"/api/v1/portal/editor/articles/{other.uuid}/versions/{versions[0]['id']}/restore"
    assert editor.post(wrong, {"reason": "x"}, content_type="application/json").status_code == 404


# Editor page -----------------------------------------------------------------------------------


def _form(article, **overrides):
    data = {
        "title": article.title,
        "slug": article.slug,
        "category": article.category_id or "",
        "author_name": article.author_name,
        "summary": article.summary,
        "cover": article.cover_id or "",
        "body": article.body,
    }
    return {**data, **overrides}


def test_editor_page_asks_a_reason_only_for_a_published_article(world, client_for):
    editor = client_for("editor")
    draft = services.article_create(actor=world.editor, title="Bản nháp", body="<p>x</p>")
    assert 'name="reason"' not in editor.get(f"/bien-tap/bai-viet/{draft.uuid}/").content.decode()
    article = published_article(world.editor, title="Tin trên trang", body="<h3>A</h3><p>Cũ</p>")
    page = editor.get(f"/bien-tap/bai-viet/{article.uuid}/").content.decode()
    assert 'name="reason"' in page and "Lý do sửa bài đã xuất bản" in page

    refused = editor.post(f"/bien-tap/bai-viet/{article.uuid}/", _form(article, body="<p>Mới</p>"))
    assert refused.status_code == 200
    assert "This field is required" not in refused.content.decode()
    assert "Trường này là bắt buộc" in refused.content.decode()
    assert Article.objects.get(pk=article.pk).body == "<h3>A</h3><p>Cũ</p>"

    unchanged = editor.post(f"/bien-tap/bai-viet/{article.uuid}/", _form(article, reason=REASON), follow=True)
    assert "Không có thay đổi nào" in unchanged.content.decode()
    assert not ArticleVersion.objects.exists()

    saved = editor.post(
        f"/bien-tap/bai-viet/{article.uuid}/", _form(article, body="<p>Mới</p>", reason=REASON), follow=True
    )
    page = saved.content.decode()
    assert "Đã lưu thay đổi." in page and 'id="versions"' in page and REASON in page
    version = ArticleVersion.objects.get(article=article)
    assert f'id="restore-{version.pk}"' in page and "Khôi phục phiên bản này" in page

    url = f"/bien-tap/bai-viet/{article.uuid}/phien-ban/{version.pk}/khoi-phuc/"
    empty = editor.post(url, {"reason": ""}, follow=True)
    assert Article.objects.get(pk=article.pk).body == "<p>Mới</p>"
    assert "Trường này là bắt buộc" in empty.content.decode()
    restored = editor.post(url, {"reason": "Bản sửa nhầm"}, follow=True)
    assert "Đã khôi phục phiên bản lúc" in restored.content.decode()
    assert Article.objects.get(pk=article.pk).body == "<h3>A</h3><p>Cũ</p>"
    assert client_for("officer_a").post(url, {"reason": "x"}).status_code == 404
