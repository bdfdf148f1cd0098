from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from thidua.core.errors import error_messages
from thidua.core.idempotency import idempotent
from thidua.core.permissions import require
from thidua.documents import services, signing
from thidua.documents.forms import SignedCopyForm
from thidua.documents.models import GeneratedDocument, SignedCopy
from thidua.documents.selectors import downloadable_or_404, signed_copy_or_404
from thidua.documents.services import read_bytes


def file_response(document) -> HttpResponse:
    data = read_bytes(document)
    if data is None:
        raise Http404
    return _bytes_response(data, document.content_type, document.file_name)


def signed_file_response(copy: SignedCopy) -> HttpResponse:
    data = signing.read_signed_bytes(copy)
    if data is None:
        raise Http404
    return _bytes_response(data, "application/pdf", copy.file_name)


def _bytes_response(data: bytes, content_type: str, file_name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = _disposition(file_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _disposition(name: str) -> str:

    ascii_name = name.encode("ascii", "ignore").decode() or "van-ban"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"


@login_required
def download(request, key):
    return file_response(downloadable_or_404(request.user, key))


def _pdf_of(document: GeneratedDocument) -> GeneratedDocument | None:
    """The PDF made from this Word file (same owner, kind and inputs), if any."""
    if document.file_format == "pdf":
        return document
    return GeneratedDocument.objects.filter(
        owner_type=document.owner_type,
        owner_id=document.owner_id,
        kind=document.kind,
        template_version=document.template_version,
        inputs_hash=document.inputs_hash,
        file_format="pdf",
    ).first()


@login_required
@idempotent
def signing_page(request, key):
    """A generated document's signed copies and verification reports; "Tải lên bản đã ký số"."""
    document = downloadable_or_404(request.user, key)
    may_sign = signing.can_sign(request.user, document)
    form = SignedCopyForm(request.POST or None, request.FILES or None) if may_sign else None
    refused = None
    if request.method == "POST":
        require(may_sign)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                copy = signing.signed_copy_upload(
                    actor=request.user,
                    document=document,
                    data=upload.read(signing.MAX_BYTES + 1),
                    file_name=upload.name,
                )
            except signing.SignatureRefused as exc:
                refused = exc.report
                form.add_error("file", refused.reason)
            except ValidationError as exc:
                for message in error_messages(exc).get("file", []) + error_messages(exc).get("__all__", []):
                    form.add_error("file", message)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"Đã xác minh bản ký số và ban hành văn bản. {copy.reason}")
                return redirect(copy.get_absolute_url())
    pdf = _pdf_of(document)
    return render(
        request,
        "documents/signing.html",
        {
            "document": document,
            "pdf": pdf,
            "copies": signing.signed_copies_of(document),
            # The upload form while the PDF waits for its signed copy (or to show why a POST failed).
            "form": form
            if form is not None
            and (form.errors or (document.file_format == "pdf" and not document.is_issued))
            else None,
            "may_sign": may_sign,
            "refused": refused,
            "pdf_available": services.pdf_available(),
            "required": signing.signatures_required(),
        },
    )


@login_required
@require_POST
def signing_pdf(request, key):
    """Make the PDF of a generated Word file (LibreOffice) and open its signing page."""
    document = downloadable_or_404(request.user, key)
    require(signing.can_sign(request.user, document))
    pdf = _pdf_of(document)
    if pdf is None and document.file_format == "docx":
        pdf = services.generate_pdf(actor=request.user, document=document)
    if pdf is None:
        messages.error(
            request,
            "Máy chủ chưa cài LibreOffice nên chưa tạo được bản PDF để ký số. Hãy báo quản trị hệ thống.",
        )
        return redirect(document.get_signing_url())
    return redirect(pdf.get_signing_url())


@login_required
def signed_copy(request, key):
    """The verification report of a signed copy."""
    copy = signed_copy_or_404(request.user, key)
    return render(
        request,
        "documents/signed_copy.html",
        {"copy": copy, "document": copy.document, "report": copy.report_data},
    )


@login_required
def signed_copy_file(request, key):
    return signed_file_response(signed_copy_or_404(request.user, key))
