import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from thidua.core.models import TimeStampedModel


class GeneratedDocument(TimeStampedModel):
    """A file produced by the documents service (Word, Excel or PDF), kept in private storage.

    The record says what was generated (``kind``), for which object of which app (``owner_type``,
    ``owner_id``), from which template version and inputs (``inputs_hash``), by whom and when.
    Who may download it is decided by the owning app through the ``document_access`` hook."""

    uuid = models.UUIDField(_("mã tải về"), default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("loại văn bản"), max_length=60)
    title = models.CharField(_("tên văn bản"), max_length=300)
    owner_type = models.CharField(_("loại đối tượng"), max_length=100)
    owner_id = models.CharField(_("mã đối tượng"), max_length=64)
    template_version = models.CharField(_("phiên bản mẫu"), max_length=20)
    inputs_hash = models.CharField(_("mã băm dữ liệu đầu vào"), max_length=64)
    file_format = models.CharField(_("định dạng"), max_length=8)
    file_name = models.CharField(_("tên tệp"), max_length=255)
    path = models.CharField(_("đường dẫn lưu trữ"), max_length=500, editable=False)
    size = models.PositiveIntegerField(_("dung lượng (byte)"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("văn bản đã tạo")
        verbose_name_plural = _("văn bản đã tạo")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner_type", "owner_id", "kind"])]

    def __str__(self):
        return f"{self.title} ({self.file_format})"

    def get_absolute_url(self):

        return reverse("documents:download", args=[self.uuid])

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES.get(self.file_format, "application/octet-stream")


CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
