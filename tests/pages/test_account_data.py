"""A person's whole account: /accounts/export downloads all of it, /accounts/delete removes it.

Deletion needs the password; a wrong one changes nothing. Groups go on:
a sole organizer's role passes to the longest-standing member, and a group
left empty is deleted.
"""

import datetime as dt
import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from nomentum.accounts.models import ApiToken, CalendarToken, User
from nomentum.asks.models import Ask, Category
from nomentum.challenges import services
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
)
from nomentum.notify.models import Preferences
from tests.conftest import (
    PASSWORD,
    client_for,
    make_ask,
    make_challenge,
    make_group,
    make_user,
    stored,
)
from tests.pages.conftest import NOW

pytestmark = pytest.mark.usefixtures("frozen")


def everything() -> list[dict]:
    return stored(
        User,
        ApiToken,
        CalendarToken,
        Category,
        Ask,
        Group,
        Membership,
        Invite,
        Challenge,
        Goal,
        GoalChange,
        CheckIn,
        Cheer,
    )


@pytest.fixture
def full_account(owner, member, group, challenge):
    """The owner with something of every kind: asks, goals, check-ins, cheers, tokens."""
    owner.display_name = "Owner O."
    owner.save()
    category = Category.objects.get(user=owner, slug="pitch")
    category.reply_days = 21
    category.save()
    ask = make_ask(
        owner,
        title="Pitch the lighthouse",
        recipient="Wired",
        category="pitch",
        outcome="no",
        feedback="personal",
        amount="120.50",
        notes="Kind words",
        follow_up_on=dt.date(2026, 11, 20),
    )
    theirs = make_ask(member, title="Their no", outcome="no")
    services.cheer(owner, theirs)
    services.cheer(member, ask)
    services.set_goal(challenge, owner, rejections_per_week=3)
    services.set_goal(challenge, owner, rejections_per_week=4, asks_total=20)
    services.check_in(
        challenge, owner, 1, dt.date(2026, 11, 11), note="First week!", tally={"rejections": 2}
    )
    personal = make_challenge(owner=owner, name="Solo sprint")
    ApiToken.issue(owner, "phone")
    CalendarToken.issue(owner)
    Preferences.objects.create(user=owner, digest=False)
    return {"ask": ask, "theirs": theirs, "personal": personal}


def test_the_profile_links_the_export_and_the_deletion(owner_client):
    response = owner_client.get("/accounts/profile")
    assert 'href="/accounts/export" download' in response.text
    assert 'href="/accounts/delete"' in response.text


def test_the_export_holds_everything_of_the_user(owner, owner_client, full_account, challenge):
    response = owner_client.get("/accounts/export")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == (
        'attachment; filename="nomentum-owner-2026-11-11.json"'
    )
    data = json.loads(response.content)
    assert (data["format"], data["version"]) == ("nomentum-account", 1)
    profile = data["profile"]
    assert (profile["username"], profile["display_name"], profile["timezone"]) == (
        "owner",
        "Owner O.",
        "Europe/Berlin",
    )
    assert "password" not in profile
    assert {c["name"] for c in data["categories"]} >= {"Pitch", "Job", "Grant"}
    assert [c["reply_days"] for c in data["categories"] if c["name"] == "Pitch"] == [21]

    asks = {a["title"]: a for a in data["asks"]}
    assert set(asks) == {"Pitch the lighthouse", "Quick tally: a no"}
    pitch = asks["Pitch the lighthouse"]
    assert pitch == pitch | {
        "id": full_account["ask"].pk,
        "recipient": "Wired",
        "category": "Pitch",
        "asked_on": "2026-11-02",
        "outcome": "no",
        "feedback": "personal",
        "decided_on": "2026-11-02",
        "amount": "120.50",
        "notes": "Kind words",
        "follow_up_on": "2026-11-20",
        "private": False,
        "cheers_received": 1,
    }
    assert len([a for a in data["asks"] if a["title"] == "Quick tally: a no"]) == 2

    [goal] = data["goals"]
    assert goal == goal | {
        "challenge_id": challenge.pk,
        "challenge": "November of NO",
        "group": "November of NO",
        "rejections_per_week": 4,
        "asks_total": 20,
        "rejections_target": 16,
    }
    assert [change["rejections_per_week"] for change in goal["earlier_versions"]] == [3]
    [checkin] = data["checkins"]
    assert (checkin["week"], checkin["note"], len(checkin["tally_ask_ids"])) == (
        1,
        "First week!",
        2,
    )
    [membership] = data["memberships"]
    assert (membership["group_name"], membership["role"]) == ("November of NO", "organizer")
    assert data["cheers_given"] == [
        {
            "ask_id": full_account["theirs"].pk,
            "ask_owner": "member",
            "created_at": NOW.isoformat(),
        }
    ]
    assert "Their no" not in response.text  # another member's words are theirs
    assert [c["name"] for c in data["personal_challenges"]] == ["Solo sprint"]
    [token] = data["api_tokens"]
    assert token["name"] == "phone" and "key_hash" not in token
    assert data["calendar_feed"] == {"created_at": NOW.isoformat()}
    # Rows of other apps that point at the user come along, without secret-looking columns.
    [preferences] = data["more"]["notify.Preferences"]
    assert preferences["digest"] is False
    assert all(
        "hash" not in column for rows in data["more"].values() for row in rows for column in row
    )


def test_the_export_shows_nothing_of_anyone_else(outsider, outsider_client, full_account):
    data = outsider_client.get("/accounts/export").json()
    assert data["profile"]["username"] == "outsider"
    assert data["asks"] == data["goals"] == data["memberships"] == data["cheers_given"] == []
    assert "Pitch the lighthouse" not in json.dumps(data)


def test_the_export_needs_a_login():
    response = Client().get("/accounts/export")
    assert response.status_code == 302
    assert response["Location"].startswith("/login")


def test_the_export_takes_the_same_queries_however_much_there_is(owner, owner_client, full_account):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert owner_client.get("/accounts/export").status_code == 200
        return len(captured)

    few = queries()
    for _ in range(10):
        make_ask(owner, outcome="yes")
    second = make_group(owner, make_user("friend"), name="Second group")
    challenge = make_challenge(group=second)
    services.set_goal(challenge, owner, rejections_total=5)
    assert queries() == few


def test_the_deletion_page_asks_for_the_password(owner_client):
    response = owner_client.get("/accounts/delete")
    assert response.status_code == 200
    assert 'name="password"' in response.text
    assert 'autocomplete="current-password"' in response.text


def test_a_wrong_password_deletes_nothing(owner, owner_client, full_account):
    before = everything()
    response = owner_client.post("/accounts/delete", {"password": "not my password"})
    assert response.status_code == 200
    assert 'id="id_password_error">That is not your password. Nothing was deleted.' in (
        response.text
    )
    assert everything() == before
    assert owner_client.get("/accounts/profile").status_code == 200


def test_the_right_password_deletes_everything_of_the_user(
    owner, member, owner_client, full_account, group, challenge
):
    member_client = client_for(member)
    response = owner_client.post("/accounts/delete", {"password": PASSWORD}, follow=True)

    assert response.redirect_chain == [("/login", 302)]
    assert "Your account and everything in it are deleted." in response.text
    assert not User.objects.filter(pk=owner.pk).exists()
    for model in (Ask, Category, ApiToken, CalendarToken, Goal, CheckIn, Membership):
        assert not model._default_manager.filter(user_id=owner.pk).exists(), model
    assert not Cheer.objects.filter(user_id=owner.pk).exists()
    assert not Challenge.objects.filter(owner_id=owner.pk).exists()
    # The cheer the member gave went with the owner's ask; the member's own ask stays.
    assert not Cheer.objects.filter(user=member).exists()
    assert Ask.objects.filter(user=member, title="Their no").exists()
    # The group goes on, with the member as its organizer.
    assert Membership.objects.get(group=group, user=member).role == Role.ORGANIZER
    assert Challenge.objects.filter(pk=challenge.pk).exists()
    assert member_client.get(f"/groups/{group.pk}/").status_code == 200
    # Logged out.
    assert owner_client.get("/accounts/profile").status_code == 302


def test_the_longest_standing_member_takes_over(owner):
    first, second = make_user("first"), make_user("second")
    group = make_group(owner, second, name="Order")
    # Joined later by id, earlier by date: the date decides.
    Membership.objects.create(group=group, user=first)
    Membership.objects.filter(user=first).update(joined_at=NOW - dt.timedelta(days=30))
    Membership.objects.filter(user=second).update(joined_at=NOW - dt.timedelta(days=10))

    client_for(owner).post("/accounts/delete", {"password": PASSWORD})

    roles = dict(Membership.objects.filter(group=group).values_list("user__username", "role"))
    assert roles == {"first": Role.ORGANIZER, "second": Role.MEMBER}


def test_a_group_with_another_organizer_keeps_its_roles(owner):
    other, plain = make_user("other"), make_user("plain")
    group = make_group(owner, other, plain, name="Two organizers")
    Membership.objects.filter(user=other).update(role=Role.ORGANIZER)

    client_for(owner).post("/accounts/delete", {"password": PASSWORD})

    roles = dict(Membership.objects.filter(group=group).values_list("user__username", "role"))
    assert roles == {"other": Role.ORGANIZER, "plain": Role.MEMBER}


def test_a_group_left_empty_is_deleted(owner):
    group = make_group(owner, name="Just me")
    make_challenge(group=group)
    client_for(owner).post("/accounts/delete", {"password": PASSWORD})
    assert not Group.objects.filter(pk=group.pk).exists()
    assert not Challenge.objects.filter(group_id=group.pk).exists()


def test_deleting_leaves_everyone_elses_data_alone(owner, full_account):
    neighbour = make_user("neighbour")
    make_ask(neighbour, title="Mine")
    theirs = make_group(neighbour, name="Neighbourhood")

    def neighbours() -> list[dict]:
        return [
            *map(dict, Ask.objects.filter(user=neighbour).values()),
            *map(dict, Membership.objects.filter(user=neighbour).values()),
            *map(dict, Group.objects.filter(pk=theirs.pk).values()),
        ]

    before = neighbours()
    client_for(owner).post("/accounts/delete", {"password": PASSWORD})
    assert neighbours() == before


def test_deletion_needs_a_login():
    assert Client().post("/accounts/delete", {"password": PASSWORD}).status_code == 302
