"""GET and POST /api/v1/groups/{id}/challenges: members read them, organizers create them."""

import datetime as dt

import pytest

from nomentum.challenges.models import Challenge, Group
from tests.api.conftest import refuses, send
from tests.conftest import make_challenge, make_group

pytestmark = pytest.mark.usefixtures("frozen")

D = dt.date
NOVEMBER = {"name": "November of NO", "starts_on": "2026-11-01", "ends_on": "2026-11-30"}


def url(group: Group) -> str:
    return f"/api/v1/groups/{group.pk}/challenges"


# Creating one


def test_the_organizer_creates_a_challenge_for_the_group(api, group):
    response = send(api, "post", url(group), NOVEMBER)
    assert response.status_code == 201
    body = response.json()
    challenge = Challenge.objects.get()
    assert challenge.group == group
    assert body["id"] == challenge.pk
    assert body["group_id"] == group.pk
    assert (body["name"], body["starts_on"], body["ends_on"]) == (
        "November of NO",
        "2026-11-01",
        "2026-11-30",
    )
    assert body["state"] == "running"
    assert len(body["weeks"]) == 5
    assert (body["points_per_rejection"], body["points_per_yes"]) == (10, 1)


def test_the_organizer_sets_the_points(api, group):
    body = send(api, "post", url(group), {**NOVEMBER, "points_per_yes": 0}).json()
    assert (body["points_per_rejection"], body["points_per_yes"]) == (10, 0)


def test_a_member_cannot_create_a_challenge(member_api, group):
    detail = refuses(lambda: send(member_api, "post", url(group), NOVEMBER), 403)
    assert detail == "Only the group's organizers can do that."


def test_an_outsider_gets_404_for_creating_a_challenge(outsider_api, group):
    refuses(lambda: send(outsider_api, "post", url(group), NOVEMBER), 404)


def test_an_anonymous_caller_gets_401_for_creating_a_challenge(anonymous, group):
    refuses(lambda: send(anonymous, "post", url(group), NOVEMBER), 401)


def test_it_refuses_an_end_date_before_the_start(api, group):
    body = {**NOVEMBER, "ends_on": "2026-10-31"}
    refuses(
        lambda: send(api, "post", url(group), body),
        422,
        "ends_on: The end date cannot be before the start date.",
    )


def test_it_refuses_a_challenge_longer_than_400_days(api, group):
    body = {**NOVEMBER, "ends_on": "2027-12-05"}  # 2026-11-01..2027-12-05 is 400 days
    assert send(api, "post", url(group), body).status_code == 201
    body = {**NOVEMBER, "ends_on": "2027-12-06"}
    refuses(
        lambda: send(api, "post", url(group), body),
        422,
        "ends_on: A challenge lasts at most 400 days, not 401.",
    )


def test_it_refuses_negative_points(api, group):
    body = {**NOVEMBER, "points_per_rejection": -1}
    refuses(lambda: send(api, "post", url(group), body), 422, "points_per_rejection: ")


def test_it_refuses_a_challenge_without_a_name(api, group):
    body = {**NOVEMBER, "name": " "}
    refuses(lambda: send(api, "post", url(group), body), 422, "name: ")


def test_it_refuses_a_date_that_does_not_exist(api, group):
    body = {**NOVEMBER, "starts_on": "2026-11-31"}
    refuses(lambda: send(api, "post", url(group), body), 422, "starts_on: ")


# Listing them


def test_the_organizer_and_a_member_list_the_groups_challenges(api, member_api, group, owner):
    october = make_challenge(
        group=group, name="October", starts_on=D(2026, 10, 1), ends_on=D(2026, 10, 31)
    )
    november = make_challenge(group=group)
    make_challenge(group=make_group(owner, name="Other"), name="Not this group's")
    make_challenge(owner=owner, name="Personal")
    for client in (api, member_api):
        body = client.get(url(group)).json()
        assert body["count"] == 2
        assert [c["id"] for c in body["items"]] == [november.pk, october.pk]


def test_the_challenge_list_pages_with_limit_and_offset(api, group):
    for day in (1, 2, 3):
        make_challenge(group=group, name=f"From {day}", starts_on=D(2026, 11, day))
    body = api.get(url(group), {"limit": 1, "offset": 1}).json()
    assert body["count"] == 3
    assert [c["name"] for c in body["items"]] == ["From 2"]


def test_an_outsider_gets_404_for_the_groups_challenges(outsider_api, challenge, group):
    assert outsider_api.get(url(group)).status_code == 404


def test_an_anonymous_caller_gets_401_for_the_groups_challenges(anonymous, challenge, group):
    assert anonymous.get(url(group)).status_code == 401
