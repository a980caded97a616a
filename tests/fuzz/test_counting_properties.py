"""For any history, the database counts what docs/RULES.md says, and adds up.

Histories are generated around a personal challenge: asks of every outcome, with
answer dates, categories, a silence rule and a "today" before, during or after
the challenge. The stats, the tallies and the challenge's board are compared with
a plain-Python recount of the rules, and with each other.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nomentum import numbers as challenge_queries
from nomentum.asks import counting as queries
from nomentum.asks import services
from nomentum.asks.counting import Window
from nomentum.asks.models import FIRST_DAY, LAST_DAY, Ask
from nomentum.insights import stats as rates
from tests.conftest import make_challenge, make_user

DAY = dt.timedelta(days=1)
OUTCOMES = ["pending", "no", "yes", "no_response", "withdrawn"]
ANSWERED = ("no", "no_response", "yes")  # answers from the other side, with their own date
CATEGORIES = [None, "Pitches", "Grants"]

DATABASE_EXAMPLES = settings(
    max_examples=40,
    derandomize=True,
    deadline=None,
    # One person per example, in the test's one transaction: the fixture only opens it.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@dataclass(frozen=True)
class Drawn:
    asked_on: dt.date
    outcome: str
    decided_on: dt.date | None
    category: str | None


@dataclass(frozen=True)
class History:
    starts_on: dt.date
    ends_on: dt.date
    today: dt.date
    silence_days: int
    asks: list[Drawn]

    @property
    def window(self) -> Window:
        return Window(self.starts_on, self.ends_on)


def days_from(start: dt.date, low: int, high: int) -> st.SearchStrategy[dt.date]:
    return st.integers(low, high).map(lambda offset: start + offset * DAY)


@st.composite
def histories(draw, inside: bool) -> History:
    """Return a challenge of 1 to 60 days and asks around it (inside: asked and answered in it)."""
    # Any start the model allows, the ends of the calendar included, and often recent years.
    starts_on = draw(
        st.one_of(
            st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)),
            st.dates(FIRST_DAY, LAST_DAY - 60 * DAY),
        )
    )
    length = draw(st.integers(1, 60))
    ends_on = starts_on + (length - 1) * DAY
    silence_days = draw(st.one_of(st.sampled_from([0, 1, 7, 30, 365]), st.integers(0, 365)))
    asks = []
    for _ in range(draw(st.integers(0, 12))):
        if inside:
            asked_on = draw(days_from(starts_on, 0, length - 1))
            last = ends_on
        else:
            # Before, across and after the challenge, within the days an ask can have.
            around = st.one_of(
                days_from(starts_on, -40, length), days_from(starts_on, -400, length + 30)
            )
            asked_on = max(FIRST_DAY, draw(around))
            last = min(LAST_DAY, asked_on + 400 * DAY)
        outcome = draw(st.sampled_from(OUTCOMES))
        decided_on = None
        if outcome != "pending":
            decided_on = draw(days_from(asked_on, 0, (last - asked_on).days))
        asks.append(Drawn(asked_on, outcome, decided_on, draw(st.sampled_from(CATEGORIES))))
    # Today anywhere around the challenge, or on the day an ask falls silent (or the day
    # before), where an off-by-one in the silence rule would show.
    silences = [
        ask.asked_on + (silence_days - back) * DAY
        for ask in asks
        for back in (0, 1)
        if ask.outcome == "pending" and silence_days > back
    ]
    today = draw(
        st.one_of(days_from(starts_on, -10, length + 90), st.sampled_from(silences))
        if silences
        else days_from(starts_on, -10, length + 90)
    )
    return History(starts_on, ends_on, today, silence_days, asks)


def counted(ask: Drawn, history: History) -> tuple[str, dt.date | None]:
    """Return the ask's outcome and its date as counted today, by docs/RULES.md alone."""
    if ask.outcome == "pending" and history.silence_days > 0:
        silent_on = ask.asked_on + history.silence_days * DAY
        if silent_on <= history.today:
            return "no_response", silent_on
    return ask.outcome, ask.decided_on


def entirely_inside(history: History) -> History:
    """Return the history without the asks that count on a day after the challenge.

    A pending ask asked near the end may fall silent after it: that rejection is
    dated outside the challenge, so the ask is neither pending nor counted in it.
    """
    window = history.window

    def inside(ask: Drawn) -> bool:
        _, day = counted(ask, history)
        return day is None or window.start <= day <= window.end

    return History(
        history.starts_on,
        history.ends_on,
        history.today,
        history.silence_days,
        [ask for ask in history.asks if inside(ask)],
    )


def recount(asks: list[Drawn], history: History, window: Window) -> dict:
    """Return the window's numbers counted in plain Python."""

    def within(day: dt.date | None) -> bool:
        return day is not None and window.start <= day <= window.end

    numbers: Counter[str] = Counter()
    durations = []
    for ask in asks:
        outcome, day = counted(ask, history)
        numbers["asks"] += within(ask.asked_on)
        numbers["rejections"] += outcome in ("no", "no_response") and within(day)
        numbers["yeses"] += outcome == "yes" and within(day)
        numbers["pending"] += outcome == "pending" and within(ask.asked_on)
        numbers["withdrawn"] += outcome == "withdrawn" and within(day)
        # A silent ask has no answer date of its own: only real answers measure the wait.
        if ask.outcome in ANSWERED and within(ask.decided_on):
            assert ask.decided_on is not None
            durations.append((ask.decided_on - ask.asked_on).days)
    return {
        **{name: numbers[name] for name in ("asks", "rejections", "yeses", "pending", "withdrawn")},
        "median_days_to_answer": rates.median(durations),
    }


def store(history: History):
    """Save the history as a new person's asks; return the person."""
    person = make_user(silence_days=history.silence_days)
    categories = {name: services.category_named(person, name) for name in CATEGORIES if name}
    Ask.objects.bulk_create(
        Ask(
            user=person,
            title=f"Ask {index}",
            asked_on=ask.asked_on,
            outcome=ask.outcome,
            decided_on=ask.decided_on,
            category=categories.get(ask.category) if ask.category else None,
        )
        for index, ask in enumerate(history.asks)
    )
    return person


def numbers_of(stats) -> dict:
    names = ("asks", "rejections", "yeses", "pending", "withdrawn", "median_days_to_answer")
    return {name: getattr(stats, name) for name in names}


@DATABASE_EXAMPLES
@given(histories(inside=True).map(entirely_inside))
def test_inside_a_challenge_every_ask_is_a_rejection_a_yes_pending_or_withdrawn(db, history):
    person = store(history)

    stats = queries.stats(Ask.objects.filter(user=person), history.window, history.today)

    # Each ask is counted once, by its outcome as counted today: a pending ask that has
    # fallen silent is a no_response rejection (dated inside the challenge), no longer pending.
    assert stats.rejections + stats.yeses + stats.pending + stats.withdrawn == stats.asks
    assert stats.asks == len(history.asks)
    assert numbers_of(stats) == recount(history.asks, history, history.window)
    for category in stats.by_category:
        assert (
            category.rejections + category.yeses + category.pending + category.withdrawn
            == category.asks
        )


@DATABASE_EXAMPLES
@given(histories(inside=False))
def test_stats_agree_with_a_plain_recount_of_the_rules(db, history):
    person = store(history)
    asks = Ask.objects.filter(user=person)
    # The challenge, and an open range from its start (as GET /stats?from= asks).
    for window in (history.window, queries.window_of(history.starts_on, None)):
        stats = queries.stats(asks, window, history.today)

        expected = recount(history.asks, history, window)
        assert numbers_of(stats) == expected
        assert all(
            value >= 0 for name, value in expected.items() if name != "median_days_to_answer"
        )
        assert stats.yes_rate == rates.yes_rate(expected["yeses"], expected["rejections"])
        assert stats.nos_per_yes == rates.nos_per_yes(expected["rejections"], expected["yeses"])
        decided = expected["yeses"] + expected["rejections"]
        interval = rates.credible_interval(expected["yeses"], expected["rejections"])
        assert (stats.yes_rate_low, stats.yes_rate_high) == (interval if decided else (None, None))

        by_name = {numbers.name if numbers.slug else None: numbers for numbers in stats.by_category}
        for name in CATEGORIES:
            mine = [ask for ask in history.asks if ask.category == name]
            numbers = recount(mine, history, window)
            shown = any(
                numbers[key] for key in ("asks", "rejections", "yeses", "pending", "withdrawn")
            )
            assert (name in by_name) == shown
            if shown:
                assert numbers_of(by_name[name]) == numbers
        # Named categories first, by name; the asks without one last.
        assert list(by_name) == sorted(by_name, key=lambda name: (name is None, name or ""))


@DATABASE_EXAMPLES
@given(histories(inside=False))
def test_the_board_its_weeks_and_the_stats_count_the_same_asks(db, history):
    person = store(history)
    challenge = make_challenge(owner=person, starts_on=history.starts_on, ends_on=history.ends_on)

    board = challenge_queries.board(challenge, history.today, person)
    stats = queries.stats(Ask.objects.filter(user=person), history.window, history.today)
    weekly, _ = queries.tallies(
        Ask.objects.filter(user=person),
        {str(week.number): Window(week.starts_on, week.ends_on) for week in board.weeks},
        history.today,
    )

    [row] = board.members
    assert (row.asks, row.rejections, row.yeses, row.pending) == (
        stats.asks,
        stats.rejections,
        stats.yeses,
        stats.pending,
    )
    # The weeks split the challenge: their counts add up to the whole.
    for name in ("asks", "rejections", "yeses"):
        assert sum(getattr(week, name) for week in row.weeks) == getattr(row, name)
        assert [getattr(week, name) for week in row.weeks] == [
            getattr(weekly[str(week.number)], name) for week in row.weeks
        ]
        assert all(getattr(week, name) >= 0 for week in row.weeks)
