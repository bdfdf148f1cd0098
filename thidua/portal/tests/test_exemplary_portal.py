"""The public portal reads the proposals app's published exemplary models (story, photos with
captions, linked awards) beside the editors' own stories, hides unpublished ones, serves their
photos to anonymous readers, and drops its cached pages when a model changes (through the
``public_content_changed`` hook: proposals never imports the portal)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from thidua.core.hooks import call_hooks
from thidua.organisations.models import Person, Unit
from thidua.portal import cache, selectors
from thidua.proposals import services as proposals
from thidua.proposals.models import ExemplaryModel

pytestmark = pytest.mark.django_db
UA = {"HTTP_USER_AGENT": "Mozilla/5.0 Firefox/130"}
STORY = "Tòa án nhân dân tỉnh giải quyết đúng hạn toàn bộ các vụ án được giao trong năm.\n\nĐoạn hai."


def png() -> SimpleUploadedFile:
    buf = io.BytesIO()
    Image.new("RGB", (80, 60), "orange").save(buf, format="PNG")
    return SimpleUploadedFile("anh.png", buf.getvalue(), content_type="image/png")


def page_url(model) -> str:
    return reverse("portal:exemplary_model", args=[model.uuid])


def photo_url(photo) -> str:
    return reverse("portal:exemplary_photo", args=[photo.code])


@pytest.fixture
def demo_model(world):
    """The demo's published model of judge Lê Thị Mai, citing her 2019 provincial title."""
    return ExemplaryModel.objects.get(person=Person.objects.get(full_name="Lê Thị Mai"), published=True)


@pytest.fixture
def hidden_model(world):
    """A model of TAND not (yet) published, with a photo."""
    model = proposals.exemplary_create(
        actor=world.officer_a,
        title="Tòa án tỉnh: mỗi hồ sơ một mã tra cứu",
        year=2019,
        unit=Unit.objects.get(code="TAND"),
        story=STORY,
    )
    proposals.exemplary_photo_add(actor=world.officer_a, model=model, upload=png(), caption="Bàn tra cứu")
    return model


def committed(capture, func, *args, **kwargs):
    """Run a service and its on-commit callbacks, as a real request's commit would."""
    with capture(execute=True):
        return func(*args, **kwargs)


def test_anonymous_reader_sees_a_published_model_with_story_photo_and_awards(
    world, client, demo_model, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the file is moved into place at commit
        photo = proposals.exemplary_photo_add(
            actor=world.provincial,
            model=demo_model,
            upload=png(),
            caption="Thẩm phán Lê Thị Mai tại phòng số hoá",
        )
    award = demo_model.awards.select_related("award").get()
    html = client.get(page_url(demo_model), **UA).content.decode()
    assert demo_model.title in html
    assert "Lê Thị Mai" in html and "Tòa án nhân dân tỉnh" in html and "năm 2019" in html
    assert "số hoá hồ sơ xét xử" in html  # the story
    assert photo_url(photo) in html and "Thẩm phán Lê Thị Mai tại phòng số hoá" in html
    assert award.award.name == "Chiến sĩ thi đua cấp tỉnh"
    assert f"Số {award.decision_number} ngày {award.decision_date:%d/%m/%Y}" in html

    image = client.get(photo_url(photo))
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"
    assert image["X-Content-Type-Options"] == "nosniff"
    assert b"".join(image.streaming_content)[:2] == b"\xff\xd8"  # a re-encoded JPEG
    again = client.get(photo_url(photo), HTTP_IF_NONE_MATCH=image["ETag"])
    assert again.status_code == 304

    home = client.get("/", **UA).content.decode()
    listing = client.get("/dien-hinh-tien-tien/", **UA).content.decode()
    for html in (home, listing):
        assert demo_model.title in html and page_url(demo_model) in html and photo_url(photo) in html


def test_unpublished_model_and_its_photo_are_not_found(world, client, hidden_model):
    photo = hidden_model.photos.get()
    assert client.get(page_url(hidden_model), **UA).status_code == 404
    assert client.get(photo_url(photo)).status_code == 404
    assert hidden_model.title not in client.get("/dien-hinh-tien-tien/", **UA).content.decode()
    assert hidden_model.title not in client.get("/", **UA).content.decode()


def test_unknown_model_or_photo_is_not_found(world, client, demo_model):
    assert client.get("/dien-hinh-tien-tien/guong/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert client.get("/dien-hinh-tien-tien/anh/00000000-0000-0000-0000-000000000000.jpg").status_code == 404


def test_models_and_editor_stories_share_the_list_by_publication_time(
    world, client, hidden_model, demo_model, django_capture_on_commit_callbacks
):
    committed(
        django_capture_on_commit_callbacks,
        proposals.exemplary_publish,
        actor=world.provincial,
        model=hidden_model,
        published=True,
    )
    entries = selectors.exemplary_entries()
    titles = [e.title for e in entries]
    story = selectors.live_stories().get()
    # hidden_model was just published; the demo model on 10/01/2020; the editors' demo story on
    # 10/12/2019 (after the 2019 conference).
    assert titles == [hidden_model.title, demo_model.title, story.title]
    assert entries[2].url == story.get_absolute_url()  # stories keep their own pages
    assert client.get(story.get_absolute_url(), **UA).status_code == 200
    html = client.get("/dien-hinh-tien-tien/", **UA).content.decode()
    assert html.index(hidden_model.title) < html.index(demo_model.title) < html.index(story.title)


def test_hook_is_answered_by_the_portal():
    before = cache.generation()
    call_hooks("public_content_changed")
    assert cache.generation() != before


def test_cached_pages_change_after_publish_edit_and_unpublish(
    world, client, hidden_model, django_capture_on_commit_callbacks
):
    """Pages are served from the cache until a change is committed; each change shows at once."""
    listing = "/dien-hinh-tien-tien/"
    assert hidden_model.title not in client.get(listing, **UA).content.decode()
    assert hidden_model.title not in client.get("/", **UA).content.decode()

    model = committed(
        django_capture_on_commit_callbacks,
        proposals.exemplary_publish,
        actor=world.provincial,
        model=hidden_model,
        published=True,
    )
    assert hidden_model.title in client.get(listing, **UA).content.decode()
    assert hidden_model.title in client.get("/", **UA).content.decode()
    assert hidden_model.title in client.get(page_url(model), **UA).content.decode()

    # A write that bypasses the services does not reach the cache: the pages really are cached.
    ExemplaryModel.objects.filter(pk=model.pk).update(title="Tiêu đề đổi ngoài dịch vụ")
    assert hidden_model.title in client.get(page_url(model), **UA).content.decode()

    committed(
        django_capture_on_commit_callbacks,
        proposals.exemplary_update,
        actor=world.provincial,
        model=model,
        title="Tòa án tỉnh: tra cứu hồ sơ bằng mã QR",
        story=STORY,
    )
    for url in (page_url(model), listing, "/"):
        assert "Tòa án tỉnh: tra cứu hồ sơ bằng mã QR" in client.get(url, **UA).content.decode(), url

    photo = model.photos.get()
    assert "Bàn tra cứu" in client.get(page_url(model), **UA).content.decode()
    committed(
        django_capture_on_commit_callbacks,
        proposals.exemplary_photo_remove,
        actor=world.provincial,
        photo=photo,
    )
    assert "Bàn tra cứu" not in client.get(page_url(model), **UA).content.decode()
    assert client.get(photo_url(photo)).status_code == 404

    committed(
        django_capture_on_commit_callbacks,
        proposals.exemplary_publish,
        actor=world.provincial,
        model=model,
        published=False,
    )
    assert client.get(page_url(model), **UA).status_code == 404
    assert "Tòa án tỉnh: tra cứu hồ sơ bằng mã QR" not in client.get(listing, **UA).content.decode()
    assert "Tòa án tỉnh: tra cứu hồ sơ bằng mã QR" not in client.get("/", **UA).content.decode()


def test_unit_officer_edit_takes_the_model_off_the_portal(
    world, client, demo_model, django_capture_on_commit_callbacks
):
    assert client.get(page_url(demo_model), **UA).status_code == 200
    committed(
        django_capture_on_commit_callbacks,
        proposals.exemplary_update,
        actor=world.officer_a,
        model=demo_model,
        title="Sửa bởi cán bộ đơn vị",
        story=STORY,
    )
    assert client.get(page_url(demo_model), **UA).status_code == 404
    assert "Sửa bởi cán bộ đơn vị" not in client.get("/dien-hinh-tien-tien/", **UA).content.decode()


def test_home_page_query_count_does_not_grow_with_models(
    world, client, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    tand = Unit.objects.get(code="TAND")
    for i in range(6):
        model = proposals.exemplary_create(
            actor=world.provincial, title=f"Điển hình số {i}", year=2019, unit=tand, story=STORY
        )
        proposals.exemplary_photo_add(actor=world.provincial, model=model, upload=png())
        committed(
            django_capture_on_commit_callbacks,
            proposals.exemplary_publish,
            actor=world.provincial,
            model=model,
            published=True,
        )
    with django_assert_max_num_queries(16):
        html = client.get("/dien-hinh-tien-tien/", **UA).content.decode()
    assert all(f"Điển hình số {i}" in html for i in range(6))
