"""Counting asks, by DESIGN.md's rules, in the database.

Every number about asks (home page, list, API, later boards and digests)
comes from these expressions, so a rule changes in one place:
- an attempt counts in the window of its asked_on;
- a rejection (no, no_response) and a yes count in the window of decided_on;
- a pending ask turns into a no_response rejection dated asked_on + the
  owner's silence days once that day has come (0 days: never);
- withdrawn counts as neither.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from nomentum.asks.models import REJECTED, Ask, Outcome


@dataclass(frozen=True)
class Window:
    start: dt.date
    end: dt.date  # inclusive

    @classmethod
    def week_of(cls, day: dt.date) -> "Window":
        monday = day - dt.timedelta(days=day.weekday())
        return cls(monday, monday + dt.timedelta(days=6))

    @classmethod
    def month_of(cls, day: dt.date) -> "Window":
        first = day.replace(day=1)
        next_first = (first + dt.timedelta(days=32)).replace(day=1)
        return cls(first, next_first - dt.timedelta(days=1))


@dataclass(frozen=True)
class Tally:
    asks: int = 0
    rejections: int = 0
    yeses: int = 0


def silent(today: dt.date, silence_days: int) -> Q:
    """Pending asks that count as a no_response by today."""
    if silence_days <= 0:
        return Q(pk__in=[])
    return Q(outcome=Outcome.PENDING, asked_on__lte=today - dt.timedelta(days=silence_days))


def still_pending(today: dt.date, silence_days: int) -> Q:
    """Pending asks not yet silent today: the ones still waiting for an answer."""
    return Q(outcome=Outcome.PENDING) & ~silent(today, silence_days)


def rejected_within(window: Window, today: dt.date, silence_days: int) -> Q:
    decided = Q(outcome__in=REJECTED, decided_on__gte=window.start, decided_on__lte=window.end)
    if silence_days <= 0:
        return decided
    shift = dt.timedelta(days=silence_days)
    went_silent = silent(today, silence_days) & Q(
        asked_on__gte=window.start - shift, asked_on__lte=window.end - shift
    )
    return decided | went_silent


def tally_aggregates(window: Window, today: dt.date, silence_days: int, prefix: str = "") -> dict:
    """Return aggregate expressions for one window, to combine several windows in one query."""
    return {
        f"{prefix}asks": Count(
            "pk", filter=Q(asked_on__gte=window.start, asked_on__lte=window.end)
        ),
        f"{prefix}rejections": Count("pk", filter=rejected_within(window, today, silence_days)),
        f"{prefix}yeses": Count(
            "pk",
            filter=Q(outcome=Outcome.YES, decided_on__gte=window.start, decided_on__lte=window.end),
        ),
    }


def tallies(
    asks: QuerySet[Ask], windows: dict[str, Window], today: dt.date, silence_days: int
) -> tuple[dict[str, Tally], int]:
    """Return a Tally per named window and the number still pending, in one query."""
    aggregates: dict = {"pending": Count("pk", filter=still_pending(today, silence_days))}
    for name, window in windows.items():
        aggregates.update(tally_aggregates(window, today, silence_days, prefix=f"{name}__"))
    row = asks.aggregate(**aggregates)
    result = {
        name: Tally(
            asks=row[f"{name}__asks"],
            rejections=row[f"{name}__rejections"],
            yeses=row[f"{name}__yeses"],
        )
        for name in windows
    }
    return result, row["pending"]
