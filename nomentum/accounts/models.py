import datetime as dt
import hashlib
import secrets
import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as AuthUserManager
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.db.models.lookups import Exact
from django.utils import timezone


def timezone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


USERNAME_TAKEN = "A user with that username already exists."


def same_username(username: str) -> Exact:
    """Return the condition that finds the account called `username`, in any case.

    Both sides are lowered by the database, with the function its unique index uses, so a
    name finds exactly the account that the index keeps others from taking.
    """
    return Exact(Lower("username"), Lower(models.Value(username)))


class UserManager(AuthUserManager["User"]):
    def get_by_natural_key(self, username: str | None) -> "User":
        # Every log-in (the page, the API's tokens, the admin) finds its user here.
        return self.get(same_username(self.model.normalize_username(username or "")))


# Every demo user's name starts so, and no sign-up's may (accounts.forms.check_username_free):
# nobody can pass for one of the demo's invented people.
DEMO_PREFIX = "demo-"

# The longest silence rule a user can set: a pending ask asked longer ago than this
# before a window cannot fall silent inside it.
LONGEST_SILENCE_DAYS = 365


class User(AbstractUser):
    display_name = models.CharField(max_length=80, blank=True)
    timezone = models.CharField(max_length=64, default="UTC")
    # A pending ask counts as a no_response rejection this many days after it
    # was sent; 0 means never. Derived when counted, never written back.
    silence_days = models.PositiveSmallIntegerField(
        default=settings.DEFAULT_SILENCE_DAYS,
        validators=[MinValueValidator(0), MaxValueValidator(LONGEST_SILENCE_DAYS)],
        help_text="Days without an answer after which a pending ask counts as a no. 0 = never.",
    )
    # Set by `nomentum demo` alone (nomentum.web.demo_data): a name or an empty email can be
    # chosen by anyone, so only this flag tells the demo's invented people from real ones.
    is_demo = models.BooleanField("demo data", default=False, editable=False)

    objects = UserManager()  # type: ignore[misc]

    # Django's own User extends its Meta so; django-stubs does not declare it.
    class Meta(AbstractUser.Meta):  # type: ignore[name-defined]
        constraints = [
            # `VICTIM` is the account `victim`: nobody may take a name again in another case.
            models.UniqueConstraint(
                Lower("username"),
                name="accounts_user_username_lower_unique",
                violation_error_message=USERNAME_TAKEN,
            )
        ]

    def __str__(self) -> str:
        return self.display_name or self.username

    def today(self) -> dt.date:
        """Return the date where the user lives: weeks and silence turn at their midnight."""
        return timezone.localdate(timezone=self.zone)

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        try:
            return zoneinfo.ZoneInfo(self.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo("UTC")


def hash_token(raw: str) -> str:
    # Tokens are 32 random bytes, so a fast hash is enough: there is nothing
    # to brute-force, and a stolen table still reveals no usable token.
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=80, blank=True)
    key_hash = models.CharField(max_length=64, unique=True)
    # The first characters, shown so a user can tell tokens apart.
    prefix = models.CharField(max_length=12)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name or 'unnamed'})"

    @classmethod
    def issue(cls, user: User, name: str = "") -> tuple["ApiToken", str]:
        """Create a token; return it with its raw value, which is never stored."""
        raw = settings.API_TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, key_hash=hash_token(raw), prefix=raw[:12])
        return token, raw


class CalendarToken(models.Model):
    """The secret in a user's calendar feed address; a new one makes the old address 404.

    Stored hashed like API tokens: the address is shown once, when it is made.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token"
    )
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"calendar feed of {self.user}"

    @classmethod
    def issue(cls, user: User) -> str:
        """Replace the user's token with a new one; return its raw value, never stored."""
        raw = secrets.token_urlsafe(32)
        cls.objects.update_or_create(
            user=user, defaults={"key_hash": hash_token(raw), "created_at": timezone.now()}
        )
        return raw


class DataVersion(models.Model):
    """A random number that changes whenever something a user's numbers depend on changes.

    Database triggers (migration 0003) write it, in the same transaction as the
    change, whoever makes it: a form, the API, an import's bulk insert, the
    admin, a cascade. Changes counted: the user's asks, categories, goals,
    memberships and check-ins, the challenges and groups they take part in, and
    their name, time zone and silence rule. Cached numbers are keyed by it
    (nomentum.numbers.cache), so a cache never serves numbers from before a
    change. A random value rather than a counter: a restored backup or a
    rolled-back transaction can bring an old counter back with other data behind
    it, never an old random value.

    No foreign key: the row goes with its user by trigger too, and a key would
    make deleting a user depend on the order the cascade deletes in.
    """

    user_id = models.BigIntegerField(primary_key=True)
    version = models.BigIntegerField()

    def __str__(self) -> str:
        return f"data version of user {self.user_id}"
