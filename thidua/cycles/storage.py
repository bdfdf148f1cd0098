"""Uploads of the bloc year (regulations, scanned signatures) live in private storage and are
served only through permission-checked views."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def private_storage() -> FileSystemStorage:
    return FileSystemStorage(location=settings.PRIVATE_STORAGE_ROOT)
