from django.contrib import admin
from django.http import HttpRequest

from nomentum.notify.models import Email


@admin.register(Email)
class EmailAdmin(admin.ModelAdmin):
    """For operators: what was sent, skipped or failed, and what a killed worker left `sending`."""

    list_display = ["user", "kind", "period", "status", "attempts", "updated_at", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["user__username", "user__email", "period"]
    readonly_fields = [field.name for field in Email._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
