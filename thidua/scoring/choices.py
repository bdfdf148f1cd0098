from django.db import models
from django.utils.translation import gettext_lazy as _


class AssessmentStatus(models.TextChoices):
    """Life of one unit's score sheet in a bloc year."""

    DRAFT = "draft", _("Đang tự chấm")
    SUBMITTED = "submitted", _("Đã nộp, chờ thẩm định")
    RETURNED = "returned", _("Bị trả lại để chấm lại")
    FINALISED = "finalised", _("Đã chốt điểm")


# Stages (thidua.cycles.choices.Stage values) in which units may edit their own sheet, reviewers
# may review, and after which results are public inside the bloc.
SELF_EDIT_STAGES = {"launched", "self_assessment", "review"}
REVIEW_STAGES = {"self_assessment", "review"}
PUBLISHED_STAGES = {"conference", "proposals", "closed"}
