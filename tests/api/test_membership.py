"""GET, PATCH and DELETE /api/v1/groups/{id}/membership: the caller's own place in a group.

Each member decides what the group sees and whether they are ranked, and may
leave; the only organizer must hand the role over first, and the last member
leaving takes the group with them.
"""

import pytest

from nomentum.challenges.models import Challenge, Group, Membership, Role
from tests.api.conftest import api_client, refuses, send
from tests.conftest import join, make_ask, make_group, make_user

pytestmark = pytest.mark.usefixtures("frozen")


def url(group: Group) -> str:
    return f"/api/v1/groups/{group.pk}/membership"


def mine(group: Group, user) -> Membership:
    return Membership.objects.get(group=group, user=user)


# Reading it


def test_the_organizer_reads_their_membership(api, group, owner):
    response = api.get(url(group))
    assert response.status_code == 200
    body = response.json()
    assert body.pop("joined_at")
    assert body == {
        "user_id": owner.pk,
        "username": "owner",
        "group_id": group.pk,
        "role": "organizer",
        "sharing": "counts",
        "hidden_from_ranking": False,
    }


def test_a_member_reads_their_membership(member_api, group, member):
    body = member_api.get(url(group)).json()
    assert (body["user_id"], body["role"]) == (member.pk, "member")


def test_an_outsider_gets_404_for_a_membership(outsider_api, group):
    refuses(lambda: outsider_api.get(url(group)), 404)


def test_an_anonymous_caller_gets_401_for_a_membership(anonymous, group):
    refuses(lambda: anonymous.get(url(group)), 401)


# Changing it


def test_a_member_shares_details(member_api, group, member):
    response = send(member_api, "patch", url(group), {"sharing": "details"})
    assert response.status_code == 200
    assert response.json()["sharing"] == "details"
    assert mine(group, member).sharing == "details"


def test_the_organizer_hides_from_the_ranking(api, group, owner, challenge):
    response = send(api, "patch", url(group), {"hidden_from_ranking": True})
    assert response.status_code == 200
    assert response.json()["hidden_from_ranking"] is True
    assert mine(group, owner).hidden_from_ranking is True
    rows = api.get(f"/api/v1/challenges/{challenge.pk}/board").json()["members"]
    assert [(row["username"], row["hidden"]) for row in rows] == [
        ("member", False),
        ("owner", True),
    ]


def test_a_field_left_out_or_null_stays_as_it_is(member_api, group, member):
    Membership.objects.filter(user=member).update(sharing="details")
    body = send(member_api, "patch", url(group), {"sharing": None, "hidden_from_ranking": True})
    assert (body.json()["sharing"], body.json()["hidden_from_ranking"]) == ("details", True)
    assert send(member_api, "patch", url(group), {}).json()["sharing"] == "details"


def test_a_member_cannot_make_themselves_organizer(member_api, group, member):
    detail = refuses(lambda: send(member_api, "patch", url(group), {"role": "organizer"}), 422)
    assert detail == "Unknown field: role."
    assert mine(group, member).role == Role.MEMBER


def test_a_change_touches_only_the_callers_membership(member_api, group, owner):
    send(member_api, "patch", url(group), {"sharing": "details", "hidden_from_ranking": True})
    theirs = mine(group, owner)
    assert (theirs.sharing, theirs.hidden_from_ranking) == ("counts", False)


def test_it_refuses_an_unknown_sharing(member_api, group):
    refuses(
        lambda: send(member_api, "patch", url(group), {"sharing": "everything"}), 422, "sharing: "
    )


def test_it_refuses_a_hidden_flag_that_is_not_a_boolean(member_api, group):
    refuses(
        lambda: send(member_api, "patch", url(group), {"hidden_from_ranking": "perhaps"}),
        422,
        "hidden_from_ranking: ",
    )


def test_it_refuses_a_body_that_is_not_an_object(member_api, group):
    refuses(lambda: send(member_api, "patch", url(group), ["details"]), 400)


def test_an_outsider_gets_404_for_changing_a_membership(outsider_api, group):
    refuses(lambda: send(outsider_api, "patch", url(group), {"sharing": "details"}), 404)


def test_an_anonymous_caller_gets_401_for_changing_a_membership(anonymous, group):
    refuses(lambda: send(anonymous, "patch", url(group), {"sharing": "details"}), 401)


# Leaving


def test_a_member_leaves_and_keeps_their_asks(member_api, group, member):
    ask = make_ask(member, outcome="no")
    response = send(member_api, "delete", url(group))
    assert response.status_code == 200
    assert response.json() == {"group_deleted": False}
    assert not Membership.objects.filter(user=member).exists()
    assert Group.objects.filter(pk=group.pk).exists()
    assert member_api.get(f"/api/v1/groups/{group.pk}").status_code == 404
    assert member_api.get(f"/api/v1/asks/{ask.pk}").status_code == 200


def test_the_only_organizer_cannot_leave_while_others_stay(api, group):
    detail = refuses(lambda: send(api, "delete", url(group)), 400)
    assert detail == ("You are the group's only organizer: hand the role to another member first.")


def test_an_organizer_leaves_when_another_organizer_stays(api, group, owner, member):
    Membership.objects.filter(user=member).update(role=Role.ORGANIZER)
    assert send(api, "delete", url(group)).json() == {"group_deleted": False}
    assert list(group.memberships.values_list("user", flat=True)) == [member.pk]


def test_the_last_member_leaving_deletes_the_group_and_its_challenges(db):
    alone = make_user("alone")
    group = make_group(alone, name="Just me")
    Challenge.objects.create(group=group, name="Mine", starts_on="2026-11-01", ends_on="2026-11-30")
    response = send(api_client(alone), "delete", url(group))
    assert response.status_code == 200
    assert response.json() == {"group_deleted": True}
    assert not Group.objects.exists()
    assert not Challenge.objects.exists()


def test_leaving_twice_is_404(member_api, group):
    send(member_api, "delete", url(group))
    refuses(lambda: send(member_api, "delete", url(group)), 404)


def test_an_outsider_gets_404_for_leaving(outsider_api, group):
    refuses(lambda: send(outsider_api, "delete", url(group)), 404)


def test_an_anonymous_caller_gets_401_for_leaving(anonymous, group):
    refuses(lambda: send(anonymous, "delete", url(group)), 401)


def test_leaving_one_group_keeps_the_others(member_api, group, member):
    other = make_group(make_user("other"), name="Elsewhere")
    join(other, member)
    send(member_api, "delete", url(group))
    assert Membership.objects.filter(user=member, group=other).exists()
