"""Exemplary models: editing (title, year, story, awards from the subject's own history), photo
removal, publication, the public-content hook, and the same through the pages and the API."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from thidua.awards.models import AwardRecord
from thidua.core.errors import error_messages
from thidua.core.models import AuditEvent
from thidua.organisations.models import Person, Unit
from thidua.proposals import services
from thidua.proposals.models import ExemplaryModel, ExemplaryPhoto

pytestmark = pytest.mark.django_db
STORY = "Đơn vị giải quyết đúng hạn toàn bộ các vụ việc được giao và chia sẻ cách làm hay. " * 2


@pytest.fixture
def mai():
    return Person.objects.get(full_name="Lê Thị Mai")


@pytest.fixture
def demo_model(world, mai):
    """The demo's published model of judge Lê Thị Mai (TAND), citing her 2019 title."""
    return ExemplaryModel.objects.get(person=mai, published=True)


@pytest.fixture
def tand_model(world):
    """An unpublished model of the collective TAND, written by its own officer."""
    return services.exemplary_create(
        actor=world.officer_a,
        title="Tòa án tỉnh số hoá hồ sơ",
        year=2019,
        unit=Unit.objects.get(code="TAND"),
        story=STORY,
    )


def record(code: str, year: int, **subject) -> AwardRecord:
    return AwardRecord.objects.get(award__code=code, year=year, **subject)


def png() -> SimpleUploadedFile:
    buf = io.BytesIO()
    Image.new("RGB", (60, 40), "green").save(buf, format="PNG")
    return SimpleUploadedFile("anh.png", buf.getvalue(), content_type="image/png")


def messages_of(exc) -> str:
    return " ".join(m for ms in error_messages(exc.value).values() for m in ms)


@pytest.fixture
def hooks(monkeypatch):
    """Names of hooks the exemplary services call (they call them only once committed)."""
    called = []
    monkeypatch.setattr(services._common, "call_hooks", lambda name, **kw: called.append(name) or [])
    return called


# Services ----------------------------------------------------------------------------------------


def test_demo_model_is_published_with_a_linked_award(demo_model, mai):
    """The demo data gives the portal a published model that cites an award from history."""
    linked = list(demo_model.awards.select_related("award"))
    assert [(r.award.code, r.year) for r in linked] == [("cstd_tinh", 2019)]
    assert linked[0].person_id == mai.pk


def test_office_edits_title_year_story_and_awards_with_audit(world, demo_model, mai, hooks):
    cstd, bk = record("cstd_tinh", 2019, person=mai), record("bk_tinh_cn", 2018, person=mai)
    updated = services.exemplary_update(
        actor=world.provincial,
        model=demo_model,
        title="  Thẩm phán Lê Thị Mai và hồ sơ số  ",
        year=2018,
        story=STORY,
        award_records=[cstd, bk],
    )
    assert (updated.title, updated.year, updated.story) == (
        "Thẩm phán Lê Thị Mai và hồ sơ số",
        2018,
        STORY.strip(),
    )
    assert set(updated.awards.all()) == {cstd, bk}
    assert updated.published  # the office's own edit stays public
    event = AuditEvent.objects.get(action="exemplary.update", object_id=str(demo_model.pk))
    assert event.before["awards"] == [cstd.pk] and sorted(event.after["awards"]) == sorted([cstd.pk, bk.pk])
    assert event.after["year"] == 2018 and event.reason == ""


def test_award_of_another_subject_is_refused_and_nothing_changes(world, tand_model, mai):
    """Linked awards come from the subject's own history: another unit's flag or a person's title
    is refused with a Vietnamese message, and the model keeps its content."""
    thads_flag = record("co_tinh", 2016, unit__code="THADS")
    person_title = record("cstd_tinh", 2019, person=mai)
    for foreign in (thads_flag, person_title):
        with pytest.raises(ValidationError) as exc:
            services.exemplary_update(
                actor=world.officer_a,
                model=tand_model,
                title="Tiêu đề mới",
                year=2019,
                story=STORY,
                award_records=[foreign],
            )
        assert "không có trong lịch sử khen thưởng của đối tượng này" in messages_of(exc)
        assert error_messages(exc.value).keys() == {"awards"}
    fresh = ExemplaryModel.objects.get(pk=tand_model.pk)
    assert fresh.title == "Tòa án tỉnh số hoá hồ sơ" and not fresh.awards.exists()
    assert not AuditEvent.objects.filter(action="exemplary.update").exists()


def test_own_award_of_the_unit_is_accepted(world, tand_model):
    own = record("bk_tinh_tt", 2013, unit__code="TAND")
    updated = services.exemplary_update(
        actor=world.officer_a, model=tand_model, title=tand_model.title, story=STORY, award_records=[own]
    )
    assert list(updated.awards.all()) == [own] and updated.year == 2019


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": "   "}, "title", "Nhập tiêu đề."),
        ({"story": "Quá ngắn."}, "story", "ít nhất 50 ký tự"),
        ({"year": 1980}, "year", "Năm của điển hình phải từ 1990"),
        ({"year": 2999}, "year", "Năm của điển hình phải từ 1990"),
    ],
)
def test_bad_input_is_refused_in_vietnamese(world, tand_model, changes, field, message):
    data = {"title": "Tiêu đề", "story": STORY, "year": 2019, **changes}
    with pytest.raises(ValidationError) as exc:
        services.exemplary_update(actor=world.officer_a, model=tand_model, **data)
    assert message in " ".join(error_messages(exc.value)[field])
    assert ExemplaryModel.objects.get(pk=tand_model.pk).title == "Tòa án tỉnh số hoá hồ sơ"


@pytest.mark.parametrize("persona", ["officer_b", "secretary", "council", "editor"])
def test_only_the_unit_and_the_office_may_edit(world, demo_model, persona):
    with pytest.raises(PermissionDenied) as exc:
        services.exemplary_update(
            actor=world.users[persona], model=demo_model, title="Sửa trái phép", story=STORY
        )
    assert "không được sửa" in str(exc.value)
    with pytest.raises(PermissionDenied):
        services.exemplary_photo_add(actor=world.users[persona], model=demo_model, upload=png())
    assert ExemplaryModel.objects.get(pk=demo_model.pk).title == demo_model.title


def test_unit_officer_edit_takes_a_published_model_off_the_portal(world, demo_model, hooks):
    """The public sees only what the office reviewed: a unit officer's change to a published
    model unpublishes it until the office publishes it again."""
    updated = services.exemplary_update(
        actor=world.officer_a, model=demo_model, title="Tiêu đề do đơn vị sửa", story=STORY
    )
    assert not updated.published and updated.published_at is None
    event = AuditEvent.objects.get(action="exemplary.update", object_id=str(demo_model.pk))
    assert event.reason == services.WITHDRAWN and event.before["published"] and not event.after["published"]
    again = services.exemplary_publish(actor=world.provincial, model=updated, published=True)
    assert again.published and again.title == "Tiêu đề do đơn vị sửa"


def test_saving_the_same_content_again_changes_nothing(world, demo_model, django_capture_on_commit_callbacks):
    same = {"title": demo_model.title, "story": demo_model.story, "year": demo_model.year}
    with django_capture_on_commit_callbacks() as callbacks:
        result = services.exemplary_update(
            actor=world.officer_a, model=demo_model, award_records=demo_model.awards.all(), **same
        )
    assert result.published  # nothing changed, so nothing was withdrawn either
    assert not callbacks
    assert not AuditEvent.objects.filter(action="exemplary.update").exists()


def test_photo_removal_deletes_the_file_after_commit_and_a_second_click_is_refused(
    world, tand_model, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the file is moved into place at commit
        photo = services.exemplary_photo_add(
            actor=world.officer_a, model=tand_model, upload=png(), caption="Ảnh"
        )
    storage, name = photo.image.storage, photo.image.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        services.exemplary_photo_remove(actor=world.officer_a, photo=photo)
    assert not storage.exists(name)
    assert not ExemplaryPhoto.objects.filter(pk=photo.pk).exists()
    assert AuditEvent.objects.filter(action="exemplary.photo_remove", object_id=str(tand_model.pk)).exists()
    with pytest.raises(ValidationError) as exc:
        services.exemplary_photo_remove(actor=world.officer_a, photo=photo)
    assert "đã được xoá" in messages_of(exc)


def test_photo_removal_needs_the_right_to_edit(world, demo_model):
    photo = services.exemplary_photo_add(actor=world.provincial, model=demo_model, upload=png())
    with pytest.raises(PermissionDenied):
        services.exemplary_photo_remove(actor=world.officer_b, photo=photo)
    assert ExemplaryPhoto.objects.filter(pk=photo.pk).exists()


def test_public_changes_call_the_hook_once_committed(
    world, demo_model, tand_model, hooks, django_capture_on_commit_callbacks
):
    """Publishing, unpublishing, editing a published model and its photos tell the public side;
    editing an unpublished model does not (the portal never showed it)."""
    with django_capture_on_commit_callbacks() as callbacks:
        services.exemplary_update(actor=world.officer_a, model=tand_model, title="Chưa công bố", story=STORY)
    assert callbacks == [] and hooks == []

    steps = [
        lambda: services.exemplary_publish(actor=world.provincial, model=tand_model, published=True),
        lambda: services.exemplary_update(
            actor=world.provincial, model=tand_model, title="Đã công bố, sửa", story=STORY
        ),
        lambda: services.exemplary_photo_add(actor=world.provincial, model=tand_model, upload=png()),
        lambda: services.exemplary_photo_remove(actor=world.provincial, photo=tand_model.photos.get()),
        lambda: services.exemplary_publish(actor=world.provincial, model=tand_model, published=False),
    ]
    for step in steps:
        with django_capture_on_commit_callbacks() as callbacks:
            step()
        assert hooks == []  # not before the commit
        for callback in callbacks:
            callback()
        assert hooks == ["public_content_changed"]
        hooks.clear()
    with django_capture_on_commit_callbacks() as callbacks:  # a second click: no change, no hook
        services.exemplary_publish(actor=world.provincial, model=tand_model, published=False)
    assert callbacks == []


# Pages -------------------------------------------------------------------------------------------


def test_edit_page_offers_only_the_subjects_awards_and_saves(world, client_for, demo_model, mai):
    office = client_for("provincial")
    page = office.get(f"/de-nghi/dien-hinh/{demo_model.uuid}/sua/")
    html = page.content.decode()
    assert page.status_code == 200
    own = AwardRecord.objects.filter(person=mai)
    assert all(f'value="{r.pk}"' in html for r in own)
    foreign = record("co_tinh", 2016, unit__code="THADS")
    assert f'value="{foreign.pk}"' not in html
    bk = record("bk_tinh_cn", 2018, person=mai)
    cstd = record("cstd_tinh", 2019, person=mai)
    response = office.post(
        f"/de-nghi/dien-hinh/{demo_model.uuid}/sua/",
        {"title": "Thẩm phán Lê Thị Mai", "year": 2019, "story": STORY, "awards": [cstd.pk, bk.pk]},
    )
    assert response.status_code == 302 and response["Location"] == demo_model.get_absolute_url()
    detail = office.get(demo_model.get_absolute_url()).content.decode()
    assert "Thẩm phán Lê Thị Mai" in detail
    assert "Bằng khen của Chủ tịch UBND tỉnh (cá nhân) năm 2018" in detail
    assert f"Quyết định số {bk.decision_number} ngày {bk.decision_date:%d/%m/%Y}" in detail


def test_edit_page_refuses_another_subjects_award(world, client_for, demo_model):
    foreign = record("co_tinh", 2016, unit__code="THADS")
    response = client_for("provincial").post(
        f"/de-nghi/dien-hinh/{demo_model.uuid}/sua/",
        {"title": "Tiêu đề khác", "year": 2019, "story": STORY, "awards": [foreign.pk]},
    )
    assert response.status_code == 200
    assert "không có trong lịch sử khen thưởng của đối tượng này" in response.content.decode()
    assert ExemplaryModel.objects.get(pk=demo_model.pk).title == demo_model.title


def test_detail_page_links_to_edit_only_for_editors(world, client_for, demo_model):
    url = demo_model.get_absolute_url()
    assert 'id="edit"' in client_for("officer_a").get(url).content.decode()
    assert 'id="edit"' in client_for("provincial").get(url).content.decode()
    other = client_for("officer_b").get(url).content.decode()
    assert 'id="edit"' not in other and "Chiến sĩ thi đua cấp tỉnh" in other
    assert client_for("officer_b").get(f"/de-nghi/dien-hinh/{demo_model.uuid}/sua/").status_code == 404


def test_unit_officer_edit_page_warns_and_the_save_withdraws(world, client_for, demo_model):
    officer = client_for("officer_a")
    page = officer.get(f"/de-nghi/dien-hinh/{demo_model.uuid}/sua/").content.decode()
    assert 'id="withdraw-warning"' in page
    response = officer.post(
        f"/de-nghi/dien-hinh/{demo_model.uuid}/sua/",
        {"title": "Tiêu đề mới", "year": 2019, "story": STORY},
        follow=True,
    )
    assert "gỡ khỏi cổng thông tin" in response.content.decode()
    assert not ExemplaryModel.objects.get(pk=demo_model.pk).published


def test_photo_remove_page_twice(world, client_for, tand_model):
    photo = services.exemplary_photo_add(actor=world.officer_a, model=tand_model, upload=png())
    officer = client_for("officer_a")
    url = f"/de-nghi/dien-hinh/{tand_model.uuid}/anh/{photo.code}/xoa/"
    first = officer.post(url, follow=True)
    assert "Đã xoá ảnh." in first.content.decode()
    second = officer.post(url, follow=True)
    assert "đã được xoá trước đó" in second.content.decode()
    assert client_for("officer_b").post(url).status_code == 404


# API ---------------------------------------------------------------------------------------------


def test_api_patch_links_awards_and_refuses_foreign_ones(world, client_for, tand_model):
    api = client_for("officer_a")
    url = f"/api/v1/exemplary-models/{tand_model.uuid}"
    own = record("bk_tinh_tt", 2013, unit__code="TAND")
    ok = api.patch(url, {"story": STORY + " Thêm.", "awards": [own.pk]}, content_type="application/json")
    assert ok.status_code == 200, ok.json()
    body = ok.json()
    assert body["title"] == "Tòa án tỉnh số hoá hồ sơ" and body["story"].endswith("Thêm.")
    assert body["awards"] == [
        {
            "id": own.pk,
            "award": "bk_tinh_tt",
            "award_name": own.award.name,
            "year": 2013,
            "decision_number": "1520/QĐ-UBND",
            "decision_date": "2014-02-10",
        }
    ]
    foreign = record("co_tinh", 2016, unit__code="THADS")
    bad = api.patch(url, {"awards": [foreign.pk]}, content_type="application/json")
    assert bad.status_code == 422
    assert "không có trong lịch sử khen thưởng của đối tượng này" in bad.json()["errors"]["awards"][0]
    missing = api.patch(url, {"awards": [999_999]}, content_type="application/json")
    assert missing.status_code == 422 and "999999" in missing.json()["detail"]
    assert [a["id"] for a in api.get(url).json()["awards"]] == [own.pk]


def test_api_patch_permissions(world, client_for, demo_model, tand_model):
    body = {"title": "Sửa qua API"}
    for persona, model, status in [
        ("officer_b", demo_model, 403),  # published: visible, not editable
        ("officer_b", tand_model, 404),  # unpublished model of another unit
        ("anonymous", demo_model, 401),
        ("provincial", tand_model, 200),
    ]:
        response = client_for(persona).patch(
            f"/api/v1/exemplary-models/{model.uuid}", body, content_type="application/json"
        )
        assert response.status_code == status, (persona, response.content)


def test_api_photos_upload_and_remove(world, client_for, tand_model, django_capture_on_commit_callbacks):
    api = client_for("officer_a")
    with django_capture_on_commit_callbacks(execute=True):  # the file is moved into place at commit
        up = api.post(
            f"/api/v1/exemplary-models/{tand_model.uuid}/photos", {"image": png(), "caption": "Trụ sở"}
        )
    assert up.status_code == 201, up.content
    code = up.json()["code"]
    assert up.json()["caption"] == "Trụ sở" and (up.json()["width"], up.json()["height"]) == (60, 40)
    detail = api.get(f"/api/v1/exemplary-models/{tand_model.uuid}").json()
    assert [p["code"] for p in detail["photos"]] == [code]
    assert api.get(detail["photos"][0]["url"]).status_code == 200
    url = f"/api/v1/exemplary-models/{tand_model.uuid}/photos/{code}"
    assert client_for("officer_b").delete(url).status_code == 404
    assert api.delete(url).status_code == 204
    assert api.delete(url).status_code == 404
    assert not tand_model.photos.exists()
