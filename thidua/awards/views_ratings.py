"""Annual ratings pages: the bloc's collective ratings from its published ranking (confirmed by
the secretary in one step) and a unit's grid of individual ratings and grassroots titles."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from thidua.awards.choices import Rating
from thidua.awards.permissions import can_import_history, can_record_service, can_view_unit_history
from thidua.awards.services import ratings
from thidua.core.errors import error_messages, field_error
from thidua.core.permissions import require
from thidua.organisations.access import bloc_year_for
from thidua.organisations.models import Unit
from thidua.organisations.permissions import can_manage_bloc_year


@login_required
def collective(request, code, year):
    bloc_year = bloc_year_for(request.user, code, year)
    rows = ratings.collective_preview(bloc_year)
    members = [m.unit for m in bloc_year.members.select_related("unit")]
    return render(
        request,
        "awards/ratings_collective.html",
        {
            "bloc_year": bloc_year,
            "rows": rows,
            "can_confirm": can_manage_bloc_year(request.user, bloc_year),
            "grids": [u for u in members if can_view_unit_history(request.user, u.pk)],
            "ratings": Rating,
        },
    )


@login_required
@require_POST
def collective_confirm(request, code, year):
    bloc_year = bloc_year_for(request.user, code, year)
    require(can_manage_bloc_year(request.user, bloc_year))
    try:
        saved = ratings.collective_ratings_confirm(actor=request.user, bloc_year=bloc_year)
    except ValidationError as exc:
        _say(request, exc)
    else:
        messages.success(
            request, f"Đã xác nhận xếp loại năm {year} của {len(saved)} đơn vị từ kết quả xếp hạng."
        )
    return redirect(reverse("awards:ratings_collective", args=[code, year]))


TITLE_NAMES = {"ldtt": "Lao động tiên tiến", "cstdcs": "Chiến sĩ thi đua cơ sở"}


def _may_edit(user, unit) -> bool:
    return can_import_history(user) or can_record_service(user, unit.pk)


def _posted_rows(post, grid) -> list[dict]:
    rows = []
    for r in grid:
        pk = r.person.pk
        titles = {code for code in ratings.GRID_TITLES if post.get(f"{code}-{pk}")}
        rows.append({"person": r.person, "rating": post.get(f"rating-{pk}", "").strip(), "titles": titles})
    return rows


def _date(text: str) -> dt.date | None:
    text = (text or "").strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


@login_required
def unit_grid(request, code, year):
    unit = get_object_or_404(Unit, code=code)
    require(can_view_unit_history(request.user, unit.pk))
    grid = ratings.unit_grid(unit, year)
    editable = _may_edit(request.user, unit)
    posted = None
    if request.method == "POST":
        require(editable)
        posted = _posted_rows(request.POST, grid)
        number = request.POST.get("decision_number", "")
        day_text = request.POST.get("decision_date", "")
        day = _date(day_text)
        try:
            if day_text.strip() and day is None:
                raise field_error(
                    "decision_date", "Ngày quyết định phải theo dạng ngày/tháng/năm, ví dụ 20/12/2019."
                )
            counts = ratings.unit_ratings_save(
                actor=request.user,
                unit=unit,
                year=year,
                rows=posted,
                decision_number=number,
                decision_date=day,
            )
        except ValidationError as exc:
            _say(request, exc)
        else:
            messages.success(
                request,
                f"Đã lưu {counts['ratings']} xếp loại và {counts['titles']} danh hiệu năm {year} của {unit.name}.",
            )
            return redirect(reverse("awards:ratings_unit", args=[code, year]))
    # What the officer typed is shown again after a refusal (nothing is lost).
    shown = []
    for i, r in enumerate(grid):
        rating, chosen = (
            (posted[i]["rating"], posted[i]["titles"]) if posted is not None else (r.rating, set(r.titles))
        )
        # Per title: the record already held (shown with its decision) or whether the box is ticked.
        cells = [
            (code, TITLE_NAMES[code], r.titles.get(code), code in chosen) for code in ratings.GRID_TITLES
        ]
        shown.append((r, rating, cells))
    return render(
        request,
        "awards/ratings_unit.html",
        {
            "unit": unit,
            "year": year,
            "rows": shown,
            "editable": editable,
            "ratings": Rating.choices,
            "decision_number": request.POST.get("decision_number", "") if posted is not None else "",
            "decision_date": request.POST.get("decision_date", "") if posted is not None else "",
        },
    )


def _say(request, exc: ValidationError) -> None:
    for msgs in error_messages(exc).values():
        for m in msgs:
            messages.error(request, m)
