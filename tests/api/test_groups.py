"""GET and POST /api/v1/groups, GET /api/v1/groups/{id}: members see a group; no one else does."""

import pytest
from django.test import Client

from nomentum.challenges.models import Group, Membership
from tests.api.conftest import refuses, send
from tests.conftest import make_group, make_user

pytestmark = pytest.mark.usefixtures("frozen")

URL = "/api/v1/groups"


def url(group: Group) -> str:
    return f"{URL}/{group.pk}"


# Creating a group


def test_it_creates_a_group_with_the_caller_as_its_organizer(api, owner):
    response = send(api, "post", URL, {"name": "  Writers  ", "description": "Pitch weekly"})
    assert response.status_code == 201
    body = response.json()
    group = Group.objects.get()
    assert body["id"] == group.pk
    assert (body["name"], body["description"], body["role"]) == (
        "Writers",
        "Pitch weekly",
        "organizer",
    )
    assert body["members"] == [
        {
            "user_id": owner.pk,
            "username": "owner",
            "role": "organizer",
            "sharing": "counts",
            "joined_at": body["members"][0]["joined_at"],
        }
    ]


def test_a_group_needs_no_description(api):
    response = send(api, "post", URL, {"name": "Writers"})
    assert response.status_code == 201
    assert response.json()["description"] == ""


def test_it_refuses_a_group_without_a_name(api):
    refuses(lambda: send(api, "post", URL, {"name": "   "}), 422, "name: ")


def test_it_refuses_a_name_over_80_characters(api):
    refuses(lambda: send(api, "post", URL, {"name": "x" * 81}), 422, "name: ")


def test_it_refuses_to_create_a_group_anonymously(anonymous, db):
    refuses(lambda: send(anonymous, "post", URL, {"name": "Writers"}), 401)


# Listing my groups


def test_it_lists_the_callers_groups_with_their_role(api, member_api, owner, member):
    make_group(owner, member, name="Writers")
    make_group(member, name="Artists")
    make_group(make_user("stranger"), name="Not ours")
    owners = api.get(URL).json()
    assert owners["count"] == 1
    assert [(g["name"], g["role"]) for g in owners["items"]] == [("Writers", "organizer")]
    members = member_api.get(URL).json()
    assert [(g["name"], g["role"]) for g in members["items"]] == [
        ("Artists", "organizer"),
        ("Writers", "member"),
    ]


def test_an_outsider_lists_no_groups(outsider_api, group):
    assert outsider_api.get(URL).json() == {"count": 0, "items": []}


def test_the_group_list_pages_with_limit_and_offset(api, owner):
    for name in ("A", "B", "C"):
        make_group(owner, name=name)
    body = api.get(URL, {"limit": 1, "offset": 1}).json()
    assert body["count"] == 3
    assert [g["name"] for g in body["items"]] == ["B"]


def test_it_refuses_a_limit_above_500(api):
    refuses(lambda: api.get(URL, {"limit": 501}), 422, "limit: ")


def test_it_refuses_to_list_groups_anonymously(anonymous, group):
    assert anonymous.get(URL).status_code == 401


# One group


def test_the_organizer_sees_the_group_and_its_members(api, group, owner, member):
    Membership.objects.filter(user=member).update(sharing="details")
    response = api.get(url(group))
    assert response.status_code == 200
    body = response.json()
    assert (body["id"], body["name"], body["role"]) == (group.pk, "November of NO", "organizer")
    assert [(m["user_id"], m["username"], m["role"], m["sharing"]) for m in body["members"]] == [
        (owner.pk, "owner", "organizer", "counts"),
        (member.pk, "member", "member", "details"),
    ]


def test_a_member_sees_the_group_and_its_members(member_api, group):
    response = member_api.get(url(group))
    assert response.status_code == 200
    assert response.json()["role"] == "member"
    assert len(response.json()["members"]) == 2


def test_an_outsider_gets_404_for_a_group(outsider_api, group):
    response = outsider_api.get(url(group))
    assert response.status_code == 404
    assert isinstance(response.json()["detail"], str)


def test_a_group_that_does_not_exist_is_404(api, group):
    assert api.get(f"{URL}/{group.pk + 1000}").status_code == 404


def test_an_anonymous_caller_gets_401_for_a_group(anonymous, group):
    assert anonymous.get(url(group)).status_code == 401


# The browser session


def test_a_session_reads_the_group(owner_client, group):
    assert owner_client.get(url(group)).status_code == 200


def test_a_session_write_without_a_csrf_token_is_refused(owner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    response = send(client, "post", URL, {"name": "Writers"})
    assert response.status_code == 403
    assert isinstance(response.json()["detail"], str)
    assert not Group.objects.exists()
