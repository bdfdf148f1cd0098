import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.core.permissions import can_view_audit


class TimeStampedModel(models.Model):
    """Abstract base that records when a row was created and last changed."""

    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        abstract = True


class AuditEventQuerySet(models.QuerySet):
    def visible_to(self, user):

        return self if can_view_audit(user) else self.none()


class AuditEvent(models.Model):
    """One state change made through a service: who did what to which object, with the values
    before and after and the reason given. Written in the same transaction as the change."""

    id = models.BigAutoField(primary_key=True)
    # Set before the insert (not auto_now_add): the chained hash covers it.
    created_at = models.DateTimeField(_("thời điểm"), default=timezone.now, editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(_("tên người thực hiện"), max_length=200, blank=True)
    action = models.CharField(_("hành động"), max_length=80, db_index=True)
    object_type = models.CharField(_("loại đối tượng"), max_length=80, db_index=True)
    object_id = models.CharField(_("mã đối tượng"), max_length=64, db_index=True)
    object_repr = models.CharField(_("đối tượng"), max_length=300)
    before = models.JSONField(_("trước"), null=True, blank=True)
    after = models.JSONField(_("sau"), null=True, blank=True)
    reason = models.TextField(_("lý do"), blank=True)
    request_id = models.UUIDField(_("mã yêu cầu"), null=True, blank=True)
    client_ip = models.GenericIPAddressField(_("địa chỉ máy khách"), null=True, blank=True)
    # sha256 of the previous event's hash and this event's canonical JSON (thidua.core.audit_chain).
    hash = models.CharField(_("mã băm chuỗi"), max_length=64, blank=True, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhật ký thay đổi")
        verbose_name_plural = _("nhật ký thay đổi")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"{self.created_at:%d/%m/%Y %H:%M} {self.actor_name} {self.action} {self.object_repr}"


class AuditChainHead(models.Model):
    """The end of the audit log's hash chain: the last event's id and hash. One row (pk 1), locked
    by every audit write until its transaction ends, so events join the chain one at a time."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_id = models.BigIntegerField(_("bản ghi cuối"), default=0)
    last_hash = models.CharField(_("mã băm cuối"), max_length=64)

    class Meta:
        verbose_name = _("đầu chuỗi nhật ký")
        verbose_name_plural = _("đầu chuỗi nhật ký")

    def __str__(self):
        return f"#{self.last_id} {self.last_hash[:12]}"


def new_request_id() -> uuid.UUID:
    return uuid.uuid4()


# Background work ---------------------------------------------------------------------------------


class JobStatus(models.TextChoices):
    PENDING = "pending", _("Đang chờ")
    RUNNING = "running", _("Đang xử lý")
    SUCCEEDED = "succeeded", _("Hoàn tất")
    FAILED = "failed", _("Không thành công")


JOB_ACTIVE = (JobStatus.PENDING, JobStatus.RUNNING)
JOB_FINISHED = (JobStatus.SUCCEEDED, JobStatus.FAILED)


class Job(models.Model):
    """Long work a user started and watches (an import, a batch of documents), run by a task in a
    worker process (``manage.py run_worker``). The task records its progress on this row, the
    worker refreshes ``heartbeat_at`` every second while it runs, and the result is a Vietnamese
    message with the errors found. A job whose worker died is failed by the other workers'
    sweeper within seconds. Concrete jobs add their domain fields, name the task that runs them
    (``task_path``) and may give ``status`` their own labels; the helpers that move a job are in
    ``thidua.core.jobs``."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=JobStatus.choices, default=JobStatus.PENDING
    )
    phase = models.CharField(_("giai đoạn"), max_length=300, blank=True)
    done = models.PositiveIntegerField(_("đã xử lý"), default=0)
    total = models.PositiveIntegerField(_("cần xử lý"), default=0)
    message = models.TextField(_("thông báo"), blank=True)
    errors = models.JSONField(_("lỗi"), default=list, blank=True)
    task_id = models.CharField(_("mã tác vụ"), max_length=64, blank=True)
    worker = models.CharField(_("tiến trình xử lý"), max_length=64, blank=True)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("tín hiệu gần nhất"), null=True, blank=True)
    finished_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)

    # The dotted path of the task (``@task`` in the app's tasks.py) that runs a job, given its pk.
    task_path = ""
    # The audit actions the shared helpers write are "<audit_name>.<what>".
    audit_name = "job"

    class Meta:
        abstract = True

    @property
    def percent(self) -> int:
        if self.status == JobStatus.SUCCEEDED:
            return 100
        if not self.total:
            return 0
        return min(99, int(100 * self.done / self.total))

    @property
    def is_finished(self) -> bool:
        return self.status in JOB_FINISHED


class WorkerProcess(models.Model):
    """One running task worker (``manage.py run_worker``) on some host. It refreshes
    ``heartbeat_at`` every second (with the database's clock, so hosts need not agree on the
    time); the other workers' sweepers judge it dead when its process is gone (same host) or
    its heartbeat stopped (another host), and then fail what it was running."""

    worker_id = models.CharField(_("mã tiến trình"), max_length=64, primary_key=True)
    hostname = models.CharField(_("máy chủ"), max_length=255)
    pid = models.PositiveIntegerField(_("số hiệu tiến trình"))
    # The process's start time (Linux): a reused pid is not mistaken for this worker.
    pid_token = models.CharField(max_length=40, blank=True)
    started_at = models.DateTimeField(_("khởi động lúc"), auto_now_add=True)
    heartbeat_at = models.DateTimeField(_("tín hiệu gần nhất"))

    class Meta:
        verbose_name = _("tiến trình xử lý nền")
        verbose_name_plural = _("tiến trình xử lý nền")
        ordering = ["hostname", "started_at"]

    def __str__(self):
        return f"{self.hostname}:{self.pid}"


class ScheduledRun(models.Model):
    """One slot of a periodic task (e.g. the portal's view-count flush at 10:00:04), enqueued by
    whichever worker's scheduler took it first. The unique (name, slot) pair, inserted in the
    same transaction as the task, is what stops several workers on several hosts from enqueuing
    one slot twice."""

    name = models.CharField(_("tác vụ định kỳ"), max_length=150)
    slot = models.DateTimeField(_("thời điểm"))
    task_id = models.CharField(_("mã tác vụ"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("lượt chạy định kỳ")
        verbose_name_plural = _("lượt chạy định kỳ")
        ordering = ["-slot"]
        constraints = [models.UniqueConstraint(fields=["name", "slot"], name="scheduled_run_once_per_slot")]

    def __str__(self):
        return f"{self.name} {self.slot:%d/%m/%Y %H:%M:%S}"


class IdempotencyKey(models.Model):
    """The outcome of one create request, by the key its form or API client sent
    (``thidua.core.idempotency``): a second request with the same (user, key, path), such as a
    double click, answers this stored response instead of creating again. Written in the same
    transaction as the create; forgotten after a day (``core.idempotency_prune``)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(_("khóa chống gửi lặp"), max_length=64)
    path = models.CharField(_("địa chỉ"), max_length=255)
    status = models.PositiveSmallIntegerField(_("mã trả lời"), default=0)
    headers = models.JSONField(_("tiêu đề trả lời"), default=dict, blank=True)
    body = models.TextField(_("nội dung trả lời"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("khóa chống gửi lặp")
        verbose_name_plural = _("khóa chống gửi lặp")
        constraints = [
            models.UniqueConstraint(fields=["user", "key", "path"], name="idempotency_key_once_per_user_path")
        ]

    def __str__(self):
        return f"{self.key} {self.path}"


class Notification(models.Model):
    """A message to one person (a deadline reminder…), shown in the app and, unless the person
    turned it off, sent by e-mail. ``key`` names what it is about: the unique (user, key) pair is
    what makes a reminder go out once, whichever worker or catch-up run sends it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    key = models.CharField(_("mã"), max_length=200)
    title = models.CharField(_("tiêu đề"), max_length=300)
    body = models.TextField(_("nội dung"), blank=True)
    url = models.CharField(_("đường dẫn"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("gửi lúc"), default=timezone.now)
    read_at = models.DateTimeField(_("đã xem lúc"), null=True, blank=True)
    emailed = models.BooleanField(_("đã gửi thư"), default=False)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notification_once_per_user")]

    def __str__(self):
        return self.title
