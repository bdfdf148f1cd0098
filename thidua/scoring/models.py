import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.core.models import TimeStampedModel
from thidua.scoring.choices import AssessmentStatus


class Assessment(TimeStampedModel):
    """One member unit's score sheet for a bloc year (bảng tự chấm điểm): its self-scores on every
    leaf of the frozen rubric, then the reviewers' scores, until the leader finalises it.

    ``version`` grows on every status change so that two people acting on the same sheet at once
    cannot both succeed."""

    bloc_year = models.ForeignKey(
        "organisations.BlocYear",
        verbose_name=_("năm thi đua"),
        on_delete=models.CASCADE,
        related_name="assessments",
    )
    unit = models.ForeignKey(
        "organisations.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="assessments"
    )
    rubric = models.ForeignKey(
        "cycles.Rubric", verbose_name=_("bộ tiêu chí"), on_delete=models.PROTECT, related_name="assessments"
    )
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    finalised_at = models.DateTimeField(_("chốt lúc"), null=True, blank=True)
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    final_total = models.DecimalField(
        _("tổng điểm chốt"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    version = models.PositiveIntegerField(_("phiên bản"), default=0)

    class Meta:
        verbose_name = _("bảng chấm điểm")
        verbose_name_plural = _("bảng chấm điểm")
        ordering = ["bloc_year", "unit__name_sort"]
        constraints = [models.UniqueConstraint(fields=["bloc_year", "unit"], name="assessment_once_per_year")]

    def __str__(self):
        return f"Bảng điểm {self.unit} – {self.bloc_year}"

    @property
    def is_finalised(self) -> bool:
        return self.status == AssessmentStatus.FINALISED


class Score(models.Model):
    """A unit's self-score on one leaf (or one bonus/deduction claim), with its explanation.

    ``final_points`` is written when the sheet is finalised: the reviewers' scores combined by the
    bloc's aggregation, the value ranking uses. ``version`` guards against lost updates."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey(
        "cycles.RubricItem", verbose_name=_("tiêu chí"), on_delete=models.PROTECT, related_name="+"
    )
    points = models.DecimalField(_("điểm tự chấm"), max_digits=8, decimal_places=2, null=True, blank=True)
    explanation = models.TextField(_("giải trình"), blank=True)
    final_points = models.DecimalField(_("điểm chốt"), max_digits=8, decimal_places=2, null=True, blank=True)
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("điểm tự chấm")
        verbose_name_plural = _("điểm tự chấm")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item"], name="score_once_per_item"),
            models.CheckConstraint(
                condition=Q(points__gte=0) | Q(points__isnull=True), name="score_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.item.code}: {self.points}"


class Evidence(models.Model):
    """A file proving a self-score (minh chứng). Stored under PRIVATE_STORAGE_ROOT, never under
    the web root, and downloaded only through a permission-checked view by its UUID."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    score = models.ForeignKey(Score, on_delete=models.CASCADE, related_name="evidence")
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(_("loại tệp"), max_length=100)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    storage_name = models.CharField(max_length=255, editable=False)
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.original_name


class ReviewAssignment(TimeStampedModel):
    """A reviewing unit assigned to one sheet: the leader (leader mode), a peer (cross review) or
    a panel member. ``completed_at`` marks that the reviewer has finished this sheet."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="assignments")
    reviewer = models.ForeignKey(
        "organisations.Unit", verbose_name=_("đơn vị thẩm định"), on_delete=models.PROTECT, related_name="+"
    )
    completed_at = models.DateTimeField(_("hoàn thành lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("phân công thẩm định")
        verbose_name_plural = _("phân công thẩm định")
        ordering = ["assessment__unit__name_sort", "reviewer__name_sort"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "reviewer"], name="assignment_once_per_reviewer")
        ]

    def __str__(self):
        return f"{self.reviewer} thẩm định {self.assessment.unit}"


class ReviewScore(models.Model):
    """One reviewer's score on one leaf of a sheet. A value different from the self-score needs a
    reason; ``version`` guards against lost updates."""

    assignment = models.ForeignKey(ReviewAssignment, on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey("cycles.RubricItem", on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(_("điểm thẩm định"), max_digits=8, decimal_places=2)
    reason = models.TextField(_("lý do"), blank=True)
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("điểm thẩm định")
        verbose_name_plural = _("điểm thẩm định")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "item"], name="review_score_once_per_item"),
            models.CheckConstraint(condition=Q(points__gte=0), name="review_score_not_negative"),
        ]

    def __str__(self):
        return f"{self.item.code}: {self.points}"


class Publication(models.Model):
    """The moment a bloc year's scores became public to its members (after the review step)."""

    bloc_year = models.OneToOneField(
        "organisations.BlocYear", on_delete=models.CASCADE, related_name="score_publication"
    )
    published_at = models.DateTimeField(_("công bố lúc"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("công bố kết quả chấm điểm")
        verbose_name_plural = _("công bố kết quả chấm điểm")

    def __str__(self):
        return f"Công bố {self.bloc_year}"


class Moderation(TimeStampedModel):
    """The moderated score of one criterion of a sheet whose reviewers disagreed by more than the
    bloc's threshold (issue 15 item 4): recorded with a reason by whoever finalises the sheet, it
    replaces the combined reviewers' scores for that criterion, and the minutes read it
    (``selectors.scoring_minutes``)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="moderations")
    item = models.ForeignKey(
        "cycles.RubricItem", verbose_name=_("tiêu chí"), on_delete=models.PROTECT, related_name="+"
    )
    points = models.DecimalField(_("điểm thống nhất"), max_digits=8, decimal_places=2)
    reason = models.TextField(_("lý do"))
    reviewer_points = models.JSONField(_("điểm của các đơn vị thẩm định"), default=dict)  # code -> "12.50"
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("thống nhất điểm chênh lệch")
        verbose_name_plural = _("thống nhất điểm chênh lệch")
        ordering = ["assessment__unit__name_sort", "item__position", "item_id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item"], name="moderation_once_per_item"),
            models.CheckConstraint(condition=Q(points__gte=0), name="moderation_not_negative"),
        ]

    def __str__(self):
        return f"{self.item.code}: {self.points}"


class CloseOut(TimeStampedModel):
    """A member that never submitted its sheet, closed out by the secretary with a reason so that
    the year can be published (issue 15 item 5): scored 0 or left out of the ranking, as the
    bloc's ``close_out_mode`` said when it was closed out (kept here). Reopening before
    publication deletes the row (both audited)."""

    MODES = [("zero", _("Tính 0 điểm")), ("exclude", _("Không xếp hạng"))]

    bloc_year = models.ForeignKey(
        "organisations.BlocYear",
        verbose_name=_("năm thi đua"),
        on_delete=models.CASCADE,
        related_name="score_close_outs",
    )
    unit = models.ForeignKey(
        "organisations.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+"
    )
    mode = models.CharField(_("cách xử lý"), max_length=8, choices=MODES)
    reason = models.TextField(_("lý do"))
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("đơn vị không nộp bảng điểm")
        verbose_name_plural = _("đơn vị không nộp bảng điểm")
        ordering = ["bloc_year", "unit__name_sort"]
        constraints = [models.UniqueConstraint(fields=["bloc_year", "unit"], name="close_out_once_per_year")]

    def __str__(self):
        return f"{self.unit} – {self.bloc_year} ({self.get_mode_display()})"
