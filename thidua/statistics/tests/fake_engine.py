"""A stand-in for ``thidua.statistics.engine`` with known values, for the tests of the pages,
outputs, snapshots and API (the engine's own tests use the real records). ``use(monkeypatch)``
installs it; ``VALUES`` may be changed by a test to play "a record corrected after sending"."""

from __future__ import annotations

from thidua.statistics import engine
from thidua.statistics.tables import (
    FORM_CODES,
    Column,
    FormResult,
    ReportingBody,
    Row,
    Warning,
    statistical_period,
)

PROVINCE = ReportingBody(name="Ủy ban nhân dân tỉnh Hòa Bình Xanh")
TAND = ReportingBody(name="Tòa án nhân dân tỉnh", unit_code="TAND", receiver="Sở Nội vụ")
VKSND = ReportingBody(name="Viện kiểm sát nhân dân tỉnh", unit_code="VKSND", receiver="Sở Nội vụ")
BODIES = [PROVINCE, TAND, VKSND]
DATA_YEAR = 2019  # the only year with values; other years are empty

ROWS = [
    Row("total", "Tổng số", code="1", level=0, total_of=("a", "b")),
    Row("a", "Khen thưởng thường xuyên", code="1.1", level=1),
    Row("b", "Khen thưởng chuyên đề", code="1.2", level=1),
]
COLUMNS = [
    Column("all", "Tổng số", unit="lượt", total_of=("flag", "bk", "cstd")),
    Column("flag", "Cờ thi đua", group="Khen thưởng tập thể", unit="lượt"),
    Column("bk", "Bằng khen", group="Khen thưởng tập thể", unit="lượt"),
    Column("cstd", "Chiến sĩ thi đua", group="Khen thưởng cá nhân", unit="lượt"),
]
TITLES = {
    "0601.N": "Số phong trào thi đua",
    "0602.N": "Khen thưởng cấp Nhà nước",
    "0603.N": "Khen thưởng cấp bộ, tỉnh",
    "0604.N": "Tổ chức bộ máy làm công tác thi đua, khen thưởng",
    "0605.N": "Công chức, viên chức làm công tác thi đua, khen thưởng",
}
# Leaf values of 2019, the same for every form and body; totals are computed from them.
VALUES = {("a", "flag"): 2, ("a", "bk"): 3, ("b", "cstd"): 1}
WARNINGS: list[Warning] = []  # set by a test (a record that cannot be classified)
CALLS = {"build": 0, "cell_records": 0}


def _cells() -> dict:
    cells = dict(VALUES)
    for row in ("a", "b"):
        cells[(row, "all")] = sum(cells.get((row, c), 0) for c in ("flag", "bk", "cstd"))
    for column in ("all", "flag", "bk", "cstd"):
        cells[("total", column)] = sum(cells.get((r, column), 0) for r in ("a", "b"))
    return {k: v for k, v in cells.items() if v}


def build(code: str, *, year: int, body: ReportingBody) -> FormResult:
    CALLS["build"] += 1
    start, end = statistical_period(year)
    return FormResult(
        code=code,
        title=TITLES[code],
        year=year,
        period_start=start,
        period_end=end,
        body=body,
        rows=list(ROWS),
        columns=list(COLUMNS),
        cells=_cells() if year == DATA_YEAR else {},
        warnings=list(WARNINGS) if year == DATA_YEAR else [],
        legal_basis="Thông tư số 02/2023/TT-BNV",
    )


def build_all(*, year: int, body: ReportingBody) -> list[FormResult]:
    return [build(code, year=year, body=body) for code in FORM_CODES]


def cell_records(code: str, *, year: int, body: ReportingBody, row: str, column: str) -> list[dict]:
    CALLS["cell_records"] += 1
    value = build(code, year=year, body=body).value(row, column)
    return [
        {
            "model": "awards.awardrecord",
            "id": i + 1,
            "label": f"Hồ sơ {code} {row}/{column} số {i + 1}",
            "date": None,
            "url": "",
        }
        for i in range(value)
    ]


def reporting_bodies() -> list[ReportingBody]:
    return list(BODIES)


def use(monkeypatch) -> None:
    monkeypatch.setattr(engine, "build", build)
    monkeypatch.setattr(engine, "build_all", build_all)
    monkeypatch.setattr(engine, "cell_records", cell_records)
    monkeypatch.setattr(engine, "reporting_bodies", reporting_bodies)
    monkeypatch.setattr(__import__(__name__, fromlist=["VALUES"]), "VALUES", dict(VALUES))
    monkeypatch.setattr(__import__(__name__, fromlist=["WARNINGS"]), "WARNINGS", [])
