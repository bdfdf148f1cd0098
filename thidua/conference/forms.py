from django import forms

from thidua.conference.choices import BallotKind
from thidua.core.forms import StyledFormMixin
from thidua.organisations.models import Unit

TEXT = {"rows": 5}


class ConferenceForm(StyledFormMixin, forms.Form):
    held_on = forms.DateField(label="Ngày họp", input_formats=["%d/%m/%Y", "%Y-%m-%d"])
    starts_at = forms.TimeField(label="Giờ bắt đầu", required=False, help_text="Ví dụ 14:00")
    venue_unit = forms.ModelChoiceField(label="Đơn vị đăng cai", queryset=Unit.objects.none(), required=False)
    venue = forms.CharField(label="Địa điểm", required=False, max_length=255)
    chair_name = forms.CharField(label="Chủ trì", required=False, max_length=200)
    secretary_name = forms.CharField(label="Thư ký hội nghị", required=False, max_length=200)
    agenda = forms.CharField(
        label="Chương trình (mỗi dòng một nội dung)", required=False, widget=forms.Textarea(attrs=TEXT)
    )

    def __init__(self, *args, bloc_year, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["venue_unit"].queryset = Unit.objects.filter(memberships__bloc_year=bloc_year)
        self.fields["venue_unit"].label_from_instance = lambda unit: unit.name_in_year(bloc_year.year)
        self.fields["held_on"].widget.attrs["placeholder"] = "dd/mm/yyyy"


class ConferenceEditForm(ConferenceForm):
    results = forms.CharField(
        label="I. Kết quả đạt được", required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    limitations = forms.CharField(
        label="II. Hạn chế, tồn tại", required=False, widget=forms.Textarea(attrs=TEXT)
    )
    causes = forms.CharField(label="III. Nguyên nhân", required=False, widget=forms.Textarea(attrs=TEXT))
    directions = forms.CharField(
        label="IV. Phương hướng năm sau", required=False, widget=forms.Textarea(attrs=TEXT)
    )
    resolutions = forms.CharField(
        label="Hội nghị thống nhất", required=False, widget=forms.Textarea(attrs=TEXT)
    )


class AttendanceForm(StyledFormMixin, forms.Form):
    """One group of fields per member unit: present, voting delegate, title, others."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for att in rows:
            code = att.unit.code
            self.fields[f"present_{code}"] = forms.BooleanField(
                label="Có mặt",
                required=False,
                initial=att.present,
                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
            )
            self.fields[f"name_{code}"] = forms.CharField(
                label="Đại biểu biểu quyết",
                required=False,
                initial=att.delegate_name,
                max_length=200,
                widget=forms.TextInput(attrs={"class": "form-control"}),
            )
            self.fields[f"title_{code}"] = forms.CharField(
                label="Chức vụ",
                required=False,
                initial=att.delegate_title,
                max_length=200,
                widget=forms.TextInput(attrs={"class": "form-control"}),
            )
            self.fields[f"others_{code}"] = forms.CharField(
                label="Đại biểu khác",
                required=False,
                initial=att.other_delegates,
                widget=forms.Textarea(attrs={"rows": 1, "class": "form-control"}),
            )

    def groups(self):
        return [
            (
                att,
                self[f"present_{att.unit.code}"],
                self[f"name_{att.unit.code}"],
                self[f"title_{att.unit.code}"],
                self[f"others_{att.unit.code}"],
            )
            for att in self.rows
        ]

    def service_rows(self):
        data = self.cleaned_data
        return [
            {
                "unit": att.unit,
                "present": data[f"present_{att.unit.code}"],
                "delegate_name": data[f"name_{att.unit.code}"],
                "delegate_title": data[f"title_{att.unit.code}"],
                "other_delegates": data[f"others_{att.unit.code}"],
            }
            for att in self.rows
        ]


class BallotForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label="Loại biểu quyết", choices=BallotKind.choices)
    title = forms.CharField(label="Nội dung (bỏ trống để dùng tên mặc định)", required=False, max_length=300)
    seats = forms.IntegerField(label="Số lượng được chọn", min_value=1, max_value=50, required=False)
    candidates = forms.ModelMultipleChoiceField(
        label="Ứng viên (câu hỏi đồng ý / không đồng ý thì bỏ trống)",
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, bloc_year, fixed_kind=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidates"].queryset = Unit.objects.filter(memberships__bloc_year=bloc_year).order_by(
            "name_sort"
        )
        self.fields["candidates"].widget.attrs["class"] = "form-check-input me-2"
        self.fields["candidates"].label_from_instance = lambda unit: unit.name_in_year(bloc_year.year)
        if fixed_kind:
            self.fields["kind"].disabled = True
            self.fields["kind"].initial = fixed_kind


class UnitsForm(StyledFormMixin, forms.Form):
    units = forms.ModelMultipleChoiceField(
        label="Đơn vị nhận phiếu giấy", queryset=Unit.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, units, year=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units
        if year:
            self.fields["units"].label_from_instance = lambda unit: unit.name_in_year(year)
        self.fields["units"].widget.attrs["class"] = "form-check-input me-2"


class BatchForm(StyledFormMixin, forms.Form):
    """Figures of one bundle of paper ballots; the same form serves the recount."""

    number = forms.IntegerField(label="Tập số", min_value=1)
    ballots = forms.IntegerField(label="Số phiếu trong tập", min_value=0)
    invalid = forms.IntegerField(label="Không hợp lệ", min_value=0, initial=0)
    abstain = forms.IntegerField(label="Phiếu trắng", min_value=0, initial=0)

    def __init__(self, *args, options, **kwargs):
        super().__init__(*args, **kwargs)
        self.options = options
        for key, label in options:
            self.fields[f"count_{key}"] = forms.IntegerField(
                label=label, min_value=0, initial=0, widget=forms.NumberInput(attrs={"class": "form-control"})
            )

    def figures(self) -> dict:
        data = self.cleaned_data
        return {
            "ballots": data["ballots"],
            "invalid": data["invalid"],
            "abstain": data["abstain"],
            "counts": {key: data[f"count_{key}"] for key, _ in self.options},
        }


class ReissueForm(forms.Form):
    """Voter passes to issue again (the old links stop working); none means issue the missing ones."""

    reissue = forms.ModelMultipleChoiceField(queryset=None, to_field_name="code", required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reissue"].queryset = units


class VoteForm(forms.Form):
    """A paper cast on a phone: the ballot, the chosen options (codes) or an abstention."""

    ballot = forms.ModelChoiceField(
        queryset=None,
        error_messages={
            "required": "Nội dung biểu quyết không thuộc hội nghị của bạn.",
            "invalid_choice": "Nội dung biểu quyết không thuộc hội nghị của bạn.",
        },
    )
    choice = forms.MultipleChoiceField(required=False)
    abstain = forms.BooleanField(required=False)

    def __init__(self, *args, ballots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ballot"].queryset = ballots
        # Options are checked against the ballot by the service (vote_cast); here they are only text.
        self.fields["choice"].choices = [(c, c) for c in self.data.getlist("choice")] if self.data else []

    def clean(self):
        data = super().clean()
        choices = data.get("choice") or []
        data["abstain"] = bool(data.get("abstain")) or "abstain" in choices
        data["choice"] = [c for c in choices if c != "abstain"]
        return data


class TokenForm(forms.Form):
    """The voting code of a delegate's card, typed or posted by the QR page's script."""

    token = forms.CharField(
        label="Mã bỏ phiếu trên thẻ",
        max_length=64,
        strip=True,
        error_messages={
            "required": "Hãy nhập mã bỏ phiếu in trên thẻ.",
            "max_length": "Mã bỏ phiếu không đúng.",
        },
    )


class ReceiptForm(forms.Form):
    """A receipt code to look for among the counted papers (posted, never in a URL)."""

    ma = forms.CharField(
        label="Mã biên nhận",
        max_length=16,
        strip=True,
        error_messages={
            "required": "Hãy nhập mã biên nhận.",
            "max_length": "Mã biên nhận có dạng ABCDE-23456.",
        },
    )

    def clean_ma(self):
        return self.cleaned_data["ma"].upper()
