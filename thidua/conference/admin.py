from django.contrib import admin

from thidua.conference.models import Ballot, Conference
from thidua.core.admin import ReadOnlyAdmin


@admin.register(Conference)
class ConferenceAdmin(ReadOnlyAdmin):
    list_display = ["bloc_year", "held_on", "venue_unit"]


@admin.register(Ballot)
class BallotAdmin(ReadOnlyAdmin):
    list_display = ["title", "conference", "kind", "round", "status"]
