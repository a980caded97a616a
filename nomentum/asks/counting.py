"""Counting asks, by the rules of docs/RULES.md, in the database.

Every number about asks (home page, list, API, boards, digests) comes from
these expressions, so a rule changes in one place:
- an attempt counts in the window of its asked_on;
- a rejection (no, no_response) and a yes count in the window of decided_on;
- a pending ask turns into a no_response rejection dated asked_on + its
  owner's silence days once that day has come (0 days: never);
- withdrawn counts as neither.
The silence rule is read from each ask's owner (user__silence_days), so the
same expressions count one person's asks or a whole group's. What they answer
are the plain types of nomentum.insights.results.
"""

import datetime as dt
from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import asdict, dataclass

from django.db.models import Case, Count, DateField, F, Min, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce, Lower, Trim
from django.db.models.lookups import GreaterThan, GreaterThanOrEqual, LessThanOrEqual

from nomentum.accounts.models import LONGEST_SILENCE_DAYS
from nomentum.asks.models import FIRST_DAY, LAST_DAY, REJECTED, Ask, Outcome
from nomentum.insights.results import (
    CategoryNumbers,
    Forecast,
    MonthNumbers,
    Numbers,
    RecipientNumbers,
    Stats,
    Streak,
    Tally,
    YearReview,
    longest_streak,
    median_of,
)
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


# Every ask's dates lie within these (the model's validators): a window over all of history.
ALL_OF_HISTORY = Window(FIRST_DAY, LAST_DAY)

# Answers that came from the other side, with a date: the ones "days to an answer" measures.
# A withdrawal is the asker's own decision, and a silent ask has no answer date (asked_on +
# silence days would only measure the silence rule), so the rule's "decided asks with both
# dates" means these, explicitly answered.
ANSWERED = [Outcome.NO, Outcome.NO_RESPONSE, Outcome.YES]


def silent_on() -> AddDays:
    """The day a pending ask turns into a no_response: asked_on + its owner's silence days.

    The SQL twin of nomentum.insights.silence.silent_on, which Ask's methods use for
    one ask; silent() adds the twin's "0 days: never".
    """
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


def decided_within(window: Window) -> Q:
    return Q(decided_on__gte=window.start, decided_on__lte=window.end)


def rejected_within(window: Window, today: dt.date) -> Q:
    went_silent = silent(today) & Q(
        GreaterThanOrEqual(silent_on(), window.start), LessThanOrEqual(silent_on(), window.end)
    )
    return Q(outcome__in=REJECTED) & decided_within(window) | went_silent


def rejected_on() -> Case:
    """The day an ask rejected_within() a window counts on: its answer's, or its silent_on()."""
    return Case(
        When(outcome__in=REJECTED, then=F("decided_on")),
        default=silent_on(),
        output_field=DateField(),
    )


def yes_within(window: Window) -> Q:
    return Q(outcome=Outcome.YES) & decided_within(window)


def withdrawn_within(window: Window) -> Q:
    return Q(outcome=Outcome.WITHDRAWN) & decided_within(window)


def answered_within(window: Window) -> Q:
    return Q(outcome__in=ANSWERED) & decided_within(window)


def tally_aggregates(window: Window, today: dt.date, prefix: str = "") -> dict:
    """Return aggregate expressions for one window, to combine several windows in one query."""
    return {
        f"{prefix}asks": Count("pk", filter=asked_within(window)),
        f"{prefix}rejections": Count("pk", filter=rejected_within(window, today)),
        f"{prefix}yeses": Count("pk", filter=yes_within(window)),
    }


def may_count_within(window: Window) -> Q:
    """Asks that can count in the window: asked or answered in it, or falling silent in it.

    A narrowing for the indexes only; the counting expressions decide. It skips a
    history's old, answered asks, which would otherwise be most of the rows read
    (bench/board.py: 100k -> 55k), and no silence rule is longer than the longest.
    """
    may_fall_silent = Q(
        outcome=Outcome.PENDING,
        asked_on__gte=window.start - dt.timedelta(days=LONGEST_SILENCE_DAYS),
        asked_on__lt=window.start,
    ) & Q(GreaterThanOrEqual(silent_on(), window.start))
    return asked_within(window) | decided_within(window) | may_fall_silent


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
    counted = ("asks", "rejections", "yeses")
    result = {name: Tally(**{k: row[f"{name}__{k}"] for k in counted}) for name in windows}
    return result, row["pending"]


def with_counted_as(asks: Iterable[Ask], today: dt.date, silence_days: int) -> list[Ask]:
    """Return these asks, each with `counted_as`: its outcome as counted today."""
    shown = list(asks)
    for ask in shown:
        ask.counted_as = ask.counted_outcome(today, silence_days)  # type: ignore[attr-defined]
    return shown


# Statistics and the forecast's basis --------------------------------------------


def _answer_days(answers: QuerySet[Ask], key: str) -> dict[Hashable, Counter[int]]:
    """Return, per value of `key`, how many of these answers took how many days (one query).

    Counted per (key, days), so that the rows stay few however many asks there are.
    """
    rows = (
        answers.annotate(days=DaysBetween(F("asked_on"), F("decided_on")))
        .values(key, "days")
        .order_by()
        .annotate(answers=Count("pk"))
    )
    days: dict[Hashable, Counter[int]] = {}
    for row in rows:
        days.setdefault(row[key], Counter())[row["days"]] += row["answers"]
    return days


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
    days = _answer_days(asks.filter(answered_within(window)), "category_id")
    by_category = [
        CategoryNumbers(
            **{name: row[name] for name in Numbers.COUNTS},
            median_days_to_answer=median_of(days.get(row["category_id"], Counter())),
            slug=row["category__slug"],
            **({"name": row["category__name"]} if row["category_id"] else {}),
        )
        for row in rows
        if any(row[name] for name in Numbers.COUNTS)
    ]
    return Stats.of(by_category, median_of(sum(days.values(), Counter())))


def window_of(
    date_from: dt.date | None = None, date_to: dt.date | None = None, within: Window | None = None
) -> Window:
    """Return the window from..to (an open end reaches to that end of history), inside `within`.

    `within` is a challenge's dates when stats are filtered by one: both filters apply.
    """
    outer = within or ALL_OF_HISTORY
    return Window(max(outer.start, date_from or FIRST_DAY), min(outer.end, date_to or LAST_DAY))


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


def recipient_counts(
    asks: QuerySet[Ask], today: dt.date, min_members: int = 1, limit: int | None = None
) -> list[RecipientNumbers]:
    """Return each recipient's counts, most asked first, in one query.

    Asks without a recipient are left out; so are recipients whose asks come
    from fewer than min_members different people.
    """
    rows = (
        asks.annotate(key=recipient_key())
        .exclude(key="")
        .values("key")
        .order_by()
        .annotate(
            # One spelling to show: of " Paris Review" and "paris review", the first in order.
            name=Min(Trim("recipient")),
            asks=Count("pk"),
            no=Count("pk", filter=Q(outcome=Outcome.NO)),
            yes=Count("pk", filter=Q(outcome=Outcome.YES)),
            no_response=Count("pk", filter=Q(outcome=Outcome.NO_RESPONSE) | silent(today)),
            pending=Count("pk", filter=still_pending(today)),
            withdrawn=Count("pk", filter=Q(outcome=Outcome.WITHDRAWN)),
            members=Count("user", distinct=True),
        )
        .order_by("-asks", "key")
    )
    if min_members > 1:
        rows = rows.filter(members__gte=min_members)
    if limit is not None:
        rows = rows[:limit]
    return [RecipientNumbers(**row) for row in rows]


def recipient_stats(
    asks: QuerySet[Ask], today: dt.date, min_members: int = 1
) -> list[RecipientNumbers]:
    """Return each recipient's counts and median days to an answer, in two queries."""
    numbers = recipient_counts(asks, today, min_members)
    answers = asks.filter(outcome__in=ANSWERED, decided_on__isnull=False)
    days = _answer_days(answers.annotate(key=recipient_key()).exclude(key=""), "key")
    for row in numbers:
        row.median_days_to_answer = median_of(days.get(row.key, Counter()))
    return numbers


# History: a year in review -----------------------------------------------------------

TOP_RECIPIENTS = 5


def rejection_days(asks: QuerySet[Ask], window: Window, today: dt.date) -> dict[dt.date, int]:
    """Return how many rejections each day of the window holds, in one query."""
    rows = (
        asks.filter(rejected_within(window, today))
        .annotate(day=rejected_on())
        .values("day")
        .order_by()
        .annotate(rejections=Count("pk"))
    )
    return {row["day"]: row["rejections"] for row in rows}


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
    streak: Streak = longest_streak(rejection_days(relevant, whole, today))
    return YearReview(
        year=year,
        asks=total.asks,
        rejections=total.rejections,
        yeses=total.yeses,
        months=[
            MonthNumbers(month.start, **asdict(counts[f"m{index}"]))
            for index, month in enumerate(months)
        ],
        streak=streak,
        top_recipients=recipient_counts(
            asks.filter(asked_within(whole)), today, limit=TOP_RECIPIENTS
        ),
    )
