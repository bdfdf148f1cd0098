"""Evidence files: type detected from the content (magic bytes), never from the name, and kept
under PRIVATE_STORAGE_ROOT (outside the web root)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from django.conf import settings

from thidua.core import files as core_files
from thidua.core.errors import field_error
from thidua.scoring.models import Evidence

MAX_BYTES = getattr(settings, "THIDUA_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)
KINDS = {
    "pdf": ("application/pdf", {".pdf"}, "PDF"),
    "png": ("image/png", {".png"}, "ảnh PNG"),
    "jpeg": ("image/jpeg", {".jpg", ".jpeg"}, "ảnh JPEG"),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        {".docx"},
        "Word (.docx)",
    ),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", {".xlsx"}, "Excel (.xlsx)"),
    "ole": ("application/msword", {".doc", ".xls"}, "Word/Excel cũ (.doc, .xls)"),
}
ALLOWED_TEXT = "PDF, ảnh (PNG, JPEG), Word (.docx, .doc), Excel (.xlsx, .xls)"


def detect(head: bytes, data: bytes) -> str | None:
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if head.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            return None
        if "[Content_Types].xml" in names:
            if any(n.startswith("word/") for n in names):
                return "docx"
            if any(n.startswith("xl/") for n in names):
                return "xlsx"
    return None


def check_upload(name: str, data: bytes) -> tuple[str, str]:
    """(kind, content type) of an acceptable file, or a Vietnamese ValidationError."""
    if not data:
        raise field_error("file", "Tệp minh chứng rỗng.")
    if len(data) > MAX_BYTES:
        raise field_error(
            "file", f"Tệp “{name}” lớn hơn giới hạn {MAX_BYTES // (1024 * 1024)} MB cho mỗi minh chứng."
        )
    kind = detect(data[:16], data)
    if kind is None:
        raise field_error("file", f"Tệp “{name}” không phải loại được nhận ({ALLOWED_TEXT}).")
    content_type, extensions, label = KINDS[kind]
    suffix = Path(name).suffix.lower()
    if suffix not in extensions:
        raise field_error(
            "file", f"Tệp “{name}” có nội dung là {label} nhưng tên tệp lại có đuôi “{suffix or 'không có'}”."
        )
    if kind == "ole" and suffix == ".xls":
        content_type = "application/vnd.ms-excel"
    return kind, content_type


def root() -> Path:
    path = Path(settings.PRIVATE_STORAGE_ROOT) / "evidence"
    path.mkdir(parents=True, exist_ok=True)
    return path


def write(storage_name: str, data: bytes) -> None:
    (root() / storage_name).write_bytes(data)


def staged(storage_name: str, data: bytes):
    """The upload written under a temporary name, to be moved into place after the commit."""
    return core_files.staged(root(), storage_name, data)


def file_stores() -> list:
    """Where evidence files are and which names rows point at (``manage.py check_files``)."""
    return [
        core_files.FileStore(
            "scoring.Evidence", root(), set(Evidence.objects.values_list("storage_name", flat=True))
        )
    ]


def path_of(storage_name: str) -> Path:
    return root() / storage_name


def remove(storage_name: str) -> None:
    (root() / storage_name).unlink(missing_ok=True)
