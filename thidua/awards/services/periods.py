"""Service periods (thời gian công tác tại đơn vị): who may see and record them, recording one,
ending an open one. The eligibility engine reads them (``facts._served_in_year``): the members of
a collective in year Y are the people who served in it during Y."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q

from thidua.accounts.choices import Role
from thidua.awards.models import ServicePeriod
from thidua.awards.permissions import can_record_service
from thidua.core import sane
from thidua.core.audit import audit, snapshot
from thidua.core.errors import field_error

DENIED = (
    "Chỉ Phòng Thi đua – Khen thưởng, hoặc cán bộ thi đua, thư ký khối của chính đơn vị, được ghi "
    "thời gian công tác của cá nhân."
)
OTHER_UNIT = (
    "Cán bộ của đơn vị chỉ ghi được thời gian công tác tại đơn vị mình của cá nhân thuộc đơn vị mình."
)


def visible_periods(user):
    """Periods the user may see, mirroring ``SubjectQuerySet.visible_to``: the office and the
    Council see all; a unit's officers and bloc secretary those of their unit and its people."""
    qs = ServicePeriod.objects.select_related("unit", "person__unit")
    if not user.is_authenticated:
        return qs.none()
    if user.is_provincial or user.has_role(Role.COUNCIL_MEMBER):
        return qs
    if user.unit_id is None or not user.has_role(Role.UNIT_OFFICER, Role.BLOC_SECRETARY):
        return qs.none()
    return qs.filter(Q(unit_id=user.unit_id) | Q(person__unit_id=user.unit_id))


def _check(actor, person, unit) -> None:
    if not can_record_service(actor):
        raise PermissionDenied(DENIED)
    if not actor.is_provincial and (person.unit_id != actor.unit_id or unit.pk != actor.unit_id):
        raise field_error("person", OTHER_UNIT)


def _span(period: ServicePeriod) -> str:
    end = f" đến {period.ended_on:%d/%m/%Y}" if period.ended_on else " (chưa kết thúc)"
    return f"{period.unit.name} từ {period.started_on:%d/%m/%Y}{end}"


def _refuse_overlap(person, started_on, ended_on, *, exclude=None, field: str = "started_on") -> None:
    """One person serves in one unit at a time: a period overlapping another of theirs (in any
    unit) is refused, naming the other."""
    others = ServicePeriod.objects.select_related("unit").filter(person=person)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    others = others.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=started_on))
    if ended_on is not None:
        others = others.filter(started_on__lte=ended_on)
    other = others.order_by("started_on").first()
    if other is not None:
        raise field_error(field, f"Thời gian công tác này trùng với thời gian đã ghi: {_span(other)}.")


def _check_dates(started_on: dt.date | None, ended_on: dt.date | None) -> None:
    if started_on is None:
        raise field_error("started_on", "Hãy nhập ngày bắt đầu công tác.")
    sane.check("started_on", sane.past_date_problem(started_on, "Ngày bắt đầu"))
    sane.check("ended_on", sane.period_end_problem(ended_on, "Ngày kết thúc"))
    if ended_on is not None and ended_on < started_on:
        raise field_error("ended_on", "Ngày kết thúc không thể trước ngày bắt đầu.")


def service_period_create(
    *, actor, person, unit, started_on: dt.date, ended_on: dt.date | None = None, note: str = ""
) -> ServicePeriod:
    """Record that ``person`` served in ``unit`` from ``started_on`` (to ``ended_on``): from then
    on the person counts among that unit's members only in the years of such periods."""
    if not can_record_service(actor):
        raise PermissionDenied(DENIED)
    if person is None or unit is None:
        raise field_error("person", "Chọn cá nhân và đơn vị công tác.")
    _check(actor, person, unit)
    _check_dates(started_on, ended_on)
    note = sane.check_length("note", (note or "").strip(), 300, "Ghi chú")
    with transaction.atomic():
        # Periods of one person are written one at a time (a double click, two officers).
        type(person).objects.select_for_update().filter(pk=person.pk).first()
        _refuse_overlap(person, started_on, ended_on)
        row = ServicePeriod.objects.create(
            person=person, unit=unit, started_on=started_on, ended_on=ended_on, note=note
        )
        audit(actor=actor, action="service_period.create", obj=row, after=snapshot(row))
    return row


def service_period_end(*, actor, period: ServicePeriod, ended_on: dt.date) -> ServicePeriod:
    """Set (or correct) the last day of a period, e.g. when the person moves to another unit."""
    if not can_record_service(actor):
        raise PermissionDenied(DENIED)
    _check(actor, period.person, period.unit)
    if ended_on is None:
        raise field_error("ended_on", "Hãy nhập ngày kết thúc công tác.")
    _check_dates(period.started_on, ended_on)
    with transaction.atomic():
        type(period.person).objects.select_for_update().filter(pk=period.person_id).first()
        period = ServicePeriod.objects.select_for_update().get(pk=period.pk)
        _refuse_overlap(period.person, period.started_on, ended_on, exclude=period, field="ended_on")
        before = snapshot(period)
        period.ended_on = ended_on
        period.save(update_fields=["ended_on"])
        audit(actor=actor, action="service_period.end", obj=period, before=before, after=snapshot(period))
    return period
