"""REST endpoints of the Excel import of a bloc year's proposals: the template, the upload
(multipart; answered 202 with the job, which is checked in the background) and the job's
progress with its row errors. Same rights as creating the bloc year's proposals: 404 when the
bloc year is not visible, 403 when visible but not yours."""

import datetime as dt
import uuid

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from thidua.core.api import ErrorOut
from thidua.core.errors import field_error
from thidua.core.idempotency import idempotent_operation
from thidua.core.permissions import get_visible_or_404
from thidua.core.spreadsheets import check_upload
from thidua.organisations.models import BlocYear
from thidua.proposals import importer, services
from thidua.proposals.models import ProposalImportJob
from thidua.proposals.permissions import can_prepare

router = Router(tags=["Đề nghị khen thưởng"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _managed_year(request, code: str, year: int) -> BlocYear:
    by = get_visible_or_404(BlocYear.objects.with_people(), request.user, bloc__code=code, year=year)
    if not can_prepare(request.user, by):
        raise PermissionDenied(services.NOT_YOURS)
    return by


class BlocYearJobOut(Schema):
    """What every background job of a bloc year shows: its bloc, year, status and page."""

    uid: uuid.UUID
    bloc: str
    year: int
    status: str
    status_label: str
    phase: str
    message: str
    created_at: dt.datetime
    finished_at: dt.datetime | None
    url: str

    @staticmethod
    def resolve_bloc(obj):
        return obj.bloc_year.bloc.code

    @staticmethod
    def resolve_year(obj):
        return obj.bloc_year.year

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()

    @staticmethod
    def resolve_url(obj):
        return obj.get_absolute_url()


class ImportRowErrorOut(Schema):
    row: int
    subject: str
    messages: list[str]


class ImportJobOut(BlocYearJobOut):
    filename: str
    total_rows: int
    processed_rows: int
    percent: int
    created_count: int
    created_proposals: list[uuid.UUID]
    errors: list[ImportRowErrorOut]

    @staticmethod
    def resolve_total_rows(obj):
        return obj.total

    @staticmethod
    def resolve_processed_rows(obj):
        return obj.done


def _job(by: BlocYear, uid: uuid.UUID) -> ProposalImportJob:
    try:
        return (
            ProposalImportJob.objects.defer("content")
            .select_related("bloc_year__bloc")
            .get(uid=uid, bloc_year=by)
        )
    except ProposalImportJob.DoesNotExist as exc:
        raise Http404 from exc


@router.get(
    "/proposal-years/{code}/{year}/imports/template",
    response={200: None, **ERRORS},
    url_name="api_proposal_import_template",
    summary="Tệp mẫu danh sách đề nghị (.xlsx) của khối năm",
)
def import_template(request, code: str, year: int):
    by = _managed_year(request, code, year)
    response = HttpResponse(importer.template_workbook(bloc_year=by), content_type=importer.XLSX)
    response["Content-Disposition"] = f'attachment; filename="{importer.template_filename(by)}"'
    return response


@router.post(
    "/proposal-years/{code}/{year}/imports",
    response={202: ImportJobOut, **ERRORS},
    url_name="api_proposal_import_create",
    summary="Nhập danh sách đề nghị từ Excel (kiểm tra chạy nền; tất cả hoặc không đề nghị nào)",
)
@idempotent_operation
def import_create(request, code: str, year: int, file: File[UploadedFile] = None):
    by = _managed_year(request, code, year)
    if file is None:
        raise field_error("file", "Chọn tệp danh sách đề nghị (.xlsx) để tải lên (trường “file”).")
    check_upload(file)
    job = importer.proposal_import_create(
        actor=request.user, bloc_year=by, filename=file.name or "", content=file.read()
    )
    return Status(
        202, ProposalImportJob.objects.defer("content").select_related("bloc_year__bloc").get(pk=job.pk)
    )


@router.get(
    "/proposal-years/{code}/{year}/imports",
    response={200: list[ImportJobOut], **ERRORS},
    url_name="api_proposal_import_list",
    summary="Các lượt nhập danh sách đề nghị của khối năm",
)
def import_list(request, code: str, year: int):
    by = _managed_year(request, code, year)
    return list(importer.imports_of(bloc_year=by))


@router.get(
    "/proposal-years/{code}/{year}/imports/{uid}",
    response={200: ImportJobOut, **ERRORS},
    url_name="api_proposal_import_detail",
    summary="Tiến độ và kết quả một lượt nhập (kèm lỗi theo dòng)",
)
def import_detail(request, code: str, year: int, uid: uuid.UUID):
    return _job(_managed_year(request, code, year), uid)
