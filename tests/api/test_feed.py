"""GET /api/v1/groups/{id}/feed: the members' answers and check-ins as each member shares them.

A private ask never shows; titles, recipients and notes only of members who share details.
"""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from nomentum.asks.models import Ask, Outcome
from nomentum.challenges import services
from nomentum.challenges.models import Cheer, Group, Membership, Sharing
from tests.api.conftest import NOW, api_client, refuses
from tests.conftest import join, make_ask, make_challenge, make_group, make_user

pytestmark = pytest.mark.usefixtures("frozen")
D = dt.date
TODAY = D(2026, 11, 11)


def url(group: Group) -> str:
    return f"/api/v1/groups/{group.pk}/feed"


def share(group: Group, user, sharing: str) -> None:
    Membership.objects.filter(group=group, user=user).update(sharing=sharing)


def a_no(user, **fields) -> Ask:
    fields.setdefault("outcome", Outcome.NO)
    fields.setdefault("recipient", "The Review")
    return make_ask(user, asked_on=D(2026, 11, 2), decided_on=D(2026, 11, 9), **fields)


def earlier(hours: int):
    return time_machine.travel(NOW - dt.timedelta(hours=hours), tick=False)


# What an item holds


def test_a_members_no_is_an_item(api, group, member):
    ask = a_no(member, title="Essay on night trains", feedback="personal")
    response = api.get(url(group))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    [item] = body["items"]
    assert dt.datetime.fromisoformat(item.pop("at")) == NOW
    assert item == {
        "kind": "no",
        "user_id": member.pk,
        "username": "member",
        "name": "member",
        "ask": {
            "id": ask.pk,
            "title": None,
            "recipient": None,
            "outcome": "no",
            "feedback": "personal",
            "decided_on": "2026-11-09",
        },
        "cheers": 0,
        "cheered": False,
        "checkin": None,
    }


@pytest.mark.parametrize("outcome", [Outcome.YES, Outcome.NO_RESPONSE])
def test_yeses_and_no_responses_are_items_of_their_kind(api, group, member, outcome):
    a_no(member, outcome=outcome)
    [item] = api.get(url(group)).json()["items"]
    assert (item["kind"], item["ask"]["outcome"]) == (outcome, outcome)


@pytest.mark.parametrize("outcome", [Outcome.PENDING, Outcome.WITHDRAWN])
def test_an_unanswered_ask_is_no_item(api, group, member, outcome):
    make_ask(member, outcome=outcome)
    assert api.get(url(group)).json() == {"count": 0, "items": []}


def test_a_check_in_is_an_item_with_its_tally(member_api, group, owner, challenge):
    share(group, owner, Sharing.DETAILS)
    checkin = services.check_in(
        challenge,
        owner,
        2,
        TODAY,
        note="A no is a yes to my time.",
        tally={"asks": 4, "rejections": 2, "yeses": 1},
    )
    body = member_api.get(url(group)).json()
    # The tally's answered asks are items too, each a no or a yes.
    assert body["count"] == 4
    assert sorted(item["kind"] for item in body["items"]) == ["checkin", "no", "no", "yes"]
    [item] = [item for item in body["items"] if item["kind"] == "checkin"]
    assert (item["user_id"], item["username"], item["ask"], item["cheers"]) == (
        owner.pk,
        "owner",
        None,
        0,
    )
    assert item["checkin"] == {
        "id": checkin.pk,
        "challenge_id": challenge.pk,
        "challenge_name": "November of NO",
        "week": 2,
        "note": "A no is a yes to my time.",
        "tally": {"asks": 4, "rejections": 2, "yeses": 1},
    }


def test_a_check_in_with_a_note_only_has_no_tally(member_api, group, owner, challenge):
    services.check_in(challenge, owner, 2, TODAY, note="Quiet week.")
    [item] = member_api.get(url(group)).json()["items"]
    assert item["checkin"]["tally"] is None


# Privacy


def test_a_private_ask_never_shows(api, group, member):
    share(group, member, Sharing.DETAILS)
    a_no(member, title="Secret pitch", recipient="Secret editor", private=True)
    response = api.get(url(group))
    assert response.json() == {"count": 0, "items": []}
    assert b"Secret" not in response.content


def test_a_counts_sharing_members_title_recipient_and_note_are_hidden(
    api, group, member, challenge
):
    share(group, member, Sharing.COUNTS)
    a_no(member, title="Essay on night trains", recipient="The Night Review")
    services.check_in(challenge, member, 2, TODAY, note="Dear diary")
    response = api.get(url(group))
    items = response.json()["items"]
    assert len(items) == 2
    ask = next(item["ask"] for item in items if item["ask"])
    assert (ask["title"], ask["recipient"]) == (None, None)
    checkin = next(item["checkin"] for item in items if item["checkin"])
    assert checkin["note"] is None
    for secret in (b"night trains", b"Night Review", b"Dear diary"):
        assert secret not in response.content


def test_a_details_sharing_members_title_recipient_and_note_show(api, group, member, challenge):
    share(group, member, Sharing.DETAILS)
    a_no(member, title="Essay on night trains", recipient="The Night Review")
    services.check_in(challenge, member, 2, TODAY, note="Dear diary")
    items = api.get(url(group)).json()["items"]
    ask = next(item["ask"] for item in items if item["ask"])
    assert (ask["title"], ask["recipient"]) == ("Essay on night trains", "The Night Review")
    assert next(item["checkin"] for item in items if item["checkin"])["note"] == "Dear diary"


def test_people_outside_the_group_never_show(api, group, outsider):
    make_group(outsider, name="Elsewhere")
    a_no(outsider)
    assert api.get(url(group)).json() == {"count": 0, "items": []}


def test_a_member_who_left_no_longer_shows(api, group, member, challenge):
    a_no(member)
    services.check_in(challenge, member, 2, TODAY, note="Bye")
    Membership.objects.filter(user=member).delete()
    assert api.get(url(group)).json() == {"count": 0, "items": []}


# Cheers


def test_an_item_says_how_many_cheered_and_whether_the_caller_did(
    api, member_api, group, owner, member
):
    third = make_user("third")
    join(group, third)
    ask = a_no(third)
    Cheer.objects.create(ask=ask, user=member)
    assert [(i["cheers"], i["cheered"]) for i in api.get(url(group)).json()["items"]] == [
        (1, False)
    ]
    assert [(i["cheers"], i["cheered"]) for i in member_api.get(url(group)).json()["items"]] == [
        (1, True)
    ]


def test_a_cheer_through_the_api_shows_in_the_feed(api, group, member):
    ask = a_no(member)
    api.post(f"/api/v1/asks/{ask.pk}/cheer")
    [item] = api.get(url(group)).json()["items"]
    assert (item["cheers"], item["cheered"]) == (1, True)


# Order and paging


@pytest.fixture
def three(group, owner, member, challenge) -> list[int]:
    """Return the ids of a no, a check-in and a yes, oldest first."""
    with earlier(hours=3):
        first = a_no(member).pk
    with earlier(hours=2):
        second = services.check_in(challenge, owner, 1, TODAY, note="Week one").pk
    with earlier(hours=1):
        third = a_no(owner, outcome=Outcome.YES).pk
    return [first, second, third]


def ids(body: dict) -> list[tuple[str, int]]:
    return [(item["kind"], (item["ask"] or item["checkin"])["id"]) for item in body["items"]]


def test_the_feed_is_newest_first(member_api, group, three):
    first, second, third = three
    body = member_api.get(url(group)).json()
    assert ids(body) == [("yes", third), ("checkin", second), ("no", first)]


def test_the_feed_pages_with_limit_and_offset(member_api, group, three):
    first, second, _ = three
    body = member_api.get(url(group), {"limit": 1, "offset": 1}).json()
    assert body["count"] == 3
    assert ids(body) == [("checkin", second)]
    assert ids(member_api.get(url(group), {"offset": 2}).json()) == [("no", first)]
    assert member_api.get(url(group), {"offset": 3}).json() == {"count": 3, "items": []}


@pytest.mark.parametrize("params", [{"limit": 501}, {"limit": 0}, {"offset": -1}])
def test_it_refuses_a_page_out_of_bounds(api, group, params):
    name = next(iter(params))
    refuses(lambda: api.get(url(group), params), 422, f"{name}: ")


# Who may read it


def test_the_organizer_and_a_member_read_the_feed(api, member_api, group, owner, member):
    a_no(owner)
    a_no(member)
    assert api.get(url(group)).json()["count"] == 2
    assert member_api.get(url(group)).json()["count"] == 2


def test_an_outsider_gets_404_for_the_feed(outsider_api, group, member):
    a_no(member)
    refuses(lambda: outsider_api.get(url(group)), 404)


def test_an_anonymous_caller_gets_401_for_the_feed(anonymous, group):
    refuses(lambda: anonymous.get(url(group)), 401)


@pytest.mark.parametrize("group_id", [10_000, 2**64])
def test_a_group_that_does_not_exist_is_404(api, group, group_id):
    refuses(lambda: api.get(f"/api/v1/groups/{group_id}/feed"), 404)


# Queries


def _queries_for_a_group_of(size: int) -> int:
    organizer = make_user()
    others = [make_user() for _ in range(size - 1)]
    group = make_group(organizer, *others, name=f"Group of {size}")
    challenge = make_challenge(group=group)
    for index, user in enumerate([organizer, *others]):
        share(group, user, Sharing.DETAILS if index % 2 else Sharing.COUNTS)
        ask = a_no(user)
        a_no(user, private=True)
        services.check_in(challenge, user, 1, TODAY, note="Hi", tally={"rejections": 1})
        if user != organizer:
            Cheer.objects.create(ask=ask, user=organizer)
    client = api_client(organizer)
    client.get(url(group))  # the token's first use is written down once
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url(group), {"limit": 500})
    assert response.status_code == 200
    assert response.json()["count"] == 3 * size
    return len(queries)


def test_the_feed_takes_as_many_queries_for_30_members_as_for_3(db):
    assert _queries_for_a_group_of(3) == _queries_for_a_group_of(30)
