from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    PARTY = "party", _("Cơ quan Đảng")
    STATE = "state", _("Cơ quan hành chính nhà nước")
    JUDICIAL = "judicial", _("Cơ quan tư pháp")
    ARMED = "armed", _("Lực lượng vũ trang")
    MASS = "mass", _("Mặt trận, đoàn thể")
    LOCALITY = "locality", _("Địa phương")
    ENTERPRISE = "enterprise", _("Doanh nghiệp")
    OTHER = "other", _("Khác")


class NameEvent(models.TextChoices):
    ESTABLISHED = "established", _("Thành lập")
    RENAMED = "renamed", _("Đổi tên")
    MERGED = "merged", _("Hợp nhất, sáp nhập")
    DISSOLVED = "dissolved", _("Giải thể")


class BlocKind(models.TextChoices):
    BLOC = "khoi", _("Khối thi đua")
    CLUSTER = "cum", _("Cụm thi đua")


class BlocLevel(models.TextChoices):
    PROVINCE = "tinh", _("Cấp tỉnh")
    MINISTRY = "bo_nganh", _("Bộ, ngành")
    CENTRAL = "trung_uong", _("Trung ương")


class LeaderSource(models.TextChoices):
    CONFERENCE = "conference", _("Bầu tại hội nghị tổng kết")
    ROTATION = "rotation", _("Theo thứ tự luân phiên")
    MANUAL = "manual", _("Chỉ định")


class Gender(models.TextChoices):
    MALE = "nam", _("Nam")
    FEMALE = "nu", _("Nữ")
