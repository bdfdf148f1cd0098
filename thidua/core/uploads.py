"""One ceiling for every request body, checked before Django reads it.

Each upload has its own limit, checked by its form or service from the size the multipart parser
reports (evidence 10 MB, images 5 MB, spreadsheets ``THIDUA_SPREADSHEET_MAX_BYTES``, award history
20 MB…). Above them all, ``RequestSizeMiddleware`` answers 413 with a Vietnamese page (JSON for
the API) to any request whose declared length exceeds ``THIDUA_MAX_REQUEST_BYTES`` (default
21 MB: the largest upload plus its form), before the body is parsed, so no view, parser or
temporary file ever holds it. nginx's ``client_max_body_size`` (deploy/nginx.conf) is the same
figure, so both answer the same."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render

MAX_REQUEST_BYTES = 21 * 1024 * 1024


def max_request_bytes() -> int:
    return int(getattr(settings, "THIDUA_MAX_REQUEST_BYTES", MAX_REQUEST_BYTES))


def too_large_message() -> str:
    return (
        f"Dữ liệu gửi lên quá lớn: tối đa {max_request_bytes() // (1024 * 1024)} MB cho mỗi lần gửi. "
        "Hãy chia nhỏ tệp rồi gửi lại."
    )


class RequestSizeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > max_request_bytes():
            message = too_large_message()
            if request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", ""):
                return JsonResponse({"detail": message, "errors": {}}, status=413)
            return render(request, "400.html", {"code": 413, "message": message}, status=413)
        return self.get_response(request)
