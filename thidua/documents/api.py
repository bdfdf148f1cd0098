import datetime as dt
import uuid

from ninja import Router, Schema

from thidua.core.api import ErrorOut
from thidua.documents.selectors import downloadable_or_404
from thidua.documents.views import file_response

router = Router(tags=["Văn bản"])


class DocumentOut(Schema):
    uuid: uuid.UUID
    kind: str
    title: str
    owner_type: str
    owner_id: str
    template_version: str
    inputs_hash: str
    file_format: str
    file_name: str
    size: int
    created_at: dt.datetime
    created_by_name: str
    download_url: str

    @staticmethod
    def resolve_created_by_name(obj):
        user = obj.created_by
        return (user.get_full_name() or user.username) if user else ""

    @staticmethod
    def resolve_download_url(obj):
        return f"/api/v1/documents/{obj.uuid}/file"


@router.get(
    "/documents/{key}",
    response={200: DocumentOut, 404: ErrorOut},
    url_name="api_document_detail",
    summary="Thông tin một văn bản đã tạo",
)
def document_detail(request, key: uuid.UUID):
    return downloadable_or_404(request.user, key)


@router.get(
    "/documents/{key}/file",
    response={200: None, 404: ErrorOut},
    url_name="api_document_file",
    summary="Tải tệp văn bản (Word, Excel, PDF)",
)
def document_file(request, key: uuid.UUID):
    return file_response(downloadable_or_404(request.user, key))
