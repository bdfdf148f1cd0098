import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from thidua.accounts.choices import Role
from thidua.core.models import TimeStampedModel
from thidua.core.text import fold, sort_key
from thidua.organisations.choices import (
    BlocKind,
    BlocLevel,
    Gender,
    LeaderSource,
    NameEvent,
    PersonCategory,
    UnitKind,
)


def default_organiser() -> str:
    return settings.THIDUA_ORGANISER


class Unit(TimeStampedModel):
    """An agency or unit (cơ quan, đơn vị) that belongs to blocs and receives collective awards.

    Its current name is kept on the row; earlier names live in ``name_history`` so that records
    of past years show the name that was valid then."""

    code = models.CharField(_("mã đơn vị"), max_length=30, unique=True)
    name = models.CharField(_("tên đầy đủ"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=100, blank=True)
    parent_body = models.CharField(_("cơ quan chủ quản"), max_length=255, blank=True)
    kind = models.CharField(_("loại đơn vị"), max_length=20, choices=UnitKind.choices, default=UnitKind.STATE)
    established_on = models.DateField(_("ngày thành lập"), null=True, blank=True)
    dissolved_on = models.DateField(_("ngày giải thể / sáp nhập"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị kế thừa"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
    )
    name_sort = models.CharField(max_length=600, editable=False, db_index=True)
    search_text = models.CharField(max_length=400, editable=False, db_index=True)

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["name_sort"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_sort = sort_key(self.name)
        self.search_text = fold(f"{self.code} {self.name} {self.short_name}")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("organisations:unit_detail", args=[self.code])

    @property
    def is_dissolved(self) -> bool:
        return self.dissolved_on is not None

    def record_on(self, day: dt.date) -> "UnitNameRecord | None":
        """The name record valid on ``day``. Uses prefetched ``name_history`` when available."""
        for record in self.name_history.all():
            if record.valid_from <= day and (record.valid_to is None or day <= record.valid_to):
                return record
        return None

    def name_on(self, day: dt.date) -> str:
        """The name valid on ``day``."""
        record = self.record_on(day)
        return record.name if record else self.name

    def name_in_year(self, year: int) -> str:
        """The name valid at the end of ``year`` (a 2019 record keeps the 2019 name)."""
        return self.name_on(year_end(year))

    def short_name_in_year(self, year: int) -> str:
        """The short name valid at the end of ``year``, else the full name of that year."""
        record = self.record_on(year_end(year))
        if record is None:
            return self.short_name or self.name
        return record.short_name or record.name

    def name_sort_in_year(self, year: int) -> str:
        """Collation key of :meth:`name_in_year`, for sorting in Python."""
        return sort_key(self.name_in_year(year))


def year_end(year: int) -> dt.date:
    """The day whose name counts for a whole year: its last day."""
    return dt.date(int(year), 12, 31)


class UnitNameRecord(models.Model):
    """One period of a unit's name, closed by a rename, merger or dissolution."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="name_history")
    name = models.CharField(_("tên"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=100, blank=True)
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    event = models.CharField(_("sự kiện"), max_length=20, choices=NameEvent.choices)
    end_event = models.CharField(_("sự kiện kết thúc"), max_length=20, choices=NameEvent.choices, blank=True)
    decision_ref = models.CharField(_("căn cứ quyết định"), max_length=255, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    name_sort = models.CharField(max_length=600, editable=False, db_index=True, default="")

    class Meta:
        verbose_name = _("lịch sử tên đơn vị")
        verbose_name_plural = _("lịch sử tên đơn vị")
        ordering = ["valid_from", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="unit_name_period_ordered",
            )
        ]

    def __str__(self):
        return (
            f"{self.name} ({self.valid_from:%d/%m/%Y} – {self.valid_to:%d/%m/%Y})"
            if self.valid_to
            else self.name
        )

    def save(self, *args, **kwargs):
        self.name_sort = sort_key(self.name)
        super().save(*args, **kwargs)


class Bloc(TimeStampedModel):
    """An emulation bloc (khối) or cluster (cụm): units that emulate each other every year,
    organised by a council (the province's Emulation–Commendation Council by default)."""

    code = models.CharField(_("mã khối"), max_length=30, unique=True)
    name = models.CharField(_("tên khối / cụm"), max_length=255)
    short_name = models.CharField(_("tên ngắn"), max_length=100, blank=True)
    kind = models.CharField(_("loại"), max_length=10, choices=BlocKind.choices, default=BlocKind.BLOC)
    sector = models.CharField(_("lĩnh vực"), max_length=150, blank=True)
    level = models.CharField(
        _("cấp tổ chức"), max_length=20, choices=BlocLevel.choices, default=BlocLevel.PROVINCE
    )
    organiser = models.CharField(_("cơ quan tổ chức"), max_length=255, default=default_organiser)
    description = models.TextField(_("mô tả"), blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    name_sort = models.CharField(max_length=600, editable=False, db_index=True)
    search_text = models.CharField(max_length=400, editable=False, db_index=True)

    class Meta:
        verbose_name = _("khối / cụm thi đua")
        verbose_name_plural = _("khối / cụm thi đua")
        ordering = ["name_sort"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_sort = sort_key(self.name)
        self.search_text = fold(f"{self.code} {self.name} {self.short_name} {self.sector}")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("organisations:bloc_detail", args=[self.code])


class RotationSlot(models.Model):
    """A place in the bloc's written order of rotation for the leader role."""

    bloc = models.ForeignKey(Bloc, on_delete=models.CASCADE, related_name="rotation")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(_("thứ tự"))

    class Meta:
        verbose_name = _("thứ tự luân phiên")
        verbose_name_plural = _("thứ tự luân phiên")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["bloc", "position"], name="rotation_position_unique"),
            models.UniqueConstraint(fields=["bloc", "unit"], name="rotation_unit_unique"),
        ]

    def __str__(self):
        return f"{self.position}. {self.unit}"


def unit_ref(label):
    """An optional reference from a bloc year to a unit in one of its roles."""
    return models.ForeignKey(
        Unit, verbose_name=label, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )


class BlocYearQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()

        if user.is_provincial or user.has_role(Role.COUNCIL_MEMBER):
            return self
        if user.unit_id is None:
            return self.none()
        # A subquery, not a join: a join on members would also restrict annotations such as
        # Count("members") to the user's own membership row.
        member_of = BlocYearMember.objects.filter(unit_id=user.unit_id).values("bloc_year_id")
        return self.filter(Q(pk__in=member_of) | Q(leader_id=user.unit_id) | Q(acting_leader_id=user.unit_id))

    def with_people(self):
        return self.select_related("bloc", "leader", "deputy", "acting_leader", "proposed_leader")


class BlocYear(TimeStampedModel):
    """A bloc's membership for one year, with its leader (khối trưởng) and deputy (khối phó).

    Until a leader is confirmed for a new year the previous leader stays in charge as
    ``acting_leader``. ``settings`` holds the bloc's machine-readable regulations."""

    bloc = models.ForeignKey(Bloc, verbose_name=_("khối"), on_delete=models.PROTECT, related_name="years")
    year = models.PositiveSmallIntegerField(_("năm"))
    leader = unit_ref(_("trưởng khối"))
    deputy = unit_ref(_("phó khối"))
    leader_source = models.CharField(
        _("cách chọn trưởng khối"), max_length=20, choices=LeaderSource.choices, blank=True
    )
    leader_confirmed_at = models.DateTimeField(_("xác nhận trưởng khối lúc"), null=True, blank=True)
    proposed_leader = unit_ref(_("trưởng khối dự kiến"))
    proposed_deputy = unit_ref(_("phó khối dự kiến"))
    acting_leader = unit_ref(_("trưởng khối tạm thời (năm trước)"))
    elected_next_leader = unit_ref(_("trưởng khối năm sau (được bầu)"))
    elected_next_deputy = unit_ref(_("phó khối năm sau (được bầu)"))
    settings = models.JSONField(_("thiết lập của khối"), default=dict, blank=True)
    notes = models.TextField(_("ghi chú"), blank=True)

    objects = BlocYearQuerySet.as_manager()

    class Meta:
        verbose_name = _("năm thi đua của khối")
        verbose_name_plural = _("năm thi đua của khối")
        ordering = ["bloc__name_sort", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["bloc", "year"], name="bloc_year_unique"),
            models.CheckConstraint(
                condition=Q(leader__isnull=True) | Q(deputy__isnull=True) | ~Q(leader=models.F("deputy")),
                name="bloc_year_leader_not_deputy",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1990) & Q(year__lte=2200), name="bloc_year_year_range"
            ),
        ]

    def __str__(self):
        return f"{self.bloc.short_name or self.bloc.name} – {self.year}"

    def get_absolute_url(self):
        return reverse("organisations:bloc_year_detail", args=[self.bloc.code, self.year])

    @property
    def effective_leader(self):
        """The unit in charge now: the confirmed leader, else the previous year's leader."""
        return self.leader if self.leader_id else self.acting_leader

    @property
    def effective_leader_id(self):
        return self.leader_id or self.acting_leader_id

    @property
    def awaiting_confirmation(self) -> bool:
        return self.leader_id is None


class BlocYearMember(models.Model):
    """A unit's membership of a bloc in one year. ``year`` and ``organiser`` are copied from the
    bloc year so that the database itself refuses a unit in two blocs of one organiser a year."""

    bloc_year = models.ForeignKey(BlocYear, on_delete=models.CASCADE, related_name="members")
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="memberships"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    organiser = models.CharField(_("cơ quan tổ chức"), max_length=255)
    head_name = models.CharField(_("họ tên thủ trưởng"), max_length=150, blank=True)
    head_title = models.CharField(_("chức vụ thủ trưởng"), max_length=150, blank=True)
    joined_at = models.DateTimeField(_("tham gia lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("thành viên khối theo năm")
        verbose_name_plural = _("thành viên khối theo năm")
        ordering = ["unit__name_sort"]
        constraints = [
            models.UniqueConstraint(fields=["bloc_year", "unit"], name="member_once_per_bloc_year"),
            models.UniqueConstraint(
                fields=["unit", "year", "organiser"], name="member_one_bloc_per_organiser_year"
            ),
        ]

    def __str__(self):
        return f"{self.unit} ({self.bloc_year})"


class PersonQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()

        if user.is_provincial or user.has_role(Role.COUNCIL_MEMBER):
            return self
        if user.unit_id is None:
            return self.none()
        return self.filter(unit_id=user.unit_id)


class Person(TimeStampedModel):
    """An individual (cá nhân) working in a unit, who may receive individual awards."""

    full_name = models.CharField(_("họ và tên"), max_length=150)
    gender = models.CharField(_("giới tính"), max_length=5, choices=Gender.choices)
    birth_date = models.DateField(_("ngày sinh"), null=True, blank=True)
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="people")
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)
    category = models.CharField(
        _("đối tượng (thống kê)"),
        max_length=20,
        choices=PersonCategory.choices,
        blank=True,
        help_text=_("Nhóm đối tượng cá nhân trong biểu thống kê khen thưởng 0602.N, 0603.N."),
    )
    is_active = models.BooleanField(_("đang công tác"), default=True)
    publication_consent = models.BooleanField(
        _("đồng ý công bố khen thưởng"),
        default=False,
        help_text=_(
            "Cá nhân đồng ý công khai họ tên và khen thưởng của mình trên cổng thông tin "
            "(tra cứu khen thưởng, trang xác thực bằng khen, giấy khen)."
        ),
    )
    name_sort = models.CharField(max_length=600, editable=False, db_index=True)
    search_text = models.CharField(max_length=400, editable=False, db_index=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("cá nhân")
        verbose_name_plural = _("cá nhân")
        ordering = ["name_sort", "id"]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        # Vietnamese lists sort by given name (the last word), then by the full name.
        given = self.full_name.split()[-1] if self.full_name.split() else ""
        self.name_sort = sort_key(given) + "|" + sort_key(self.full_name)
        self.search_text = fold(f"{self.full_name} {self.position}")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("organisations:person_detail", args=[self.pk])
