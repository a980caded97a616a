"""POST and GET /api/v1/challenges: a personal challenge, and every challenge the caller is in."""

import datetime as dt

import pytest

from nomentum.challenges.models import Challenge
from tests.api.conftest import refuses, send
from tests.conftest import make_challenge, make_group, make_user

pytestmark = pytest.mark.usefixtures("frozen")

D = dt.date
URL = "/api/v1/challenges"
NOVEMBER = {"name": "My November", "starts_on": "2026-11-01", "ends_on": "2026-11-30"}


# A personal challenge


def test_it_creates_a_personal_challenge(api, owner):
    response = send(api, "post", URL, NOVEMBER)
    assert response.status_code == 201
    body = response.json()
    challenge = Challenge.objects.get()
    assert (challenge.owner, challenge.group) == (owner, None)
    assert body["id"] == challenge.pk
    assert body["group_id"] is None
    assert (body["name"], body["starts_on"], body["ends_on"], body["state"]) == (
        "My November",
        "2026-11-01",
        "2026-11-30",
        "running",
    )
    assert body["weeks"][0] == {"number": 1, "starts_on": "2026-11-01", "ends_on": "2026-11-07"}


def test_a_challenge_of_one_day_is_allowed(api):
    body = send(api, "post", URL, {**NOVEMBER, "ends_on": "2026-11-01"}).json()
    assert body["weeks"] == [{"number": 1, "starts_on": "2026-11-01", "ends_on": "2026-11-01"}]


def test_a_personal_challenge_is_nobody_elses(api, member_api, outsider_api, group):
    challenge_id = send(api, "post", URL, NOVEMBER).json()["id"]
    for client in (member_api, outsider_api):
        assert client.get(f"{URL}/{challenge_id}").status_code == 404
        assert client.get(URL).json()["count"] == 0


def test_it_refuses_an_end_date_before_the_start(api):
    body = {**NOVEMBER, "ends_on": "2026-10-31"}
    refuses(
        lambda: send(api, "post", URL, body),
        422,
        "ends_on: The end date cannot be before the start date.",
    )


def test_it_refuses_a_challenge_longer_than_400_days(api):
    body = {**NOVEMBER, "ends_on": "2027-12-06"}
    refuses(
        lambda: send(api, "post", URL, body),
        422,
        "ends_on: A challenge lasts at most 400 days, not 401.",
    )


def test_it_refuses_a_missing_end_date(api):
    body = {"name": "My November", "starts_on": "2026-11-01"}
    refuses(lambda: send(api, "post", URL, body), 422, "ends_on: ")


def test_it_refuses_a_name_over_80_characters(api):
    body = {**NOVEMBER, "name": "x" * 81}
    refuses(lambda: send(api, "post", URL, body), 422, "name: ")


def test_it_refuses_a_year_beyond_2999(api):
    body = {**NOVEMBER, "starts_on": "3000-01-01", "ends_on": "3000-01-02"}
    refuses(lambda: send(api, "post", URL, body), 422, "starts_on: ")


def test_it_refuses_to_create_a_challenge_anonymously(anonymous, db):
    refuses(lambda: send(anonymous, "post", URL, NOVEMBER), 401)


# Every challenge I am in


def test_it_lists_my_own_and_my_groups_challenges_newest_first(api, owner, group):
    mine = make_challenge(owner=owner, name="Mine", starts_on=D(2026, 10, 1))
    ours = make_challenge(group=group, name="Ours")
    make_challenge(owner=make_user("stranger"), name="A stranger's")
    make_challenge(group=make_group(make_user("other")), name="Another group's")
    body = api.get(URL).json()
    assert body["count"] == 2
    assert [(c["id"], c["group_id"]) for c in body["items"]] == [
        (ours.pk, group.pk),
        (mine.pk, None),
    ]


def test_a_member_lists_the_groups_challenges_but_not_the_organizers_own(
    member_api, owner, challenge
):
    make_challenge(owner=owner, name="The organizer's own")
    body = member_api.get(URL).json()
    assert [c["id"] for c in body["items"]] == [challenge.pk]


def test_an_outsider_lists_none_of_them(outsider_api, challenge):
    assert outsider_api.get(URL).json() == {"count": 0, "items": []}


def test_the_list_pages_with_limit_and_offset(api, owner):
    for day in (1, 2, 3):
        make_challenge(owner=owner, name=f"From {day}", starts_on=D(2026, 11, day))
    body = api.get(URL, {"limit": 2, "offset": 1}).json()
    assert body["count"] == 3
    assert [c["name"] for c in body["items"]] == ["From 2", "From 1"]


def test_it_refuses_to_list_challenges_anonymously(anonymous, challenge):
    assert anonymous.get(URL).status_code == 401
