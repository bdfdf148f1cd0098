from django import forms

from thidua.core.forms import StyledFormMixin
from thidua.organisations.models import Person, Unit
from thidua.portal.models import ArticleImage, Category


class ArticleForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label="Tiêu đề", max_length=300)
    slug = forms.CharField(
        label="Đường dẫn", max_length=300, required=False, help_text="Để trống: tạo từ tiêu đề (không dấu)."
    )
    category = forms.ModelChoiceField(label="Chuyên mục", queryset=Category.objects.all(), required=False)
    author_name = forms.CharField(label="Tác giả", max_length=150, required=False)
    summary = forms.CharField(label="Tóm tắt", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    cover = forms.ModelChoiceField(
        label="Ảnh đại diện", queryset=ArticleImage.objects.order_by("-created_at"), required=False
    )
    body = forms.CharField(
        label="Nội dung", widget=forms.HiddenInput(attrs={"id": "body-input"}), required=False
    )
    reason = forms.CharField(
        label="Lý do sửa bài đã xuất bản",
        max_length=1000,
        help_text="Bài đang đăng công khai: nội dung trước khi sửa được lưu thành một phiên bản, "
        "có thể khôi phục trong mục “Phiên bản trước”.",
    )

    def __init__(self, *args, published: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not published:
            # Only a published article needs a reason to change.
            del self.fields["reason"]


class VersionRestoreForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label="Lý do khôi phục", max_length=1000)


class TransitionForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label="Lý do", required=False, max_length=1000)
    published_at = forms.DateTimeField(
        label="Xuất bản lúc (để trống: ngay bây giờ)",
        required=False,
        input_formats=["%d/%m/%Y %H:%M", "%Y-%m-%dT%H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class ImageForm(forms.Form):
    file = forms.FileField(label="Ảnh")
    caption = forms.CharField(label="Chú thích", max_length=300, required=False)


class CategoryForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label="Tên chuyên mục", max_length=150)


class StoryForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label="Tiêu đề", max_length=300)
    unit = forms.ModelChoiceField(label="Đơn vị", queryset=None, required=False)
    person = forms.ModelChoiceField(label="Cá nhân", queryset=None, required=False)
    year = forms.IntegerField(label="Năm", min_value=1945, max_value=2100, required=False)
    summary = forms.CharField(label="Tóm tắt", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    body = forms.CharField(
        label="Nội dung", widget=forms.HiddenInput(attrs={"id": "body-input"}), required=False
    )
    is_published = forms.BooleanField(label="Công bố trên cổng thông tin", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.all()
        self.fields["person"].queryset = Person.objects.select_related("unit")


class ResultsForm(StyledFormMixin, forms.Form):
    intro = forms.CharField(label="Lời giới thiệu", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    published = forms.BooleanField(label="Công bố", required=False)
