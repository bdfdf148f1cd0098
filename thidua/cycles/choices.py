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
