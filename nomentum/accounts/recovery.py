"""Taking an account back: what a new password revokes, and the reset email.

Whoever once knew the password may have made API tokens or copied the calendar
address, and neither ends with the sessions when the password changes. So a
reset, and a change when its box is left checked, revokes every token and the
calendar address, and the next page says what went and shows the new address.
"""

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.http import HttpRequest
from django.urls import reverse

from nomentum.accounts.models import ApiToken, CalendarToken, User

# What the last reset or change in this browser revoked, until the next page shows it.
SESSION_KEY = "nomentum_revoked"


@dataclass(frozen=True)
class Revoked:
    tokens: int
    calendar: bool
    # The new calendar address, made when the page that shows it is served.
    feed_url: str = ""


def revoke_access(user: User) -> Revoked:
    """Delete every API token of the user and their calendar address; return what there was.

    The new calendar address is made by `recall`, when it can be shown: it is stored
    hashed, so one made now could never be shown to anyone.
    """
    tokens, _ = ApiToken.objects.filter(user=user).delete()
    feeds, _ = CalendarToken.objects.filter(user=user).delete()
    return Revoked(tokens=tokens, calendar=feeds > 0)


def remember(request: HttpRequest, user: User, revoked: Revoked) -> None:
    request.session[SESSION_KEY] = {
        "user": user.pk,
        "tokens": revoked.tokens,
        "calendar": revoked.calendar,
    }


def recall(request: HttpRequest, only_for: int | None = None) -> Revoked | None:
    """Return, once, what the last reset or change in this browser revoked, with the new
    calendar address when there was one; None when there is nothing to tell, or when it
    concerned another account than the one with the id `only_for`."""
    saved: Any = request.session.pop(SESSION_KEY, None)
    if not isinstance(saved, dict) or not isinstance(saved.get("user"), int):
        return None
    owner = User.objects.filter(pk=saved["user"], is_active=True).first()
    if owner is None or (only_for is not None and owner.pk != only_for):
        return None
    feed_url = ""
    if saved.get("calendar"):
        raw = CalendarToken.issue(owner)
        feed_url = request.build_absolute_uri(reverse("accounts:calendar_feed", args=[raw]))
    return Revoked(tokens=int(saved.get("tokens", 0)), calendar=bool(feed_url), feed_url=feed_url)


class ResetForm(PasswordResetForm):
    def get_users(self, email: str):
        # Demo data is the operator's: no email ever leaves for it, reset links included.
        return (user for user in super().get_users(email) if not user.is_demo)


def send_reset_email(email: str) -> int:
    """Send a reset link to every active account at this address that has a password; return
    how many there were. Runs in a task worker, never in the request that asked."""
    form = ResetForm(data={"email": email})
    if not form.is_valid():
        return 0
    accounts = len(list(form.get_users(form.cleaned_data["email"])))
    site = urlsplit(settings.SITE_URL)
    form.save(
        domain_override=site.netloc,
        use_https=site.scheme == "https",
        subject_template_name="registration/password_reset_subject.txt",
        email_template_name="registration/password_reset_email.txt",
        extra_email_context={"site_url": settings.SITE_URL},
    )
    return accounts
