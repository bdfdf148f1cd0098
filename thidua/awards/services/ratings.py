"""Annual ratings (xếp loại) where they are decided: a collective's from the bloc's published
ranking, confirmed by the bloc's secretary in one step; an individual's, with the grassroots titles
its head decided (Lao động tiên tiến, Chiến sĩ thi đua cơ sở), by the unit's officer in a grid.
The eligibility engine reads exactly these rows (``PerformanceRating``, ``AwardRecord``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction

from thidua.awards.choices import Nature, Rating
from thidua.awards.models import Award, AwardRecord, PerformanceRating, ServicePeriod
from thidua.awards.permissions import can_import_history, can_record_service
from thidua.core import sane
from thidua.core.audit import audit, snapshot
from thidua.core.errors import field_error
from thidua.organisations.models import Person
from thidua.organisations.permissions import can_manage_bloc_year
from thidua.scoring.selectors import is_published, ranking_for_year

GRID_TITLES = ("ldtt", "cstdcs")  # the grassroots titles a unit's head decides each year
NOT_SECRETARY = (
    "Chỉ thư ký khối (đơn vị trưởng khối) hoặc Phòng Thi đua – Khen thưởng xác nhận xếp loại tập thể."
)
NOT_OFFICER = (
    "Chỉ cán bộ thi đua của đơn vị hoặc Phòng Thi đua – Khen thưởng nhập xếp loại cá nhân của đơn vị."
)


@dataclass
class CollectiveRow:
    unit: object
    rank: int
    classification: str
    label: str
    current: str  # the rating stored now ("" if none)


def collective_preview(bloc_year) -> list[CollectiveRow]:
    """The members' ratings the published ranking gives, beside what is stored now."""
    rows = ranking_for_year(bloc_year=bloc_year) if is_published(bloc_year) else []
    stored = dict(
        PerformanceRating.objects.filter(
            year=bloc_year.year, unit_id__in=[r.unit.pk for r in rows]
        ).values_list("unit_id", "rating")
    )
    return [
        CollectiveRow(
            r.unit,
            r.rank,
            r.classification,
            r.classification_label or r.classification,
            stored.get(r.unit.pk, ""),
        )
        for r in rows
    ]


def collective_ratings_confirm(*, actor, bloc_year) -> list[PerformanceRating]:
    """The secretary confirms the bloc's classification of its published ranking as the members'
    ratings of the year, in one step (all or nothing; an office correction stays possible through
    ``rating_set``)."""
    if not can_manage_bloc_year(actor, bloc_year):
        raise PermissionDenied(NOT_SECRETARY)
    if not is_published(bloc_year):
        raise field_error(
            "bloc_year", f"Kết quả chấm điểm năm {bloc_year.year} chưa công bố: chưa có xếp loại để xác nhận."
        )
    rows = collective_preview(bloc_year)
    unrated = [r.unit.name_in_year(bloc_year.year) for r in rows if r.classification not in Rating.values]
    if unrated:
        raise field_error(
            "bloc_year", "Chưa có phân loại trong kết quả chấm điểm cho: " + ", ".join(unrated) + "."
        )
    saved = []
    with transaction.atomic():
        for r in rows:
            row = (
                PerformanceRating.objects.select_for_update().filter(year=bloc_year.year, unit=r.unit).first()
            )
            before = snapshot(row) if row else None
            if row is None:
                row = PerformanceRating.objects.create(
                    year=bloc_year.year, unit=r.unit, rating=r.classification
                )
            elif row.rating != r.classification:
                row.rating = r.classification
                row.save(update_fields=["rating"])
            else:
                saved.append(row)
                continue
            audit(
                actor=actor,
                action="rating.set",
                obj=row,
                before=before,
                after=snapshot(row),
                reason=f"Xác nhận từ kết quả xếp hạng của {bloc_year.bloc.name} năm {bloc_year.year}",
            )
            saved.append(row)
    return saved


@dataclass
class GridRow:
    person: Person
    rating: str
    titles: dict  # award code -> AwardRecord held for the year


def people_of(unit, year: int) -> list[Person]:
    """Who the grid lists: the people who served in the unit during ``year`` (service periods),
    and its active staff without any recorded period."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    served = set(
        ServicePeriod.objects.filter(unit=unit, started_on__lte=last)
        .exclude(ended_on__lt=first)
        .values_list("person_id", flat=True)
    )
    with_periods = set(ServicePeriod.objects.values_list("person_id", flat=True).distinct())
    current = set(
        Person.objects.filter(unit=unit, is_active=True)
        .exclude(pk__in=with_periods)
        .values_list("pk", flat=True)
    )
    return list(Person.objects.filter(pk__in=served | current).order_by("name_sort", "pk"))


def unit_grid(unit, year: int) -> list[GridRow]:
    people = people_of(unit, year)
    ids = [p.pk for p in people]
    ratings = dict(
        PerformanceRating.objects.filter(year=year, person_id__in=ids).values_list("person_id", "rating")
    )
    titles: dict[int, dict] = {}
    # A revoked title is no longer held (Law 06/2022 Art 93.2): the grid shows it unticked.
    for record in (
        AwardRecord.objects.in_force()
        .filter(year=year, person_id__in=ids, award__code__in=GRID_TITLES)
        .select_related("award")
    ):
        titles.setdefault(record.person_id, {})[record.award.code] = record
    return [GridRow(p, ratings.get(p.pk, ""), titles.get(p.pk, {})) for p in people]


def unit_ratings_save(
    *,
    actor,
    unit,
    year: int,
    rows: list[dict],
    decision_number: str = "",
    decision_date: dt.date | None = None,
) -> dict:
    """The unit's officer saves the grid: ``rows`` = [{"person": Person, "rating": "HTXS"|…|"",
    "titles": {"ldtt", "cstdcs"}}]. A blank rating changes nothing; titles are added (never
    removed here: a title in history is corrected by the office) under the head's one decision of
    the year, whose number and date are required when a title is added. All or nothing."""
    if not (can_import_history(actor) or can_record_service(actor, unit.pk)):
        raise PermissionDenied(NOT_OFFICER)
    if not 1990 <= int(year) <= dt.date.today().year:
        raise field_error("year", f"Năm “{year}” không hợp lệ.")
    allowed = {p.pk for p in people_of(unit, year)}
    number = (decision_number or "").strip()
    held = set(
        AwardRecord.objects.in_force()
        .filter(year=year, person_id__in=[row["person"].pk for row in rows], award__code__in=GRID_TITLES)
        .values_list("person_id", "award__code")
    )  # one query for the grid, not one per row and title
    problems = []
    for i, row in enumerate(rows, start=1):
        person, rating, titles = row["person"], row.get("rating") or "", set(row.get("titles") or ())
        if person.pk not in allowed:
            problems.append(f"Dòng {i}: {person.full_name} không công tác tại {unit.name} năm {year}.")
        if rating and rating not in Rating.values:
            problems.append(f"Dòng {i}: xếp loại “{rating}” không hợp lệ (HTXS, HTT, HT, KHT).")
        if titles - set(GRID_TITLES):
            problems.append(f"Dòng {i}: danh hiệu không thuộc danh hiệu cơ sở của đơn vị.")
        # A fighter is an advanced worker: ticked now, or already recorded for the year.
        if "cstdcs" in titles and "ldtt" not in titles and (person.pk, "ldtt") not in held:
            problems.append(
                f"Dòng {i}: {person.full_name} được Chiến sĩ thi đua cơ sở phải là Lao động tiên tiến."
            )
    new_titles = [
        (row["person"], code)
        for row in rows
        for code in sorted(set(row.get("titles") or ()) & set(GRID_TITLES))
        if (row["person"].pk, code) not in held
    ]
    if new_titles:
        if not number or decision_date is None:
            problems.append("Nhập số và ngày quyết định công nhận danh hiệu của thủ trưởng đơn vị.")
        else:
            sane.check_length("decision_number", number, 60, "Số quyết định")
            sane.check("decision_date", sane.past_date_problem(decision_date, "Ngày quyết định"))
            if decision_date.year < year:
                problems.append("Ngày quyết định không thể trước năm thành tích.")
    if problems:
        raise field_error("rows", " ".join(problems))
    awards = {a.code: a for a in Award.objects.filter(code__in=GRID_TITLES)}
    counts = {"ratings": 0, "titles": 0}
    with transaction.atomic():
        for row in rows:
            rating = row.get("rating") or ""
            if not rating:
                continue
            current = (
                PerformanceRating.objects.select_for_update().filter(year=year, person=row["person"]).first()
            )
            if current is not None and current.rating == rating:
                continue
            before = snapshot(current) if current else None
            if current is None:
                current = PerformanceRating.objects.create(year=year, person=row["person"], rating=rating)
            else:
                current.rating = rating
                current.save(update_fields=["rating"])
            audit(actor=actor, action="rating.set", obj=current, before=before, after=snapshot(current))
            counts["ratings"] += 1
        for person, code in new_titles:
            record = AwardRecord.objects.create(
                award=awards[code],
                person=person,
                year=year,
                decision_number=number,
                decision_date=decision_date,
                decided_by=f"Thủ trưởng {unit.name}",
                nature=Nature.MERIT,
            )
            audit(actor=actor, action="award_record.create", obj=record, after=snapshot(record))
            counts["titles"] += 1
    return counts
