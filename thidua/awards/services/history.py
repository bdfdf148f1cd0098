"""Single-record writes of award history (the import writes in bulk through ``imports``)."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction

from thidua.awards.choices import DisciplineLevel, FlagKind, InitiativeScope, Nature, Rating
from thidua.awards.models import (
    Award,
    AwardRecord,
    Initiative,
    PerformanceRating,
    SubjectFlag,
)
from thidua.awards.permissions import can_import_history, can_record_service
from thidua.awards.services.periods import service_period_create  # noqa: F401 - its home is periods
from thidua.core import sane
from thidua.core.audit import audit, snapshot
from thidua.core.errors import field_error

DENIED = "Chỉ Phòng Thi đua – Khen thưởng hoặc quản trị hệ thống được ghi lịch sử khen thưởng."


def _check(actor, *, own_unit_id: int | None = None):
    """The office records any history; with ``own_unit_id`` (the subject's unit, for what the
    unit's own head decides: individual ratings, Lao động tiên tiến, Chiến sĩ thi đua cơ sở) the
    unit's officer or bloc secretary may record it too."""
    if can_import_history(actor):
        return
    if own_unit_id is not None and can_record_service(actor, own_unit_id):
        return
    raise PermissionDenied(DENIED)


def _own_unit(award, unit, person) -> int | None:
    """The subject's unit when the award is decided by the head of that unit, else None."""
    if award is not None and award.authority != "head_of_unit":
        return None
    if person is not None:
        return person.unit_id
    return unit.pk if unit is not None else None


def _subject(unit, person) -> dict:
    if (unit is None) == (person is None):
        raise field_error("subject", "Chọn đúng một đối tượng: một tập thể hoặc một cá nhân.")
    return {"unit": unit, "person": None} if unit is not None else {"unit": None, "person": person}


def _year(year) -> int:
    if year is None or not 1990 <= int(year) <= dt.date.today().year + 1:
        raise field_error("year", f"Năm “{year}” không hợp lệ.")
    return int(year)


def award_record_create(
    *,
    actor,
    award: Award,
    year: int,
    decision_number: str,
    decision_date: dt.date,
    unit=None,
    person=None,
    decided_by: str = "",
    nature: str = Nature.MERIT,
    note: str = "",
) -> AwardRecord:
    _check(actor, own_unit_id=_own_unit(award, unit, person))
    subject = _subject(unit, person)
    year = _year(year)
    if (award.subject == "collective") != (unit is not None):
        raise field_error(
            "award",
            "Khen thưởng này dành cho " + ("tập thể." if award.subject == "collective" else "cá nhân."),
        )
    number = (decision_number or "").strip()
    if not number:
        raise field_error("decision_number", "Hãy nhập số quyết định.")
    if decision_date is None:
        raise field_error("decision_date", "Hãy nhập ngày quyết định.")
    sane.check("decision_date", sane.past_date_problem(decision_date, "Ngày quyết định"))
    if decision_date.year < year:
        raise field_error("decision_date", "Ngày quyết định không thể trước năm thành tích.")
    sane.check_length("decision_number", number, 60, "Số quyết định")
    sane.check_length("decided_by", (decided_by or "").strip(), 255, "Cơ quan quyết định")
    sane.check_length("note", (note or "").strip(), 500, "Ghi chú")
    if nature not in Nature.values:
        raise field_error("nature", "Tính chất khen thưởng không hợp lệ.")
    with transaction.atomic():
        if AwardRecord.objects.filter(decision_number=number, award=award, **subject).exists():
            raise field_error(
                "decision_number", f"Trùng quyết định: số {number} đã ghi khen thưởng này cho đối tượng này."
            )
        record = AwardRecord.objects.create(
            award=award,
            year=year,
            decision_number=number,
            decision_date=decision_date,
            decided_by=decided_by.strip(),
            nature=nature,
            note=note.strip(),
            **subject,
        )
        audit(actor=actor, action="award_record.create", obj=record, after=snapshot(record))
    return record


def rating_set(*, actor, year: int, rating: str, unit=None, person=None) -> PerformanceRating:
    """Record or correct a yearly rating: the office for anyone; a unit's officer for the people
    of its own unit (their head rates them)."""
    _check(actor, own_unit_id=person.unit_id if person is not None else None)
    subject = _subject(unit, person)
    year = _year(year)
    if rating not in Rating.values:
        raise field_error("rating", "Xếp loại phải là HTXS, HTT, HT hoặc KHT.")
    with transaction.atomic():
        row = PerformanceRating.objects.select_for_update().filter(year=year, **subject).first()
        before = snapshot(row) if row else None
        if row is None:
            row = PerformanceRating.objects.create(year=year, rating=rating, **subject)
        else:
            row.rating = rating
            row.save(update_fields=["rating"])
        audit(actor=actor, action="rating.set", obj=row, before=before, after=snapshot(row))
    return row


def initiative_create(
    *, actor, person, year: int, title: str, scope: str, decision_number: str = ""
) -> Initiative:
    _check(actor)
    year = _year(year)
    if scope not in InitiativeScope.values:
        raise field_error("scope", "Phạm vi sáng kiến không hợp lệ.")
    if not (title or "").strip():
        raise field_error("title", "Hãy nhập tên sáng kiến.")
    sane.check_length("title", title.strip(), 300, "Tên sáng kiến")
    sane.check_length("decision_number", (decision_number or "").strip(), 60, "Số quyết định")
    with transaction.atomic():
        row = Initiative.objects.create(
            person=person,
            year=year,
            title=title.strip(),
            scope=scope,
            decision_number=decision_number.strip(),
        )
        audit(actor=actor, action="initiative.create", obj=row, after=snapshot(row))
    return row


def flag_create(
    *,
    actor,
    kind: str,
    started_on: dt.date,
    unit=None,
    person=None,
    ended_on: dt.date | None = None,
    level: int = DisciplineLevel.NONE,
    note: str = "",
) -> SubjectFlag:
    _check(actor)
    subject = _subject(unit, person)
    if kind not in FlagKind.values:
        raise field_error("kind", "Loại vụ việc không hợp lệ.")
    if started_on is None:
        raise field_error("started_on", "Hãy nhập ngày bắt đầu.")
    sane.check("started_on", sane.past_date_problem(started_on, "Ngày bắt đầu"))
    sane.check("ended_on", sane.period_end_problem(ended_on, "Ngày kết thúc"))
    sane.check_length("note", (note or "").strip(), 500, "Ghi chú")
    if ended_on is not None and ended_on < started_on:
        raise field_error("ended_on", "Ngày kết thúc phải sau ngày bắt đầu.")
    if kind == FlagKind.DISCIPLINE and not level:
        raise field_error("level", "Hãy chọn hình thức kỷ luật.")
    with transaction.atomic():
        row = SubjectFlag.objects.create(
            kind=kind,
            level=level if kind == FlagKind.DISCIPLINE else DisciplineLevel.NONE,
            started_on=started_on,
            ended_on=ended_on,
            note=note.strip(),
            created_by=actor,
            **subject,
        )
        audit(actor=actor, action="subject_flag.create", obj=row, after=snapshot(row))
    return row


def flag_close(*, actor, flag: SubjectFlag, ended_on: dt.date) -> SubjectFlag:
    _check(actor)
    if ended_on is None or ended_on < flag.started_on:
        raise field_error("ended_on", "Ngày kết thúc phải sau ngày bắt đầu.")
    sane.check("ended_on", sane.period_end_problem(ended_on, "Ngày kết thúc"))
    with transaction.atomic():
        flag = SubjectFlag.objects.select_for_update().get(pk=flag.pk)
        before = snapshot(flag)
        flag.ended_on = ended_on
        flag.save(update_fields=["ended_on"])
        audit(actor=actor, action="subject_flag.close", obj=flag, before=before, after=snapshot(flag))
    return flag
