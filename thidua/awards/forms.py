from django import forms

from thidua.awards.choices import Authority, AwardKind, CashRounding, Nature, QuotaRounding, SubjectKind
from thidua.awards.engine import RULES
from thidua.awards.pack_params import QUOTA_BASES, TRANSITIONS
from thidua.core.forms import DecimalCommaField, StyledFormMixin
from thidua.core.spreadsheets import validate_upload_size


class PackCopyForm(StyledFormMixin, forms.Form):
    code = forms.CharField(label="Mã bộ quy tắc mới", max_length=40, help_text="Ví dụ: luat-06-2026")
    name = forms.CharField(label="Tên", max_length=200)
    effective_from = forms.DateField(label="Có hiệu lực từ")
    legal_basis = forms.CharField(
        label="Căn cứ pháp lý", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    reason = forms.CharField(label="Lý do", required=False)


class PackParamsForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label="Tên", max_length=200)
    legal_basis = forms.CharField(label="Căn cứ pháp lý", widget=forms.Textarea(attrs={"rows": 3}))
    cash_rounding = forms.ChoiceField(label="Cách làm tròn tiền thưởng", choices=CashRounding.choices)
    cash_article = forms.CharField(label="Căn cứ làm tròn tiền thưởng", required=False)
    gov_flag_quota_ratio = forms.CharField(
        label="Tỉ lệ tối đa đề nghị Cờ thi đua của Chính phủ", help_text="Ví dụ 1/5"
    )
    gov_flag_quota_rounding = forms.ChoiceField(
        label="Làm tròn chỉ tiêu Cờ Chính phủ", choices=QuotaRounding.choices
    )
    gov_flag_quota_basis = forms.ChoiceField(label="Cơ sở tính tỉ lệ", choices=list(QUOTA_BASES.items()))
    gov_flag_quota_article = forms.CharField(label="Căn cứ chỉ tiêu", required=False)
    principles_article = forms.CharField(label="Căn cứ nguyên tắc chung", required=False)
    dissolved_article = forms.CharField(label="Căn cứ không khen đơn vị đã giải thể", required=False)
    dossier_article = forms.CharField(label="Căn cứ thành phần hồ sơ đề nghị khen thưởng", required=False)
    once_article = forms.CharField(
        label="Căn cứ: một thành tích khen một lần, lần sau tính từ quyết định trước", required=False
    )
    transition = forms.ChoiceField(
        label="Quy định chuyển tiếp", choices=list(TRANSITIONS.items()), required=False
    )
    transition_article = forms.CharField(label="Căn cứ quy định chuyển tiếp", required=False)
    women_priority_article = forms.CharField(
        label="Căn cứ ưu tiên nữ khi ngang thành tích",
        required=False,
        help_text="Ví dụ: Nghị định 152/2025/NĐ-CP, Điều 4.6; để trống nếu không có quy định này.",
    )
    reason = forms.CharField(label="Lý do thay đổi", required=False)

    PARAM_FIELDS = (
        "cash_rounding",
        "cash_article",
        "gov_flag_quota_ratio",
        "gov_flag_quota_rounding",
        "gov_flag_quota_basis",
        "gov_flag_quota_article",
        "principles_article",
        "dissolved_article",
        "dossier_article",
        "once_article",
        "transition",
        "transition_article",
        "women_priority_article",
    )


RULE_CHOICES = [(code, f"{label} ({code})") for code, (label, _f) in RULES.items()]
PARAMS_HELP = (
    'Chỉ các tham số mà quy tắc đọc. Quy tắc “conditions”: {"all": [...]} hoặc {"any": [...]} '
    'gồm các điều kiện như {"predicate": "rating", "min_rating": "HTXS"}, '
    '{"predicate": "initiatives", "count": 1}; chỉ tiêu: cap_ratio, cap_rounding.'
)


class AwardCreateForm(StyledFormMixin, forms.Form):
    code = forms.CharField(label="Mã", max_length=30, help_text="Chữ thường không dấu, ví dụ bk_tinh_moi")
    name = forms.CharField(label="Tên danh hiệu, hình thức khen thưởng", max_length=200)
    kind = forms.ChoiceField(label="Loại", choices=AwardKind.choices)
    subject = forms.ChoiceField(label="Đối tượng", choices=SubjectKind.choices)
    authority = forms.ChoiceField(
        label="Thẩm quyền quyết định", choices=[("", "—"), *Authority.choices], required=False
    )
    authority_vertical = forms.ChoiceField(
        label="Thẩm quyền quyết định đối với đơn vị ngành dọc",
        choices=[("", "— (như thẩm quyền quyết định)"), *Authority.choices],
        required=False,
        help_text=(
            "Đơn vị có cơ quan chủ quản là bộ, ngành trung ương (tòa án, viện kiểm sát, công an, quân sự, "
            "thi hành án dân sự…): Luật Thi đua, khen thưởng 2022, Điều 79–80."
        ),
        error_messages={"invalid_choice": "Thẩm quyền quyết định đối với đơn vị ngành dọc không hợp lệ."},
    )
    rank = forms.IntegerField(label="Thứ bậc", initial=20, min_value=0, max_value=100)
    default_nature = forms.ChoiceField(label="Tính chất thường gặp", choices=Nature.choices)
    description = forms.CharField(label="Mô tả", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    reason = forms.CharField(label="Lý do", required=False)

    def clean_authority(self):
        # Required with the service's own message (bad input → Vietnamese message).
        return self.cleaned_data["authority"]


class EntryCreateForm(StyledFormMixin, forms.Form):
    award = forms.ChoiceField(label="Danh hiệu, hình thức khen thưởng")
    rule = forms.ChoiceField(label="Quy tắc xét", choices=RULE_CHOICES)
    article = forms.CharField(label="Điều khoản căn cứ", max_length=255)
    criteria_text = forms.CharField(
        label="Tiêu chuẩn (diễn giải)", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    params = forms.JSONField(
        label="Tham số (JSON)", widget=forms.Textarea(attrs={"rows": 5}), initial=dict, help_text=PARAMS_HELP
    )
    cash_coefficient = DecimalCommaField(label="Hệ số tiền thưởng", max_digits=5, decimal_places=2)
    council_ratio = forms.CharField(label="Tỉ lệ tán thành của Hội đồng", required=False)
    council_article = forms.CharField(label="Căn cứ tỉ lệ tán thành", required=False)
    deadline = forms.CharField(label="Hạn gửi hồ sơ lên cấp trên (ngày/tháng)", max_length=5, required=False)
    deadline_article = forms.CharField(label="Căn cứ hạn gửi hồ sơ", required=False)
    reason = forms.CharField(label="Lý do", required=False)

    def __init__(self, *args, awards=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["award"].choices = [(a.code, a.name) for a in awards]


class EntryForm(StyledFormMixin, forms.Form):
    rule = forms.ChoiceField(label="Quy tắc xét", choices=RULE_CHOICES)
    article = forms.CharField(label="Điều khoản căn cứ", max_length=255)
    criteria_text = forms.CharField(label="Tiêu chuẩn (diễn giải)", widget=forms.Textarea(attrs={"rows": 3}))
    params = forms.JSONField(
        label="Tham số (JSON)", widget=forms.Textarea(attrs={"rows": 5}), help_text=PARAMS_HELP
    )
    cash_coefficient = DecimalCommaField(label="Hệ số tiền thưởng", max_digits=5, decimal_places=2)
    council_ratio = forms.CharField(
        label="Tỉ lệ tán thành của Hội đồng", required=False, help_text="Ví dụ 4/5; trống nếu không bỏ phiếu"
    )
    council_article = forms.CharField(label="Căn cứ tỉ lệ tán thành", required=False)
    enabled = forms.BooleanField(label="Áp dụng", required=False)
    deadline = forms.CharField(
        label="Hạn gửi hồ sơ lên cấp trên (ngày/tháng)", max_length=5, required=False, help_text="Ví dụ 30/06"
    )
    deadline_years_after = forms.IntegerField(
        label="Hạn thuộc năm thứ mấy sau năm thành tích", min_value=0, max_value=5, initial=1
    )
    deadline_article = forms.CharField(label="Căn cứ hạn gửi hồ sơ", required=False)
    reason = forms.CharField(label="Lý do thay đổi", required=False)


class SalaryForm(StyledFormMixin, forms.Form):
    effective_from = forms.DateField(label="Áp dụng từ")
    amount = forms.IntegerField(label="Mức lương cơ sở (đồng)")
    legal_ref = forms.CharField(label="Căn cứ", required=False)


class ImportForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label="Tệp Excel (.xlsx) hoặc CSV", validators=[validate_upload_size])


class HistoryFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label="Tìm", required=False)
    year = forms.IntegerField(label="Năm", required=False, min_value=1990, max_value=2200)
    subject = forms.ChoiceField(
        label="Đối tượng", choices=[("", "Tất cả"), *SubjectKind.choices], required=False
    )
    award = forms.ChoiceField(label="Khen thưởng", required=False)

    def __init__(self, *args, awards=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["award"].choices = [("", "Mọi khen thưởng"), *((a.code, a.name) for a in awards)]
        self.fields["subject"].choices = [("", "Mọi đối tượng"), *SubjectKind.choices]
        self.fields["year"].widget.attrs.update(
            {"placeholder": "Năm thành tích", "aria-label": "Năm thành tích"}
        )
        self.fields["subject"].widget.attrs["aria-label"] = "Đối tượng"
        self.fields["award"].widget.attrs["aria-label"] = "Khen thưởng"


class ServicePeriodForm(StyledFormMixin, forms.Form):
    """A person's period of service in a unit (the person is the page's)."""

    unit = forms.ModelChoiceField(label="Đơn vị công tác", queryset=None, to_field_name="code")
    started_on = forms.DateField(label="Từ ngày")
    ended_on = forms.DateField(label="Đến ngày", required=False, help_text="Để trống nếu vẫn đang công tác.")
    note = forms.CharField(label="Ghi chú", max_length=300, required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
