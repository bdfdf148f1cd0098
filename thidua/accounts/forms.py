from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm

from thidua.accounts.choices import Role
from thidua.accounts.models import unit_model
from thidua.core.forms import StyledFormMixin


class LoginForm(StyledFormMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": "Tên đăng nhập hoặc mật khẩu không đúng.",
        "inactive": "Tài khoản đã bị khóa.",
    }


class OwnPasswordForm(StyledFormMixin, PasswordChangeForm):
    pass


class UserForm(StyledFormMixin, forms.Form):
    username = forms.CharField(label="Tên đăng nhập", max_length=150)
    full_name = forms.CharField(label="Họ và tên", max_length=150)
    email = forms.EmailField(label="Thư điện tử", required=False)
    unit = forms.ModelChoiceField(label="Đơn vị", queryset=None, required=False)
    position = forms.CharField(label="Chức vụ", required=False)
    phone = forms.CharField(label="Điện thoại", required=False)
    roles = forms.MultipleChoiceField(
        label="Vai trò", choices=Role.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    password = forms.CharField(
        label="Mật khẩu",
        widget=forms.PasswordInput,
        required=False,
        help_text="Bắt buộc khi tạo tài khoản; để trống khi sửa nếu không đổi.",
    )
    is_active = forms.BooleanField(label="Đang hoạt động", required=False, initial=True)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = unit_model().objects.filter(dissolved_on__isnull=True)
        self.fields["roles"].widget.attrs["class"] = ""
        if editing:
            self.fields["username"].disabled = True
            self.fields["reset_second_factor"] = forms.BooleanField(
                label="Gỡ xác thực hai bước (khi người dùng mất điện thoại)",
                required=False,
                help_text="Người dùng sẽ bật lại bằng mã QR ở lần đăng nhập sau.",
            )
        else:
            self.fields["password"].required = True
            del self.fields["is_active"]


class TokenForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label="Tên mã truy cập", max_length=100)
    read_only = forms.BooleanField(
        label="Chỉ đọc",
        required=False,
        help_text="Mã chỉ đọc không dùng được để thêm, sửa hay xóa dữ liệu.",
    )


class OtpForm(StyledFormMixin, forms.Form):
    token = forms.RegexField(
        label="Mã xác thực",
        max_length=12,
        regex=r"^[0-9 ]{6,12}$",
        error_messages={"invalid": "Mã xác thực gồm 6 chữ số (hoặc 10 chữ số của một mã dự phòng)."},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class ProfileForm(StyledFormMixin, forms.Form):
    full_name = forms.CharField(label="Họ và tên", max_length=150)
    email = forms.EmailField(label="Thư điện tử", required=False, max_length=254)
    phone = forms.RegexField(
        label="Điện thoại",
        required=False,
        max_length=30,
        regex=r"^[0-9 +().-]*$",
        error_messages={"invalid": "Số điện thoại chỉ gồm chữ số, dấu cách và + ( ) . -"},
    )
    position = forms.CharField(label="Chức vụ", required=False, max_length=150)
    email_reminders = forms.BooleanField(
        label="Nhận nhắc hạn qua thư điện tử (nhắc hạn vẫn hiện trong ứng dụng)", required=False
    )
