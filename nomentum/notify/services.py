"""Unsubscribe links, email preferences, and delivering one queued email exactly once at most."""

import datetime as dt
import logging
import smtplib
from collections.abc import Callable

from django.conf import settings
from django.core import signing
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from nomentum.accounts.models import User
from nomentum.notify import emails, queries
from nomentum.notify.models import Email, Kind, Preferences, Status

logger = logging.getLogger(__name__)

# An email whose SMTP server could not be reached is tried again (schedule.sweep) up to this
# many times in all.
MAX_ATTEMPTS = 5


# Links ---------------------------------------------------------------------------------

_UNSUBSCRIBE = signing.Signer(salt="nomentum.notify.unsubscribe")


def unsubscribe_token(user: User, kind: str) -> str:
    """Return the signed token of the user's unsubscribe link for one kind of email.

    It never expires and is the same in every email: the link in an old digest
    keeps working, and it can do nothing but switch that one kind off.
    """
    return _UNSUBSCRIBE.sign_object([user.pk, kind])


def read_unsubscribe_token(token: str) -> tuple[int, str]:
    """Return (user id, kind) from a token; raise signing.BadSignature for anything else."""
    try:
        user_id, kind = _UNSUBSCRIBE.unsign_object(token)
    except (ValueError, TypeError) as error:  # signed, but not a pair: not ours
        raise signing.BadSignature(str(error)) from error
    if not isinstance(user_id, int) or kind not in Kind.values:
        raise signing.BadSignature("not an unsubscribe token")
    return user_id, kind


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def unsubscribe_url(user: User, kind: str) -> str:
    return absolute(reverse("notify:unsubscribe", args=[unsubscribe_token(user, kind)]))


def list_headers(user: User, kind: str) -> dict[str, str]:
    """Return the headers that let a mail program offer unsubscribing in one click (RFC 8058)."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(user, kind)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
    }


# Preferences ---------------------------------------------------------------------------

PREFERENCE_FIELDS = ["digest", "digest_weekday", "hour", "reminders"]


def save_preferences(user: User, **values: object) -> Preferences:
    """Save these choices; the others keep their value, or their default on a first save."""
    preferences, _ = Preferences.objects.update_or_create(user=user, defaults=values)
    return preferences


def turn_off(user: User, kind: str) -> None:
    """Stop one kind of email for the user, and nothing else."""
    field = "digest" if kind == Kind.DIGEST else "reminders"
    save_preferences(user, **{field: False})


# Delivery ------------------------------------------------------------------------------

Sender = Callable[..., None]


def _content(email: Email) -> tuple[Sender, dict] | None:
    """Return the function that sends this email and its context; None when there is nothing
    to send (the person turned it off, has no address, is a demo user, or nothing is left
    to tell)."""
    user = email.user
    if not user.is_active or user.is_demo or not user.email:
        return None
    if not Preferences.of(user).wants(email.kind):
        return None
    context: dict = {
        "user": user,
        "site_url": settings.SITE_URL,
        "unsubscribe_url": unsubscribe_url(user, email.kind),
        "profile_url": absolute(reverse("accounts:profile")),
    }
    if email.kind == Kind.DIGEST:
        digest = queries.digest_for(user, user.today())
        if digest.is_empty:
            return None
        context["digest"] = digest
        return emails.digest, context
    day = dt.date.fromisoformat(email.period)
    asks = queries.follow_ups(user, day)
    if not asks:  # answered since the reminder was scheduled
        return None
    links = [absolute(reverse("asks:edit", args=[ask.pk])) for ask in asks]
    context.update(day=day, asks=list(zip(asks, links, strict=True)))
    return emails.reminder, context


def _finish(email_id: int, status: str, **fields: object) -> None:
    Email.objects.filter(pk=email_id).update(status=status, updated_at=timezone.now(), **fields)


def deliver(email_id: int) -> str:
    """Send one queued email; return what became of it.

    We fail at most once, never at least once: a duplicate digest is the nagging
    Nomentum promises not to do, while a missed one costs its reader little, and
    SMTP has no way to tell a server "you may have this one already". So:
    1. Claim: one conditional UPDATE turns `queued` into `sending` and commits
       before anything goes out. Of two workers holding the same email, one
       claims it; the other finds it claimed and stops.
    2. Compose. With nothing to say (turned off since, every follow-up answered),
       the email is `skipped`.
    3. Connect. When the SMTP server cannot be reached, nothing left this process:
       the email goes back to `queued`, and schedule.sweep queues it again later.
    4. Send, then record `sent`. A worker killed between 1 and 4 leaves the email
       `sending` for good: maybe delivered, never sent a second time.
    """
    if not _claim(email_id):
        return "taken"
    email = Email.objects.select_related("user").get(pk=email_id)
    content = _compose(email)
    if content is None:
        _finish(email_id, Status.SKIPPED)
        return "skipped"
    connection = get_connection()
    unreachable = _connect(email, connection)
    if unreachable:
        return unreachable
    _send(email, content, connection)
    _finish(email_id, Status.SENT, sent_at=timezone.now(), error="")
    return "sent"


def _claim(email_id: int) -> bool:
    """Return whether this worker claimed the queued email (step 1), committed at once."""
    claimed = Email.objects.filter(pk=email_id, status=Status.QUEUED).update(
        status=Status.SENDING, attempts=F("attempts") + 1, updated_at=timezone.now()
    )
    return bool(claimed)


def _compose(email: Email) -> tuple[Sender, dict] | None:
    """Return how to send the email and what it says (step 2); a failure here fails it."""
    try:
        return _content(email)
    except Exception as error:
        _finish(email.pk, Status.FAILED, error=repr(error))
        raise


def _connect(email: Email, connection: BaseEmailBackend) -> str | None:
    """Open the SMTP connection (step 3); return "retry" or "failed" when it cannot be."""
    try:
        connection.open()
    except (OSError, smtplib.SMTPException) as error:
        again = email.attempts < MAX_ATTEMPTS
        _finish(email.pk, Status.QUEUED if again else Status.FAILED, error=repr(error))
        logger.warning("Email %s not sent, SMTP unreachable: %r", email.pk, error)
        return "retry" if again else "failed"
    return None


def _send(email: Email, content: tuple[Sender, dict], connection: BaseEmailBackend) -> None:
    """Hand the email to the open connection (step 4), then close it whatever happens."""
    send, context = content
    try:
        send(email.user.email, context, list_headers(email.user, email.kind), connection)
    except Exception as error:
        # The server may have taken it before failing: never again (at most once).
        _finish(email.pk, Status.FAILED, error=repr(error))
        raise
    finally:
        connection.close()
