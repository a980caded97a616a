"""GET /api/v1/challenges/{id}/checkins: the participants' check-ins, as each shares them.

A note shows to its author and, from a member who shares details, to everyone
in the group; a tally's numbers always show.
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from nomentum.challenges import services
from nomentum.challenges.models import Challenge, Membership, Sharing
from tests.api.conftest import api_client, refuses
from tests.conftest import make_challenge, make_group, make_user

pytestmark = pytest.mark.usefixtures("frozen")
TODAY = dt.date(2026, 11, 11)


def url(challenge: Challenge) -> str:
    return f"/api/v1/challenges/{challenge.pk}/checkins"


def share(user, sharing: str) -> None:
    Membership.objects.filter(user=user).update(sharing=sharing)


def notes(body: dict) -> list[tuple[str, int, str | None]]:
    return [(item["username"], item["week"], item["note"]) for item in body["items"]]


@pytest.fixture
def checked_in(challenge, owner, member) -> Challenge:
    services.check_in(challenge, owner, 1, TODAY, note="Owner, week one")
    services.check_in(challenge, member, 1, TODAY, note="Member, week one")
    services.check_in(
        challenge,
        member,
        2,
        TODAY,
        note="Member, week two",
        tally={"asks": 3, "rejections": 1, "yeses": 1},
    )
    return challenge


def test_a_member_sees_every_check_in_latest_week_first(member_api, member, checked_in):
    response = member_api.get(url(checked_in))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    assert [(item["username"], item["week"]) for item in body["items"]] == [
        ("member", 2),
        ("member", 1),
        ("owner", 1),
    ]
    first = body["items"][0]
    assert first.pop("created_at")
    assert first == {
        "id": first["id"],
        "user_id": member.pk,
        "username": "member",
        "name": "member",
        "week": 2,
        "note": "Member, week two",
        "tally": {"asks": 3, "rejections": 1, "yeses": 1},
    }
    assert body["items"][1]["tally"] is None


def test_a_counts_sharing_members_notes_are_hidden_from_the_others(api, member, checked_in):
    share(member, Sharing.COUNTS)
    response = api.get(url(checked_in))
    assert notes(response.json()) == [
        ("member", 2, None),
        ("member", 1, None),
        ("owner", 1, "Owner, week one"),
    ]
    assert b"Member, week" not in response.content
    # The numbers still show.
    assert response.json()["items"][0]["tally"] == {"asks": 3, "rejections": 1, "yeses": 1}


def test_a_details_sharing_members_notes_show(api, member, checked_in):
    share(member, Sharing.DETAILS)
    assert notes(api.get(url(checked_in)).json())[0] == ("member", 2, "Member, week two")


def test_one_filters_by_week(api, checked_in):
    body = api.get(url(checked_in), {"week": 1}).json()
    assert body["count"] == 2
    assert {item["week"] for item in body["items"]} == {1}


def test_the_list_pages_with_limit_and_offset(api, checked_in):
    body = api.get(url(checked_in), {"limit": 1, "offset": 1}).json()
    assert body["count"] == 3
    assert [(item["username"], item["week"]) for item in body["items"]] == [("member", 1)]


def test_a_member_who_left_takes_their_check_ins_along(api, member, checked_in):
    Membership.objects.filter(user=member).delete()
    assert notes(api.get(url(checked_in)).json()) == [("owner", 1, "Owner, week one")]


def test_the_owner_lists_their_personal_check_ins(api, owner):
    personal = make_challenge(owner=owner)
    services.check_in(personal, owner, 2, TODAY, note="Just me")
    assert notes(api.get(url(personal)).json()) == [("owner", 2, "Just me")]


def test_a_member_gets_404_for_the_organizers_personal_challenge(member_api, owner, group):
    personal = make_challenge(owner=owner)
    services.check_in(personal, owner, 2, TODAY, note="Just me")
    refuses(lambda: member_api.get(url(personal)), 404)


def test_an_outsider_gets_404_for_the_check_ins(outsider_api, checked_in):
    refuses(lambda: outsider_api.get(url(checked_in)), 404)


def test_an_anonymous_caller_gets_401_for_the_check_ins(anonymous, checked_in):
    refuses(lambda: anonymous.get(url(checked_in)), 401)


@pytest.mark.parametrize("params", [{"week": 0}, {"week": "two"}, {"limit": 501}])
def test_it_refuses_a_bad_query(api, checked_in, params):
    name = next(iter(params))
    refuses(lambda: api.get(url(checked_in), params), 422, f"{name}: ")


def _queries_for_a_group_of(size: int) -> int:
    organizer = make_user()
    others = [make_user() for _ in range(size - 1)]
    group = make_group(organizer, *others, name=f"Group of {size}")
    challenge = make_challenge(group=group)
    for index, user in enumerate([organizer, *others]):
        share(user, Sharing.DETAILS if index % 2 else Sharing.COUNTS)
        services.check_in(challenge, user, 1, TODAY, note="One", tally={"rejections": 1})
        services.check_in(challenge, user, 2, TODAY, note="Two")
    client = api_client(organizer)
    client.get(url(challenge))  # the token's first use is written down once
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url(challenge), {"limit": 500})
    assert response.status_code == 200
    assert response.json()["count"] == 2 * size
    return len(queries)


def test_the_list_takes_as_many_queries_for_30_members_as_for_3(db):
    assert _queries_for_a_group_of(3) == _queries_for_a_group_of(30)
