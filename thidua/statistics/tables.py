"""The shape of a computed statistical form (MoHA forms 0601.N–0605.N), shared by the engine that
fills it (``thidua.statistics.engine``) and everything that shows, exports or snapshots it.

A form is a grid: ``rows`` × ``columns``; ``cells[(row.key, column.key)]`` is an integer count (or a
sum of money where the column says so). A cell that counts records can be traced back to them
(``engine.cell_records``). Records the engine could not classify are ``warnings``, never dropped.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Column:
    """``group`` is the label of the merged header above it ("Khen thưởng tập thể"); ``unit`` the
    measure ("lượt", "đồng"); ``total_of`` the keys of the columns this column sums (empty: a
    leaf column)."""

    key: str
    label: str
    group: str = ""
    unit: str = ""
    total_of: tuple[str, ...] = ()


@dataclass(frozen=True)
class Row:
    """``code`` is the row's printed number ("1", "1.1", "a"); ``level`` its indent; ``total_of``
    the keys of the rows it sums (empty: a leaf row)."""

    key: str
    label: str
    code: str = ""
    level: int = 0
    total_of: tuple[str, ...] = ()
    heading: bool = False  # a section heading ("1. Chia theo …"): printed, never holds values


@dataclass(frozen=True)
class Warning:
    """A record the form could not classify: which model and id, its label, and why."""

    model: str  # "awards.awardrecord", "cycles.movement", "organisations.person", …
    record_id: int
    label: str
    reason: str


@dataclass(frozen=True)
class ReportingBody:
    """Who reports: the province (``unit_code`` empty) or one department/sector (a unit code)."""

    name: str
    unit_code: str = ""
    receiver: str = "Bộ Nội vụ"


@dataclass
class FormResult:
    code: str  # "0601.N"
    title: str  # "Số phong trào thi đua"
    year: int  # the statistical year: 01/12 of year-1 to 30/11 of year
    period_start: dt.date
    period_end: dt.date
    body: ReportingBody
    rows: list[Row]
    columns: list[Column]
    cells: dict[tuple[str, str], int] = field(default_factory=dict)
    warnings: list[Warning] = field(default_factory=list)
    legal_basis: str = ""  # the circular and appendix the layout follows

    def value(self, row_key: str, column_key: str) -> int:
        return self.cells.get((row_key, column_key), 0)

    def is_empty(self) -> bool:
        return not any(self.cells.values())

    def to_json(self) -> dict:
        """A stable, JSON-serialisable copy (what a submitted snapshot stores)."""
        return {
            "code": self.code,
            "title": self.title,
            "year": self.year,
            "period_start": self.period_start.isoformat(),
            "period_end": self.period_end.isoformat(),
            "body": {
                "name": self.body.name,
                "unit_code": self.body.unit_code,
                "receiver": self.body.receiver,
            },
            "legal_basis": self.legal_basis,
            "rows": [
                {
                    "key": r.key,
                    "label": r.label,
                    "code": r.code,
                    "level": r.level,
                    "total_of": list(r.total_of),
                    "heading": r.heading,
                }
                for r in self.rows
            ],
            "columns": [
                {
                    "key": c.key,
                    "label": c.label,
                    "group": c.group,
                    "unit": c.unit,
                    "total_of": list(c.total_of),
                }
                for c in self.columns
            ],
            "cells": [[r, c, v] for (r, c), v in sorted(self.cells.items()) if v],
            "warnings": [
                {"model": w.model, "record_id": w.record_id, "label": w.label, "reason": w.reason}
                for w in self.warnings
            ],
        }

    @classmethod
    def from_json(cls, data: dict) -> FormResult:
        return cls(
            code=data["code"],
            title=data["title"],
            year=data["year"],
            period_start=dt.date.fromisoformat(data["period_start"]),
            period_end=dt.date.fromisoformat(data["period_end"]),
            body=ReportingBody(**data["body"]),
            legal_basis=data.get("legal_basis", ""),
            rows=[Row(**{**r, "total_of": tuple(r["total_of"])}) for r in data["rows"]],
            columns=[Column(**{**c, "total_of": tuple(c["total_of"])}) for c in data["columns"]],
            cells={(r, c): v for r, c, v in data["cells"]},
            warnings=[Warning(**w) for w in data["warnings"]],
        )


FORM_CODES = ("0601.N", "0602.N", "0603.N", "0604.N", "0605.N")


def statistical_period(year: int) -> tuple[dt.date, dt.date]:
    """The emulation statistical year: 01/12 of the previous year to 30/11 (report due 15/12)."""
    return dt.date(year - 1, 12, 1), dt.date(year, 11, 30)


# The engine (owned by thidua/statistics/engine.py) provides:
#   build(code: str, *, year: int, body: ReportingBody) -> FormResult
#   build_all(*, year: int, body: ReportingBody) -> list[FormResult]
#   cell_records(code: str, *, year: int, body: ReportingBody, row: str, column: str) -> list[dict]
#       each {"model", "id", "label", "date", "url"} — the records a cell counts (traceability)
#   reporting_bodies() -> list[ReportingBody]  (the province first, then units that report)
