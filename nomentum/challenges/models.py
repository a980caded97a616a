import datetime as dt
import math
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q

# A challenge longer than this is a typo more often than a plan.
MAX_CHALLENGE_DAYS = 400


class Group(models.Model):
    name = models.CharField(max_length=80)
    description = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set by `nomentum demo` alone: any group can take the demo's name and description,
    # and the public /demo page shows only the group with this flag.
    is_demo = models.BooleanField("demo data", default=False, editable=False)
    # Organizers can always nudge; this lets every member nudge the quiet ones too.
    members_may_nudge = models.BooleanField("Members may nudge", default=False)

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    ORGANIZER = "organizer", "Organizer"
    MEMBER = "member", "Member"


class Sharing(models.TextChoices):
    COUNTS = "counts", "Numbers only"
    DETAILS = "details", "Titles and recipients too"


class Membership(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    sharing = models.CharField(max_length=10, choices=Sharing.choices, default=Sharing.COUNTS)
    # Still counted in the group's totals, just not ranked.
    hidden_from_ranking = models.BooleanField(default=False)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="membership_once_per_group")
        ]
        indexes = [models.Index(fields=["user", "group"], name="membership_user_group")]

    def __str__(self) -> str:
        return f"{self.user} in {self.group} ({self.role})"

    @property
    def is_organizer(self) -> bool:
        return self.role == Role.ORGANIZER


class Removal(models.Model):
    """Someone an organizer removed from a group: no invite lets them in again while it exists.

    Letting them back in deletes it. Leaving by oneself leaves none.
    """

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="removals")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="removals"
    )
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    removed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="removal_once_per_group")
        ]

    def __str__(self) -> str:
        return f"{self.user} removed from {self.group}"


def new_invite_code() -> str:
    return secrets.token_urlsafe(12)


class Invite(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="invites")
    code = models.CharField(max_length=32, unique=True, default=new_invite_code)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    uses = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"invite to {self.group}"

    def is_usable(self, now: dt.datetime) -> bool:
        return self.revoked_at is None and now < self.expires_at


class Challenge(models.Model):
    """A time box, starts_on..ends_on inclusive: a group's, or one person's own."""

    group = models.ForeignKey(
        Group, null=True, blank=True, on_delete=models.CASCADE, related_name="challenges"
    )
    # Set for a personal challenge (no group): its only participant.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="own_challenges",
    )
    name = models.CharField(max_length=80)
    starts_on = models.DateField()
    ends_on = models.DateField()
    points_per_rejection = models.PositiveSmallIntegerField(default=10)
    points_per_yes = models.PositiveSmallIntegerField(default=1)
    # The run this one repeats ("November of NO 2027" after "November of NO"): history links them.
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="repeats"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="challenge_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(group__isnull=True, owner__isnull=False)
                | Q(group__isnull=False, owner__isnull=True),
                name="challenge_group_xor_owner",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1

    def weeks(self) -> list["Week"]:
        """Return the 7-day windows from starts_on, numbered from 1; the last may be shorter."""
        count = math.ceil(self.days / 7)
        result = []
        for index in range(count):
            start = self.starts_on + dt.timedelta(days=7 * index)
            end = min(start + dt.timedelta(days=6), self.ends_on)
            result.append(Week(index + 1, start, end))
        return result

    def state(self, today: dt.date) -> str:
        if today < self.starts_on:
            return "upcoming"
        if today > self.ends_on:
            return "finished"
        return "running"


class Week:
    __slots__ = ("ends_on", "number", "starts_on")

    def __init__(self, number: int, starts_on: dt.date, ends_on: dt.date) -> None:
        self.number = number
        self.starts_on = starts_on
        self.ends_on = ends_on

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1

    def __repr__(self) -> str:
        return f"Week({self.number}, {self.starts_on}, {self.ends_on})"


class Goal(models.Model):
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="goals")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="goals"
    )
    rejections_per_week = models.PositiveSmallIntegerField(null=True, blank=True)
    rejections_total = models.PositiveIntegerField(null=True, blank=True)
    asks_total = models.PositiveIntegerField(null=True, blank=True)
    yeses_total = models.PositiveIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["challenge", "user"], name="goal_once_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.user}'s goal in {self.challenge}"

    def rejections_target(self, challenge: Challenge) -> int | None:
        """Return the total rejection target: as given, or per-week x whole weeks.

        November, 30 days, 3 a week: 3 x 4 = 12. A challenge shorter than a
        week has no whole week, so it needs its share of one, rounded up.
        """
        if self.rejections_total is not None:
            return self.rejections_total
        if self.rejections_per_week is None:
            return None
        whole_weeks = challenge.days // 7
        if whole_weeks == 0:
            return math.ceil(self.rejections_per_week * challenge.days / 7)
        return self.rejections_per_week * whole_weeks

    def week_target(self, challenge: Challenge, week: Week) -> int | None:
        """Return the rejections a week needs: the weekly target, or what the total leaves.

        A full week needs rejections_per_week; a shorter last week needs what the total
        leaves after the full weeks, never less than 0. November at 3 a week: 12 - 4 x 3 = 0,
        "bonus days". So the weeks' targets add up to the total, never to more.
        """
        if self.rejections_per_week is None:
            return None
        if week.days == 7:
            return self.rejections_per_week
        total = self.rejections_target(challenge) or 0
        full_weeks = challenge.days // 7
        return max(0, total - self.rejections_per_week * full_weeks)


class GoalChange(models.Model):
    """A goal as it was before a change, so a board can show that it moved mid-challenge."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="changes")
    rejections_per_week = models.PositiveSmallIntegerField(null=True, blank=True)
    rejections_total = models.PositiveIntegerField(null=True, blank=True)
    asks_total = models.PositiveIntegerField(null=True, blank=True)
    yeses_total = models.PositiveIntegerField(null=True, blank=True)
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.goal} before {self.changed_at:%Y-%m-%d}"


class CheckIn(models.Model):
    """A member's weekly note on a challenge; a quick tally creates minimal asks."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="checkins")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checkins"
    )
    week = models.PositiveSmallIntegerField()
    note = models.TextField(blank=True, max_length=2000)
    # The asks a quick tally created: every number still has one source, asks.
    asks = models.ManyToManyField("asks.Ask", blank=True, related_name="checkins")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["challenge", "user", "week"], name="checkin_once_a_week"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}, week {self.week} of {self.challenge}"


class Cheer(models.Model):
    """A group member's one-tap reaction to another member's rejection or yes."""

    ask = models.ForeignKey("asks.Ask", on_delete=models.CASCADE, related_name="cheers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cheers_given"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ask", "user"], name="cheer_once_per_ask")]

    def __str__(self) -> str:
        return f"{self.user} cheers {self.ask_id}"


class Nudge(models.Model):
    """An organizer's (or, when the group allows, a member's) nudge to a member gone quiet.

    At most one per member per challenge week, whoever sends it.
    """

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="nudges")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="nudges_received"
    )
    week = models.PositiveSmallIntegerField()
    nudged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.CharField(max_length=140, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["challenge", "user", "week"], name="nudge_once_a_week")
        ]

    def __str__(self) -> str:
        return f"nudge to {self.user}, week {self.week} of {self.challenge}"


def new_card_token() -> str:
    return secrets.token_urlsafe(16)


class ShareCard(models.Model):
    """A member's opt-in public link to a card of their challenge; revoking it ends the link."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="cards")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="share_cards"
    )
    token = models.CharField(max_length=32, unique=True, default=new_card_token)
    # No titles unless the member chooses: a card shows numbers.
    show_titles = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["challenge", "user"], name="card_once_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.user}'s card of {self.challenge}"
