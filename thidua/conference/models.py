"""The year-end conference (hội nghị tổng kết) and its secret ballots.

Secrecy is a property of the schema, not of the views: ``Participation`` says who has voted and
``CastBallot`` holds what was voted, and nothing joins them. Cast ballots have random UUID keys,
no voter, no timestamp and no sequence, so neither a column nor an ordering can be matched to the
participation list. While a ballot is open, phone papers wait sealed in its ``BallotBox`` and
reach ``CastBallot`` only at closing, shuffled (see docs/conference.md, ``sealing`` and
tests/test_secrecy_schema.py, tests/test_untraceable.py)."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from thidua.conference.choices import BallotKind, BallotStatus, BatchStatus, Channel
from thidua.core.models import TimeStampedModel
from thidua.organisations.models import BlocYear


def new_token() -> str:
    return secrets.token_urlsafe(24)


def new_receipt() -> str:
    # Ten characters from an alphabet without look-alikes, grouped for reading aloud.
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


class ConferenceQuerySet(models.QuerySet):
    def visible_to(self, user):

        return self.filter(bloc_year__in=BlocYear.objects.visible_to(user).values("pk"))


class Conference(TimeStampedModel):
    """The year-end conference of a bloc year: when and where it met, who chaired and kept the
    minutes, who attended, the agenda, the four fixed sections of the minutes and the
    resolutions adopted."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    bloc_year = models.OneToOneField(
        "organisations.BlocYear",
        verbose_name=_("năm thi đua"),
        on_delete=models.PROTECT,
        related_name="conference",
    )
    held_on = models.DateField(_("ngày họp"))
    starts_at = models.TimeField(_("giờ bắt đầu"), null=True, blank=True)
    venue_unit = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("đơn vị đăng cai"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    venue = models.CharField(_("địa điểm"), max_length=255, blank=True)
    chair_name = models.CharField(_("chủ trì"), max_length=200, blank=True)
    secretary_name = models.CharField(_("thư ký hội nghị"), max_length=200, blank=True)
    agenda = models.JSONField(_("chương trình"), default=list, blank=True)
    results = models.TextField(_("kết quả đạt được"), blank=True)
    limitations = models.TextField(_("hạn chế"), blank=True)
    causes = models.TextField(_("nguyên nhân"), blank=True)
    directions = models.TextField(_("phương hướng năm sau"), blank=True)
    resolutions = models.TextField(_("nội dung hội nghị thống nhất"), blank=True)

    objects = ConferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("hội nghị tổng kết")
        verbose_name_plural = _("hội nghị tổng kết")
        ordering = ["-held_on"]

    def __str__(self):
        return f"Hội nghị tổng kết {self.bloc_year}"

    def get_absolute_url(self):
        return reverse("conference:detail", args=[self.pk])


class Attendance(models.Model):
    """Whether a member unit attended, who voted for it and who else came."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="attendance")
    unit = models.ForeignKey("organisations.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT)
    present = models.BooleanField(_("có mặt"), default=True)
    delegate_name = models.CharField(_("đại biểu biểu quyết"), max_length=200, blank=True)
    delegate_title = models.CharField(_("chức vụ"), max_length=200, blank=True)
    other_delegates = models.TextField(_("đại biểu khác (mỗi dòng một người)"), blank=True)

    class Meta:
        verbose_name = _("điểm danh")
        verbose_name_plural = _("điểm danh")
        ordering = ["unit__name_sort"]
        constraints = [
            models.UniqueConstraint(fields=["conference", "unit"], name="attendance_once_per_unit")
        ]

    def __str__(self):
        return f"{self.unit} – {'có mặt' if self.present else 'vắng'}"


class VoterPass(models.Model):
    """A delegate's voting link for one conference: a random token shown as a link and a QR
    code. It votes at most once on each ballot; reissuing replaces the token."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="passes")
    unit = models.ForeignKey("organisations.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT)
    token = models.CharField(_("mã bỏ phiếu"), max_length=64, unique=True, default=new_token)

    class Meta:
        verbose_name = _("thẻ bỏ phiếu")
        verbose_name_plural = _("thẻ bỏ phiếu")
        ordering = ["unit__name_sort"]
        constraints = [models.UniqueConstraint(fields=["conference", "unit"], name="one_pass_per_unit")]

    def __str__(self):
        return f"Thẻ bỏ phiếu {self.unit}"


class BallotQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(conference__in=Conference.objects.visible_to(user).values("pk"))


class Ballot(TimeStampedModel):
    """One question put to the vote: a proposal for an award, the next leader or deputy, or a
    free yes/no question. A runoff is a new ballot of the next round among tied candidates."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="ballots")
    kind = models.CharField(_("loại biểu quyết"), max_length=20, choices=BallotKind.choices)
    title = models.CharField(_("nội dung biểu quyết"), max_length=300)
    seats = models.PositiveSmallIntegerField(_("số lượng được chọn"), default=1)
    round = models.PositiveSmallIntegerField(_("vòng"), default=1)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("vòng trước"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="runoffs",
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=BallotStatus.choices, default=BallotStatus.DRAFT
    )
    opened_at = models.DateTimeField(_("mở lúc"), null=True, blank=True)
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    result = models.JSONField(_("kết quả kiểm phiếu"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    objects = BallotQuerySet.as_manager()

    class Meta:
        verbose_name = _("nội dung biểu quyết")
        verbose_name_plural = _("nội dung biểu quyết")
        ordering = ["position", "created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(seats__gte=1), name="ballot_seats_positive"),
        ]

    def __str__(self):
        suffix = f" (vòng {self.round})" if self.round > 1 else ""
        return f"{self.title}{suffix}"

    def get_absolute_url(self):
        return reverse("conference:ballot_detail", args=[self.pk])

    @property
    def is_question(self) -> bool:
        return self.kind == BallotKind.QUESTION


class Candidate(models.Model):
    """A unit on a ballot paper, in the order printed (the leading unit first)."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="candidates")
    unit = models.ForeignKey("organisations.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("ứng viên")
        verbose_name_plural = _("ứng viên")
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["ballot", "unit"], name="candidate_once_per_ballot")]

    def __str__(self):
        return str(self.unit)


class Participation(models.Model):
    """Who has voted on a ballot and through which channel. The unique constraint makes the
    database refuse a second vote of the same unit, whatever the channel. Deliberately has no
    timestamp and a random key: its rows cannot be put in voting order."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="participations")
    unit = models.ForeignKey("organisations.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT)
    channel = models.CharField(_("hình thức"), max_length=10, choices=Channel.choices)

    class Meta:
        verbose_name = _("danh sách đã bỏ phiếu")
        verbose_name_plural = _("danh sách đã bỏ phiếu")
        constraints = [models.UniqueConstraint(fields=["ballot", "unit"], name="one_vote_per_unit")]

    def __str__(self):
        return f"{self.unit} đã bỏ phiếu"


class CastBallot(models.Model):
    """One electronic ballot paper, weight one. It names no voter and carries no time: a unit
    with weight N casts N identical papers, the first of which carries the receipt code. Rows are
    written only when the ballot closes, all at once and shuffled, from the sealed box."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="cast")
    choices = models.JSONField(_("lựa chọn"), default=list)
    abstain = models.BooleanField(_("không chọn ai / không biểu quyết"), default=False)
    receipt = models.CharField(_("mã biên nhận"), max_length=16, blank=True, db_index=True)

    class Meta:
        verbose_name = _("phiếu điện tử")
        verbose_name_plural = _("phiếu điện tử")
        ordering = ["id"]

    def __str__(self):
        return "Phiếu bầu"


class BallotBox(models.Model):
    """The sealed ballot box of a ballot open for phone votes: every paper cast so far, shuffled
    and encrypted together in this one row (``sealing``), rewritten by each vote and emptied into
    ``CastBallot`` in a random order when the ballot closes. No column, order, transaction or
    time of the papers table can then follow the order of the votes."""

    ballot = models.OneToOneField(
        Ballot, primary_key=True, on_delete=models.CASCADE, related_name="box", verbose_name=_("biểu quyết")
    )
    sealed = models.BinaryField(_("phiếu đã niêm phong"), default=b"")

    class Meta:
        verbose_name = _("hòm phiếu điện tử")
        verbose_name_plural = _("hòm phiếu điện tử")

    def __str__(self):
        return "Hòm phiếu"


class PaperBatch(models.Model):
    """A bundle of paper ballots counted by the counting committee, then counted again: the
    batch counts only when the recount gives the same figures."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="paper_batches")
    number = models.PositiveSmallIntegerField(_("số tập phiếu"))
    ballots = models.PositiveIntegerField(_("số phiếu trong tập"))
    invalid = models.PositiveIntegerField(_("phiếu không hợp lệ"), default=0)
    abstain = models.PositiveIntegerField(_("phiếu trắng / không biểu quyết"), default=0)
    counts = models.JSONField(_("số phiếu từng lựa chọn"), default=dict)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=BatchStatus.choices, default=BatchStatus.COUNTED
    )
    counted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người đếm")
    )
    recounted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người kiểm lại"),
    )

    class Meta:
        verbose_name = _("tập phiếu giấy")
        verbose_name_plural = _("tập phiếu giấy")
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["ballot", "number"], name="paper_batch_number_unique")]

    def __str__(self):
        return f"Tập phiếu số {self.number}"


class OutcomeQuerySet(models.QuerySet):
    def visible_to(self, user):

        return self.filter(bloc_year__in=BlocYear.objects.visible_to(user).values("pk"))


class Outcome(models.Model):
    """A decision of the conference's vote: a unit proposed for an award, or elected to lead or
    deputise next year, with the figures it won by (read by the proposals work)."""

    bloc_year = models.ForeignKey(
        "organisations.BlocYear", on_delete=models.PROTECT, related_name="conference_outcomes"
    )
    ballot = models.ForeignKey(Ballot, on_delete=models.PROTECT, related_name="outcomes")
    kind = models.CharField(_("loại"), max_length=20, choices=BallotKind.choices)
    unit = models.ForeignKey("organisations.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT)
    votes = models.PositiveIntegerField(_("số phiếu"))
    base = models.PositiveIntegerField(_("trên tổng số"))
    share = models.CharField(_("tỉ lệ"), max_length=20)

    objects = OutcomeQuerySet.as_manager()

    class Meta:
        verbose_name = _("kết quả biểu quyết")
        verbose_name_plural = _("kết quả biểu quyết")
        ordering = ["kind", "-votes", "unit__name_sort"]
        constraints = [
            models.UniqueConstraint(fields=["bloc_year", "kind", "unit"], name="outcome_once_per_kind")
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.unit} ({self.votes}/{self.base})"
