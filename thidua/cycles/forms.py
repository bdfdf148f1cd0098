import datetime as dt
import json

from django import forms

from thidua.core.forms import StyledFormMixin
from thidua.core.spreadsheets import validate_upload_size
from thidua.cycles.choices import ADVANCE_ACTIONS, STAGE_ORDER, MovementKind, RubricItemKind, Stage
from thidua.cycles.models import Programme, RubricItem
from thidua.organisations.bloc_settings import AGGREGATIONS, APPROVAL_BASES, REVIEWER_MODES, TIE_BREAKS


class ReasonForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label="Lý do", widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )


class RegulationsForm(StyledFormMixin, forms.Form):
    text = forms.CharField(
        label="Nội dung quy chế",
        widget=forms.Textarea(attrs={"rows": 14}),
        required=False,
        help_text="Dòng viết IN HOA được in đậm như tiêu đề chương, điều trong văn bản Word.",
    )
    file = forms.FileField(label="Tệp quy chế (PDF, Word)", required=False)
    remove_file = forms.BooleanField(label="Gỡ tệp đã tải lên", required=False)


class SettingsForm(StyledFormMixin, forms.Form):
    scoring_total = forms.DecimalField(label="Tổng điểm chấm", min_value=1, decimal_places=2)
    reviewer_mode = forms.ChoiceField(label="Cách chấm điểm", choices=list(REVIEWER_MODES.items()))
    aggregation = forms.ChoiceField(
        label="Tổng hợp điểm nhiều người chấm", choices=list(AGGREGATIONS.items())
    )
    trim_ratio = forms.FloatField(label="Tỉ lệ cắt bỏ cực trị (trung bình cắt)", min_value=0, max_value=0.49)
    tie_break = forms.CharField(
        label="Thứ tự phân định khi bằng điểm",
        help_text="Mỗi dòng một mã: " + ", ".join(f"{k} ({v})" for k, v in TIE_BREAKS.items()),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    bands = forms.CharField(
        label="Mức xếp loại (JSON)",
        widget=forms.Textarea(attrs={"rows": 5, "class": "font-monospace"}),
        help_text="Danh sách {code, label, min_total, min_each_ratio}, điểm giảm dần.",
    )
    ballot_secret = forms.BooleanField(label="Bỏ phiếu kín", required=False)
    quorum = forms.CharField(label="Tỉ lệ thành viên tối thiểu dự họp", help_text="Ví dụ 2/3")
    approval_base = forms.ChoiceField(label="Tỉ lệ tán thành tính", choices=list(APPROVAL_BASES.items()))
    approval_ratio = forms.CharField(label="Tỉ lệ tán thành", help_text="Ví dụ 1/2")
    approval_strict = forms.BooleanField(label="Phải vượt (không chỉ bằng) tỉ lệ tán thành", required=False)
    provincial_flags = forms.IntegerField(label="Số Cờ thi đua cấp tỉnh khối được đề nghị", min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for stage in STAGE_ORDER[1:]:
            self.fields[f"deadline_{stage}"] = forms.DateField(
                label=f"Hạn: {Stage(stage).label}", required=False
            )
            self.fields[f"deadline_{stage}"].widget.attrs.update(
                {"class": "form-control", "placeholder": "dd/mm/yyyy"}
            )

    @staticmethod
    def initial_from(cfg) -> dict:

        data = cfg.to_json()
        data["tie_break"] = "\n".join(cfg.tie_break)
        data["bands"] = json.dumps(data["bands"], ensure_ascii=False, indent=1)
        for stage, day in cfg.deadlines.items():
            data[f"deadline_{stage}"] = dt.date.fromisoformat(day)
        return data

    def clean_bands(self):
        try:
            value = json.loads(self.cleaned_data["bands"])
        except json.JSONDecodeError as exc:
            raise forms.ValidationError("Không đọc được danh sách mức xếp loại (JSON).") from exc
        if not isinstance(value, list):
            raise forms.ValidationError("Mức xếp loại phải là một danh sách.")
        return value

    def clean_tie_break(self):
        return [line.strip() for line in self.cleaned_data["tie_break"].splitlines() if line.strip()]

    def to_settings(self, current: dict) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if not k.startswith("deadline_")}
        data["scoring_total"] = float(data["scoring_total"])
        data["deadlines"] = {
            stage: self.cleaned_data[f"deadline_{stage}"].isoformat()
            for stage in STAGE_ORDER[1:]
            if self.cleaned_data.get(f"deadline_{stage}")
        }
        return {**current, **data}


class AgreementForm(StyledFormMixin, forms.Form):
    signed_on = forms.DateField(label="Ngày ký giao ước", required=False)
    signed_place = forms.CharField(label="Địa điểm ký", max_length=255, required=False)
    preamble = forms.CharField(
        label="Lời mở đầu (để trống dùng mẫu chuẩn)", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class KeyContentForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label="Nội dung trọng tâm", max_length=500)
    description = forms.CharField(label="Diễn giải", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class SignatureForm(StyledFormMixin, forms.Form):
    head_name = forms.CharField(label="Họ tên thủ trưởng", max_length=150, required=False)
    head_title = forms.CharField(label="Chức vụ", max_length=150, required=False)
    signed = forms.BooleanField(label="Đã ký", required=False)
    signed_on = forms.DateField(label="Ngày ký", required=False)
    scan = forms.FileField(label="Bản quét (PDF, ảnh)", required=False)


class RubricItemForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label="Loại", choices=RubricItemKind.choices)
    parent = forms.ModelChoiceField(
        label="Thuộc", queryset=RubricItem.objects.none(), required=False, empty_label="(cấp cao nhất)"
    )
    code = forms.CharField(label="Mã", max_length=20)
    title = forms.CharField(label="Nội dung", max_length=500)
    max_points = forms.DecimalField(label="Điểm tối đa / mức trần", min_value=0, decimal_places=2, initial=0)
    evidence_required = forms.BooleanField(label="Bắt buộc minh chứng", required=False)
    guidance = forms.CharField(
        label="Hướng dẫn chấm", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    key_contents = forms.ModelMultipleChoiceField(label="Nội dung trọng tâm", queryset=None, required=False)

    def __init__(self, *args, rubric, exclude_kind=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = RubricItem.objects.filter(
            rubric=rubric, kind__in=["group", "criterion"]
        ).order_by("position")
        self.fields["parent"].label_from_instance = lambda i: f"{i.code}. {i.title[:70]}"
        self.fields["key_contents"].queryset = rubric.bloc_year.key_contents.order_by("position")
        self.fields["key_contents"].label_from_instance = lambda k: f"{k.position}. {k.title[:80]}"
        self.fields["key_contents"].widget.attrs["size"] = 5
        if exclude_kind:
            del self.fields["kind"]


class TotalForm(StyledFormMixin, forms.Form):
    total = forms.DecimalField(label="Tổng điểm", min_value=0.01, decimal_places=2)


class CopyForm(StyledFormMixin, forms.Form):
    source = forms.ChoiceField(label="Sao chép từ")

    def __init__(self, *args, rubrics=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [
            (
                r.pk,
                f"{r.bloc_year.bloc.short_name or r.bloc_year.bloc.name} – {r.bloc_year.year} (phiên bản {r.version})",
            )
            for r in rubrics
        ]


class ImportForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label="Tệp Excel (.xlsx) theo mẫu xuất", validators=[validate_upload_size])


class MovementForm(StyledFormMixin, forms.Form):
    title = forms.CharField(
        label="Tên phong trào, khẩu hiệu", max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    kind = forms.ChoiceField(label="Loại phong trào", choices=MovementKind.choices)
    starts_on = forms.DateField(label="Từ ngày", required=False)
    ends_on = forms.DateField(label="Đến ngày", required=False)
    programmes = forms.ModelMultipleChoiceField(
        label="Gắn với chương trình",
        queryset=Programme.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    targets = forms.CharField(
        label="Chỉ tiêu đăng ký", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programmes"].widget.attrs["class"] = "form-check-input"


class ProgrammeForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label="Tên chương trình", max_length=300)
    description = forms.CharField(label="Mô tả", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    position = forms.IntegerField(label="Thứ tự", min_value=0, initial=0, required=False)
    is_active = forms.BooleanField(label="Đang dùng", required=False, initial=True)


class AdvanceForm(ReasonForm):
    """One step forward in the year's workflow (a key of ADVANCE_ACTIONS) with an optional reason."""

    action = forms.ChoiceField(
        choices=[(key, label) for key, (_from, _to, label) in ADVANCE_ACTIONS.items()],
        error_messages={
            "required": "Bước chuyển không hợp lệ.",
            "invalid_choice": "Bước chuyển không hợp lệ.",
        },
    )


class DocumentFormatForm(forms.Form):
    format = forms.ChoiceField(choices=[("docx", "Word"), ("pdf", "PDF")], required=False)


class RubricSourceForm(forms.Form):
    """The rubric to copy from, among those the user may copy."""

    source = forms.ModelChoiceField(
        queryset=None,
        error_messages={
            "required": "Hãy chọn bộ tiêu chí để sao chép.",
            "invalid_choice": "Hãy chọn bộ tiêu chí để sao chép.",
        },
    )

    def __init__(self, *args, rubrics, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = rubrics
