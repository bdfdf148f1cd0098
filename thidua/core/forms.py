from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib import messages

from thidua.core.text_guard import no_control_characters, without_null_validator


class StyledFormMixin:
    """Adds Bootstrap classes to every widget so templates can render fields plainly."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()
            if isinstance(field, forms.DateField):
                widget.attrs.setdefault("placeholder", "dd/mm/yyyy")
            if isinstance(field, forms.CharField) and no_control_characters not in field.validators:
                # NUL and other control characters, with one Vietnamese message
                field.validators = [*without_null_validator(field.validators), no_control_characters]


def parse_decimal(value) -> Decimal:
    """'90,5', '90.5', ' 0,2 ' and numbers → a finite Decimal; anything else raises ValueError.
    Vietnamese writes a decimal comma, but a point typed out of habit must work too."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, float):
        value = repr(value)
    try:
        number = Decimal(str(value).strip().replace(" ", "").replace(",", "."))
    except InvalidOperation as exc:
        raise ValueError(value) from exc
    if not number.is_finite():
        raise ValueError(value)
    return number


def format_decimal(value) -> str:
    """A number as Vietnamese writes it, without useless zeros: 90 → "90", 0.2 → "0,2"."""
    text = f"{parse_decimal(value):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


class DecimalCommaInput(forms.TextInput):
    """A text box for a number: shows "90,5", and phones open their numeric keyboard with a
    decimal key (a type="number" box would refuse the comma in some browsers)."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, Decimal | float | int) and not isinstance(value, bool):
            return format_decimal(value)
        return super().format_value(value)


class DecimalCommaField(forms.DecimalField):
    """A decimal typed with a comma ("0,2", "90,5") or a point; the limits in its messages are
    written with a comma too. Cleans to ``Decimal``."""

    widget = DecimalCommaInput
    default_error_messages = {
        "invalid": "“%(value)s” không phải là số (ví dụ 90,5).",
        "max_digits": "Số có tối đa %(max)s chữ số.",
        "max_decimal_places": "Chỉ lấy tối đa %(max)s chữ số sau dấu phẩy.",
        "max_whole_digits": "Phần nguyên có tối đa %(max)s chữ số.",
    }

    def __init__(self, *, min_value=None, max_value=None, **kwargs):
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)
        # Without placeholders: a field's own message replaces the validator's "0.49".
        if min_value is not None and "min_value" not in (kwargs.get("error_messages") or {}):
            self.error_messages["min_value"] = f"Giá trị phải từ {format_decimal(min_value)} trở lên."
        if max_value is not None and "max_value" not in (kwargs.get("error_messages") or {}):
            self.error_messages["max_value"] = f"Giá trị không được vượt quá {format_decimal(max_value)}."

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_decimal(value)
        except ValueError as exc:
            raise forms.ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": str(value).strip()}
            ) from exc


class AuditFilterForm(StyledFormMixin, forms.Form):
    object_type = forms.CharField(label="Loại đối tượng", required=False)
    object_id = forms.CharField(label="Mã đối tượng", required=False)
    actor = forms.CharField(label="Người thực hiện", required=False)
    action = forms.CharField(label="Hành động", required=False)
    date_from = forms.DateField(label="Từ ngày", required=False)
    date_to = forms.DateField(label="Đến ngày", required=False)
    security = forms.BooleanField(
        label="Chỉ sự kiện an ninh (đăng nhập, từ chối truy cập, tải tệp, mã API)", required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "“Đến ngày” phải sau “Từ ngày”.")
        return data


class ReasonForm(forms.Form):
    """A reason typed with an action (send back, reopen, amend…); the service decides whether it is
    required. Bounded, and refused when it carries control characters."""

    reason = forms.CharField(
        label="Lý do",
        required=False,
        max_length=2000,
        error_messages={"max_length": "Lý do dài quá %(limit_value)d ký tự."},
    )


class MoveForm(forms.Form):
    """Up or down among siblings (agreement contents, rubric items)."""

    direction = forms.ChoiceField(
        choices=[("up", "Lên"), ("down", "Xuống")],
        error_messages={"required": "Chọn hướng di chuyển.", "invalid_choice": "Chọn hướng di chuyển."},
    )


def form_errors_to_messages(request, form) -> None:
    """Show a bound form's errors as page messages (for actions that redirect back)."""
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, message)
