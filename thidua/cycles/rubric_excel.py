"""Excel layout of a rubric (export and import). Sheet "Tiêu chí", one header row, then one row
per item in tree order:

  A Mã | B Thuộc mã | C Loại | D Nội dung | E Điểm tối đa / mức trần | F Bắt buộc minh chứng
  | G Hướng dẫn chấm | H Nội dung trọng tâm (số thứ tự trong giao ước, cách nhau bởi dấu phẩy)

Loại: "Nhóm", "Tiêu chí", "Tiêu chí thành phần", "Điểm cộng", "Điểm trừ". Sheet "Thông tin" cell B1
holds the declared total (optional on import: the rubric's current total is kept)."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from thidua.cycles import rubric_rules
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
KIND_NAMES = {
    "nhom": "group",
    "nhom tieu chi": "group",
    "tieu chi": "criterion",
    "tieu chi thanh phan": "sub",
    "diem cong": "bonus",
    "diem cong, diem thuong": "bonus",
    "diem thuong": "bonus",
    "diem tru": "deduction",
    **{k: k for k in ("group", "criterion", "sub", "bonus", "deduction")},
}
KIND_EXPORT = {
    "group": "Nhóm",
    "criterion": "Tiêu chí",
    "sub": "Tiêu chí thành phần",
    "bonus": "Điểm cộng",
    "deduction": "Điểm trừ",
}
YES = {"co", "x", "1", "true", "yes"}
NO = {"", "khong", "0", "false", "no"}
MAX_ROWS = 2000


def _fold(value) -> str:
    from thidua.core.text import fold

    return " ".join(fold(str(value or "")).split())


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
    """Rows and declared total from an uploaded workbook; a ValidationError lists every bad row."""
    from openpyxl import load_workbook

    data = upload.read() if hasattr(upload, "read") else upload
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ValidationError({"file": ["Tệp không phải bảng tính Excel (.xlsx) hợp lệ."]}) from exc
    sheet = wb["Tiêu chí"] if "Tiêu chí" in wb.sheetnames else wb.worksheets[0]
    total = None
    if "Thông tin" in wb.sheetnames:
        raw = wb["Thông tin"]["B1"].value
        if raw not in (None, ""):
            try:
                total = Decimal(str(raw).replace(",", "."))
            except InvalidOperation as exc:
                raise ValidationError(
                    {"file": [f"Ô B1 của trang “Thông tin”: “{raw}” không phải tổng điểm."]}
                ) from exc
    values = list(sheet.iter_rows(values_only=True))
    header_at = next((i for i, row in enumerate(values[:10]) if row and _fold(row[0]) == "ma"), None)
    if header_at is None:
        raise ValidationError(
            {"file": ["Không tìm thấy dòng tiêu đề (cột A là “Mã”). Hãy dùng tệp xuất từ ThiDua."]}
        )
    errors: list[str] = []
    rows: list[dict] = []
    line_of: dict[str, int] = {}
    for offset, raw in enumerate(values[header_at + 1 :], start=header_at + 2):
        cells = list(raw or []) + [None] * 8
        if all(c in (None, "") for c in cells[:8]):
            continue
        if len(rows) >= MAX_ROWS:
            errors.append(f"Tệp có quá {MAX_ROWS} dòng.")
            break
        row_errors = []
        code = str(cells[0] or "").strip()
        parent = str(cells[1] or "").strip()
        kind = KIND_NAMES.get(_fold(cells[2]))
        title = " ".join(str(cells[3] or "").split())
        if not code:
            row_errors.append("thiếu mã")
        elif len(code) > 20:
            row_errors.append("mã dài quá 20 ký tự")
        elif code in line_of:
            row_errors.append(f"mã “{code}” trùng với dòng {line_of[code]}")
        if kind is None:
            row_errors.append(
                f"loại “{cells[2] or ''}” không hợp lệ (Nhóm, Tiêu chí, Tiêu chí thành phần, Điểm cộng, Điểm trừ)"
            )
        if not title:
            row_errors.append("thiếu nội dung")
        elif len(title) > 500:
            row_errors.append("nội dung dài quá 500 ký tự")
        try:
            points = Decimal(str(cells[4] if cells[4] not in (None, "") else 0).replace(",", "."))
            if not points.is_finite():
                raise InvalidOperation
            if points < 0:
                row_errors.append("điểm tối đa (mức trần) không được âm")
        except InvalidOperation:
            points = Decimal(0)
            row_errors.append(f"điểm “{cells[4]}” không phải số")
        evidence = _fold(cells[5])
        if evidence not in YES | NO:
            row_errors.append(f"cột minh chứng “{cells[5]}” phải là Có hoặc Không")
        positions = []
        for part in str(cells[7] or "").replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            if not part.isdigit() or int(part) not in key_content_positions:
                row_errors.append(f"nội dung trọng tâm số “{part}” không có trong giao ước")
            else:
                positions.append(int(part))
        if row_errors:
            errors.append(f"Dòng {offset}: " + "; ".join(row_errors) + ".")
        if code and code not in line_of:
            line_of[code] = offset
        rows.append(
            {
                "code": code,
                "parent": parent,
                "kind": kind or "",
                "title": title,
                "max_points": points.quantize(Decimal("0.01")),
                "guidance": str(cells[6] or "").strip(),
                "evidence_required": evidence in YES,
                "key_contents": positions,
            }
        )
    if not rows and not errors:
        errors.append("Tệp không có dòng tiêu chí nào.")
    for row in rows:
        if row["parent"] and row["parent"] not in line_of and row["code"]:
            errors.append(f"Dòng {line_of.get(row['code'], '?')}: không có mục cha mã “{row['parent']}”.")
        elif row["parent"] and row["code"] in line_of and line_of[row["parent"]] > line_of[row["code"]]:
            errors.append(f"Dòng {line_of[row['code']]}: mục cha “{row['parent']}” phải đứng trước mục con.")
    if errors:
        raise ValidationError({"file": errors})
    structural = rubric_rules.problems(rows, total if total is not None else rubric_rules.leaf_total(rows))
    if structural:
        raise ValidationError({"file": structural})
    return rows, total
