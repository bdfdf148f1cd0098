"""Signed copies of generated documents (issue 14): an officer signs the generated PDF on their
own machine with their token and uploads it; the server verifies it (``signatures.verify``)
against exactly the PDF it generated and the configured trust list. A verified copy is kept with
its report and makes the document issued (``GeneratedDocument.issued_at``); the owning app hears
of it through the ``document_issued`` hook, inside the same transaction (a decision writes its
awards into history then). A refused upload changes nothing: its report goes to the audit log
and the Vietnamese reason back to the officer.

Who may upload is decided by the owning app through the ``document_signing`` hook."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from thidua.core.audit import audit, snapshot
from thidua.core.hooks import call_hooks
from thidua.documents import signatures
from thidua.documents.models import GeneratedDocument, SignedCopy
from thidua.documents.services import read_bytes, storage_root

MAX_BYTES = 20 * 1024 * 1024
DENIED = "Bạn không có quyền tải lên bản đã ký số của văn bản này."
COPY_FIELDS = [
    "document",
    "file_name",
    "size",
    "sha256",
    "verified",
    "reason_code",
    "signer_name",
    "signed_at",
]


class SignatureRefused(ValidationError):
    """A refused upload: the Vietnamese reason on the ``file`` field, and the full report."""

    def __init__(self, report: signatures.SignatureReport):
        super().__init__({"file": [report.reason]})
        self.report = report


def signatures_required() -> bool:
    """On: a decision (and any document whose app asks) is issued only by a verified signed PDF."""
    return bool(getattr(settings, "THIDUA_SIGNATURES_REQUIRED", False))


def trust_roots() -> list:
    return signatures.load_trust_roots(getattr(settings, "THIDUA_TRUST_ROOTS", []))


def can_sign(user, document: GeneratedDocument) -> bool:
    """The owning app decides (``document_signing`` hook answering True); nobody otherwise."""
    if not getattr(user, "is_authenticated", False):
        return False
    return any(result is True for result in call_hooks("document_signing", user=user, document=document))


def read_signed_bytes(copy: SignedCopy) -> bytes | None:
    path = storage_root() / copy.path
    return path.read_bytes() if path.is_file() else None


def signed_copies_of(document: GeneratedDocument) -> list[SignedCopy]:
    return list(document.signed_copies.select_related("uploaded_by"))


def _check(actor, document: GeneratedDocument, data: bytes) -> bytes:
    if not can_sign(actor, document):
        raise PermissionDenied(DENIED)
    if document.file_format != "pdf":
        raise ValidationError(
            {"file": ["Chỉ ký số bản PDF của văn bản: hãy tạo bản PDF, tải về, ký số rồi tải lên bản đã ký."]}
        )
    if document.issued_at is not None:
        raise ValidationError(
            {
                "file": [
                    f"Văn bản đã được ban hành lúc {timezone.localtime(document.issued_at):%H:%M ngày %d/%m/%Y} "
                    "với bản ký số đã xác minh."
                ]
            }
        )
    if not data:
        raise ValidationError({"file": ["Chọn tệp PDF đã ký số để tải lên."]})
    if len(data) > MAX_BYTES:
        raise ValidationError({"file": [f"Tệp quá lớn: tối đa {MAX_BYTES // (1024 * 1024)} MB."]})
    original = read_bytes(document)
    if original is None:
        raise ValidationError(
            {"file": ["Không còn tệp PDF gốc của văn bản trên máy chủ: hãy tạo lại bản PDF."]}
        )
    return original


def _refuse(actor, document: GeneratedDocument, report: signatures.SignatureReport, file_name: str):
    # The refusal is kept: who tried, which file (its hash), and why; nothing else changes.
    with transaction.atomic():
        audit(
            actor=actor,
            action="document.signature_refused",
            obj=document,
            after={"file_name": file_name, "report": report.to_json()},
            reason=report.reason,
        )
    raise SignatureRefused(report)


def signed_copy_upload(
    *, actor, document: GeneratedDocument, data: bytes, file_name: str = "", extra_roots=()
) -> SignedCopy:
    """Verify ``data`` as a signed copy of ``document`` and, when it verifies, keep it and issue
    the document. ``extra_roots`` adds trusted roots to the configured list (the demo's CA)."""
    original = _check(actor, document, data)
    file_name = (Path(file_name or "").name or f"{Path(document.file_name).stem}-da-ky.pdf")[:255]
    report = signatures.verify(data, original=original, trust_roots=[*trust_roots(), *extra_roots])
    if not report.valid:
        _refuse(actor, document, report, file_name)
    first = report.first
    key = uuid.uuid4()
    relative = f"signed/{timezone.now():%Y/%m}/{key}.pdf"
    target = storage_root() / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    try:
        with transaction.atomic():
            document = GeneratedDocument.objects.select_for_update().get(pk=document.pk)
            if document.issued_at is not None:  # another upload won the race
                _check(actor, document, data)
            copy = SignedCopy.objects.create(
                uuid=key,
                document=document,
                path=relative,
                file_name=file_name,
                size=len(data),
                sha256=report.sha256,
                verified=True,
                reason_code=report.code,
                reason=report.reason,
                report=report.to_json(),
                signer_name=(first.signer_name if first else "")[:255],
                signed_at=report.signing_time,
                issuer=(first.issuer if first else "")[:255],
                serial=(first.serial if first else "")[:80],
                uploaded_by=actor if getattr(actor, "pk", None) else None,
            )
            audit(
                actor=actor,
                action="document.signed_copy_upload",
                obj=copy,
                after={**snapshot(copy, COPY_FIELDS), "report": report.to_json()},
                reason=report.reason,
            )
            before = snapshot(document, ["issued_at"])
            document.issued_at = timezone.now()
            document.save(update_fields=["issued_at", "updated_at"])
            audit(
                actor=actor,
                action="document.issue",
                obj=document,
                before=before,
                after=snapshot(document, ["issued_at"]),
            )
            call_hooks("document_issued", document=document, signed_copy=copy, actor=actor)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return copy
