import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from thidua.core.models import TimeStampedModel
from thidua.documents.signatures import SignatureReport


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
    # Issued: a signed PDF of exactly this file was uploaded and verified (issue 14). Set once, by
    # ``thidua.documents.signing``; the owning app hears of it through the ``document_issued`` hook.
    issued_at = models.DateTimeField(_("ban hành lúc"), null=True, blank=True)

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

    @property
    def is_issued(self) -> bool:
        return self.issued_at is not None

    def get_signing_url(self):
        return reverse("documents:signing", args=[self.uuid])


class SignedCopy(models.Model):
    """A signed PDF of a generated document, uploaded by an officer and verified by the server
    (``thidua.documents.signatures``), with its verification report. Only verified copies are
    kept as rows; a refused upload leaves its report in the audit log."""

    uuid = models.UUIDField(_("mã bản ký"), default=uuid.uuid4, unique=True, editable=False)
    document = models.ForeignKey(
        GeneratedDocument, verbose_name=_("văn bản"), on_delete=models.PROTECT, related_name="signed_copies"
    )
    path = models.CharField(_("đường dẫn lưu trữ"), max_length=500, editable=False)
    file_name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveIntegerField(_("dung lượng (byte)"), default=0)
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    verified = models.BooleanField(_("đã xác minh"), default=False)
    reason_code = models.CharField(_("kết quả"), max_length=30)
    reason = models.TextField(_("kết luận xác minh"))
    report = models.JSONField(_("báo cáo xác minh"), default=dict)
    signer_name = models.CharField(_("người ký"), max_length=255, blank=True)
    signed_at = models.DateTimeField(_("thời điểm ký"), null=True, blank=True)
    issuer = models.CharField(_("tổ chức cấp chứng thư số"), max_length=255, blank=True)
    serial = models.CharField(_("số hiệu chứng thư số"), max_length=80, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("bản đã ký số")
        verbose_name_plural = _("bản đã ký số")
        ordering = ["-uploaded_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["document", "sha256"], name="documents_signedcopy_once_per_file")
        ]

    def __str__(self):
        return f"Bản ký số: {self.document.title}"

    def get_absolute_url(self):
        return reverse("documents:signed_copy", args=[self.uuid])

    @property
    def report_data(self) -> SignatureReport:
        return SignatureReport.from_json(self.report)


CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


from thidua.documents import checks as _checks  # noqa: E402, F401 - registers the trust-list system check
