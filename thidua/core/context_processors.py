from django.conf import settings

from thidua.core.hooks import nav_items
from thidua.core.permissions import can_view_audit


def site(request):
    user = getattr(request, "user", None)
    return {
        "PROVINCE_NAME": settings.THIDUA_PROVINCE_NAME,
        "can_view_audit": bool(user and can_view_audit(user)),
        "nav_items": nav_items(user) if user and user.is_authenticated else [],
        # The API documentation (English, for developers) is in the menu of administrators only;
        # integrators reach it from the API tokens section of their profile.
        "show_api_docs": bool(user and user.is_authenticated and user.is_admin),
        "error_base": error_base(request.path),
    }


def error_base(path: str) -> str:
    """The layout an error page wears: the portal's for public paths, the application's otherwise."""
    return "base.html" if path.startswith(settings.THIDUA_APP_PATHS) else "portal/base.html"
