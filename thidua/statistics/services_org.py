"""The register of the emulation organisation (councils, form 0604.N) and of the people doing
emulation and commendation work (form 0605.N): create and update, by the provincial office or
the administrator only, each change audited. Pages and API call these (issue 20).

A council or a staff member is never deleted: ending it (``dissolved_on`` / ``ended_on``) keeps
the earlier years' forms as they were."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction

from thidua.core import sane
from thidua.core.audit import audit, snapshot
from thidua.core.errors import field_error
from thidua.statistics.models import (
    CouncilLevel,
    EmulationCouncil,
    EmulationStaff,
    StaffMode,
    StaffPosition,
    StaffTraining,
)

DENIED = "Chỉ Phòng Thi đua – Khen thưởng (Sở Nội vụ) và quản trị hệ thống được cập nhật tổ chức, đội ngũ làm công tác thi đua, khen thưởng."

# Action phrases: ``thidua/statistics/audit_labels.py``.
COUNCIL_FIELDS = [
    "name",
    "level",
    "unit",
    "members",
    "women_members",
    "decision_ref",
    "established_on",
    "dissolved_on",
]
STAFF_FIELDS = [
    "full_name",
    "is_female",
    "unit",
    "position",
    "training",
    "mode",
    "trained_in_emulation",
    "started_on",
    "ended_on",
]


def can_manage_organisation(user) -> bool:
    return bool(user.is_authenticated and user.is_provincial)


def _check_actor(actor) -> None:
    if not can_manage_organisation(actor):
        raise PermissionDenied(DENIED)


def _choice(field: str, value: str, choices, label: str) -> str:
    if value not in choices.values:
        raise field_error(field, f"{label} không hợp lệ.")
    return value


def _text(field: str, value: str | None, model, label: str, *, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise field_error(field, f"Hãy nhập {label.lower()}.")
    return sane.check_length(field, value, model._meta.get_field(field).max_length, label)


def _dates(start_field: str, start: dt.date | None, end_field: str, end: dt.date | None, what: str) -> None:
    if start is None:
        raise field_error(start_field, f"Hãy nhập ngày {what}.")
    sane.check(start_field, sane.past_date_problem(start, f"Ngày {what}"))
    sane.check(end_field, sane.period_end_problem(end, "Ngày kết thúc"))
    if end is not None and end < start:
        raise field_error(end_field, f"Ngày kết thúc không thể trước ngày {what}.")


def _council_values(data: dict) -> dict:
    values = {
        "name": _text("name", data.get("name"), EmulationCouncil, "Tên hội đồng", required=True),
        "level": _choice("level", data.get("level", ""), CouncilLevel, "Cấp hội đồng"),
        "unit": data.get("unit"),
        "decision_ref": _text("decision_ref", data.get("decision_ref"), EmulationCouncil, "Quyết định"),
        "established_on": data.get("established_on"),
        "dissolved_on": data.get("dissolved_on"),
    }
    members, women = data.get("members", 0), data.get("women_members", 0)
    for field, value in (("members", members), ("women_members", women)):
        if not isinstance(value, int) or value < 0 or value > 10_000:
            raise field_error(field, "Số thành viên phải là số nguyên từ 0 đến 10.000.")
    if women > members:
        raise field_error("women_members", "Số thành viên nữ không thể lớn hơn tổng số thành viên.")
    values |= {"members": members, "women_members": women}
    _dates("established_on", values["established_on"], "dissolved_on", values["dissolved_on"], "thành lập")
    return values


def _staff_values(data: dict) -> dict:
    values = {
        "full_name": _text("full_name", data.get("full_name"), EmulationStaff, "Họ và tên", required=True),
        "is_female": bool(data.get("is_female", False)),
        "unit": data.get("unit"),
        "position": _choice("position", data.get("position", ""), StaffPosition, "Vị trí công tác"),
        "training": _choice("training", data.get("training", ""), StaffTraining, "Trình độ đào tạo"),
        "mode": _choice("mode", data.get("mode", StaffMode.FULL_TIME), StaffMode, "Chế độ làm việc"),
        "trained_in_emulation": bool(data.get("trained_in_emulation", False)),
        "started_on": data.get("started_on"),
        "ended_on": data.get("ended_on"),
    }
    _dates("started_on", values["started_on"], "ended_on", values["ended_on"], "bắt đầu")
    return values


def council_create(*, actor, **data) -> EmulationCouncil:
    """Register a council: name, level, unit (optional), members and women members, the founding
    decision and date, the date it ended (optional)."""
    _check_actor(actor)
    values = _council_values(data)
    with transaction.atomic():
        council = EmulationCouncil.objects.create(**values)
        audit(
            actor=actor,
            action="emulation_council.create",
            obj=council,
            after=snapshot(council, COUNCIL_FIELDS),
        )
    return council


def council_update(*, actor, council: EmulationCouncil, **data) -> EmulationCouncil:
    """Change a council; fields not given keep their value."""
    _check_actor(actor)
    current = {f: getattr(council, f) for f in COUNCIL_FIELDS}
    values = _council_values({**current, **data})
    return _update(actor, council, values, COUNCIL_FIELDS, "emulation_council.update")


def _update(actor, obj, values: dict, fields, action: str):
    """Write ``values`` on ``obj`` (locked), with the audit record of before and after."""
    with transaction.atomic():
        obj = type(obj).objects.select_for_update().get(pk=obj.pk)
        before = snapshot(obj, fields)
        for field, value in values.items():
            setattr(obj, field, value)
        obj.save()
        audit(actor=actor, action=action, obj=obj, before=before, after=snapshot(obj, fields))
    return obj


def staff_create(*, actor, **data) -> EmulationStaff:
    """Register a person doing emulation work: name, gender, unit, position, training, mode,
    whether trained in emulation work, from (and to) which date."""
    _check_actor(actor)
    values = _staff_values(data)
    with transaction.atomic():
        staff = EmulationStaff.objects.create(**values)
        audit(actor=actor, action="emulation_staff.create", obj=staff, after=snapshot(staff, STAFF_FIELDS))
    return staff


def staff_update(*, actor, staff: EmulationStaff, **data) -> EmulationStaff:
    """Change a staff entry; fields not given keep their value."""
    _check_actor(actor)
    current = {f: getattr(staff, f) for f in STAFF_FIELDS}
    values = _staff_values({**current, **data})
    return _update(actor, staff, values, STAFF_FIELDS, "emulation_staff.update")
