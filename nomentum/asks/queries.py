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
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Self

from django.db.models import Case, Count, DateField, F, Min, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce, Lower, Trim
from django.db.models.lookups import GreaterThan, GreaterThanOrEqual, LessThanOrEqual

from nomentum.asks.models import FIRST_DAY, LAST_DAY, REJECTED, Ask, Outcome
from nomentum.insights import forecast as forecasting
from nomentum.insights import stats as rates
from nomentum.lib.dates import AddDays, DaysBetween


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


def may_count(windows: Iterable[Window]) -> Q:
    """Asks tallies() must read: those that can count in a window, and every pending ask.

    Every pending one, since tallies() also counts those still waiting today. A
    narrowing for the indexes only: a week's glance would otherwise read the whole
    history row by row (bench/run.py: the home page at 10,000 asks).
    """
    spans = list(windows)
    if not spans:
        return Q(outcome=Outcome.PENDING)
    span = Window(min(w.start for w in spans), max(w.end for w in spans))
    return may_count_within(span) | Q(outcome=Outcome.PENDING)


def tallies(
    asks: QuerySet[Ask], windows: dict[str, Window], today: dt.date
) -> tuple[dict[str, Tally], int]:
    """Return a Tally per named window and the number still pending, in one query."""
    aggregates: dict = {"pending": Count("pk", filter=still_pending(today))}
    for name, window in windows.items():
        aggregates.update(tally_aggregates(window, today, prefix=f"{name}__"))
    row = asks.filter(may_count(windows.values())).aggregate(**aggregates)
    result = {
        name: Tally(
            asks=row[f"{name}__asks"],
            rejections=row[f"{name}__rejections"],
            yeses=row[f"{name}__yeses"],
        )
        for name in windows
    }
    return result, row["pending"]


# Statistics and the forecast's basis --------------------------------------------

# Every ask's dates lie within these (the model's validators): a window over all of history.
ALL_OF_HISTORY = Window(FIRST_DAY, LAST_DAY)

# Answers that came from the other side, with a date: the ones "days to an answer" measures.
# A withdrawal is the asker's own decision, and a silent ask has no answer date (asked_on +
# silence days would only measure the silence rule), so DESIGN's "decided asks with both
# dates" means these, explicitly answered.
ANSWERED = [Outcome.NO, Outcome.NO_RESPONSE, Outcome.YES]


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
        return f"{rates.format_percent(low)}\N{EN DASH}{rates.format_percent(high)}"

    @property
    def yes_rate_in_words(self) -> str:
        return rates.describe_rate(self.yeses, self.rejections)

    @property
    def nos_per_yes_in_words(self) -> str:
        return rates.describe_nos_per_yes(self.rejections, self.yeses)


@dataclass(frozen=True)
class Numbers(Rates):
    """What a window holds: asks by asked_on, answers by their dates (see the module's rules)."""

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

    def settle(self) -> Self:
        for numbers in self.by_category:
            numbers.settle()
        return super().settle()


def withdrawn_within(window: Window) -> Q:
    return Q(outcome=Outcome.WITHDRAWN, decided_on__gte=window.start, decided_on__lte=window.end)


def answered_within(window: Window) -> Q:
    return Q(outcome__in=ANSWERED, decided_on__gte=window.start, decided_on__lte=window.end)


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


def stats(asks: QuerySet[Ask], window: Window, today: dt.date) -> Stats:
    """Return the numbers of the window, in total and per category, in two queries.

    One query counts per category (the total is their sum); the other counts the
    answers per category and number of days each took, so that the medians come
    from a few hundred rows at most, however many asks there are.
    """
    # Nothing asked after the window counts in it: answers and silence come after the ask.
    asks = asks.filter(asked_on__lte=window.end).order_by()
    rows = asks.values("category_id", "category__slug", "category__name").annotate(
        **tally_aggregates(window, today),
        pending=Count("pk", filter=asked_within(window) & still_pending(today)),
        withdrawn=Count("pk", filter=withdrawn_within(window)),
    )
    durations = (
        asks.filter(answered_within(window))
        .annotate(days=DaysBetween(F("asked_on"), F("decided_on")))
        .values("category_id", "days")
        .annotate(answers=Count("pk"))
    )
    days: dict[int | None, Counter[int]] = {}
    for row in durations:
        days.setdefault(row["category_id"], Counter())[row["days"]] += row["answers"]

    counted = ("asks", "rejections", "yeses", "pending", "withdrawn")
    by_category = [
        CategoryNumbers(
            **{name: row[name] for name in counted},
            median_days_to_answer=median_of(days.get(row["category_id"], Counter())),
            slug=row["category__slug"],
            **({"name": row["category__name"]} if row["category_id"] else {}),
        )
        for row in rows
        if any(row[name] for name in counted)
    ]
    # Named categories by name, then the asks without one.
    by_category.sort(key=lambda numbers: (numbers.slug is None, numbers.name.casefold()))
    return Stats(
        **{name: sum(getattr(numbers, name) for numbers in by_category) for name in counted},
        median_days_to_answer=median_of(sum(days.values(), Counter())),
        by_category=by_category,
    )


def window_of(
    date_from: dt.date | None = None, date_to: dt.date | None = None, within: Window | None = None
) -> Window:
    """Return the window from..to (an open end reaches to that end of history), inside `within`.

    `within` is a challenge's dates when stats are filtered by one: both filters apply.
    """
    outer = within or ALL_OF_HISTORY
    return Window(max(outer.start, date_from or FIRST_DAY), min(outer.end, date_to or LAST_DAY))


# The forecast ------------------------------------------------------------------------

# Beyond any plan a person makes; also keeps the computation small (it takes k terms).
MAX_FORECAST_YESES = 100


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


def forecast(asks: QuerySet[Ask], today: dt.date, wanted: int, confidence: float) -> Forecast:
    """Return the forecast from all of these asks' history, in one query.

    Not a window: every yes, and every rejection as counted today (silent asks included).
    """
    row = asks.order_by().aggregate(
        rejections=Count("pk", filter=rejected_within(ALL_OF_HISTORY, today)),
        yeses=Count("pk", filter=yes_within(ALL_OF_HISTORY)),
    )
    return Forecast(wanted, confidence, yeses=row["yeses"], rejections=row["rejections"])


# Overdue asks: the ghost clock ---------------------------------------------------


def reply_window() -> Coalesce:
    """An ask's expected reply window in days: its category's, else its owner's silence rule."""
    return Coalesce(F("category__reply_days"), F("user__silence_days"))


def overdue_on() -> AddDays:
    """The day a pending ask becomes overdue: asked_on + its reply window."""
    return AddDays(F("asked_on"), reply_window())


def overdue(today: dt.date) -> Q:
    """Pending asks past their reply window today and not snoozed until a later day.

    Overdue from asked_on + window on: the boundary silence has, so that with
    the default window an ask turns overdue the very day it falls silent. A
    window of 0 (a silence rule of "never") never runs out.
    """
    return (
        Q(outcome=Outcome.PENDING)
        & Q(GreaterThan(reply_window(), 0))
        & Q(LessThanOrEqual(overdue_on(), today))
        & (Q(snoozed_until__isnull=True) | Q(snoozed_until__lte=today))
    )


def overdue_asks(asks: QuerySet[Ask], today: dt.date) -> QuerySet[Ask]:
    """Return the overdue asks among these, oldest first, each with its overdue_on date."""
    return (
        asks.filter(overdue(today))
        .select_related("category")
        .annotate(overdue_on=overdue_on())
        .order_by("asked_on", "id")
    )


# Recipients ------------------------------------------------------------------------


def recipient_key() -> Lower:
    """The key asks are grouped by: " The Paris Review" and "the paris review" are one."""
    return Lower(Trim("recipient"))


def with_recipient(asks: QuerySet[Ask], key: str) -> QuerySet[Ask]:
    """Return the asks to this recipient, matched as recipients are grouped."""
    return asks.annotate(recipient_key=recipient_key()).filter(
        recipient_key=Lower(Trim(Value(key)))
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


def recipient_counts(
    asks: QuerySet[Ask], today: dt.date, min_members: int = 1, limit: int | None = None
) -> list[RecipientNumbers]:
    """Return each recipient's counts, most asked first, in one query.

    Asks without a recipient are left out; so are recipients whose asks come
    from fewer than min_members different people.
    """
    rows = (
        asks.annotate(recipient_key=recipient_key())
        .exclude(recipient_key="")
        .values("recipient_key")
        .order_by()
        .annotate(
            # One spelling to show: of " Paris Review" and "paris review", the first in order.
            shown_as=Min(Trim("recipient")),
            ask_count=Count("pk"),
            no_count=Count("pk", filter=Q(outcome=Outcome.NO)),
            yes_count=Count("pk", filter=Q(outcome=Outcome.YES)),
            no_response_count=Count("pk", filter=Q(outcome=Outcome.NO_RESPONSE) | silent(today)),
            pending_count=Count("pk", filter=still_pending(today)),
            withdrawn_count=Count("pk", filter=Q(outcome=Outcome.WITHDRAWN)),
            member_count=Count("user", distinct=True),
        )
        .order_by("-ask_count", "recipient_key")
    )
    if min_members > 1:
        rows = rows.filter(member_count__gte=min_members)
    if limit is not None:
        rows = rows[:limit]
    return [
        RecipientNumbers(
            key=row["recipient_key"],
            name=row["shown_as"],
            asks=row["ask_count"],
            no=row["no_count"],
            yes=row["yes_count"],
            no_response=row["no_response_count"],
            pending=row["pending_count"],
            withdrawn=row["withdrawn_count"],
            members=row["member_count"],
        )
        for row in rows
    ]


def recipient_answer_days(asks: QuerySet[Ask]) -> dict[str, Counter[int]]:
    """Return, per recipient, how many answers took how many days, in one query.

    Counted per (recipient, days), so the rows stay few however many asks there are.
    """
    rows = (
        asks.filter(outcome__in=ANSWERED, decided_on__isnull=False)
        .annotate(recipient_key=recipient_key(), days=DaysBetween(F("asked_on"), F("decided_on")))
        .exclude(recipient_key="")
        .values("recipient_key", "days")
        .order_by()
        .annotate(answers=Count("pk"))
    )
    days: dict[str, Counter[int]] = {}
    for row in rows:
        days.setdefault(row["recipient_key"], Counter())[row["days"]] += row["answers"]
    return days


def recipient_stats(
    asks: QuerySet[Ask], today: dt.date, min_members: int = 1
) -> list[RecipientNumbers]:
    """Return each recipient's counts and median days to an answer, in two queries."""
    numbers = recipient_counts(asks, today, min_members)
    days = recipient_answer_days(asks)
    for row in numbers:
        row.median_days_to_answer = median_of(days.get(row.key, Counter()))
    return numbers


# History: a year in review -----------------------------------------------------------

# The longest silence rule a user can set (User.silence_days): a pending ask
# asked longer ago than this before a window cannot fall silent inside it.
LONGEST_SILENCE_DAYS = 365


def may_count_within(window: Window) -> Q:
    """Asks that can count in the window: asked or answered in it, or able to fall silent in it.

    A narrowing for the indexes only; the counting expressions decide.
    """
    may_fall_silent = Q(
        outcome=Outcome.PENDING,
        asked_on__gte=window.start - dt.timedelta(days=LONGEST_SILENCE_DAYS),
        asked_on__lt=window.start,
    )
    return (
        asked_within(window)
        | Q(decided_on__gte=window.start, decided_on__lte=window.end)
        | may_fall_silent
    )


def rejection_days(asks: QuerySet[Ask], window: Window, today: dt.date) -> dict[dt.date, int]:
    """Return how many rejections each day of the window holds, in one query."""
    dated = Case(
        When(silent(today), then=silent_on()), default=F("decided_on"), output_field=DateField()
    )
    rows = (
        asks.filter(rejected_within(window, today))
        .annotate(day=dated)
        .values("day")
        .order_by()
        .annotate(rejections=Count("pk"))
    )
    return {row["day"]: row["rejections"] for row in rows}


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


TOP_RECIPIENTS = 5


def year_review(asks: QuerySet[Ask], year: int, today: dt.date) -> YearReview:
    """Return a calendar year of these asks in review, in three queries.

    Counted as everywhere: asks by asked_on, no's and yeses by their dates.
    Weeks run Monday to Sunday as on the home page; the year's first and last
    weeks hold only their days inside the year.
    """
    whole = Window(dt.date(year, 1, 1), dt.date(year, 12, 31))
    months = [Window.month_of(dt.date(year, number, 1)) for number in range(1, 13)]
    windows = {"year": whole} | {f"m{index}": month for index, month in enumerate(months)}
    relevant = asks.filter(may_count_within(whole))
    counts, _ = tallies(relevant, windows, today)
    total = counts["year"]
    return YearReview(
        year=year,
        asks=total.asks,
        rejections=total.rejections,
        yeses=total.yeses,
        months=[
            MonthNumbers(
                month.start,
                counts[f"m{index}"].asks,
                counts[f"m{index}"].rejections,
                counts[f"m{index}"].yeses,
            )
            for index, month in enumerate(months)
        ],
        streak=longest_streak(rejection_days(relevant, whole, today)),
        top_recipients=recipient_counts(
            asks.filter(asked_within(whole)), today, limit=TOP_RECIPIENTS
        ),
    )
