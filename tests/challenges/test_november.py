"""A November of NO, end to end: every board number against values worked out by hand.

The weeks of 2026-11-01..30: W1 1-7, W2 8-14, W3 15-21, W4 22-28 and W5 29-30, two days,
where a weekly goal g needs ceil(g x 2 / 7): 1 for g = 1, 2 or 3, and 2 for g = 4 or 5.
Today is Wednesday 2026-11-25 (in W4) unless a test moves the clock. The expected values
below are written out by hand from the asks in `november`; the comment beside each ask
says where it counts.
"""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import time_machine
from django.core.exceptions import ValidationError

from nomentum.accounts.models import User
from nomentum.asks.models import Ask, Outcome
from nomentum.challenges import services
from nomentum.challenges.board import Board, MemberRow
from nomentum.challenges.board import board_rows as _rows
from nomentum.challenges.models import Challenge, GoalChange, Membership, Sharing
from nomentum.numbers import board
from tests.conftest import make_ask, make_user

D = dt.date
UTC = dt.UTC
# The last-but-one week of the month, in the evening: every clock in Europe says the 25th.
NOW = dt.datetime(2026, 11, 25, 18, 0, tzinfo=UTC)
TODAY = D(2026, 11, 25)
MEMBERS = ["jo", "ana", "ben", "cy", "dee", "eve", "fay", "gus"]
MEMBERS += ["hal", "ivy", "jon", "kim", "lou", "max", "nia"]


def nov(day: int) -> dt.date:
    return D(2026, 11, day)


def oct_(day: int) -> dt.date:
    return D(2026, 10, day)


def no(user: User, asked: dt.date, decided: dt.date, **fields) -> Ask:
    return make_ask(user, asked_on=asked, outcome=Outcome.NO, decided_on=decided, **fields)


def no_response(user: User, asked: dt.date, decided: dt.date) -> Ask:
    return make_ask(user, asked_on=asked, outcome=Outcome.NO_RESPONSE, decided_on=decided)


def yes(user: User, asked: dt.date, decided: dt.date, **fields) -> Ask:
    return make_ask(user, asked_on=asked, outcome=Outcome.YES, decided_on=decided, **fields)


def withdrawn(user: User, asked: dt.date, decided: dt.date) -> Ask:
    return make_ask(user, asked_on=asked, outcome=Outcome.WITHDRAWN, decided_on=decided)


def pending(user: User, asked: dt.date) -> Ask:
    return make_ask(user, asked_on=asked)


@dataclass
class Month:
    challenge: Challenge
    people: dict[str, User]
    clock: time_machine.Traveller


@pytest.fixture
def november(db) -> Iterator[Month]:
    with time_machine.travel(dt.datetime(2026, 10, 28, 9, 0, tzinfo=UTC), tick=False) as clock:
        # Jo, a freelance journalist, organizes; fourteen people join by one invite link.
        jo = make_user("jo", display_name="Jo Okafor")
        group = services.create_group(jo, "November of NO", "Collect no's together.")
        challenge = services.save_challenge(
            Challenge(group=group, name="November of NO", starts_on=nov(1), ends_on=nov(30))
        )
        invite = services.create_invite(group, jo, dt.datetime.now(tz=UTC))
        people = {"jo": jo}
        for name in MEMBERS[1:]:
            people[name] = make_user(name)
            services.accept_invite(people[name], invite.code, dt.datetime.now(tz=UTC))
        invite.refresh_from_db()
        assert invite.uses == 14
        people["ben"].silence_days = 7
        people["ben"].save(update_fields=["silence_days"])
        people["max"].silence_days = 0  # pending asks never fall silent
        people["max"].save(update_fields=["silence_days"])
        Membership.objects.filter(user=people["cy"]).update(hidden_from_ranking=True)
        Membership.objects.filter(user__in=[jo, people["eve"]]).update(sharing=Sharing.DETAILS)
        zed = make_user("zed")  # not in the group: their asks count nowhere here
        no(zed, nov(3), nov(3))

        p = people
        services.set_goal(challenge, p["jo"], rejections_per_week=3)
        services.set_goal(challenge, p["ana"], rejections_per_week=2, rejections_total=10)
        services.set_goal(challenge, p["ben"], rejections_per_week=2)
        services.set_goal(challenge, p["cy"], rejections_per_week=1)
        services.set_goal(challenge, p["dee"], rejections_per_week=2)
        services.set_goal(challenge, p["eve"], rejections_total=6)
        services.set_goal(challenge, p["fay"], rejections_per_week=5, rejections_total=25)
        services.set_goal(challenge, p["gus"], rejections_total=3)
        # hal never sets a goal.
        services.set_goal(challenge, p["ivy"], rejections_per_week=3)
        # An asks target alone is refused: a goal counts no's.
        with pytest.raises(ValidationError):
            services.set_goal(challenge, p["jon"], asks_total=20)
        services.set_goal(challenge, p["jon"], asks_total=20, yeses_total=2, rejections_total=4)
        services.set_goal(challenge, p["kim"], rejections_per_week=1)
        services.set_goal(challenge, p["lou"], rejections_per_week=2)
        services.set_goal(challenge, p["max"], rejections_total=2)
        services.set_goal(challenge, p["nia"], rejections_per_week=3)

        pending(p["jo"], oct_(20))  # silent 11-19 under 30 days: a rejection in W3
        no(p["jo"], nov(2), nov(3))  # W1
        no(p["jo"], nov(4), nov(10), feedback="personal")  # asked in W1, a no in W2
        yes(p["jo"], nov(5), nov(12))  # asked in W1, a yes in W2
        no(p["jo"], nov(9), nov(9))  # W2
        no(p["jo"], nov(10), nov(11), feedback="form")  # W2
        pending(p["jo"], nov(23))  # W4, still pending (silent 12-23)
        withdrawn(p["jo"], nov(24), nov(25))  # an attempt in W4, neither no nor yes

        no(p["ana"], oct_(25), nov(3))  # asked before the challenge, a no in W1
        no(p["ana"], nov(1), nov(1))  # W1, its first day
        no(p["ana"], nov(7), nov(14))  # asked on W1's last day, a no on W2's last day
        no(p["ana"], nov(8), nov(8))  # W2
        no_response(p["ana"], nov(15), nov(21))  # W3
        no(p["ana"], nov(22), nov(22))  # W4
        no(p["ana"], nov(23), nov(24))  # W4

        # ben's silence rule is 7 days.
        pending(p["ben"], oct_(20))  # silent 10-27, before the challenge: never counted
        pending(p["ben"], nov(3))  # asked W1, silent 11-10: W2
        pending(p["ben"], nov(10))  # asked W2, silent 11-17: W3
        yes(p["ben"], nov(12), nov(20))  # asked W2, a yes in W3
        pending(p["ben"], nov(18))  # asked W3, silent 11-25, today: W4
        pending(p["ben"], nov(19))  # asked W3, silent 11-26: still pending today

        # cy hides from the ranking and is still counted.
        no(p["cy"], nov(2), nov(2))  # W1
        no(p["cy"], nov(9), nov(9))  # W2
        no(p["cy"], nov(16), nov(16))  # W3
        no(p["cy"], nov(16), nov(17))  # W3
        no(p["cy"], nov(23), nov(23))  # W4
        yes(p["cy"], nov(24), nov(25))  # W4

        no(p["dee"], nov(1), nov(2))  # W1
        no(p["dee"], nov(2), nov(3))  # W1
        no(p["dee"], nov(9), nov(10))  # W2
        no(p["dee"], nov(9), nov(11))  # W2
        no(p["dee"], nov(9), nov(12))  # W2
        no(p["dee"], nov(13), nov(13))  # W2
        no(p["dee"], nov(16), nov(16))  # W3

        # eve shares details, but her private asks are only counted.
        no(p["eve"], nov(3), nov(3), private=True)  # W1
        no(p["eve"], nov(4), nov(5))  # W1
        no(p["eve"], nov(10), nov(12), private=True)  # W2
        yes(p["eve"], nov(17), nov(18), private=True)  # W3

        # fay, a fundraiser: four asks a day from 11-01 to 11-20, 80 in the month, imported.
        # Asked: W1 7 x 4 = 28, W2 28, W3 (15-20) 6 x 4 = 24.
        # No's on day + 4 (11-05..24): W1 5-7 = 3, W2 7, W3 7, W4 22-24 = 3; 20 in all.
        # Yeses on day + 3 (11-04..23): W1 4-7 = 4, W2 7, W3 7, W4 22-23 = 2; 20 in all.
        # Withdrawn on day + 1: neither. Pending: 20, silent from 12-01, so all still pending.
        Ask.objects.bulk_create(
            Ask(
                user=p["fay"],
                title=f"Donor {day}{letter}",
                asked_on=nov(day),
                outcome=outcome,
                decided_on=None if later is None else nov(day + later),
            )
            for day in range(1, 21)
            for letter, outcome, later in [
                ("a", Outcome.NO, 4),
                ("b", Outcome.YES, 3),
                ("c", Outcome.WITHDRAWN, 1),
                ("d", Outcome.PENDING, None),
            ]
        )

        no(p["hal"], nov(5), nov(6))  # W1
        yes(p["hal"], nov(6), nov(6))  # W1

        # ivy logs nothing.

        pending(p["jon"], oct_(1))  # silent 10-31, the day before: never counted
        pending(p["jon"], oct_(2))  # silent 11-01: a rejection on W1's first day
        yes(p["jon"], nov(3), nov(4))  # W1
        pending(p["jon"], oct_(26))  # silent 11-25, today: W4
        pending(p["jon"], oct_(27))  # silent 11-26; asked before, so not pending on this board
        no(p["jon"], nov(20), nov(21))  # W3
        yes(p["jon"], nov(21), nov(22))  # asked W3, a yes in W4

        no(p["kim"], D(2026, 9, 30), oct_(15))  # all before: never counted
        yes(p["kim"], oct_(10), nov(2))  # asked before, a yes in W1
        no(p["kim"], nov(1), nov(24), feedback="invited_back")  # asked W1, a no in W4
        pending(p["kim"], nov(1))  # W1, silent 12-01: still pending

        withdrawn(p["lou"], nov(2), nov(4))  # an attempt in W1 only
        no_response(p["lou"], nov(3), nov(10))  # asked W1, a rejection in W2
        no(p["lou"], nov(25), nov(25))  # W4, today
        pending(p["lou"], nov(25))  # W4, asked today

        # max's silence rule is 0: never silent.
        pending(p["max"], D(2026, 9, 1))  # asked before, never silent: counts nowhere
        pending(p["max"], nov(2))  # W1, pending
        no(p["max"], nov(20), nov(20))  # W3

        no(p["nia"], oct_(5), oct_(6))  # October: never counted
        no(p["nia"], oct_(12), oct_(20))  # October: never counted
        no(p["nia"], nov(14), nov(15))  # asked on W2's last day, a no on W3's first
        pending(p["nia"], oct_(31))  # silent 11-30 (W5): not yet today

        # dee raises her goal mid-challenge, from 2 to 4 a week: 16 in all.
        clock.move_to(dt.datetime(2026, 11, 12, 10, 0, tzinfo=UTC))
        services.set_goal(challenge, p["dee"], rejections_per_week=4)

        # gus checks in with quick tallies instead of logging asks.
        clock.move_to(NOW)
        services.check_in(
            challenge,
            p["gus"],
            2,
            TODAY,
            note="Five pitches sent.",
            tally={"asks": 5, "rejections": 2, "yeses": 1},
        )  # 5 asked 11-08 (W2): 2 no's and a yes on 11-14 (W2), 2 pending
        services.check_in(challenge, p["gus"], 4, TODAY, tally={"rejections": 1})
        # 1 asked 11-22 (W4), a no on 11-25, today (W4)
        yield Month(challenge, people, clock)


# username: (rejections target, asks, rejections, yeses, pending, points, progress)
TOTALS = {
    "jo": (12, 7, 5, 1, 1, 51, 5 / 12),
    "ana": (10, 6, 7, 0, 0, 70, 7 / 10),
    "ben": (8, 5, 3, 1, 1, 31, 3 / 8),
    "cy": (4, 6, 5, 1, 0, 51, 5 / 4),
    "dee": (16, 7, 7, 0, 0, 70, 7 / 16),
    "eve": (6, 4, 3, 1, 0, 31, 3 / 6),
    "fay": (25, 80, 20, 20, 20, 220, 20 / 25),
    "gus": (3, 6, 3, 1, 2, 31, 3 / 3),
    "hal": (None, 2, 1, 1, 0, 11, None),
    "ivy": (12, 0, 0, 0, 0, 0, 0 / 12),
    "jon": (4, 3, 3, 2, 0, 32, 3 / 4),
    "kim": (4, 2, 1, 1, 1, 11, 1 / 4),
    "lou": (8, 4, 2, 0, 1, 20, 2 / 8),
    "max": (2, 2, 1, 0, 1, 10, 1 / 2),
    "nia": (12, 1, 1, 0, 0, 10, 1 / 12),
}

F, T = False, True
QUIET: tuple = (0, 0, 0, None)
# A two-day week 5 whose weekly goal leaves it nothing to collect: 12 - 4 x 3 = 0, "bonus days".
BONUS: tuple = (0, 0, 0, None)
# username: per week W1..W5, (asks, rejections, yeses, goal met) on TODAY, 11-25: week 4 runs
# (met only once reached, else null), week 5 is to come.
WEEKS = {
    "jo": [(3, 1, 0, F), (2, 3, 1, T), (0, 1, 0, F), (2, 0, 0, None), BONUS],
    "ana": [(2, 2, 0, T), (1, 2, 0, T), (1, 1, 0, F), (2, 2, 0, T), QUIET],
    "ben": [(1, 0, 0, F), (2, 1, 0, F), (2, 1, 1, F), (0, 1, 0, None), BONUS],
    "cy": [(1, 1, 0, T), (1, 1, 0, T), (2, 2, 0, T), (2, 1, 1, T), BONUS],
    # Judged by the goal as it is now, 4 a week.
    "dee": [(2, 2, 0, F), (4, 4, 0, T), (1, 1, 0, F), QUIET, BONUS],
    "eve": [(2, 2, 0, None), (1, 1, 0, None), (1, 0, 1, None), QUIET, QUIET],
    "fay": [(28, 3, 4, F), (28, 7, 7, T), (24, 7, 7, T), (0, 3, 2, None), QUIET],
    "gus": [QUIET, (5, 2, 1, None), QUIET, (1, 1, 0, None), QUIET],
    "hal": [(2, 1, 1, None), QUIET, QUIET, QUIET, QUIET],
    "ivy": [(0, 0, 0, F)] * 3 + [QUIET, BONUS],
    "jon": [(1, 1, 1, None), QUIET, (2, 1, 0, None), (0, 1, 1, None), QUIET],
    "kim": [(2, 0, 1, F), (0, 0, 0, F), (0, 0, 0, F), (0, 1, 0, T), BONUS],
    "lou": [(2, 0, 0, F), (0, 1, 0, F), (0, 0, 0, F), (2, 1, 0, None), BONUS],
    "max": [(1, 0, 0, None), QUIET, (1, 1, 0, None), QUIET, QUIET],
    "nia": [(0, 0, 0, F), (1, 0, 0, F), (0, 1, 0, F), QUIET, BONUS],
}


def totals_of(row: MemberRow) -> tuple:
    return (
        row.rejections_target,
        row.asks,
        row.rejections,
        row.yeses,
        row.pending,
        row.points,
        row.progress,
    )


def weeks_of(row: MemberRow) -> list[tuple]:
    return [(w.asks, w.rejections, w.yeses, w.goal_met) for w in row.weeks]


def ranking(result: Board) -> list[tuple[str, int | None]]:
    return [(row.username, row.rank) for row in result.members]


def test_every_members_numbers_match_the_hand_count(november):
    result = board(november.challenge, november.people["cy"].today(), november.people["cy"])
    rows = {row.username: row for row in result.members}
    assert sorted(rows) == sorted(MEMBERS)
    assert {name: totals_of(row) for name, row in rows.items()} == TOTALS


def test_every_week_of_every_member_matches_the_hand_count(november):
    result = board(november.challenge, TODAY, november.people["cy"])
    assert [(w.number, w.starts_on, w.ends_on) for w in result.weeks] == [
        (1, nov(1), nov(7)),
        (2, nov(8), nov(14)),
        (3, nov(15), nov(21)),
        (4, nov(22), nov(28)),
        (5, nov(29), nov(30)),
    ]
    assert {row.username: weeks_of(row) for row in result.members} == WEEKS


def test_the_group_totals_count_the_hidden_member_too(november):
    result = board(november.challenge, TODAY, november.people["jo"])
    totals = result.totals
    # Sums of TOTALS, cy's 6 asks, 5 no's and 1 yes included.
    assert (totals.members, totals.asks, totals.rejections, totals.yeses, totals.pending) == (
        15,
        135,
        62,
        29,
        27,
    )
    assert "cy" not in [row.username for row in result.members]
    assert result.state == "running"


def test_it_ranks_by_rejections_with_ties_sharing_a_rank(november):
    result = board(november.challenge, TODAY, november.people["jo"])
    assert ranking(result) == [
        ("fay", 1),
        ("ana", 2),
        ("dee", 2),
        ("jo", 4),
        ("ben", 5),
        ("eve", 5),
        ("gus", 5),
        ("jon", 5),
        ("lou", 9),
        ("hal", 10),
        ("kim", 10),
        ("max", 10),
        ("nia", 10),
        ("ivy", 14),
    ]
    assert [row.name for row in result.members][3] == "Jo Okafor"


def test_it_ranks_by_points_ten_a_no_and_one_a_yes(november):
    result = board(november.challenge, TODAY, november.people["jo"], sort="points")
    assert ranking(result) == [
        ("fay", 1),  # 220
        ("ana", 2),  # 70
        ("dee", 2),  # 70
        ("jo", 4),  # 51
        ("jon", 5),  # 32
        ("ben", 6),  # 31
        ("eve", 6),
        ("gus", 6),
        ("lou", 9),  # 20
        ("hal", 10),  # 11
        ("kim", 10),
        ("max", 12),  # 10
        ("nia", 12),
        ("ivy", 14),  # 0
    ]


def test_it_ranks_by_progress_and_puts_a_member_without_a_target_last(november):
    result = board(november.challenge, TODAY, november.people["jo"], sort="progress")
    assert ranking(result) == [
        ("gus", 1),  # 3/3
        ("fay", 2),  # 20/25
        ("jon", 3),  # 3/4
        ("ana", 4),  # 7/10
        ("eve", 5),  # 3/6, more no's than max
        ("max", 5),  # 1/2
        ("dee", 7),  # 7/16
        ("jo", 8),  # 5/12
        ("ben", 9),  # 3/8
        ("lou", 10),  # 2/8, more no's than kim
        ("kim", 10),  # 1/4
        ("nia", 12),  # 1/12
        ("ivy", 13),  # 0/12
        ("hal", 14),  # no goal
    ]


def test_a_hidden_member_sees_their_own_row_unranked_at_the_end(november):
    result = board(november.challenge, TODAY, november.people["cy"])
    assert len(result.members) == 15
    last = result.members[-1]
    assert (last.username, last.rank, last.hidden, last.is_viewer) == ("cy", None, True, True)
    assert ranking(result)[:2] == [("fay", 1), ("ana", 2)]


def test_a_goal_changed_mid_challenge_is_shown_and_kept(november):
    result = board(november.challenge, TODAY, november.people["cy"])
    changed = sorted(row.username for row in result.members if row.goal_changed)
    assert changed == ["dee"]
    before = GoalChange.objects.get(goal__user=november.people["dee"])
    assert (before.rejections_per_week, before.rejections_total) == (2, None)
    assert before.changed_at == dt.datetime(2026, 11, 12, 10, 0, tzinfo=UTC)


def test_members_reach_their_milestones(november):
    result = board(november.challenge, TODAY, november.people["cy"])
    reached = {row.username: row.milestones for row in result.members}
    assert reached == {
        "jo": ["First no"],
        "ana": ["First no"],
        "ben": ["First no"],
        "cy": ["First no", "Goal reached"],
        "dee": ["First no"],
        "eve": ["First no"],
        "fay": ["First no", "10 no's"],
        "gus": ["First no", "Goal reached"],
        "hal": ["First no"],
        "ivy": [],
        "jon": ["First no"],
        "kim": ["First no"],
        "lou": ["First no"],
        "max": ["First no"],
        "nia": ["First no"],
    }


def test_the_fundraiser_logged_eighty_asks_and_the_check_ins_made_six(november):
    fay, gus = november.people["fay"], november.people["gus"]
    assert Ask.objects.filter(user=fay, asked_on__month=11).count() == 80
    made = Ask.objects.filter(user=gus).order_by("asked_on", "outcome")
    assert [(a.asked_on, a.outcome, a.decided_on) for a in made] == [
        (nov(8), "no", nov(14)),
        (nov(8), "no", nov(14)),
        (nov(8), "pending", None),
        (nov(8), "pending", None),
        (nov(8), "yes", nov(14)),
        (nov(22), "no", nov(25)),
    ]


def test_the_board_of_fifteen_takes_three_queries(november, django_assert_num_queries):
    challenge = november.challenge
    with django_assert_num_queries(3):
        _rows(challenge, challenge.weeks(), TODAY)


def test_after_the_month_the_two_day_last_week_is_bonus_days_unless_a_total_leaves_it_some(
    november,
):
    p = november.people
    november.clock.move_to(dt.datetime(2026, 12, 1, 9, 0, tzinfo=UTC))
    # Logged on 12-01, dated in the last two days.
    no(p["jo"], nov(29), nov(30))  # 12 - 4 x 3 leaves nothing: bonus days, met is null
    no(p["cy"], nov(30), nov(30))  # bonus days
    no(p["dee"], nov(29), nov(29))  # bonus days
    no(p["fay"], nov(29), nov(30))  # 25 - 4 x 5 leaves 5: two are not enough
    no(p["fay"], nov(29), nov(30))
    yes(p["fay"], nov(30), nov(30))
    # nia's pending ask of 10-31 fell silent on 11-30: her one W5 no, in bonus days.
    result = board(november.challenge, p["cy"].today(), p["cy"])
    assert result.state == "finished"
    last_week = {row.username: weeks_of(row)[4] for row in result.members}
    assert last_week == {
        "jo": (1, 1, 0, None),
        "ana": (0, 0, 0, False),
        "ben": (0, 0, 0, None),
        "cy": (1, 1, 0, None),
        "dee": (1, 1, 0, None),
        "eve": (0, 0, 0, None),
        "fay": (3, 2, 1, False),
        "gus": (0, 0, 0, None),
        "hal": (0, 0, 0, None),
        "ivy": (0, 0, 0, None),
        "jon": (0, 0, 0, None),
        "kim": (0, 0, 0, None),
        "lou": (0, 0, 0, None),
        "max": (0, 0, 0, None),
        "nia": (0, 1, 0, None),
    }
    states = {row.username: row.weeks[4].state for row in result.members}
    assert (states["jo"], states["ana"], states["fay"], states["eve"]) == (
        "bonus",
        "missed",
        "missed",
        "no_target",
    )
    totals = result.totals
    # Asks 135 + 6. No's 62 + 6 + 2: ben's ask of 11-19 and jon's of 10-27 fell silent on
    # 11-26 (W4). Yeses 29 + 1. Pending 27 - 3: ben's of 11-19 is now a no, and fay's and
    # kim's of 11-01 fell silent on 12-01, after the month: neither pending nor a no here.
    assert (totals.asks, totals.rejections, totals.yeses, totals.pending) == (141, 70, 30, 24)
