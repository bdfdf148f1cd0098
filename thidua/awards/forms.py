from django import forms

from thidua.awards.choices import CashRounding, QuotaRounding, SubjectKind
from thidua.awards.pack_params import QUOTA_BASES
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
    )


class EntryForm(StyledFormMixin, forms.Form):
    article = forms.CharField(label="Điều khoản căn cứ", max_length=255)
    criteria_text = forms.CharField(label="Tiêu chuẩn (diễn giải)", widget=forms.Textarea(attrs={"rows": 3}))
    params = forms.JSONField(label="Tham số (JSON)", widget=forms.Textarea(attrs={"rows": 4}))
    cash_coefficient = DecimalCommaField(label="Hệ số tiền thưởng", max_digits=5, decimal_places=2)
    council_ratio = forms.CharField(
        label="Tỉ lệ tán thành của Hội đồng", required=False, help_text="Ví dụ 4/5; trống nếu không bỏ phiếu"
    )
    council_article = forms.CharField(label="Căn cứ tỉ lệ tán thành", required=False)
    enabled = forms.BooleanField(label="Áp dụng", required=False)
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
