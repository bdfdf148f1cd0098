"""Reading and validating an award-history file (Excel .xlsx or CSV).

The column layout is documented in docs/awards.md and in the downloadable template. Every row
is checked against the registry (units, people, the catalogue) and against the rows before it
and the data already stored; rows become unsaved model objects, written only if none fails."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from thidua.awards.choices import DisciplineLevel
from thidua.awards.forms_import import CATEGORY_NAMES, NATURE_NAMES, row_form
from thidua.awards.models import Award, AwardRecord, PerformanceRating
from thidua.core.spreadsheets import (
    Row,
    SpreadsheetError,
    Unreadable,
    header_columns,
    open_spreadsheet,
    row_data,
)
from thidua.core.text import fold, sort_key
from thidua.organisations.models import Person, Unit, UnitNameRecord

# (key, header shown in the template, explanation)
COLUMNS = [
    (
        "type",
        "Loại bản ghi",
        "khen thưởng | xếp loại | sáng kiến | kỷ luật | điều tra | thanh tra | khiếu nại",
    ),
    ("unit", "Đơn vị", "chọn tên đơn vị trong danh sách (hoặc gõ mã đơn vị, ví dụ TAND)"),
    ("person_id", "Mã cá nhân", "tuỳ chọn: mã số cá nhân trong ThiDua"),
    ("person_name", "Họ và tên", "để trống nếu bản ghi của tập thể"),
    ("year", "Năm", "năm thành tích / năm xếp loại / năm công nhận sáng kiến"),
    (
        "award",
        "Danh hiệu / hình thức khen thưởng",
        "chọn trong danh sách, ví dụ Chiến sĩ thi đua cơ sở; tên hoặc mã trong danh mục",
    ),
    ("decision_number", "Số quyết định", "bắt buộc với khen thưởng"),
    ("decision_date", "Ngày quyết định", "dd/mm/yyyy"),
    ("decided_by", "Cơ quan quyết định", "tuỳ chọn"),
    (
        "nature",
        "Tính chất",
        "thường xuyên (mặc định) | chuyên đề | đột xuất | đối ngoại | cống hiến | niên hạn | kháng chiến",
    ),
    ("rating", "Xếp loại", "HTXS | HTT | HT | KHT"),
    ("initiative", "Tên sáng kiến", "với loại sáng kiến"),
    ("scope", "Phạm vi", "cơ sở | tỉnh | toàn quốc"),
    ("start", "Từ ngày", "dd/mm/yyyy, với kỷ luật, điều tra, thanh tra, khiếu nại"),
    ("end", "Đến ngày", "dd/mm/yyyy; để trống nếu chưa kết thúc"),
    (
        "discipline",
        "Hình thức kỷ luật",
        "khiển trách | cảnh cáo | hạ bậc lương | giáng chức | cách chức | buộc thôi việc",
    ),
    ("note", "Ghi chú", ""),
    (
        "category",
        "Đối tượng cá nhân",
        "với khen thưởng cá nhân, cho thống kê: lãnh đạo cấp bộ/tỉnh | lãnh đạo cấp vụ/sở | doanh nhân | "
        "lãnh đạo khác (từ phó phòng trở lên) | người trực tiếp; ghi vào hồ sơ cá nhân",
    ),
]
HEADERS = {fold(label): key for key, label, _ in COLUMNS}
# Headers of templates downloaded before the columns were named after names, not codes.
HEADERS |= {fold("Mã đơn vị"): "unit", fold("Mã khen thưởng"): "award"}
TYPE_NAMES = ["khen thưởng", "xếp loại", "sáng kiến", "kỷ luật", "điều tra", "thanh tra", "khiếu nại"]
DISCIPLINE_NAMES = [str(label) for value, label in DisciplineLevel.choices if value]
TEMPLATE_ROWS = 1000  # rows of the template that carry the drop-down lists
LISTS_SHEET = "Danh sách"
PROGRESS_EVERY = 200
NOT_A_SPREADSHEET = "Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv)."
UNREADABLE_XLSX = "Không đọc được tệp Excel (.xlsx). Hãy lưu lại tệp theo mẫu rồi tải lên."


class FileError(Exception):
    """The file as a whole cannot be read (wrong format, over a limit, no header)."""


@dataclass
class Parsed:
    awards: list = field(default_factory=list)
    ratings: list = field(default_factory=list)
    initiatives: list = field(default_factory=list)
    flags: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # [{"row": n, "messages": [...]}]
    categories: dict = field(default_factory=dict)  # person id → object category to record

    def counts(self) -> dict:
        return {
            "awards": len(self.awards),
            "ratings": len(self.ratings),
            "initiatives": len(self.initiatives),
            "flags": len(self.flags),
        }


def read_rows(filename: str, content: bytes) -> list[Row]:
    """The first sheet's non-empty rows, header first (the reader's limits apply)."""
    name = filename.lower()
    if not name.endswith((".xlsx", ".csv")):
        raise FileError(NOT_A_SPREADSHEET)
    try:
        rows = open_spreadsheet(content, filename=name).sheet().rows
    except Unreadable as exc:
        raise FileError(UNREADABLE_XLSX if name.endswith(".xlsx") else exc.message) from exc
    except SpreadsheetError as exc:
        raise FileError(exc.message) from exc
    if not rows:
        raise FileError("Tệp không có dữ liệu.")
    return rows


def header_map(header) -> dict[str, int]:
    mapping = header_columns(header, HEADERS)
    missing = [label for key, label, _ in COLUMNS[:2] if key not in mapping]
    if missing:
        raise FileError("Dòng tiêu đề thiếu cột: " + ", ".join(missing) + ". Hãy dùng tệp mẫu.")
    return mapping


class Lookups:
    """Registry data read once per import (units, people, catalogue, what is already stored), and
    the decisions and ratings seen so far (stored or in the rows above)."""

    def __init__(self):
        self.units = {
            code.upper(): (pk, dissolved)
            for pk, code, dissolved in Unit.objects.values_list("pk", "code", "dissolved_on")
        }
        self.people_by_id = dict(Person.objects.values_list("pk", "unit_id"))
        self.people_by_name: dict[tuple, list[int]] = {}
        for pk, unit_id, name in Person.objects.values_list("pk", "unit_id", "full_name"):
            self.people_by_name.setdefault((unit_id, fold(name)), []).append(pk)
        self.awards = {
            code: (pk, subject) for pk, code, subject in Award.objects.values_list("pk", "code", "subject")
        }
        # Names as the template's drop-down lists offer them (and as people type them): a unit by
        # any of its names, current or past, when no other unit bore it; an award by its name.
        self.unit_names: dict[str, tuple | None] = {}
        by_pk = {value[0]: value for value in self.units.values()}
        names = list(Unit.objects.values_list("pk", "name", "short_name"))
        names += list(UnitNameRecord.objects.values_list("unit_id", "name", "short_name"))
        for pk, *texts in names:
            for text in texts:
                key = fold(text)
                if key and self.unit_names.get(key, by_pk[pk]) != by_pk[pk]:
                    self.unit_names[key] = None  # two units bore this name: ask for the code
                elif key:
                    self.unit_names[key] = by_pk[pk]
        self.award_names: dict[str, list[tuple]] = {}
        for pk, name, subject in Award.objects.values_list("pk", "name", "subject"):
            self.award_names.setdefault(fold(name), []).append((pk, subject))
        self.seen_records = set(
            AwardRecord.objects.values_list("decision_number", "award_id", "unit_id", "person_id")
        )
        self.seen_ratings = set(PerformanceRating.objects.values_list("unit_id", "person_id", "year"))
        self.categories: dict[int, str] = {}  # person id → category written in the rows above

    def find_unit(self, text: str) -> tuple | None:
        """(pk, dissolved) of the unit written as its code or one of its names."""
        return self.units.get(text.strip().upper()) or self.unit_names.get(fold(text))

    def find_award(self, text: str, *, collective: bool) -> tuple | None:
        """(pk, subject) of the award written as its code or its name; a name shared by a
        collective and an individual award means the one that fits the row's subject."""
        found = self.awards.get(text.strip().lower())
        if found is not None:
            return found
        matches = self.award_names.get(fold(text), [])
        fitting = [m for m in matches if (m[1] == "collective") == collective]
        return (fitting or matches or [None])[0]


def parse(rows: list[Row], *, progress: Callable[[int], None] | None = None, job=None) -> Parsed:
    """Every row checked by its record type's form (``forms_import``); rows that pass become
    unsaved objects, the others per-row errors numbered as the user sees the rows."""
    mapping = header_map(rows[0].values)
    look = Lookups()
    out = Parsed()
    for n, row in enumerate(rows[1:], start=2):
        if progress and n % PROGRESS_EVERY == 0:
            progress(n - 1)
        form = row_form(row_data(row, mapping), look=look)
        messages = form.messages()
        if messages:
            out.errors.append({"row": row.number, "messages": messages})
        else:
            getattr(out, form.bucket).append(form.record(job))
            if pair := getattr(form, "person_category", None):
                out.categories[pair[0]] = pair[1]
    if progress:
        progress(len(rows) - 1)
    return out


def template_workbook() -> bytes:
    """The downloadable template: headers, one example row per record type, a guide sheet."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Lịch sử khen thưởng"
    ws.append([label for _, label, _ in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    examples = [
        [
            "khen thưởng",
            "Tòa án nhân dân tỉnh",
            "",
            "Lê Thị Mai",
            2014,
            "Chiến sĩ thi đua cơ sở",
            "15/QĐ-TAND",
            "20/12/2014",
            "Chánh án TAND tỉnh",
            "thường xuyên",
        ],
        [
            "khen thưởng",
            "Tòa án nhân dân tỉnh",
            "",
            "",
            2014,
            "Bằng khen của Chủ tịch UBND tỉnh (tập thể)",
            "2345/QĐ-UBND",
            "15/01/2015",
            "Chủ tịch UBND tỉnh",
            "thường xuyên",
        ],
        ["xếp loại", "TAND", "", "Lê Thị Mai", 2014, "", "", "", "", "", "HTXS"],
        [
            "sáng kiến",
            "TAND",
            "",
            "Lê Thị Mai",
            2014,
            "",
            "07/QĐ-HĐSK",
            "",
            "",
            "",
            "",
            "Số hoá hồ sơ xét xử",
            "cơ sở",
        ],
        [
            "kỷ luật",
            "TAND",
            "",
            "Đặng Quang Huy",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "01/03/2013",
            "01/03/2014",
            "khiển trách",
        ],
    ]
    for row in examples:
        ws.append(row)
    for index, (_, label, _) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[ws.cell(row=1, column=index).column_letter].width = max(14, len(label) + 4)
    ws.freeze_panes = "A2"
    _add_lists(wb, ws)
    guide = wb.create_sheet("Hướng dẫn")
    guide.append(["Cột", "Nội dung"])
    for _, label, help_text in COLUMNS:
        guide.append([label, help_text])
    guide.append([])
    guide.append(["Lưu ý", "Mọi dòng đều được kiểm tra; chỉ cần một dòng lỗi thì không dòng nào được ghi."])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _add_lists(wb, ws) -> None:
    """Drop-down lists on the unit, award and coded columns; the names they offer live on a
    hidden sheet (a list written into the rule itself is limited to 255 characters)."""
    letters = {key: ws.cell(row=1, column=i).column_letter for i, (key, _, _) in enumerate(COLUMNS, start=1)}
    units = sorted(
        Unit.objects.filter(dissolved_on__isnull=True).values_list("name", flat=True), key=sort_key
    )
    awards = list(dict.fromkeys(Award.objects.order_by("-rank", "name").values_list("name", flat=True)))
    lists = wb.create_sheet(LISTS_SHEET)
    lists.append(["Đơn vị", "Danh hiệu / hình thức khen thưởng"])
    for i in range(max(len(units), len(awards))):
        lists.append([units[i] if i < len(units) else None, awards[i] if i < len(awards) else None])
    lists.sheet_state = "hidden"
    choices = [
        ("unit", f"'{LISTS_SHEET}'!$A$2:$A${len(units) + 1}", "Đơn vị", "Chọn đơn vị trong danh sách."),
        (
            "award",
            f"'{LISTS_SHEET}'!$B$2:$B${len(awards) + 1}",
            "Danh hiệu / hình thức khen thưởng",
            "Chọn danh hiệu, hình thức khen thưởng trong danh sách.",
        ),
        ("type", _inline(TYPE_NAMES), "Loại bản ghi", "Chọn loại bản ghi trong danh sách."),
        ("nature", _inline(NATURE_NAMES), "Tính chất", "Chọn trong danh sách."),
        ("category", _inline(CATEGORY_NAMES), "Đối tượng cá nhân", "Chọn trong danh sách."),
        ("rating", _inline(["HTXS", "HTT", "HT", "KHT"]), "Xếp loại", "Chọn trong danh sách."),
        ("scope", _inline(["cơ sở", "tỉnh", "toàn quốc"]), "Phạm vi", "Chọn trong danh sách."),
        ("discipline", _inline(DISCIPLINE_NAMES), "Hình thức kỷ luật", "Chọn trong danh sách."),
    ]
    for key, formula, title, message in choices:
        rule = DataValidation(
            type="list",
            formula1=formula,
            allow_blank=True,
            # A warning, not a refusal: a code typed by hand is still accepted by the import.
            errorStyle="warning",
            errorTitle=title,
            error=message,
            promptTitle=title,
            prompt=message,
            showInputMessage=True,
            showErrorMessage=True,
        )
        letter = letters[key]
        rule.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
        ws.add_data_validation(rule)


def _inline(values) -> str:
    return '"' + ",".join(values) + '"'
