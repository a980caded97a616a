"""An organizer removes a member or hands the organizer role over; nobody else can."""

import pytest

from nomentum.challenges.models import Membership, Role
from tests.conftest import make_group, make_user
from tests.pages.conftest import everything

pytestmark = pytest.mark.usefixtures("frozen")


def membership_of(group, user) -> Membership:
    return Membership.objects.get(group=group, user=user)


def test_the_organizer_removes_a_member(group, member, owner_client):
    target = membership_of(group, member)
    response = owner_client.post(f"/groups/{group.pk}/members/{target.pk}/remove", follow=True)
    assert response.redirect_chain == [(f"/groups/{group.pk}/#members", 302)]
    assert "Removed member from the group." in response.text
    assert not Membership.objects.filter(pk=target.pk).exists()


def test_a_member_cannot_remove_anyone(group, owner, member_client):
    target = membership_of(group, owner)
    before = everything()
    response = member_client.post(f"/groups/{group.pk}/members/{target.pk}/remove")
    assert response.status_code == 403
    assert "Only the group&#x27;s organizers can do that." in response.text
    assert everything() == before


def test_an_outsider_cannot_remove_anyone(group, member, outsider_client):
    target = membership_of(group, member)
    before = everything()
    response = outsider_client.post(f"/groups/{group.pk}/members/{target.pk}/remove")
    assert response.status_code == 404
    assert everything() == before


def test_the_organizer_is_told_to_leave_rather_than_remove_themselves(group, owner, owner_client):
    me = membership_of(group, owner)
    before = everything()
    response = owner_client.post(f"/groups/{group.pk}/members/{me.pk}/remove", follow=True)
    assert "To leave the group yourself, use Leave." in response.text
    assert everything() == before


def test_a_member_of_another_group_cannot_be_removed_from_here(group, owner, owner_client):
    stranger = make_user("stranger")
    elsewhere = make_group(stranger, name="Elsewhere")
    target = membership_of(elsewhere, stranger)
    before = everything()
    response = owner_client.post(f"/groups/{group.pk}/members/{target.pk}/remove")
    assert response.status_code == 404
    assert everything() == before


def test_the_organizer_hands_the_role_over(group, owner, member, owner_client):
    target = membership_of(group, member)
    response = owner_client.post(f"/groups/{group.pk}/members/{target.pk}/hand-over", follow=True)
    assert "member is the organizer now; you are a member." in response.text
    assert membership_of(group, member).role == Role.ORGANIZER
    assert membership_of(group, owner).role == Role.MEMBER


def test_after_handing_over_the_old_organizer_can_leave(group, owner, member, owner_client):
    target = membership_of(group, member)
    owner_client.post(f"/groups/{group.pk}/members/{target.pk}/hand-over")
    response = owner_client.post(f"/groups/{group.pk}/leave")
    assert response.status_code == 302
    assert list(Membership.objects.values_list("user__username", "role")) == [
        ("member", "organizer")
    ]


def test_a_member_cannot_take_the_organizer_role(group, member, member_client):
    target = membership_of(group, member)
    before = everything()
    response = member_client.post(f"/groups/{group.pk}/members/{target.pk}/hand-over")
    assert response.status_code == 403
    assert "Only the group&#x27;s organizers can do that." in response.text
    assert everything() == before


def test_an_outsider_cannot_hand_anything_over(group, member, outsider_client):
    target = membership_of(group, member)
    before = everything()
    response = outsider_client.post(f"/groups/{group.pk}/members/{target.pk}/hand-over")
    assert response.status_code == 404
    assert everything() == before


def test_member_tools_only_take_a_post(group, member, owner_client):
    target = membership_of(group, member)
    response = owner_client.get(f"/groups/{group.pk}/members/{target.pk}/remove")
    assert response.status_code == 405
    assert Membership.objects.filter(pk=target.pk).exists()
