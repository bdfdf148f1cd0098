from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import render

from thidua.core.forms import AuditFilterForm
from thidua.core.permissions import can_view_audit
from thidua.core.selectors import audit_events
from thidua.core.views_helpers import paginate, query_string_without_page


def healthz(request):
    return JsonResponse({"status": "ok"})


@login_required
def audit_list(request):
    if not can_view_audit(request.user):
        raise Http404
    form = AuditFilterForm(request.GET or None)
    events = audit_events()
    if form.is_bound and form.is_valid():
        events = audit_events(**form.cleaned_data)
    elif form.is_bound:
        events = events.none()
    page = paginate(request, events.select_related("actor"), 50)
    return render(
        request,
        "core/audit_list.html",
        {"form": form, "page": page, "qs": query_string_without_page(request)},
    )
