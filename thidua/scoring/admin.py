from django.contrib import admin

from thidua.core.admin import ReadOnlyAdmin
from thidua.scoring.models import Assessment, Evidence, Publication, ReviewAssignment


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    """Read-only: every change goes through the services so that it is audited."""

    list_display = ["unit", "bloc_year", "status", "final_total", "submitted_at", "finalised_at"]
    list_filter = ["status", "bloc_year__year"]
    search_fields = ["unit__name", "unit__code"]


@admin.register(ReviewAssignment)
class ReviewAssignmentAdmin(AssessmentAdmin):
    list_display = ["assessment", "reviewer", "completed_at"]
    list_filter = ["completed_at"]
    search_fields = ["assessment__unit__name", "reviewer__name"]


@admin.register(Evidence)
class EvidenceAdmin(AssessmentAdmin):
    list_display = ["original_name", "score", "content_type", "size", "uploaded_at"]
    list_filter = ["content_type"]
    search_fields = ["original_name"]


@admin.register(Publication)
class PublicationAdmin(AssessmentAdmin):
    list_display = ["bloc_year", "published_at", "published_by"]
    list_filter = []
    search_fields = []
