"""Reading and validating an award-history file (Excel .xlsx or CSV).

The column layout is documented in docs/awards.md and in the downloadable template. Every row
is checked against the registry (units, people, the catalogue) and against the rows before it
and the data already stored; rows become unsaved model objects, written only if none fails."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass, field

from thidua.awards.choices import DisciplineLevel, FlagKind, InitiativeScope, Nature, Rating
from thidua.core.text import fold

# (key, header shown in the template, explanation)
COLUMNS = [
    (
        "type",
        "Loại bản ghi",
        "khen thưởng | xếp loại | sáng kiến | kỷ luật | điều tra | thanh tra | khiếu nại",
    ),
    ("unit", "Mã đơn vị", "mã đơn vị trong danh mục, ví dụ TAND"),
    ("person_id", "Mã cá nhân", "tuỳ chọn: mã số cá nhân trong ThiDua"),
    ("person_name", "Họ và tên", "để trống nếu bản ghi của tập thể"),
    ("year", "Năm", "năm thành tích / năm xếp loại / năm công nhận sáng kiến"),
    ("award", "Mã khen thưởng", "mã trong danh mục, ví dụ ldtt, cstdcs, bk_tinh_cn, co_tinh"),
    ("decision_number", "Số quyết định", "bắt buộc với khen thưởng"),
    ("decision_date", "Ngày quyết định", "dd/mm/yyyy"),
    ("decided_by", "Cơ quan quyết định", "tuỳ chọn"),
    ("nature", "Tính chất", "thường xuyên (mặc định) | chuyên đề | đột xuất"),
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
]
HEADERS = {fold(label): key for key, label, _ in COLUMNS}
TYPES = {
    "khen thuong": "award",
    "xep loai": "rating",
    "sang kien": "initiative",
    "ky luat": FlagKind.DISCIPLINE,
    "dieu tra": FlagKind.INVESTIGATION,
    "thanh tra": FlagKind.INSPECTION,
    "kiem tra": FlagKind.INSPECTION,
    "khieu nai": FlagKind.COMPLAINT,
    "to cao": FlagKind.COMPLAINT,
}
NATURES = {
    "": Nature.MERIT,
    "thuong xuyen": Nature.MERIT,
    "chuyen de": Nature.THEMATIC,
    "dot xuat": Nature.EXTRAORDINARY,
}
SCOPES = {
    "co so": InitiativeScope.GRASSROOTS,
    "cap co so": InitiativeScope.GRASSROOTS,
    "tinh": InitiativeScope.PROVINCIAL,
    "cap tinh": InitiativeScope.PROVINCIAL,
    "toan quoc": InitiativeScope.NATIONAL,
}
LEVELS = {fold(str(label)): value for value, label in DisciplineLevel.choices if value}
MAX_ROWS = 200_000


class FileError(Exception):
    """The file as a whole cannot be read (wrong format, no header, too many rows)."""


@dataclass
class Parsed:
    awards: list = field(default_factory=list)
    ratings: list = field(default_factory=list)
    initiatives: list = field(default_factory=list)
    flags: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # [{"row": n, "messages": [...]}]

    def counts(self) -> dict:
        return {
            "awards": len(self.awards),
            "ratings": len(self.ratings),
            "initiatives": len(self.initiatives),
            "flags": len(self.flags),
        }


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().strftime("%d/%m/%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_rows(filename: str, content: bytes) -> list[list[str]]:
    """All rows as strings, header first."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a broken file
            raise FileError(
                "Không đọc được tệp Excel (.xlsx). Hãy lưu lại tệp theo mẫu rồi tải lên."
            ) from exc
        ws = wb.worksheets[0]
        rows = [[_cell(v) for v in row] for row in ws.iter_rows(values_only=True)]
        wb.close()
    elif name.endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise FileError("Tệp CSV phải mã hoá UTF-8.") from exc
        first = text.split("\n", 1)[0]
        delimiter = ";" if first.count(";") > first.count(",") else ","
        rows = [[c.strip() for c in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    else:
        raise FileError("Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv).")
    rows = [r for r in rows if any(c for c in r)]
    if not rows:
        raise FileError("Tệp không có dữ liệu.")
    if len(rows) - 1 > MAX_ROWS:
        raise FileError(
            f"Tệp có {len(rows) - 1:,} dòng, vượt giới hạn {MAX_ROWS:,} dòng mỗi lần nhập.".replace(",", ".")
        )
    return rows


def header_map(header: list[str]) -> dict[str, int]:
    mapping = {}
    for index, label in enumerate(header):
        key = HEADERS.get(fold(label))
        if key:
            mapping[key] = index
    missing = [label for key, label, _ in COLUMNS[:2] if key not in mapping]
    if missing:
        raise FileError("Dòng tiêu đề thiếu cột: " + ", ".join(missing) + ". Hãy dùng tệp mẫu.")
    return mapping


def parse_date(text: str) -> dt.date | None:
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


class Lookups:
    """Registry data read once per import (units, people, catalogue, what is already stored)."""

    def __init__(self):
        from thidua.awards.models import Award, AwardRecord, PerformanceRating
        from thidua.organisations.models import Person, Unit

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
        self.records = set(
            AwardRecord.objects.values_list("decision_number", "award_id", "unit_id", "person_id")
        )
        self.ratings = set(PerformanceRating.objects.values_list("unit_id", "person_id", "year"))


def parse(rows: list[list[str]], *, progress: Callable[[int], None] | None = None, job=None) -> Parsed:
    from thidua.awards.models import AwardRecord, Initiative, PerformanceRating, SubjectFlag

    mapping = header_map(rows[0])
    look = Lookups()
    out = Parsed()
    seen_records = set(look.records)
    seen_ratings = set(look.ratings)
    this_year = dt.date.today().year
    for n, row in enumerate(rows[1:], start=2):
        if progress and n % 200 == 0:
            progress(n - 1)

        def get(key, row=row):
            index = mapping.get(key)
            return row[index].strip() if index is not None and index < len(row) else ""

        errs: list[str] = []
        kind = TYPES.get(fold(get("type")).replace("_", " "))
        if kind is None:
            errs.append(f"Loại bản ghi “{get('type')}” không hợp lệ.")
        code = get("unit").upper()
        unit = look.units.get(code)
        unit_id = person_id = None
        if unit is None:
            errs.append(f"Không có đơn vị mã “{get('unit')}”." if code else "Thiếu mã đơn vị.")
        else:
            unit_id = unit[0]
        pid_text, name = get("person_id"), get("person_name")
        if pid_text:
            if not pid_text.isdigit() or int(pid_text) not in look.people_by_id:
                errs.append(f"Không có cá nhân mã “{pid_text}”.")
            elif unit_id is not None and look.people_by_id[int(pid_text)] != unit_id:
                errs.append(f"Cá nhân mã {pid_text} không thuộc đơn vị {code}.")
            else:
                person_id = int(pid_text)
        elif name and unit_id is not None:
            found = look.people_by_name.get((unit_id, fold(name)), [])
            if not found:
                errs.append(f"Đơn vị {code} không có cá nhân “{name}”.")
            elif len(found) > 1:
                errs.append(f"Đơn vị {code} có {len(found)} người tên “{name}”: hãy ghi mã cá nhân.")
            else:
                person_id = found[0]
        subject_unit = None if (pid_text or name) else unit_id
        year = None
        year_text = get("year")
        if kind in ("award", "rating", "initiative"):
            if not year_text.isdigit() or not 1990 <= int(year_text) <= this_year + 1:
                errs.append(f"Năm “{year_text}” không hợp lệ." if year_text else "Thiếu năm.")
            else:
                year = int(year_text)
        note = get("note")[:500]
        obj = None
        if kind == "award":
            award = look.awards.get(get("award").lower())
            number = get("decision_number")
            if award is None:
                errs.append(
                    f"Không có khen thưởng mã “{get('award')}” trong danh mục."
                    if get("award")
                    else "Thiếu mã khen thưởng."
                )
            elif (award[1] == "collective") != (subject_unit is not None):
                errs.append(
                    "Khen thưởng này dành cho " + ("tập thể" if award[1] == "collective" else "cá nhân") + "."
                )
            if not number:
                errs.append("Thiếu số quyết định.")
            decision_date = None
            try:
                decision_date = parse_date(get("decision_date")) if get("decision_date") else None
                if decision_date is None:
                    errs.append("Thiếu ngày quyết định.")
            except ValueError:
                errs.append(f"Ngày quyết định “{get('decision_date')}” không đúng dạng dd/mm/yyyy.")
            nature = NATURES.get(fold(get("nature")))
            if nature is None:
                errs.append(f"Tính chất “{get('nature')}” không hợp lệ (thường xuyên, chuyên đề, đột xuất).")
            if decision_date and year and decision_date.year < year:
                errs.append("Ngày quyết định không thể trước năm thành tích.")
            if award and number and not errs:
                key = (number, award[0], subject_unit, person_id if subject_unit is None else None)
                if key in seen_records:
                    errs.append(f"Trùng quyết định: số {number} đã ghi khen thưởng này cho đối tượng này.")
                seen_records.add(key)
            if not errs:
                obj = AwardRecord(
                    unit_id=subject_unit,
                    person_id=person_id if subject_unit is None else None,
                    award_id=award[0],
                    year=year,
                    decision_number=number[:60],
                    decision_date=decision_date,
                    decided_by=get("decided_by")[:255],
                    nature=nature,
                    note=note,
                    import_job=job,
                )
                out.awards.append(obj)
        elif kind == "rating":
            rating = get("rating").upper()
            if rating not in Rating.values:
                errs.append(f"Xếp loại “{get('rating')}” không hợp lệ (HTXS, HTT, HT, KHT).")
            if not errs:
                key = (subject_unit, person_id if subject_unit is None else None, year)
                if key in seen_ratings:
                    errs.append(f"Đối tượng này đã có xếp loại năm {year}.")
                seen_ratings.add(key)
            if not errs:
                out.ratings.append(
                    PerformanceRating(
                        unit_id=key[0], person_id=key[1], year=year, rating=rating, import_job=job
                    )
                )
        elif kind == "initiative":
            scope = SCOPES.get(fold(get("scope")))
            if scope is None:
                errs.append(f"Phạm vi “{get('scope')}” không hợp lệ (cơ sở, tỉnh, toàn quốc).")
            if not get("initiative"):
                errs.append("Thiếu tên sáng kiến.")
            if subject_unit is not None:
                errs.append("Sáng kiến phải gắn với một cá nhân.")
            if not errs:
                out.initiatives.append(
                    Initiative(
                        person_id=person_id,
                        year=year,
                        title=get("initiative")[:300],
                        scope=scope,
                        decision_number=get("decision_number")[:60],
                        import_job=job,
                    )
                )
        elif kind is not None:
            start = end = None
            try:
                start = parse_date(get("start")) if get("start") else None
                if start is None:
                    errs.append("Thiếu “Từ ngày”.")
            except ValueError:
                errs.append(f"“Từ ngày” “{get('start')}” không đúng dạng dd/mm/yyyy.")
            try:
                end = parse_date(get("end")) if get("end") else None
            except ValueError:
                errs.append(f"“Đến ngày” “{get('end')}” không đúng dạng dd/mm/yyyy.")
            if start and end and end < start:
                errs.append("“Đến ngày” phải sau “Từ ngày”.")
            level = DisciplineLevel.NONE
            if kind == FlagKind.DISCIPLINE:
                level = LEVELS.get(fold(get("discipline")))
                if level is None:
                    errs.append(f"Hình thức kỷ luật “{get('discipline')}” không hợp lệ.")
            if not errs:
                out.flags.append(
                    SubjectFlag(
                        unit_id=subject_unit,
                        person_id=person_id if subject_unit is None else None,
                        kind=kind,
                        level=level,
                        started_on=start,
                        ended_on=end,
                        note=note,
                        import_job=job,
                    )
                )
        if errs:
            out.errors.append({"row": n, "messages": errs})
    if progress:
        progress(len(rows) - 1)
    return out


def template_workbook() -> bytes:
    """The downloadable template: headers, one example row per record type, a guide sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Lịch sử khen thưởng"
    ws.append([label for _, label, _ in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    examples = [
        [
            "khen thưởng",
            "TAND",
            "",
            "Lê Thị Mai",
            2014,
            "cstdcs",
            "15/QĐ-TAND",
            "20/12/2014",
            "Chánh án TAND tỉnh",
            "thường xuyên",
        ],
        [
            "khen thưởng",
            "TAND",
            "",
            "",
            2014,
            "bk_tinh_tt",
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
    guide = wb.create_sheet("Hướng dẫn")
    guide.append(["Cột", "Nội dung"])
    for _, label, help_text in COLUMNS:
        guide.append([label, help_text])
    guide.append([])
    guide.append(["Lưu ý", "Mọi dòng đều được kiểm tra; chỉ cần một dòng lỗi thì không dòng nào được ghi."])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
