"""POST /api/v1/groups/{id}/invites (organizers) and /api/v1/invites/{code}/accept (anyone)."""

import datetime as dt
from urllib.parse import urlsplit

import pytest
import time_machine
from django.urls import resolve
from django.utils import timezone

from nomentum.challenges import services
from nomentum.challenges.models import Group, Invite, Membership
from tests.api.conftest import NOW, api_client, refuses, send
from tests.conftest import make_user

pytestmark = pytest.mark.usefixtures("frozen")


def invites_url(group: Group) -> str:
    return f"/api/v1/groups/{group.pk}/invites"


def accept_url(code: str) -> str:
    return f"/api/v1/invites/{code}/accept"


@pytest.fixture
def invite(group, owner) -> Invite:
    return services.create_invite(group, owner, NOW)


# Creating an invite link


def test_the_organizer_creates_an_invite_link_for_two_weeks(api, group):
    response = send(api, "post", invites_url(group))
    assert response.status_code == 201
    body = response.json()
    invite = Invite.objects.get()
    assert body["code"] == invite.code
    assert body["url"] == f"http://testserver/join/{invite.code}"
    assert dt.datetime.fromisoformat(body["expires_at"]) == NOW + dt.timedelta(days=14)


def test_the_link_opens_the_join_page(api, group):
    url = send(api, "post", invites_url(group)).json()["url"]
    match = resolve(urlsplit(url).path)
    assert match.view_name == "challenges:join"


def test_the_link_is_built_from_the_requests_host(api, group, settings):
    settings.ALLOWED_HOSTS = ["nomentum.example"]
    response = api.post(
        invites_url(group), "", "application/json", HTTP_HOST="nomentum.example", secure=True
    )
    assert response.json()["url"].startswith("https://nomentum.example/join/")


def test_the_organizer_chooses_how_many_days_a_link_works(api, group):
    response = send(api, "post", invites_url(group), {"days": 3})
    assert response.status_code == 201
    assert Invite.objects.get().expires_at == NOW + dt.timedelta(days=3)


@pytest.mark.parametrize("days", [0, 91, -1])
def test_it_refuses_a_link_for_fewer_than_1_or_more_than_90_days(api, group, days):
    refuses(
        lambda: send(api, "post", invites_url(group), {"days": days}),
        422,
        "days: An invite lasts from 1 to 90 days.",
    )


def test_a_member_cannot_create_an_invite(member_api, group):
    detail = refuses(lambda: send(member_api, "post", invites_url(group)), 403)
    assert detail == "Only the group's organizers can do that."


def test_an_outsider_gets_404_for_an_invite(outsider_api, group):
    refuses(lambda: send(outsider_api, "post", invites_url(group)), 404)


def test_an_anonymous_caller_gets_401_for_an_invite(anonymous, group):
    refuses(lambda: send(anonymous, "post", invites_url(group)), 401)


# Accepting one


def test_an_outsider_joins_by_the_link_as_a_member(outsider_api, outsider, invite, group):
    response = outsider_api.post(accept_url(invite.code))
    assert response.status_code == 200
    assert response.json() == {"group_id": group.pk}
    assert Membership.objects.get(user=outsider, group=group).role == "member"
    invite.refresh_from_db()
    assert invite.uses == 1


def test_a_new_member_then_sees_the_group(outsider_api, invite, group):
    outsider_api.post(accept_url(invite.code))
    assert outsider_api.get(f"/api/v1/groups/{group.pk}").status_code == 200


def test_many_people_can_use_one_link(outsider_api, invite, db):
    assert outsider_api.post(accept_url(invite.code)).status_code == 200
    assert api_client(make_user("third")).post(accept_url(invite.code)).status_code == 200
    invite.refresh_from_db()
    assert invite.uses == 2


def test_it_refuses_an_expired_invite(outsider_api, invite):
    def accept_once_expired():
        with time_machine.travel(invite.expires_at, tick=False):
            return outsider_api.post(accept_url(invite.code))

    refuses(accept_once_expired, 410, "This invite link has expired.")


def test_it_refuses_a_revoked_invite(outsider_api, invite):
    services.revoke_invite(invite, timezone.now())
    refuses(
        lambda: outsider_api.post(accept_url(invite.code)), 410, "This invite link was revoked."
    )


def test_an_unknown_code_is_404(outsider_api, invite):
    refuses(lambda: outsider_api.post(accept_url("nope" + invite.code)), 404)


def test_joining_twice_is_409_and_changes_nothing(member_api, invite):
    detail = refuses(lambda: member_api.post(accept_url(invite.code)), 409)
    assert detail == "You are already a member of November of NO."


def test_the_organizer_cannot_join_their_own_group_again(api, invite):
    refuses(lambda: api.post(accept_url(invite.code)), 409)


def test_an_anonymous_caller_gets_401_for_accepting(anonymous, invite):
    refuses(lambda: anonymous.post(accept_url(invite.code)), 401)
