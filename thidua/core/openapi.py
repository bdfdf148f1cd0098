"""Finishing touches on the OpenAPI document, for every operation at once.

Every operation can meet the answers the whole site gives, whatever its own code says: 400 (a
control character or an over-long query parameter, ``thidua.core.text_guard``), 401/403/404
(not signed in, not allowed, not yours), 409 (the same idempotency key still in flight), 413
(a body over the ceiling, ``thidua.core.uploads``), 422 (invalid input) and 503 (the database
away). All share the error shape ``{"detail", "errors"}`` (``ErrorOut``); listing them on every
operation makes the document say what a client will really receive, which the fuzz test
(``tests/test_api_fuzz.py``) holds it to.

Times are written by pydantic as "14:00:00", without the UTC offset that JSON Schema's
``format: time`` (RFC 3339) demands: the document describes them with a pattern instead."""

from __future__ import annotations

COMMON = {
    "400": "Yêu cầu không hợp lệ (ký tự điều khiển, tham số quá dài).",
    "401": "Chưa đăng nhập hoặc mã truy cập không hợp lệ.",
    "403": "Không được phép.",
    "404": "Không tìm thấy (hoặc không thuộc quyền xem).",
    "409": "Xung đột: yêu cầu giống hệt đang được xử lý, hoặc dữ liệu đã đổi.",
    "413": "Dữ liệu gửi lên quá lớn.",
    "422": "Dữ liệu không hợp lệ.",
    "503": "Mất kết nối cơ sở dữ liệu; thử lại sau (Retry-After).",
}
ERROR_REF = "#/components/schemas/ErrorOut"
TIME_PATTERN = r"^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$"
METHODS = {"get", "put", "post", "patch", "delete"}


def _error_schema() -> dict:
    return {
        "title": "ErrorOut",
        "type": "object",
        "properties": {
            "detail": {"title": "Detail", "type": "string"},
            "errors": {
                "title": "Errors",
                "type": "object",
                "additionalProperties": {"type": "array", "items": {"type": "string"}},
                "default": {},
            },
        },
        "required": ["detail"],
    }


def _times(node) -> None:
    if isinstance(node, dict):
        if node.get("type") == "string" and node.get("format") == "time":
            del node["format"]
            node["pattern"] = TIME_PATTERN
        for value in node.values():
            _times(value)
    elif isinstance(node, list):
        for value in node:
            _times(value)


def finish(schema: dict) -> dict:
    schema.setdefault("components", {}).setdefault("schemas", {}).setdefault("ErrorOut", _error_schema())
    for operations in schema.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in METHODS:
                continue
            responses = operation.setdefault("responses", {})
            for code, description in COMMON.items():
                responses.setdefault(
                    code,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": {"$ref": ERROR_REF}}},
                    },
                )
    _times(schema)
    return schema
