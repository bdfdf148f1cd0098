from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from thidua.awards.choices import ImportStatus
from thidua.core.models import Job


class ImportJob(Job):
    """One upload of award history (Excel or CSV), processed by a task in a worker process.

    The task validates every row first and writes nothing unless all rows are valid; it reports
    progress (rows checked of ``total``) on this row for the page to poll, and a job whose worker
    died is failed by the other workers' sweeper (``thidua.core.jobs``)."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhập"), on_delete=models.PROTECT, related_name="+"
    )
    filename = models.CharField(_("tệp"), max_length=255)
    content = models.BinaryField(_("nội dung tệp"))
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    created_count = models.JSONField(_("số bản ghi đã tạo"), default=dict, blank=True)

    task_path = "thidua.awards.tasks.run_award_import"
    audit_name = "award_import"

    class Meta:
        verbose_name = _("lượt nhập lịch sử khen thưởng")
        verbose_name_plural = _("lượt nhập lịch sử khen thưởng")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.filename} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("awards:import_job", args=[self.uid])
