"""Vietnamese phrases of the audit actions of proposals (see ``thidua.core.audit_labels``)."""

from thidua.core.audit_labels import JOB_ENDINGS
from thidua.proposals.choices import ProposalStatus

# proposal.<status>: the status the proposal moved to.
_STATUS_PHRASES = {
    ProposalStatus.DRAFT: "đưa đề nghị khen thưởng về dự thảo",
    ProposalStatus.SUBMITTED: "trình đề nghị khen thưởng",
    ProposalStatus.RETURNED: "trả lại đề nghị khen thưởng",
    ProposalStatus.RECEIVED: "tiếp nhận đề nghị khen thưởng",
    ProposalStatus.APPROVED: "ghi nhận Hội đồng thông qua đề nghị khen thưởng",
    ProposalStatus.FORWARDED: "gửi đề nghị khen thưởng lên Bộ Nội vụ",
    ProposalStatus.NOT_APPROVED: "ghi nhận Hội đồng không thông qua đề nghị khen thưởng",
    ProposalStatus.DECIDED: "ghi nhận quyết định khen thưởng cho đề nghị",
}

ACTIONS = {
    "proposal.create": "tạo đề nghị khen thưởng",
    "proposal.update": "sửa đề nghị khen thưởng",
    "proposal.dossier": "tạo hồ sơ đề nghị khen thưởng",
    "proposal_list.generate": "tạo danh sách đề nghị khen thưởng",
    "round_settings.save": "lưu thiết lập đợt xét khen thưởng",
    "council_session.create": "tạo phiên biểu quyết điện tử của Hội đồng TĐKT",
    "council_session.open": "mở phiên biểu quyết điện tử của Hội đồng TĐKT",
    "council_session.check_in": "điểm danh có mặt tại phiên biểu quyết của Hội đồng TĐKT",
    "council_session.close": "đóng phiên biểu quyết điện tử của Hội đồng TĐKT",
    "council_vote.cast": "biểu quyết một đề nghị trong phiên của Hội đồng TĐKT",
    "decision.create": "ghi quyết định khen thưởng",
    "decision.issue": "ban hành quyết định khen thưởng (bản ký số đã xác minh)",
    "exemplary.create": "thêm điển hình tiên tiến",
    "exemplary.update": "sửa điển hình tiên tiến",
    "exemplary.publish": "công bố điển hình tiên tiến",
    "exemplary.photo_add": "thêm ảnh điển hình tiên tiến",
    "exemplary.photo_remove": "xóa ảnh điển hình tiên tiến",
    **{f"proposal.{status.value}": phrase for status, phrase in _STATUS_PHRASES.items()},
    **{f"dossier_job.{end}": f"{verb} lượt tạo hồ sơ" for end, verb in JOB_ENDINGS.items()},
    **{f"proposal_import.{end}": f"{verb} lượt nhập danh sách đề nghị" for end, verb in JOB_ENDINGS.items()},
}

FIELDS = {
    "proposal": "Đề nghị",
    "choice": "Biểu quyết",
    "members": "Thành viên",
    "secret": "Bỏ phiếu kín",
    "quorum": "Tỉ lệ có mặt tối thiểu",
    "present": "Số thành viên có mặt",
    "present_members": "Thành viên có mặt",
    "quorum_met": "Đủ số thành viên có mặt",
    "results": "Kết quả",
    "files": "Tệp đã tạo",
    "status": "Trạng thái",
    "proposals": "Đề nghị",
}
