import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.core.models import TimeStampedModel
from thidua.cycles.choices import (
    LaunchLevel,
    MovementKind,
    MovementScope,
    RubricItemKind,
    Stage,
    TransitionKind,
)
from thidua.cycles.storage import private_storage
from thidua.organisations.models import BlocYear


class YearCycle(TimeStampedModel):
    """The workflow state of one bloc year (draft → launched → … → closed)."""

    bloc_year = models.OneToOneField(
        "organisations.BlocYear",
        verbose_name=_("năm thi đua"),
        on_delete=models.CASCADE,
        related_name="cycle",
    )
    stage = models.CharField(_("giai đoạn"), max_length=20, choices=Stage.choices, default=Stage.DRAFT)

    class Meta:
        verbose_name = _("tiến trình năm thi đua")
        verbose_name_plural = _("tiến trình năm thi đua")

    def __str__(self):
        return f"{self.bloc_year} – {self.get_stage_display()}"


class KeyContent(models.Model):
    """One of the key contents (nội dung trọng tâm) that members commit to in the agreement."""

    bloc_year = models.ForeignKey(
        "organisations.BlocYear",
        verbose_name=_("năm thi đua"),
        on_delete=models.CASCADE,
        related_name="key_contents",
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    title = models.CharField(_("nội dung"), max_length=500)
    description = models.TextField(_("diễn giải"), blank=True)

    class Meta:
        verbose_name = _("nội dung trọng tâm")
        verbose_name_plural = _("nội dung trọng tâm")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["bloc_year", "position"], name="key_content_position_unique")
        ]

    def __str__(self):
        return f"{self.position}. {self.title}"


class Rubric(TimeStampedModel):
    """A version of the bloc year's scoring rubric (tiêu chí chấm điểm). Version 1 is frozen at
    launch; an amendment after launch is a new version with a reason, and the newest frozen
    version is the one scored against."""

    bloc_year = models.ForeignKey(
        "organisations.BlocYear",
        verbose_name=_("năm thi đua"),
        on_delete=models.CASCADE,
        related_name="rubrics",
    )
    version = models.PositiveSmallIntegerField(_("phiên bản"), default=1)
    total = models.DecimalField(_("tổng điểm"), max_digits=8, decimal_places=2, default=100)
    frozen_at = models.DateTimeField(_("khóa lúc"), null=True, blank=True)
    amendment_reason = models.TextField(_("lý do sửa đổi"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("bộ tiêu chí chấm điểm")
        verbose_name_plural = _("bộ tiêu chí chấm điểm")
        ordering = ["bloc_year", "-version"]
        constraints = [models.UniqueConstraint(fields=["bloc_year", "version"], name="rubric_version_unique")]

    def __str__(self):
        return f"Tiêu chí {self.bloc_year} (v{self.version})"

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None


class RubricItem(models.Model):
    """A node of the rubric tree: a group, a criterion or a sub-criterion with its maximum, or a
    bonus or deduction item with its cap. Scores are entered on leaves (criteria without
    sub-criteria, and sub-criteria)."""

    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="items")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("thuộc"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    kind = models.CharField(_("loại"), max_length=12, choices=RubricItemKind.choices)
    code = models.CharField(_("mã"), max_length=20)
    title = models.CharField(_("nội dung tiêu chí"), max_length=500)
    guidance = models.TextField(_("hướng dẫn chấm"), blank=True)
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=8, decimal_places=2, default=0)
    evidence_required = models.BooleanField(_("bắt buộc minh chứng"), default=False)
    position = models.PositiveIntegerField(_("thứ tự"), default=0)
    key_contents = models.ManyToManyField(
        KeyContent, verbose_name=_("nội dung trọng tâm"), blank=True, related_name="rubric_items"
    )

    class Meta:
        verbose_name = _("mục tiêu chí")
        verbose_name_plural = _("mục tiêu chí")
        ordering = ["rubric", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["rubric", "code"], name="rubric_item_code_unique"),
            models.CheckConstraint(condition=Q(max_points__gte=0), name="rubric_item_max_non_negative"),
        ]

    def __str__(self):
        return f"{self.code}. {self.title}"

    @property
    def is_adjustment(self) -> bool:
        """Bonus and deduction items: ``max_points`` is their cap."""
        return self.kind in (RubricItemKind.BONUS, RubricItemKind.DEDUCTION)


def _random_name(prefix: str, filename: str) -> str:

    ext = filename.rsplit(".", 1)[-1].lower()[:10] if "." in filename else "bin"
    return f"cycles/{prefix}/{uuid.uuid4()}.{ext}"


def regulations_upload_to(instance, filename):
    return _random_name("regulations", filename)


def signature_upload_to(instance, filename):
    return _random_name("signatures", filename)


def _private():

    return private_storage()


class StageTransition(models.Model):
    """One step of a bloc year's workflow: who moved it from which stage to which, when and why.
    Reopening a step is a transition of kind ``reopen`` and always carries a reason."""

    bloc_year = models.ForeignKey(
        "organisations.BlocYear", on_delete=models.CASCADE, related_name="transitions"
    )
    from_stage = models.CharField(_("từ giai đoạn"), max_length=20, choices=Stage.choices)
    to_stage = models.CharField(_("sang giai đoạn"), max_length=20, choices=Stage.choices)
    kind = models.CharField(_("loại"), max_length=10, choices=TransitionKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(_("người thực hiện"), max_length=150)
    reason = models.TextField(_("lý do"), blank=True)
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)

    class Meta:
        verbose_name = _("chuyển giai đoạn")
        verbose_name_plural = _("chuyển giai đoạn")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.get_from_stage_display()} → {self.get_to_stage_display()}"


class Regulations(TimeStampedModel):
    """The bloc's operating regulations (quy chế hoạt động) for a year: text, an uploaded file,
    or both. The machine-readable part lives in ``BlocYear.settings``."""

    bloc_year = models.OneToOneField(
        "organisations.BlocYear", on_delete=models.CASCADE, related_name="regulations"
    )
    text = models.TextField(_("nội dung quy chế"), blank=True)
    file = models.FileField(_("tệp quy chế"), storage=_private, upload_to=regulations_upload_to, blank=True)
    file_name = models.CharField(_("tên tệp gốc"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("quy chế hoạt động")
        verbose_name_plural = _("quy chế hoạt động")

    def __str__(self):
        return f"Quy chế {self.bloc_year}"

    @property
    def is_present(self) -> bool:
        return bool(self.text.strip() or self.file)


class Agreement(TimeStampedModel):
    """The emulation agreement (giao ước thi đua) of a bloc year: where and when it is signed.
    Its key contents are ``KeyContent`` rows; each member's signature is an ``AgreementSignature``."""

    bloc_year = models.OneToOneField(
        "organisations.BlocYear", on_delete=models.CASCADE, related_name="agreement"
    )
    signed_on = models.DateField(_("ngày ký"), null=True, blank=True)
    signed_place = models.CharField(_("địa điểm ký"), max_length=255, blank=True)
    preamble = models.TextField(_("lời mở đầu"), blank=True)

    class Meta:
        verbose_name = _("giao ước thi đua")
        verbose_name_plural = _("giao ước thi đua")

    def __str__(self):
        return f"Giao ước {self.bloc_year}"


class AgreementSignature(models.Model):
    """Whether a member unit's head has signed the agreement, with an optional scanned copy."""

    bloc_year = models.ForeignKey(
        "organisations.BlocYear", on_delete=models.CASCADE, related_name="agreement_signatures"
    )
    unit = models.ForeignKey("organisations.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT)
    signed = models.BooleanField(_("đã ký"), default=False)
    signed_on = models.DateField(_("ngày ký"), null=True, blank=True)
    scan = models.FileField(_("bản quét"), storage=_private, upload_to=signature_upload_to, blank=True)
    scan_name = models.CharField(_("tên tệp quét"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("chữ ký giao ước")
        verbose_name_plural = _("chữ ký giao ước")
        constraints = [
            models.UniqueConstraint(fields=["bloc_year", "unit"], name="agreement_signature_unique")
        ]

    def __str__(self):
        return f"{self.unit} – {'đã ký' if self.signed else 'chưa ký'}"


class Programme(TimeStampedModel):
    """An emulation programme or campaign (e.g. Resolution TW4 of the 12th term) that units link
    their movements to. The catalogue is kept by the provincial office."""

    name = models.CharField(_("tên chương trình"), max_length=300, unique=True)
    description = models.TextField(_("mô tả"), blank=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("chương trình, phong trào chung")
        verbose_name_plural = _("chương trình, phong trào chung")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class MovementQuerySet(models.QuerySet):
    def visible_to(self, user):

        return self.filter(bloc_year__in=BlocYear.objects.visible_to(user))


class Movement(TimeStampedModel):
    """An emulation movement (phong trào thi đua) a member unit registers for the year: its title
    or slogan, kind, dates, linked programmes and the targets it commits to."""

    bloc_year = models.ForeignKey(
        "organisations.BlocYear",
        verbose_name=_("năm thi đua"),
        on_delete=models.CASCADE,
        related_name="movements",
    )
    unit = models.ForeignKey(
        "organisations.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="movements"
    )
    title = models.CharField(_("tên phong trào, khẩu hiệu"), max_length=500)
    kind = models.CharField(_("loại phong trào"), max_length=10, choices=MovementKind.choices)
    launch_level = models.CharField(
        _("cấp chủ trì phát động"), max_length=20, choices=LaunchLevel.choices, default=LaunchLevel.AGENCY
    )
    scope = models.CharField(
        _("phạm vi tổ chức thi đua"),
        max_length=20,
        choices=MovementScope.choices,
        default=MovementScope.AGENCY,
    )
    starts_on = models.DateField(_("từ ngày"), null=True, blank=True)
    ends_on = models.DateField(_("đến ngày"), null=True, blank=True)
    programmes = models.ManyToManyField(
        Programme, verbose_name=_("gắn với chương trình"), blank=True, related_name="movements"
    )
    targets = models.TextField(_("chỉ tiêu đăng ký"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = MovementQuerySet.as_manager()

    class Meta:
        verbose_name = _("phong trào thi đua")
        verbose_name_plural = _("phong trào thi đua")
        ordering = ["unit__name_sort", "starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="movement_dates_ordered",
            )
        ]

    def __str__(self):
        return self.title
