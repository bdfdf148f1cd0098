from django import forms

from thidua.awards.choices import Authority
from thidua.awards.models import Award, AwardRecord
from thidua.core import sane
from thidua.core.forms import StyledFormMixin
from thidua.cycles.models import Movement
from thidua.organisations.models import Person, Unit
from thidua.organisations.names import order_by_name_in, prefetch_names
from thidua.proposals.choices import ProposalGround

DATE_INPUT = ["%d/%m/%Y", "%Y-%m-%d"]


class VoteAndGroundFields(StyledFormMixin, forms.Form):
    """The bloc's vote and the ground of the proposal (Law 06/2022 Art 73, 74), shared by the
    creation and the edit forms; ``bloc_year`` limits the movements to that year's."""

    vote_yes = forms.IntegerField(label="Số phiếu tán thành tại khối", required=False, min_value=0)
    vote_base = forms.IntegerField(label="Trên tổng số", required=False, min_value=1)
    vote_note = forms.CharField(label="Ghi chú biểu quyết", required=False, max_length=300)
    ground = forms.ChoiceField(
        label="Căn cứ đề nghị",
        choices=ProposalGround.choices,
        required=False,
        help_text="Bằng khen xét theo một trong các căn cứ (Luật TĐKT 2022, Điều 73, 74): theo tiêu chuẩn "
        "nhiều năm (kiểm tra từ dữ liệu), theo kết quả bình xét của khối (cần số phiếu) hoặc kết quả phong "
        "trào, theo đóng góp hoặc thành tích đột xuất (cần giải trình, Hội đồng xem xét).",
    )
    ground_justification = forms.CharField(
        label="Giải trình căn cứ, kết quả phong trào",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    ground_movement = forms.ModelChoiceField(
        label="Phong trào thi đua (với căn cứ phong trào)", queryset=Movement.objects.none(), required=False
    )

    def __init__(self, *args, bloc_year=None, **kwargs):
        super().__init__(*args, **kwargs)
        if bloc_year is not None:
            self.fields["ground_movement"].queryset = Movement.objects.filter(
                bloc_year=bloc_year
            ).select_related("unit")
            self.fields["ground_movement"].label_from_instance = lambda m: (
                f"{m.title} – {m.unit.short_name or m.unit.name}" if m.unit_id else m.title
            )


class ProposalCreateForm(VoteAndGroundFields):
    award = forms.ModelChoiceField(
        label="Hình thức khen thưởng", queryset=Award.objects.all(), to_field_name="code"
    )
    unit = forms.ModelChoiceField(
        label="Tập thể", queryset=Unit.objects.none(), required=False, to_field_name="code"
    )
    person = forms.ModelChoiceField(label="Cá nhân", queryset=Person.objects.none(), required=False)
    field_order = ["award", "unit", "person", "vote_yes", "vote_base", "vote_note", "ground"]

    def __init__(self, *args, bloc_year=None, **kwargs):
        super().__init__(*args, bloc_year=bloc_year, **kwargs)
        self.fields["ground"].initial = ProposalGround.CHECKABLE
        unit_ids = bloc_year.members.values_list("unit_id", flat=True) if bloc_year else []
        year = bloc_year.year if bloc_year else None
        units = Unit.objects.filter(pk__in=unit_ids)
        self.fields["unit"].queryset = (
            order_by_name_in(units.prefetch_related(prefetch_names("")), year, "") if year else units
        )
        self.fields["person"].queryset = (
            Person.objects.filter(unit_id__in=unit_ids, is_active=True)
            .select_related("unit")
            .prefetch_related(prefetch_names("unit"))
        )
        if year:
            self.fields["unit"].label_from_instance = lambda u: u.name_in_year(year)
        self.fields["person"].label_from_instance = lambda p: (
            f"{p.full_name} – {p.unit.short_name_in_year(year) if year else p.unit.short_name or p.unit.name}"
        )


class ProposalEditForm(VoteAndGroundFields):
    achievement_report = forms.CharField(
        label="Báo cáo thành tích", widget=forms.Textarea(attrs={"rows": 14})
    )
    field_order = ["achievement_report"]


class SubmitForm(StyledFormMixin, forms.Form):
    late_reason = forms.CharField(
        label="Lý do nộp sau hạn", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReturnForm(StyledFormMixin, forms.Form):
    # The service says what is missing (a reason is required to return a dossier).
    reason = forms.CharField(
        label="Lý do trả lại", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReceiveManyForm(forms.Form):
    proposals = forms.ModelMultipleChoiceField(queryset=None, to_field_name="uuid", required=False)
    next = forms.CharField(required=False, max_length=500)

    def __init__(self, *args, visible, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposals"].queryset = visible


class PublishForm(forms.Form):
    published = forms.BooleanField(required=False)


class CouncilVoteForm(StyledFormMixin, forms.Form):
    yes = forms.IntegerField(label="Số thành viên tán thành", min_value=0)
    members = forms.IntegerField(label="Tổng số thành viên Hội đồng", min_value=1)
    voted_on = forms.DateField(label="Ngày họp Hội đồng", input_formats=DATE_INPUT, required=False)


class ForwardForm(StyledFormMixin, forms.Form):
    letter_number = forms.CharField(label="Số tờ trình của tỉnh", max_length=60)
    forwarded_on = forms.DateField(label="Ngày gửi Bộ Nội vụ", input_formats=DATE_INPUT, required=False)
    late_reason = forms.CharField(label="Lý do gửi muộn (nếu quá hạn)", max_length=500, required=False)


class DecisionForm(StyledFormMixin, forms.Form):
    number = forms.CharField(label="Số quyết định", max_length=60)
    date = forms.DateField(label="Ngày quyết định", input_formats=DATE_INPUT)
    signer_name = forms.CharField(label="Người ký", max_length=150)
    signer_title = forms.CharField(label="Chức vụ người ký", max_length=150)
    authority = forms.ChoiceField(label="Thẩm quyền", choices=Authority.choices)
    authority_name = forms.CharField(label="Cơ quan ban hành", max_length=255, required=False)
    proposals = forms.MultipleChoiceField(
        label="Đề nghị được khen thưởng", widget=forms.CheckboxSelectMultiple, choices=[]
    )

    def __init__(self, *args, approved=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.approved = {str(p.uuid): p for p in approved}
        self.fields["proposals"].choices = [
            (str(p.uuid), f"{p.subject_name} – {p.award.name} {p.year}") for p in approved
        ]
        self.fields["proposals"].widget.attrs["class"] = "form-check-input"


class RoundSettingsForm(StyledFormMixin, forms.Form):
    bloc_deadline = forms.DateField(
        label="Hạn khối nộp hồ sơ",
        input_formats=DATE_INPUT,
        validators=[sane.period_date("Hạn khối nộp hồ sơ")],
    )
    council_members = forms.IntegerField(label="Số thành viên Hội đồng TĐKT tỉnh", min_value=1, max_value=200)
    central_deadline = forms.DateField(
        label="Hạn riêng của tỉnh gửi Bộ Nội vụ hồ sơ khen thưởng cấp Nhà nước",
        input_formats=DATE_INPUT,
        required=False,
        validators=[sane.period_date("Hạn gửi Bộ Nội vụ")],
        help_text="Chỉ khi tỉnh đặt hạn sớm hơn; để trống: theo hạn luật định của từng hình thức "
        "(Cờ thi đua của Chính phủ 30/06, Chiến sĩ thi đua toàn quốc 31/12 năm sau).",
    )
    notes = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ExemplaryForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label="Tiêu đề", max_length=255)
    year = forms.IntegerField(label="Năm", min_value=1990, validators=[sane.validate_year])
    unit = forms.ModelChoiceField(
        label="Tập thể", queryset=Unit.objects.all(), required=False, to_field_name="code"
    )
    person = forms.ModelChoiceField(
        label="Cá nhân", queryset=Person.objects.select_related("unit"), required=False
    )
    story = forms.CharField(label="Câu chuyện", widget=forms.Textarea(attrs={"rows": 8}))


class PhotoForm(StyledFormMixin, forms.Form):
    # Optional here: the service says "choose a photo" in the words the page uses.
    image = forms.FileField(label="Ảnh (JPEG hoặc PNG)", required=False)
    caption = forms.CharField(label="Chú thích", required=False, max_length=255)


class ExemplaryEditForm(StyledFormMixin, forms.Form):
    """Edit an exemplary model; linked awards are offered from the subject's own history only."""

    title = forms.CharField(label="Tiêu đề", max_length=255)
    year = forms.IntegerField(label="Năm", min_value=1990, validators=[sane.validate_year])
    story = forms.CharField(label="Câu chuyện", widget=forms.Textarea(attrs={"rows": 10}))
    awards = forms.ModelMultipleChoiceField(
        label="Khen thưởng liên quan",
        queryset=AwardRecord.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Chọn trong lịch sử khen thưởng của chính tập thể hoặc cá nhân này.",
        error_messages={
            "invalid_choice": "Khen thưởng đã chọn không có trong lịch sử khen thưởng của đối tượng này.",
            "invalid_pk_value": "Mã khen thưởng “%(pk)s” không hợp lệ.",
        },
    )

    def __init__(self, *args, model=None, **kwargs):
        super().__init__(*args, **kwargs)
        if model is not None:
            subject = {"unit": model.unit} if model.unit_id else {"person": model.person}
            self.fields["awards"].queryset = (
                AwardRecord.objects.in_force()
                .filter(**subject)
                .select_related("award")
                .order_by("-year", "-decision_date")
            )
        self.fields["awards"].label_from_instance = lambda r: (
            f"{r.award.name} năm {r.year} – Quyết định số {r.decision_number} ngày {r.decision_date:%d/%m/%Y}"
        )
        self.fields["awards"].widget.attrs["class"] = "form-check-input"


class CouncilMeetingForm(StyledFormMixin, forms.Form):
    """The Council's meeting: the number of members, the day, and one box per received proposal
    with the members in favour (``yes-<uuid>``; an empty box is a proposal not yet voted on)."""

    members = forms.IntegerField(
        label="Tổng số thành viên Hội đồng",
        min_value=1,
        max_value=999,
        error_messages={
            "required": "Nhập tổng số thành viên Hội đồng.",
            "invalid": "Nhập tổng số thành viên Hội đồng.",
            "min_value": "Hội đồng phải có ít nhất 1 thành viên.",
        },
    )
    voted_on = forms.DateField(
        label="Ngày họp (dd/mm/yyyy)",
        required=False,
        input_formats=["%d/%m/%Y"],
        error_messages={"invalid": "Ngày họp không đúng dạng dd/mm/yyyy."},
    )

    def __init__(self, *args, proposals, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposals = list(proposals)
        for p in self.proposals:
            self.fields[self.key(p)] = forms.IntegerField(
                label=f"Số thành viên tán thành: {p.subject_name}",
                required=False,
                min_value=0,
                error_messages={
                    "invalid": f"{p.subject_name}: không phải số phiếu.",
                    "min_value": f"{p.subject_name}: số phiếu không được âm.",
                },
            )

    @staticmethod
    def key(proposal) -> str:
        return f"yes-{proposal.uuid}"

    def rows(self):
        """(proposal, bound field) pairs for the table."""
        return [(p, self[self.key(p)]) for p in self.proposals]

    def votes(self) -> list[tuple]:
        """(proposal, members in favour) for every box filled in."""
        return [
            (p, self.cleaned_data[self.key(p)])
            for p in self.proposals
            if self.cleaned_data.get(self.key(p)) is not None
        ]


class CouncilSessionForm(StyledFormMixin, forms.Form):
    """A Council e-vote session: a name and the received proposals put to the vote."""

    title = forms.CharField(
        label="Tên phiên (để trống: tự đặt theo năm và ngày)", required=False, max_length=200
    )
    proposals = forms.ModelMultipleChoiceField(
        label="Đề nghị đưa ra biểu quyết",
        queryset=None,
        to_field_name="uuid",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Chọn ít nhất một đề nghị đang chờ Hội đồng xét.",
            "invalid_choice": "Đề nghị đã chọn không còn chờ Hội đồng xét.",
        },
    )

    def __init__(self, *args, waiting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposals"].queryset = waiting
        self.fields["proposals"].label_from_instance = lambda p: f"{p.subject_name} – {p.award.name}"


class CouncilBallotForm(forms.Form):
    """A member's vote on one proposal of an open session."""

    choice = forms.ChoiceField(
        choices=[("agree", "Đồng ý"), ("disagree", "Không đồng ý")],
        error_messages={
            "required": "Chọn “Đồng ý” hoặc “Không đồng ý”.",
            "invalid_choice": "Chọn “Đồng ý” hoặc “Không đồng ý”.",
        },
    )
