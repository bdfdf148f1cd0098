from django.contrib import admin

from thidua.organisations.models import Bloc, BlocYear, Person, Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "dissolved_on"]
    search_fields = ["code", "name"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Bloc)
class BlocAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "organiser"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(BlocYear)
class BlocYearAdmin(admin.ModelAdmin):
    list_display = ["bloc", "year", "leader", "deputy"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "unit", "position"]

    def has_change_permission(self, request, obj=None):
        return False
