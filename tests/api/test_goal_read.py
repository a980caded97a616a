"""GET /api/v1/challenges/{id}/goal: the caller's own goal, 404 until they set one."""

import pytest

from nomentum.challenges import services
from nomentum.challenges.models import Challenge
from tests.api.conftest import refuses
from tests.conftest import make_challenge

pytestmark = pytest.mark.usefixtures("frozen")

NO_GOAL = "You have not set a goal in this challenge yet."


def url(challenge: Challenge) -> str:
    return f"/api/v1/challenges/{challenge.pk}/goal"


def test_a_member_reads_their_goal(member_api, member, challenge):
    services.set_goal(challenge, member, rejections_per_week=3, yeses_total=1)
    response = member_api.get(url(challenge))
    assert response.status_code == 200
    body = response.json()
    assert body.pop("updated_at")
    assert body == {
        "rejections_per_week": 3,
        "rejections_total": None,
        "asks_total": None,
        "yeses_total": 1,
        "rejections_target": 12,
    }


def test_the_organizer_reads_their_own_goal_not_the_members(api, owner, member, challenge):
    services.set_goal(challenge, owner, rejections_total=20)
    services.set_goal(challenge, member, rejections_total=5)
    assert api.get(url(challenge)).json()["rejections_target"] == 20


def test_the_goal_reads_as_the_put_answered(member_api, challenge):
    answer = member_api.put(
        url(challenge), {"rejections_total": 7}, content_type="application/json"
    ).json()
    assert member_api.get(url(challenge)).json() == answer


def test_the_owner_reads_their_goal_on_a_personal_challenge(api, owner):
    personal = make_challenge(owner=owner)
    services.set_goal(personal, owner, rejections_total=4)
    assert api.get(url(personal)).json()["rejections_total"] == 4


def test_without_a_goal_it_is_404_with_a_sentence(member_api, owner, challenge):
    services.set_goal(challenge, owner, rejections_total=20)
    assert refuses(lambda: member_api.get(url(challenge)), 404) == NO_GOAL


def test_an_outsider_gets_404_for_reading_a_goal(outsider_api, owner, challenge):
    services.set_goal(challenge, owner, rejections_total=20)
    detail = refuses(lambda: outsider_api.get(url(challenge)), 404)
    assert detail != NO_GOAL  # an outsider learns nothing about the challenge


def test_an_anonymous_caller_gets_401_for_reading_a_goal(anonymous, challenge):
    refuses(lambda: anonymous.get(url(challenge)), 401)
