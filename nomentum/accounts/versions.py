"""Numbers kept in the shared cache until something they are computed from changes.

A page of numbers (stats, the board, the home page's glance) aggregates a
whole history, yet people reload it far more often than they log an ask. So
each such value is cached under its inputs' DataVersions: any change to them
gives a new key, and the old value is never read again (it expires). Nothing
has to remember to invalidate anything; the database triggers see every write.
"""

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from nomentum.accounts.models import DataVersion

T = TypeVar("T")

# Part of every key: raise it when a cached value's shape changes, so that a new
# release never unpickles an old release's objects.
CACHE_FORMAT = 1
# Keys carry the day their numbers were counted on, so an entry is dead by the next day.
KEEP_SECONDS = 2 * 24 * 3600
_MISSING = object()


def user_version(user_id: int) -> int | None:
    """Return the user's data version, None if the user has none (then nothing is cached)."""
    return DataVersion.objects.filter(user_id=user_id).values_list("version", flat=True).first()


def remember(name: str, version: object, parts: tuple, compute: Callable[[], T]) -> T:
    """Return compute(), cached under `name`, `version` and `parts` (the other inputs).

    Read the version before computing, as the callers do: a change committed while
    the numbers are computed then leaves them under the version before it, where no
    one looks any more, rather than under the new one as if they were current.
    """
    if version is None:
        return compute()
    digest = hashlib.sha256(repr((version, parts)).encode()).hexdigest()
    key = f"numbers:{CACHE_FORMAT}:{name}:{digest}"
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, KEEP_SECONDS)
    return value


def remember_html(
    request: HttpRequest,
    template: str,
    version: object,
    parts: tuple,
    context: Callable[[], dict],
) -> SafeString:
    """Return `template` rendered with context(), cached like remember().

    The key also holds the page's query string and a digest of the browser's CSRF
    secret: the HTML may hold forms, whose tokens must match the browser. A browser
    without a secret yet gets a fresh one with this page, so its HTML is not kept.
    """
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        version = None
    browser = hashlib.sha256(str(secret).encode()).hexdigest()
    return remember(
        template,
        version,
        (*parts, request.GET.urlencode(), browser),
        lambda: render_to_string(template, context(), request),
    )
