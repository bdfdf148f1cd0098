"""The emulation–commendation organisation and its staff, kept by the office (forms 0604.N, 0605.N).

Neither is derivable from other records: the provincial office keeps a register of the emulation
councils (Hội đồng Thi đua – Khen thưởng) of each level and of the people who do emulation and
commendation work, with their position and training. A form counts the rows in force on the last
day of the statistical year (30/11)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.core.models import TimeStampedModel

__all__ = [
    "CouncilLevel",
    "EmulationCouncil",
    "EmulationStaff",
    "StaffMode",
    "StaffPosition",
    "StaffTraining",
]


class CouncilLevel(models.TextChoices):
    PROVINCE = "province", _("Hội đồng Thi đua – Khen thưởng cấp tỉnh")
    DEPARTMENT = "department", _("Hội đồng Thi đua – Khen thưởng sở, ban, ngành, đoàn thể cấp tỉnh")
    COMMUNE = "commune", _("Hội đồng Thi đua – Khen thưởng cấp xã")
    AGENCY = "agency", _("Hội đồng Thi đua – Khen thưởng cơ quan, tổ chức, đơn vị")


class StaffPosition(models.TextChoices):
    LEADER = "leader", _("Lãnh đạo (trưởng, phó ban/phòng)")
    SENIOR = "senior", _("Chuyên viên chính và tương đương trở lên")
    SPECIALIST = "specialist", _("Chuyên viên và tương đương")
    OTHER = "other", _("Khác")


class StaffTraining(models.TextChoices):
    POSTGRADUATE = "postgraduate", _("Sau đại học")
    UNIVERSITY = "university", _("Đại học")
    COLLEGE = "college", _("Cao đẳng, trung cấp")
    OTHER = "other", _("Khác")


class StaffMode(models.TextChoices):
    FULL_TIME = "full_time", _("Chuyên trách")
    PART_TIME = "part_time", _("Kiêm nhiệm")


class EmulationCouncil(TimeStampedModel):
    """An emulation–commendation council (or bloc/cluster) of one level, with its members."""

    name = models.CharField(_("tên hội đồng"), max_length=255)
    level = models.CharField(_("cấp"), max_length=20, choices=CouncilLevel.choices)
    unit = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("cơ quan, đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    members = models.PositiveIntegerField(_("số thành viên"), default=0)
    women_members = models.PositiveIntegerField(_("trong đó nữ"), default=0)
    decision_ref = models.CharField(_("quyết định thành lập / kiện toàn"), max_length=255, blank=True)
    established_on = models.DateField(_("ngày thành lập"))
    dissolved_on = models.DateField(_("ngày giải thể"), null=True, blank=True)

    class Meta:
        verbose_name = _("hội đồng thi đua – khen thưởng")
        verbose_name_plural = _("hội đồng thi đua – khen thưởng")
        ordering = ["level", "name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=models.F("established_on")),
                name="stat_council_dates_ordered",
            ),
            models.CheckConstraint(
                condition=Q(women_members__lte=models.F("members")), name="stat_council_women_le_members"
            ),
        ]

    def __str__(self):
        return self.name


class EmulationStaff(TimeStampedModel):
    """A person doing emulation and commendation work (form 0605.N), by position and training."""

    full_name = models.CharField(_("họ và tên"), max_length=150)
    is_female = models.BooleanField(_("nữ"), default=False)
    unit = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("cơ quan, đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    position = models.CharField(_("vị trí"), max_length=20, choices=StaffPosition.choices)
    training = models.CharField(_("trình độ đào tạo"), max_length=20, choices=StaffTraining.choices)
    mode = models.CharField(
        _("chế độ làm việc"), max_length=20, choices=StaffMode.choices, default=StaffMode.FULL_TIME
    )
    trained_in_emulation = models.BooleanField(
        _("đã bồi dưỡng nghiệp vụ thi đua, khen thưởng"), default=False
    )
    started_on = models.DateField(_("từ ngày"))
    ended_on = models.DateField(_("đến ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("người làm công tác thi đua, khen thưởng")
        verbose_name_plural = _("người làm công tác thi đua, khen thưởng")
        ordering = ["position", "full_name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="stat_staff_dates_ordered",
            )
        ]

    def __str__(self):
        return self.full_name
