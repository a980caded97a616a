"""GET /api/v1/challenges/{id}: a challenge its participants see, with its numbered weeks."""

import datetime as dt

import pytest
import time_machine

from nomentum.challenges.models import Challenge
from tests.conftest import make_challenge

pytestmark = pytest.mark.usefixtures("frozen")

D = dt.date


def url(challenge: Challenge) -> str:
    return f"/api/v1/challenges/{challenge.pk}"


def test_the_organizer_sees_the_challenge_with_its_weeks(api, challenge, group):
    response = api.get(url(challenge))
    assert response.status_code == 200
    body = response.json()
    assert {k: body[k] for k in ("id", "name", "group_id", "starts_on", "ends_on", "state")} == {
        "id": challenge.pk,
        "name": "November of NO",
        "group_id": group.pk,
        "starts_on": "2026-11-01",
        "ends_on": "2026-11-30",
        "state": "running",
    }
    assert body["weeks"] == [
        {"number": 1, "starts_on": "2026-11-01", "ends_on": "2026-11-07"},
        {"number": 2, "starts_on": "2026-11-08", "ends_on": "2026-11-14"},
        {"number": 3, "starts_on": "2026-11-15", "ends_on": "2026-11-21"},
        {"number": 4, "starts_on": "2026-11-22", "ends_on": "2026-11-28"},
        {"number": 5, "starts_on": "2026-11-29", "ends_on": "2026-11-30"},
    ]


def test_a_member_sees_the_challenge(member_api, challenge):
    response = member_api.get(url(challenge))
    assert response.status_code == 200
    assert response.json()["id"] == challenge.pk


def test_the_owner_sees_their_personal_challenge(api, owner):
    personal = make_challenge(owner=owner, name="Mine")
    body = api.get(url(personal)).json()
    assert (body["name"], body["group_id"]) == ("Mine", None)


def test_an_outsider_gets_404_for_a_challenge(outsider_api, challenge):
    response = outsider_api.get(url(challenge))
    assert response.status_code == 404
    assert isinstance(response.json()["detail"], str)


def test_a_missing_challenge_is_404(api, challenge):
    assert api.get(f"/api/v1/challenges/{challenge.pk + 1000}").status_code == 404


def test_an_anonymous_caller_gets_401_for_a_challenge(anonymous, challenge):
    assert anonymous.get(url(challenge)).status_code == 401


@pytest.mark.parametrize(
    ("now", "state"),
    [
        (dt.datetime(2026, 10, 31, 22, 59, tzinfo=dt.UTC), "upcoming"),  # 23:59 in Berlin
        (dt.datetime(2026, 10, 31, 23, 0, tzinfo=dt.UTC), "running"),  # midnight in Berlin
        (dt.datetime(2026, 11, 30, 22, 59, tzinfo=dt.UTC), "running"),
        (dt.datetime(2026, 11, 30, 23, 0, tzinfo=dt.UTC), "finished"),
    ],
)
def test_the_state_turns_at_the_callers_midnight(api, challenge, now, state):
    with time_machine.travel(now, tick=False):
        assert api.get(url(challenge)).json()["state"] == state


def test_a_finished_challenge_stays_readable(api, challenge):
    with time_machine.travel(dt.datetime(2028, 1, 1, tzinfo=dt.UTC), tick=False):
        response = api.get(url(challenge))
    assert response.status_code == 200
    assert response.json()["state"] == "finished"
