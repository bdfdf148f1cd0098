"""Vietnamese phrases of the audit actions of scoring (see ``thidua.core.audit_labels``)."""

ACTIONS = {
    "score.save": "lưu điểm tự chấm",
    "evidence.add": "tải lên minh chứng",
    "evidence.delete": "xóa minh chứng",
    "assessment.submit": "nộp bảng tự chấm điểm",
    "assessment.send_back": "trả lại bảng điểm để chấm lại",
    "assessment.finalise": "chốt điểm",
    "assessment.follow_rubric": "cập nhật bảng điểm theo tiêu chí sửa đổi",
    "review.assign": "phân công thẩm định",
    "review.reassign": "đổi đơn vị thẩm định",
    "review.save": "lưu điểm thẩm định",
    "review.complete": "hoàn thành thẩm định",
    "scoring.publish": "công bố kết quả chấm điểm",
    "moderation.record": "ghi điểm thống nhất cho tiêu chí chênh lệch lớn",
    "scoring.close_out": "kết thúc chấm điểm của đơn vị không nộp bảng điểm",
    "scoring.close_out_reopen": "mở lại việc chấm điểm của đơn vị",
}

FIELDS = {
    "points": "Điểm",
    "explanation": "Giải trình",
    "reviewer": "Đơn vị thẩm định",
    "reason": "Lý do",
    "reviewer_points": "Điểm của các đơn vị thẩm định",
    "mode": "Cách xử lý",
}
