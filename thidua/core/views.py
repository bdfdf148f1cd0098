import datetime as dt
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone as dj_timezone

from thidua.core.audit_labels import describe
from thidua.core.forms import AuditFilterForm
from thidua.core.models import WorkerProcess
from thidua.core.notifications import notifications_mark_read, notifications_of
from thidua.core.permissions import can_view_audit
from thidua.core.selectors import audit_events
from thidua.core.views_helpers import paginate, query_string_without_page


def healthz(request):
    """Liveness: the process answers (no dependency is asked; see readyz)."""
    return JsonResponse({"status": "ok"})


def _writable(path) -> bool:
    try:
        Path(path).mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path, prefix=".readyz-"):
            return True
    except OSError:
        return False


def readiness() -> dict[str, tuple[bool, str]]:
    """What a node needs to serve: the database, its migrations, writable file folders and a live
    task worker. Each check: (ok, Vietnamese detail)."""
    checks: dict[str, tuple[bool, str]] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = (True, "Kết nối được cơ sở dữ liệu.")
    except DatabaseError as exc:
        checks["database"] = (False, f"Không kết nối được cơ sở dữ liệu: {exc.__class__.__name__}.")
        return checks
    plan = MigrationExecutor(connection).migration_plan(
        MigrationExecutor(connection).loader.graph.leaf_nodes()
    )
    checks["migrations"] = (
        not plan,
        "Đã áp dụng mọi migration." if not plan else f"Còn {len(plan)} migration chưa áp dụng.",
    )
    for name, folder in (
        ("media", settings.MEDIA_ROOT),
        ("private_files", settings.PRIVATE_STORAGE_ROOT),
        (
            "portal_spool",
            getattr(settings, "PORTAL_SPOOL_DIR", None) or Path(settings.VAR_DIR) / "portal-spool",
        ),
    ):
        ok = _writable(folder)
        checks[name] = (ok, "Ghi được." if ok else f"Không ghi được vào {folder}.")
    limit = dj_timezone.now() - dt.timedelta(seconds=max(settings.THIDUA_WORKER_STALE_SECONDS, 1) * 3)
    alive = WorkerProcess.objects.filter(heartbeat_at__gte=limit).count()
    checks["task_worker"] = (
        alive > 0,
        f"{alive} tiến trình xử lý nền đang chạy."
        if alive
        else "Không có tiến trình xử lý nền nào đang chạy.",
    )
    return checks


def readyz(request):
    """Readiness for a load balancer or an operator: 200 when every check passes, else 503 with
    the failing checks named."""
    checks = readiness()
    ok = all(passed for passed, _detail in checks.values())
    body = {
        "status": "ok" if ok else "unavailable",
        "checks": {name: {"ok": passed, "detail": detail} for name, (passed, detail) in checks.items()},
    }
    response = JsonResponse(body, status=200 if ok else 503, json_dumps_params={"ensure_ascii": False})
    if not ok:
        response["Retry-After"] = "30"
    return response


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
        {"form": form, "page": page, "entries": describe(page), "qs": query_string_without_page(request)},
    )


@login_required
def notifications(request):
    """The person's own notifications, newest first; a button marks them read."""
    if request.method == "POST":
        marked = notifications_mark_read(actor=request.user)
        messages.success(request, f"Đã đánh dấu {marked} thông báo là đã xem.")
        return redirect("core:notifications")
    rows = list(notifications_of(request.user))
    return render(
        request,
        "core/notifications.html",
        {"rows": rows, "unread": sum(1 for r in rows if r.read_at is None)},
    )
