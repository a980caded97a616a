"""Counting asks follows docs/RULES.md, in the database and in Python alike."""

import datetime as dt

import pytest

from nomentum.asks import counting as queries
from nomentum.asks.counting import Window
from nomentum.asks.models import REJECTED, Ask, Outcome
from nomentum.insights import silence
from nomentum.insights.results import Tally
from tests.conftest import make_ask, make_user

D = dt.date
# Thursday of the week Monday 2026-11-02 .. Sunday 2026-11-08.
TODAY = D(2026, 11, 5)
WEEK = Window(D(2026, 11, 2), D(2026, 11, 8))


def keep_silence(user, silence_days: int) -> None:
    user.silence_days = silence_days
    user.save(update_fields=["silence_days"])


def tally(user, window: Window, today: dt.date = TODAY, silence_days: int = 30) -> Tally:
    keep_silence(user, silence_days)
    counts, _ = queries.tallies(Ask.objects.filter(user=user), {"w": window}, today)
    return counts["w"]


def pending_count(user, today: dt.date = TODAY, silence_days: int = 30) -> int:
    keep_silence(user, silence_days)
    return queries.tallies(Ask.objects.filter(user=user), {}, today)[1]


def test_week_of_runs_monday_to_sunday():
    assert Window.week_of(D(2026, 11, 2)) == WEEK
    assert Window.week_of(D(2026, 11, 5)) == WEEK
    assert Window.week_of(D(2026, 11, 8)) == WEEK
    assert Window.week_of(D(2026, 11, 9)) == Window(D(2026, 11, 9), D(2026, 11, 15))


def test_week_of_crosses_the_year():
    assert Window.week_of(D(2027, 1, 1)) == Window(D(2026, 12, 28), D(2027, 1, 3))


def test_month_of_is_the_calendar_month():
    assert Window.month_of(D(2026, 11, 30)) == Window(D(2026, 11, 1), D(2026, 11, 30))
    assert Window.month_of(D(2026, 1, 31)) == Window(D(2026, 1, 1), D(2026, 1, 31))


def test_month_of_knows_february_in_a_leap_year():
    assert Window.month_of(D(2028, 2, 1)) == Window(D(2028, 2, 1), D(2028, 2, 29))
    assert Window.month_of(D(2028, 2, 29)) == Window(D(2028, 2, 1), D(2028, 2, 29))
    assert Window.month_of(D(2027, 2, 14)) == Window(D(2027, 2, 1), D(2027, 2, 28))


def test_month_of_ends_december_on_the_31st():
    assert Window.month_of(D(2026, 12, 31)) == Window(D(2026, 12, 1), D(2026, 12, 31))
    assert Window.month_of(D(2026, 12, 1)) == Window(D(2026, 12, 1), D(2026, 12, 31))


def test_attempts_count_in_the_week_they_were_asked(owner):
    make_ask(owner, asked_on=D(2026, 11, 1))  # the Sunday before
    make_ask(owner, asked_on=D(2026, 11, 2))
    make_ask(owner, asked_on=D(2026, 11, 8), outcome=Outcome.NO, decided_on=D(2026, 11, 20))
    make_ask(owner, asked_on=D(2026, 11, 9))  # the Monday after
    assert tally(owner, WEEK).asks == 2


@pytest.mark.parametrize("outcome", [Outcome.NO, Outcome.NO_RESPONSE])
def test_rejections_count_in_the_week_they_were_decided(owner, outcome):
    make_ask(owner, asked_on=D(2026, 10, 20), outcome=outcome, decided_on=D(2026, 11, 2))
    make_ask(owner, asked_on=D(2026, 11, 3), outcome=outcome, decided_on=D(2026, 11, 9))
    make_ask(owner, asked_on=D(2026, 10, 3), outcome=outcome, decided_on=D(2026, 11, 1))
    assert tally(owner, WEEK) == Tally(asks=1, rejections=1, yeses=0)


def test_yeses_count_in_the_week_they_were_decided(owner):
    make_ask(owner, asked_on=D(2026, 10, 20), outcome=Outcome.YES, decided_on=D(2026, 11, 8))
    make_ask(owner, asked_on=D(2026, 11, 3), outcome=Outcome.YES, decided_on=D(2026, 11, 10))
    assert tally(owner, WEEK) == Tally(asks=1, rejections=0, yeses=1)


def test_withdrawn_counts_as_an_attempt_but_neither_rejection_nor_yes(owner):
    make_ask(owner, asked_on=D(2026, 11, 3), outcome=Outcome.WITHDRAWN, decided_on=D(2026, 11, 4))
    assert tally(owner, WEEK) == Tally(asks=1, rejections=0, yeses=0)
    assert pending_count(owner) == 0


def test_a_pending_ask_turns_into_a_rejection_on_the_day_its_silence_ends(owner):
    # Asked 2026-10-06: with 30 days of silence it counts as a no on 2026-11-05.
    make_ask(owner, asked_on=D(2026, 10, 6))
    assert tally(owner, WEEK, today=D(2026, 11, 4)).rejections == 0
    assert pending_count(owner, today=D(2026, 11, 4)) == 1
    assert tally(owner, WEEK, today=D(2026, 11, 5)).rejections == 1
    assert pending_count(owner, today=D(2026, 11, 5)) == 0


def test_a_silent_rejection_is_dated_asked_on_plus_silence_days(owner):
    make_ask(owner, asked_on=D(2026, 10, 6))  # silent on 2026-11-05
    later = D(2026, 12, 20)
    assert tally(owner, WEEK, today=later).rejections == 1
    assert tally(owner, Window.week_of(D(2026, 10, 29)), today=later).rejections == 0
    assert tally(owner, Window.week_of(D(2026, 11, 12)), today=later).rejections == 0


def test_a_silent_day_in_the_window_does_not_count_before_it_has_come(owner):
    # Silent on Friday 2026-11-06, inside this week, but today is only Thursday.
    make_ask(owner, asked_on=D(2026, 10, 7))
    assert tally(owner, WEEK, today=TODAY).rejections == 0
    assert tally(owner, WEEK, today=D(2026, 11, 6)).rejections == 1


def test_silence_days_zero_means_never_silent(owner):
    make_ask(owner, asked_on=D(2020, 1, 1))
    assert tally(owner, Window(D(2020, 1, 1), D(2030, 1, 1)), silence_days=0).rejections == 0
    assert pending_count(owner, silence_days=0) == 1
    assert not Ask.objects.filter(queries.silent(TODAY)).exists()


def test_pending_means_still_pending_and_not_yet_silent(owner):
    waiting = make_ask(owner, asked_on=D(2026, 10, 7))
    make_ask(owner, asked_on=D(2026, 10, 6))  # silent today
    make_ask(owner, asked_on=D(2026, 11, 1), outcome=Outcome.NO)
    still = Ask.objects.filter(queries.still_pending(TODAY))
    assert list(still) == [waiting]
    assert pending_count(owner) == 1


def test_tallies_count_only_the_asks_given(owner, outsider):
    make_ask(outsider, asked_on=D(2026, 11, 3), outcome=Outcome.NO, decided_on=D(2026, 11, 3))
    assert tally(owner, WEEK) == Tally()


def test_tallies_count_several_windows_in_one_query(owner, django_assert_num_queries):
    make_ask(owner, asked_on=D(2026, 11, 3), outcome=Outcome.NO, decided_on=D(2026, 11, 3))
    make_ask(owner, asked_on=D(2026, 10, 30), outcome=Outcome.YES, decided_on=D(2026, 10, 31))
    windows = {
        "week": WEEK,
        "month": Window.month_of(TODAY),
        "last": Window.month_of(D(2026, 10, 1)),
    }
    with django_assert_num_queries(1):
        counts, pending = queries.tallies(Ask.objects.filter(user=owner), windows, TODAY)
    assert counts == {
        "week": Tally(asks=1, rejections=1, yeses=0),
        "month": Tally(asks=1, rejections=1, yeses=0),
        "last": Tally(asks=1, rejections=0, yeses=1),
    }
    assert pending == 0


def _grid(owner) -> list[Ask]:
    """Asks of every outcome asked on each day from 40 days before TODAY to 3 days after."""
    asks = []
    for offset in range(-40, 4):
        asked_on = TODAY + dt.timedelta(days=offset)
        asks.append(Ask(user=owner, title="pending", asked_on=asked_on))
        decided_on = max(asked_on, TODAY - dt.timedelta(days=10))
        for outcome in (Outcome.NO, Outcome.YES, Outcome.NO_RESPONSE, Outcome.WITHDRAWN):
            asks.append(
                Ask(
                    user=owner,
                    title=outcome,
                    asked_on=asked_on,
                    outcome=outcome,
                    decided_on=decided_on,
                )
            )
    # bulk_create skips full_clean, but the database's check constraints still hold.
    return Ask.objects.bulk_create(asks)


@pytest.mark.parametrize("silence_days", [0, 1, 7, 30])
def test_counted_outcome_and_the_silent_query_agree(owner, silence_days):
    keep_silence(owner, silence_days)
    asks = _grid(owner)
    for today in (TODAY - dt.timedelta(days=1), TODAY, TODAY + dt.timedelta(days=1)):
        in_python = {
            ask.pk
            for ask in asks
            if ask.outcome == Outcome.PENDING
            and ask.counted_outcome(today, silence_days) == Outcome.NO_RESPONSE
        }
        in_database = set(Ask.objects.filter(queries.silent(today)).values_list("pk", flat=True))
        assert in_python == in_database


def test_the_silence_rule_in_python_is_the_sql_one_over_dates_and_rules(db):
    asked = [D(2024, 2, 29), D(2024, 12, 31), D(2025, 1, 31), D(2025, 3, 1), D(2026, 10, 6)]
    for silence_days in (0, 1, 7, 29, 30, 31, 365):
        asker = make_user(silence_days=silence_days)
        for day in asked:
            make_ask(asker, asked_on=day)
        rows = Ask.objects.filter(user=asker).annotate(on=queries.silent_on())
        assert {(ask.asked_on, ask.on) for ask in rows} == {
            # 0 days is never: SQL still adds the 0 days, and silent() leaves such asks out.
            (day, silence.silent_on(day, silence_days) or day)
            for day in asked
        }
        # The day before, the day of and the day after each one falls silent.
        todays = {
            day + dt.timedelta(days=silence_days + shift) for day in asked for shift in (-1, 0, 1)
        }
        for today in sorted(todays):
            in_python = {
                day for day in asked if (on := silence.silent_on(day, silence_days)) and on <= today
            }
            in_database = Ask.objects.filter(queries.silent(today), user=asker)
            assert set(in_database.values_list("asked_on", flat=True)) == in_python, today


def _rejected_on(ask: Ask, today: dt.date, silence_days: int) -> dt.date | None:
    if ask.outcome in REJECTED:
        return ask.decided_on
    if ask.is_silent(today, silence_days):
        return ask.silent_on(silence_days)
    return None


@pytest.mark.parametrize("silence_days", [0, 30])
def test_window_tallies_agree_with_counting_by_hand(owner, silence_days):
    asks = _grid(owner)
    for monday in (D(2026, 10, 19), D(2026, 10, 26), D(2026, 11, 2), D(2026, 11, 9)):
        window = Window.week_of(monday)

        def within(day: dt.date | None, window: Window = window) -> bool:
            return day is not None and window.start <= day <= window.end

        expected = Tally(
            asks=sum(within(a.asked_on) for a in asks),
            rejections=sum(within(_rejected_on(a, TODAY, silence_days)) for a in asks),
            yeses=sum(a.outcome == Outcome.YES and within(a.decided_on) for a in asks),
        )
        assert tally(owner, window, silence_days=silence_days) == expected


def test_each_owner_keeps_their_own_silence_rule(owner, outsider):
    keep_silence(owner, 30)
    keep_silence(outsider, 7)
    make_ask(owner, asked_on=D(2026, 10, 20))  # 16 days: still waiting under 30
    make_ask(outsider, asked_on=D(2026, 10, 20))  # silent since 2026-10-27 under 7
    silent_owners = Ask.objects.filter(queries.silent(TODAY)).values_list("user", flat=True)
    assert list(silent_owners) == [outsider.pk]
    both = Ask.objects.filter(user__in=[owner, outsider])
    counts, pending = queries.tallies(both, {"w": Window.week_of(D(2026, 10, 27))}, TODAY)
    assert counts["w"].rejections == 1
    assert pending == 1
