from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse

from thidua.documents.selectors import downloadable_or_404
from thidua.documents.services import read_bytes


def file_response(document) -> HttpResponse:
    data = read_bytes(document)
    if data is None:
        raise Http404
    response = HttpResponse(data, content_type=document.content_type)
    response["Content-Disposition"] = _disposition(document.file_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _disposition(name: str) -> str:

    ascii_name = name.encode("ascii", "ignore").decode() or "van-ban"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"


@login_required
def download(request, key):
    return file_response(downloadable_or_404(request.user, key))
