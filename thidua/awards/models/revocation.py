"""Revocation of an issued award (Law 06/2022/QH15 chapter VII "Xử lý vi phạm", Art 93.2): the
decision that gave an emulation title or a commendation form is cancelled, and the award's
certificate, badge or flag (hiện vật khen thưởng) and its cash (tiền thưởng) are recovered.

A revocation takes effect on the date of its decision: from that day the award no longer counts
(``AwardRecord.objects.in_force``) for eligibility, statistics or the public register, and stays
visible as revoked to the office and the unit's own officers."""

from django.conf import settings
from django.db import models
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from thidua.core.models import TimeStampedModel


class RevocationGround(models.TextChoices):
    """The grounds of Law 06/2022 Art 93.2, points a–d."""

    FRAUD = "fraud", _("Gian dối trong việc kê khai công trạng, thành tích (Điều 93.2.a)")
    FALSE_RECORDS = (
        "false_records",
        _("Cung cấp thông tin sai sự thật hoặc làm giả hồ sơ, giấy tờ (Điều 93.2.b)"),
    )
    UNLAWFUL_REVIEW = (
        "unlawful_review",
        _("Thẩm định, xét, duyệt, đề nghị trái quy định của pháp luật (Điều 93.2.c)"),
    )
    VIOLATION_FOUND = (
        "violation_found",
        _("Có kết luận, quyết định, bản án về vi phạm dẫn đến không bảo đảm tiêu chuẩn (Điều 93.2.d)"),
    )


class Revocation(TimeStampedModel):
    """The decision revoking one award record: number, date, authority, ground and reason, the
    cash to recover and whether the certificate or badge came back. Recovered cash is the sum of
    its ``RecoveryPayment`` rows (one or several instalments)."""

    record = models.OneToOneField(
        "awards.AwardRecord",
        verbose_name=_("quyết định khen thưởng bị hủy bỏ"),
        on_delete=models.PROTECT,
        related_name="revocation",
    )
    decision_number = models.CharField(_("số quyết định thu hồi"), max_length=60)
    decision_date = models.DateField(_("ngày quyết định thu hồi"), db_index=True)
    decided_by = models.CharField(_("cơ quan quyết định thu hồi"), max_length=255)
    ground = models.CharField(_("căn cứ"), max_length=20, choices=RevocationGround.choices)
    reason = models.CharField(_("lý do"), max_length=1000)
    cash_to_recover = models.PositiveBigIntegerField(_("số tiền thưởng phải thu hồi (đồng)"), default=0)
    certificate_recovered = models.BooleanField(_("đã thu hồi hiện vật khen thưởng"), default=False)
    certificate_recovered_on = models.DateField(_("ngày thu hồi hiện vật"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("quyết định thu hồi khen thưởng")
        verbose_name_plural = _("thu hồi khen thưởng")
        ordering = ["-decision_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(certificate_recovered=True)
                | models.Q(certificate_recovered_on__isnull=True),
                name="revocation_certificate_date_only_when_recovered",
            )
        ]

    def __str__(self):
        return f"QĐ {self.decision_number} ngày {self.decision_date:%d/%m/%Y}"

    @property
    def label(self) -> str:
        """ "Đã thu hồi theo QĐ số … ngày …", as history pages show it."""
        return f"Đã thu hồi theo QĐ số {self.decision_number} ngày {self.decision_date:%d/%m/%Y}"

    def recovered_amount(self) -> int:
        annotated = getattr(self, "recovered", None)
        if annotated is not None:
            return int(annotated)
        return int(self.payments.aggregate(total=Sum("amount"))["total"] or 0)

    def outstanding(self) -> int:
        return max(self.cash_to_recover - self.recovered_amount(), 0)


class RecoveryPayment(models.Model):
    """One instalment of the cash recovered under a revocation."""

    revocation = models.ForeignKey(
        Revocation, verbose_name=_("quyết định thu hồi"), on_delete=models.PROTECT, related_name="payments"
    )
    amount = models.PositiveBigIntegerField(_("số tiền đã thu (đồng)"))
    paid_on = models.DateField(_("ngày thu"))
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("lần thu hồi tiền thưởng")
        verbose_name_plural = _("các lần thu hồi tiền thưởng")
        ordering = ["paid_on", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="recovery_amount_positive")
        ]

    def __str__(self):
        return f"{self.amount:,} đ ngày {self.paid_on:%d/%m/%Y}"
