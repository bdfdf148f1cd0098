from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.core.models import TimeStampedModel
from thidua.cycles.choices import RubricItemKind, Stage


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
