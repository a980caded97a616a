import datetime as dt
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.text import slugify

from nomentum.accounts.models import LONGEST_SILENCE_DAYS
from nomentum.insights import silence

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
MAX_REPLY_DAYS = LONGEST_SILENCE_DAYS
REPLY_DAYS_MESSAGE = (
    f"Use {MIN_REPLY_DAYS} to {MAX_REPLY_DAYS} days, or leave it empty for your silence rule."
)


CATEGORY_NAME_LENGTH = 40


def category_key(name: str) -> str:
    """Return what a category name is matched by: "Pitch", "pitch" and " PITCH " are one.

    Only case and spacing are ignored: "C++" and "C#" are two categories, though
    their slugs would both be "c" had they not been made unique (Category.save).
    """
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def category_slug(name: str) -> str:
    """Return the slug a category name starts from; "" for a name without a letter or digit."""
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


PENDING_WITH_A_DATE = "A pending ask has no answer date: give its outcome too, or leave it out."


class Category(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="categories"
    )
    name = models.CharField(max_length=CATEGORY_NAME_LENGTH)
    # category_key(name): unique per user, so that a name finds its one category.
    # Case folding and normalising can lengthen a name up to 9 times.
    key = models.CharField(max_length=360, editable=False)
    # For links and filters: category_slug(name), with "-2", "-3"... when another of the
    # user's categories has it already ("C++" is "c", then "C#" is "c-2").
    slug = models.SlugField(max_length=40, allow_unicode=True, editable=False)
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
            models.UniqueConstraint(
                fields=["user", "key"],
                name="category_unique_key_per_user",
                violation_error_message="You already have that category.",
            ),
            models.CheckConstraint(
                condition=Q(reply_days__isnull=True)
                | Q(reply_days__gte=MIN_REPLY_DAYS, reply_days__lte=MAX_REPLY_DAYS),
                name="category_reply_days_in_range",
            ),
        ]

    _saved_name: str | None = None  # the name as read from the database

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.key = category_key(self.name)
        # A slug is kept while the name is: links and filters that hold it keep working.
        if self._state.adding or not self.slug or self.name != self._saved_name:
            self.slug = self._free_slug()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "key", "slug"}
        super().save(*args, **kwargs)
        self._saved_name = self.name

    @classmethod
    def from_db(cls, db, field_names, values):
        category = super().from_db(db, field_names, values)
        category._saved_name = category.__dict__.get("name")
        return category

    def _free_slug(self) -> str:
        """Return category_slug(name), numbered past the slugs the user's others have."""
        base = category_slug(self.name)
        # Every numbered slug starts with this much of the base, whatever its number's length.
        taken = set(
            Category.objects.filter(user_id=self.user_id, slug__startswith=base[:30])
            .exclude(pk=self.pk)
            .values_list("slug", flat=True)
        )
        slug, n = base, 1
        while slug in taken:
            n += 1
            suffix = f"-{n}"
            slug = base[: 40 - len(suffix)] + suffix
        return slug


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
        if self.outcome == Outcome.PENDING and self.decided_on is not None:
            errors["decided_on"] = PENDING_WITH_A_DATE
        elif self.outcome in DECIDED and self.decided_on is None:
            errors["decided_on"] = "Give the date the answer came."
        elif self.decided_on and self.asked_on and self.decided_on < self.asked_on:
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

    def set_outcome(
        self,
        outcome: str,
        today: dt.date,
        feedback: str | None = None,
        decided_on: dt.date | None = None,
    ) -> None:
        """Record an answer, or take it back with pending: the rule every write of one follows.

        An answer given without a date came today, and never before its ask (one logged
        ahead of time); the same answer given again keeps its date, and without new
        feedback, its feedback. What the outcome cannot carry (a date on a pending ask,
        feedback on anything but a no) is kept for clean() to refuse: a page that sends
        it unasked drops it first, a client that sends it is told.
        """
        same = outcome == self.outcome
        if feedback is None:
            feedback = self.feedback if same else ""
        if decided_on is None and outcome != Outcome.PENDING:
            if same and self.decided_on is not None:
                decided_on = self.decided_on
            elif self.asked_on is not None:
                decided_on = max(today, self.asked_on)
        self.outcome = outcome
        self.feedback = feedback
        self.decided_on = decided_on

    def silent_on(self, silence_days: int) -> dt.date | None:
        """Return the day a pending ask starts to count as a no_response, if ever.

        By insights.silence.silent_on, the rule that counting.silent_on() states in SQL.
        """
        if self.outcome != Outcome.PENDING:
            return None
        return silence.silent_on(self.asked_on, silence_days)

    def is_silent(self, today: dt.date, silence_days: int) -> bool:
        silent_on = self.silent_on(silence_days)
        return silent_on is not None and silent_on <= today

    def counted_outcome(self, today: dt.date, silence_days: int) -> str:
        """Return the outcome as counted today: a silent pending ask is a no_response."""
        return Outcome.NO_RESPONSE if self.is_silent(today, silence_days) else self.outcome
