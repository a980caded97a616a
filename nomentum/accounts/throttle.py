"""Limits on guessing and flooding: failed log-ins and password-reset emails.

Failed log-ins (the log-in page and the API's token endpoint alike) are counted by django-axes
in the database; its settings sit in nomentum/settings.py, and this module gives it the client
address, the username (one for every case of it) and the answer for a paused sign-in. Reset
emails are counted here, in the shared cache. Both stores are shared by every app server, so
adding servers adds no attempts.
"""

import datetime as dt
import hashlib
import ipaddress
import time

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from nomentum.accounts.models import User, same_username

RESET_WINDOW = dt.timedelta(minutes=30)
# Per address and email: the same 5 a window as log-ins, so resets are no side door for flooding
# one person's inbox. Per address alone: generous, as one office or carrier NAT shares it.
RESETS_PER_EMAIL_AND_ADDRESS = 5
RESETS_PER_ADDRESS = 20


def client_ip(request: HttpRequest) -> str | None:
    """Return the address of the client, trusting X-Forwarded-For only as far as PROXY_COUNT."""
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = settings.PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies <= 0 or not forwarded:
        return remote
    hops = [hop.strip() for hop in forwarded.split(",")]
    # Each trusted proxy appends the address it received from, so the last `proxies` entries
    # are theirs; anything further left was written by the client and proves nothing.
    candidate = hops[max(len(hops) - proxies, 0)]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def login_username(username: str) -> str:
    """Return the name a log-in's failures count under: the account's, in lower case.

    `VICTIM` and `victim` are one account, so they must be one count, or changing the case
    would buy five more guesses. The account is looked up by the rule log-in uses (the
    database's lower()), so no spelling it accepts escapes; a name with no account counts
    as typed, in lower case.
    """
    normalized = User.normalize_username(username)
    found = User.objects.filter(same_username(normalized)).values_list("username", flat=True)
    return (found.first() or normalized).lower()


def axes_username(request: HttpRequest | None, credentials: dict | None = None) -> str | None:
    """Return the username django-axes counts for this attempt (AXES_USERNAME_CALLABLE)."""
    if credentials:
        given = credentials.get("username")
    else:
        given = getattr(request, "POST", {}).get("username")
    return login_username(given) if isinstance(given, str) and given else given


def pause_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def login_paused_message() -> str:
    return (
        f"Too many wrong passwords for this account from your network: signing in is paused "
        f"for {pause_minutes()} minutes. Resetting the password ends the pause."
    )


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    """Return the answer to a refused log-in: the API's error shape, or a page saying why."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": login_paused_message()}, status=429)
    return render(
        request,
        "accounts/login_paused.html",
        {"minutes": pause_minutes()},
        status=429,
    )


def login_paused(request: HttpRequest) -> bool:
    """Return whether django-axes refused (or has just paused) the log-in in this request."""
    return bool(getattr(request, "axes_locked_out", False))


def _key(name: str, value: str, seconds: int, now: float) -> str:
    # Fixed windows: the key names the window, so no counter outlives it and a refusal never
    # prolongs a pause. Values are hashed: the cache holds no email address.
    digest = hashlib.sha256(value.encode()).hexdigest()
    return f"throttle:{name}:{int(now // seconds)}:{digest}"


def _count(name: str, value: str, window: dt.timedelta) -> int:
    """Return how many times (this one included) `value` was counted in the current window."""
    seconds = int(window.total_seconds())
    now = time.time()
    key = _key(name, value, seconds, now)
    left = seconds - int(now % seconds) + 1
    # add() then incr(): atomic in Redis. The database cache's incr() rewrites the row and
    # forgets the expiry, hence the touch().
    cache.add(key, 0, timeout=left)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.set(key, 1, timeout=left)
        count = 1
    cache.touch(key, timeout=left)
    return count


def allow_password_reset(request: HttpRequest, email: str) -> bool:
    """Count a reset request and return whether it may send an email."""
    address = client_ip(request) or "unknown"
    for_pair = _count("reset-email", f"{address} {email.strip().lower()}", RESET_WINDOW)
    for_address = _count("reset-address", address, RESET_WINDOW)
    return for_pair <= RESETS_PER_EMAIL_AND_ADDRESS and for_address <= RESETS_PER_ADDRESS


def password_reset_refused_message() -> str:
    minutes = int(RESET_WINDOW.total_seconds() // 60)
    return (
        f"Too many reset requests from your network, so no email was sent. The limit lifts "
        f"within {minutes} minutes; meanwhile look in your inbox (and spam folder) for a link "
        f"already sent."
    )


# A stolen session is not the password: confirming one (changing it, deleting the account) gets
# the same 5 tries a window as a log-in, per account, wherever the tries come from.
PASSWORD_CHECKS_PER_ACCOUNT = 5
WRONG_PASSWORD = "That is not your password."  # noqa: S105 (a message, not a secret)


def _window_count(name: str, value: str, window: dt.timedelta) -> int:
    """Return the current window's count of `value` without adding to it."""
    return int(cache.get(_key(name, value, int(window.total_seconds()), time.time()), 0))


def check_password_throttled(user: AbstractBaseUser, password: str) -> str | None:
    """Check a password the signed-in user typed; return why it is refused, or None."""
    minutes = int(RESET_WINDOW.total_seconds() // 60)
    paused = f"Too many wrong passwords: try again within {minutes} minutes, or reset the password."
    if _window_count("password-check", str(user.pk), RESET_WINDOW) >= PASSWORD_CHECKS_PER_ACCOUNT:
        return paused
    if user.check_password(password):
        return None
    if _count("password-check", str(user.pk), RESET_WINDOW) >= PASSWORD_CHECKS_PER_ACCOUNT:
        return paused
    return WRONG_PASSWORD
