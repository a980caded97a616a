"""A year in review counts by the usual rules (asks by asked_on, no's and yeses by their dates,
a silent ask on asked_on + the silence rule), month by month, with the best month, the longest
run of Monday-to-Sunday weeks with a no, and the most asked recipients."""

import datetime as dt

import pytest

from nomentum.accounts.models import User
from nomentum.asks import counting as queries
from nomentum.asks.models import Ask, Outcome
from tests.conftest import make_ask

D = dt.date
TODAY = D(2026, 6, 1)


def make_year(user: User) -> None:
    """A hand-made 2025 (silence rule 30 days), with its numbers worked out below.

    Weeks with a no: Jan 6, Jan 13, Jan 20 (three in a row), Feb 24, May 5.
    """
    no = Outcome.NO
    # Asked and answered in January: 2 asks, 2 no's (weeks of Jan 6 and Jan 13).
    make_ask(user, recipient="Paris Review", asked_on=D(2025, 1, 6), outcome=no,
             decided_on=D(2025, 1, 8))  # fmt: skip
    make_ask(user, recipient="Paris Review", asked_on=D(2025, 1, 13), outcome=no,
             decided_on=D(2025, 1, 14))  # fmt: skip
    # Asked in January, yes in February.
    make_ask(user, recipient=" paris review", asked_on=D(2025, 1, 20), outcome=Outcome.YES,
             decided_on=D(2025, 2, 3))  # fmt: skip
    # Asked in January, pending: silent on Feb 26, a no in February.
    make_ask(user, recipient="Granta", asked_on=D(2025, 1, 27))
    # Asked in 2024, answered no on Jan 21: a January no, not a 2025 ask.
    make_ask(user, recipient="Granta", asked_on=D(2024, 12, 20), outcome=no,
             decided_on=D(2025, 1, 21))  # fmt: skip
    # Asked in 2024, pending: silent on Jan 14, a January no (week of Jan 13 again).
    make_ask(user, asked_on=D(2024, 12, 15))
    # Asked in March, withdrawn: an ask, neither a no nor a yes.
    make_ask(user, asked_on=D(2025, 3, 3), outcome=Outcome.WITHDRAWN, decided_on=D(2025, 3, 4))
    # Asked and answered in May.
    make_ask(user, recipient="Granta", asked_on=D(2025, 5, 5), outcome=no,
             decided_on=D(2025, 5, 6))  # fmt: skip
    # Asked in December, no response in 2026: a 2025 ask, a 2026 no.
    make_ask(user, recipient="Tin House", asked_on=D(2025, 12, 30),
             outcome=Outcome.NO_RESPONSE, decided_on=D(2026, 1, 5))  # fmt: skip


def review(user: User, year: int) -> queries.YearReview:
    return queries.year_review(Ask.objects.filter(user=user), year, TODAY)


def test_it_counts_the_year_by_the_rules(owner):
    make_year(owner)
    result = review(owner, 2025)
    assert (result.asks, result.rejections, result.yeses) == (7, 6, 1)
    assert result.yes_rate == pytest.approx(1 / 7)


def test_it_counts_each_month(owner):
    make_year(owner)
    months = {m.month.month: (m.asks, m.rejections, m.yeses) for m in review(owner, 2025).months}
    assert months == {
        1: (4, 4, 0),
        2: (0, 1, 1),
        3: (1, 0, 0),
        4: (0, 0, 0),
        5: (1, 1, 0),
        6: (0, 0, 0),
        7: (0, 0, 0),
        8: (0, 0, 0),
        9: (0, 0, 0),
        10: (0, 0, 0),
        11: (0, 0, 0),
        12: (1, 0, 0),
    }
    assert [m.month for m in review(owner, 2025).months][:2] == [D(2025, 1, 1), D(2025, 2, 1)]


def test_the_best_month_has_the_most_nos(owner):
    make_year(owner)
    best = review(owner, 2025).best_month
    assert best is not None
    assert (best.month, best.rejections) == (D(2025, 1, 1), 4)


def test_the_longest_streak_is_three_weeks_in_january(owner):
    make_year(owner)
    assert review(owner, 2025).streak == queries.Streak(3, D(2025, 1, 6), D(2025, 1, 26))


def test_the_top_recipients_are_the_most_asked_that_year(owner):
    make_year(owner)
    rows = review(owner, 2025).top_recipients
    # Counted as they stand today; Granta's ask of 2024 is not this year's.
    assert [(row.key, row.asks, row.no, row.no_response, row.yes) for row in rows] == [
        ("paris review", 3, 2, 0, 1),
        ("granta", 2, 1, 1, 0),
        ("tin house", 1, 0, 1, 0),
    ]


def test_the_next_year_gets_what_crossed_into_it(owner):
    make_year(owner)
    result = review(owner, 2026)
    assert (result.asks, result.rejections, result.yeses) == (0, 1, 0)
    assert result.streak == queries.Streak(1, D(2026, 1, 5), D(2026, 1, 11))


def test_an_empty_year_is_all_zeros(owner):
    make_year(owner)
    result = review(owner, 1999)
    assert (result.asks, result.rejections, result.yeses) == (0, 0, 0)
    assert [(m.asks, m.rejections, m.yeses) for m in result.months] == [(0, 0, 0)] * 12
    assert result.best_month is None
    assert result.streak == queries.Streak(0, None, None)
    assert result.top_recipients == []
    assert result.yes_rate is None
    assert result.yes_rate_low is None


def test_a_year_of_only_yeses_has_no_best_month(owner):
    make_ask(owner, asked_on=D(2025, 4, 1), outcome=Outcome.YES)
    result = review(owner, 2025)
    assert result.best_month is None
    assert result.yes_rate == 1.0


def test_it_counts_only_the_asks_it_is_given(owner, outsider):
    make_year(outsider)
    assert review(owner, 2025).asks == 0


# Streaks of weeks ------------------------------------------------------------------------


def test_a_streak_counts_calendar_weeks_not_days():
    # Sunday Jan 12 and Monday Jan 13 are two weeks in a row.
    assert queries.longest_streak([D(2025, 1, 12), D(2025, 1, 13)]) == queries.Streak(
        2, D(2025, 1, 6), D(2025, 1, 19)
    )


def test_a_week_without_a_no_breaks_the_streak_and_a_tie_goes_to_the_earlier_one():
    days = [D(2025, 3, 3), D(2025, 3, 10), D(2025, 3, 24), D(2025, 3, 31), D(2025, 3, 5)]
    assert queries.longest_streak(days) == queries.Streak(2, D(2025, 3, 3), D(2025, 3, 16))


def test_no_days_no_streak():
    assert queries.longest_streak([]) == queries.Streak()
