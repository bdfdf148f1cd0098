"""Test settings: fast hashing, in-process cache, files under a throwaway folder."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

# Playwright's sync API runs an event loop in the test thread; the ORM calls in fixtures are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
_tmp = Path(tempfile.mkdtemp(prefix="thidua-test-"))
MEDIA_ROOT = _tmp / "media"
PRIVATE_STORAGE_ROOT = _tmp / "private"
PORTAL_SPOOL_DIR = _tmp / "portal-spool"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Static files come from the finders in tests (live_server serves them); no collected folder.
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]  # noqa: F405
# A background task's thread and the live server's requests take turns on the shared in-memory
# database (see thidua/core/tests/backends.py).
MIDDLEWARE = ["thidua.core.tests.backends.TakeTurnsMiddleware", *MIDDLEWARE]

# LibreOffice takes seconds per file: only the tests of PDF output switch it on (settings fixture).
THIDUA_PDF = False

# Tasks run synchronously when they are enqueued (after the commit of the transaction that queued
# them); the tests of the worker itself override TASKS.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": []}}
THIDUA_WORK_DIR = _tmp / "work"
# Signed documents: off as in the demo; the trust list is a folder where the suite writes the CA it
# generates (thidua/documents/tests/pki.py); the tests of the required mode switch it on.
THIDUA_SIGNATURES_REQUIRED = False
THIDUA_TRUST_ROOTS = [str(_tmp / "trust-roots")]

# Nobody must sign in with a second factor in tests (force_login personas); the two-factor tests
# switch it on with the settings fixture.
THIDUA_2FA_REQUIRED_ROLES: list[str] = []
