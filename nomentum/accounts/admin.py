from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import Count

from nomentum.accounts.models import ApiToken, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = [
        "username",
        "email",
        "display_name",
        "ask_count",
        "timezone",
        "is_active",
        "date_joined",
        "last_login",
    ]
    list_filter = ["is_active", "is_staff", "is_demo", "date_joined"]
    search_fields = ["username", "email", "display_name"]
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        ("Nomentum", {"fields": ["display_name", "timezone", "silence_days", "is_demo"]}),
    )
    # Shown, never edited: only `nomentum demo` makes an account demo data.
    readonly_fields = ["is_demo"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(ask_count=Count("asks"))

    @admin.display(ordering="ask_count", description="asks")
    def ask_count(self, user: User) -> int:
        return user.ask_count  # type: ignore[attr-defined]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["prefix", "name", "user", "created_at", "last_used_at"]
    search_fields = ["user__username", "name", "prefix"]
    list_select_related = ["user"]
    readonly_fields = ["key_hash", "prefix", "created_at", "last_used_at"]
