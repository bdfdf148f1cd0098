"""Security headers on every answer Django gives: pages, the API, error pages, and the static
files WhiteNoise serves (this middleware sits outside it). nginx sends the same set
(deploy/nginx.conf) on what it serves itself.

The Content-Security-Policy allows scripts from this site's own files only: no inline script and
no ``on…=`` attribute anywhere (``static/thidua/forms.js`` gives forms their confirmations and
their once-only submit buttons; ``tests/browser`` fails on any violation). Inline *styles* stay
allowed: Bootstrap's components and HTMX's indicator set them, and a style cannot run code."""

from django.conf import settings

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"


def headers() -> dict[str, str]:
    return {
        "Content-Security-Policy": getattr(settings, "THIDUA_CSP", CSP),
        "Permissions-Policy": PERMISSIONS_POLICY,
        "Referrer-Policy": getattr(settings, "SECURE_REFERRER_POLICY", None) or "same-origin",
        "X-Content-Type-Options": "nosniff",
    }


class SecurityHeadersMiddleware:
    """Outermost but for Django's SecurityMiddleware: adds the headers a response has not set."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        for name, value in headers().items():
            if name not in response:
                response[name] = value
        return response
