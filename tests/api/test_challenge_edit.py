"""PATCH /api/v1/challenges/{id} and POST /api/v1/challenges/{id}/end: managers only.

A group challenge is managed by the group's organizers (a member gets 403), a
personal one by its owner (anyone else gets 404); bad input changes nothing.
"""

import datetime as dt

import pytest
import time_machine

from nomentum.challenges.models import Challenge
from tests.api.conftest import NOW, refuses, send
from tests.conftest import make_challenge

pytestmark = pytest.mark.usefixtures("frozen")
D = dt.date


def url(challenge: Challenge) -> str:
    return f"/api/v1/challenges/{challenge.pk}"


def end_url(challenge: Challenge) -> str:
    return f"{url(challenge)}/end"


def patch(client, challenge: Challenge, **body):
    return send(client, "patch", url(challenge), body)


@pytest.fixture
def personal(owner) -> Challenge:
    return make_challenge(owner=owner, name="My November")


# Editing


def test_the_organizer_edits_a_group_challenge(api, challenge):
    response = patch(
        api,
        challenge,
        name="  December of NO ",
        starts_on="2026-11-02",
        ends_on="2026-12-13",
        points_per_rejection=5,
        points_per_yes=0,
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["id"], body["name"], body["starts_on"], body["ends_on"]) == (
        challenge.pk,
        "December of NO",
        "2026-11-02",
        "2026-12-13",
    )
    assert (body["points_per_rejection"], body["points_per_yes"]) == (5, 0)
    assert len(body["weeks"]) == 6
    challenge.refresh_from_db()
    assert (challenge.name, challenge.starts_on, challenge.ends_on) == (
        "December of NO",
        D(2026, 11, 2),
        D(2026, 12, 13),
    )
    assert (challenge.points_per_rejection, challenge.points_per_yes) == (5, 0)


def test_a_field_left_out_or_null_stays_as_it_is(api, challenge):
    body = patch(api, challenge, ends_on="2026-11-28", name=None).json()
    assert (body["name"], body["starts_on"], body["ends_on"]) == (
        "November of NO",
        "2026-11-01",
        "2026-11-28",
    )
    assert (body["points_per_rejection"], body["points_per_yes"]) == (10, 1)


def test_the_owner_edits_a_personal_challenge(api, personal):
    response = patch(api, personal, name="My long November", ends_on="2026-12-06")
    assert response.status_code == 200
    personal.refresh_from_db()
    assert (personal.name, personal.ends_on) == ("My long November", D(2026, 12, 6))


def test_a_challenge_of_400_days_is_allowed(api, challenge):
    assert patch(api, challenge, ends_on="2027-12-05").status_code == 200


def test_a_personal_challenge_has_no_points_to_edit(api, personal):
    detail = refuses(lambda: patch(api, personal, name="Renamed", points_per_yes=3), 422)
    assert detail == "points_per_yes: Points rank a group; a personal challenge has none."


def test_a_member_cannot_edit_a_group_challenge(member_api, challenge):
    detail = refuses(lambda: patch(member_api, challenge, name="Mine now"), 403)
    assert detail == "Only the group's organizers can do that."


def test_a_member_of_the_group_gets_404_for_the_organizers_personal_challenge(
    member_api, group, personal
):
    refuses(lambda: patch(member_api, personal, name="Mine now"), 404)


def test_an_outsider_gets_404_for_editing(outsider_api, challenge):
    refuses(lambda: patch(outsider_api, challenge, name="Mine now"), 404)


def test_an_anonymous_caller_gets_401_for_editing(anonymous, challenge):
    refuses(lambda: patch(anonymous, challenge, name="Mine now"), 401)


@pytest.mark.parametrize("challenge_id", [10_000, 2**64])
def test_a_challenge_that_does_not_exist_is_404(api, challenge, challenge_id):
    refuses(lambda: send(api, "patch", f"/api/v1/challenges/{challenge_id}", {"name": "X"}), 404)


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ({"ends_on": "2026-10-31"}, "ends_on: The end date cannot be before the start date."),
        ({"starts_on": "2026-12-01"}, "ends_on: The end date cannot be before the start date."),
        ({"ends_on": "2027-12-06"}, "ends_on: A challenge lasts at most 400 days, not 401."),
        ({"name": "   "}, "name: "),
        ({"name": "x" * 81}, "name: "),
        ({"starts_on": "November"}, "starts_on: "),
        ({"ends_on": "3000-01-01"}, "ends_on: "),
        ({"points_per_rejection": -1}, "points_per_rejection: "),
        ({"points_per_yes": 10_001}, "points_per_yes: "),
        ({"points_per_yes": "many"}, "points_per_yes: "),
    ],
    ids=lambda value: value if isinstance(value, str) else "-".join(value),
)
def test_it_refuses_bad_input(api, challenge, body, detail):
    found = refuses(lambda: send(api, "patch", url(challenge), body), 422, detail)
    if not detail.endswith(": "):
        assert found == detail


# Ending


def test_the_organizer_ends_a_running_challenge_today(api, challenge):
    response = send(api, "post", end_url(challenge))
    assert response.status_code == 200
    body = response.json()
    assert (body["ends_on"], body["state"]) == ("2026-11-11", "running")
    assert len(body["weeks"]) == 2
    challenge.refresh_from_db()
    assert challenge.ends_on == D(2026, 11, 11)


def test_an_ended_challenge_is_finished_tomorrow_and_still_readable(api, challenge):
    send(api, "post", end_url(challenge))
    with time_machine.travel(NOW + dt.timedelta(days=1), tick=False):
        assert api.get(url(challenge)).json()["state"] == "finished"
        assert api.get(f"{url(challenge)}/board").status_code == 200


def test_the_owner_ends_a_personal_challenge(api, personal):
    assert send(api, "post", end_url(personal)).json()["ends_on"] == "2026-11-11"


def test_an_upcoming_challenge_cannot_be_ended(api, group):
    upcoming = make_challenge(group=group, starts_on=D(2026, 12, 1), ends_on=D(2026, 12, 31))
    detail = refuses(lambda: send(api, "post", end_url(upcoming)), 400)
    assert detail == "Only a running challenge can be ended."


def test_a_finished_challenge_cannot_be_ended_again(api, group):
    october = make_challenge(group=group, starts_on=D(2026, 10, 1), ends_on=D(2026, 10, 31))
    refuses(lambda: send(api, "post", end_url(october)), 400)


def test_a_member_cannot_end_a_group_challenge(member_api, challenge):
    detail = refuses(lambda: send(member_api, "post", end_url(challenge)), 403)
    assert detail == "Only the group's organizers can do that."


def test_an_outsider_gets_404_for_ending(outsider_api, challenge):
    refuses(lambda: send(outsider_api, "post", end_url(challenge)), 404)


def test_an_anonymous_caller_gets_401_for_ending(anonymous, challenge):
    refuses(lambda: send(anonymous, "post", end_url(challenge)), 401)
