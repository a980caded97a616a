"""An ask is overdue from asked_on + its category's reply window (else the silence rule) while
pending and not snoozed; counting it as a no response keeps a silent no where it was counted."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from nomentum.accounts.models import User
from nomentum.asks import counting as queries
from nomentum.asks import services
from nomentum.asks.models import Ask, Category, Outcome
from nomentum.lib.errors import Conflict, Refusal
from tests.conftest import make_ask, make_user, stored

D = dt.date


def overdue_titles(user: User, today: dt.date) -> list[str]:
    asks = queries.overdue_asks(Ask.objects.filter(user=user), today)
    return [ask.title for ask in asks]


def window(user: User, slug: str, days: int | None) -> Category:
    category = Category.objects.get(user=user, slug=slug)
    category.reply_days = days
    category.save()
    return category


@pytest.fixture
def writer(db) -> User:
    """A user with the default silence rule, 30 days, and a 14-day window for grants."""
    user = make_user("writer")
    window(user, "grant", 14)
    return user


def test_a_category_window_makes_an_ask_overdue_on_its_last_day(writer):
    make_ask(writer, title="Grant", category="grant", asked_on=D(2026, 11, 1))
    assert overdue_titles(writer, D(2026, 11, 14)) == []
    assert overdue_titles(writer, D(2026, 11, 15)) == ["Grant"]
    assert overdue_titles(writer, D(2027, 1, 1)) == ["Grant"]


def test_without_a_window_the_silence_rule_decides(writer):
    make_ask(writer, title="Pitch", category="pitch", asked_on=D(2026, 10, 1))
    make_ask(writer, title="Uncategorized", asked_on=D(2026, 10, 1))
    assert overdue_titles(writer, D(2026, 10, 30)) == []
    # The day it falls silent (Oct 1 + 30 days) is the day it turns overdue.
    assert overdue_titles(writer, D(2026, 10, 31)) == ["Pitch", "Uncategorized"]


def test_a_window_longer_than_the_silence_rule_keeps_a_silent_ask_off_the_list(writer):
    window(writer, "job", 60)
    ask = make_ask(writer, title="Job", category="job", asked_on=D(2026, 9, 1))
    today = D(2026, 10, 11)  # 40 days: silent by the rule, inside the job's window
    assert ask.is_silent(today, writer.silence_days)
    assert overdue_titles(writer, today) == []
    assert overdue_titles(writer, D(2026, 10, 31)) == ["Job"]


def test_a_silence_rule_of_never_leaves_only_category_windows(db):
    user = make_user(silence_days=0)
    window(user, "grant", 10)
    make_ask(user, title="Grant", category="grant", asked_on=D(2020, 1, 1))
    make_ask(user, title="Pitch", category="pitch", asked_on=D(2020, 1, 1))
    make_ask(user, title="None", asked_on=D(2020, 1, 1))
    assert overdue_titles(user, D(2026, 11, 11)) == ["Grant"]


def test_each_owner_has_their_own_silence_rule(db):
    quick = make_user(silence_days=5)
    patient = make_user(silence_days=50)
    make_ask(quick, title="Quick", asked_on=D(2026, 11, 1))
    make_ask(patient, title="Patient", asked_on=D(2026, 11, 1))
    both = Ask.objects.filter(user__in=[quick, patient])
    assert [a.title for a in queries.overdue_asks(both, D(2026, 11, 6))] == ["Quick"]


def test_only_pending_asks_are_overdue(writer):
    for outcome in (Outcome.NO, Outcome.YES, Outcome.NO_RESPONSE, Outcome.WITHDRAWN):
        make_ask(writer, title=outcome, category="grant", asked_on=D(2026, 1, 1), outcome=outcome)
    assert overdue_titles(writer, D(2026, 11, 11)) == []


def test_they_come_oldest_first_with_the_day_they_turned_overdue(writer):
    make_ask(writer, title="Newer", category="grant", asked_on=D(2026, 10, 20))
    make_ask(writer, title="Older", asked_on=D(2026, 9, 1))
    asks = queries.overdue_asks(Ask.objects.filter(user=writer), D(2026, 11, 11))
    # vars(): the annotation is unknown to the type checker.
    assert [(ask.title, vars(ask)["overdue_on"]) for ask in asks] == [
        ("Older", D(2026, 10, 1)),
        ("Newer", D(2026, 11, 3)),
    ]


def test_a_snooze_hides_an_overdue_ask_until_its_day(writer):
    ask = make_ask(writer, title="Grant", category="grant", asked_on=D(2026, 10, 1))
    services.snooze(ask, D(2026, 11, 1), 7)
    assert ask.snoozed_until == D(2026, 11, 8)
    assert overdue_titles(writer, D(2026, 11, 7)) == []
    assert overdue_titles(writer, D(2026, 11, 8)) == ["Grant"]


def test_a_snooze_before_the_window_ends_changes_nothing_after_it(writer):
    ask = make_ask(writer, title="Grant", category="grant", asked_on=D(2026, 11, 1))
    services.snooze(ask, D(2026, 11, 2), 3)
    assert overdue_titles(writer, D(2026, 11, 15)) == ["Grant"]


@pytest.mark.parametrize("days", [0, 1, 5, -7, 15])
def test_a_snooze_takes_3_7_or_14_days(writer, days):
    ask = make_ask(writer, asked_on=D(2026, 10, 1))
    before = stored(Ask)
    with pytest.raises(Refusal, match=r"Snooze for 3, 7 or 14 days\."):
        services.snooze(ask, D(2026, 11, 1), days)
    assert stored(Ask) == before


def test_an_answered_ask_cannot_be_snoozed(writer):
    ask = make_ask(writer, asked_on=D(2026, 10, 1), outcome=Outcome.NO)
    before = stored(Ask)
    with pytest.raises(Conflict, match="already has an answer"):
        services.snooze(ask, D(2026, 11, 1), 7)
    assert stored(Ask) == before


def test_counting_a_silent_ask_dates_it_the_day_it_fell_silent(writer):
    ask = make_ask(writer, asked_on=D(2026, 9, 1))
    today = D(2026, 11, 11)
    silent_week = queries.Window.week_of(D(2026, 10, 1))
    windows = {"silent": silent_week, "this": queries.Window.week_of(today)}
    before, _ = queries.tallies(Ask.objects.filter(user=writer), windows, today)

    services.count_as_no_response(ask, today, writer.silence_days)

    ask.refresh_from_db()
    assert (ask.outcome, ask.decided_on) == (Outcome.NO_RESPONSE, D(2026, 10, 1))
    after, _ = queries.tallies(Ask.objects.filter(user=writer), windows, today)
    # The no stays in the week it was counted in; this week gains nothing.
    assert after == before
    assert after["silent"].rejections == 1


def test_counting_on_the_very_day_it_fell_silent_dates_it_that_day(writer):
    ask = make_ask(writer, asked_on=D(2026, 10, 12))
    services.count_as_no_response(ask, D(2026, 11, 11), writer.silence_days)
    assert ask.decided_on == D(2026, 11, 11)


def test_counting_an_ask_not_yet_silent_dates_it_today(writer):
    # A grant answers within 14 days: overdue on day 20, silent only on day 30.
    ask = make_ask(writer, category="grant", asked_on=D(2026, 10, 22))
    services.count_as_no_response(ask, D(2026, 11, 11), writer.silence_days)
    ask.refresh_from_db()
    assert (ask.outcome, ask.decided_on, ask.feedback) == (
        Outcome.NO_RESPONSE,
        D(2026, 11, 11),
        "",
    )


def test_counting_with_a_silence_rule_of_never_dates_it_today(db):
    user = make_user(silence_days=0)
    ask = make_ask(user, asked_on=D(2020, 1, 1))
    services.count_as_no_response(ask, D(2026, 11, 11), user.silence_days)
    assert ask.decided_on == D(2026, 11, 11)


def test_counting_an_ask_dated_in_the_future_never_precedes_it(writer):
    ask = make_ask(writer, asked_on=D(2026, 12, 1))
    services.count_as_no_response(ask, D(2026, 11, 11), writer.silence_days)
    assert ask.decided_on == D(2026, 12, 1)


def test_an_answered_ask_cannot_be_counted_again(writer):
    ask = make_ask(writer, asked_on=D(2026, 9, 1), outcome=Outcome.YES)
    before = stored(Ask)
    with pytest.raises(Conflict, match="already has an answer"):
        services.count_as_no_response(ask, D(2026, 11, 11), writer.silence_days)
    assert stored(Ask) == before


@pytest.mark.parametrize("days", [0, -1, 366])
def test_a_reply_window_is_1_to_365_days_in_the_database_too(writer, days):
    with transaction.atomic(), pytest.raises(IntegrityError):
        Category.objects.filter(user=writer, slug="job").update(reply_days=days)
