from django import forms

from thidua.core import sane
from thidua.core.forms import StyledFormMixin
from thidua.organisations.choices import BlocKind, BlocLevel, Gender, PersonCategory, UnitKind
from thidua.organisations.models import Unit
from thidua.organisations.names import order_by_name_in, prefetch_names


def active_units():
    return Unit.objects.filter(dissolved_on__isnull=True)


class UnitForm(StyledFormMixin, forms.Form):
    code = forms.CharField(label="Mã đơn vị", max_length=30, help_text="Chữ in hoa không dấu, ví dụ TAND.")
    name = forms.CharField(label="Tên đầy đủ", max_length=255)
    short_name = forms.CharField(label="Tên viết tắt", max_length=100, required=False)
    parent_body = forms.CharField(label="Cơ quan chủ quản", max_length=255, required=False)
    kind = forms.ChoiceField(label="Loại đơn vị", choices=UnitKind.choices)
    established_on = forms.DateField(label="Ngày thành lập", required=False)


class UnitRenameForm(StyledFormMixin, forms.Form):
    new_name = forms.CharField(label="Tên mới", max_length=255)
    new_short_name = forms.CharField(label="Tên viết tắt mới", max_length=100, required=False)
    effective_on = forms.DateField(label="Hiệu lực từ ngày")
    decision_ref = forms.CharField(label="Căn cứ (số quyết định)", max_length=255, required=False)
    reason = forms.CharField(label="Ghi chú", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class UnitDissolveForm(StyledFormMixin, forms.Form):
    effective_on = forms.DateField(label="Ngày giải thể / sáp nhập")
    successor = forms.ModelChoiceField(
        label="Đơn vị kế thừa (nếu sáp nhập)", queryset=Unit.objects.none(), required=False
    )
    merged = forms.BooleanField(label="Sáp nhập vào đơn vị kế thừa", required=False)
    decision_ref = forms.CharField(label="Căn cứ (số quyết định)", max_length=255, required=False)
    reason = forms.CharField(label="Lý do", widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = active_units()
        if unit is not None:
            qs = qs.exclude(pk=unit.pk)
        self.fields["successor"].queryset = qs


class BlocForm(StyledFormMixin, forms.Form):
    code = forms.CharField(label="Mã khối", max_length=30)
    name = forms.CharField(label="Tên khối / cụm", max_length=255)
    short_name = forms.CharField(label="Tên ngắn", max_length=100, required=False)
    kind = forms.ChoiceField(label="Loại", choices=BlocKind.choices)
    sector = forms.CharField(label="Lĩnh vực", max_length=150, required=False)
    level = forms.ChoiceField(label="Cấp tổ chức", choices=BlocLevel.choices)
    organiser = forms.CharField(label="Cơ quan tổ chức", max_length=255)
    description = forms.CharField(label="Mô tả", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class RotationForm(StyledFormMixin, forms.Form):
    codes = forms.CharField(
        label="Thứ tự luân phiên (mỗi dòng một mã đơn vị)",
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
    )
    reason = forms.CharField(label="Lý do", required=False)

    def clean_codes(self):
        codes = [c.strip().upper() for c in self.cleaned_data["codes"].splitlines() if c.strip()]
        found = {u.code: u for u in Unit.objects.filter(code__in=codes)}
        missing = [c for c in codes if c not in found]
        if missing:
            raise forms.ValidationError(f"Không có đơn vị mã: {', '.join(missing)}.")
        return [found[c] for c in codes]


class BlocYearForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label="Năm", validators=[sane.validate_bloc_year])
    units = forms.ModelMultipleChoiceField(
        label="Đơn vị thành viên", queryset=Unit.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    leader = forms.ModelChoiceField(label="Trưởng khối", queryset=Unit.objects.none(), required=False)
    deputy = forms.ModelChoiceField(label="Phó khối", queryset=Unit.objects.none(), required=False)
    notes = forms.CharField(label="Ghi chú", widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("units", "leader", "deputy"):
            self.fields[name].queryset = Unit.objects.all()
        self.fields["units"].widget.attrs["class"] = ""


class AddMembersForm(StyledFormMixin, forms.Form):
    units = forms.ModelMultipleChoiceField(label="Thêm đơn vị", queryset=Unit.objects.none())

    def __init__(self, *args, exclude_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = Unit.objects.exclude(pk__in=exclude_ids)


class LeadershipForm(StyledFormMixin, forms.Form):
    leader = forms.ModelChoiceField(label="Trưởng khối", queryset=Unit.objects.none(), required=False)
    deputy = forms.ModelChoiceField(label="Phó khối", queryset=Unit.objects.none(), required=False)
    reason = forms.CharField(label="Lý do / căn cứ", required=False)

    def __init__(self, *args, member_ids=(), year=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = Unit.objects.filter(pk__in=member_ids)
        if year is not None:
            # Members are offered under the name they bore that year, in that order.
            qs = order_by_name_in(qs.prefetch_related(prefetch_names("")), year, "")
        for name in ("leader", "deputy"):
            self.fields[name].queryset = qs
            if year is not None:
                self.fields[name].label_from_instance = lambda unit: unit.name_in_year(year)


class RemoveMemberForm(StyledFormMixin, forms.Form):
    unit = forms.ModelChoiceField(label="Đơn vị", queryset=Unit.objects.all(), to_field_name="code")
    reason = forms.CharField(label="Lý do", required=False)


class PersonForm(StyledFormMixin, forms.Form):
    full_name = forms.CharField(label="Họ và tên", max_length=150)
    gender = forms.ChoiceField(label="Giới tính", choices=Gender.choices)
    birth_date = forms.DateField(label="Ngày sinh", required=False)
    unit = forms.ModelChoiceField(label="Đơn vị", queryset=Unit.objects.none())
    position = forms.CharField(label="Chức vụ", max_length=150, required=False)
    category = forms.ChoiceField(
        label="Đối tượng (thống kê khen thưởng)",
        choices=[("", "— Chưa xếp —"), *PersonCategory.choices],
        required=False,
        help_text="Nhóm đối tượng trong biểu thống kê 0602.N, 0603.N của Bộ Nội vụ.",
    )
    is_active = forms.BooleanField(label="Đang công tác", required=False, initial=True)
    publication_consent = forms.BooleanField(
        label="Đồng ý công bố khen thưởng trên cổng thông tin",
        required=False,
        help_text="Chỉ khi cá nhân đồng ý, họ tên và khen thưởng mới hiện trên trang tra cứu công khai.",
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else active_units()


class _OfferedChoice(forms.ChoiceField):
    """A choice offered from a list, judged by the service (which names the unit in its refusal)."""

    def valid_value(self, value):
        return True


class SecretaryForm(StyledFormMixin, forms.Form):
    """Names the bloc secretary of the year's leader unit: an existing account of that unit, or
    a new account created there and then."""

    username = _OfferedChoice(label="Tài khoản có sẵn của đơn vị trưởng khối", required=False)
    new_username = forms.CharField(
        label="Hoặc tạo tài khoản mới: tên đăng nhập", max_length=150, required=False
    )
    full_name = forms.CharField(label="Họ và tên", max_length=150, required=False)
    position = forms.CharField(label="Chức vụ", max_length=150, required=False)

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].choices = [("", "— chọn —")] + [
            (u.username, f"{u.get_full_name()} ({u.username})") for u in candidates
        ]
