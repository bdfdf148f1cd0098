"""Row form of the rubric's Excel import (``thidua/cycles/rubric_excel.py``): one item of the tree
per row. Messages are fragments ("thiếu mã") that the import joins per row: "Dòng 5: thiếu mã; …"."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from thidua.core.spreadsheets import CellChoice, CellDecimal, CellText, RowForm

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
YES = {"co", "x", "1", "true", "yes"}
NO = {"", "khong", "0", "false", "no"}
EVIDENCE = {**dict.fromkeys(YES, True), **dict.fromkeys(NO, False)}
# The columns A–H of the sheet, in order.
FIELDS = ["code", "parent", "kind", "title", "max_points", "evidence", "guidance", "key_contents"]


class RubricRowForm(RowForm):
    code = CellText(
        max_length=20, error_messages={"required": "thiếu mã", "max_length": "mã dài quá 20 ký tự"}
    )
    parent = CellText(required=False)
    kind = CellChoice(
        KIND_NAMES,
        error_messages={
            "invalid": "loại “%(value)s” không hợp lệ (Nhóm, Tiêu chí, Tiêu chí thành phần, Điểm cộng, Điểm trừ)"
        },
    )
    title = CellText(error_messages={"required": "thiếu nội dung"})
    max_points = CellDecimal(required=False, error_messages={"invalid": "điểm “%(value)s” không phải số"})
    evidence = CellChoice(
        EVIDENCE,
        required=False,
        error_messages={"invalid": "cột minh chứng “%(value)s” phải là Có hoặc Không"},
    )
    guidance = CellText(required=False)
    key_contents = CellText(required=False)

    def __init__(self, data, *, line_of: dict[str, int], key_content_positions: set[int]):
        super().__init__(data)
        self.line_of, self.positions = line_of, key_content_positions

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        if code in self.line_of:
            raise forms.ValidationError(f"mã “{code}” trùng với dòng {self.line_of[code]}")
        return code

    def clean_title(self) -> str:
        title = " ".join(self.cleaned_data["title"].split())
        if len(title) > 500:
            raise forms.ValidationError("nội dung dài quá 500 ký tự")
        return title

    def clean_max_points(self) -> Decimal:
        points = self.cleaned_data["max_points"] or Decimal(0)
        if points < 0:
            raise forms.ValidationError("điểm tối đa (mức trần) không được âm")
        return points.quantize(Decimal("0.01"))

    def clean_key_contents(self) -> list[int]:
        parts = [p.strip() for p in self.cleaned_data["key_contents"].replace(";", ",").split(",")]
        wrong = [p for p in parts if p and (not p.isdigit() or int(p) not in self.positions)]
        if wrong:
            raise forms.ValidationError(
                [f"nội dung trọng tâm số “{p}” không có trong giao ước" for p in wrong]
            )
        return [int(p) for p in parts if p]

    def item(self) -> dict:
        """The row as the rubric services take it (what is valid of it, for a row in error)."""
        data = self.cleaned_data
        return {
            "code": self.text("code"),
            "parent": self.text("parent"),
            "kind": data.get("kind") or "",
            "title": data.get("title", ""),
            "max_points": data.get("max_points", Decimal("0.00")),
            "guidance": data.get("guidance", ""),
            "evidence_required": bool(data.get("evidence")),
            "key_contents": data.get("key_contents", []),
        }
