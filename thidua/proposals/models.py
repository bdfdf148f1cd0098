import dataclasses
import datetime as dt
import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from thidua.accounts.choices import Role
from thidua.awards.authority import deciding_authority
from thidua.core.models import Job, TimeStampedModel
from thidua.core.text import fold
from thidua.proposals.choices import (
    AT_COUNCIL,
    CENTRAL_AUTHORITIES,
    CouncilChannel,
    CouncilChoice,
    CouncilSessionStatus,
    DossierKind,
    ProposalGround,
    ProposalStatus,
    Source,
)


def _private_storage():

    return FileSystemStorage(location=settings.PRIVATE_STORAGE_ROOT)


LAW_2022_FROM = 2024  # Law 06/2022 judges achievements from 2024; the 2003 law (2013) before
LAW_2003 = "Luật Thi đua, khen thưởng 2003 (sửa đổi, bổ sung 2013)"


class RoundSettings(TimeStampedModel):
    """The provincial office's settings for one year's round of proposals: the deadline for the
    blocs' dossiers and the number of members of the Emulation–Commendation Council (its votes
    are judged against all members)."""

    year = models.PositiveSmallIntegerField(_("năm thành tích"), unique=True)
    bloc_deadline = models.DateField(_("hạn khối nộp hồ sơ"))
    council_members = models.PositiveSmallIntegerField(_("số thành viên Hội đồng TĐKT tỉnh"), default=15)
    central_deadline = models.DateField(
        _("hạn gửi Bộ Nội vụ hồ sơ khen thưởng cấp Nhà nước"),
        null=True,
        blank=True,
        help_text=_(
            "Hạn riêng của tỉnh, sớm hơn hạn luật định; để trống: theo hạn của từng hình thức trong bộ quy tắc."
        ),
    )
    notes = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("thiết lập đợt xét khen thưởng")
        verbose_name_plural = _("thiết lập đợt xét khen thưởng")
        ordering = ["-year"]

    def __str__(self):
        return f"Đợt xét khen thưởng năm {self.year}"


class ProposalQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The office sees all; Council members what reached the Council; a bloc's members and
        secretariat the proposals of their bloc's years; everybody else nothing."""
        if not user.is_authenticated:
            return self.none()
        if user.is_provincial:
            return self

        mine = Q(pk__in=[])
        if user.unit_id is not None and user.has_role(Role.UNIT_OFFICER, Role.BLOC_SECRETARY):
            mine = (
                Q(bloc_year__members__unit_id=user.unit_id)
                | Q(bloc_year__leader_id=user.unit_id)
                | Q(bloc_year__acting_leader_id=user.unit_id)
            )
        if user.has_role(Role.COUNCIL_MEMBER):
            mine |= Q(status__in=AT_COUNCIL)
        return self.filter(mine).distinct()

    def with_related(self):
        return self.select_related("bloc_year__bloc", "award", "unit", "person__unit")


class Proposal(TimeStampedModel):
    """A proposal (đề nghị khen thưởng) that a bloc sends to the provincial office: one subject,
    a collective or an individual, for one award and one year of achievement. It carries the
    conference's vote, the eligibility verdict with the articles cited, the edited achievement
    report, the Council's vote and, at the end, its decision."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    bloc_year = models.ForeignKey(
        "organisations.BlocYear",
        verbose_name=_("khối, năm"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    award = models.ForeignKey(
        "awards.Award", verbose_name=_("khen thưởng đề nghị"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("tập thể"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    person = models.ForeignKey(
        "organisations.Person",
        verbose_name=_("cá nhân"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("năm thành tích"))
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT
    )
    source = models.CharField(_("nguồn"), max_length=20, choices=Source.choices, default=Source.MANUAL)
    outcome = models.ForeignKey(
        "conference.Outcome",
        verbose_name=_("kết quả biểu quyết"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    vote_yes = models.PositiveIntegerField(_("số phiếu tán thành tại khối"), null=True, blank=True)
    vote_base = models.PositiveIntegerField(_("trên tổng số"), null=True, blank=True)
    vote_note = models.CharField(_("ghi chú biểu quyết"), max_length=300, blank=True)
    led_bloc = models.CharField(_("khối, cụm đơn vị dẫn đầu"), max_length=255, blank=True)
    ground = models.CharField(
        _("căn cứ đề nghị"), max_length=20, choices=ProposalGround.choices, default=ProposalGround.CHECKABLE
    )
    ground_justification = models.CharField(
        _("giải trình căn cứ, kết quả phong trào"), max_length=4000, blank=True
    )
    ground_movement = models.ForeignKey(
        "cycles.Movement",
        verbose_name=_("phong trào thi đua"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    eligible = models.BooleanField(_("đủ tiêu chuẩn"), default=False)
    eligibility = models.JSONField(_("kết quả xét tiêu chuẩn"), default=list, blank=True)
    checked_at = models.DateTimeField(_("xét tiêu chuẩn lúc"), null=True, blank=True)
    pack_code = models.CharField(_("bộ quy tắc áp dụng"), max_length=40, blank=True)
    achievement_report = models.TextField(_("báo cáo thành tích"), blank=True)
    dossier_generated_at = models.DateTimeField(_("lập hồ sơ lúc"), null=True, blank=True)
    submitted_late = models.BooleanField(_("nộp sau hạn"), default=False)
    forward_letter = models.CharField(_("số tờ trình gửi Bộ Nội vụ"), max_length=60, blank=True)
    forwarded_on = models.DateField(_("ngày gửi Bộ Nội vụ"), null=True, blank=True)
    forwarded_late = models.BooleanField(_("gửi Bộ Nội vụ sau hạn"), default=False)
    council_yes = models.PositiveSmallIntegerField(
        _("số thành viên Hội đồng tán thành"), null=True, blank=True
    )
    council_members = models.PositiveSmallIntegerField(
        _("tổng số thành viên Hội đồng"), null=True, blank=True
    )
    council_ratio = models.CharField(_("tỉ lệ cần đạt"), max_length=10, blank=True)
    council_article = models.CharField(_("căn cứ tỉ lệ"), max_length=255, blank=True)
    council_voted_on = models.DateField(_("ngày Hội đồng họp"), null=True, blank=True)
    council_channel = models.CharField(
        _("hình thức biểu quyết của Hội đồng"), max_length=20, choices=CouncilChannel.choices, blank=True
    )
    council_session = models.ForeignKey(
        "proposals.CouncilSession",
        verbose_name=_("phiên biểu quyết điện tử"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    search_text = models.CharField(max_length=500, editable=False, db_index=True, default="")

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("đề nghị khen thưởng")
        verbose_name_plural = _("đề nghị khen thưởng")
        ordering = ["-year", "bloc_year__bloc__name_sort", "-award__rank", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=False, person__isnull=True)
                | Q(unit__isnull=True, person__isnull=False),
                name="proposal_one_subject",
            ),
            models.UniqueConstraint(
                fields=["year", "award", "unit"],
                condition=Q(unit__isnull=False),
                name="proposal_unit_once_per_award_year",
            ),
            models.UniqueConstraint(
                fields=["year", "award", "person"],
                condition=Q(person__isnull=False),
                name="proposal_person_once_per_award_year",
            ),
        ]
        indexes = [models.Index(fields=["year", "status"]), models.Index(fields=["award", "year"])]

    def __str__(self):
        return f"{self.award} – {self.subject_name}"

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.subject_name} {self.award.name} {self.bloc_year.bloc.name}")[:500]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("proposals:proposal_detail", args=[self.uuid])

    @property
    def subject(self):
        return self.unit if self.unit_id else self.person

    @property
    def ground_for_council(self) -> bool:
        """A contribution or an extraordinary achievement: nothing to compute, the Council weighs
        the written justification."""
        return self.ground in (ProposalGround.CONTRIBUTION, ProposalGround.EXTRAORDINARY)

    @property
    def subject_name(self) -> str:
        if self.unit_id:
            return self.unit.name_in_year(self.year)
        unit = self.person.unit.name_in_year(self.year)
        return f"{self.person.full_name} ({self.person.position or 'cán bộ'}, {unit})"

    @property
    def is_collective(self) -> bool:
        return self.unit_id is not None

    @property
    def decider(self):
        """Who decides this award for this subject, by its unit's line of management (Law 06/2022
        Art 79–80): ``awards.authority.Decider``."""
        decider = deciding_authority(award=self.award, unit=self.unit if self.unit_id else self.person.unit)
        if self.year < LAW_2022_FROM:
            # Never cite a later law for an earlier year: the 2003 law's article is not confirmed.
            decider = dataclasses.replace(decider, article=LAW_2003)
        return decider

    @property
    def is_central(self) -> bool:
        """Decided above the province: the dossier goes on to the Ministry of Home Affairs."""

        return self.award.authority in CENTRAL_AUTHORITIES

    @property
    def failed_criteria(self) -> list[dict]:
        return [c for c in self.eligibility if not c.get("passed")]

    @property
    def vote_share(self) -> str:
        if not self.vote_base or self.vote_yes is None:
            return ""
        return f"{100 * self.vote_yes / self.vote_base:.1f}%".replace(".", ",")


class Transition(models.Model):
    """One step of a proposal's road (healthchecks' Flip idea): from, to, who, when and why."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(
        _("từ trạng thái"), max_length=20, choices=ProposalStatus.choices, blank=True
    )
    to_status = models.CharField(_("sang trạng thái"), max_length=20, choices=ProposalStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(_("người thực hiện"), max_length=200, blank=True)
    reason = models.TextField(_("lý do, ghi chú"), blank=True)
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True)

    class Meta:
        verbose_name = _("bước xử lý đề nghị")
        verbose_name_plural = _("các bước xử lý đề nghị")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.get_from_status_display() or '—'} → {self.get_to_status_display()}"


class DecisionQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()

        if user.is_provincial or user.has_role(Role.COUNCIL_MEMBER):
            return self
        visible = Proposal.objects.visible_to(user).values("pk")
        return self.filter(items__proposal__in=visible).distinct()


class Decision(TimeStampedModel):
    """A commendation decision (quyết định khen thưởng): number, date, signer and authority, with
    the subjects it awards and their cash. Recording one writes the awards into history."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    number = models.CharField(_("số quyết định"), max_length=60)
    number_key = models.CharField(max_length=60, unique=True, editable=False)
    date = models.DateField(_("ngày quyết định"))
    signer_name = models.CharField(_("người ký"), max_length=150)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=150)
    authority = models.CharField(_("thẩm quyền"), max_length=30)
    authority_name = models.CharField(_("cơ quan ban hành"), max_length=255)
    base_salary = models.PositiveIntegerField(_("lương cơ sở áp dụng (đồng)"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Issued (ban hành): at once when recorded, or, with THIDUA_SIGNATURES_REQUIRED, when a signed
    # PDF of exactly its generated document is uploaded and verifies (issue 14). The awards go
    # into history at issue.
    issued_at = models.DateTimeField(_("ban hành lúc"), null=True, blank=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("quyết định khen thưởng")
        verbose_name_plural = _("quyết định khen thưởng")
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"Quyết định số {self.number} ngày {self.date:%d/%m/%Y}"

    def save(self, *args, **kwargs):
        self.number_key = number_key(self.number)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("proposals:decision_detail", args=[self.uuid])

    @property
    def total_cash(self) -> int:
        return sum(i.amount for i in self.items.all())

    @property
    def is_issued(self) -> bool:
        return self.issued_at is not None


class DecisionItem(models.Model):
    """One awarded subject of a decision, with its cash (coefficient × dated base salary)."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="items")
    proposal = models.OneToOneField(Proposal, on_delete=models.PROTECT, related_name="decision_item")
    coefficient = models.DecimalField(_("hệ số"), max_digits=5, decimal_places=2)
    amount = models.PositiveIntegerField(_("tiền thưởng (đồng)"))
    award_record_id = models.PositiveIntegerField(_("bản ghi lịch sử khen thưởng"), null=True, blank=True)
    certificate_code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        verbose_name = _("đối tượng được khen thưởng")
        verbose_name_plural = _("đối tượng được khen thưởng")
        ordering = ["id"]

    def __str__(self):
        return f"{self.proposal} – {self.decision.number}"

    def get_absolute_url(self):
        return reverse("proposals:certificate", args=[self.certificate_code])


class ExemplaryQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.filter(published=True)
        if user.is_provincial:
            return self
        mine = Q(published=True)
        if user.unit_id is not None:
            mine |= Q(unit_id=user.unit_id) | Q(person__unit_id=user.unit_id)
        return self.filter(mine)


class ExemplaryModel(TimeStampedModel):
    """An exemplary model (điển hình tiên tiến): a person or a collective whose story is spread,
    with photos and the awards that recognised it. The portal shows the published ones."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("tiêu đề"), max_length=255)
    unit = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("tập thể"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    person = models.ForeignKey(
        "organisations.Person",
        verbose_name=_("cá nhân"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    story = models.TextField(_("câu chuyện"))
    awards = models.ManyToManyField(
        "awards.AwardRecord", verbose_name=_("khen thưởng liên quan"), blank=True, related_name="+"
    )
    published = models.BooleanField(_("đã công bố"), default=False)
    published_at = models.DateTimeField(_("công bố lúc"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ExemplaryQuerySet.as_manager()

    class Meta:
        verbose_name = _("điển hình tiên tiến")
        verbose_name_plural = _("điển hình tiên tiến")
        ordering = ["-year", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=False, person__isnull=True)
                | Q(unit__isnull=True, person__isnull=False),
                name="exemplary_one_subject",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("proposals:exemplary_detail", args=[self.uuid])

    @property
    def subject_name(self) -> str:
        # The names the units bore in the model's year.
        if self.unit_id:
            return self.unit.name_in_year(self.year)
        return f"{self.person.full_name} ({self.person.unit.name_in_year(self.year)})"


class ExemplaryPhoto(models.Model):
    """A photo of an exemplary model, checked by Pillow and re-encoded before it is stored."""

    exemplary = models.ForeignKey(ExemplaryModel, on_delete=models.CASCADE, related_name="photos")
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    image = models.FileField(_("ảnh"), storage=_private_storage, upload_to="exemplary/")
    caption = models.CharField(_("chú thích"), max_length=255, blank=True)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ảnh điển hình")
        verbose_name_plural = _("ảnh điển hình")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.caption or f"Ảnh {self.pk}"

    def get_absolute_url(self):
        return reverse("proposals:exemplary_photo", args=[self.code])


def number_key(number: str) -> str:
    """Decision numbers compare without case or spaces: "245/QĐ-UBND" = "245/qđ-ubnd"."""
    return "".join(number.split()).casefold()


def default_deadline(year: int) -> dt.date:
    """Blocs send their dossiers before 10 December of the year (shared/DOMAIN.md, configurable)."""
    return dt.date(year, 12, 10)


__all__ = [
    "CouncilParticipation",
    "CouncilSession",
    "CouncilSessionItem",
    "CouncilSessionMember",
    "Decision",
    "DecisionItem",
    "DossierKind",
    "ExemplaryModel",
    "ExemplaryPhoto",
    "Proposal",
    "RoundSettings",
    "Transition",
]


class DossierJobStatus(models.TextChoices):
    PENDING = "pending", _("Đang chờ")
    RUNNING = "running", _("Đang lập hồ sơ")
    SUCCEEDED = "succeeded", _("Hoàn tất")
    FAILED = "failed", _("Không thành công")


DOSSIER_JOB_ACTIVE = (DossierJobStatus.PENDING, DossierJobStatus.RUNNING)


class DossierJobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Whoever sees the proposals a job covers sees the job (the office sees all)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_provincial:
            return self
        return self.filter(proposals__in=Proposal.objects.visible_to(user).values("pk")).distinct()


class DossierJob(Job):
    """One run of dossier generation (lập hồ sơ) for one proposal or a whole bloc year's batch,
    done by a task in a worker process: the Word files of each proposal, then their PDF copies.
    The task reports progress (files made of ``total``) on this row for the page to poll; a
    proposal that fails is recorded with its Vietnamese reason while the others go on, and a job
    whose worker died is failed by the other workers' sweeper (``thidua.core.jobs``)."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người lập"), on_delete=models.PROTECT, related_name="+"
    )
    bloc_year = models.ForeignKey(
        "organisations.BlocYear", verbose_name=_("khối, năm"), on_delete=models.PROTECT, related_name="+"
    )
    proposals = models.ManyToManyField(Proposal, verbose_name=_("các đề nghị"), related_name="dossier_jobs")
    # The sorted proposal ids, hashed: one unfinished job per set of proposals (a second click).
    scope = models.CharField(max_length=64, editable=False)
    dossier_date = models.DateField(_("ngày ghi trên hồ sơ"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=DossierJobStatus.choices, default=DossierJobStatus.PENDING
    )
    with_pdf = models.BooleanField(_("kèm bản PDF"), default=False)
    succeeded = models.JSONField(_("đề nghị đã lập xong hồ sơ"), default=list, blank=True)

    objects = DossierJobQuerySet.as_manager()

    task_path = "thidua.proposals.tasks.run_dossier_job"
    audit_name = "dossier_job"

    class Meta:
        verbose_name = _("lượt lập hồ sơ")
        verbose_name_plural = _("lượt lập hồ sơ")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["scope"],
                condition=Q(status__in=["pending", "running"]),
                name="dossier_job_one_unfinished_per_scope",
            )
        ]

    def __str__(self):
        return f"Lập hồ sơ {self.bloc_year} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("proposals:dossier_job", args=[self.uid])


class ProposalImportStatus(models.TextChoices):
    PENDING = "pending", _("Đang chờ")
    RUNNING = "running", _("Đang kiểm tra")
    SUCCEEDED = "succeeded", _("Đã tạo đề nghị")
    FAILED = "failed", _("Bị từ chối")


class ProposalImportJob(Job):
    """One Excel list of proposals sent by a bloc (or the office) for a bloc year, processed by
    a task in a worker process. The task checks every row by the rules of a proposal entered by
    hand and creates all the proposals in one transaction, or none and keeps a per-row Vietnamese
    error report. Progress (rows checked of ``total``) lives on this row for the page to poll; a
    job whose worker died is failed by the other workers' sweeper (``thidua.core.jobs``)."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhập"), on_delete=models.PROTECT, related_name="+"
    )
    bloc_year = models.ForeignKey(
        "organisations.BlocYear",
        verbose_name=_("khối, năm"),
        on_delete=models.PROTECT,
        related_name="proposal_imports",
    )
    filename = models.CharField(_("tệp"), max_length=255)
    content = models.BinaryField(_("nội dung tệp"))
    status = models.CharField(
        _("trạng thái"),
        max_length=20,
        choices=ProposalImportStatus.choices,
        default=ProposalImportStatus.PENDING,
    )
    created_count = models.PositiveIntegerField(_("số đề nghị đã tạo"), default=0)
    created_proposals = models.JSONField(_("các đề nghị đã tạo"), default=list, blank=True)

    task_path = "thidua.proposals.tasks.run_proposal_import"
    audit_name = "proposal_import"

    class Meta:
        verbose_name = _("lượt nhập danh sách đề nghị")
        verbose_name_plural = _("lượt nhập danh sách đề nghị")
        ordering = ["-created_at", "-id"]
        constraints = [
            # A second click, or a second tab, while a list of the same bloc year is still checked.
            models.UniqueConstraint(
                fields=["bloc_year"],
                condition=Q(status__in=["pending", "running"]),
                name="proposal_import_one_unfinished_per_bloc_year",
            )
        ]

    def __str__(self):
        return f"{self.filename} ({self.get_status_display()})"

    def get_absolute_url(self):
        by = self.bloc_year
        return reverse("proposals:import_job", args=[by.bloc.code, by.year, self.uid])


# The Council's e-vote ---------------------------------------------------------------------------


class CouncilSessionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The office and the Council's members see the sessions; nobody else (404)."""
        if user.is_authenticated and (user.is_provincial or user.has_role(Role.COUNCIL_MEMBER)):
            return self
        return self.none()


class CouncilSession(TimeStampedModel):
    """A voting session of the provincial Emulation–Commendation Council (phiên biểu quyết điện
    tử của Hội đồng TĐKT tỉnh): the office puts received proposals of one year before the
    Council's members listed on the session, opens it, the members vote on their phones, and the
    office closes it. The ballot form (secret or open) and the presence quorum are the province's
    settings, frozen on the session when it is made; every threshold counts ALL listed members.
    At closing the counts go through the same service as a typed tally."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    year = models.PositiveSmallIntegerField(_("năm thành tích"))
    title = models.CharField(_("tên phiên"), max_length=200)
    status = models.CharField(
        _("trạng thái"),
        max_length=20,
        choices=CouncilSessionStatus.choices,
        default=CouncilSessionStatus.PREPARED,
    )
    secret = models.BooleanField(_("bỏ phiếu kín"))
    quorum = models.CharField(_("tỉ lệ thành viên có mặt tối thiểu"), max_length=10)
    members_total = models.PositiveSmallIntegerField(_("tổng số thành viên Hội đồng"))
    present_count = models.PositiveSmallIntegerField(_("số thành viên có mặt"), null=True, blank=True)
    quorum_met = models.BooleanField(_("đủ số thành viên có mặt"), null=True, blank=True)
    opened_at = models.DateTimeField(_("mở lúc"), null=True, blank=True)
    closed_at = models.DateTimeField(_("đóng lúc"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = CouncilSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("phiên biểu quyết của Hội đồng TĐKT")
        verbose_name_plural = _("phiên biểu quyết của Hội đồng TĐKT")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("proposals:council_session", args=[self.uuid])

    @property
    def is_open(self) -> bool:
        return self.status == CouncilSessionStatus.OPEN

    @property
    def is_closed(self) -> bool:
        return self.status == CouncilSessionStatus.CLOSED


class CouncilSessionMember(models.Model):
    """A member of the Council listed on a session (the Council's membership as it was that day):
    the base of every threshold. ``present`` is set when the member checks in or casts a first
    vote; it carries no time, so it cannot be lined up with the votes."""

    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("thành viên"), on_delete=models.PROTECT, related_name="+"
    )
    present = models.BooleanField(_("có mặt"), default=False)

    class Meta:
        verbose_name = _("thành viên Hội đồng trong phiên")
        verbose_name_plural = _("thành viên Hội đồng trong phiên")
        ordering = ["user__full_name", "id"]
        constraints = [models.UniqueConstraint(fields=["session", "user"], name="council_member_once")]

    def __str__(self):
        return self.user.get_full_name() or self.user.username


class CouncilSessionItem(models.Model):
    """One proposal put to the vote in a session, with its anonymous counts. The counts are
    updated in place (one row per proposal, no time, no per-vote row), so in a secret session
    nothing stored says who cast which vote. ``passed`` is set at closing."""

    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="items")
    proposal = models.ForeignKey(
        Proposal, verbose_name=_("đề nghị"), on_delete=models.PROTECT, related_name="council_items"
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    agree = models.PositiveSmallIntegerField(_("số phiếu đồng ý"), default=0)
    disagree = models.PositiveSmallIntegerField(_("số phiếu không đồng ý"), default=0)
    passed = models.BooleanField(_("được thông qua"), null=True, blank=True)
    # Why the item was not judged at closing though the quorum was met (an open case that day).
    blocked = models.CharField(_("không xét vì"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("đề nghị đưa ra biểu quyết")
        verbose_name_plural = _("đề nghị đưa ra biểu quyết")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "proposal"], name="council_item_once_per_session")
        ]

    def __str__(self):
        return str(self.proposal)

    @property
    def voted(self) -> int:
        return self.agree + self.disagree


class CouncilParticipation(models.Model):
    """That a member has voted on a proposal of the session: one row per member and proposal (a
    second vote meets the constraint). ``choice`` is filled only in an open session; in a secret
    one the row records participation alone and the vote went to the item's anonymous counts."""

    item = models.ForeignKey(CouncilSessionItem, on_delete=models.CASCADE, related_name="participations")
    member = models.ForeignKey(CouncilSessionMember, on_delete=models.CASCADE, related_name="participations")
    choice = models.CharField(_("biểu quyết"), max_length=10, choices=CouncilChoice.choices, blank=True)

    class Meta:
        verbose_name = _("lượt biểu quyết của thành viên")
        verbose_name_plural = _("lượt biểu quyết của thành viên")
        ordering = ["member__user__full_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["item", "member"], name="council_vote_once_per_member")
        ]

    def __str__(self):
        return f"{self.member} – {self.item}"
