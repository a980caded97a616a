import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

# Session keys, in seconds since the epoch: when this session logged in, and when it was last
# seen (recorded at most once an hour, so reading a page does not write the session each time).
LOGGED_IN_AT = "nomentum_logged_in_at"
SEEN_AT = "nomentum_seen_at"
SEEN_EVERY = 3600


def stamp_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """Start both session clocks at log-in (receiver of user_logged_in)."""
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[LOGGED_IN_AT] = now
        request.session[SEEN_AT] = now


class SessionTimeoutMiddleware:
    """End a session idle for SESSION_IDLE_TIMEOUT, or older than SESSION_ABSOLUTE_TIMEOUT.

    Bearer tokens are not sessions and pass untouched.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.idle = settings.SESSION_IDLE_TIMEOUT.total_seconds()
        self.absolute = settings.SESSION_ABSOLUTE_TIMEOUT.total_seconds()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            session = request.session
            now = int(time.time())
            logged_in_at = session.get(LOGGED_IN_AT)
            seen_at = session.get(SEEN_AT, logged_in_at)
            if logged_in_at is None or seen_at is None:
                # A session from before these clocks existed: they start now.
                stamp_login(None, request, request.user)
            elif now - logged_in_at > self.absolute or now - seen_at > self.idle:
                # The same as logging out: the session row goes, the request goes on anonymous.
                logout(request)
            elif now - seen_at >= SEEN_EVERY:
                session[SEEN_AT] = now
        return self.get_response(request)


class UserTimezoneMiddleware:
    """Show times in the signed-in user's own time zone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            timezone.activate(user.zone)
        else:
            timezone.deactivate()
        return self.get_response(request)
