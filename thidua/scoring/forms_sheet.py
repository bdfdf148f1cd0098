"""Row form of the self-assessment sheet's Excel import (``thidua/scoring/excel.py``): a criterion's
code, the points and the explanation, checked as the grid checks a score typed in it."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from thidua.core.spreadsheets import CellText, RowForm
from thidua.scoring import services

# Columns A–G of the sheet (``excel.HEADER``); B to D repeat the rubric and are not read back; G (hidden,
# locked) holds the version of the leaf's score when the file was exported (0: no score yet).
FIELDS = ["code", "title", "kind", "max_points", "points", "explanation", "version"]
VERSION_HEADER = "Phiên bản"
BAD_VERSION = "ô phiên bản (cột G, ẩn) bị thiếu hoặc bị sửa; tải lại tệp mới."


class ScoreRowForm(RowForm):
    """``tree`` maps each code to (item, is_leaf); ``seen`` holds the codes of the rows above.
    ``planned()`` gives what to save: a leaf's item, points, explanation and the version of its score
    when the file was exported; nothing for a group."""

    code = CellText(required=False)
    points = CellText(required=False)
    explanation = CellText(required=False)
    version = CellText(required=False)

    def __init__(self, data, *, tree: dict, seen: set[str]):
        super().__init__(data)
        self.tree, self.seen = tree, seen

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        if code not in self.tree:
            raise forms.ValidationError(f"không có tiêu chí mã “{code}” trong bộ tiêu chí.")
        if code in self.seen:
            raise forms.ValidationError("tiêu chí bị lặp lại.")
        self.seen.add(code)
        return code

    def clean(self):
        data = super().clean()
        if "code" not in data:
            return data
        item, leaf = self.tree[data["code"]]
        if not leaf:
            if data["points"]:
                self.add_error(None, "đây là nhóm/tiêu chí có tiêu chí con, không nhập điểm trực tiếp.")
            return data
        version = data.get("version", "")
        if not version.isdigit():
            self.add_error(None, BAD_VERSION)
            return data
        data["version"] = int(version)
        try:
            data["score"] = services.parse_points(self.data.get("points"))
            services.check_bounds(item, data["score"])
        except ValidationError as exc:
            self.add_error(None, exc.message_dict["points"][0])
        return data

    def planned(self) -> tuple | None:
        data = self.cleaned_data
        if "score" not in data:
            return None
        return self.tree[data["code"]][0], data["score"], data["explanation"], data["version"]
