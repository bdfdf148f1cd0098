"""Excel layout of a rubric (export and import). Sheet "Tiêu chí", one header row, then one row
per item in tree order:

  A Mã | B Thuộc mã | C Loại | D Nội dung | E Điểm tối đa / mức trần | F Bắt buộc minh chứng
  | G Hướng dẫn chấm | H Nội dung trọng tâm (số thứ tự trong giao ước, cách nhau bởi dấu phẩy)

Loại: "Nhóm", "Tiêu chí", "Tiêu chí thành phần", "Điểm cộng", "Điểm trừ". Sheet "Thông tin" cell B1
holds the declared total (optional on import: the rubric's current total is kept)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from thidua.core.spreadsheets import (
    CellDecimal,
    SpreadsheetError,
    Unreadable,
    cell_text,
    open_spreadsheet,
)
from thidua.core.text import fold
from thidua.cycles import rubric_rules
from thidua.cycles.forms_rubric import FIELDS, RubricRowForm
from thidua.documents.spec import Sheet

HEADERS = [
    "Mã",
    "Thuộc mã",
    "Loại",
    "Nội dung",
    "Điểm tối đa / mức trần",
    "Bắt buộc minh chứng",
    "Hướng dẫn chấm",
    "Nội dung trọng tâm",
]
KIND_EXPORT = {
    "group": "Nhóm",
    "criterion": "Tiêu chí",
    "sub": "Tiêu chí thành phần",
    "bonus": "Điểm cộng",
    "deduction": "Điểm trừ",
}
MAX_ROWS = 2000
NOT_A_WORKBOOK = "Tệp không phải bảng tính Excel (.xlsx) hợp lệ."
TOTAL = CellDecimal(
    required=False,
    error_messages={"invalid": "Ô B1 của trang “Thông tin”: “%(value)s” không phải tổng điểm."},
)


def export_sheets(rubric, rows: list[dict]) -> list[Sheet]:
    body = [
        [
            r["code"],
            r["parent"],
            KIND_EXPORT[r["kind"]],
            r["title"],
            float(r["max_points"]),
            "Có" if r["evidence_required"] else "Không",
            r["guidance"],
            ", ".join(str(p) for p in r["key_contents"]),
        ]
        for r in rows
    ]
    info = Sheet(
        title="Thông tin",
        headers=["Tổng điểm", float(rubric.total)],
        rows=[["Phiên bản", rubric.version], ["Năm thi đua", str(rubric.bloc_year)]],
        widths=[20, 40],
    )
    return [
        Sheet(title="Tiêu chí", headers=HEADERS, rows=body, widths=[10, 10, 20, 70, 14, 12, 50, 16]),
        info,
    ]


def parse_rubric_xlsx(upload, *, key_content_positions: set[int]) -> tuple[list[dict], Decimal | None]:
    """Rows and declared total from an uploaded workbook (the shared reader's limits apply); a
    ValidationError lists every bad row."""
    try:
        book = open_spreadsheet(upload, filename=".xlsx")
        sheet = book.sheet("Tiêu chí" if "Tiêu chí" in book.sheet_names else None)
        info = book.sheet("Thông tin") if "Thông tin" in book.sheet_names else None
    except Unreadable as exc:
        raise ValidationError({"file": [NOT_A_WORKBOOK]}) from exc
    except SpreadsheetError as exc:
        raise ValidationError({"file": [exc.message]}) from exc
    total = _declared_total(info)
    header = next((r for r in sheet.rows if r.number <= 10 and fold(cell_text(r.get(0))) == "ma"), None)
    if header is None:
        raise ValidationError(
            {"file": ["Không tìm thấy dòng tiêu đề (cột A là “Mã”). Hãy dùng tệp xuất từ ThiDua."]}
        )
    rows, errors, line_of = _items([r for r in sheet.rows if r.number > header.number], key_content_positions)
    errors += _order_errors(rows, line_of)
    if errors:
        raise ValidationError({"file": errors})
    structural = rubric_rules.problems(rows, total if total is not None else rubric_rules.leaf_total(rows))
    if structural:
        raise ValidationError({"file": structural})
    return rows, total


def _declared_total(info) -> Decimal | None:
    try:
        return TOTAL.clean(info.cell(1, 2)) if info else None
    except forms.ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc


def _items(data_rows, positions: set[int]) -> tuple[list[dict], list[str], dict[str, int]]:
    """Every row checked by ``RubricRowForm``: the items, the messages, each code's row number."""
    items: list[dict] = []
    errors: list[str] = []
    line_of: dict[str, int] = {}
    for row in data_rows:
        if all(v is None for v in row.values[: len(FIELDS)]):
            continue
        if len(items) >= MAX_ROWS:
            errors.append(f"Tệp có quá {MAX_ROWS} dòng.")
            break
        form = RubricRowForm(
            dict(zip(FIELDS, row.values, strict=False)), line_of=line_of, key_content_positions=positions
        )
        if form.messages():
            errors.append(f"Dòng {row.number}: " + "; ".join(form.messages()) + ".")
        item = form.item()
        if item["code"] and item["code"] not in line_of:
            line_of[item["code"]] = row.number
        items.append(item)
    if not items and not errors:
        errors.append("Tệp không có dòng tiêu chí nào.")
    return items, errors, line_of


def _order_errors(rows: list[dict], line_of: dict[str, int]) -> list[str]:
    """Each parent must exist and come before its children."""
    errors = []
    for row in rows:
        if row["parent"] and row["parent"] not in line_of and row["code"]:
            errors.append(f"Dòng {line_of.get(row['code'], '?')}: không có mục cha mã “{row['parent']}”.")
        elif row["parent"] and row["code"] in line_of and line_of[row["parent"]] > line_of[row["code"]]:
            errors.append(f"Dòng {line_of[row['code']]}: mục cha “{row['parent']}” phải đứng trước mục con.")
    return errors
