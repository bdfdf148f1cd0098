"""Vietnamese phrases of the audit actions of the statutory statistics (see
``thidua.core.audit_labels``)."""

from thidua.core.audit_labels import JOB_ENDINGS

ACTIONS = {
    # The emulation organisation and staff the office keeps (forms 0604.N, 0605.N; services_org).
    "emulation_council.create": "thêm Hội đồng Thi đua – Khen thưởng (biểu 0604.N)",
    "emulation_council.update": "sửa thông tin Hội đồng Thi đua – Khen thưởng (biểu 0604.N)",
    "emulation_staff.create": "thêm công chức, viên chức làm công tác thi đua, khen thưởng (biểu 0605.N)",
    "emulation_staff.update": "sửa thông tin công chức, viên chức làm công tác thi đua, khen thưởng (biểu 0605.N)",
    # Sent reports and exports.
    "statistics_report.submit": "chốt số liệu và gửi báo cáo thống kê thi đua, khen thưởng",
    "statistics_report.correct": "tạo bản điều chỉnh báo cáo thống kê thi đua, khen thưởng",
    **{f"statistics_export.{end}": f"{verb} lượt xuất báo cáo thống kê" for end, verb in JOB_ENDINGS.items()},
}
FIELDS = {
    "year": "Năm thống kê",
    "body": "Đơn vị báo cáo",
    "number": "Phiên bản",
    "digest": "Mã kiểm tra số liệu",
    "cells": "Số ô có số liệu",
    "warnings": "Số bản ghi chưa phân loại",
    "previous": "Phiên bản trước",
    "form": "Biểu",
    "format": "Định dạng",
    "file": "Tệp",
    "size": "Dung lượng (byte)",
}
