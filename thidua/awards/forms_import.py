"""Row forms of the award-history import (``thidua/awards/importer.py``): one form per record type.

Every form checks the columns all records share (type, unit, person, year) against the registry
read once per file (``importer.Lookups``); each record type adds its own columns and builds its
unsaved object. Messages are the ones the import has always shown, in column order."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django import forms

from thidua.awards.choices import DisciplineLevel, FlagKind, InitiativeScope, Nature, Rating
from thidua.awards.models import AwardRecord, Initiative, PerformanceRating, SubjectFlag
from thidua.core import sane
from thidua.core.spreadsheets import CellChoice, CellDate, CellText, RowForm, cell_text
from thidua.core.text import fold
from thidua.organisations.choices import PersonCategory

if TYPE_CHECKING:  # cycle-breaker: the importer imports this module; only the type is needed
    from thidua.awards.importer import Lookups

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
    "doi ngoai": Nature.FOREIGN,
    "cong hien": Nature.DEDICATION,
    "qua trinh cong hien": Nature.DEDICATION,
    "nien han": Nature.SENIORITY,
    "khang chien": Nature.RESISTANCE,
}
NATURE_NAMES = ["thường xuyên", "chuyên đề", "đột xuất", "đối ngoại", "cống hiến", "niên hạn", "kháng chiến"]
# The object category of an individual (statistics forms 0602.N, 0603.N): the short names the
# template's drop-down list offers, and the full labels.
CATEGORY_NAMES = {
    "lãnh đạo cấp bộ/tỉnh": PersonCategory.LEADER_CENTRAL,
    "lãnh đạo cấp vụ/sở": PersonCategory.LEADER_DEPARTMENT,
    "doanh nhân": PersonCategory.BUSINESS,
    "lãnh đạo khác": PersonCategory.LEADER_OTHER,
    "người trực tiếp": PersonCategory.WORKER,
}
CATEGORIES = {fold(name): value for name, value in CATEGORY_NAMES.items()} | {
    fold(str(label)): value for value, label in PersonCategory.choices
}
SCOPES = {
    "co so": InitiativeScope.GRASSROOTS,
    "cap co so": InitiativeScope.GRASSROOTS,
    "tinh": InitiativeScope.PROVINCIAL,
    "cap tinh": InitiativeScope.PROVINCIAL,
    "toan quoc": InitiativeScope.NATIONAL,
}
LEVELS = {fold(str(label)): value for value, label in DisciplineLevel.choices if value}
RATINGS = {fold(value): value for value in Rating.values}


def _type_key(text: str) -> str:
    return fold(text).replace("_", " ")


def _text(**kwargs) -> CellText:
    return CellText(required=False, **kwargs)


def _too_long(label: str) -> dict:
    """error_messages naming the column when a cell is longer than its column (never cut)."""
    return {"max_length": f"{label} dài quá: tối đa %(limit_value)d ký tự (đang có %(show_value)d)."}


class RecordRowForm(RowForm):
    """The columns every record has. A row whose type is not known is checked with this form
    alone; ``dated`` record types also need a year."""

    dated = False
    bucket = ""

    type = CellChoice(
        TYPES, normalize=_type_key, error_messages={"invalid": "Loại bản ghi “%(value)s” không hợp lệ."}
    )
    unit = _text()
    person_id = _text()
    person_name = _text()
    year = _text()
    note = _text(max_length=500, error_messages=_too_long("Ghi chú"))

    def __init__(self, data, *, look: Lookups):
        super().__init__(data)
        self.look = look
        self.person = self.subject_unit = None

    def clean_unit(self) -> int | None:
        code = self.cleaned_data["unit"].upper()
        unit = self.look.find_unit(self.cleaned_data["unit"])
        if unit is None:
            raise forms.ValidationError(
                f"Không có đơn vị mã “{self.text('unit')}”." if code else "Thiếu mã đơn vị."
            )
        return unit[0]

    def clean_person_name(self) -> str:
        """The person by id or by name within the unit; a row with neither is the unit's own."""
        pid, name = self.cleaned_data.get("person_id", ""), self.cleaned_data["person_name"]
        unit_id = self.cleaned_data.get("unit")
        self.subject_unit = None if (pid or name) else unit_id
        if pid:
            self.person = self._person_by_id(pid, unit_id)
        elif name and unit_id is not None:
            self.person = self._person_by_name(name, unit_id)
        return name

    def _person_by_id(self, pid: str, unit_id: int | None) -> int:
        if not pid.isdigit() or int(pid) not in self.look.people_by_id:
            raise forms.ValidationError(f"Không có cá nhân mã “{pid}”.")
        if unit_id is not None and self.look.people_by_id[int(pid)] != unit_id:
            raise forms.ValidationError(f"Cá nhân mã {pid} không thuộc đơn vị {self.text('unit').upper()}.")
        return int(pid)

    def _person_by_name(self, name: str, unit_id: int) -> int:
        code = self.text("unit").upper()
        found = self.look.people_by_name.get((unit_id, fold(name)), [])
        if not found:
            raise forms.ValidationError(f"Đơn vị {code} không có cá nhân “{name}”.")
        if len(found) > 1:
            raise forms.ValidationError(
                f"Đơn vị {code} có {len(found)} người tên “{name}”: hãy ghi mã cá nhân."
            )
        return found[0]

    def clean_year(self) -> int | None:
        text = self.cleaned_data["year"]
        if not self.dated:
            return None
        if not text.isdigit() or not 1990 <= int(text) <= dt.date.today().year + 1:
            raise forms.ValidationError(f"Năm “{text}” không hợp lệ." if text else "Thiếu năm.")
        return int(text)

    @property
    def person_of_subject(self) -> int | None:
        """The person the record is about (``None`` when it is about the unit)."""
        return self.person if self.subject_unit is None else None


class AwardDecisionRowForm(RecordRowForm):
    dated = True
    bucket = "awards"

    award = _text()
    decision_number = CellText(
        max_length=60, error_messages={"required": "Thiếu số quyết định.", **_too_long("Số quyết định")}
    )
    decision_date = CellDate(
        error_messages={
            "required": "Thiếu ngày quyết định.",
            "invalid": "Ngày quyết định “%(value)s” không đúng dạng dd/mm/yyyy.",
        }
    )
    decided_by = _text(max_length=255, error_messages=_too_long("Cơ quan quyết định"))
    nature = CellChoice(
        NATURES,
        required=False,
        error_messages={"invalid": "Tính chất “%(value)s” không hợp lệ (" + ", ".join(NATURE_NAMES) + ")."},
    )
    category = CellChoice(
        CATEGORIES,
        required=False,
        error_messages={
            "invalid": "Đối tượng cá nhân “%(value)s” không hợp lệ (" + ", ".join(CATEGORY_NAMES) + ")."
        },
    )

    def clean_award(self) -> tuple[int, str]:
        code = self.cleaned_data["award"]
        award = self.look.find_award(code, collective=self.subject_unit is not None)
        if award is None:
            raise forms.ValidationError(
                f"Không có khen thưởng mã “{code}” trong danh mục." if code else "Thiếu mã khen thưởng."
            )
        if (award[1] == "collective") != (self.subject_unit is not None):
            raise forms.ValidationError(
                "Khen thưởng này dành cho " + ("tập thể" if award[1] == "collective" else "cá nhân") + "."
            )
        return award

    def clean(self):
        data = super().clean()
        decided, year = data.get("decision_date"), data.get("year")
        if problem := sane.past_date_problem(decided, "Ngày quyết định"):
            self.add_error(None, problem)
        elif decided and year and decided.year < year:
            self.add_error(None, "Ngày quyết định không thể trước năm thành tích.")
        self._check_category(data.get("category"))
        if not self.errors:
            number = data["decision_number"]
            key = (number, data["award"][0], self.subject_unit, self.person_of_subject)
            if key in self.look.seen_records:
                self.add_error(
                    None, f"Trùng quyết định: số {number} đã ghi khen thưởng này cho đối tượng này."
                )
            self.look.seen_records.add(key)
        return data

    def _check_category(self, category) -> None:
        """A category is written on the person (not the record): one per person in a file."""
        if not category or self.errors:
            return
        person = self.person_of_subject
        if person is None:
            self.add_error("category", "Đối tượng cá nhân chỉ ghi với khen thưởng của cá nhân.")
            return
        seen = self.look.categories.setdefault(person, category)
        if seen != category:
            self.add_error(
                "category",
                f"Cá nhân này đã được ghi đối tượng “{PersonCategory(seen).label}” ở dòng trên: mỗi người một đối tượng.",
            )

    @property
    def person_category(self) -> tuple[int, str] | None:
        """(person id, category) the row writes on the person, if any."""
        category = self.cleaned_data.get("category")
        return (self.person_of_subject, category) if category else None

    def record(self, job) -> AwardRecord:
        data = self.cleaned_data
        return AwardRecord(
            unit_id=self.subject_unit,
            person_id=self.person_of_subject,
            award_id=data["award"][0],
            year=data["year"],
            decision_number=data["decision_number"],
            decision_date=data["decision_date"],
            decided_by=data["decided_by"],
            nature=data["nature"],
            note=data["note"],
            import_job=job,
        )


class RatingRowForm(RecordRowForm):
    dated = True
    bucket = "ratings"

    rating = CellChoice(
        RATINGS, error_messages={"invalid": "Xếp loại “%(value)s” không hợp lệ (HTXS, HTT, HT, KHT)."}
    )

    def clean(self):
        data = super().clean()
        if not self.errors:
            key = (self.subject_unit, self.person_of_subject, data["year"])
            if key in self.look.seen_ratings:
                self.add_error(None, f"Đối tượng này đã có xếp loại năm {data['year']}.")
            self.look.seen_ratings.add(key)
        return data

    def record(self, job) -> PerformanceRating:
        return PerformanceRating(
            unit_id=self.subject_unit,
            person_id=self.person_of_subject,
            year=self.cleaned_data["year"],
            rating=self.cleaned_data["rating"],
            import_job=job,
        )


class InitiativeRowForm(RecordRowForm):
    dated = True
    bucket = "initiatives"

    scope = CellChoice(
        SCOPES, error_messages={"invalid": "Phạm vi “%(value)s” không hợp lệ (cơ sở, tỉnh, toàn quốc)."}
    )
    initiative = CellText(
        max_length=300, error_messages={"required": "Thiếu tên sáng kiến.", **_too_long("Tên sáng kiến")}
    )
    decision_number = _text(max_length=60, error_messages=_too_long("Số quyết định"))

    def clean(self):
        data = super().clean()
        if self.subject_unit is not None:
            self.add_error(None, "Sáng kiến phải gắn với một cá nhân.")
        return data

    def record(self, job) -> Initiative:
        data = self.cleaned_data
        return Initiative(
            person_id=self.person,
            year=data["year"],
            title=data["initiative"],
            scope=data["scope"],
            decision_number=data["decision_number"],
            import_job=job,
        )


class FlagRowForm(RecordRowForm):
    """An investigation, inspection or complaint: a period from a start date."""

    bucket = "flags"

    start = CellDate(
        error_messages={
            "required": "Thiếu “Từ ngày”.",
            "invalid": "“Từ ngày” “%(value)s” không đúng dạng dd/mm/yyyy.",
        }
    )
    end = CellDate(
        required=False, error_messages={"invalid": "“Đến ngày” “%(value)s” không đúng dạng dd/mm/yyyy."}
    )

    def clean_start(self) -> dt.date:
        start = self.cleaned_data["start"]
        if problem := sane.past_date_problem(start, "“Từ ngày”"):
            raise forms.ValidationError(problem)
        return start

    def clean_end(self) -> dt.date | None:
        start, end = self.cleaned_data.get("start"), self.cleaned_data["end"]
        if problem := sane.period_end_problem(end, "“Đến ngày”"):
            raise forms.ValidationError(problem)
        if start and end and end < start:
            raise forms.ValidationError("“Đến ngày” phải sau “Từ ngày”.")
        return end

    def level(self) -> str:
        return DisciplineLevel.NONE

    def record(self, job) -> SubjectFlag:
        data = self.cleaned_data
        return SubjectFlag(
            unit_id=self.subject_unit,
            person_id=self.person_of_subject,
            kind=data["type"],
            level=self.level(),
            started_on=data["start"],
            ended_on=data["end"],
            note=data["note"],
            import_job=job,
        )


class DisciplineRowForm(FlagRowForm):
    discipline = CellChoice(LEVELS, error_messages={"invalid": "Hình thức kỷ luật “%(value)s” không hợp lệ."})

    def level(self) -> str:
        return self.cleaned_data["discipline"]


FORMS = {
    "award": AwardDecisionRowForm,
    "rating": RatingRowForm,
    "initiative": InitiativeRowForm,
    FlagKind.DISCIPLINE: DisciplineRowForm,
    FlagKind.INVESTIGATION: FlagRowForm,
    FlagKind.INSPECTION: FlagRowForm,
    FlagKind.COMPLAINT: FlagRowForm,
}


def row_form(data: dict, *, look: Lookups) -> RecordRowForm:
    """The form of the row's record type (the shared columns alone when the type is unknown)."""
    kind = TYPES.get(_type_key(cell_text(data.get("type"))))
    return FORMS.get(kind, RecordRowForm)(data, look=look)
