"""Control characters are refused wherever text is typed, once for the whole site.

A NUL byte or another C0 control character (tab, line feed and carriage return excepted) is never
what a user meant to type, PostgreSQL refuses NUL in text (a 500 before this guard), and Excel
cannot hold them. ``ControlCharacterMiddleware`` answers any request whose query string, form
fields or JSON body holds one with 400 and a Vietnamese page (the API: ``{"detail", "errors"}``
naming the fields), before any view runs, so nothing is stored. ``no_control_characters`` is the
same rule as a validator: every ``StyledFormMixin`` text field and every spreadsheet text cell
(``thidua.core.spreadsheets.CellText``) carries it, for input that does not come through a request
(imports, commands, tests calling forms).

The same guard bounds the query string: an address whose parameter holds more than
``THIDUA_MAX_QUERY_VALUE`` characters (default 500: a search, a filter, a page number never
needs more) is answered 400 with the parameter named, rather than a search over a megabyte of
text. Form and JSON text are bounded by their own fields' and schemas' lengths."""

from __future__ import annotations

import json
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.http import JsonResponse
from django.shortcuts import render

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MESSAGE = (
    "Nội dung có ký tự điều khiển không hợp lệ (như ký tự NUL); chỉ được dùng chữ, số, dấu câu, "
    "khoảng trắng, tab và xuống dòng. Hãy xóa ký tự đó rồi gửi lại."
)
JSON_TYPES = ("application/json", "+json")
MAX_QUERY_VALUE = 500


def max_query_value() -> int:
    return int(getattr(settings, "THIDUA_MAX_QUERY_VALUE", MAX_QUERY_VALUE))


def too_long_message(limit: int) -> str:
    return (
        f"Tham số trên địa chỉ dài quá {limit:,} ký tự; hãy rút ngắn nội dung tìm kiếm hoặc bộ lọc.".replace(
            ",", "."
        )
    )


def long_query_fields(request) -> list[str]:
    """The names of the query parameters of ``request`` longer than the limit (name or value)."""
    limit = max_query_value()
    return [
        key[:100]
        for key, values in request.GET.lists()
        if len(key) > limit or any(len(v) > limit for v in values)
    ]


def has_control(value: str) -> bool:
    return bool(CONTROL.search(value))


def no_control_characters(value) -> None:
    """Validator: refuses text holding a control character other than tab and line breaks."""
    if isinstance(value, str) and has_control(value):
        raise ValidationError(MESSAGE, code="control_characters")


def without_null_validator(validators: list) -> list:
    """``validators`` without Django's English "Null characters are not allowed." (ours says it)."""
    return [v for v in validators if not isinstance(v, ProhibitNullCharactersValidator)]


def _walk(value, path: str, found: list[str]) -> None:
    if isinstance(value, str):
        if has_control(value):
            found.append(path or "body")
    elif isinstance(value, dict):
        for key, item in value.items():
            name = f"{path}.{key}" if path else str(key)
            if has_control(str(key)):
                found.append(name)
            _walk(item, name, found)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _walk(item, f"{path}[{index}]" if path else f"[{index}]", found)


def bad_fields(request) -> list[str]:
    """The names of the query, form and JSON fields of ``request`` holding a control character."""
    found: list[str] = []
    for key, values in request.GET.lists():
        if has_control(key) or any(has_control(v) for v in values):
            found.append(key)
    if request.method in ("POST", "PUT", "PATCH", "DELETE"):
        content_type = request.content_type or ""
        if content_type.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
            for key, values in request.POST.lists():
                if has_control(key) or any(isinstance(v, str) and has_control(v) for v in values):
                    found.append(key)
        elif content_type.endswith(JSON_TYPES):
            try:
                body = json.loads(request.body or b"null")
            except (ValueError, UnicodeDecodeError):
                body = None  # the API answers malformed JSON itself
            _walk(body, "", found)
    return list(dict.fromkeys(found))


class ControlCharacterMiddleware:
    """400 with a Vietnamese answer for any request carrying a control character (see module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        found = bad_fields(request)
        if found:
            return refusal(request, found)
        long = long_query_fields(request)
        if long:
            return refusal(request, long, message=too_long_message(max_query_value()))
        return self.get_response(request)


def refusal(request, fields: list[str], *, message: str = MESSAGE):
    if request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"detail": message, "errors": {name: [message] for name in fields}}, status=400)
    template = "errors/control_characters.html" if message == MESSAGE else "400.html"
    return render(request, template, {"code": 400, "message": message}, status=400)
