"""GET /api/v1/groups/{id}/removals and DELETE /api/v1/groups/{id}/removals/{user_id}.

A member an organizer removed cannot accept any invite of the group (403 with a sentence)
until an organizer lets them back in; a member who left by themselves can. Only organizers
see and lift removals: a member gets 403, an outsider 404.
"""

import pytest

from nomentum.challenges import services
from nomentum.challenges.models import Group, Invite, Membership
from tests.api.conftest import NOW, api_client, refuses, send
from tests.conftest import make_group, make_user

pytestmark = pytest.mark.usefixtures("frozen")

REFUSED = (
    "You were removed from November of NO: an organizer has to let you back in before you "
    "can join again."
)


def removals_url(group: Group, user_id: int | None = None) -> str:
    url = f"/api/v1/groups/{group.pk}/removals"
    return url if user_id is None else f"{url}/{user_id}"


def accept_url(invite: Invite) -> str:
    return f"/api/v1/invites/{invite.code}/accept"


@pytest.fixture
def invite(group, owner) -> Invite:
    return services.create_invite(group, owner, NOW)


@pytest.fixture
def removed(api, group, member):
    """The member, removed by the organizer (the owner)."""
    response = send(api, "delete", f"/api/v1/groups/{group.pk}/members/{member.pk}")
    assert response.status_code == 204
    return member


def test_a_removed_member_cannot_accept_the_invite_they_had(removed, member_api, invite):
    detail = refuses(lambda: send(member_api, "post", accept_url(invite)), 403)
    assert detail == REFUSED


def test_a_removed_member_cannot_accept_a_new_invite(removed, api, member_api, group):
    code = send(api, "post", f"/api/v1/groups/{group.pk}/invites").json()["code"]
    detail = refuses(lambda: send(member_api, "post", f"/api/v1/invites/{code}/accept"), 403)
    assert detail == REFUSED


def test_a_member_who_left_by_themselves_can_accept_again(member_api, group, member, invite):
    assert send(member_api, "delete", f"/api/v1/groups/{group.pk}/membership").status_code == 200
    response = send(member_api, "post", accept_url(invite))
    assert response.status_code == 200
    assert response.json() == {"group_id": group.pk}


def test_the_organizer_lists_who_was_removed(removed, api, group, owner):
    response = api.get(removals_url(group))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    [item] = body["items"]
    assert (item["user_id"], item["username"], item["removed_by"]) == (
        removed.pk,
        "member",
        "owner",
    )
    assert item["removed_at"].startswith("2026-11-11T12:00:00")


def test_the_organizer_lets_a_removed_member_back_in(removed, api, member_api, group, invite):
    response = send(api, "delete", removals_url(group, removed.pk))
    assert response.status_code == 204
    assert api.get(removals_url(group)).json() == {"count": 0, "items": []}
    # Back in means free to join again, not made a member without being asked.
    assert not Membership.objects.filter(group=group, user=removed).exists()
    assert send(member_api, "post", accept_url(invite)).status_code == 200


def test_letting_in_someone_never_removed_is_404(api, group, member):
    refuses(lambda: send(api, "delete", removals_url(group, member.pk)), 404)


@pytest.mark.parametrize("user_id", [0, 10_000, 2**64])
def test_a_user_that_does_not_exist_is_404(api, group, user_id):
    refuses(lambda: send(api, "delete", removals_url(group, user_id)), 404)


def test_a_member_neither_sees_nor_lifts_removals(api, member_api, group):
    third = make_user("third")
    group.memberships.create(user=third)
    assert send(api, "delete", f"/api/v1/groups/{group.pk}/members/{third.pk}").status_code == 204
    detail = refuses(lambda: member_api.get(removals_url(group)), 403)
    assert detail == "Only the group's organizers can do that."
    refuses(lambda: send(member_api, "delete", removals_url(group, third.pk)), 403)


def test_an_outsider_gets_404(removed, outsider_api, group):
    refuses(lambda: outsider_api.get(removals_url(group)), 404)
    refuses(lambda: send(outsider_api, "delete", removals_url(group, removed.pk)), 404)


def test_a_removal_in_another_group_cannot_be_lifted_from_here(api, group, outsider):
    ousted = make_user("ousted")
    elsewhere = make_group(outsider, ousted, name="Elsewhere")
    outsider_api = api_client(outsider)
    send(outsider_api, "delete", f"/api/v1/groups/{elsewhere.pk}/members/{ousted.pk}")
    refuses(lambda: send(api, "delete", removals_url(group, ousted.pk)), 404)


def test_an_anonymous_caller_gets_401(removed, anonymous, group):
    refuses(lambda: anonymous.get(removals_url(group)), 401)
    refuses(lambda: send(anonymous, "delete", removals_url(group, removed.pk)), 401)
