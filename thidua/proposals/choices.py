from django.db import models
from django.utils.translation import gettext_lazy as _


class ProposalStatus(models.TextChoices):
    """The road of a proposal from the bloc to the award in history (one service per step)."""

    DRAFT = "draft", _("Dự thảo")
    SUBMITTED = "submitted", _("Khối đã trình")
    RETURNED = "returned", _("Bị trả lại")
    RECEIVED = "received", _("Phòng TĐKT đã tiếp nhận")
    APPROVED = "approved", _("Hội đồng đã thông qua")
    FORWARDED = "forwarded", _("Đã gửi Bộ Nội vụ trình Trung ương")
    NOT_APPROVED = "not_approved", _("Không được thông qua")
    DECIDED = "decided", _("Đã có quyết định khen thưởng")


class ProposalGround(models.TextChoices):
    """What a commendation is proposed for (Law 06/2022 Art 73, 74: any one of its grounds)."""

    CHECKABLE = "checkable", _("Thành tích nhiều năm theo tiêu chuẩn (kiểm tra từ dữ liệu)")
    MOVEMENT = "movement", _("Thành tích xuất sắc được bình xét trong phong trào thi đua")
    CONTRIBUTION = "contribution", _("Lập được nhiều thành tích, có đóng góp có phạm vi ảnh hưởng")
    EXTRAORDINARY = "extraordinary", _("Thành tích đột xuất")


# Statuses the bloc may still edit, and statuses that reach the Council.
EDITABLE = {ProposalStatus.DRAFT, ProposalStatus.RETURNED}
AT_COUNCIL = {
    ProposalStatus.RECEIVED,
    ProposalStatus.APPROVED,
    ProposalStatus.FORWARDED,
    ProposalStatus.NOT_APPROVED,
    ProposalStatus.DECIDED,
}
# Proposals that still count against a quota (everything not refused along the way).
COUNTS_FOR_QUOTA = {
    ProposalStatus.DRAFT,
    ProposalStatus.SUBMITTED,
    ProposalStatus.RETURNED,
    ProposalStatus.RECEIVED,
    ProposalStatus.APPROVED,
    ProposalStatus.FORWARDED,
    ProposalStatus.DECIDED,
}
SUBMITTED_OR_LATER = {
    ProposalStatus.SUBMITTED,
    ProposalStatus.RECEIVED,
    ProposalStatus.APPROVED,
    ProposalStatus.FORWARDED,
    ProposalStatus.DECIDED,
}
# Awards decided above the province (Prime Minister, State President): after the Council, the
# province sends the dossier to the Ministry of Home Affairs (Word and PDF, by 30/06 of the next year).
CENTRAL_AUTHORITIES = {"prime_minister", "president"}


class Source(models.TextChoices):
    CONFERENCE = "conference", _("Từ kết quả biểu quyết của hội nghị")
    MANUAL = "manual", _("Nhập trực tiếp")


class DossierKind(models.TextChoices):
    """The files of a dossier (Decree 30/2020 layout; Law 06/2022 Art 84.1 lists the first three)."""

    LETTER = "proposal_letter", _("Tờ trình đề nghị khen thưởng (Mẫu 01)")
    REPORT = "achievement_report", _("Báo cáo thành tích")
    MINUTES = "review_minutes", _("Biên bản bình xét kèm kết quả biểu quyết")
    LIST = "subject_list", _("Danh sách đề nghị khen thưởng")


# Conference ballot kinds → award codes of the catalogue.
BALLOT_AWARDS = {
    "government_flag": "co_cp",
    "provincial_flag": "co_tinh",
    "certificate": "bk_tinh_tt",
}
GOVERNMENT_FLAG = "co_cp"
PROVINCIAL_FLAG = "co_tinh"

# The kind of generated document of the bloc's list of proposed subjects (Word and Excel).
LIST_KIND = "bloc_proposal_list"


class CouncilChannel(models.TextChoices):
    """How the Council's result reached the record: typed in by the office after a paper meeting,
    or counted from the members' votes in the app."""

    PAPER = "paper", _("Họp giấy (Phòng TĐKT nhập kết quả)")
    ELECTRONIC = "electronic", _("Biểu quyết điện tử")


class CouncilSessionStatus(models.TextChoices):
    PREPARED = "prepared", _("Chưa mở biểu quyết")
    OPEN = "open", _("Đang biểu quyết")
    CLOSED = "closed", _("Đã đóng")


class CouncilChoice(models.TextChoices):
    """A member's vote on one proposal. Decree 98/2023 Art 30.7 counts the share of ALL members who
    agree, so there is no abstention: a member who does not agree either disagrees or does not vote,
    and both count against the proposal."""

    AGREE = "agree", _("Đồng ý")
    DISAGREE = "disagree", _("Không đồng ý")


# The kind of generated document of a Council e-vote session's minutes (Word).
COUNCIL_MINUTES_KIND = "council_minutes"
