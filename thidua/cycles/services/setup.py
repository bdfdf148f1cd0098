"""Launch artefacts of the bloc year: regulations and settings, the agreement, its key contents
and the members' signatures."""

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from thidua.core import sane
from thidua.core.audit import audit, snapshot
from thidua.core.errors import ValidationError
from thidua.core.files import discard_on_error, stage_field
from thidua.cycles.choices import STAGE_ORDER, Stage, TransitionKind
from thidua.cycles.models import Agreement, AgreementSignature, KeyContent, Regulations, StageTransition
from thidua.cycles.services._common import clean_text, require_draft, require_manager
from thidua.organisations import bloc_settings
from thidua.organisations.models import BlocYear, BlocYearMember
from thidua.organisations.services import bloc_year_update_member

MAX_UPLOAD = 20 * 1024 * 1024
DOCUMENT_EXTENSIONS = {"pdf", "doc", "docx", "odt"}
SCAN_EXTENSIONS = {"pdf", "jpg", "jpeg", "png"}


def _check_upload(upload, field: str, extensions: set[str]) -> None:
    if upload is None:
        return
    ext = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if ext not in extensions:
        raise ValidationError(
            {field: [f"Chỉ nhận tệp {', '.join(sorted(extensions))}; tệp “{upload.name}” không hợp lệ."]}
        )
    if upload.size > MAX_UPLOAD:
        raise ValidationError({field: ["Tệp lớn hơn 20 MB."]})


# Regulations and settings -----------------------------------------------------------------------


def regulations_update(
    *, actor, bloc_year, text: str | None = None, upload=None, remove_file=False
) -> Regulations:
    require_manager(actor, bloc_year)
    _check_upload(upload, "file", DOCUMENT_EXTENSIONS)
    staged = None
    with discard_on_error(lambda: staged), transaction.atomic():
        Regulations.objects.get_or_create(bloc_year=bloc_year)
        regs = Regulations.objects.select_for_update().get(bloc_year=bloc_year)
        before = _regs_snapshot(regs)
        if text is not None:
            regs.text = text.strip()
        if (remove_file or upload is not None) and regs.file:
            _delete_after_commit(regs.file)
            regs.file = ""
            regs.file_name = ""
        if upload is not None:
            # Written under a temporary name, moved into place after the commit (thidua.core.files).
            staged = stage_field(regs, "file", upload.name, upload)
            regs.file_name = upload.name[:255]
        regs.save()
        audit(actor=actor, action="regulations.update", obj=regs, before=before, after=_regs_snapshot(regs))
        if staged is not None:
            pk = regs.pk
            staged.move_on_commit(
                on_failure=lambda: Regulations.objects.filter(pk=pk).update(file="", file_name="")
            )
    return regs


def _delete_after_commit(field) -> None:
    """Remove a replaced upload only once the change is committed (a rollback keeps it)."""
    storage, name = field.storage, field.name
    transaction.on_commit(lambda: storage.delete(name))


def _regs_snapshot(regs) -> dict:
    return {"text": regs.text, "file": regs.file.name or "", "file_name": regs.file_name}


def _sig_snapshot(sig) -> dict:
    return {
        "signed": sig.signed,
        "signed_on": sig.signed_on,
        "scan": sig.scan.name or "",
        "scan_name": sig.scan_name,
    }


def _clean_deadlines(value) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ValidationError({"deadlines": ["Thời hạn phải là bảng giai đoạn → ngày."]})
    cleaned = {}
    for stage, day in value.items():
        if stage not in STAGE_ORDER or stage == Stage.DRAFT:
            raise ValidationError({"deadlines": [f"Giai đoạn “{stage}” không hợp lệ."]})
        if not day:
            continue
        try:
            cleaned[stage] = dt.date.fromisoformat(str(day)).isoformat()
        except ValueError as exc:
            raise ValidationError(
                {"deadlines": [f"Ngày “{day}” không hợp lệ (cần dạng YYYY-MM-DD)."]}
            ) from exc
    ordered = [cleaned[s] for s in STAGE_ORDER if s in cleaned]
    if ordered != sorted(ordered):
        raise ValidationError({"deadlines": ["Thời hạn các bước phải theo đúng thứ tự thời gian."]})
    return cleaned


def _launch_day(bloc_year) -> dt.date | None:
    """The day the year was launched (its latest advance into "launched"), if it was."""
    row = (
        StageTransition.objects.filter(
            bloc_year=bloc_year, to_stage=Stage.LAUNCHED, kind=TransitionKind.ADVANCE
        )
        .order_by("-created_at", "-id")
        .first()
    )
    return timezone.localdate(row.created_at) if row is not None else None


def check_deadlines_after_launch(bloc_year, deadlines: dict[str, str], *, stored: dict | None = None) -> None:
    """No stage deadline may fall before the year's launch: the day it was launched, or while it
    is not launched, its own launch deadline; and none but the launch's before 01/01 of the year
    (the agreement may be signed late the year before). Only deadlines that change are checked,
    so that an older year's stored calendar does not block an unrelated setting."""
    stored = stored or {}
    changed = {k: v for k, v in deadlines.items() if stored.get(k) != v}
    if not changed:
        return
    year = bloc_year.year
    launched = _launch_day(bloc_year)
    planned = dt.date.fromisoformat(deadlines[Stage.LAUNCHED]) if deadlines.get(Stage.LAUNCHED) else None
    for stage in STAGE_ORDER:
        if stage not in changed or stage == Stage.LAUNCHED:
            continue
        day = dt.date.fromisoformat(changed[stage])
        label = Stage(stage).label
        if launched is not None and day < launched:
            raise ValidationError(
                {
                    "deadlines": [
                        f"Thời hạn bước “{label}” ({day:%d/%m/%Y}) trước ngày phát động năm {year} "
                        f"({launched:%d/%m/%Y}); hãy chọn ngày từ ngày phát động trở đi."
                    ]
                }
            )
        if launched is None and planned is not None and day < planned:
            raise ValidationError(
                {
                    "deadlines": [
                        f"Thời hạn bước “{label}” ({day:%d/%m/%Y}) trước thời hạn phát động năm {year} "
                        f"({planned:%d/%m/%Y})."
                    ]
                }
            )
        if day < dt.date(year, 1, 1):
            raise ValidationError(
                {
                    "deadlines": [
                        f"Thời hạn bước “{label}” ({day:%d/%m/%Y}) trước khi năm thi đua {year} bắt đầu; "
                        f"hãy chọn một ngày của năm {year} trở đi."
                    ]
                }
            )


def settings_update(*, actor, bloc_year, data: dict) -> BlocYear:
    """Replace the bloc's machine-readable settings after validating them (deadlines: in order,
    and none before the year's launch, ``check_deadlines_after_launch``)."""
    require_manager(actor, bloc_year)
    data = dict(data or {})
    if "deadlines" in data:
        data["deadlines"] = _clean_deadlines(data["deadlines"])
        check_deadlines_after_launch(
            bloc_year, data["deadlines"], stored=(bloc_year.settings or {}).get("deadlines") or {}
        )
    validated = bloc_settings.validate(data).to_json()
    with transaction.atomic():
        year = BlocYear.objects.select_for_update().get(pk=bloc_year.pk)
        before = dict(year.settings or {})
        year.settings = validated
        year.save(update_fields=["settings", "updated_at"])
        audit(
            actor=actor,
            action="bloc_year.settings",
            obj=year,
            before={"settings": before},
            after={"settings": validated},
        )
    return year


# Agreement --------------------------------------------------------------------------------------


def agreement_update(
    *, actor, bloc_year, signed_on: dt.date | None, signed_place: str, preamble: str = ""
) -> Agreement:
    require_manager(actor, bloc_year)
    require_draft(bloc_year, "ngày, địa điểm ký giao ước")
    if signed_on and signed_on.year not in (bloc_year.year - 1, bloc_year.year):
        raise ValidationError(
            {"signed_on": [f"Ngày ký phải thuộc năm {bloc_year.year} (hoặc cuối năm trước)."]}
        )
    with transaction.atomic():
        Agreement.objects.get_or_create(bloc_year=bloc_year)
        agreement = Agreement.objects.select_for_update().get(bloc_year=bloc_year)
        fields = ["signed_on", "signed_place", "preamble"]
        before = snapshot(agreement, fields)
        agreement.signed_on = signed_on
        agreement.signed_place = sane.check_length(
            "signed_place", " ".join((signed_place or "").split()), 255, "Địa điểm ký"
        )
        agreement.preamble = (preamble or "").strip()
        agreement.save()
        audit(
            actor=actor,
            action="agreement.update",
            obj=agreement,
            before=before,
            after=snapshot(agreement, fields),
        )
    return agreement


def key_content_create(*, actor, bloc_year, title: str, description: str = "") -> KeyContent:
    require_manager(actor, bloc_year)
    require_draft(bloc_year, "nội dung giao ước")
    title = clean_text(title, "title", "Nội dung trọng tâm", max_length=500)
    with transaction.atomic():
        # Lock the year so two clicks cannot take the same position.
        BlocYear.objects.select_for_update().get(pk=bloc_year.pk)
        last = KeyContent.objects.filter(bloc_year=bloc_year).aggregate(m=Max("position"))["m"] or 0
        if KeyContent.objects.filter(bloc_year=bloc_year, title__iexact=title).exists():
            raise ValidationError({"title": ["Nội dung này đã có trong giao ước."]})
        content = KeyContent.objects.create(
            bloc_year=bloc_year, position=last + 1, title=title, description=(description or "").strip()
        )
        audit(actor=actor, action="key_content.create", obj=content, after=snapshot(content))
    return content


def key_content_update(*, actor, content: KeyContent, title: str, description: str = "") -> KeyContent:
    require_manager(actor, content.bloc_year)
    require_draft(content.bloc_year, "nội dung giao ước")
    title = clean_text(title, "title", "Nội dung trọng tâm", max_length=500)
    with transaction.atomic():
        content = KeyContent.objects.select_for_update().get(pk=content.pk)
        before = snapshot(content)
        content.title, content.description = title, (description or "").strip()
        content.save()
        audit(actor=actor, action="key_content.update", obj=content, before=before, after=snapshot(content))
    return content


def key_content_delete(*, actor, content: KeyContent) -> None:
    bloc_year = content.bloc_year
    require_manager(actor, bloc_year)
    require_draft(bloc_year, "nội dung giao ước")
    with transaction.atomic():
        BlocYear.objects.select_for_update().get(pk=bloc_year.pk)
        content = KeyContent.objects.filter(pk=content.pk).first()
        if content is None:
            return
        audit(actor=actor, action="key_content.delete", obj=content, before=snapshot(content))
        content.delete()
        _renumber(bloc_year, list(KeyContent.objects.filter(bloc_year=bloc_year).order_by("position")))


def key_content_move(*, actor, content: KeyContent, offset: int) -> KeyContent:
    """Move a key content up (-1) or down (+1) in the agreement's order."""
    bloc_year = content.bloc_year
    require_manager(actor, bloc_year)
    require_draft(bloc_year, "nội dung giao ước")
    with transaction.atomic():
        BlocYear.objects.select_for_update().get(pk=bloc_year.pk)
        rows = list(KeyContent.objects.filter(bloc_year=bloc_year).order_by("position"))
        index = next((i for i, r in enumerate(rows) if r.pk == content.pk), None)
        if index is None:
            raise ValidationError({"__all__": ["Nội dung không còn trong giao ước."]})
        target = index + (1 if offset > 0 else -1)
        if 0 <= target < len(rows):
            rows[index], rows[target] = rows[target], rows[index]
            _renumber(bloc_year, rows)
            audit(actor=actor, action="key_content.move", obj=content, after={"order": [r.pk for r in rows]})
    return KeyContent.objects.get(pk=content.pk)


def _renumber(bloc_year, rows: list[KeyContent]) -> None:
    # Two passes keep the (bloc_year, position) constraint satisfied at every step.
    offset = 1000
    for i, row in enumerate(rows, start=1):
        KeyContent.objects.filter(pk=row.pk).update(position=offset + i)
    for i, row in enumerate(rows, start=1):
        KeyContent.objects.filter(pk=row.pk).update(position=i)


def signature_update(
    *,
    actor,
    bloc_year,
    unit,
    head_name: str,
    head_title: str,
    signed: bool,
    signed_on: dt.date | None = None,
    scan=None,
    remove_scan=False,
) -> AgreementSignature:
    """Record a member head's name, title and signature (with an optional scanned copy)."""

    require_manager(actor, bloc_year)
    _check_upload(scan, "scan", SCAN_EXTENSIONS)
    if not BlocYearMember.objects.filter(bloc_year=bloc_year, unit=unit).exists():
        raise ValidationError({"unit": [f"{unit.name} không phải thành viên của khối năm {bloc_year.year}."]})
    if signed and not (head_name or "").strip():
        raise ValidationError({"head_name": ["Cần ghi họ tên thủ trưởng đã ký."]})
    staged = None
    with discard_on_error(lambda: staged), transaction.atomic():
        bloc_year_update_member(
            actor=actor,
            bloc_year=bloc_year,
            unit=unit,
            head_name=head_name or "",
            head_title=head_title or "",
        )
        AgreementSignature.objects.get_or_create(bloc_year=bloc_year, unit=unit)
        sig = AgreementSignature.objects.select_for_update().get(bloc_year=bloc_year, unit=unit)
        before = _sig_snapshot(sig)
        sig.signed = bool(signed)
        sig.signed_on = signed_on if signed else None
        if (remove_scan or scan is not None) and sig.scan:
            _delete_after_commit(sig.scan)
            sig.scan = ""
            sig.scan_name = ""
        if scan is not None:
            staged = stage_field(sig, "scan", scan.name, scan)
            sig.scan_name = scan.name[:255]
        sig.save()
        audit(actor=actor, action="agreement.signature", obj=sig, before=before, after=_sig_snapshot(sig))
        if staged is not None:
            pk = sig.pk
            staged.move_on_commit(
                on_failure=lambda: AgreementSignature.objects.filter(pk=pk).update(scan="", scan_name="")
            )
    return sig
