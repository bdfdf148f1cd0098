"""Settings shared by every environment; everything that varies comes from environment variables."""

from pathlib import Path

import dj_database_url

from config.env import env, env_bool, env_int, env_list

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env("THIDUA_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env("DJANGO_SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",  # serves Swagger UI from its own static files, not a CDN
    "django_tasks",  # Django's Tasks API (backport of Django 6's django.tasks)
    "django_tasks_db",  # its database backend: the queue lives in our database
    "django_otp",  # two-factor sign-in (docs/security.md)
    "django_otp.plugins.otp_totp",  # authenticator apps (TOTP)
    "django_otp.plugins.otp_static",  # one-time backup codes
    "thidua.core",
    "thidua.accounts",
    "thidua.organisations",
    "thidua.documents",
    "thidua.cycles",
    "thidua.scoring",
    "thidua.awards",
    "thidua.conference",
    "thidua.proposals",
    "thidua.statistics",
    "thidua.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "thidua.core.headers.SecurityHeadersMiddleware",  # CSP and the rest, static files included
    "thidua.core.uploads.RequestSizeMiddleware",  # 413 above THIDUA_MAX_REQUEST_BYTES, before reading
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): signed in with a second factor
    "thidua.accounts.middleware.SecondFactorMiddleware",  # no page before the second factor
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "thidua.core.text_guard.ControlCharacterMiddleware",  # 400 for NUL and other control characters
    "thidua.core.middleware.RequestIdMiddleware",
    # Refusals (403, 404) and file downloads of signed-in users go to the audit log.
    "thidua.core.security.SecurityAuditMiddleware",
    # Innermost: Vietnamese error pages (also under DEBUG) and 503 while the database is away.
    "thidua.core.middleware.FriendlyErrorsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "thidua.core.context_processors.site",
            ],
        },
    },
]

# SQLite under var/ by default; DATABASE_URL switches to PostgreSQL (production, CI).
DATABASE_URL = env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'thidua.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 0))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside one writer; IMMEDIATE takes the write lock at BEGIN so that a
    # read-then-write transaction never fails half-way with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"
            " PRAGMA foreign_keys=ON;"
        ),
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"

# Run on every password set through a form or service (not on the demo loader's accounts).
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "thidua.accounts.passwords.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("username", "full_name", "email")},
    },
    {"NAME": "thidua.accounts.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded files live outside the web root and are served only through permission-checked views.
MEDIA_ROOT = Path(env("THIDUA_MEDIA_ROOT", str(VAR_DIR / "media")))
PRIVATE_STORAGE_ROOT = Path(env("THIDUA_PRIVATE_ROOT", str(VAR_DIR / "private")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "thidua_cache",
    }
}
REDIS_URL = env("REDIS_URL", "")
if REDIS_URL:
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
    }

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("THIDUA_SESSION_AGE", 8 * 3600)

# Sign-in throttling (thidua/accounts/services.py, docs/security.md): failures are counted per
# (username, client address) pair and per client address within the window; past the free
# attempts each further failure doubles a wait (from the base up to the maximum) before that pair
# or client may try again. Nothing is ever locked for everyone: many failures across the whole
# system only raise an alarm for the administrators.
LOGIN_MAX_FAILURES = env_int("THIDUA_LOGIN_MAX_FAILURES", 5)
LOGIN_MAX_FAILURES_PER_CLIENT = env_int("THIDUA_LOGIN_MAX_FAILURES_PER_CLIENT", 20)
LOGIN_FAILURE_WINDOW_SECONDS = env_int("THIDUA_LOGIN_FAILURE_WINDOW", 15 * 60)
LOGIN_DELAY_BASE_SECONDS = env_int("THIDUA_LOGIN_DELAY_BASE", 30)
LOGIN_DELAY_MAX_SECONDS = env_int("THIDUA_LOGIN_DELAY_MAX", 15 * 60)
LOGIN_ALARM_FAILURES = env_int("THIDUA_LOGIN_ALARM_FAILURES", 200)
# Proxies whose X-Forwarded-For is believed (addresses or networks, thidua/core/clients.py); empty
# when clients reach the application server directly.
THIDUA_TRUSTED_PROXIES = env_list("THIDUA_TRUSTED_PROXIES", "")
# API tokens expire after this many days (a new token; thidua/accounts/services.py).
THIDUA_API_TOKEN_DAYS = env_int("THIDUA_API_TOKEN_DAYS", 90)
# Roles that must sign in with a second factor (TOTP); production enforces its default list.
THIDUA_2FA_REQUIRED_ROLES = env_list("THIDUA_2FA_REQUIRED_ROLES", "")
OTP_TOTP_ISSUER = "ThiDua"  # the name authenticator apps show beside the account
# The demo loader (manage.py load_demo) and its accounts with the published password; production
# settings switch this off.
THIDUA_DEMO_ALLOWED = True

THIDUA_PROVINCE_NAME = env("THIDUA_PROVINCE_NAME", "tỉnh Hòa Bình Xanh")
THIDUA_ORGANISER = env("THIDUA_ORGANISER", "Hội đồng Thi đua – Khen thưởng tỉnh")
# The provincial Council's e-vote (proposals app), as the province's regulation of its Council says:
# secret ballot (no link member → vote is stored) or open vote (each member's vote listed), and the
# share of ALL members who must be present (checked in or voted) for a session's votes to count.
# Every request body above this many bytes is refused (413) before it is read (thidua/core/uploads.py);
# a query parameter longer than this many characters is refused (400, thidua/core/text_guard.py).
THIDUA_MAX_REQUEST_BYTES = env_int("THIDUA_MAX_REQUEST_BYTES", 21 * 1024 * 1024)
THIDUA_MAX_QUERY_VALUE = env_int("THIDUA_MAX_QUERY_VALUE", 500)
THIDUA_COUNCIL_SECRET_VOTE = env_bool("THIDUA_COUNCIL_SECRET_VOTE", True)
THIDUA_COUNCIL_QUORUM = env("THIDUA_COUNCIL_QUORUM", "4/5")
PAGE_SIZE = env_int("THIDUA_PAGE_SIZE", 25)
# PDF copies of generated Word files, through LibreOffice when it is installed.
THIDUA_PDF = env_bool("THIDUA_PDF", True)
# Signed documents (issue 14, docs/deployment.md "Chữ ký số"): when on, a commendation decision is
# issued only when a signed PDF of exactly its generated content is uploaded and verifies (off
# here, in development and the demo; on in production). The trust list: PEM/DER files or folders
# of the roots and providers whose certificates are accepted (comma-separated paths).
THIDUA_SIGNATURES_REQUIRED = env_bool("THIDUA_SIGNATURES_REQUIRED", False)
THIDUA_TRUST_ROOTS = env_list("THIDUA_TRUST_ROOTS", "")
THIDUA_EVIDENCE_MAX_BYTES = env_int("THIDUA_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)
# Spreadsheet uploads (every Excel/CSV import, thidua/core/spreadsheets.py): a file over any of
# these is refused before it is parsed. Defaults keep a worker's import under 100 MB
# (bench/spreadsheets.py); rows and cells count a sheet's grid as Excel numbers it.
THIDUA_SPREADSHEET_MAX_BYTES = env_int("THIDUA_SPREADSHEET_MAX_BYTES", 5 * 1024 * 1024)
THIDUA_SPREADSHEET_MAX_ROWS = env_int("THIDUA_SPREADSHEET_MAX_ROWS", 10_000)
THIDUA_SPREADSHEET_MAX_CELLS = env_int("THIDUA_SPREADSHEET_MAX_CELLS", 300_000)
THIDUA_SPREADSHEET_MAX_UNCOMPRESSED = env_int("THIDUA_SPREADSHEET_MAX_UNCOMPRESSED", 20 * 1024 * 1024)
THIDUA_SPREADSHEET_MAX_RATIO = env_int("THIDUA_SPREADSHEET_MAX_RATIO", 100)
THIDUA_SPREADSHEET_MAX_MEMBERS = env_int("THIDUA_SPREADSHEET_MAX_MEMBERS", 200)

# Background work (docs/architecture.md "Background work"): tasks are queued in the database and
# run by `manage.py run_worker` processes, on as many hosts as wanted.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        # Any queue name: besides "default" and "periodic", each host has its own queue for work on
        # its local files (thidua.core.periodic.host_queue).
        "QUEUES": [],
    }
}
# Where jobs keep temporary files and note their child processes, one folder per process; a
# worker removes the folders of dead processes of its host.
THIDUA_WORK_DIR = Path(env("THIDUA_WORK_DIR", "") or VAR_DIR / "work")
# A worker on another host is judged dead after this many seconds without a heartbeat (on the
# same host a dead process is seen at once).
THIDUA_WORKER_STALE_SECONDS = float(env("THIDUA_WORKER_STALE_SECONDS", "10"))
# Paths of the signed-in application and its API (config/urls.py); every other path is the public
# portal, whose error pages wear the portal's look.
THIDUA_APP_PATHS = (
    "/ung-dung/",
    "/tai-khoan/",
    "/to-chuc/",
    "/nam-thi-dua/",
    "/cham-diem/",
    "/khen-thuong/",
    "/hoi-nghi/",
    "/de-nghi/",
    "/van-ban/",
    "/api/",
    "/quan-tri/",
)
# A system alarm (thidua.core.alarms: full disk, missing files) is recorded at most once per key
# in this many seconds.
THIDUA_ALARM_PERIOD = float(env("THIDUA_ALARM_PERIOD", "900"))

# Portal view counting (thidua/portal/counting.py, docs/portal.md).
PORTAL_FLUSH_INTERVAL = float(env("THIDUA_PORTAL_FLUSH_INTERVAL", "2"))
PORTAL_VIEW_WINDOW_SECONDS = env_int("THIDUA_PORTAL_VIEW_WINDOW", 30 * 60)
PORTAL_ONLINE_SECONDS = env_int("THIDUA_PORTAL_ONLINE_WINDOW", 5 * 60)
PORTAL_SPOOL_FSYNC = env_bool("THIDUA_PORTAL_SPOOL_FSYNC", False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("THIDUA_LOG_LEVEL", "INFO")},
}

# E-mail (deadline reminders): the console in the demo, SMTP in production (deploy/env.example).
EMAIL_BACKEND = env("THIDUA_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("THIDUA_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("THIDUA_EMAIL_PORT", 25)
EMAIL_HOST_USER = env("THIDUA_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env("THIDUA_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("THIDUA_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = env("THIDUA_EMAIL_FROM", "ThiDua <thidua@localhost>")
# How often the worker's scheduler looks for reminders due (seconds; each is sent once anyway).
THIDUA_REMINDER_INTERVAL = env_int("THIDUA_REMINDER_INTERVAL", 3600)
