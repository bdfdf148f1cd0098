"""Uploaded images: Pillow must recognise the content (not just the name), the file and its
pixel count are bounded, and the image is re-encoded (which drops any payload and metadata) and
scaled down to ``PORTAL_IMAGE_MAX_WIDTH``."""

import io
import uuid
from pathlib import Path

from django.conf import settings
from PIL import Image, ImageOps, UnidentifiedImageError

from thidua.core import files as core_files
from thidua.core.errors import field_error
from thidua.portal.models import ArticleImage

FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}
MAX_PIXELS = 40_000_000


def max_bytes() -> int:
    return int(getattr(settings, "PORTAL_IMAGE_MAX_BYTES", 5 * 1024 * 1024))


def image_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "portal"


def process(upload) -> tuple[dict, core_files.Staged]:
    """Check and re-encode ``upload``; return the file's name, type and dimensions, and the file
    written under a temporary name (the caller moves it into place after its commit)."""
    if upload is None:
        raise field_error("file", "Chưa chọn tệp ảnh.")
    if upload.size > max_bytes():
        raise field_error(
            "file", f"Ảnh quá lớn ({upload.size // 1024} KB); tối đa {max_bytes() // (1024 * 1024)} MB."
        )
    data = upload.read()
    try:
        with Image.open(io.BytesIO(data)) as probe:
            fmt = probe.format
            if probe.width * probe.height > MAX_PIXELS:
                raise field_error("file", "Ảnh có quá nhiều điểm ảnh (tối đa 40 triệu).")
            probe.verify()
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise field_error("file", "Tệp không phải ảnh hợp lệ (chấp nhận JPEG, PNG, WebP, GIF).") from exc
    if fmt not in FORMATS:
        raise field_error("file", "Định dạng ảnh không được chấp nhận (chỉ JPEG, PNG, WebP, GIF).")
    image = ImageOps.exif_transpose(image)
    width = int(getattr(settings, "PORTAL_IMAGE_MAX_WIDTH", 1600))
    if image.width > width:
        image = image.resize((width, round(image.height * width / image.width)), Image.Resampling.LANCZOS)
    keep_png = fmt in ("PNG", "GIF") and image.mode in ("RGBA", "LA", "P")
    out = io.BytesIO()
    if keep_png:
        image.save(out, "PNG", optimize=True)
        content_type, ext = "image/png", "png"
    else:
        image.convert("RGB").save(out, "JPEG", quality=85, optimize=True, progressive=True)
        content_type, ext = "image/jpeg", "jpg"
    name = f"{uuid.uuid4().hex}.{ext}"
    info = {
        "file": name,
        "content_type": content_type,
        "width": image.width,
        "height": image.height,
        "size": out.tell(),
    }
    return info, core_files.stage(image_root(), name, out.getvalue())


def file_stores() -> list:
    """Where the editors' images are and which names rows point at (``manage.py check_files``)."""
    names = set(ArticleImage.objects.values_list("file", flat=True))
    return [core_files.FileStore("portal.ArticleImage", image_root(), names)]
