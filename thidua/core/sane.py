"""Plausible values for typed dates, years and text lengths (issue 18 item 6), one message each,
shared by forms, spreadsheet row forms and services (which the API calls):

- a decision (khen thưởng, kỷ luật…) is dated from 01/01/1945 up to today, never in the future;
- a period (discipline, investigation…) starts from 01/01/1945 up to today and ends at the latest
  on 31/12 of the current year + ``PERIOD_YEARS_AHEAD``;
- a year of achievement lies in 1945..current year + 1 (apps may narrow it); a bloc year being
  planned, 1990..current year + ``PERIOD_YEARS_AHEAD``;
- text longer than its column is refused with its limit, never cut silently."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils import timezone
from pydantic import StringConstraints

from thidua.core.errors import field_error

EARLIEST = dt.date(1945, 1, 1)
PERIOD_YEARS_AHEAD = 5


def today() -> dt.date:
    return timezone.localdate()


def past_date_problem(value: dt.date | None, label: str) -> str | None:
    """A decision-like date: 01/01/1945 ≤ value ≤ today."""
    if value is None or EARLIEST <= value <= today():
        return None
    if value > today():
        return f"{label} {value:%d/%m/%Y} ở tương lai: không được sau hôm nay."
    return f"{label} {value:%d/%m/%Y} không hợp lệ: không được trước 01/01/1945."


def period_end_limit() -> dt.date:
    return dt.date(today().year + PERIOD_YEARS_AHEAD, 12, 31)


def period_end_problem(value: dt.date | None, label: str) -> str | None:
    """The end of a period: 01/01/1945 ≤ value ≤ 31/12 of current year + PERIOD_YEARS_AHEAD."""
    if value is None or EARLIEST <= value <= period_end_limit():
        return None
    return f"{label} {value:%d/%m/%Y} không hợp lệ: phải từ 01/01/1945 đến {period_end_limit():%d/%m/%Y}."


def year_problem(value: int | None, label: str = "Năm", earliest: int = 1945, ahead: int = 1) -> str | None:
    """A year of achievement: earliest..current year + 1 (``ahead``: a year planned further on)."""
    latest = today().year + ahead
    if value is None or earliest <= value <= latest:
        return None
    return f"{label} {value} không hợp lệ: phải từ {earliest} đến {latest}."


def period_date(label: str):
    """Form validator for a date of the emulation calendar (a deadline, a signing day): within
    01/01/1945 .. 31/12 of current year + PERIOD_YEARS_AHEAD (``period_end_problem``)."""

    def validate(value) -> None:
        if problem := period_end_problem(value, label):
            raise ValidationError(problem, code="date_range")

    return validate


def validate_bloc_year(value) -> None:
    """Form validator for a bloc year: 1990 .. current year + PERIOD_YEARS_AHEAD."""
    if isinstance(value, int) and (problem := year_problem(value, "Năm thi đua", 1990, PERIOD_YEARS_AHEAD)):
        raise ValidationError(problem, code="year")


def validate_year(value) -> None:
    """Form validator for a typed year of achievement (``year_problem``)."""
    if isinstance(value, int) and (problem := year_problem(value)):
        raise ValidationError(problem, code="year")


def length_message(label: str, max_length: int, length: int) -> str:
    return f"{label} dài quá: tối đa {max_length} ký tự (đang có {length})."


# For Django form fields: error_messages={"max_length": MAX_LENGTH}.
MAX_LENGTH = "Nội dung dài quá: tối đa %(limit_value)d ký tự (đang có %(show_value)d)."


def check(field: str, problem: str | None) -> None:
    """Service side: raise the field's ValidationError when there is a problem."""
    if problem:
        raise field_error(field, problem)


def check_length(field: str, value: str | None, max_length: int, label: str) -> str:
    """Service side: ``value`` as it is, or a ValidationError naming the limit (never truncated)."""
    value = value or ""
    if len(value) > max_length:
        raise field_error(field, length_message(label, max_length, len(value)))
    return value


def limited(model, field: str):  # model: a model class or its "app.Model" label
    """API input schema type for a text bounded by ``model.field``'s column: a longer value is
    refused with 422 (``Dài quá N ký tự``, see thidua.core.api) before it reaches the database."""
    if isinstance(model, str):
        model = apps.get_model(model)
    return Annotated[str, StringConstraints(max_length=model._meta.get_field(field).max_length)]
