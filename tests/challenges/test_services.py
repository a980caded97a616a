"""The rules of challenges.services: groups, invites, challenges, goals, check-ins, cheers, feed."""

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from nomentum.accounts.models import User
from nomentum.asks.models import Ask, Outcome
from nomentum.challenges import services
from nomentum.challenges.board import GOAL_MET, week_state
from nomentum.challenges.feed import group_feed
from nomentum.challenges.models import (
    Challenge,
    CheckIn,
    Cheer,
    Goal,
    GoalChange,
    Group,
    Invite,
    Membership,
    Role,
    Sharing,
    Week,
)
from nomentum.lib.errors import Conflict, Gone, Refusal
from nomentum.numbers import board
from tests.conftest import make_ask, make_user, stored

D = dt.date
UTC = dt.UTC
# Tuesday of week 2 of November (weeks from 11-01: 1-7, 8-14, 15-21, 22-28, 29-30).
NOW = dt.datetime(2026, 11, 10, 12, 0, tzinfo=UTC)
TODAY = D(2026, 11, 10)
NOV_1 = D(2026, 11, 1)
NOV_30 = D(2026, 11, 30)
GROUP_TABLES = (Group, Membership, Invite, Challenge)


@pytest.fixture(autouse=True)
def clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def group(owner) -> Group:
    return services.create_group(owner, "November of NO")


def join(group: Group, user: User, **fields) -> Membership:
    return Membership.objects.create(group=group, user=user, **fields)


def membership(group: Group, user: User) -> Membership:
    return Membership.objects.get(group=group, user=user)


def roles(group: Group) -> dict[str, str]:
    return dict(group.memberships.values_list("user__username", "role"))


@pytest.fixture
def member(group) -> User:
    user = make_user("member")
    join(group, user)
    return user


@pytest.fixture
def november(group) -> Challenge:
    return services.save_challenge(
        Challenge(group=group, name="November of NO", starts_on=NOV_1, ends_on=NOV_30)
    )


def a_challenge(group: Group, starts_on: dt.date, ends_on: dt.date) -> Challenge:
    return Challenge(group=group, name="A challenge", starts_on=starts_on, ends_on=ends_on)


# Groups and members ---------------------------------------------------------


def test_the_creator_of_a_group_is_its_organizer(owner, group):
    assert roles(group) == {"owner": Role.ORGANIZER}
    assert list(services.groups_of(owner)) == [group]


def test_a_group_needs_a_name(owner):
    with pytest.raises(ValidationError) as refused:
        services.create_group(owner, "   ")
    assert "name" in refused.value.message_dict
    assert stored(Group, Membership) == []


def test_the_only_organizer_cannot_leave_while_others_remain(owner, group, member):
    before = stored(*GROUP_TABLES)
    with pytest.raises(Refusal) as refused:
        services.leave_group(membership(group, owner))
    assert "only organizer" in refused.value.message
    assert stored(*GROUP_TABLES) == before


def test_the_organizer_leaves_after_handing_the_role_over(owner, group, member):
    services.hand_over(membership(group, owner), membership(group, member))
    assert services.leave_group(membership(group, owner)) is False
    assert roles(group) == {"member": Role.ORGANIZER}


def test_one_of_two_organizers_may_leave(owner, group, member):
    Membership.objects.filter(user=member).update(role=Role.ORGANIZER)
    assert services.leave_group(membership(group, owner)) is False
    assert roles(group) == {"member": Role.ORGANIZER}


def test_a_member_leaves_and_the_group_stays(owner, group, member):
    assert services.leave_group(membership(group, member)) is False
    assert roles(group) == {"owner": Role.ORGANIZER}


def test_the_last_member_leaving_deletes_the_group_and_its_challenges(owner, group, november):
    make_ask(owner, outcome=Outcome.NO)
    assert services.leave_group(membership(group, owner)) is True
    assert stored(*GROUP_TABLES) == []
    # Asks are the person's own: they stay.
    assert Ask.objects.filter(user=owner).count() == 1


def test_leaving_goes_by_the_role_as_it_is_now_not_as_it_was_read(owner, group, member):
    # The member's page loaded their membership; meanwhile the organizer handed the role over.
    read_earlier = membership(group, member)
    services.hand_over(membership(group, owner), membership(group, member))
    with pytest.raises(Refusal):
        services.leave_group(read_earlier)
    assert roles(group) == {"owner": Role.MEMBER, "member": Role.ORGANIZER}


def test_a_membership_that_already_left_cannot_delete_the_group(owner, group, member):
    read_earlier = membership(group, member)
    services.leave_group(membership(group, member))
    with pytest.raises(Http404):
        services.leave_group(read_earlier)
    assert roles(group) == {"owner": Role.ORGANIZER}


def test_an_organizer_removes_a_member(owner, group, member):
    services.remove_member(membership(group, owner), membership(group, member))
    assert roles(group) == {"owner": Role.ORGANIZER}


def test_an_organizer_cannot_remove_themselves(owner, group, member):
    mine = membership(group, owner)
    with pytest.raises(Refusal):
        services.remove_member(mine, mine)
    assert roles(group) == {"owner": Role.ORGANIZER, "member": Role.MEMBER}


def test_a_member_cannot_remove_anyone(owner, group, member):
    other = make_user("other")
    join(group, other)
    before = stored(*GROUP_TABLES)
    for target in (owner, other):
        with pytest.raises(PermissionDenied) as refused:
            services.remove_member(membership(group, member), membership(group, target))
        assert str(refused.value) == services.ORGANIZER_ONLY
    assert stored(*GROUP_TABLES) == before


def test_an_organizer_cannot_remove_a_member_of_another_group(owner, group, outsider):
    elsewhere = services.create_group(outsider, "Elsewhere")
    before = stored(*GROUP_TABLES)
    with pytest.raises(Http404):
        services.remove_member(membership(group, owner), membership(elsewhere, outsider))
    assert stored(*GROUP_TABLES) == before


def test_a_demoted_organizer_cannot_remove_the_new_one(owner, group, member):
    # The old organizer's page still holds the membership it read as an organizer's.
    read_earlier = membership(group, owner)
    services.hand_over(membership(group, owner), membership(group, member))
    with pytest.raises(PermissionDenied):
        services.remove_member(read_earlier, membership(group, member))
    assert roles(group) == {"owner": Role.MEMBER, "member": Role.ORGANIZER}


def test_a_demoted_organizer_cannot_hand_over_again(owner, group, member):
    third = make_user("third")
    join(group, third)
    read_earlier = membership(group, owner)
    services.hand_over(membership(group, owner), membership(group, member))
    with pytest.raises(PermissionDenied):
        services.hand_over(read_earlier, membership(group, third))
    assert roles(group) == {"owner": "member", "member": "organizer", "third": "member"}


def test_hand_over_swaps_the_roles(owner, group, member):
    services.hand_over(membership(group, owner), membership(group, member))
    assert roles(group) == {"owner": Role.MEMBER, "member": Role.ORGANIZER}


def test_a_member_cannot_hand_over(owner, group, member):
    before = stored(*GROUP_TABLES)
    with pytest.raises(PermissionDenied) as refused:
        services.hand_over(membership(group, member), membership(group, owner))
    assert str(refused.value) == services.ORGANIZER_ONLY
    assert stored(*GROUP_TABLES) == before


def test_hand_over_to_a_member_of_another_group_is_not_found(owner, group, outsider):
    elsewhere = services.create_group(outsider, "Elsewhere")
    before = stored(*GROUP_TABLES)
    with pytest.raises(Http404):
        services.hand_over(membership(group, owner), membership(elsewhere, outsider))
    assert stored(*GROUP_TABLES) == before


def test_hand_over_to_oneself_is_refused(owner, group):
    mine = membership(group, owner)
    with pytest.raises(Refusal):
        services.hand_over(mine, mine)
    assert roles(group) == {"owner": Role.ORGANIZER}


def test_an_outsider_has_no_membership_to_find(group, outsider):
    with pytest.raises(Http404):
        services.get_membership(outsider, group.pk)


# Invites --------------------------------------------------------------------


def test_an_invite_lasts_fourteen_days_unless_told(owner, group):
    assert services.create_invite(group, owner, NOW).expires_at == NOW + dt.timedelta(days=14)
    assert services.create_invite(group, owner, NOW, days=90).expires_at == NOW + dt.timedelta(
        days=90
    )


@pytest.mark.parametrize("days", [0, 91, -1])
def test_an_invite_lasts_one_to_ninety_days(owner, group, days):
    with pytest.raises(ValidationError) as refused:
        services.create_invite(group, owner, NOW, days=days)
    assert "days" in refused.value.message_dict
    assert stored(Invite) == []


def test_one_invite_lets_many_join_and_counts_them(owner, group):
    invite = services.create_invite(group, owner, NOW)
    first, second = make_user("first"), make_user("second")
    joined = services.accept_invite(first, invite.code, NOW)
    services.accept_invite(second, invite.code, NOW + dt.timedelta(days=13))
    assert (joined.group, joined.role, joined.sharing) == (group, Role.MEMBER, Sharing.COUNTS)
    assert roles(group) == {"owner": "organizer", "first": "member", "second": "member"}
    invite.refresh_from_db()
    assert invite.uses == 2


def test_an_invite_works_until_its_last_moment(owner, group):
    invite = services.create_invite(group, owner, NOW)
    almost = invite.expires_at - dt.timedelta(microseconds=1)
    services.accept_invite(make_user("late"), invite.code, almost)
    assert "late" in roles(group)


def test_an_expired_invite_is_gone_with_a_sentence(owner, group):
    invite = services.create_invite(group, owner, NOW)
    before = stored(*GROUP_TABLES)
    with pytest.raises(Gone) as refused:
        services.accept_invite(make_user("late"), invite.code, invite.expires_at)
    assert refused.value.message == (
        "This invite link has expired. Ask the organizer for a new one."
    )
    assert refused.value.status == 410
    assert stored(*GROUP_TABLES) == before


def test_a_revoked_invite_is_gone_with_a_sentence(owner, group):
    invite = services.create_invite(group, owner, NOW)
    services.revoke_invite(invite, NOW)
    before = stored(*GROUP_TABLES)
    with pytest.raises(Gone) as refused:
        services.accept_invite(make_user("late"), invite.code, NOW)
    assert refused.value.message == (
        "This invite link was revoked. Ask the organizer for a new one."
    )
    assert stored(*GROUP_TABLES) == before


def test_revoking_twice_keeps_the_first_moment(owner, group):
    invite = services.create_invite(group, owner, NOW)
    services.revoke_invite(invite, NOW)
    services.revoke_invite(invite, NOW + dt.timedelta(hours=1))
    invite.refresh_from_db()
    assert invite.revoked_at == NOW


def test_an_unknown_code_is_not_found(owner, group):
    services.create_invite(group, owner, NOW)
    guess = make_user("guess")
    before = stored(*GROUP_TABLES)
    with pytest.raises(Http404):
        services.accept_invite(guess, "no-such-code", NOW)
    assert stored(*GROUP_TABLES) == before


def test_joining_twice_is_a_conflict_and_not_counted_again(owner, group, member):
    invite = services.create_invite(group, owner, NOW)
    newcomer = make_user("newcomer")
    services.accept_invite(newcomer, invite.code, NOW)
    before = stored(*GROUP_TABLES)
    for user in (newcomer, member, owner):
        with pytest.raises(Conflict) as refused:
            services.accept_invite(user, invite.code, NOW)
        assert refused.value.message == "You are already a member of November of NO."
        assert refused.value.status == 409
    assert stored(*GROUP_TABLES) == before
    invite.refresh_from_db()
    assert invite.uses == 1


# Challenges -----------------------------------------------------------------


def test_an_end_before_the_start_is_refused_naming_ends_on(group):
    with pytest.raises(ValidationError) as refused:
        services.save_challenge(a_challenge(group, NOV_30, NOV_1))
    assert refused.value.message_dict == {
        "ends_on": ["The end date cannot be before the start date."]
    }
    assert stored(Challenge) == []


def test_a_challenge_lasts_at_most_400_days(group):
    longest = services.save_challenge(a_challenge(group, NOV_1, NOV_1 + dt.timedelta(days=399)))
    assert longest.days == 400
    with pytest.raises(ValidationError) as refused:
        services.save_challenge(a_challenge(group, NOV_1, NOV_1 + dt.timedelta(days=400)))
    assert refused.value.message_dict == {
        "ends_on": ["A challenge lasts at most 400 days, not 401."]
    }
    assert Challenge.objects.count() == 1


def test_a_challenge_can_last_one_day(group):
    one_day = services.save_challenge(a_challenge(group, NOV_1, NOV_1))
    assert [(w.number, w.starts_on, w.ends_on) for w in one_day.weeks()] == [(1, NOV_1, NOV_1)]


@pytest.mark.parametrize(
    ("today", "state"),
    [
        (D(2026, 10, 31), "upcoming"),
        (NOV_1, "running"),
        (NOV_30, "running"),
        (D(2026, 12, 1), "finished"),
    ],
)
def test_a_challenge_turns_running_and_finished_on_its_boundary_days(november, today, state):
    assert november.state(today) == state


def test_ending_a_running_challenge_ends_it_today(november):
    services.end_challenge(november, TODAY)
    november.refresh_from_db()
    assert (november.ends_on, november.state(TODAY), november.state(D(2026, 11, 11))) == (
        TODAY,
        "running",
        "finished",
    )


def test_a_challenge_can_be_ended_on_its_first_day(november):
    services.end_challenge(november, NOV_1)
    november.refresh_from_db()
    assert november.ends_on == NOV_1


@pytest.mark.parametrize("today", [D(2026, 10, 31), D(2026, 12, 1)])
def test_only_a_running_challenge_can_be_ended(november, today):
    with pytest.raises(Refusal) as refused:
        services.end_challenge(november, today)
    assert refused.value.message == "Only a running challenge can be ended."
    november.refresh_from_db()
    assert november.ends_on == NOV_30


def test_a_member_cannot_manage_a_group_challenge(november, owner, member):
    challenge, mine = services.get_challenge_for_user(member, november.pk)
    with pytest.raises(PermissionDenied):
        services.require_manager(challenge, member, mine)
    challenge, theirs = services.get_challenge_for_user(owner, november.pk)
    services.require_manager(challenge, owner, theirs)


def test_an_outsider_cannot_find_a_challenge(november, outsider):
    with pytest.raises(Http404):
        services.get_challenge_for_user(outsider, november.pk)


# Goals ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "field", ["rejections_per_week", "rejections_total", "asks_total", "yeses_total"]
)
def test_a_negative_target_is_refused_naming_it(november, owner, field):
    targets = {"rejections_total": 12, field: -1}
    with pytest.raises(ValidationError) as refused:
        services.set_goal(november, owner, **targets)
    assert refused.value.message_dict == {field: ["A target cannot be negative."]}
    assert stored(Goal) == []


@pytest.mark.parametrize(
    "targets", [{}, {"asks_total": 20}, {"yeses_total": 2}, {"asks_total": 20, "yeses_total": 2}]
)
def test_a_goal_needs_a_rejection_target(november, owner, targets):
    with pytest.raises(ValidationError) as refused:
        services.set_goal(november, owner, **targets)
    assert list(refused.value.message_dict) == ["rejections_total"]
    assert stored(Goal) == []


@pytest.mark.parametrize("field", ["rejections_per_week", "rejections_total"])
def test_a_target_larger_than_any_challenge_needs_is_refused(november, owner, field):
    with pytest.raises(ValidationError) as refused:
        services.set_goal(november, owner, **{field: 100_001})
    assert list(refused.value.message_dict) == [field]
    assert stored(Goal) == []


def test_a_weekly_target_too_large_to_store_is_refused_not_a_crash(november, owner):
    # rejections_per_week is a small integer column: PostgreSQL stops at 32,767.
    with pytest.raises(ValidationError) as refused:
        services.set_goal(november, owner, rejections_per_week=40_000)
    assert list(refused.value.message_dict) == ["rejections_per_week"]
    assert stored(Goal) == []


@pytest.mark.parametrize(
    ("days", "per_week", "total", "target"),
    [
        (30, 3, None, 12),  # November: 3 x 4 whole weeks
        (28, 3, None, 12),
        (35, 3, None, 15),
        (31, 2, None, 8),
        (7, 3, None, 3),
        (6, 3, None, 3),  # no whole week: ceil(3 x 6 / 7)
        (1, 3, None, 1),  # ceil(3 x 1 / 7)
        (3, 5, None, 3),  # ceil(5 x 3 / 7) = ceil(2.14)
        (30, 0, None, 0),
        (30, 3, 10, 10),  # a total given wins
        (30, None, 10, 10),
    ],
)
def test_the_rejection_target_is_the_total_or_per_week_times_whole_weeks(
    group, owner, days, per_week, total, target, clock
):
    clock.move_to(dt.datetime(2026, 11, 1, 12, tzinfo=UTC))  # while it runs
    challenge = services.save_challenge(
        a_challenge(group, NOV_1, NOV_1 + dt.timedelta(days=days - 1))
    )
    goal = services.set_goal(challenge, owner, rejections_per_week=per_week, rejections_total=total)
    assert goal.rejections_target(challenge) == target


def test_the_short_last_week_needs_what_the_total_leaves_so_the_weeks_add_up(
    november, owner, clock
):
    goal = services.set_goal(november, owner, rejections_per_week=3)
    targets = [goal.week_target(november, week) for week in november.weeks()]
    assert targets == [3, 3, 3, 3, 0]  # 12 - 4 x 3: the two days of week 5 are bonus days
    assert sum(t or 0 for t in targets) == goal.rejections_target(november) == 12
    goal = services.set_goal(november, owner, rejections_per_week=3, rejections_total=14)
    assert [goal.week_target(november, week) for week in november.weeks()] == [3, 3, 3, 3, 2]
    goal = services.set_goal(november, owner, rejections_per_week=5, rejections_total=12)
    assert goal.week_target(november, november.weeks()[-1]) == 0  # never below nothing
    goal = services.set_goal(november, owner, rejections_total=12)
    assert [goal.week_target(november, week) for week in november.weeks()] == [None] * 5


def test_a_challenge_shorter_than_a_week_needs_its_share_of_one_in_its_only_week(
    group, owner, clock
):
    clock.move_to(dt.datetime(2026, 11, 1, 12, tzinfo=UTC))  # while it runs
    five_days = services.save_challenge(a_challenge(group, NOV_1, NOV_1 + dt.timedelta(days=4)))
    goal = services.set_goal(five_days, owner, rejections_per_week=3)
    [week] = five_days.weeks()
    assert goal.week_target(five_days, week) == goal.rejections_target(five_days) == 3


@pytest.mark.parametrize(
    ("today", "rejections", "target", "state", "goal_met"),
    [
        (dt.date(2026, 11, 3), 3, 3, "met", True),  # met as soon as reached, mid-week
        (dt.date(2026, 11, 3), 2, 3, "in_progress", None),  # short, and the week still runs
        (dt.date(2026, 11, 7), 2, 3, "in_progress", None),  # its last day
        (dt.date(2026, 11, 8), 2, 3, "missed", False),  # ended short
        (dt.date(2026, 10, 30), 0, 3, "upcoming", None),
        (dt.date(2026, 11, 8), 0, 0, "bonus", None),
        (dt.date(2026, 11, 8), 4, None, "no_target", None),
    ],
)
def test_a_week_is_met_once_reached_and_missed_only_once_it_ended(
    today, rejections, target, state, goal_met
):
    week = Week(1, NOV_1, dt.date(2026, 11, 7))
    assert week_state(rejections, target, week, today) == state
    assert GOAL_MET.get(state) is goal_met


def test_a_changed_goal_records_what_it_was(november, owner, clock):
    first = services.set_goal(november, owner, rejections_per_week=3, asks_total=30)
    clock.move_to(NOW + dt.timedelta(days=3))
    second = services.set_goal(november, owner, rejections_total=20)
    assert second.pk == first.pk
    assert (second.rejections_per_week, second.rejections_total, second.asks_total) == (
        None,
        20,
        None,
    )
    change = GoalChange.objects.get()
    assert (change.goal, change.rejections_per_week, change.rejections_total) == (first, 3, None)
    # Stamped when it changed.
    assert (change.asks_total, change.yeses_total) == (30, None)
    assert change.changed_at == NOW + dt.timedelta(days=3)


def test_saving_the_same_goal_records_no_change(november, owner):
    services.set_goal(november, owner, rejections_per_week=3)
    services.set_goal(november, owner, rejections_per_week=3)
    assert (Goal.objects.count(), GoalChange.objects.count()) == (1, 0)


# Check-ins ------------------------------------------------------------------


def test_a_member_checks_in_once_a_week(november, member):
    services.check_in(november, member, 1, TODAY, note="Sent three pitches.")
    before = stored(CheckIn, Ask)
    with pytest.raises(Conflict) as refused:
        services.check_in(november, member, 1, TODAY, note="Again", tally={"rejections": 2})
    assert refused.value.message == "You checked in for week 1 already."
    assert stored(CheckIn, Ask) == before
    services.check_in(november, member, 2, TODAY, note="Week two.")
    assert CheckIn.objects.count() == 2


@pytest.mark.parametrize("week", [0, 6, -1])
def test_a_week_outside_the_challenge_is_refused(november, member, week):
    with pytest.raises(ValidationError) as refused:
        services.check_in(november, member, week, TODAY, note="Hello", tally={"rejections": 1})
    assert refused.value.message_dict == {"week": ["This challenge has weeks 1 to 5."]}
    assert stored(CheckIn, Ask) == []


def test_a_week_not_started_is_refused(november, member):
    with pytest.raises(ValidationError) as refused:
        services.check_in(november, member, 3, TODAY, note="Early", tally={"rejections": 1})
    assert refused.value.message_dict == {"week": ["Week 3 has not started yet."]}
    assert stored(CheckIn, Ask) == []


def test_a_tally_creates_exactly_the_asks_it_says_dated_in_its_week(november, owner, member):
    checkin = services.check_in(
        november, member, 1, TODAY, tally={"asks": 5, "rejections": 2, "yeses": 1}
    )
    made = Ask.objects.filter(user=member).order_by("outcome")
    # Asked on the week's first day, answered on its last (week 1 is over on 11-10).
    assert [(a.outcome, a.asked_on, a.decided_on, a.private) for a in made] == [
        ("no", NOV_1, D(2026, 11, 7), False),
        ("no", NOV_1, D(2026, 11, 7), False),
        ("pending", NOV_1, None, False),
        ("pending", NOV_1, None, False),
        ("yes", NOV_1, D(2026, 11, 7), False),
    ]
    assert set(checkin.asks.all()) == set(made)
    row = next(r for r in board(november, TODAY, owner).members if r.username == "member")
    assert (row.asks, row.rejections, row.yeses, row.pending) == (5, 2, 1, 2)
    assert [(w.asks, w.rejections, w.yeses) for w in row.weeks[:2]] == [(5, 2, 1), (0, 0, 0)]


def test_a_tally_of_the_running_week_is_answered_today(november, member):
    services.check_in(november, member, 2, TODAY, tally={"rejections": 1, "yeses": 1})
    made = Ask.objects.filter(user=member).order_by("outcome")
    assert [(a.outcome, a.asked_on, a.decided_on) for a in made] == [
        ("no", D(2026, 11, 8), TODAY),
        ("yes", D(2026, 11, 8), TODAY),
    ]


def test_a_note_alone_creates_no_asks(november, member):
    checkin = services.check_in(november, member, 1, TODAY, note="  What was this no a yes to? ")
    assert checkin.note == "What was this no a yes to?"
    assert stored(Ask) == []


@pytest.mark.parametrize(
    "tally",
    [
        {"rejections": -1},
        {"yeses": -1},
        {"asks": -1},
        {"asks": 3, "rejections": 5, "yeses": -3},
    ],
)
def test_a_negative_tally_is_refused(november, member, tally):
    with pytest.raises(ValidationError) as refused:
        services.check_in(november, member, 1, TODAY, note="Hm", tally=tally)
    assert refused.value.message_dict == {"tally": ["A tally cannot be negative."]}
    assert stored(CheckIn, Ask) == []


def test_a_tally_needs_as_many_asks_as_answers(november, member):
    with pytest.raises(ValidationError) as refused:
        services.check_in(
            november, member, 1, TODAY, tally={"asks": 2, "rejections": 2, "yeses": 1}
        )
    assert list(refused.value.message_dict) == ["tally"]
    assert stored(CheckIn, Ask) == []


def test_a_check_in_needs_a_note_or_a_tally(november, member):
    with pytest.raises(ValidationError) as refused:
        services.check_in(november, member, 1, TODAY, note="  ", tally={"asks": 0})
    assert list(refused.value.message_dict) == ["note"]
    assert stored(CheckIn, Ask) == []


# Cheers ---------------------------------------------------------------------


@pytest.fixture
def a_no(member) -> Ask:
    return make_ask(member, outcome=Outcome.NO, decided_on=D(2026, 11, 3))


def test_a_member_cheers_a_no_and_takes_it_back(owner, a_no):
    ask = services.cheerable_ask(owner, a_no.pk)
    assert services.toggle_cheer(owner, ask) is True
    assert list(Cheer.objects.values_list("ask", "user")) == [(a_no.pk, owner.pk)]
    assert services.toggle_cheer(owner, ask) is False
    assert stored(Cheer) == []
    assert services.toggle_cheer(owner, ask) is True
    assert Cheer.objects.count() == 1


@pytest.mark.parametrize("outcome", [Outcome.YES, Outcome.NO_RESPONSE])
def test_a_yes_and_a_no_response_can_be_cheered(owner, member, outcome):
    ask = make_ask(member, outcome=outcome)
    assert services.cheerable_ask(owner, ask.pk) == ask


def test_no_one_cheers_their_own_ask(member, a_no):
    with pytest.raises(Http404):
        services.cheerable_ask(member, a_no.pk)


@pytest.mark.parametrize(
    "fields",
    [
        {"outcome": Outcome.NO, "private": True},
        {"outcome": Outcome.PENDING},
        {"outcome": Outcome.WITHDRAWN},
    ],
)
def test_a_private_pending_or_withdrawn_ask_cannot_be_cheered(owner, member, fields):
    ask = make_ask(member, **fields)
    with pytest.raises(Http404):
        services.cheerable_ask(owner, ask.pk)


def test_an_ask_of_someone_in_no_shared_group_cannot_be_cheered(owner, group, outsider):
    services.create_group(outsider, "Elsewhere")
    ask = make_ask(outsider, outcome=Outcome.NO)
    with pytest.raises(Http404):
        services.cheerable_ask(owner, ask.pk)
    with pytest.raises(Http404):
        services.cheerable_ask(owner, 10**9)


def test_leaving_the_group_ends_cheering(owner, group, member, a_no):
    services.leave_group(membership(group, member))
    with pytest.raises(Http404):
        services.cheerable_ask(owner, a_no.pk)


# The group feed -------------------------------------------------------------


def test_private_asks_never_appear_in_the_feed(owner, group, member):
    Membership.objects.filter(user=member).update(sharing=Sharing.DETAILS)
    make_ask(member, title="Secret grant", outcome=Outcome.NO, private=True)
    make_ask(member, title="Secret yes", outcome=Outcome.YES, private=True)
    shown = make_ask(member, title="Open call", outcome=Outcome.NO)
    assert [item.ask for item in group_feed(group.pk, owner)] == [shown]


def test_the_feed_shows_answers_not_pending_or_withdrawn_asks(owner, group, member):
    make_ask(member, outcome=Outcome.PENDING)
    make_ask(member, outcome=Outcome.WITHDRAWN)
    make_ask(member, asked_on=D(2026, 9, 1))  # silent by now, but not an answer to show
    shown = [make_ask(member, outcome=outcome) for outcome in ("no", "yes", "no_response")]
    feed = group_feed(group.pk, owner)
    assert sorted((item.kind, item.ask) for item in feed) == sorted(
        (ask.outcome, ask) for ask in shown
    )


def test_sharing_counts_shows_no_details_and_sharing_details_does(owner, group, member):
    Membership.objects.filter(user=owner).update(sharing=Sharing.DETAILS)
    make_ask(member, title="Counts only", outcome=Outcome.NO)
    make_ask(owner, title="In full", outcome=Outcome.NO)
    third = make_user("third")
    join(group, third)
    feed = group_feed(group.pk, third)
    assert sorted((item.name, item.details) for item in feed) == [
        ("member", False),
        ("owner", True),
    ]
    # Only others are kept to numbers: the member reads their own words.
    feed = group_feed(group.pk, member)
    assert sorted((item.name, item.details) for item in feed) == [
        ("member", True),
        ("owner", True),
    ]


def test_the_feed_leaves_out_people_outside_the_group(owner, group, member, outsider):
    make_ask(outsider, outcome=Outcome.NO)
    elsewhere = services.create_group(outsider, "Elsewhere")
    join(elsewhere, member)
    mine = make_ask(member, outcome=Outcome.NO)
    assert [item.ask for item in group_feed(group.pk, owner)] == [mine]


def test_the_feed_shows_check_ins_with_their_members_sharing(owner, group, member, november):
    Membership.objects.filter(user=member).update(sharing=Sharing.DETAILS)
    services.check_in(november, member, 1, TODAY, note="Three no's, one lesson.")
    services.check_in(november, owner, 1, TODAY, note="Quiet week.")
    third = make_user("third")
    join(group, third)
    checkins = [(i.name, i.details, i.checkin) for i in group_feed(group.pk, third) if i.checkin]
    assert sorted((name, details, c.note) for name, details, c in checkins) == [
        ("member", True, "Three no's, one lesson."),
        ("owner", False, "Quiet week."),
    ]


def test_the_feed_counts_cheers_and_knows_the_viewers_own(owner, group, member, a_no):
    third = make_user("third")
    join(group, third)
    services.toggle_cheer(owner, a_no)
    services.toggle_cheer(third, a_no)
    [item] = group_feed(group.pk, owner)
    assert (item.cheers, item.cheered) == (2, True)
    services.toggle_cheer(owner, a_no)
    [item] = group_feed(group.pk, owner)
    assert (item.cheers, item.cheered) == (1, False)


def test_the_feed_is_newest_first_and_limited(owner, group, member, november, clock):
    first = make_ask(member, outcome=Outcome.NO)
    clock.shift(dt.timedelta(minutes=1))
    checkin = services.check_in(november, owner, 1, TODAY, note="Week one.")
    clock.shift(dt.timedelta(minutes=1))
    last = make_ask(owner, outcome=Outcome.YES)
    feed = group_feed(group.pk, member)
    assert [(item.kind, item.ask or item.checkin) for item in feed] == [
        ("yes", last),
        ("checkin", checkin),
        ("no", first),
    ]
    assert [item.ask for item in group_feed(group.pk, member, limit=1)] == [last]


@pytest.mark.parametrize("members", [3, 30])
def test_the_feed_takes_the_same_queries_at_any_size(
    owner, group, november, members, django_assert_num_queries
):
    for index in range(members - 1):
        user = make_user(f"f{members}x{index}")
        join(group, user, sharing=Sharing.DETAILS if index % 2 else Sharing.COUNTS)
        ask = make_ask(user, outcome=Outcome.NO)
        services.toggle_cheer(owner, ask)
        services.check_in(november, user, 1, TODAY, note="Onward.")
    with django_assert_num_queries(2):
        feed = group_feed(group.pk, owner)
        # Everything a page shows of an item is already loaded.
        shown = [
            (i.name, i.ask and i.ask.category, i.checkin and i.checkin.challenge) for i in feed
        ]
    assert len(shown) == min(30, 2 * (members - 1))


def test_a_finished_challenge_freezes_its_goals_and_closes_check_ins_a_week_later(
    november, owner, clock
):
    services.set_goal(november, owner, rejections_per_week=3)
    clock.move_to(dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC))
    with pytest.raises(Conflict, match="ended on Nov 30: its goals stay as they were"):
        services.set_goal(november, owner, rejections_per_week=1)
    assert Goal.objects.get(challenge=november, user=owner).rejections_per_week == 3
    assert not GoalChange.objects.filter(goal__challenge=november).exists()
    # The last week's check-in is still welcome for seven days after the end...
    services.check_in(november, owner, 5, dt.date(2026, 12, 7), note="Two bonus no's")
    # ...and refused after, with nothing written.
    with pytest.raises(Conflict, match="closed on Dec 7, a week after it ended"):
        services.check_in(november, owner, 4, dt.date(2026, 12, 8), tally={"rejections": 2})
    assert list(CheckIn.objects.filter(challenge=november).values_list("week", flat=True)) == [5]
    assert not Ask.objects.filter(user=owner).exists()
