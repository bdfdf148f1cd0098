from django.contrib import admin

from thidua.accounts.models import RoleGrant, User


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    extra = 0


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    """Read-mostly view for administrators; accounts are managed through the ThiDua screens
    so that every change is audited."""

    list_display = ["username", "full_name", "unit", "is_active"]
    search_fields = ["username", "full_name"]
    inlines = [RoleGrantInline]
    readonly_fields = [
        "username",
        "full_name",
        "unit",
        "position",
        "email",
        "is_active",
        "last_login",
    ]
    exclude = ["password", "groups", "user_permissions", "search_text"]

    def has_add_permission(self, request):
        return False
