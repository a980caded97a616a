"""GET /api/v1/groups/{id}/invites and DELETE /api/v1/groups/{id}/invites/{code}: organizers only.

An organizer sees every link with how often it was used, and revokes one so that
nobody can join by it; a member gets 403, an outsider 404, and nothing changes.
"""

import datetime as dt

import pytest

from nomentum.challenges.models import Group, Invite
from tests.api.conftest import NOW, everything, refuses, send
from tests.conftest import make_group, make_invite

pytestmark = pytest.mark.usefixtures("frozen")
HOUR = dt.timedelta(hours=1)


def url(group: Group) -> str:
    return f"/api/v1/groups/{group.pk}/invites"


def revoke_url(group: Group, code: str) -> str:
    return f"{url(group)}/{code}"


@pytest.fixture
def invite(group, owner) -> Invite:
    return make_invite(group, owner, NOW)


# Listing


def test_the_organizer_lists_every_link_newest_first(api, group, owner):
    old = make_invite(group, owner, NOW - dt.timedelta(days=20), uses=3)
    revoked = make_invite(group, owner, NOW - 2 * HOUR, revoked_at=NOW - HOUR)
    usable = make_invite(group, owner, NOW - HOUR, uses=1)
    # Created in this order, at the frozen NOW: the newest is the last.
    response = api.get(url(group))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    assert [i["code"] for i in body["items"]] == [usable.code, revoked.code, old.code]
    first = body["items"][0]
    assert first["url"] == f"http://testserver/join/{usable.code}"
    assert dt.datetime.fromisoformat(first["expires_at"]) == usable.expires_at
    assert dt.datetime.fromisoformat(first["created_at"]) == NOW
    assert (first["uses"], first["revoked"], first["revoked_at"], first["usable"]) == (
        1,
        False,
        None,
        True,
    )
    second, third = body["items"][1:]
    assert (second["revoked"], second["usable"]) == (True, False)
    assert dt.datetime.fromisoformat(second["revoked_at"]) == NOW - HOUR
    # Expired six days ago, never revoked.
    assert (third["uses"], third["revoked"], third["usable"]) == (3, False, False)


def test_the_list_pages_with_limit_and_offset(api, group, owner):
    codes = [make_invite(group, owner, NOW).code for _ in range(3)]
    body = api.get(url(group), {"limit": 1, "offset": 1}).json()
    assert body["count"] == 3
    assert [i["code"] for i in body["items"]] == [codes[1]]


def test_another_groups_links_are_not_listed(api, group, owner, invite):
    make_invite(make_group(owner, name="Elsewhere"), owner, NOW)
    assert [i["code"] for i in api.get(url(group)).json()["items"]] == [invite.code]


def test_a_member_cannot_list_the_links(member_api, group, invite):
    detail = refuses(lambda: member_api.get(url(group)), 403)
    assert detail == "Only the group's organizers can do that."


def test_an_outsider_gets_404_for_the_links(outsider_api, group, invite):
    refuses(lambda: outsider_api.get(url(group)), 404)


def test_an_anonymous_caller_gets_401_for_the_links(anonymous, group, invite):
    refuses(lambda: anonymous.get(url(group)), 401)


def test_it_refuses_a_limit_above_500(api, group):
    refuses(lambda: api.get(url(group), {"limit": 501}), 422, "limit: ")


# Revoking


def test_the_organizer_revokes_a_link(api, outsider_api, group, invite):
    response = send(api, "delete", revoke_url(group, invite.code))
    assert response.status_code == 204
    invite.refresh_from_db()
    assert invite.revoked_at == NOW
    joining = outsider_api.post(f"/api/v1/invites/{invite.code}/accept")
    assert joining.status_code == 410


def test_revoking_twice_keeps_the_first_time(api, group, owner):
    invite = make_invite(group, owner, NOW - HOUR, revoked_at=NOW - HOUR)
    before = everything()
    assert send(api, "delete", revoke_url(group, invite.code)).status_code == 204
    assert everything() == before


def test_a_member_cannot_revoke_a_link(member_api, group, invite):
    detail = refuses(lambda: send(member_api, "delete", revoke_url(group, invite.code)), 403)
    assert detail == "Only the group's organizers can do that."


def test_an_outsider_gets_404_for_revoking(outsider_api, group, invite):
    refuses(lambda: send(outsider_api, "delete", revoke_url(group, invite.code)), 404)


def test_an_anonymous_caller_gets_401_for_revoking(anonymous, group, invite):
    refuses(lambda: send(anonymous, "delete", revoke_url(group, invite.code)), 401)


def test_another_groups_link_is_404(api, group, owner):
    elsewhere = make_invite(make_group(owner, name="Elsewhere"), owner, NOW)
    refuses(lambda: send(api, "delete", revoke_url(group, elsewhere.code)), 404)


def test_an_unknown_code_is_404(api, group, invite):
    refuses(lambda: send(api, "delete", revoke_url(group, "nope" + invite.code)), 404)
