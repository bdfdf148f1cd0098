"""Vietnamese phrases of the audit actions of documents (see ``thidua.core.audit_labels``)."""

ACTIONS = {
    "document.generate": "tạo văn bản",
    "document.signed_copy_upload": "tải lên bản đã ký số (đã xác minh)",
    "document.signature_refused": "từ chối bản ký số không hợp lệ",
    "document.issue": "ban hành văn bản (bản ký số đã xác minh)",
}
