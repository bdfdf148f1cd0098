import datetime as dt
import uuid

from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from thidua.core.api import ErrorOut
from thidua.core.idempotency import idempotent_operation
from thidua.documents import signing
from thidua.documents.selectors import downloadable_or_404, signed_copy_or_404
from thidua.documents.views import file_response, signed_file_response

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
    issued_at: dt.datetime | None = None
    signed_copies_url: str = ""

    @staticmethod
    def resolve_created_by_name(obj):
        user = obj.created_by
        return (user.get_full_name() or user.username) if user else ""

    @staticmethod
    def resolve_download_url(obj):
        return f"/api/v1/documents/{obj.uuid}/file"

    @staticmethod
    def resolve_signed_copies_url(obj):
        return f"/api/v1/documents/{obj.uuid}/signed-copies"


class SignatureOut(Schema):
    field_name: str
    signer_name: str
    signer_subject: str
    signing_time: dt.datetime | None
    timestamped: bool
    issuer: str
    serial: str
    valid_from: dt.datetime | None
    valid_until: dt.datetime | None
    intact: bool
    trusted: bool
    covers_whole_file: bool


class SignedCopyOut(Schema):
    uuid: uuid.UUID
    document: uuid.UUID
    file_name: str
    size: int
    sha256: str
    verified: bool
    reason_code: str
    reason: str
    signer_name: str
    signed_at: dt.datetime | None
    issuer: str
    serial: str
    uploaded_at: dt.datetime
    uploaded_by_name: str
    signatures: list[SignatureOut]
    download_url: str

    @staticmethod
    def resolve_document(obj):
        return obj.document.uuid

    @staticmethod
    def resolve_uploaded_by_name(obj):
        user = obj.uploaded_by
        return (user.get_full_name() or user.username) if user else ""

    @staticmethod
    def resolve_signatures(obj):
        return (obj.report or {}).get("signatures", [])

    @staticmethod
    def resolve_download_url(obj):
        return f"/api/v1/signed-copies/{obj.uuid}/file"


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


@router.get(
    "/documents/{key}/signed-copies",
    response={200: list[SignedCopyOut], 404: ErrorOut},
    url_name="api_signed_copy_list",
    summary="Các bản đã ký số (đã xác minh) của một văn bản",
)
def signed_copy_list(request, key: uuid.UUID):
    return signing.signed_copies_of(downloadable_or_404(request.user, key))


@router.post(
    "/documents/{key}/signed-copies",
    response={201: SignedCopyOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    url_name="api_signed_copy_upload",
    summary="Tải lên bản PDF đã ký số: xác minh, lưu báo cáo và ban hành văn bản (422 kèm lý do nếu từ chối)",
)
@idempotent_operation
def signed_copy_upload(request, key: uuid.UUID, file: File[UploadedFile]):
    document = downloadable_or_404(request.user, key)
    copy = signing.signed_copy_upload(
        actor=request.user,
        document=document,
        data=file.read(signing.MAX_BYTES + 1),
        file_name=file.name or "",
    )
    return Status(201, copy)


@router.get(
    "/signed-copies/{key}",
    response={200: SignedCopyOut, 404: ErrorOut},
    url_name="api_signed_copy_detail",
    summary="Báo cáo xác minh của một bản đã ký số",
)
def signed_copy_detail(request, key: uuid.UUID):
    return signed_copy_or_404(request.user, key)


@router.get(
    "/signed-copies/{key}/file",
    response={200: None, 404: ErrorOut},
    url_name="api_signed_copy_file",
    summary="Tải về bản PDF đã ký số",
)
def signed_copy_file(request, key: uuid.UUID):
    return signed_file_response(signed_copy_or_404(request.user, key))
