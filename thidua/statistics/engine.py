"""Computes the statutory forms from the records. Interface in ``thidua.statistics.tables``."""

from __future__ import annotations

from thidua.statistics.tables import FormResult, ReportingBody


def build(code: str, *, year: int, body: ReportingBody) -> FormResult:
    raise NotImplementedError  # being written (issue 20)


def build_all(*, year: int, body: ReportingBody) -> list[FormResult]:
    raise NotImplementedError  # being written (issue 20)


def cell_records(code: str, *, year: int, body: ReportingBody, row: str, column: str) -> list[dict]:
    raise NotImplementedError  # being written (issue 20)


def reporting_bodies() -> list[ReportingBody]:
    raise NotImplementedError  # being written (issue 20)
