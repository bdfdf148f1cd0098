from django.db import models
from django.utils.translation import gettext_lazy as _


class AwardKind(models.TextChoices):
    """The Law keeps emulation titles and forms of commendation apart (MISA QLCB keeps both fields)."""

    TITLE = "title", _("Danh hiệu thi đua")
    COMMENDATION = "commendation", _("Hình thức khen thưởng")


class SubjectKind(models.TextChoices):
    COLLECTIVE = "collective", _("Tập thể")
    INDIVIDUAL = "individual", _("Cá nhân")


class Authority(models.TextChoices):
    HEAD_OF_UNIT = "head_of_unit", _("Thủ trưởng cơ quan, đơn vị")
    MINISTER = "minister", _("Bộ trưởng, Thủ trưởng cơ quan ngang bộ, ngành, đoàn thể trung ương")
    PROVINCIAL_CHAIRMAN = "provincial_chairman", _("Chủ tịch UBND tỉnh")
    PRIME_MINISTER = "prime_minister", _("Thủ tướng Chính phủ")
    PRESIDENT = "president", _("Chủ tịch nước")


class Nature(models.TextChoices):
    """Why an award was given: only merit-based awards count as prerequisites (Decree 152/2025 Art 4).
    It is also the method of award (phương thức khen thưởng) the statistics split by (forms
    0602.N, 0603.N of Circular 02/2023/TT-BNV): regular, thematic, extraordinary, foreign,
    dedication, seniority, resistance (0603.N only). Every value but ``MERIT`` is not merit-based."""

    MERIT = "merit", _("Thường xuyên (theo công trạng)")
    THEMATIC = "thematic", _("Theo chuyên đề")
    EXTRAORDINARY = "extraordinary", _("Đột xuất")
    FOREIGN = "foreign", _("Đối ngoại")
    DEDICATION = "dedication", _("Quá trình cống hiến")
    SENIORITY = "seniority", _("Niên hạn")
    RESISTANCE = "resistance", _("Kháng chiến")


class Rating(models.TextChoices):
    """Yearly performance rating; ``RATING_ORDER`` ranks them."""

    HTXS = "HTXS", _("Hoàn thành xuất sắc nhiệm vụ")
    HTT = "HTT", _("Hoàn thành tốt nhiệm vụ")
    HT = "HT", _("Hoàn thành nhiệm vụ")
    KHT = "KHT", _("Không hoàn thành nhiệm vụ")


RATING_ORDER = {"KHT": 0, "HT": 1, "HTT": 2, "HTXS": 3}


class InitiativeScope(models.TextChoices):
    GRASSROOTS = "grassroots", _("Cấp cơ sở")
    PROVINCIAL = "provincial", _("Cấp tỉnh")
    NATIONAL = "national", _("Toàn quốc")


SCOPE_ORDER = {"grassroots": 1, "provincial": 2, "national": 3}


class FlagKind(models.TextChoices):
    """Circumstances that block a proposal while open (Decree 152/2025 Art 4)."""

    DISCIPLINE = "discipline", _("Kỷ luật")
    INVESTIGATION = "investigation", _("Đang bị điều tra")
    INSPECTION = "inspection", _("Đang bị thanh tra, kiểm tra")
    COMPLAINT = "complaint", _("Đang có khiếu nại, tố cáo")


class DisciplineLevel(models.IntegerChoices):
    NONE = 0, _("—")
    REPRIMAND = 1, _("Khiển trách")
    WARNING = 2, _("Cảnh cáo")
    SALARY_DOWN = 3, _("Hạ bậc lương")
    DEMOTION = 4, _("Giáng chức")
    DISMISSAL = 5, _("Cách chức")
    FORCED_RESIGNATION = 6, _("Buộc thôi việc")


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Đang chờ")
    RUNNING = "running", _("Đang xử lý")
    SUCCEEDED = "succeeded", _("Hoàn tất")
    FAILED = "failed", _("Bị từ chối")


class CashRounding(models.TextChoices):
    UP_10000 = "up_10000", _("Làm tròn lên hàng chục nghìn đồng")
    NEAREST_10000 = "nearest_10000", _("Làm tròn đến hàng chục nghìn gần nhất")
    UP_1000 = "up_1000", _("Làm tròn lên hàng nghìn đồng")
    NONE = "none", _("Không làm tròn")


class QuotaRounding(models.TextChoices):
    FLOOR = "floor", _("Làm tròn xuống")
    NEAREST = "nearest", _("Làm tròn đến số gần nhất")
    CEIL = "ceil", _("Làm tròn lên")
