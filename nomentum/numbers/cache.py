"""Numbers kept in the shared cache until something they are computed from changes.

A page of numbers (stats, the board, the home page's glance) aggregates a
whole history, yet people reload it far more often than they log an ask. So
each such value is cached under its inputs' DataVersions: any change to them
gives a new key, and the old value is never read again (it expires). Nothing
has to remember to invalidate anything; the database triggers see every write.
"""

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from nomentum.accounts.models import DataVersion
from nomentum.challenges.models import Challenge, Membership

T = TypeVar("T")

# What a release's code and templates are made of: part of every key.
RELEASE_FILES = {".py", ".html", ".css", ".js", ".svg"}


def release_digest(root: Path) -> str:
    """Return a digest of the release's code, templates and static files under `root`.

    Part of every key, so that a new release never reads an old one's entries: not
    its pickled objects, whose classes may have changed, nor its HTML or numbers, which
    its templates and counting rules may have changed. Nothing to remember to bump.
    """
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.suffix in RELEASE_FILES and path.is_file():
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


RELEASE = release_digest(Path(__file__).resolve().parent.parent)
# Keys carry the day their numbers were counted on, so an entry is dead by the next day.
KEEP_SECONDS = 2 * 24 * 3600
_MISSING = object()


def user_version(user_id: int) -> int | None:
    """Return the user's data version, None if the user has none (then nothing is cached)."""
    return DataVersion.objects.filter(user_id=user_id).values_list("version", flat=True).first()


def board_version(challenge: Challenge) -> tuple | None:
    """Return what changes whenever a number on the challenge's board may (one query).

    That is its participants' data versions (which the challenge's own changes
    update too) and who the participants are: joining adds a membership with a
    higher id than any before, leaving lowers the count. None: do not cache.
    """
    if challenge.group_id is None:
        version = user_version(challenge.owner_id) if challenge.owner_id else None
        return None if version is None else (version,)
    # A join the ORM cannot write without a foreign key (DataVersion has none): a
    # fifth of the time of the same numbers through a correlated subquery.
    sql = (
        "SELECT COUNT(*), MAX(m.id), SUM(v.version), COUNT(v.version) "  # noqa: S608 (table names)
        f"FROM {Membership._meta.db_table} m LEFT JOIN {DataVersion._meta.db_table} v "
        "ON v.user_id = m.user_id WHERE m.group_id = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [challenge.group_id])
        members, newest, total, known = cursor.fetchone()
    if known != members:
        return None
    return (members, newest, total)


def remember(name: str, version: object, parts: tuple, compute: Callable[[], T]) -> T:
    """Return compute(), cached under `name`, `version` and `parts` (the other inputs).

    Read the version before computing, as the callers do: a change committed while
    the numbers are computed then leaves them under the version before it, where no
    one looks any more, rather than under the new one as if they were current.
    """
    if version is None:
        return compute()
    digest = hashlib.sha256(repr((version, parts)).encode()).hexdigest()
    key = f"numbers:{RELEASE}:{name}:{digest}"
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
