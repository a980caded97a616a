"""PUT /api/v1/challenges/{id}/goal: each participant sets their own goal, replaced whole."""

import datetime as dt

import pytest

from nomentum.challenges import services
from nomentum.challenges.models import Challenge, Goal, GoalChange
from tests.api.conftest import refuses, send
from tests.conftest import make_challenge

pytestmark = pytest.mark.usefixtures("frozen")


def url(challenge: Challenge) -> str:
    return f"/api/v1/challenges/{challenge.pk}/goal"


def put(client, challenge: Challenge, **body):
    return send(client, "put", url(challenge), body)


def test_a_member_sets_a_weekly_goal_and_gets_the_derived_total(member_api, member, challenge):
    response = put(member_api, challenge, rejections_per_week=3)
    assert response.status_code == 200
    body = response.json()
    # November, 30 days: 3 x 4 whole weeks.
    assert {k: v for k, v in body.items() if k != "updated_at"} == {
        "rejections_per_week": 3,
        "rejections_total": None,
        "asks_total": None,
        "yeses_total": None,
        "rejections_target": 12,
    }
    assert Goal.objects.get(user=member).rejections_per_week == 3


def test_a_total_is_the_target_as_given(member_api, challenge):
    body = put(
        member_api, challenge, rejections_per_week=3, rejections_total=20, asks_total=40
    ).json()
    assert (body["rejections_target"], body["asks_total"]) == (20, 40)


def test_the_organizer_sets_their_own_goal_not_the_members(api, owner, member, challenge):
    services.set_goal(challenge, member, rejections_total=5)
    assert put(api, challenge, rejections_total=8).status_code == 200
    assert Goal.objects.get(user=owner).rejections_total == 8
    assert Goal.objects.get(user=member).rejections_total == 5


def test_the_owner_sets_a_goal_on_their_personal_challenge(api, owner):
    today = owner.today()
    personal = make_challenge(owner=owner, starts_on=today, ends_on=today + dt.timedelta(days=2))
    # Shorter than a week: its share of one, rounded up (7 x 3 / 7 = 3).
    assert put(api, personal, rejections_per_week=7).json()["rejections_target"] == 3


def test_a_second_put_replaces_the_goal_and_keeps_the_old_one(member_api, member, challenge):
    put(member_api, challenge, rejections_per_week=3, yeses_total=1)
    body = put(member_api, challenge, rejections_total=10).json()
    assert (body["rejections_per_week"], body["rejections_total"], body["yeses_total"]) == (
        None,
        10,
        None,
    )
    assert Goal.objects.count() == 1
    before = GoalChange.objects.get()
    assert (before.rejections_per_week, before.yeses_total) == (3, 1)


def test_the_same_goal_again_records_no_change(member_api, challenge):
    put(member_api, challenge, rejections_total=10)
    put(member_api, challenge, rejections_total=10)
    assert not GoalChange.objects.exists()


@pytest.mark.parametrize(
    "field", ["rejections_per_week", "rejections_total", "asks_total", "yeses_total"]
)
def test_it_refuses_a_negative_target(member_api, challenge, field):
    body = {"rejections_total": 10, field: -1}
    refuses(
        lambda: send(member_api, "put", url(challenge), body),
        422,
        f"{field}: A target cannot be negative.",
    )


def test_a_negative_target_leaves_an_existing_goal_alone(member_api, member, challenge):
    services.set_goal(challenge, member, rejections_total=10)
    refuses(lambda: put(member_api, challenge, rejections_per_week=-3), 422)


def test_it_refuses_a_goal_without_a_rejection_target(member_api, challenge):
    refuses(
        lambda: put(member_api, challenge, asks_total=10),
        422,
        "rejections_total: Set a rejection target: per week, in total, or both.",
    )


def test_it_refuses_a_target_larger_than_any_challenge_needs(member_api, challenge):
    refuses(
        lambda: put(member_api, challenge, rejections_total=100_001),
        422,
        "rejections_total: ",
    )


def test_it_refuses_a_target_that_is_not_a_number(member_api, challenge):
    body = {"rejections_total": "ten"}
    refuses(lambda: send(member_api, "put", url(challenge), body), 422, "rejections_total: ")


def test_an_outsider_gets_404_for_a_goal(outsider_api, challenge):
    refuses(lambda: put(outsider_api, challenge, rejections_total=5), 404)


def test_a_member_gets_404_for_the_organizers_personal_challenge(member_api, owner, group):
    personal = make_challenge(owner=owner)
    refuses(lambda: put(member_api, personal, rejections_total=5), 404)


def test_an_anonymous_caller_gets_401_for_a_goal(anonymous, challenge):
    refuses(lambda: put(anonymous, challenge, rejections_total=5), 401)


def test_it_refuses_a_weekly_target_its_column_cannot_hold(member_api, challenge):
    # A small integer on PostgreSQL: refused with a sentence, not a database error.
    refuses(
        lambda: put(member_api, challenge, rejections_per_week=40_000),
        422,
        "rejections_per_week: That target is larger than any challenge needs.",
    )


@pytest.mark.parametrize("number", [True, "3", 3.5])
def test_a_target_must_be_a_whole_number_not_a_flag_or_text(member_api, challenge, number):
    refuses(
        lambda: put(member_api, challenge, rejections_per_week=number),
        422,
        "rejections_per_week: ",
    )


def test_a_finished_challenges_goal_is_frozen_with_a_409_and_stays_as_it_was(api, owner):
    today = owner.today()
    ended = make_challenge(
        owner=owner, starts_on=today - dt.timedelta(days=30), ends_on=today - dt.timedelta(days=1)
    )
    Goal.objects.create(challenge=ended, user=owner, rejections_per_week=3)
    response = put(api, ended, rejections_per_week=1)
    assert response.status_code == 409
    assert "its goals stay as they were" in response.json()["detail"]
    assert Goal.objects.get(challenge=ended).rejections_per_week == 3
    assert not GoalChange.objects.filter(goal__challenge=ended).exists()
