"""Input of the scoring pages. The grid's autosave posts one row at a time; points stay text here
(the service reads decimal commas and checks them against the criterion's maximum)."""

from django import forms

from thidua.core.forms import StyledFormMixin
from thidua.scoring import files

POINTS_MAX_LENGTH = 20
TEXT_MAX_LENGTH = 5000


class _RowForm(forms.Form):
    item = forms.IntegerField(
        min_value=1, error_messages={"required": "Thiếu tiêu chí.", "invalid": "Thiếu tiêu chí."}
    )
    version = forms.IntegerField(min_value=0, required=False)
    points = forms.CharField(required=False, max_length=POINTS_MAX_LENGTH, strip=True)

    def clean_version(self) -> int:
        return self.cleaned_data.get("version") or 0


class GridScoreForm(_RowForm):
    """One row of the self-assessment grid: points, explanation and the version the page holds."""

    explanation = forms.CharField(
        required=False,
        max_length=TEXT_MAX_LENGTH,
        strip=False,
        error_messages={"max_length": f"Giải trình dài quá {TEXT_MAX_LENGTH} ký tự."},
    )


class GridReviewForm(_RowForm):
    """One row of a reviewer's grid: points and the reason for a different score."""

    reason = forms.CharField(
        required=False,
        max_length=TEXT_MAX_LENGTH,
        error_messages={"max_length": f"Lý do dài quá {TEXT_MAX_LENGTH} ký tự."},
    )


class ReasonForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label="Lý do", required=False, max_length=TEXT_MAX_LENGTH)


class AssignForm(StyledFormMixin, forms.Form):
    """Reviewers of the year: a panel of units (panel mode) and how many reviewers per sheet."""

    panel = forms.ModelMultipleChoiceField(
        label="Hội đồng thẩm định", queryset=None, to_field_name="code", required=False
    )
    per_unit = forms.IntegerField(
        label="Số đơn vị thẩm định mỗi bảng điểm",
        required=False,
        min_value=1,
        max_value=50,
        error_messages={
            "invalid": "Số đơn vị thẩm định phải là số nguyên.",
            "min_value": "Cần ít nhất 1 đơn vị.",
        },
    )

    leader_sheet_reviewer = forms.ModelChoiceField(
        label="Đơn vị thẩm định bảng điểm của trưởng khối",
        queryset=None,
        to_field_name="code",
        required=False,
        help_text="Để trống: phó khối thẩm định. Trưởng khối không tự thẩm định bảng điểm của mình.",
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["panel"].queryset = units
        self.fields["leader_sheet_reviewer"].queryset = units

    def clean_per_unit(self) -> int:
        return self.cleaned_data.get("per_unit") or 1


class AssignmentChangeForm(StyledFormMixin, forms.Form):
    reviewer = forms.ModelChoiceField(
        label="Đơn vị thẩm định",
        queryset=None,
        to_field_name="code",
        error_messages={
            "required": "Chưa chọn đơn vị thẩm định.",
            "invalid_choice": "Chưa chọn đơn vị thẩm định.",
        },
    )
    reason = forms.CharField(label="Lý do", required=False, max_length=TEXT_MAX_LENGTH)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = units


class EvidenceUploadForm(forms.Form):
    """One evidence file for one criterion; its size is refused before it is read (the service
    checks the content's type from its bytes)."""

    item = forms.IntegerField(min_value=1)
    file = forms.FileField(error_messages={"required": "Chưa chọn tệp minh chứng."})

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > files.MAX_BYTES:
            raise forms.ValidationError(
                f"Tệp “{upload.name}” lớn hơn giới hạn {files.MAX_BYTES // (1024 * 1024)} MB."
            )
        return upload


class ModerationForm(forms.Form):
    """The moderated score of one disputed criterion, with its reason."""

    item = forms.IntegerField(
        min_value=1, error_messages={"required": "Thiếu tiêu chí.", "invalid": "Thiếu tiêu chí."}
    )
    points = forms.CharField(required=False, max_length=POINTS_MAX_LENGTH, strip=True)
    reason = forms.CharField(
        required=False,
        max_length=TEXT_MAX_LENGTH,
        error_messages={"max_length": f"Lý do dài quá {TEXT_MAX_LENGTH} ký tự."},
    )
