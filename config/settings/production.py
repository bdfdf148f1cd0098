"""Production settings: DEBUG off, secure cookies and headers; secrets must come from the environment.

Run behind nginx with gunicorn (deploy/gunicorn.conf.py, deploy/nginx.conf); see docs/deployment.md."""

from django.core.exceptions import ImproperlyConfigured

from config.env import env, env_bool, env_int, env_list

from .base import *  # noqa: F403
from .base import CACHES, DATABASES, REDIS_URL

# The example value of deploy/env.example: published, so never a secret.
EXAMPLE_SECRET_KEY = "change-me-to-50-random-characters-from-python-secrets-token-urlsafe"
MIN_SECRET_KEY_LENGTH = 50


def check_secret_key(value: str) -> str:
    """The secret key, refused when empty, short, the published example or the development
    default: each would let anyone forge sessions and signed links."""
    value = value.strip()
    if not value:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is empty: set a random value (docs/deployment.md)")
    if value == EXAMPLE_SECRET_KEY or value.startswith(("change-me", "dev-only")):
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is the published example value: generate one with "
            "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    if len(value) < MIN_SECRET_KEY_LENGTH:
        raise ImproperlyConfigured(
            f"DJANGO_SECRET_KEY has {len(value)} characters: at least {MIN_SECRET_KEY_LENGTH} are required"
        )
    return value


DEBUG = False
SECRET_KEY = check_secret_key(env("DJANGO_SECRET_KEY", ""))
# No demo data or demo accounts (published password) in production.
THIDUA_DEMO_ALLOWED = False
# Administrators, the provincial office and the Council sign in with a second factor.
THIDUA_2FA_REQUIRED_ROLES = env_list("THIDUA_2FA_REQUIRED_ROLES", "admin,provincial_officer,council_member")
# nginx on the same machine (deploy/nginx.conf) is the proxy whose X-Forwarded-For is believed.
THIDUA_TRUSTED_PROXIES = env_list("THIDUA_TRUSTED_PROXIES", "127.0.0.1,::1")
# A decision is issued only by a verified signed PDF (docs/deployment.md, "Chữ ký số"); the trust
# list THIDUA_TRUST_ROOTS names the national root and the providers' certificates.
THIDUA_SIGNATURES_REQUIRED = env_bool("THIDUA_SIGNATURES_REQUIRED", True)

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = env_bool("THIDUA_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("THIDUA_SECURE_COOKIES", True)
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = env_bool("THIDUA_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("THIDUA_HSTS_SECONDS", 365 * 24 * 3600)  # sent on HTTPS answers only
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("THIDUA_HSTS_SUBDOMAINS", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
USE_X_FORWARDED_HOST = env_bool("THIDUA_USE_X_FORWARDED_HOST", False)

# Keep database connections between requests (a new SQLite/PostgreSQL connection per request
# costs more than the portal page itself); health checks drop connections the server closed.
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 300)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# Several web nodes (docs/deployment.md, "Several machines"): REDIS_URL makes Redis Django's
# cache (config/settings/base.py) and the carrier of the portal's content generation, so that a
# change published on one node invalidates the page cache of every node. Without it, the local
# cache as on one machine. A Redis that does not answer fails a request's cache call within a
# second instead of holding it.
if REDIS_URL:
    CACHES["default"]["KEY_PREFIX"] = env("THIDUA_CACHE_PREFIX", "thidua")
    CACHES["default"].setdefault("OPTIONS", {}).update({"socket_connect_timeout": 1, "socket_timeout": 1})
    PORTAL_SHARED_CACHE = "default"

LOGGING["root"]["level"] = env("THIDUA_LOG_LEVEL", "WARNING")  # noqa: F405
