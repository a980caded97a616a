import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.text import slugify

DEFAULT_CATEGORIES = ["Pitch", "Job", "Grant", "Funding", "Collaboration", "Date", "Other"]

# Far enough for any real ask, and bounded so that counting silence
# (asked_on + N days) can never overflow the date type.
FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(2999, 12, 31)
DAY_VALIDATORS = [
    MinValueValidator(FIRST_DAY, message="Use a date between 1900 and 2999."),
    MaxValueValidator(LAST_DAY, message="Use a date between 1900 and 2999."),
]


# A category's expected reply window, in days; as long as the longest silence rule.
MIN_REPLY_DAYS = 1
MAX_REPLY_DAYS = 365
REPLY_DAYS_MESSAGE = (
    f"Use {MIN_REPLY_DAYS} to {MAX_REPLY_DAYS} days, or leave it empty for your silence rule."
)


def category_slug(name: str) -> str:
    """Return the key a category name is matched by: "Pitch", "pitch" and " PITCH " are one."""
    return slugify(name.strip(), allow_unicode=True)[:40]


class Outcome(models.TextChoices):
    PENDING = "pending", "Pending"
    NO = "no", "No"
    YES = "yes", "Yes"
    NO_RESPONSE = "no_response", "No response"
    WITHDRAWN = "withdrawn", "Withdrawn"


DECIDED = [Outcome.NO, Outcome.YES, Outcome.NO_RESPONSE, Outcome.WITHDRAWN]
REJECTED = [Outcome.NO, Outcome.NO_RESPONSE]


class Feedback(models.TextChoices):
    FORM = "form", "Form no"
    PERSONAL = "personal", "Personal no"
    INVITED_BACK = "invited_back", "Invited back"


class Category(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="categories"
    )
    name = models.CharField(max_length=40)
    slug = models.SlugField(max_length=40, allow_unicode=True)
    # How long answers in this category usually take: a pending ask past it is
    # overdue. Empty means the owner's silence rule.
    reply_days = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[
            MinValueValidator(MIN_REPLY_DAYS, message=REPLY_DAYS_MESSAGE),
            MaxValueValidator(MAX_REPLY_DAYS, message=REPLY_DAYS_MESSAGE),
        ],
        help_text="Days an answer usually takes. Empty: your silence rule.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "categories"
        constraints = [
            models.UniqueConstraint(fields=["user", "slug"], name="category_unique_slug_per_user"),
            models.CheckConstraint(
                condition=Q(reply_days__isnull=True)
                | Q(reply_days__gte=MIN_REPLY_DAYS, reply_days__lte=MAX_REPLY_DAYS),
                name="category_reply_days_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.slug = category_slug(self.name)
        super().save(*args, **kwargs)


class Ask(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="asks"
    )
    title = models.CharField(max_length=200)
    recipient = models.CharField(max_length=200, blank=True)
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="asks"
    )
    asked_on = models.DateField(validators=DAY_VALIDATORS)
    outcome = models.CharField(max_length=12, choices=Outcome.choices, default=Outcome.PENDING)
    feedback = models.CharField(max_length=12, choices=Feedback.choices, blank=True)
    decided_on = models.DateField(null=True, blank=True, validators=DAY_VALIDATORS)
    amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    notes = models.TextField(blank=True, max_length=5000)
    follow_up_on = models.DateField(null=True, blank=True, validators=DAY_VALIDATORS)
    private = models.BooleanField(default=False)
    # Snoozed: an overdue ask stays off the overdue lists until this day.
    snoozed_until = models.DateField(null=True, blank=True, validators=DAY_VALIDATORS)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-asked_on", "-id"]
        indexes = [
            models.Index(fields=["user", "asked_on"], name="ask_user_asked_on"),
            models.Index(fields=["user", "decided_on"], name="ask_user_decided_on"),
            models.Index(fields=["user", "outcome", "asked_on"], name="ask_user_outcome_asked_on"),
            # The reminder scheduler looks up, every few minutes and across all users, the
            # pending asks to follow up on today: only those, not the whole table.
            models.Index(
                fields=["follow_up_on"],
                condition=Q(outcome=Outcome.PENDING, follow_up_on__isnull=False),
                name="ask_pending_follow_up_on",
            ),
        ]
        # The invariants hold whatever writes the row: a page, the API, an import or the admin.
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome=Outcome.PENDING, decided_on__isnull=True)
                | (Q(outcome__in=DECIDED) & Q(decided_on__isnull=False)),
                name="ask_decided_on_iff_decided",
            ),
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True) | Q(decided_on__gte=models.F("asked_on")),
                name="ask_decided_after_asked",
            ),
            models.CheckConstraint(
                condition=Q(feedback="") | Q(outcome=Outcome.NO), name="ask_feedback_only_on_no"
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0), name="ask_amount_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.outcome != Outcome.NO and self.feedback:
            errors["feedback"] = "Feedback goes with a no."
        if self.outcome in DECIDED and self.decided_on is None:
            errors["decided_on"] = "Give the date the answer came."
        if self.decided_on and self.asked_on and self.decided_on < self.asked_on:
            errors["decided_on"] = "The answer cannot come before the ask."
        if self.amount is not None and self.amount < 0:
            errors["amount"] = "The amount cannot be negative."
        if errors:
            raise ValidationError(errors)

    def validate_constraints(self, exclude=None) -> None:
        # clean() states each check constraint in words (tests/test_ask_rules.py holds them
        # side by side) and the database enforces them again on write. Django's own check
        # would ask the database once per rule on every save: over half the cost of logging
        # an ask, on the page, the API and the admin alike.
        return

    def set_outcome(self, outcome: str, today: dt.date, feedback: str = "") -> None:
        """Record an answer (or take it back with pending), keeping the invariants."""
        changed = outcome != self.outcome
        self.outcome = outcome
        self.feedback = feedback if outcome == Outcome.NO else ""
        if outcome == Outcome.PENDING:
            self.decided_on = None
        elif changed or self.decided_on is None:
            # An answer logged for an ask dated in the future still may not precede it.
            self.decided_on = max(today, self.asked_on)

    def silent_on(self, silence_days: int) -> dt.date | None:
        """Return the day a pending ask starts to count as a no_response, if ever."""
        if self.outcome != Outcome.PENDING or silence_days <= 0:
            return None
        return self.asked_on + dt.timedelta(days=silence_days)

    def is_silent(self, today: dt.date, silence_days: int) -> bool:
        silent_on = self.silent_on(silence_days)
        return silent_on is not None and silent_on <= today

    def counted_outcome(self, today: dt.date, silence_days: int) -> str:
        """Return the outcome as counted today: a silent pending ask is a no_response."""
        return Outcome.NO_RESPONSE if self.is_silent(today, silence_days) else self.outcome
