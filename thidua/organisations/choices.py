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
    HOUSEHOLD = "household", _("Hộ gia đình")
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


class PersonCategory(models.TextChoices):
    """The object category of an individual in the award statistics (forms 0602.N, 0603.N of
    Circular 02/2023/TT-BNV: "Chia theo đối tượng khen thưởng")."""

    LEADER_CENTRAL = "leader_central", _("Lãnh đạo cấp bộ, cấp tỉnh và tương đương trở lên")
    LEADER_DEPARTMENT = "leader_department", _("Lãnh đạo cấp vụ, sở, ngành và tương đương")
    BUSINESS = "business", _("Doanh nhân")
    LEADER_OTHER = "leader_other", _("Các cấp lãnh đạo khác từ phó phòng trở lên")
    WORKER = "worker", _("Người trực tiếp công tác, lao động, học tập, chiến đấu và phục vụ chiến đấu")
