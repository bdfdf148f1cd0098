"""Vietnamese phrases of the audit actions of documents (see ``thidua.core.audit_labels``)."""

ACTIONS = {
    "document.generate": "tạo văn bản",
}
