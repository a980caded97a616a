from django.contrib import admin

from nomentum.asks.models import Ask, Category


@admin.register(Ask)
class AskAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "user",
        "recipient",
        "category",
        "asked_on",
        "outcome",
        "feedback",
        "decided_on",
        "private",
    ]
    list_filter = ["outcome", "feedback", "private", "asked_on", "category__slug"]
    search_fields = ["title", "recipient", "user__username"]
    list_select_related = ["user", "category"]
    date_hierarchy = "asked_on"
    raw_id_fields = ["user", "category"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "user"]
    search_fields = ["name", "user__username"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]
