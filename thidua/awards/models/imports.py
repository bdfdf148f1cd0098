import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from thidua.awards.choices import ImportStatus


class ImportJob(models.Model):
    """One upload of award history (Excel or CSV) processed by a background worker thread.

    The worker validates every row first and writes nothing unless all rows are valid; it
    reports progress and a heartbeat on this row so that the page can poll it, and a job whose
    heartbeat stops (the server was restarted mid-way) is marked failed."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhập"), on_delete=models.PROTECT, related_name="+"
    )
    filename = models.CharField(_("tệp"), max_length=255)
    content = models.BinaryField(_("nội dung tệp"))
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    phase = models.CharField(_("giai đoạn"), max_length=100, blank=True)
    total_rows = models.PositiveIntegerField(_("số dòng"), default=0)
    processed_rows = models.PositiveIntegerField(_("đã xử lý"), default=0)
    created_count = models.JSONField(_("số bản ghi đã tạo"), default=dict, blank=True)
    errors = models.JSONField(_("lỗi"), default=list, blank=True)
    message = models.TextField(_("thông báo"), blank=True)
    heartbeat_at = models.DateTimeField(_("tín hiệu gần nhất"), null=True, blank=True)
    finished_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lượt nhập lịch sử khen thưởng")
        verbose_name_plural = _("lượt nhập lịch sử khen thưởng")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.filename} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("awards:import_job", args=[self.uid])

    @property
    def percent(self) -> int:
        if self.status == ImportStatus.SUCCEEDED:
            return 100
        if not self.total_rows:
            return 0
        return min(99, int(100 * self.processed_rows / self.total_rows))

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportStatus.SUCCEEDED, ImportStatus.FAILED)
