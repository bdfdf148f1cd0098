"""Excel: a unit's score sheet prefilled with the rubric, its filled-in upload (every row checked,
all or nothing), and the bloc's full score table."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from thidua.core import exports
from thidua.core.errors import ValidationError, field_error
from thidua.core.spreadsheets import SpreadsheetError, Unreadable, cell_text, open_spreadsheet
from thidua.cycles.selectors import current_rubric
from thidua.scoring import selectors, services
from thidua.scoring.choices import AssessmentStatus
from thidua.scoring.forms_sheet import FIELDS, VERSION_HEADER, ScoreRowForm
from thidua.scoring.models import Score

HEADER = ["Mã", "Nội dung tiêu chí", "Loại", "Điểm tối đa", "Điểm tự chấm", "Giải trình", VERSION_HEADER]
KIND_LABELS = {
    "group": "Nhóm",
    "criterion": "Tiêu chí",
    "sub": "Tiêu chí thành phần",
    "bonus": "Điểm cộng",
    "deduction": "Điểm trừ",
}
FIRST_ROW = 5
HEADER_ROW = FIRST_ROW - 1
VERSION_COLUMN = FIELDS.index("version") + 1  # G: hidden and locked
OLD_FORMAT = (
    "Tệp này được xuất trước khi bảng điểm ghi phiên bản của từng dòng, nên không biết được điểm "
    "nào đã được người khác sửa sau khi xuất; tải lại tệp mới (Tải mẫu Excel) rồi nhập lại."
)
STALE = "Tiêu chí {code}: đã được {who} sửa sau khi bạn xuất tệp; tải lại tệp mới."
DELETED = "Tiêu chí {code}: điểm đã bị xóa sau khi bạn xuất tệp; tải lại tệp mới."
BOLD = Font(bold=True)
INPUT_FILL = PatternFill("solid", fgColor="FFF7D6")


def sheet_workbook(bloc_year, unit, assessment, rubric) -> bytes:
    """The unit's sheet: who and which year in rows 2-3 (B2 and D2 are read back on import), the
    rubric from row ``FIRST_ROW`` with the score and explanation boxes to fill, and in the hidden,
    locked column G the version of each leaf's score (0: none yet), read back to refuse stale rows.
    The sheet is protected (no password: a guard against slips, not a secret); only the score and
    explanation boxes are unlocked."""
    year = bloc_year.year
    preamble = [
        [f"BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM {year}"],
        ["Mã đơn vị", unit.code, "Năm", year],
        ["Đơn vị", unit.name_in_year(year), "Khối", bloc_year.bloc.name],
    ]
    rows = selectors.sheet_rows(assessment, rubric)
    values = [
        [
            row.item.code,
            ("    " * row.depth) + row.item.title,
            KIND_LABELS.get(row.item.kind, row.item.kind),
            float(row.item.max_points),
            *(_score_cells(row) if row.is_leaf else [None, None]),
            (row.score.version if row.score else 0) if row.is_leaf else None,
        ]
        for row in rows
    ]
    wb = Workbook()
    ws = wb.active
    ws.title = "Tự chấm"
    exports.write_table(ws, HEADER, values, preamble=preamble, widths=[10, 70, 18, 12, 14, 50, 10])
    ws.column_dimensions[get_column_letter(VERSION_COLUMN)].hidden = True
    ws.protection.sheet = True
    ws.protection.autoFilter = False  # False = allowed: the filter still works on the protected sheet
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws["A1"].font = Font(bold=True, size=14)
    validation = DataValidation(type="decimal", operator="between", allow_blank=True, showErrorMessage=True)
    validation.errorTitle = "Điểm không hợp lệ"
    ws.add_data_validation(validation)
    for index, row in enumerate(rows, FIRST_ROW):
        item = row.item
        ws.cell(row=index, column=2).alignment = Alignment(wrap_text=True)
        if row.is_leaf:
            cell = ws.cell(row=index, column=5)
            cell.fill = INPUT_FILL
            cell.protection = Protection(locked=False)
            ws.cell(row=index, column=6).protection = Protection(locked=False)
            single = DataValidation(
                type="decimal",
                operator="between",
                formula1="0",
                formula2=str(item.max_points),
                allow_blank=True,
            )
            single.error = f"Điểm tiêu chí {item.code} phải từ 0 đến {item.max_points}."
            ws.add_data_validation(single)
            single.add(cell)
        else:
            for col in range(1, 5):
                ws.cell(row=index, column=col).font = BOLD
    return exports.workbook_bytes(wb)


def _score_cells(row) -> list:
    """The score and explanation a leaf row is prefilled with (the draft so far)."""
    points = row.score.points if row.score else None
    return [float(points) if points is not None else None, row.score.explanation if row.score else ""]


def sheet_import(*, actor, bloc_year, unit, data) -> int:
    """Reads a filled sheet (bytes or an upload; the shared reader's limits apply); every row is
    checked first and the scores are saved only if no row has an error (all or nothing). Returns
    the number of rows that changed."""
    sheet = _read_sheet(data)
    _check_owner(sheet, unit=unit, bloc_year=bloc_year)
    if cell_text(sheet.cell(HEADER_ROW, VERSION_COLUMN)) != VERSION_HEADER:
        raise field_error("file", OLD_FORMAT)
    assessment = selectors.Assessment.objects.filter(bloc_year=bloc_year, unit=unit).first()
    rubric = assessment.rubric if assessment else current_rubric(bloc_year)
    if rubric is None:
        raise field_error("rubric", "Năm thi đua chưa có bộ tiêu chí đã khóa.")
    planned = _planned(sheet, rubric)
    current = (
        {s.item_id: s for s in Score.objects.filter(assessment=assessment).select_related("updated_by")}
        if assessment
        else {}
    )
    changes = []
    stale = []
    for item, points, explanation, version in planned:
        score = current.get(item.pk)
        if (points, explanation) == ((score.points, score.explanation) if score else (None, "")):
            continue  # nothing to write, whatever happened since the export
        if version != (score.version if score else 0):
            stale.append(_stale(item, score))
        changes.append((item, points, explanation, version))
    if stale:
        raise ValidationError({"file": stale})
    with transaction.atomic():
        # The version read from the file goes to the save: a colleague saving between this check
        # and the save still meets the optimistic lock, and the whole import rolls back.
        for item, points, explanation, version in changes:
            services.score_save(
                actor=actor,
                bloc_year=bloc_year,
                unit=unit,
                item=item,
                points=points,
                explanation=explanation,
                version=version,
            )
    return len(changes)


def _stale(item, score) -> str:
    if score is None:
        return DELETED.format(code=item.code)
    who = score.updated_by.get_full_name() if score.updated_by else "người khác"
    return STALE.format(code=item.code, who=who)


def _check_owner(sheet, *, unit, bloc_year) -> None:
    """The sheet names its unit in B2 and its year in D2, as ``sheet_workbook`` wrote them."""
    file_unit = cell_text(sheet.cell(2, 2))
    if file_unit != unit.code:
        raise field_error(
            "file",
            f"Tệp này là bảng điểm của đơn vị “{file_unit or 'không rõ'}”, không phải của {unit.code}.",
        )
    if cell_text(sheet.cell(2, 4)) != str(bloc_year.year):
        raise field_error("file", f"Tệp này không phải bảng điểm năm {bloc_year.year}.")


def _read_sheet(data):
    try:
        return open_spreadsheet(data, filename=".xlsx").sheet()
    except Unreadable as exc:
        raise field_error("file", "Tệp không phải bảng tính Excel (.xlsx) đọc được.") from exc
    except SpreadsheetError as exc:
        raise field_error("file", exc.message) from exc


def _planned(sheet, rubric) -> list[tuple]:
    """(item, points, explanation, version) of every scored row; a ValidationError lists every bad
    row."""
    tree = {item.code: (item, leaf) for item, _, leaf in selectors.tree(rubric)}
    errors, planned, seen = [], [], set()
    for row in sheet.rows:
        values = dict(zip(FIELDS, row.values, strict=False))
        code = cell_text(values.get("code"))
        if row.number < FIRST_ROW or not (code or cell_text(values.get("points"))):
            continue
        form = ScoreRowForm(values, tree=tree, seen=seen)
        where = f"Dòng {row.number}" + (f" (tiêu chí {code})" if code else "")
        errors += [f"{where}: {message}" for message in form.messages()]
        if form.is_valid() and (score := form.planned()):
            planned.append(score)
    if errors:
        raise ValidationError({"file": errors})
    return planned


def table_workbook(bloc_year) -> bytes:
    """Every finalised unit's final score on every item, with totals, rank and classification;
    units named as they were in the year."""
    year = bloc_year.year
    ranking = selectors.ranking_for_year(bloc_year=bloc_year)
    wb = Workbook()
    ws = wb.active
    ws.title = "Xếp hạng"
    exports.write_table(
        ws,
        ["Hạng", "Đơn vị", "Tổng điểm", "Điểm cộng", "Điểm trừ", "Xếp loại", "Đồng hạng", "Căn cứ phân định"],
        [
            [
                row.rank,
                row.unit.name_in_year(year),
                float(row.final_score),
                float(row.bonus),
                float(row.deductions),
                row.classification,
                "Đồng hạng" if row.tied else "",
                row.explanation,
            ]
            for row in ranking
        ],
        preamble=[[f"KẾT QUẢ CHẤM ĐIỂM THI ĐUA {bloc_year.bloc.name.upper()} NĂM {year}"], []],
        widths=[8, 45, 12, 12, 12, 10, 12, 80],
    )
    ws["A1"].font = Font(bold=True, size=13)
    detail = wb.create_sheet("Điểm chi tiết")
    if ranking:
        assessments = list(
            selectors.Assessment.objects.filter(bloc_year=bloc_year, status=AssessmentStatus.FINALISED)
            .select_related("unit")
            .prefetch_related("unit__name_history")
            .order_by("unit__code")
        )
        order = {row.unit.pk: i for i, row in enumerate(ranking)}
        assessments.sort(key=lambda a: order.get(a.unit_id, 0))
        rubric = assessments[0].rubric
        finals: dict[tuple[int, int], Decimal] = {
            (a, i): v
            for a, i, v in Score.objects.filter(assessment__in=assessments).values_list(
                "assessment_id", "item_id", "final_points"
            )
        }
        lines = []
        for item, depth, leaf in selectors.tree(rubric):
            line = [item.code, ("    " * depth) + item.title, float(item.max_points)]
            if leaf:
                line += [
                    float(finals[(a.pk, item.pk)]) if finals.get((a.pk, item.pk)) is not None else None
                    for a in assessments
                ]
            lines.append(line)
        exports.write_table(
            detail,
            ["Mã", "Nội dung", "Tối đa"] + [a.unit.name_in_year(year) for a in assessments],
            lines,
            widths=[10, 70, 8] + [16] * len(assessments),
        )
    return exports.workbook_bytes(wb)
