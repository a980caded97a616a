"""Counting asks, by DESIGN.md's rules, in the database.

Every number about asks (home page, list, API, boards, digests) comes from
these expressions, so a rule changes in one place:
- an attempt counts in the window of its asked_on;
- a rejection (no, no_response) and a yes count in the window of decided_on;
- a pending ask turns into a no_response rejection dated asked_on + its
  owner's silence days once that day has come (0 days: never);
- withdrawn counts as neither.
The silence rule is read from each ask's owner (user__silence_days), so the
same expressions count one person's asks or a whole group's.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual

from nomentum.asks.models import REJECTED, Ask, Outcome
from nomentum.lib.dates import AddDays


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


def silent_on() -> AddDays:
    """The day a pending ask turns into a no_response: asked_on + its owner's silence days."""
    return AddDays(F("asked_on"), F("user__silence_days"))


def silent(today: dt.date) -> Q:
    """Pending asks that count as a no_response by today."""
    return Q(outcome=Outcome.PENDING, user__silence_days__gt=0) & Q(
        LessThanOrEqual(silent_on(), today)
    )


def still_pending(today: dt.date) -> Q:
    """Pending asks not yet silent today: the ones still waiting for an answer."""
    return Q(outcome=Outcome.PENDING) & ~silent(today)


def asked_within(window: Window) -> Q:
    return Q(asked_on__gte=window.start, asked_on__lte=window.end)


def rejected_within(window: Window, today: dt.date) -> Q:
    decided = Q(outcome__in=REJECTED, decided_on__gte=window.start, decided_on__lte=window.end)
    went_silent = silent(today) & Q(
        GreaterThanOrEqual(silent_on(), window.start), LessThanOrEqual(silent_on(), window.end)
    )
    return decided | went_silent


def yes_within(window: Window) -> Q:
    return Q(outcome=Outcome.YES, decided_on__gte=window.start, decided_on__lte=window.end)


def tally_aggregates(window: Window, today: dt.date, prefix: str = "") -> dict:
    """Return aggregate expressions for one window, to combine several windows in one query."""
    return {
        f"{prefix}asks": Count("pk", filter=asked_within(window)),
        f"{prefix}rejections": Count("pk", filter=rejected_within(window, today)),
        f"{prefix}yeses": Count("pk", filter=yes_within(window)),
    }


def tallies(
    asks: QuerySet[Ask], windows: dict[str, Window], today: dt.date
) -> tuple[dict[str, Tally], int]:
    """Return a Tally per named window and the number still pending, in one query."""
    aggregates: dict = {"pending": Count("pk", filter=still_pending(today))}
    for name, window in windows.items():
        aggregates.update(tally_aggregates(window, today, prefix=f"{name}__"))
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
