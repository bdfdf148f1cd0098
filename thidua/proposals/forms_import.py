"""Row form of the Excel import of a bloc year's proposals (``thidua/proposals/importer.py``): the
subject (kind, unit, person), the award, the vote and the report of one row, resolved against what
the file refers to (``importer.Lookups``). The rules of a proposal entered by hand (membership,
eligibility, quota) are the importer's next step, through the proposal services."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms

from thidua.core.spreadsheets import CellCount, CellText, RowForm
from thidua.core.text import fold

if TYPE_CHECKING:  # cycle-breaker: the importer imports this module; only the type is needed
    from thidua.proposals.importer import Lookups

KINDS = {"tap the": "collective", "ca nhan": "individual"}


def _count(label: str) -> CellCount:
    return CellCount(
        required=False,
        error_messages={"invalid": f"“{label}” phải là số nguyên không âm, không phải “%(value)s”."},
    )


class ProposalRowForm(RowForm):
    """``seen`` maps each (award, subject) of the rows above to its row number."""

    kind = CellText(required=False)
    unit = CellText(required=False)
    person = CellText(required=False)
    award = CellText(required=False)
    vote_yes = _count("Số phiếu đồng ý")
    vote_base = _count("Tổng số phiếu")
    report = CellText(error_messages={"required": "Thiếu thành tích tóm tắt (nội dung báo cáo thành tích)."})
    note = CellText(required=False)

    def __init__(self, data, *, number: int, look: Lookups, seen: dict[tuple, int]):
        super().__init__(data)
        self.number, self.look, self.seen = number, look, seen

    def clean_kind(self) -> str:
        text = self.cleaned_data["kind"]
        kind = KINDS.get(fold(text))
        if kind is None:
            raise forms.ValidationError(
                f"Loại “{text}” không hợp lệ: ghi “tập thể” hoặc “cá nhân”."
                if text
                else "Thiếu loại (tập thể hoặc cá nhân)."
            )
        return kind

    def clean_unit(self):
        code = self.cleaned_data["unit"]
        if not code:
            raise forms.ValidationError("Thiếu mã đơn vị.")
        unit = self.look.units.get(code.upper())
        if unit is None:
            raise forms.ValidationError(f"Không có đơn vị mã “{code}” (xem trang “Danh mục” của tệp mẫu).")
        return unit

    def clean_person(self):
        name, kind, unit = (
            self.cleaned_data["person"],
            self.cleaned_data.get("kind"),
            self.cleaned_data.get("unit"),
        )
        if kind == "individual" and not name:
            raise forms.ValidationError("Dòng cá nhân cần họ và tên.")
        if kind == "collective" and name:
            raise forms.ValidationError(
                "Dòng tập thể không ghi họ và tên; đề nghị cá nhân thì ghi loại “cá nhân”."
            )
        if kind == "individual" and unit is not None:
            return self._resolve(self.look.person, unit, name)
        return None

    def clean_award(self):
        text = self.cleaned_data["award"]
        if not text:
            raise forms.ValidationError("Thiếu hình thức khen thưởng.")
        return self._resolve(self.look.award, text, self.cleaned_data.get("kind"))

    @staticmethod
    def _resolve(lookup, *args):
        try:
            return lookup(*args)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean(self):
        data = super().clean()
        key = self.subject_key()
        if key is not None and data.get("award") is not None:
            key = (data["award"].pk, *key)
            if key in self.seen:
                self.add_error(
                    None,
                    f"Trùng với dòng {self.seen[key]}: cùng đối tượng, cùng hình thức khen thưởng "
                    f"{data['award'].name}.",
                )
            else:
                self.seen[key] = self.number
        return data

    def subject_key(self) -> tuple | None:
        """("unit", pk) or ("person", pk) once the subject resolves."""
        data = self.cleaned_data
        if data.get("kind") == "collective" and data.get("unit") is not None:
            return ("unit", data["unit"].pk)
        if data.get("kind") == "individual" and data.get("person") is not None:
            return ("person", data["person"].pk)
        return None

    def subject(self, year: int) -> str:
        """Who the row is about, for the error report."""
        person, unit = self.cleaned_data.get("person"), self.cleaned_data.get("unit")
        code, name = self.text("unit"), self.text("person")
        if person is not None:
            return f"{person.full_name} ({unit.code})"
        if unit is not None and not name:
            return unit.name_in_year(year)
        return (f"{name} ({code})" if name and code else name or code) or "—"
