"""DELETE /api/v1/groups/{id}/members/{user_id} and POST /api/v1/groups/{id}/organizer.

Organizers remove members and hand their role over; a member gets 403 and an
outsider 404, and neither changes anything.
"""

import pytest

from nomentum.asks.models import Ask
from nomentum.challenges.models import Group, Membership
from tests.api.conftest import refuses, send
from tests.conftest import join, make_ask, make_group, make_user

pytestmark = pytest.mark.usefixtures("frozen")


def member_url(group: Group, user_id: int) -> str:
    return f"/api/v1/groups/{group.pk}/members/{user_id}"


def organizer_url(group: Group) -> str:
    return f"/api/v1/groups/{group.pk}/organizer"


def roles(group: Group) -> list[tuple[str, str]]:
    return list(group.memberships.order_by("user__username").values_list("user__username", "role"))


@pytest.fixture
def third(group):
    user = make_user("third")
    join(group, user)
    return user


# Removing a member


def test_the_organizer_removes_a_member_who_keeps_their_asks(api, member_api, group, member):
    ask = make_ask(member, outcome="no")
    response = send(api, "delete", member_url(group, member.pk))
    assert response.status_code == 204
    assert roles(group) == [("owner", "organizer")]
    assert Ask.objects.filter(pk=ask.pk).exists()
    assert member_api.get(f"/api/v1/groups/{group.pk}").status_code == 404


def test_a_member_cannot_remove_another_member(member_api, group, third):
    detail = refuses(lambda: send(member_api, "delete", member_url(group, third.pk)), 403)
    assert detail == "Only the group's organizers can do that."


def test_a_member_cannot_remove_the_organizer(member_api, group, owner):
    refuses(lambda: send(member_api, "delete", member_url(group, owner.pk)), 403)


def test_the_organizer_cannot_remove_themselves(api, group, owner):
    detail = refuses(lambda: send(api, "delete", member_url(group, owner.pk)), 400)
    assert detail == "To leave the group yourself, use Leave."


def test_someone_outside_the_group_is_404(api, group, outsider):
    make_group(outsider, name="Elsewhere")
    refuses(lambda: send(api, "delete", member_url(group, outsider.pk)), 404)


@pytest.mark.parametrize("user_id", [0, 10_000, 2**64])
def test_a_user_that_does_not_exist_is_404(api, group, user_id):
    refuses(lambda: send(api, "delete", member_url(group, user_id)), 404)


def test_an_outsider_gets_404_for_removing(outsider_api, group, member):
    refuses(lambda: send(outsider_api, "delete", member_url(group, member.pk)), 404)


def test_an_anonymous_caller_gets_401_for_removing(anonymous, group, member):
    refuses(lambda: send(anonymous, "delete", member_url(group, member.pk)), 401)


def test_an_organizer_of_another_group_gets_404(group, member, outsider, outsider_api):
    make_group(outsider, name="Elsewhere")
    refuses(lambda: send(outsider_api, "delete", member_url(group, member.pk)), 404)


# Handing the organizer role over


def test_the_organizer_hands_the_role_to_a_member(api, group, owner, member):
    response = send(api, "post", organizer_url(group), {"user_id": member.pk})
    assert response.status_code == 200
    body = response.json()
    assert body["role"] == "member"
    assert {m["username"]: m["role"] for m in body["members"]} == {
        "owner": "member",
        "member": "organizer",
    }
    assert roles(group) == [("member", "organizer"), ("owner", "member")]


def test_after_a_hand_over_only_the_new_organizer_acts(api, member_api, group, member):
    send(api, "post", organizer_url(group), {"user_id": member.pk})
    assert send(api, "post", f"/api/v1/groups/{group.pk}/invites").status_code == 403
    assert send(member_api, "post", f"/api/v1/groups/{group.pk}/invites").status_code == 201


def test_a_member_cannot_hand_the_role_over(member_api, group, third):
    body = {"user_id": third.pk}
    detail = refuses(lambda: send(member_api, "post", organizer_url(group), body), 403)
    assert detail == "Only the group's organizers can do that."


def test_a_member_cannot_take_the_role(member_api, group, member):
    refuses(lambda: send(member_api, "post", organizer_url(group), {"user_id": member.pk}), 403)


def test_handing_the_role_to_oneself_is_refused(api, group, owner):
    detail = refuses(lambda: send(api, "post", organizer_url(group), {"user_id": owner.pk}), 400)
    assert detail == "You are already the organizer."


def test_handing_the_role_to_someone_outside_the_group_is_refused(api, group, outsider):
    body = {"user_id": outsider.pk}
    detail = refuses(lambda: send(api, "post", organizer_url(group), body), 422)
    assert detail == "user_id: That person is not a member of this group."


@pytest.mark.parametrize(
    "body",
    [{}, {"user_id": None}, {"user_id": "member"}, {"user_id": 0}, {"user_id": 2**64}],
    ids=["missing", "null", "a name", "zero", "too large"],
)
def test_it_refuses_a_bad_user_id(api, group, body):
    refuses(lambda: send(api, "post", organizer_url(group), body), 422, "user_id: ")


def test_it_refuses_a_hand_over_without_a_body(api, group):
    refuses(
        lambda: api.post(organizer_url(group), "", content_type="application/json"),
        422,
        "The request needs a JSON body.",
    )


def test_an_outsider_gets_404_for_handing_over(outsider_api, group, member):
    body = {"user_id": member.pk}
    refuses(lambda: send(outsider_api, "post", organizer_url(group), body), 404)


def test_an_anonymous_caller_gets_401_for_handing_over(anonymous, group, member):
    refuses(lambda: send(anonymous, "post", organizer_url(group), {"user_id": member.pk}), 401)


def test_a_hand_over_keeps_everyone_else_as_they_were(api, group, member, third):
    Membership.objects.filter(user=third).update(sharing="details")
    send(api, "post", organizer_url(group), {"user_id": member.pk})
    assert Membership.objects.get(user=third).role == "member"
    assert Membership.objects.get(user=third).sharing == "details"
