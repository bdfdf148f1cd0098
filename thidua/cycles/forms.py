import datetime as dt
from decimal import Decimal

from django import forms
from django.core.exceptions import PermissionDenied

from thidua.core import sane
from thidua.core.errors import error_messages
from thidua.core.forms import DecimalCommaField, StyledFormMixin, parse_decimal
from thidua.core.spreadsheets import validate_upload_size
from thidua.cycles.choices import (
    ADVANCE_ACTIONS,
    STAGE_ORDER,
    LaunchLevel,
    MovementKind,
    MovementScope,
    RubricItemKind,
    Stage,
)
from thidua.cycles.models import Programme, RubricItem
from thidua.organisations.bloc_settings import (
    AGGREGATIONS,
    APPROVAL_BASES,
    AUTO_CLOSE_STAGES,
    CLOSE_OUT_MODES,
    RATING_RANK,
    RATINGS,
    REVIEWER_MODES,
    TIE_BREAKS,
    rating_name,
)


class ReasonForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label="Lý do", widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )


class RegulationsForm(StyledFormMixin, forms.Form):
    text = forms.CharField(
        label="Nội dung quy chế",
        widget=forms.Textarea(attrs={"rows": 14}),
        required=False,
        help_text="Dòng viết IN HOA được in đậm như tiêu đề chương, điều trong văn bản Word.",
    )
    file = forms.FileField(label="Tệp quy chế (PDF, Word)", required=False)
    remove_file = forms.BooleanField(label="Gỡ tệp đã tải lên", required=False)


class SettingsForm(StyledFormMixin, forms.Form):
    """The plain fields of the settings page; the bands and the tie-break order are the formsets
    of ``SettingsEditor``."""

    scoring_total = DecimalCommaField(label="Tổng điểm chấm", min_value=1, decimal_places=2)
    reviewer_mode = forms.ChoiceField(label="Cách chấm điểm", choices=list(REVIEWER_MODES.items()))
    aggregation = forms.ChoiceField(
        label="Tổng hợp điểm nhiều người chấm", choices=list(AGGREGATIONS.items())
    )
    trim_ratio = DecimalCommaField(
        label="Tỉ lệ cắt bỏ cực trị (trung bình cắt)",
        min_value=0,
        max_value=Decimal("0.49"),
        decimal_places=2,
        help_text="Phần số người chấm bỏ đi ở mỗi đầu (cao nhất, thấp nhất), ví dụ 0,2.",
    )
    disagreement_percent = DecimalCommaField(
        label="Chênh lệch giữa người chấm phải thống nhất (% điểm tối đa của tiêu chí)",
        min_value=Decimal("0.01"),
        max_value=100,
        decimal_places=2,
        help_text="Vượt mức này, bảng điểm chỉ chốt được sau khi thống nhất điểm có ghi lý do (mặc định 15).",
    )
    blind_review = forms.BooleanField(
        label="Chấm độc lập: người chấm chỉ thấy điểm của nhau khi tất cả đã chấm xong", required=False
    )
    auto_close = forms.MultipleChoiceField(
        label="Bước tự đóng vào ngày sau hạn",
        choices=list(AUTO_CLOSE_STAGES.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Năm thi đua tự chuyển sang bước sau; người chấm và đơn vị được nhắc trước 7 ngày và 1 ngày.",
    )
    close_out_mode = forms.ChoiceField(
        label="Đơn vị không nộp bảng điểm (khi thư ký khối kết thúc)", choices=list(CLOSE_OUT_MODES.items())
    )
    fallback_band = forms.ChoiceField(
        label="Đơn vị không đạt mức nào ở trên được xếp loại",
        choices=[(code, rating_name(code)) for code in RATINGS],
    )
    ballot_secret = forms.BooleanField(label="Bỏ phiếu kín", required=False)
    quorum = forms.CharField(label="Tỉ lệ thành viên tối thiểu dự họp", help_text="Ví dụ 2/3")
    approval_base = forms.ChoiceField(label="Tỉ lệ tán thành tính", choices=list(APPROVAL_BASES.items()))
    approval_ratio = forms.CharField(label="Tỉ lệ tán thành", help_text="Ví dụ 1/2")
    approval_strict = forms.BooleanField(label="Phải vượt (không chỉ bằng) tỉ lệ tán thành", required=False)
    provincial_flags = forms.IntegerField(label="Số Cờ thi đua cấp tỉnh khối được đề nghị", min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for stage in STAGE_ORDER[1:]:
            label = f"Hạn: {Stage(stage).label}"
            self.fields[f"deadline_{stage}"] = forms.DateField(
                label=label, required=False, validators=[sane.period_date(label)]
            )
            self.fields[f"deadline_{stage}"].widget.attrs.update(
                {"class": "form-control", "placeholder": "dd/mm/yyyy"}
            )

    @staticmethod
    def initial_from(cfg) -> dict:
        data = cfg.to_json()
        data["disagreement_percent"] = Decimal(str(cfg.disagreement_threshold)) * 100
        for stage, day in cfg.deadlines.items():
            data[f"deadline_{stage}"] = dt.date.fromisoformat(day)
        return data

    def deadline_fields(self):
        return [self[name] for name in self.fields if name.startswith("deadline_")]

    def to_settings(self, current: dict) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if not k.startswith("deadline_")}
        data["scoring_total"] = float(data["scoring_total"])
        data["trim_ratio"] = float(data["trim_ratio"])
        data["disagreement_threshold"] = float(data.pop("disagreement_percent") / 100)
        data["deadlines"] = {
            stage: self.cleaned_data[f"deadline_{stage}"].isoformat()
            for stage in STAGE_ORDER[1:]
            if self.cleaned_data.get(f"deadline_{stage}")
        }
        return {**current, **data}


class BandForm(StyledFormMixin, forms.Form):
    """One row of the grading table: a rating, the total it needs and the share of every
    criterion's maximum it needs (typed as a percentage, stored as a ratio)."""

    code = forms.ChoiceField(
        label="Mức xếp loại",
        choices=[("", "— Chọn mức —"), *((code, rating_name(code)) for code in RATINGS)],
        error_messages={"required": "Hãy chọn mức xếp loại."},
    )
    min_total = DecimalCommaField(
        label="Tổng điểm tối thiểu",
        min_value=0,
        decimal_places=2,
        error_messages={"required": "Hãy nhập tổng điểm tối thiểu."},
    )
    min_each_percent = DecimalCommaField(
        label="Mỗi tiêu chí đạt tối thiểu (% điểm tối đa)",
        min_value=0,
        max_value=100,
        decimal_places=2,
        error_messages={"required": "Hãy nhập phần trăm điểm tối đa mỗi tiêu chí phải đạt."},
    )

    def to_band(self) -> dict:
        data = self.cleaned_data
        return {
            "code": data["code"],
            "label": RATINGS[data["code"]],
            "min_total": float(data["min_total"]),
            "min_each_ratio": float(data["min_each_percent"] / 100),
        }


class BaseBandFormSet(forms.BaseFormSet):
    default_error_messages = {"too_many_forms": "Chỉ có tối đa %(num)d mức xếp loại."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.extra = 0 if self.initial else 1  # a blank row only when there is nothing to show

    @staticmethod
    def initial_from(cfg) -> list[dict]:
        return [
            {
                "code": band.code,
                "min_total": parse_decimal(band.min_total),
                "min_each_percent": parse_decimal(band.min_each_ratio) * 100,
            }
            for band in cfg.bands
        ]

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["DELETE"].label = "Xóa"
        form.fields["DELETE"].widget.attrs["class"] = "btn-check"

    def to_bands(self) -> list[dict]:
        """The kept rows, highest rating first (the order the scoring engine tries them in)."""
        kept = [f.to_band() for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        return sorted(kept, key=lambda band: RATING_RANK[band["code"]], reverse=True)


BandFormSet = forms.formset_factory(
    BandForm, formset=BaseBandFormSet, can_delete=True, max_num=len(RATINGS) - 1, validate_max=True
)


class TieBreakForm(forms.Form):
    """One rule of the tie-break chain: whether it is used; its place is the formset's ORDER."""

    rule = forms.ChoiceField(choices=list(TIE_BREAKS.items()), widget=forms.HiddenInput)
    used = forms.BooleanField(required=False, widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))

    def label(self) -> str:
        return TIE_BREAKS.get(self["rule"].value(), "")


class BaseTieBreakFormSet(forms.BaseFormSet):
    ordering_widget = forms.HiddenInput

    @staticmethod
    def initial_from(cfg) -> list[dict]:
        """The rules in use in their order, then the others (unticked) in the catalogue's order."""
        unused = [rule for rule in TIE_BREAKS if rule not in cfg.tie_break]
        return [{"rule": r, "used": True} for r in cfg.tie_break] + [
            {"rule": r, "used": False} for r in unused
        ]

    def clean(self):
        rules = [f.cleaned_data["rule"] for f in self.forms if "rule" in f.cleaned_data]
        if len(rules) != len(set(rules)):
            raise forms.ValidationError("Mỗi tiêu chí phân định chỉ được có một lần trong danh sách.")

    def rows(self) -> list:
        """The rows in their current order (as posted, or as stored), for display."""

        def position(form):
            try:
                return int(form["ORDER"].value())
            except (TypeError, ValueError):
                return len(self.forms) + 1

        return sorted(self.forms, key=position)

    def to_chain(self) -> list[str]:
        return [f.cleaned_data["rule"] for f in self.ordered_forms if f.cleaned_data["used"]]


TieBreakFormSet = forms.formset_factory(
    TieBreakForm, formset=BaseTieBreakFormSet, extra=0, can_order=True, max_num=len(TIE_BREAKS)
)


class SettingsEditor:
    """The settings page posted as one form: ``SettingsForm``, the band table (prefix "bands") and
    the tie-break list (prefix "tie"). Without JavaScript, the ↑/↓ buttons (``move`` =
    "rule:up"/"rule:down") and "Thêm mức" (``add_band``) post the page too: it comes back with the
    change made and nothing saved."""

    def __init__(self, data=None, *, cfg):
        self.current = cfg.to_json()
        self.redraw = data is not None and ("move" in data or "add_band" in data)
        if self.redraw:
            data = self._rearranged(data)
        self.form = SettingsForm(data, initial=SettingsForm.initial_from(cfg))
        self.bands = BandFormSet(data, prefix="bands", initial=BaseBandFormSet.initial_from(cfg))
        self.tie_breaks = TieBreakFormSet(data, prefix="tie", initial=BaseTieBreakFormSet.initial_from(cfg))
        self.band_errors: list[str] = []
        self.tie_errors: list[str] = []

    @staticmethod
    def _rearranged(data):
        data = data.copy()
        if "add_band" in data:
            try:
                total = int(data.get("bands-TOTAL_FORMS", 0))
            except ValueError:
                total = 0
            data["bands-TOTAL_FORMS"] = str(min(total + 1, BandFormSet.max_num))
        rule, _, direction = data.get("move", "").partition(":")
        try:
            count = int(data.get("tie-TOTAL_FORMS", 0))
        except ValueError:
            count = 0
        if rule and count <= len(TIE_BREAKS):

            def position(i):
                try:
                    return int(data.get(f"tie-{i}-ORDER"))
                except (TypeError, ValueError):
                    return count + 1

            order = sorted(range(count), key=position)
            rules = [data.get(f"tie-{i}-rule") for i in order]
            if rule in rules:
                at = rules.index(rule)
                to = at - 1 if direction == "up" else at + 1
                if 0 <= to < count:
                    order[at], order[to] = order[to], order[at]
            for place, i in enumerate(order, start=1):
                data[f"tie-{i}-ORDER"] = str(place)
        return data

    def is_valid(self) -> bool:
        if not self.form.is_bound or self.redraw:
            return False
        return all([self.form.is_valid(), self.bands.is_valid(), self.tie_breaks.is_valid()])

    def to_settings(self) -> dict:
        data = self.form.to_settings(self.current)
        data["bands"] = self.bands.to_bands()
        data["tie_break"] = self.tie_breaks.to_chain()
        return data

    def add_service_errors(self, exc) -> None:
        """A service's refusal shown where it belongs: band and tie-break messages above their
        table, the others on their field or on top of the page."""
        if isinstance(exc, PermissionDenied):
            self.form.add_error(None, str(exc) or "Bạn không có quyền thực hiện thao tác này.")
            return
        for field, messages in error_messages(exc).items():
            if field == "bands":
                self.band_errors.extend(messages)
            elif field == "tie_break":
                self.tie_errors.extend(messages)
            else:
                for message in messages:
                    self.form.add_error(field if field in self.form.fields else None, message)


class AgreementForm(StyledFormMixin, forms.Form):
    signed_on = forms.DateField(
        label="Ngày ký giao ước", required=False, validators=[sane.period_date("Ngày ký giao ước")]
    )
    signed_place = forms.CharField(label="Địa điểm ký", max_length=255, required=False)
    preamble = forms.CharField(
        label="Lời mở đầu (để trống dùng mẫu chuẩn)", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class KeyContentForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label="Nội dung trọng tâm", max_length=500)
    description = forms.CharField(label="Diễn giải", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class SignatureForm(StyledFormMixin, forms.Form):
    head_name = forms.CharField(label="Họ tên thủ trưởng", max_length=150, required=False)
    head_title = forms.CharField(label="Chức vụ", max_length=150, required=False)
    signed = forms.BooleanField(label="Đã ký", required=False)
    signed_on = forms.DateField(label="Ngày ký", required=False, validators=[sane.period_date("Ngày ký")])
    scan = forms.FileField(label="Bản quét (PDF, ảnh)", required=False)


class RubricItemForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label="Loại", choices=RubricItemKind.choices)
    parent = forms.ModelChoiceField(
        label="Thuộc", queryset=RubricItem.objects.none(), required=False, empty_label="(cấp cao nhất)"
    )
    code = forms.CharField(label="Mã", max_length=20)
    title = forms.CharField(label="Nội dung", max_length=500)
    max_points = DecimalCommaField(label="Điểm tối đa / mức trần", min_value=0, decimal_places=2, initial=0)
    evidence_required = forms.BooleanField(label="Bắt buộc minh chứng", required=False)
    guidance = forms.CharField(
        label="Hướng dẫn chấm", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    key_contents = forms.ModelMultipleChoiceField(label="Nội dung trọng tâm", queryset=None, required=False)

    def __init__(self, *args, rubric, exclude_kind=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = RubricItem.objects.filter(
            rubric=rubric, kind__in=["group", "criterion"]
        ).order_by("position")
        self.fields["parent"].label_from_instance = lambda i: f"{i.code}. {i.title[:70]}"
        self.fields["key_contents"].queryset = rubric.bloc_year.key_contents.order_by("position")
        self.fields["key_contents"].label_from_instance = lambda k: f"{k.position}. {k.title[:80]}"
        self.fields["key_contents"].widget.attrs["size"] = 5
        if exclude_kind:
            del self.fields["kind"]


class TotalForm(StyledFormMixin, forms.Form):
    total = DecimalCommaField(label="Tổng điểm", min_value=Decimal("0.01"), decimal_places=2)


class CopyForm(StyledFormMixin, forms.Form):
    source = forms.ChoiceField(label="Sao chép từ")

    def __init__(self, *args, rubrics=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [
            (
                r.pk,
                f"{r.bloc_year.bloc.short_name or r.bloc_year.bloc.name} – {r.bloc_year.year} (phiên bản {r.version})",
            )
            for r in rubrics
        ]


class ImportForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label="Tệp Excel (.xlsx) theo mẫu xuất", validators=[validate_upload_size])


class MovementForm(StyledFormMixin, forms.Form):
    title = forms.CharField(
        label="Tên phong trào, khẩu hiệu", max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    kind = forms.ChoiceField(label="Loại phong trào", choices=MovementKind.choices)
    # For the statistics (form 0601.N); most movements are the unit's own, so a registration that
    # leaves them out (an older client, a quick entry) is recorded at the agency level.
    launch_level = forms.ChoiceField(
        label="Cấp chủ trì phát động", choices=LaunchLevel.choices, initial=LaunchLevel.AGENCY, required=False
    )
    scope = forms.ChoiceField(
        label="Phạm vi tổ chức thi đua",
        choices=MovementScope.choices,
        initial=MovementScope.AGENCY,
        required=False,
    )

    def clean_launch_level(self):
        return self.cleaned_data.get("launch_level") or LaunchLevel.AGENCY

    def clean_scope(self):
        return self.cleaned_data.get("scope") or MovementScope.AGENCY

    starts_on = forms.DateField(label="Từ ngày", required=False)
    ends_on = forms.DateField(label="Đến ngày", required=False)
    programmes = forms.ModelMultipleChoiceField(
        label="Gắn với chương trình",
        queryset=Programme.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    targets = forms.CharField(
        label="Chỉ tiêu đăng ký", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programmes"].widget.attrs["class"] = "form-check-input"


class ProgrammeForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label="Tên chương trình", max_length=300)
    description = forms.CharField(label="Mô tả", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    position = forms.IntegerField(label="Thứ tự", min_value=0, initial=0, required=False)
    is_active = forms.BooleanField(label="Đang dùng", required=False, initial=True)


class AdvanceForm(ReasonForm):
    """One step forward in the year's workflow (a key of ADVANCE_ACTIONS) with an optional reason."""

    action = forms.ChoiceField(
        choices=[(key, label) for key, (_from, _to, label) in ADVANCE_ACTIONS.items()],
        error_messages={
            "required": "Bước chuyển không hợp lệ.",
            "invalid_choice": "Bước chuyển không hợp lệ.",
        },
    )


class DocumentFormatForm(forms.Form):
    format = forms.ChoiceField(choices=[("docx", "Word"), ("pdf", "PDF")], required=False)


class RubricSourceForm(forms.Form):
    """The rubric to copy from, among those the user may copy."""

    source = forms.ModelChoiceField(
        queryset=None,
        error_messages={
            "required": "Hãy chọn bộ tiêu chí để sao chép.",
            "invalid_choice": "Hãy chọn bộ tiêu chí để sao chép.",
        },
    )

    def __init__(self, *args, rubrics, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = rubrics
