from django import forms

from thidua.core.forms import StyledFormMixin


class SignedCopyForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label="Tệp PDF đã ký số",
        help_text=(
            "Tải về bản PDF của văn bản, ký số trên máy của mình bằng thiết bị ký (USB token) của người "
            "có thẩm quyền, rồi tải lên tệp đã ký. Tệp phải giữ nguyên nội dung hệ thống đã tạo."
        ),
        error_messages={"required": "Chọn tệp PDF đã ký số để tải lên."},
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
