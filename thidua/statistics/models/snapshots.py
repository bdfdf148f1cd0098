"""Submitted statistical reports: locked snapshots per year and body, corrections as new versions.

A ``StatisticsReport`` is one reporting body's report for one statistical year (01/12 of the
previous year to 30/11). Each time it is sent ("Chốt số liệu và gửi báo cáo", then "Tạo bản điều
chỉnh" with a reason) a ``StatisticsReportVersion`` keeps the five computed forms as they were
(``FormResult.to_json``): a later correction of the records never changes a version; the page
shows what changed since (``thidua.statistics.services.changed_cells``)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from thidua.core.models import Job
from thidua.statistics.tables import FormResult

__all__ = ["StatisticsExportJob", "StatisticsReport", "StatisticsReportVersion"]

PROVINCE = ""  # ``body_code`` of the province's own report (``ReportingBody.unit_code`` is empty)


class StatisticsReport(models.Model):
    year = models.PositiveSmallIntegerField(_("năm thống kê"))
    # The reporting body: "" for the province, else the unit's code (``ReportingBody.unit_code``).
    body_code = models.CharField(_("mã đơn vị báo cáo"), max_length=30, blank=True)
    body_name = models.CharField(_("đơn vị báo cáo"), max_length=255)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("báo cáo thống kê thi đua, khen thưởng")
        verbose_name_plural = _("báo cáo thống kê thi đua, khen thưởng")
        ordering = ["-year", "body_code"]
        constraints = [
            models.UniqueConstraint(fields=["year", "body_code"], name="statistics_report_one_per_year_body")
        ]

    def __str__(self):
        return f"Báo cáo thống kê năm {self.year} – {self.body_name}"


class StatisticsReportVersion(models.Model):
    """One sent version of a report: version 1 is the first submission, later ones corrections
    (each with its reason). Never changed once written."""

    report = models.ForeignKey(
        StatisticsReport, verbose_name=_("báo cáo"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("phiên bản"))
    forms = models.JSONField(_("các biểu đã chốt"))  # [FormResult.to_json(), …] in FORM_CODES order
    digest = models.CharField(_("mã kiểm tra số liệu"), max_length=64)
    reason = models.TextField(_("lý do điều chỉnh"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người chốt"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("chốt lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("phiên bản báo cáo thống kê")
        verbose_name_plural = _("phiên bản báo cáo thống kê")
        ordering = ["report", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="statistics_version_unique_number")
        ]

    def __str__(self):
        return f"{self.report} – phiên bản {self.number}"

    @property
    def is_correction(self) -> bool:
        return self.number > 1

    def results(self) -> list[FormResult]:
        return [FormResult.from_json(data) for data in self.forms]


class StatisticsExportJob(Job):
    """Today's forms of a large province exported by a task in a worker process: each form built
    in turn (progress: forms built of ``total``), then the file written into ``content`` for its
    creator (and whoever sees the body's report) to download. A sent version needs no job: its
    forms are stored."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tạo"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("năm thống kê"))
    body_code = models.CharField(_("mã đơn vị báo cáo"), max_length=30, blank=True)
    body_name = models.CharField(_("đơn vị báo cáo"), max_length=255)
    file_format = models.CharField(_("định dạng"), max_length=10)  # xlsx, docx, pdf
    form_code = models.CharField(_("biểu"), max_length=10, blank=True)  # "": all five (Excel)
    file_name = models.CharField(_("tên tệp"), max_length=255, blank=True)
    content = models.BinaryField(_("nội dung tệp"), null=True, blank=True)

    task_path = "thidua.statistics.tasks.run_export_job"
    audit_name = "statistics_export"

    class Meta:
        verbose_name = _("lượt xuất báo cáo thống kê")
        verbose_name_plural = _("lượt xuất báo cáo thống kê")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        what = f"biểu {self.form_code}" if self.form_code else "các biểu"
        return f"Xuất {what} năm {self.year} – {self.body_name} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("statistics:export_job", args=[self.uid])
