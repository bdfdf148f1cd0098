"""Production settings: DEBUG off, secure cookies and headers; secrets must come from the environment.

Run behind nginx with gunicorn (deploy/gunicorn.conf.py, deploy/nginx.conf); see docs/deployment.md."""

from config.env import env, env_bool, env_int

from .base import *  # noqa: F403
from .base import CACHES, DATABASES, REDIS_URL

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
if len(SECRET_KEY) < 32 or SECRET_KEY.startswith("dev-only"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be a random value of at least 32 characters")

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = env_bool("THIDUA_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("THIDUA_SECURE_COOKIES", True)
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = env_bool("THIDUA_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("THIDUA_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("THIDUA_HSTS_SUBDOMAINS", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# nginx sets X-Forwarded-For; the portal's cookie-less visitor identity uses the client address.
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

# Behind nginx (deploy/nginx.conf sets X-Real-IP) the reader's address comes from that header.
PORTAL_CLIENT_IP_HEADER = env("THIDUA_CLIENT_IP_HEADER", "HTTP_X_REAL_IP")

LOGGING["root"]["level"] = env("THIDUA_LOG_LEVEL", "WARNING")  # noqa: F405
