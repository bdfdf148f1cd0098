from django.contrib import admin

from thidua.core.models import AuditEvent, ScheduledRun, WorkerProcess


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records the admin only shows: every change goes through the services (permission, audit),
    and rows the background machinery writes are looked at, never edited."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor_name", "action", "object_type", "object_repr"]
    list_filter = ["object_type"]
    search_fields = ["object_repr", "actor_name", "action"]


@admin.register(WorkerProcess)
class WorkerProcessAdmin(ReadOnlyAdmin):
    list_display = ["worker_id", "hostname", "pid", "started_at", "heartbeat_at"]


@admin.register(ScheduledRun)
class ScheduledRunAdmin(ReadOnlyAdmin):
    list_display = ["name", "slot", "task_id", "created_at"]
    list_filter = ["name"]
