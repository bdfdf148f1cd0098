"""Movements (phong trào) registered by member units, and the programme catalogue."""

import datetime as dt

from django.db import transaction

from thidua.accounts.choices import Role
from thidua.core.audit import audit, snapshot
from thidua.core.errors import PermissionDenied, ValidationError
from thidua.cycles.choices import LaunchLevel, MovementKind, MovementScope
from thidua.cycles.models import Movement, Programme
from thidua.cycles.services._common import clean_text
from thidua.organisations.models import BlocYearMember

MOVEMENT_FIELDS = [
    "title",
    "kind",
    "launch_level",
    "scope",
    "starts_on",
    "ends_on",
    "targets",
    "unit",
    "bloc_year",
]
# A movement may run for years (form 0601.N counts those of 5 years and more).
MAX_YEARS_AHEAD = 10


def can_edit_movements_of(user, unit_id) -> bool:
    """The provincial office, or an emulation officer / secretary of that very unit."""
    if not user.is_authenticated:
        return False
    if user.is_provincial:
        return True
    return bool(
        user.unit_id is not None
        and user.unit_id == unit_id
        and user.has_role(Role.UNIT_OFFICER, Role.BLOC_SECRETARY)
    )


def _clean(bloc_year, data: dict) -> dict:
    cleaned = {}
    if "title" in data:
        cleaned["title"] = clean_text(data["title"], "title", "Tên phong trào, khẩu hiệu", max_length=500)
    if "kind" in data:
        if data["kind"] not in MovementKind.values:
            raise ValidationError(
                {"kind": ["Loại phong trào phải là thường xuyên, chuyên đề hoặc theo đợt."]}
            )
        cleaned["kind"] = data["kind"]
    if "launch_level" in data:
        if data["launch_level"] not in LaunchLevel.values:
            raise ValidationError({"launch_level": ["Cấp chủ trì phát động không hợp lệ."]})
        cleaned["launch_level"] = data["launch_level"]
    if "scope" in data:
        if data["scope"] not in MovementScope.values:
            raise ValidationError({"scope": ["Phạm vi tổ chức thi đua không hợp lệ."]})
        cleaned["scope"] = data["scope"]
    for key in ("starts_on", "ends_on"):
        if key in data:
            value = data[key]
            if value is not None and not isinstance(value, dt.date):
                raise ValidationError({key: ["Ngày không hợp lệ."]})
            cleaned[key] = value
    if "targets" in data:
        cleaned["targets"] = (data["targets"] or "").strip()
    if "programmes" in data:
        ids = [getattr(p, "pk", p) for p in data["programmes"] or []]
        programmes = list(Programme.objects.filter(pk__in=ids))
        if len(programmes) != len(set(ids)):
            raise ValidationError({"programmes": ["Chương trình không có trong danh mục."]})
        cleaned["programmes"] = programmes
    return cleaned


def _check_dates(movement: Movement, bloc_year) -> None:
    if movement.starts_on and movement.ends_on and movement.ends_on < movement.starts_on:
        raise ValidationError({"ends_on": ["Ngày kết thúc phải sau ngày bắt đầu."]})
    day = movement.starts_on
    if day and abs(day.year - bloc_year.year) > 1:
        raise ValidationError(
            {"starts_on": [f"Ngày {day:%d/%m/%Y} không thuộc năm thi đua {bloc_year.year}."]}
        )
    day = movement.ends_on
    if day and not bloc_year.year - 1 <= day.year <= bloc_year.year + MAX_YEARS_AHEAD:
        raise ValidationError(
            {
                "ends_on": [
                    f"Ngày kết thúc {day:%d/%m/%Y} không hợp lệ: phải từ năm {bloc_year.year - 1} "
                    f"đến năm {bloc_year.year + MAX_YEARS_AHEAD}."
                ]
            }
        )


def movement_create(
    *,
    actor,
    bloc_year,
    unit,
    title: str,
    kind: str,
    launch_level: str = LaunchLevel.AGENCY,
    scope: str = MovementScope.AGENCY,
    starts_on=None,
    ends_on=None,
    programmes=(),
    targets: str = "",
) -> Movement:
    if not can_edit_movements_of(actor, unit.pk):
        raise PermissionDenied("Bạn chỉ đăng ký được phong trào của đơn vị mình.")
    if not BlocYearMember.objects.filter(bloc_year=bloc_year, unit=unit).exists():
        raise ValidationError({"unit": [f"{unit.name} không phải thành viên của khối năm {bloc_year.year}."]})
    data = _clean(
        bloc_year,
        {
            "title": title,
            "kind": kind,
            "launch_level": launch_level,
            "scope": scope,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "targets": targets,
            "programmes": list(programmes),
        },
    )
    programmes = data.pop("programmes")
    movement = Movement(bloc_year=bloc_year, unit=unit, created_by=actor, **data)
    _check_dates(movement, bloc_year)
    with transaction.atomic():
        if Movement.objects.filter(bloc_year=bloc_year, unit=unit, title__iexact=movement.title).exists():
            raise ValidationError({"title": ["Đơn vị đã đăng ký phong trào này."]})
        movement.save()
        movement.programmes.set(programmes)
        audit(
            actor=actor,
            action="movement.create",
            obj=movement,
            after={**snapshot(movement, MOVEMENT_FIELDS), "programmes": [p.pk for p in programmes]},
        )
    return movement


def movement_update(*, actor, movement: Movement, data: dict) -> Movement:
    if not can_edit_movements_of(actor, movement.unit_id):
        raise PermissionDenied("Bạn chỉ sửa được phong trào của đơn vị mình.")
    unknown = set(data) - {
        "title",
        "kind",
        "launch_level",
        "scope",
        "starts_on",
        "ends_on",
        "targets",
        "programmes",
    }
    if unknown:
        raise ValidationError({sorted(unknown)[0]: ["Trường này không sửa được."]})
    cleaned = _clean(movement.bloc_year, data)
    programmes = cleaned.pop("programmes", None)
    with transaction.atomic():
        movement = Movement.objects.select_for_update().select_related("bloc_year").get(pk=movement.pk)
        before = {
            **snapshot(movement, MOVEMENT_FIELDS),
            "programmes": list(movement.programmes.values_list("pk", flat=True)),
        }
        for key, value in cleaned.items():
            setattr(movement, key, value)
        _check_dates(movement, movement.bloc_year)
        movement.save()
        if programmes is not None:
            movement.programmes.set(programmes)
        audit(
            actor=actor,
            action="movement.update",
            obj=movement,
            before=before,
            after={
                **snapshot(movement, MOVEMENT_FIELDS),
                "programmes": list(movement.programmes.values_list("pk", flat=True)),
            },
        )
    return movement


def movement_delete(*, actor, movement: Movement) -> None:
    if not can_edit_movements_of(actor, movement.unit_id):
        raise PermissionDenied("Bạn chỉ xóa được phong trào của đơn vị mình.")
    with transaction.atomic():
        movement = Movement.objects.filter(pk=movement.pk).first()
        if movement is None:
            return
        audit(actor=actor, action="movement.delete", obj=movement, before=snapshot(movement, MOVEMENT_FIELDS))
        movement.delete()


def _require_catalogue_keeper(actor) -> None:
    if not (actor.is_authenticated and actor.is_provincial):
        raise PermissionDenied("Chỉ Phòng Thi đua – Khen thưởng quản lý danh mục chương trình.")


def programme_create(*, actor, name: str, description: str = "", position: int = 0) -> Programme:
    _require_catalogue_keeper(actor)
    name = clean_text(name, "name", "Tên chương trình", max_length=300)
    with transaction.atomic():
        if Programme.objects.filter(name__iexact=name).exists():
            raise ValidationError({"name": ["Chương trình này đã có trong danh mục."]})
        programme = Programme.objects.create(
            name=name, description=(description or "").strip(), position=position
        )
        audit(actor=actor, action="programme.create", obj=programme, after=snapshot(programme))
    return programme


def programme_update(*, actor, programme: Programme, data: dict) -> Programme:
    _require_catalogue_keeper(actor)
    unknown = set(data) - {"name", "description", "position", "is_active"}
    if unknown:
        raise ValidationError({sorted(unknown)[0]: ["Trường này không sửa được."]})
    with transaction.atomic():
        programme = Programme.objects.select_for_update().get(pk=programme.pk)
        before = snapshot(programme)
        if "name" in data:
            name = clean_text(data["name"], "name", "Tên chương trình", max_length=300)
            if Programme.objects.filter(name__iexact=name).exclude(pk=programme.pk).exists():
                raise ValidationError({"name": ["Chương trình này đã có trong danh mục."]})
            programme.name = name
        if "description" in data:
            programme.description = (data["description"] or "").strip()
        if "position" in data:
            programme.position = int(data["position"] or 0)
        if "is_active" in data:
            programme.is_active = bool(data["is_active"])
        programme.save()
        audit(actor=actor, action="programme.update", obj=programme, before=before, after=snapshot(programme))
    return programme
