"""Small helpers that keep views thin: pagination, and service errors shown on forms."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator

from thidua.core.errors import error_messages


def paginate(request, queryset, per_page: int | None = None):
    paginator = Paginator(queryset, per_page or settings.PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))


def call_service(form, func, /, **kwargs):
    """Run a service; put its ValidationError or PermissionDenied on ``form`` and return None.

    ``form`` may be an unbound form used only to carry the errors back to the page."""
    if not hasattr(form, "cleaned_data"):
        form.cleaned_data = {}
    try:
        return func(**kwargs)
    except ValidationError as exc:
        for field, messages in error_messages(exc).items():
            target = field if field in form.fields else None
            for message in messages:
                form.add_error(target, message)
    except PermissionDenied as exc:
        form.add_error(None, str(exc) or "Bạn không có quyền thực hiện thao tác này.")
    return None


def query_string_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
