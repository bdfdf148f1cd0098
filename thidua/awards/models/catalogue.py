import datetime as dt

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from thidua.awards.choices import Authority, AwardKind, Nature, SubjectKind
from thidua.core.models import TimeStampedModel


class Award(TimeStampedModel):
    """An entry of the award catalogue: an emulation title (danh hiệu thi đua) or a form of
    commendation (hình thức khen thưởng) for either collectives or individuals. A certificate
    given to both kinds of subject is two entries, because criteria and cash differ."""

    code = models.SlugField(_("mã"), max_length=30, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    kind = models.CharField(_("loại"), max_length=20, choices=AwardKind.choices)
    subject = models.CharField(_("đối tượng"), max_length=20, choices=SubjectKind.choices)
    authority = models.CharField(_("thẩm quyền quyết định"), max_length=30, choices=Authority.choices)
    authority_vertical = models.CharField(
        _("thẩm quyền quyết định đối với đơn vị ngành dọc"),
        max_length=30,
        choices=Authority.choices,
        blank=True,
        help_text=_(
            "Đơn vị thuộc ngành dọc (tòa án, viện kiểm sát, công an, quân sự, thi hành án dân sự…): "
            "ai quyết định khi khen trong ngành (Luật Thi đua, khen thưởng 2022, Điều 79–80); "
            "để trống nếu như thẩm quyền chung."
        ),
    )
    default_nature = models.CharField(
        _("tính chất thường gặp"), max_length=20, choices=Nature.choices, default=Nature.MERIT
    )
    rank = models.PositiveSmallIntegerField(_("thứ bậc"), default=0, help_text=_("Cao hơn là mức cao hơn."))
    description = models.TextField(_("mô tả"), blank=True)

    class Meta:
        verbose_name = _("danh hiệu / hình thức khen thưởng")
        verbose_name_plural = _("danh mục khen thưởng")
        ordering = ["subject", "kind", "rank", "code"]

    def __str__(self):
        return self.name

    @property
    def print_label(self) -> str:
        """The button that prints what the recipient receives: a Bằng khen or Giấy khen is printed,
        a title comes with its certificate, and an emulation flag is a flag handed over at a
        ceremony (nothing to print: empty)."""
        name = self.name.casefold()
        if name.startswith("cờ"):
            return ""
        if name.startswith("bằng khen"):
            return "In bằng khen"
        if name.startswith("giấy khen"):
            return "In giấy khen"
        return "In giấy chứng nhận"


class RulePack(TimeStampedModel):
    """The legal rules in force for a period (e.g. Law 06/2022 with Decree 98/2023), kept as data:
    one entry per award with its criteria parameters, article, Council threshold and cash
    coefficient, and pack-wide parameters (rounding modes, quotas). A year is judged by the pack
    in force on 31 December of that year; cash by the pack in force on the decision date."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    legal_basis = models.TextField(_("căn cứ pháp lý"))
    effective_from = models.DateField(_("hiệu lực từ"), unique=True)
    effective_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    params = models.JSONField(_("tham số chung"), default=dict, blank=True)
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("sao chép từ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    notes = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("bộ quy tắc")
        verbose_name_plural = _("bộ quy tắc")
        ordering = ["effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=models.F("effective_from")),
                name="rule_pack_period_ordered",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("awards:pack_detail", args=[self.code])

    def covers(self, day: dt.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


class RuleEntry(models.Model):
    """How one award is judged under one pack: which engine rule, its parameters, the article
    cited, the Council approval ratio and the cash coefficient."""

    pack = models.ForeignKey(RulePack, on_delete=models.CASCADE, related_name="entries")
    award = models.ForeignKey(
        Award, verbose_name=_("khen thưởng"), on_delete=models.PROTECT, related_name="+"
    )
    rule = models.CharField(_("quy tắc xét"), max_length=40)
    article = models.CharField(_("điều khoản"), max_length=255)
    criteria_text = models.TextField(_("tiêu chuẩn (diễn giải)"))
    params = models.JSONField(_("tham số"), default=dict, blank=True)
    cash_coefficient = models.DecimalField(_("hệ số tiền thưởng"), max_digits=5, decimal_places=2)
    council_ratio = models.CharField(
        _("tỉ lệ tán thành của Hội đồng"),
        max_length=10,
        blank=True,
        help_text=_("Trên tổng số thành viên Hội đồng, ví dụ 4/5; để trống nếu không cần Hội đồng bỏ phiếu."),
    )
    council_article = models.CharField(_("căn cứ tỉ lệ tán thành"), max_length=255, blank=True)
    enabled = models.BooleanField(_("áp dụng"), default=True)
    deadline = models.CharField(
        _("hạn gửi hồ sơ lên cấp trên (ngày/tháng)"),
        max_length=5,
        blank=True,
        help_text=_("Ví dụ 30/06; để trống nếu không có hạn cố định."),
    )
    deadline_years_after = models.PositiveSmallIntegerField(
        _("hạn thuộc năm thứ mấy sau năm thành tích"), default=1
    )
    deadline_article = models.CharField(_("căn cứ hạn gửi hồ sơ"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("quy tắc khen thưởng")
        verbose_name_plural = _("quy tắc khen thưởng")
        ordering = ["award__subject", "award__kind", "award__rank"]
        constraints = [models.UniqueConstraint(fields=["pack", "award"], name="rule_entry_once_per_pack")]

    def __str__(self):
        return f"{self.award} ({self.pack.code})"


class BaseSalary(models.Model):
    """The statutory base salary (lương cơ sở) from a date; cash awards multiply it."""

    effective_from = models.DateField(_("áp dụng từ"), unique=True)
    amount = models.PositiveIntegerField(_("mức lương cơ sở (đồng)"))
    legal_ref = models.CharField(_("căn cứ"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("lương cơ sở")
        verbose_name_plural = _("lương cơ sở")
        ordering = ["-effective_from"]

    def __str__(self):
        return f"{self.amount:,} đồng từ {self.effective_from:%d/%m/%Y}".replace(",", ".")
