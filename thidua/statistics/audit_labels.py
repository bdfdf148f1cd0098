"""Vietnamese phrases of the audit actions of the statutory statistics (see
``thidua.core.audit_labels``)."""

ACTIONS = {
    "statistics_report.submit": "chốt số liệu và gửi báo cáo thống kê thi đua, khen thưởng",
    "statistics_report.correct": "tạo bản điều chỉnh báo cáo thống kê thi đua, khen thưởng",
}
FIELDS = {
    "year": "Năm thống kê",
    "body": "Đơn vị báo cáo",
    "number": "Phiên bản",
    "digest": "Mã kiểm tra số liệu",
    "cells": "Số ô có số liệu",
    "warnings": "Số bản ghi chưa phân loại",
    "previous": "Phiên bản trước",
}
