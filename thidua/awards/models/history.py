import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.accounts.choices import Role
from thidua.awards.choices import DisciplineLevel, FlagKind, InitiativeScope, Nature, Rating
from thidua.core.models import TimeStampedModel
from thidua.core.text import fold

ONE_SUBJECT = Q(unit__isnull=False, person__isnull=True) | Q(unit__isnull=True, person__isnull=False)


class SubjectQuerySet(models.QuerySet):
    """History rows belong to a collective (``unit``) or an individual (``person``). The
    provincial office and Council see all; a unit's officers see their unit and its people."""

    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()

        if user.is_provincial or user.has_role(Role.COUNCIL_MEMBER):
            return self
        if user.unit_id is None or not user.has_role(Role.UNIT_OFFICER, Role.BLOC_SECRETARY):
            return self.none()
        return self.filter(Q(unit_id=user.unit_id) | Q(person__unit_id=user.unit_id))


class AwardRecordQuerySet(SubjectQuerySet):
    def in_force(self, on: dt.date | None = None):
        """Records not revoked on ``on`` (today when None): a record revoked by a decision dated
        on or before ``on`` no longer counts (Law 06/2022 Art 93.2; see ``Revocation``)."""
        on = on or timezone.localdate()
        return self.exclude(revocation__decision_date__lte=on)

    def revoked(self, on: dt.date | None = None):
        """Records revoked by a decision dated on or before ``on`` (today when None)."""
        on = on or timezone.localdate()
        return self.filter(revocation__decision_date__lte=on)


class SubjectModel(models.Model):
    unit = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("tập thể"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    person = models.ForeignKey(
        "organisations.Person",
        verbose_name=_("cá nhân"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    import_job = models.ForeignKey(
        "awards.ImportJob", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = SubjectQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def subject(self):
        return self.unit if self.unit_id else self.person


class AwardRecord(SubjectModel, TimeStampedModel):
    """One award actually given: decision number and date, who decided, which award, to whom,
    for which year of achievement, and whether it was merit-based, thematic or extraordinary."""

    award = models.ForeignKey(
        "awards.Award", verbose_name=_("khen thưởng"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("năm thành tích"))
    period_start = models.PositiveSmallIntegerField(
        _("năm bắt đầu thời gian lập thành tích"),
        null=True,
        blank=True,
        help_text=_(
            "Theo quyết định (ví dụ 2021 cho thành tích 2021–2025); để trống: tính theo tiêu chuẩn của "
            "hình thức khen thưởng. Lần khen thưởng sau được tính từ thời gian này."
        ),
    )
    decision_number = models.CharField(_("số quyết định"), max_length=60)
    decision_date = models.DateField(_("ngày quyết định"))
    decided_by = models.CharField(_("cơ quan quyết định"), max_length=255, blank=True)
    nature = models.CharField(_("tính chất"), max_length=20, choices=Nature.choices, default=Nature.MERIT)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    search_text = models.CharField(max_length=600, editable=False, db_index=True)

    objects = AwardRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("quyết định khen thưởng")
        verbose_name_plural = _("lịch sử khen thưởng")
        ordering = ["-decision_date", "-id"]
        constraints = [
            models.CheckConstraint(condition=ONE_SUBJECT, name="award_record_one_subject"),
            models.UniqueConstraint(
                fields=["decision_number", "award", "unit"],
                condition=Q(unit__isnull=False),
                name="award_record_unit_once_per_decision",
            ),
            models.UniqueConstraint(
                fields=["decision_number", "award", "person"],
                condition=Q(person__isnull=False),
                name="award_record_person_once_per_decision",
            ),
        ]
        indexes = [models.Index(fields=["year", "award"]), models.Index(fields=["person", "year"])]

    def __str__(self):
        return f"{self.award} – {self.subject} ({self.year})"

    def save(self, *args, **kwargs):
        self.search_text = self.build_search_text()
        super().save(*args, **kwargs)

    def build_search_text(self) -> str:
        subject = self.subject
        extra = getattr(subject, "full_name", None) or getattr(subject, "name", "")
        return fold(f"{self.decision_number} {self.award.name} {extra} {self.decided_by} {self.note}")[:600]


class PerformanceRating(SubjectModel):
    """The yearly rating of a person or a collective (HTXS > HTT > HT > KHT)."""

    year = models.PositiveSmallIntegerField(_("năm"))
    rating = models.CharField(_("xếp loại"), max_length=5, choices=Rating.choices)

    class Meta:
        verbose_name = _("xếp loại hằng năm")
        verbose_name_plural = _("xếp loại hằng năm")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(condition=ONE_SUBJECT, name="rating_one_subject"),
            models.UniqueConstraint(
                fields=["unit", "year"], condition=Q(unit__isnull=False), name="rating_unit_once_a_year"
            ),
            models.UniqueConstraint(
                fields=["person", "year"], condition=Q(person__isnull=False), name="rating_person_once_a_year"
            ),
        ]
        indexes = [models.Index(fields=["year"])]

    def __str__(self):
        return f"{self.subject} {self.year}: {self.rating}"


class Initiative(SubjectModel):
    """A recognised initiative (sáng kiến) of an individual, with the scope of its effect."""

    year = models.PositiveSmallIntegerField(_("năm công nhận"))
    title = models.CharField(_("tên sáng kiến"), max_length=300)
    scope = models.CharField(_("phạm vi ảnh hưởng"), max_length=20, choices=InitiativeScope.choices)
    decision_number = models.CharField(_("số quyết định công nhận"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("sáng kiến được công nhận")
        verbose_name_plural = _("sáng kiến được công nhận")
        ordering = ["-year"]
        constraints = [models.CheckConstraint(condition=ONE_SUBJECT, name="initiative_one_subject")]

    def __str__(self):
        return self.title


class SubjectFlag(SubjectModel):
    """Discipline, or an open investigation, inspection or complaint, with its dates. While one
    is open the subject may not be proposed; after discipline only later achievements count."""

    kind = models.CharField(_("loại"), max_length=20, choices=FlagKind.choices)
    level = models.PositiveSmallIntegerField(
        _("hình thức kỷ luật"), choices=DisciplineLevel.choices, default=DisciplineLevel.NONE
    )
    started_on = models.DateField(_("từ ngày"))
    ended_on = models.DateField(_("đến ngày"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("kỷ luật / điều tra / thanh tra / khiếu nại")
        verbose_name_plural = _("kỷ luật / điều tra / thanh tra / khiếu nại")
        ordering = ["-started_on"]
        constraints = [
            models.CheckConstraint(condition=ONE_SUBJECT, name="flag_one_subject"),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="flag_period_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.subject}"


class ServicePeriod(models.Model):
    """A period during which a person worked in a unit (thời gian công tác tại đơn vị). A
    collective's members in year Y are the people who served in it during Y (Law 06/2022 Art
    27, 28 count members of that year), not today's staff: people with no period recorded
    count as members of their current unit while active."""

    person = models.ForeignKey(
        "organisations.Person", verbose_name=_("cá nhân"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "organisations.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+"
    )
    started_on = models.DateField(_("từ ngày"))
    ended_on = models.DateField(_("đến ngày"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("thời gian công tác tại đơn vị")
        verbose_name_plural = _("thời gian công tác tại đơn vị")
        ordering = ["person", "started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="service_period_ordered",
            )
        ]
        indexes = [models.Index(fields=["unit", "started_on"])]

    def __str__(self):
        return f"{self.person} – {self.unit} ({self.started_on:%d/%m/%Y})"
