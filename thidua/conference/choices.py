from django.db import models
from django.utils.translation import gettext_lazy as _


class BallotKind(models.TextChoices):
    GOVERNMENT_FLAG = "government_flag", _("Đề nghị Cờ thi đua của Chính phủ")
    PROVINCIAL_FLAG = "provincial_flag", _("Đề nghị Cờ thi đua cấp tỉnh")
    CERTIFICATE = "certificate", _("Đề nghị Bằng khen")
    NEXT_LEADER = "next_leader", _("Bầu trưởng khối năm sau")
    NEXT_DEPUTY = "next_deputy", _("Bầu phó khối năm sau")
    QUESTION = "question", _("Biểu quyết đồng ý / không đồng ý")


# Kinds whose winners become award proposals (read by the proposals work through selectors).
AWARD_KINDS = {BallotKind.GOVERNMENT_FLAG, BallotKind.PROVINCIAL_FLAG, BallotKind.CERTIFICATE}
LEADERSHIP_KINDS = {BallotKind.NEXT_LEADER, BallotKind.NEXT_DEPUTY}


class BallotStatus(models.TextChoices):
    DRAFT = "draft", _("Đang chuẩn bị")
    OPEN = "open", _("Đang bỏ phiếu")
    CLOSED = "closed", _("Đã kết thúc")


class Channel(models.TextChoices):
    PHONE = "phone", _("Bỏ phiếu trên điện thoại")
    PAPER = "paper", _("Phiếu giấy")


class BatchStatus(models.TextChoices):
    COUNTED = "counted", _("Đã đếm lần 1, chờ kiểm lại")
    CONFIRMED = "confirmed", _("Đã kiểm lại, khớp")


class CandidateStatus(models.TextChoices):
    ELECTED = "elected", _("Trúng cử / được đề nghị")
    TIED = "tied", _("Bằng phiếu, chưa phân định")
    NOT_ELECTED = "not_elected", _("Không trúng cử")
    NOT_REACHED = "not_reached", _("Không đạt tỉ lệ")
