"""Exemplary models (điển hình tiên tiến): stories, photos, linked awards and publication."""

from __future__ import annotations

import io

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from PIL import Image, UnidentifiedImageError

from thidua.core import sane
from thidua.core.audit import audit, snapshot
from thidua.core.errors import field_error
from thidua.core.files import discard_on_error, stage_field
from thidua.proposals.models import (
    ExemplaryModel,
    ExemplaryPhoto,
)
from thidua.proposals.permissions import (
    can_edit_exemplary,
    can_publish_exemplary,
)
from thidua.proposals.services._common import OFFICE_ONLY, _public_content_changed

# Exemplary models ---------------------------------------------------------------------------------

MAX_PHOTO_BYTES = 8 * 1024 * 1024
MAX_PHOTO_SIDE = 2400
EXEMPLARY_FIELDS = ["title", "year", "story", "published", "published_at"]
WITHDRAWN = "Nội dung đã công bố được sửa: gỡ khỏi cổng thông tin cho đến khi Phòng TĐKT công bố lại."


def _exemplary_subject_unit(unit, person) -> int:
    if (unit is None) == (person is None):
        raise field_error("subject", "Chọn một tập thể hoặc một cá nhân.")
    return unit.pk if unit is not None else person.unit_id


def _exemplary_editable(actor, model: ExemplaryModel, message: str) -> None:
    if not can_edit_exemplary(actor, unit_id=model.unit_id or model.person.unit_id):
        raise PermissionDenied(message)


def _check_exemplary_text(title: str, story: str, year: int) -> None:
    if not title.strip():
        raise field_error("title", "Nhập tiêu đề.")
    if len(story.strip()) < 50:
        raise field_error("story", "Câu chuyện điển hình cần ít nhất 50 ký tự.")
    latest = timezone.localdate().year
    if not 1990 <= year <= latest:
        raise field_error("year", f"Năm của điển hình phải từ 1990 đến {latest}.")


def _exemplary_snapshot(model: ExemplaryModel) -> dict:
    return {
        **snapshot(model, EXEMPLARY_FIELDS),
        "awards": sorted(model.awards.values_list("pk", flat=True)),
    }


def _withdraw_unreviewed(locked: ExemplaryModel, actor) -> str:
    """A published model changed by someone who may not publish leaves the portal until the
    office publishes it again: the public sees only what the office reviewed. Returns the reason
    to audit ("" when nothing was withdrawn); the caller saves."""
    if not locked.published or can_publish_exemplary(actor):
        return ""
    locked.published, locked.published_at = False, None
    return WITHDRAWN


def exemplary_create(
    *, actor, title: str, year: int, story: str, unit=None, person=None, award_records=()
) -> ExemplaryModel:
    unit_id = _exemplary_subject_unit(unit, person)
    if not can_edit_exemplary(actor, unit_id=unit_id):
        raise PermissionDenied(
            "Chỉ cán bộ thi đua của đơn vị hoặc Phòng TĐKT được giới thiệu điển hình của đơn vị."
        )
    _check_exemplary_text(title, story, year)
    award_records = list(award_records)
    _check_records(award_records, unit, person)
    with transaction.atomic():
        model = ExemplaryModel.objects.create(
            title=title.strip(), year=year, story=story.strip(), unit=unit, person=person, created_by=actor
        )
        model.awards.set(award_records)
        audit(actor=actor, action="exemplary.create", obj=model, after=_exemplary_snapshot(model))
    return model


def _check_records(records, unit, person) -> None:
    """Linked awards come from the subject's own history (an award of another unit or person
    would put a false claim on the public portal)."""
    for r in records:
        if (unit is not None and r.unit_id != unit.pk) or (person is not None and r.person_id != person.pk):
            raise field_error(
                "awards",
                f"Khen thưởng “{r.award.name} năm {r.year}” (Quyết định số {r.decision_number}) "
                "không có trong lịch sử khen thưởng của đối tượng này.",
            )


def exemplary_update(
    *, actor, model: ExemplaryModel, title: str, story: str, year: int | None = None, award_records=()
) -> ExemplaryModel:
    """Edit the title, year, story and linked awards. Saving the same content again changes
    nothing; a published model edited by a unit officer leaves the portal (``_withdraw_unreviewed``)."""
    _exemplary_editable(actor, model, "Bạn không được sửa điển hình này.")
    year = model.year if year is None else year
    _check_exemplary_text(title, story, year)
    award_records = list(award_records)
    _check_records(award_records, model.unit, model.person)
    with transaction.atomic():
        locked = ExemplaryModel.objects.select_for_update().get(pk=model.pk)
        before = _exemplary_snapshot(locked)
        wanted = (title.strip(), year, story.strip(), sorted(r.pk for r in award_records))
        if wanted == (locked.title, locked.year, locked.story, before["awards"]):
            return locked
        was_published = locked.published
        locked.title, locked.year, locked.story = wanted[:3]
        reason = _withdraw_unreviewed(locked, actor)
        locked.save()
        locked.awards.set(award_records)
        audit(
            actor=actor,
            action="exemplary.update",
            obj=locked,
            before=before,
            after=_exemplary_snapshot(locked),
            reason=reason,
        )
        if was_published:
            _public_content_changed()
    return locked


def exemplary_publish(*, actor, model: ExemplaryModel, published: bool) -> ExemplaryModel:
    """Show the model on the public portal (or take it off); a second click changes nothing."""
    if not can_publish_exemplary(actor):
        raise PermissionDenied(OFFICE_ONLY)
    with transaction.atomic():
        locked = ExemplaryModel.objects.select_for_update().get(pk=model.pk)
        if locked.published == published:
            return locked
        before = _exemplary_snapshot(locked)
        locked.published = published
        locked.published_at = timezone.now() if published else None
        locked.save()
        audit(
            actor=actor,
            action="exemplary.publish" if published else "exemplary.unpublish",
            obj=locked,
            before=before,
            after=_exemplary_snapshot(locked),
        )
        _public_content_changed()
    return locked


def exemplary_photo_add(*, actor, model: ExemplaryModel, upload, caption: str = "") -> ExemplaryPhoto:
    """Accept a JPEG or PNG checked by Pillow, strip its metadata and re-encode it."""

    _exemplary_editable(actor, model, "Bạn không được thêm ảnh cho điển hình này.")
    caption = sane.check_length("caption", (caption or "").strip(), 255, "Chú thích ảnh")
    if upload is None:
        raise field_error("image", "Chọn một ảnh.")
    if upload.size > MAX_PHOTO_BYTES:
        raise field_error("image", "Ảnh quá lớn (tối đa 8 MB).")
    data = upload.read()
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise field_error("image", "Tệp không phải ảnh JPEG hoặc PNG hợp lệ.") from exc
    if image.format not in {"JPEG", "PNG"}:
        raise field_error("image", "Chỉ nhận ảnh JPEG hoặc PNG.")
    image = image.convert("RGB")
    image.thumbnail((MAX_PHOTO_SIDE, MAX_PHOTO_SIDE))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    photo = ExemplaryPhoto(caption=caption, width=image.width, height=image.height)
    # Written under a temporary name, moved into place after the commit (thidua.core.files).
    staged = stage_field(photo, "image", f"{photo.code}.jpg", out.getvalue())
    with discard_on_error(staged), transaction.atomic():
        locked = ExemplaryModel.objects.select_for_update().get(pk=model.pk)
        was_published = locked.published
        photo.exemplary = locked
        photo.save()
        staged.move_on_commit(on_failure=lambda: ExemplaryPhoto.objects.filter(pk=photo.pk).delete())
        reason = _withdraw_unreviewed(locked, actor)
        if reason:
            locked.save()
        audit(
            actor=actor,
            action="exemplary.photo_add",
            obj=locked,
            after={"photo": str(photo.code), "caption": photo.caption, "published": locked.published},
            reason=reason,
        )
        if was_published:
            _public_content_changed()
    return photo


def exemplary_photo_remove(*, actor, photo: ExemplaryPhoto) -> ExemplaryModel:
    """Remove a photo; its file is deleted once the removal is committed. A second click finds
    the photo gone and changes nothing."""
    model = photo.exemplary
    _exemplary_editable(actor, model, "Bạn không được xoá ảnh của điển hình này.")
    with transaction.atomic():
        locked = ExemplaryModel.objects.select_for_update().get(pk=model.pk)
        was_published = locked.published
        removed, _ = ExemplaryPhoto.objects.filter(pk=photo.pk).delete()
        if not removed:
            raise field_error("photo", "Ảnh này đã được xoá trước đó.")
        reason = _withdraw_unreviewed(locked, actor)
        if reason:
            locked.save()
        audit(
            actor=actor,
            action="exemplary.photo_remove",
            obj=locked,
            before={"photo": str(photo.code), "caption": photo.caption, "published": was_published},
            after={"published": locked.published},
            reason=reason,
        )
        storage, name = photo.image.storage, photo.image.name
        transaction.on_commit(lambda: storage.delete(name))
        if was_published:
            _public_content_changed()
    return locked
