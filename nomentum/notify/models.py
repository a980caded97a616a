"""What email a person wants, and every email Nomentum decided to send.

The Email table is the outbox and the record at once: one row per (user, kind,
period), so neither two schedulers nor two workers can make or send a second
copy of the same email (see services.deliver for the order of writes).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models

from nomentum.accounts.models import User


class Kind(models.TextChoices):
    DIGEST = "digest", "weekly digest"
    REMINDER = "reminder", "follow-up reminders"


class Weekday(models.IntegerChoices):
    # datetime.date.weekday() numbers: Monday is 0.
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


# Until a person saves their profile: a digest on Monday morning and reminders, at 8 their time.
DEFAULT_DIGEST = True
DEFAULT_WEEKDAY = Weekday.MONDAY
DEFAULT_HOUR = 8
DEFAULT_REMINDERS = True
HOURS = [(hour, f"{hour:02d}:00") for hour in range(24)]


class Preferences(models.Model):
    """A person's email choices. No row means the defaults below, until they save the profile."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="email_preferences",
    )
    digest = models.BooleanField("Weekly digest by email", default=DEFAULT_DIGEST)
    digest_weekday = models.PositiveSmallIntegerField(
        "Digest day", choices=Weekday.choices, default=DEFAULT_WEEKDAY
    )
    hour = models.PositiveSmallIntegerField(
        "Emails arrive at",
        choices=HOURS,
        default=DEFAULT_HOUR,
        validators=[MaxValueValidator(23)],
        help_text="Your time: the digest on its day, reminders on the follow-up date.",
    )
    reminders = models.BooleanField("Follow-up reminders by email", default=DEFAULT_REMINDERS)

    class Meta:
        verbose_name_plural = "preferences"
        constraints = [
            models.CheckConstraint(condition=models.Q(hour__lte=23), name="notify_hour_of_day"),
            models.CheckConstraint(
                condition=models.Q(digest_weekday__lte=6), name="notify_digest_weekday"
            ),
        ]

    def __str__(self) -> str:
        return f"email preferences of {self.user_id}"

    @classmethod
    def of(cls, user: User) -> "Preferences":
        """Return the user's preferences, unsaved defaults when they never chose."""
        try:
            return cls.objects.get(user=user)
        except cls.DoesNotExist:
            return cls(user=user)

    def wants(self, kind: str) -> bool:
        return self.digest if kind == Kind.DIGEST else self.reminders


class Status(models.TextChoices):
    QUEUED = "queued", "queued"  # a task will send it
    SENDING = "sending", "sending"  # claimed by a worker: never sent again, whatever happens next
    SENT = "sent", "sent"
    SKIPPED = "skipped", "skipped"  # nothing to say, or the person no longer wants it
    FAILED = "failed", "failed"


class Email(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="emails"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # Which one of its kind: the ISO week of a digest ("2026-W45"), the day of a reminder
    # ("2026-11-03"), both where the person lives.
    period = models.CharField(max_length=10)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField()
    # When the status last changed, or the row was last handed to a task.
    updated_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "period"], name="notify_one_email_per_period"
            )
        ]
        indexes = [models.Index(fields=["status", "updated_at"], name="notify_email_status")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period} for {self.user_id}: {self.status}"
