import datetime as dt
import hashlib
import secrets
import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone


def timezone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


class User(AbstractUser):
    display_name = models.CharField(max_length=80, blank=True)
    timezone = models.CharField(max_length=64, default="UTC")
    # A pending ask counts as a no_response rejection this many days after it
    # was sent; 0 means never. Derived when counted, never written back.
    silence_days = models.PositiveSmallIntegerField(
        default=settings.DEFAULT_SILENCE_DAYS,
        validators=[MinValueValidator(0), MaxValueValidator(365)],
        help_text="Days without an answer after which a pending ask counts as a no. 0 = never.",
    )

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
    (nomentum.accounts.versions), so a cache never serves numbers from before a
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
