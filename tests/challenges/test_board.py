"""The board counts by docs/RULES.md, per member and per week, in a fixed number of queries."""

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.core.cache import cache

from nomentum.asks.models import Outcome
from nomentum.challenges import services
from nomentum.challenges.board import board_rows as _rows
from nomentum.challenges.models import Challenge, Membership
from nomentum.numbers import board
from tests.conftest import make_ask, make_user

D = dt.date
NOV_1 = D(2026, 11, 1)
NOV_30 = D(2026, 11, 30)


@pytest.fixture
def november(owner):
    group = services.create_group(owner, "November of NO")
    return services.save_challenge(
        Challenge(group=group, name="November of NO", starts_on=NOV_1, ends_on=NOV_30)
    )


def join(challenge: Challenge, user) -> None:
    assert challenge.group is not None
    Membership.objects.create(group=challenge.group, user=user)


@pytest.fixture
def in_november() -> Iterator[None]:
    """Goals are set while the challenge runs: a finished one keeps them as they were."""
    with time_machine.travel(dt.datetime(2026, 11, 10, 9, tzinfo=dt.UTC), tick=False):
        yield


def test_a_weekly_goal_of_three_makes_twelve_in_november(november, owner, in_november):
    services.set_goal(november, owner, rejections_per_week=3)
    row = board(november, D(2026, 11, 10), owner).members[0]
    assert row.rejections_target == 12


def test_weeks_are_seven_days_from_the_start_and_the_last_is_shorter(november):
    weeks = november.weeks()
    assert [(w.number, w.starts_on, w.ends_on) for w in weeks] == [
        (1, D(2026, 11, 1), D(2026, 11, 7)),
        (2, D(2026, 11, 8), D(2026, 11, 14)),
        (3, D(2026, 11, 15), D(2026, 11, 21)),
        (4, D(2026, 11, 22), D(2026, 11, 28)),
        (5, D(2026, 11, 29), D(2026, 11, 30)),
    ]


def test_it_counts_each_member_by_week(november, owner, in_november):
    writer = make_user("writer")
    join(november, writer)
    services.set_goal(november, writer, rejections_per_week=2)
    make_ask(writer, asked_on=D(2026, 11, 2), outcome=Outcome.NO, decided_on=D(2026, 11, 9))
    make_ask(writer, asked_on=D(2026, 11, 3), outcome=Outcome.YES, decided_on=D(2026, 11, 4))
    make_ask(writer, asked_on=D(2026, 11, 3), outcome=Outcome.WITHDRAWN, decided_on=D(2026, 11, 5))
    # Silent: asked 2026-10-10, a no_response from 2026-11-09 (week 2) under 30 days.
    make_ask(writer, asked_on=D(2026, 10, 10))
    make_ask(writer, asked_on=D(2026, 11, 20))  # still pending on 2026-11-25
    result = board(november, D(2026, 11, 25), owner)
    row = next(r for r in result.members if r.username == "writer")
    assert (row.asks, row.rejections, row.yeses, row.pending) == (4, 2, 1, 1)
    assert [(w.asks, w.rejections, w.yeses, w.goal_met) for w in row.weeks] == [
        (3, 0, 1, False),
        (0, 2, 0, True),
        (1, 0, 0, False),
        (0, 0, 0, None),  # week 4 runs on 2026-11-25: in progress, not yet missed
        (0, 0, 0, None),  # 2 days that 8 - 4 x 2 leaves nothing: bonus days
    ]
    assert [w.state for w in row.weeks] == ["missed", "met", "missed", "in_progress", "bonus"]
    assert row.points == 2 * 10 + 1
    assert row.progress == pytest.approx(2 / 8)
    assert result.totals.rejections == 2


@pytest.mark.parametrize("members", [3, 300])
def test_the_board_takes_the_same_queries_at_any_size(
    november, owner, members, django_assert_num_queries
):
    for index in range(members):
        user = make_user(f"m{members}x{index}")
        join(november, user)
        make_ask(user, asked_on=D(2026, 11, 2), outcome=Outcome.NO, decided_on=D(2026, 11, 3))
    today = D(2026, 11, 25)
    with django_assert_num_queries(3):
        _, totals = _rows(november, november.weeks(), today)
    assert (totals.members, totals.rejections) == (members + 1, members)
    cache.clear()
    result = board(november, today, owner)  # computed, and cached
    # Cached: the data versions and the cache.
    with django_assert_num_queries(2):
        again = board(november, today, owner)
    assert result.totals == again.totals == totals
    assert [(r.user_id, r.rejections) for r in result.members] == [
        (r.user_id, r.rejections) for r in again.members
    ]


def test_an_ask_falls_silent_a_year_later_under_the_longest_rule(november, owner):
    patient = make_user("patient", silence_days=365)
    join(november, patient)
    make_ask(patient, asked_on=D(2025, 11, 10))  # silent 2026-11-10, week 2
    make_ask(patient, asked_on=D(2025, 10, 31))  # silent 2026-10-31, the day before
    row = next(
        r for r in board(november, D(2026, 11, 25), owner).members if r.username == "patient"
    )
    assert (row.asks, row.rejections, row.pending) == (0, 1, 0)
    assert [w.rejections for w in row.weeks] == [0, 1, 0, 0, 0]
