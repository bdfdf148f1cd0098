"""Settings of the worker processes started by the tests (thidua/core/tests/workers.py): the
developer settings with the database from DATABASE_URL, an in-process cache (the test database
has no cache table) and a worker judged dead after 3 s without a heartbeat."""

from config.settings.local import *  # noqa: F403

DEBUG = False
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
THIDUA_WORKER_STALE_SECONDS = 3
