from django.contrib import admin

from thidua.conference.models import Ballot, Conference


class ReadOnlyAdmin(admin.ModelAdmin):
    """Changes go through the services (permissions, audit); the admin only shows records."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Conference)
class ConferenceAdmin(ReadOnlyAdmin):
    list_display = ["bloc_year", "held_on", "venue_unit"]


@admin.register(Ballot)
class BallotAdmin(ReadOnlyAdmin):
    list_display = ["title", "conference", "kind", "round", "status"]
