"""What counting answers: plain numbers, with the rates and words pages show for them.

Built from plain counts (nomentum.asks.counting counts them in the database), so
they pickle into the cache, compare in tests and render without a query.
"""

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import ClassVar, Self

from nomentum.insights import forecast as forecasting
from nomentum.insights import stats as rates


@dataclass(frozen=True)
class Tally:
    asks: int = 0
    rejections: int = 0
    yeses: int = 0


class Rates:
    """The rates derived from yeses and rejections; null where the data cannot say."""

    yeses: int
    rejections: int

    @property
    def decided(self) -> int:
        return self.yeses + self.rejections

    def settle(self) -> Self:
        """Work the costly derived numbers out now, so that a cached copy carries them."""
        _ = self._interval
        return self

    @property
    def yes_rate(self) -> float | None:
        return rates.yes_rate(self.yeses, self.rejections)

    @cached_property
    def _interval(self) -> tuple[float, float] | None:
        # Null with no decided ask, like the rate: the prior alone would print a made-up range.
        if not self.decided:
            return None
        return rates.credible_interval(self.yeses, self.rejections)

    @property
    def yes_rate_low(self) -> float | None:
        return self._interval[0] if self._interval else None

    @property
    def yes_rate_high(self) -> float | None:
        return self._interval[1] if self._interval else None

    @property
    def nos_per_yes(self) -> float | None:
        return rates.nos_per_yes(self.rejections, self.yeses)

    @property
    def yes_rate_percent(self) -> str | None:
        rate = self.yes_rate
        return None if rate is None else rates.format_percent(rate)

    @property
    def interval_percent(self) -> str | None:
        if self._interval is None:
            return None
        low, high = self._interval
        return f"{rates.format_percent(low)}{rates.RANGE_DASH}{rates.format_percent(high)}"

    @property
    def yes_rate_in_words(self) -> str:
        return rates.describe_rate(self.yeses, self.rejections)

    @property
    def nos_per_yes_in_words(self) -> str:
        return rates.describe_nos_per_yes(self.rejections, self.yeses)


@dataclass(frozen=True)
class Numbers(Rates):
    """What a window holds: asks by asked_on, answers by their dates (docs/RULES.md)."""

    # The plain counts, each summed over categories for a total.
    COUNTS: ClassVar = ("asks", "rejections", "yeses", "pending", "withdrawn")

    asks: int = 0
    rejections: int = 0
    yeses: int = 0
    pending: int = 0  # asked in the window and still waiting today
    withdrawn: int = 0  # withdrawn in the window (decided_on)
    median_days_to_answer: float | None = None


@dataclass(frozen=True)
class CategoryNumbers(Numbers):
    slug: str | None = None  # None: the asks without a category
    name: str = "No category"


@dataclass(frozen=True)
class Stats(Numbers):
    by_category: list[CategoryNumbers] = field(default_factory=list)

    @classmethod
    def of(cls, by_category: list[CategoryNumbers], median_days: float | None) -> Self:
        """Return the total of these categories' numbers, which it keeps (named ones first)."""
        ordered = sorted(by_category, key=lambda row: (row.slug is None, row.name.casefold()))
        totals = {name: sum(getattr(row, name) for row in ordered) for name in cls.COUNTS}
        return cls(**totals, median_days_to_answer=median_days, by_category=ordered)

    def settle(self) -> Self:
        for numbers in self.by_category:
            numbers.settle()
        return super().settle()


def median_of(histogram: Counter[int]) -> float | None:
    """Return the median of values given as {value: how many times}, as stats.median would."""
    size = histogram.total()
    if not size:
        return None
    # 0-based positions of the middle value, or of the two middle values of an even count.
    lower, upper = (size - 1) // 2, size // 2
    seen = 0
    low: int | None = None
    for value in sorted(histogram):
        seen += histogram[value]
        if low is None and seen > lower:
            low = value
        if seen > upper:
            assert low is not None
            return (low + value) / 2
    raise AssertionError("unreachable: the counts add up to size")


@dataclass(frozen=True)
class Forecast(Rates):
    """How many more asks for `wanted` more yeses, going by a history's yeses and rejections."""

    wanted: int
    confidence: float
    yeses: int
    rejections: int

    @cached_property
    def asks_needed(self) -> int | None:
        return forecasting.asks_needed(self.wanted, self.yeses, self.rejections, self.confidence)

    def settle(self) -> Self:
        _ = self.asks_needed
        return super().settle()

    @property
    def based_on(self) -> dict[str, int]:
        return {"yeses": self.yeses, "rejections": self.rejections}

    @property
    def sentence(self) -> str:
        return forecasting.describe_forecast(
            self.wanted, self.confidence, self.yeses, self.rejections
        )


@dataclass
class RecipientNumbers:
    """One recipient's asks by outcome as counted today (a silent ask is a no_response)."""

    key: str
    name: str
    asks: int
    no: int
    yes: int
    no_response: int
    pending: int
    withdrawn: int
    members: int = 1  # the different people whose asks these are
    median_days_to_answer: float | None = None

    @property
    def rejections(self) -> int:
        return self.no + self.no_response

    @property
    def decided(self) -> int:
        return self.yes + self.rejections

    @property
    def yes_rate(self) -> float | None:
        return rates.yes_rate(self.yes, self.rejections)


# A year in review ---------------------------------------------------------------------


@dataclass(frozen=True)
class MonthNumbers:
    month: dt.date  # its first day
    asks: int
    rejections: int
    yeses: int


@dataclass(frozen=True)
class Streak:
    """Consecutive Monday-to-Sunday weeks with at least one no: weeks, first Monday, last Sunday."""

    weeks: int = 0
    start: dt.date | None = None
    end: dt.date | None = None


def longest_streak(days: Iterable[dt.date]) -> Streak:
    """Return the longest run of consecutive weeks holding these days; the earliest on a tie."""
    mondays = sorted({day - dt.timedelta(days=day.weekday()) for day in days})
    best = Streak()
    run_start = None
    for index, monday in enumerate(mondays):
        if index == 0 or monday - mondays[index - 1] != dt.timedelta(weeks=1):
            run_start = index
        assert run_start is not None
        length = index - run_start + 1
        if length > best.weeks:
            best = Streak(length, mondays[run_start], monday + dt.timedelta(days=6))
    return best


@dataclass(frozen=True)
class YearReview(Rates):
    year: int
    asks: int
    rejections: int
    yeses: int
    months: list[MonthNumbers]
    streak: Streak
    top_recipients: list[RecipientNumbers]

    @property
    def best_month(self) -> MonthNumbers | None:
        """The month with the most no's, the earliest on a tie; None in a year without a no."""
        best = max(self.months, key=lambda month: month.rejections, default=None)
        return best if best is not None and best.rejections else None


# A challenge's road -------------------------------------------------------------------


@dataclass
class GoalRoad:
    """One person's road through a challenge: their no's day by day against the goal.

    `cumulative[i]` is the no's counted by the end of `days[i]`, from the first
    day up to today (every day once the challenge is over, none before it
    starts). `pending`, `yeses` and `rejections` are the person's whole history
    today: the asks still out and the answers that say how many no's those
    will likely bring.
    """

    days: list[dt.date]
    cumulative: list[int]
    today: dt.date
    target: int | None
    pending: int
    yeses: int
    rejections: int

    @property
    def starts_on(self) -> dt.date:
        return self.days[0]

    @property
    def ends_on(self) -> dt.date:
        return self.days[-1]
