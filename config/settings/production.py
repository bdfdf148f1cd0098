"""Production settings: DEBUG off, secure cookies and headers; secrets must come from the environment."""

from config.env import env, env_bool, env_int

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = env_bool("THIDUA_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("THIDUA_SECURE_COOKIES", True)
SECURE_SSL_REDIRECT = env_bool("THIDUA_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("THIDUA_HSTS_SECONDS", 0)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
