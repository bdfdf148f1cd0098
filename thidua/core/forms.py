from django import forms
from django.contrib import messages


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


class AuditFilterForm(StyledFormMixin, forms.Form):
    object_type = forms.CharField(label="Loại đối tượng", required=False)
    object_id = forms.CharField(label="Mã đối tượng", required=False)
    actor = forms.CharField(label="Người thực hiện", required=False)
    action = forms.CharField(label="Hành động", required=False)
    date_from = forms.DateField(label="Từ ngày", required=False)
    date_to = forms.DateField(label="Đến ngày", required=False)

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
