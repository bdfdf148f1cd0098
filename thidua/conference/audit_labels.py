"""Vietnamese phrases of the audit actions of the conference (see ``thidua.core.audit_labels``)."""

ACTIONS = {
    "conference.create": "tạo hội nghị tổng kết",
    "conference.update": "sửa thông tin hội nghị",
    "conference.prefill": "điền sẵn nội dung hội nghị",
    "conference.attendance": "cập nhật danh sách có mặt",
    "conference.passes_issue": "cấp thẻ bỏ phiếu",
    "ballot.create": "tạo nội dung biểu quyết",
    "ballot.update": "sửa nội dung biểu quyết",
    "ballot.open": "mở bỏ phiếu",
    "ballot.close": "kết thúc bỏ phiếu",
    "ballot.participate": "ghi nhận đơn vị đã bỏ phiếu",
    "ballot.participants": "ghi nhận danh sách đơn vị đã bỏ phiếu (khi kết thúc)",
    "ballot.paper_issue": "phát phiếu giấy",
    "ballot.paper_count": "nhập kết quả kiểm phiếu giấy",
    "ballot.paper_recount": "kiểm lại phiếu giấy",
    "ballot.runoff": "tổ chức bầu lại",
}

FIELDS = {
    "conference": "Hội nghị",
    "ballot": "Nội dung biểu quyết",
    "channel": "Kênh bỏ phiếu",
    "number": "Số tập phiếu",
    "ballots": "Số phiếu trong tập",
    "new": "Thẻ mới",
    "reissued": "Thẻ cấp lại",
    "present": "Có mặt",
    "absent": "Vắng mặt",
    "votes": "Số phiếu",
    "phone": "Bỏ phiếu trên điện thoại",
    "paper": "Bỏ phiếu giấy",
}
