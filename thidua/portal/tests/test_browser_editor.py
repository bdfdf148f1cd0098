"""The article editor in real Chromium keeps what it cannot edit: pressing "Lưu" on a published
article with nothing changed leaves its <h3> sub-headings (and every other element) on the public
page, an edit asks for a reason and keeps the former text, and the former text can be restored."""

import pytest

from thidua.portal.html import sanitize
from thidua.portal.models import Article, ArticleVersion
from thidua.portal.tests.factories import published_article
from thidua.portal.tests.test_article_versions import EVERY_ELEMENT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
REASON = "Bổ sung một câu kết luận."


def _demo_article():
    return Article.objects.get(view_count__gte=183, author_name="Vũ Hưng")


def _h3(page) -> list[str]:
    return page.locator("#article-body h3").all_inner_texts()


def test_pressing_save_on_a_published_article_keeps_its_three_h3(world, page, login):
    article = _demo_article()
    stored = article.body
    login("bientap")
    page.goto(article.get_absolute_url())
    headings = _h3(page)
    assert len(headings) == 3

    page.goto(f"/bien-tap/bai-viet/{article.uuid}/")
    page.wait_for_selector("trix-editor h3")
    assert page.locator("trix-editor h3").count() == 3  # the editor shows them as headings
    reason = page.locator("#id_reason")
    assert reason.get_attribute("required") is not None
    page.click("#save-article")  # no reason: the browser refuses to send the form
    assert page.evaluate("document.getElementById('id_reason').validity.valueMissing")
    reason.fill("Kiểm tra lại bài, không sửa gì.")
    page.shot("portal-07-editor-published-reason")
    page.click("#save-article")
    page.wait_for_selector(".alert:has-text('Không có thay đổi nào')")

    fresh = Article.objects.get(pk=article.pk)
    assert fresh.body == stored
    assert not ArticleVersion.objects.filter(article=article).exists()
    page.goto(article.get_absolute_url())
    assert _h3(page) == headings


def test_the_editor_writes_back_every_allowed_element(world, page, login):
    """Loaded into Trix and written back (as after an edit that changed nothing), a body with
    every element the sanitiser allows comes back the same once sanitised; only <b>, <i> and a
    bare <div> are written as their equivalents <strong>, <em> and <p>."""
    article = published_article(world.editor, title="Tin đủ mọi thẻ", body=EVERY_ELEMENT)
    login("bientap")
    page.goto(f"/bien-tap/bai-viet/{article.uuid}/")
    page.wait_for_function("document.querySelector('trix-editor').editor")
    written = page.evaluate(
        """(html) => { const editor = document.querySelector('trix-editor');
        editor.editor.loadHTML(ThiDuaEditor.prepare(html));
        return ThiDuaEditor.finish(document.getElementById('body-input').value); }""",
        article.body,
    )
    expected = (
        article.body.replace("<b>", "<strong>")
        .replace("</b>", "</strong>")
        .replace("<i>", "<em>")
        .replace("</i>", "</em>")
        .replace("<div>Khối div</div>", "<p>Khối div</p>")
    )
    assert sanitize(written) == expected


def test_an_edit_keeps_tables_figures_and_headings_asks_a_reason_and_can_be_undone(world, page, login):
    article = published_article(world.editor, title="Tin đủ mọi thẻ", body=EVERY_ELEMENT)
    stored = Article.objects.get(pk=article.pk).body
    login("bientap")
    page.goto(f"/bien-tap/bai-viet/{article.uuid}/")
    page.wait_for_selector("trix-editor table")
    toolbar = page.locator("trix-toolbar")
    assert toolbar.locator("[data-trix-attribute=heading1]").count() == 0  # h1 is not kept by the sanitiser
    assert toolbar.locator(".thidua-heading").all_inner_texts() == ["H2", "H3", "H4"]

    # A new sub-heading and a sentence at the end, after the table kept whole.
    page.locator("trix-editor").click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type("Kết luận")
    toolbar.locator("[data-trix-attribute=heading3]").click()
    page.keyboard.press("Enter")
    page.keyboard.type("Hội nghị thành công tốt đẹp.")
    page.shot("portal-08-editor-kept-blocks")
    page.fill("#id_reason", REASON)
    page.click("#save-article")
    page.wait_for_selector(".alert:has-text('Đã lưu thay đổi')")

    body = Article.objects.get(pk=article.pk).body
    for kept in (
        "<table><caption>Kết quả</caption>",
        "<hr>",
        '<figure><img src="/anh/hoi-nghi.jpg" alt="Hội nghị" width="800" height="450">'
        "<figcaption>Toàn cảnh hội nghị</figcaption></figure>",
        "<h2>Tổng kết năm 2019</h2>",
        "<h3>Giao ước thi đua</h3>",
        "<h4>Trích dẫn</h4>",
        "<pre><code>điểm = 95\n  xếp loại: HTXS</code></pre>",
        "<u>gạch dưới</u>",
        "H<sub>2</sub>O",
    ):
        assert kept in body, kept
    assert body.endswith("<h3>Kết luận</h3><p>Hội nghị thành công tốt đẹp.</p>"), body[-200:]
    version = ArticleVersion.objects.get(article=article)
    assert (version.body, version.reason) == (stored, REASON)
    page.goto(article.get_absolute_url())
    assert _h3(page) == ["Giao ước thi đua", "Kết luận"]

    # The former text comes back after a confirmation; dismissing it changes nothing.
    page.goto(f"/bien-tap/bai-viet/{article.uuid}/")
    entry = page.locator(f"#version-{version.pk}")
    assert REASON in entry.inner_text()
    entry.locator("input[name=reason]").fill("Giữ bản trước hội nghị.")
    page.once("dialog", lambda dialog: dialog.dismiss())
    entry.locator("button").click()
    page.wait_for_timeout(300)
    assert Article.objects.get(pk=article.pk).body == body
    page.once("dialog", lambda dialog: dialog.accept())
    entry.locator("button").click()
    page.wait_for_selector(".alert:has-text('Đã khôi phục phiên bản')")
    page.shot("portal-09-editor-version-restored")
    assert Article.objects.get(pk=article.pk).body == stored
    assert ArticleVersion.objects.filter(article=article).count() == 2
    page.goto(article.get_absolute_url())
    assert _h3(page) == ["Giao ước thi đua"]
