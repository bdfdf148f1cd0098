import hashlib
import secrets

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.accounts.choices import Role
from thidua.core.text import fold


class User(AbstractUser):
    """A person who signs in: staff of a unit (or of the provincial office) holding roles.

    Rights that depend on the bloc year are not stored here: a bloc secretary acts for the
    bloc years whose leader is the secretary's own unit, so the 2020 secretary is automatically
    the new leader's staff."""

    full_name = models.CharField(_("họ và tên"), max_length=150)
    unit = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    email_reminders = models.BooleanField(
        _("nhận nhắc hạn qua thư điện tử"), default=True, help_text=_("Nhắc hạn vẫn hiện trong ứng dụng.")
    )
    search_text = models.CharField(max_length=400, blank=True, editable=False, db_index=True)

    objects = UserManager()

    class Meta:
        verbose_name = _("tài khoản")
        verbose_name_plural = _("tài khoản")
        ordering = ["username"]

    def __str__(self):
        return self.full_name or self.username

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.username} {self.full_name} {self.email}")
        super().save(*args, **kwargs)

    def get_full_name(self):
        return self.full_name or self.username

    @property
    def role_set(self) -> frozenset[str]:
        if not self.is_authenticated or not self.is_active:
            return frozenset()
        cached = getattr(self, "_role_cache", None)
        if cached is None:
            cached = frozenset(self.role_grants.values_list("role", flat=True))
            if self.is_superuser:
                cached = cached | {Role.ADMIN}
            self._role_cache = cached
        return cached

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_set.intersection(roles))

    @property
    def is_admin(self) -> bool:
        return self.has_role(Role.ADMIN)

    @property
    def is_provincial(self) -> bool:
        """System administrators and the provincial emulation office see every bloc."""
        return self.has_role(Role.ADMIN, Role.PROVINCIAL_OFFICER)


class RoleGrant(models.Model):
    """A role held by a user. Unit-scoped roles act within ``user.unit``."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(_("vai trò"), max_length=40, choices=Role.choices)
    granted_at = models.DateTimeField(_("cấp lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("vai trò được cấp")
        verbose_name_plural = _("vai trò được cấp")
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="unique_role_per_user")]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()}"


class ApiToken(models.Model):
    """A bearer token for scripts. Only a hash is stored; the token is shown once at creation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("tên"), max_length=100)
    prefix = models.CharField(_("tiền tố"), max_length=8, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    # Set at creation from THIDUA_API_TOKEN_DAYS; an expired token authenticates nobody.
    expires_at = models.DateTimeField(_("hết hạn lúc"), null=True, blank=True)
    # A read-only token may only read (GET, HEAD, OPTIONS); anything else answers 403.
    read_only = models.BooleanField(_("chỉ đọc"), default=False)

    class Meta:
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @staticmethod
    def generate() -> str:
        return "td_" + secrets.token_urlsafe(32)


class LoginFailure(models.Model):
    """A failed sign-in, counted to slow down repeated attempts from the same address (for one
    username, or for any). Never deleted: a successful sign-in from the same address marks that
    pair's earlier failures ``cleared``, so they stop counting but stay on record."""

    username = models.CharField(max_length=150, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    cleared = models.BooleanField(_("đã xóa bộ đếm"), default=False)

    class Meta:
        verbose_name = _("đăng nhập thất bại")
        verbose_name_plural = _("đăng nhập thất bại")

    def __str__(self):
        return f"{self.username} @ {self.ip}"


def unit_model():
    """The model ``User.unit`` points at. Accounts sits below organisations in the layers and names
    units only through that foreign key, never by importing organisations."""
    return User._meta.get_field("unit").related_model
