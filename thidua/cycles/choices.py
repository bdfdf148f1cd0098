from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    """Stages of a bloc year, in order."""

    DRAFT = "draft", _("Dự thảo")
    LAUNCHED = "launched", _("Đã phát động, ký giao ước")
    SELF_ASSESSMENT = "self_assessment", _("Đơn vị tự chấm điểm")
    REVIEW = "review", _("Thẩm định, chấm điểm")
    CONFERENCE = "conference", _("Hội nghị tổng kết")
    PROPOSALS = "proposals", _("Đề nghị khen thưởng")
    CLOSED = "closed", _("Đã kết thúc")


STAGE_ORDER = [s.value for s in Stage]


class RubricItemKind(models.TextChoices):
    GROUP = "group", _("Nhóm tiêu chí")
    CRITERION = "criterion", _("Tiêu chí")
    SUB = "sub", _("Tiêu chí thành phần")
    BONUS = "bonus", _("Điểm cộng, điểm thưởng")
    DEDUCTION = "deduction", _("Điểm trừ")


class TransitionKind(models.TextChoices):
    ADVANCE = "advance", _("Chuyển bước")
    REOPEN = "reopen", _("Mở lại bước trước")


class MovementKind(models.TextChoices):
    REGULAR = "regular", _("Thường xuyên")
    THEMATIC = "thematic", _("Chuyên đề")
    PHASE = "phase", _("Theo đợt")


class LaunchLevel(models.TextChoices):
    """Who launched a movement (form 0601.N of Circular 02/2023/TT-BNV, columns 2–4)."""

    CENTRAL = "central", _("Cấp Trung ương (Hội đồng Thi đua – Khen thưởng Trung ương)")
    MINISTRY_PROVINCE = "ministry_province", _("Cấp bộ, ban, ngành, đoàn thể trung ương, tỉnh, thành phố")
    AGENCY = "agency", _("Cơ quan, tổ chức, đơn vị")


class MovementScope(models.TextChoices):
    """The scope a movement is organised in (form 0601.N, rows 02–05)."""

    NATIONAL = "national", _("Toàn quốc")
    MINISTRY_PROVINCE = "ministry_province", _("Bộ, ban, ngành, đoàn thể, địa phương")
    BLOC = "bloc", _("Cụm, khối thi đua do Hội đồng Thi đua – Khen thưởng các cấp tổ chức")
    AGENCY = "agency", _("Cơ quan, tổ chức, đơn vị")


# The action that moves a year into each stage, with the button label.
ADVANCE_ACTIONS = {
    "launch": (Stage.DRAFT, Stage.LAUNCHED, _("Phát động, ký giao ước")),
    "open_self_assessment": (Stage.LAUNCHED, Stage.SELF_ASSESSMENT, _("Mở tự chấm điểm")),
    "open_review": (Stage.SELF_ASSESSMENT, Stage.REVIEW, _("Mở thẩm định, chấm điểm")),
    "open_conference": (Stage.REVIEW, Stage.CONFERENCE, _("Chuyển sang hội nghị tổng kết")),
    "open_proposals": (Stage.CONFERENCE, Stage.PROPOSALS, _("Mở đề nghị khen thưởng")),
    "close": (Stage.PROPOSALS, Stage.CLOSED, _("Kết thúc năm thi đua")),
}
