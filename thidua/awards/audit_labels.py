"""Vietnamese phrases of the audit actions of awards (see ``thidua.core.audit_labels``)."""

from thidua.core.audit_labels import JOB_ENDINGS

ACTIONS = {
    "award_record.create": "ghi lịch sử khen thưởng",
    "base_salary.create": "thêm mức lương cơ sở",
    "initiative.create": "ghi nhận sáng kiến",
    "rating.set": "ghi xếp loại mức độ hoàn thành nhiệm vụ",
    "subject_flag.create": "ghi nhận kỷ luật, thanh tra, điều tra hoặc khiếu nại",
    "subject_flag.close": "kết thúc vụ việc kỷ luật, thanh tra, điều tra hoặc khiếu nại",
    "rule_pack.update": "sửa bộ quy tắc khen thưởng",
    "rule_pack.copy": "sao chép bộ quy tắc khen thưởng",
    "rule_pack.close": "kết thúc hiệu lực bộ quy tắc khen thưởng",
    "rule_entry.update": "sửa quy tắc của một hình thức khen thưởng",
    "rule_entry.create": "thêm quy tắc cho một hình thức khen thưởng vào bộ quy tắc",
    "service_period.create": "ghi thời gian công tác của cá nhân tại đơn vị",
    "service_period.end": "ghi ngày kết thúc thời gian công tác của cá nhân tại đơn vị",
    "award.create": "thêm danh hiệu, hình thức khen thưởng vào danh mục",
    "award_revocation.create": "thu hồi khen thưởng (hủy bỏ quyết định khen thưởng)",
    "award_revocation.payment": "ghi một lần thu hồi tiền thưởng",
    "award_revocation.certificate": "ghi đã thu hồi hiện vật khen thưởng",
    **{f"award_import.{end}": f"{verb} lượt nhập lịch sử khen thưởng" for end, verb in JOB_ENDINGS.items()},
}
