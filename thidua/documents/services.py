"""The documents service: render, store privately and record generated files.

Domain-free: callers pass the owning object (any model instance) and decide who may download
through the ``document_access`` hook (see docs/documents.md)."""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from thidua.core.audit import audit, snapshot
from thidua.core.hooks import call_hooks
from thidua.documents import pdf, render
from thidua.documents.models import GeneratedDocument
from thidua.documents.spec import OfficialDocument, Sheet

RECORD_FIELDS = ["kind", "title", "owner_type", "owner_id", "template_version", "inputs_hash", "file_format"]


def storage_root() -> Path:
    return Path(settings.PRIVATE_STORAGE_ROOT) / "documents"


def inputs_hash(payload) -> str:
    data = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def _safe_name(name: str, ext: str) -> str:
    name = re.sub(r"[\\/:*?\"<>|\r\n]+", "-", name).strip() or "van-ban"
    return f"{name[:150]}.{ext}"


def _store(
    *, actor, owner_type, owner_id, kind, title, template_version, digest, file_format, file_name, data: bytes
):
    with transaction.atomic():
        existing = (
            GeneratedDocument.objects.select_for_update()
            .filter(
                owner_type=owner_type,
                owner_id=owner_id,
                kind=kind,
                template_version=template_version,
                inputs_hash=digest,
                file_format=file_format,
            )
            .first()
        )
        # Same inputs, same template: hand back the file already made (a second click is a no-op).
        if existing and read_bytes(existing) is not None:
            return existing
        key = uuid.uuid4()
        relative = f"{timezone.now():%Y/%m}/{key}.{file_format}"
        target = storage_root() / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        try:
            doc = GeneratedDocument.objects.create(
                uuid=key,
                kind=kind,
                title=title[:300],
                owner_type=owner_type,
                owner_id=owner_id,
                template_version=template_version,
                inputs_hash=digest,
                file_format=file_format,
                file_name=_safe_name(file_name or title, file_format),
                path=relative,
                size=len(data),
                created_by=actor if getattr(actor, "pk", None) else None,
            )
            audit(actor=actor, action="document.generate", obj=doc, after=snapshot(doc, RECORD_FIELDS))
        except Exception:
            target.unlink(missing_ok=True)
            raise
    return doc


def generate_docx(
    *, actor, owner, kind: str, spec: OfficialDocument, template_version: str = "1", file_name: str = ""
) -> GeneratedDocument:
    """Render ``spec`` as a Decree 30 Word file owned by ``owner`` and record it."""
    digest = inputs_hash({"spec": spec.to_json(), "format": "docx"})
    data = render.build_docx(spec)
    return _store(
        actor=actor,
        owner_type=owner._meta.label_lower,
        owner_id=str(owner.pk),
        kind=kind,
        title=spec.title,
        template_version=template_version,
        digest=digest,
        file_format="docx",
        file_name=file_name,
        data=data,
    )


def generate_xlsx(
    *,
    actor,
    owner,
    kind: str,
    title: str,
    sheets: list[Sheet],
    template_version: str = "1",
    file_name: str = "",
) -> GeneratedDocument:
    """Write ``sheets`` to an Excel workbook owned by ``owner`` and record it."""
    payload = [
        {"title": s.title, "headers": s.headers, "rows": s.rows, "widths": s.widths, "caption": s.caption}
        for s in sheets
    ]
    digest = inputs_hash({"sheets": payload, "format": "xlsx"})
    data = render.build_xlsx(sheets)
    return _store(
        actor=actor,
        owner_type=owner._meta.label_lower,
        owner_id=str(owner.pk),
        kind=kind,
        title=title,
        template_version=template_version,
        digest=digest,
        file_format="xlsx",
        file_name=file_name,
        data=data,
    )


def pdf_available() -> bool:
    """Can PDF copies be made here (LibreOffice installed, ``THIDUA_PDF`` on)?"""
    return pdf.available()


def pdf_unavailable_reason() -> str:
    """Why not, in one sentence for the operator ("" when they can)."""
    return pdf.unavailable_reason()


def generate_pdf(*, actor, document: GeneratedDocument, archive: bool = True) -> GeneratedDocument | None:
    """A PDF copy of a generated Word file, or ``None`` when PDF output is unavailable or the file
    did not convert. An archive copy (the default: every copy kept is one) is PDF/A-2b."""
    return generate_pdfs(actor=actor, documents=[document], archive=archive)[0]


def generate_pdfs(
    *, actor, documents: list[GeneratedDocument], archive: bool = True
) -> list[GeneratedDocument | None]:
    """PDF copies of several generated Word files, converted in one LibreOffice run; aligned with
    ``documents`` (``None`` where a file is not Word, is missing, or did not convert). Archive
    copies (the default) are PDF/A-2b where the installed LibreOffice allows it (7.4 and newer)."""
    results: list[GeneratedDocument | None] = [None] * len(documents)
    if not pdf_available():
        return results
    todo = []
    for i, document in enumerate(documents):
        source = read_bytes(document) if document.file_format == "docx" else None
        if source is not None:
            todo.append((i, source))
    converted = pdf.convert_many([source for _, source in todo], pdfa=archive)
    for (i, _), data in zip(todo, converted, strict=True):
        if data is None:
            continue
        document = documents[i]
        # The PDF belongs to the same owner as its Word source.
        results[i] = _store(
            actor=actor,
            owner_type=document.owner_type,
            owner_id=document.owner_id,
            kind=document.kind,
            title=document.title,
            template_version=document.template_version,
            digest=document.inputs_hash,
            file_format="pdf",
            file_name=Path(document.file_name).stem,
            data=data,
        )
    return results


def read_bytes(document: GeneratedDocument) -> bytes | None:
    path = storage_root() / document.path
    return path.read_bytes() if path.is_file() else None


def can_download(user, document: GeneratedDocument) -> bool:
    """Administrators always; otherwise any app's ``document_access`` hook answering True."""
    if not user.is_authenticated:
        return False
    if user.is_admin:
        return True
    return any(result is True for result in call_hooks("document_access", user=user, document=document))


def documents_for(owner, *, kind: str = "") -> list[GeneratedDocument]:
    qs = GeneratedDocument.objects.filter(owner_type=owner._meta.label_lower, owner_id=str(owner.pk))
    if kind:
        qs = qs.filter(kind=kind)
    return list(qs.select_related("created_by"))
