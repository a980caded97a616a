from django.contrib import admin
from django.db.models import Count

from nomentum.challenges.models import Challenge, CheckIn, Goal, Group, Invite, Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]
    fields = ["user", "role", "sharing", "hidden_from_ranking", "joined_at"]
    readonly_fields = ["joined_at"]


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["name", "member_count", "is_demo", "created_at"]
    list_filter = ["is_demo"]
    search_fields = ["name", "memberships__user__username"]
    # Shown, never edited: only `nomentum demo` makes a group the public demo.
    readonly_fields = ["is_demo"]
    inlines = [MembershipInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_count=Count("memberships"))

    @admin.display(ordering="member_count", description="members")
    def member_count(self, group: Group) -> int:
        return group.member_count  # type: ignore[attr-defined]


@admin.register(Challenge)
class ChallengeAdmin(admin.ModelAdmin):
    list_display = ["name", "group", "owner", "starts_on", "ends_on"]
    list_filter = ["starts_on"]
    search_fields = ["name", "group__name", "owner__username"]
    list_select_related = ["group", "owner"]
    raw_id_fields = ["group", "owner"]
    date_hierarchy = "starts_on"


@admin.register(Invite)
class InviteAdmin(admin.ModelAdmin):
    list_display = ["group", "created_by", "created_at", "expires_at", "revoked_at", "uses"]
    list_select_related = ["group", "created_by"]
    raw_id_fields = ["group", "created_by"]
    readonly_fields = ["code"]


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ["user", "challenge", "rejections_per_week", "rejections_total", "updated_at"]
    list_select_related = ["user", "challenge"]
    raw_id_fields = ["user", "challenge"]


@admin.register(CheckIn)
class CheckInAdmin(admin.ModelAdmin):
    list_display = ["user", "challenge", "week", "created_at"]
    list_select_related = ["user", "challenge"]
    raw_id_fields = ["user", "challenge", "asks"]
