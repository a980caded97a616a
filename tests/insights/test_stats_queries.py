"""queries.stats counts a window by docs/RULES.md, in total and per category, in two queries."""

import datetime as dt
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from scipy.stats import beta

from nomentum.accounts.models import User
from nomentum.asks import counting as queries
from nomentum.asks.counting import ALL_OF_HISTORY, Window, window_of
from nomentum.asks.models import Ask, Category, Outcome
from nomentum.asks.services import create_default_categories
from nomentum.insights.results import CategoryNumbers, Stats
from nomentum.insights.stats import median
from tests.conftest import make_ask, make_user

D = dt.date
TODAY = D(2026, 11, 25)
NOVEMBER = Window(D(2026, 11, 1), D(2026, 11, 30))


@pytest.fixture
def user(db) -> User:
    user = make_user(silence_days=30)
    create_default_categories(user)
    return user


def stats_of(user: User, window: Window = ALL_OF_HISTORY, today: dt.date = TODAY) -> Stats:
    return queries.stats(Ask.objects.filter(user=user), window, today)


def answer(user: User, outcome: str, asked_on: dt.date, days: int, **fields) -> Ask:
    return make_ask(
        user, outcome=outcome, asked_on=asked_on, decided_on=asked_on + dt.timedelta(days), **fields
    )


def counts(numbers: queries.Numbers) -> tuple[int, int, int, int, int]:
    return (numbers.asks, numbers.rejections, numbers.yeses, numbers.pending, numbers.withdrawn)


def test_an_empty_history_has_only_zeros_and_no_rates(user):
    result = stats_of(user)
    assert counts(result) == (0, 0, 0, 0, 0)
    assert result.yes_rate is None
    assert result.yes_rate_low is None
    assert result.yes_rate_high is None
    assert result.nos_per_yes is None
    assert result.median_days_to_answer is None
    assert result.by_category == []


def test_asks_all_pending_count_as_asks_and_pending_only(user):
    for day in (1, 10, 20):
        make_ask(user, asked_on=D(2026, 11, day))
    result = stats_of(user)
    assert counts(result) == (3, 0, 0, 3, 0)
    assert result.yes_rate is None
    assert result.median_days_to_answer is None


def test_all_yes_has_a_yes_rate_of_one_and_no_nos_per_yes(user):
    for days in (2, 4, 9):
        answer(user, Outcome.YES, D(2026, 11, 1), days)
    result = stats_of(user)
    assert counts(result) == (3, 0, 3, 0, 0)
    assert result.yes_rate == 1
    assert result.nos_per_yes == 0
    assert result.median_days_to_answer == 4


def test_all_no_has_a_yes_rate_of_zero_and_says_nothing_of_nos_per_yes(user):
    for days in (1, 3, 5, 7):
        answer(user, Outcome.NO, D(2026, 11, 1), days)
    result = stats_of(user)
    assert counts(result) == (4, 4, 0, 0, 0)
    assert result.yes_rate == 0
    assert result.nos_per_yes is None
    assert result.median_days_to_answer == 4  # (3 + 5) / 2


def test_the_interval_is_the_equal_tailed_90_percent_of_the_beta_posterior(user):
    answer(user, Outcome.YES, D(2026, 11, 1), 1)
    for _ in range(3):
        answer(user, Outcome.NO, D(2026, 11, 1), 1)
    result = stats_of(user)
    assert result.yes_rate == 0.25
    assert result.nos_per_yes == 3
    assert result.yes_rate_low == pytest.approx(beta.ppf(0.05, 2, 4), abs=1e-9)
    assert result.yes_rate_high == pytest.approx(beta.ppf(0.95, 2, 4), abs=1e-9)


def test_a_silent_ask_is_a_rejection_dated_by_the_silence_rule_without_an_answer_date(user):
    make_ask(user, asked_on=D(2026, 10, 1))  # silent on 10-31
    make_ask(user, asked_on=D(2026, 11, 1))  # silent on 12-01: still waiting
    answer(user, Outcome.NO_RESPONSE, D(2026, 10, 1), 6)
    result = stats_of(user)
    assert counts(result) == (3, 2, 0, 1, 0)
    # Only the explicit no_response has both dates.
    assert result.median_days_to_answer == 6
    november = stats_of(user, Window(D(2026, 10, 31), D(2026, 11, 30)))
    assert counts(november) == (1, 1, 0, 1, 0)


def test_no_silence_rule_keeps_an_old_ask_pending(user):
    user.silence_days = 0
    user.save()
    make_ask(user, asked_on=D(2025, 1, 1))
    assert counts(stats_of(user)) == (1, 0, 0, 1, 0)


def test_withdrawn_counts_in_the_window_of_its_date_and_is_neither_answer_nor_rejection(user):
    answer(user, Outcome.WITHDRAWN, D(2026, 10, 20), 15)  # withdrawn 11-04
    answer(user, Outcome.YES, D(2026, 11, 2), 1)
    result = stats_of(user, NOVEMBER)
    assert counts(result) == (1, 0, 1, 0, 1)
    assert result.median_days_to_answer == 1
    assert counts(stats_of(user, Window(D(2026, 10, 1), D(2026, 10, 31)))) == (1, 0, 0, 0, 0)


def test_a_window_counts_asks_by_asked_on_and_answers_by_their_date(user):
    answer(user, Outcome.NO, D(2026, 10, 28), 5)  # asked in October, a no in November
    answer(user, Outcome.YES, D(2026, 11, 28), 5)  # asked in November, a yes in December
    make_ask(user, asked_on=D(2026, 12, 1))  # after the window
    result = stats_of(user, NOVEMBER)
    assert counts(result) == (1, 1, 0, 0, 0)
    assert result.median_days_to_answer == 5


def test_pending_means_asked_in_the_window_and_still_waiting_today(user):
    make_ask(user, asked_on=D(2026, 11, 20))
    make_ask(user, asked_on=D(2026, 10, 30))  # still waiting, but asked before the window
    assert stats_of(user, NOVEMBER).pending == 1


def test_the_median_of_an_even_number_of_answers_is_the_mean_of_the_middle_two(user):
    for days in (0, 1, 2, 10):
        answer(user, Outcome.NO, D(2026, 11, 1), days)
    assert stats_of(user).median_days_to_answer == 1.5


def test_numbers_break_down_by_category_named_first_then_none(user):
    answer(user, Outcome.NO, D(2026, 11, 2), 2, category="pitch")
    answer(user, Outcome.NO, D(2026, 11, 2), 4, category="pitch")
    answer(user, Outcome.YES, D(2026, 11, 2), 9, category="pitch")
    answer(user, Outcome.YES, D(2026, 11, 3), 3, category="grant")
    make_ask(user, asked_on=D(2026, 11, 4))
    result = stats_of(user)
    assert counts(result) == (5, 2, 2, 1, 0)
    assert result.median_days_to_answer == 3.5
    assert [(c.name, c.slug) for c in result.by_category] == [
        ("Grant", "grant"),
        ("Pitch", "pitch"),
        ("No category", None),
    ]
    grant, pitch, other = result.by_category
    assert counts(grant) == (1, 0, 1, 0, 0)
    assert grant.yes_rate == 1
    assert grant.median_days_to_answer == 3
    assert counts(pitch) == (3, 2, 1, 0, 0)
    assert pitch.nos_per_yes == 2
    assert pitch.median_days_to_answer == 4
    assert counts(other) == (1, 0, 0, 1, 0)
    assert other.median_days_to_answer is None


def test_a_category_with_nothing_in_the_window_is_left_out(user):
    answer(user, Outcome.NO, D(2026, 9, 1), 2, category="job")
    answer(user, Outcome.NO, D(2026, 11, 2), 2, category="date")
    assert [c.slug for c in stats_of(user, NOVEMBER).by_category] == ["date"]


def test_stats_count_only_the_asks_given(user):
    answer(user, Outcome.NO, D(2026, 11, 2), 2, category="pitch")
    answer(user, Outcome.YES, D(2026, 11, 2), 2, category="grant")
    answer(make_user(), Outcome.NO, D(2026, 11, 2), 2)
    pitch = Category.objects.get(user=user, slug="pitch")
    result = queries.stats(Ask.objects.filter(user=user, category=pitch), NOVEMBER, TODAY)
    assert counts(result) == (1, 1, 0, 0, 0)
    assert result.by_category == [
        CategoryNumbers(asks=1, rejections=1, median_days_to_answer=2, slug="pitch", name="Pitch")
    ]


def test_the_silence_rule_is_each_owners(user):
    other = make_user(silence_days=7)
    make_ask(other, asked_on=D(2026, 11, 1))
    make_ask(user, asked_on=D(2026, 11, 1))
    result = queries.stats(Ask.objects.all(), NOVEMBER, TODAY)
    assert (result.rejections, result.pending) == (1, 1)


def test_stats_take_two_queries_however_many_asks(user):
    categories = itertools.cycle([*Category.objects.filter(user=user), None])
    for n in range(30):
        answer(user, Outcome.NO if n % 3 else Outcome.YES, D(2026, 11, 1), n % 7)
        make_ask(user, asked_on=D(2026, 10, 1 + n), category=next(categories))
    with CaptureQueriesContext(connection) as captured:
        stats_of(user)
    assert len(captured) == 2


@pytest.mark.parametrize(
    "values", [[], [3], [1, 2], [5, 1, 1], [0, 0, 7, 7], [4, 4, 4, 9, 1, 30, 2], [2, 2, 2, 2]]
)
def test_median_of_a_histogram_agrees_with_the_median_of_its_values(values):
    from collections import Counter

    assert queries.median_of(Counter(values)) == median(values)


def test_window_of_reaches_to_the_ends_of_history_and_stays_inside_a_challenge():
    assert window_of() == ALL_OF_HISTORY
    assert window_of(D(2026, 11, 3)) == Window(D(2026, 11, 3), ALL_OF_HISTORY.end)
    assert window_of(None, D(2026, 11, 3)) == Window(ALL_OF_HISTORY.start, D(2026, 11, 3))
    assert window_of(within=NOVEMBER) == NOVEMBER
    assert window_of(D(2026, 10, 1), D(2026, 11, 10), NOVEMBER) == Window(
        D(2026, 11, 1), D(2026, 11, 10)
    )
