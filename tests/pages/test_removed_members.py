"""Someone an organizer removed cannot rejoin by any invite link until an organizer lets them
back in; someone who left by themselves can."""

import datetime as dt

import pytest
from django.test import Client

from nomentum.challenges.models import Group, Invite, Membership, Removal
from tests.conftest import client_for, make_group, make_invite, make_user
from tests.pages.conftest import NOW, everything

pytestmark = pytest.mark.usefixtures("frozen")

REFUSED = (
    "You were removed from November of NO: an organizer has to let you back in before you "
    "can join again."
)


@pytest.fixture
def invite(group, owner) -> Invite:
    return make_invite(group, owner, NOW)


def remove(client: Client, group: Group, user) -> None:
    target = Membership.objects.get(group=group, user=user)
    response = client.post(f"/groups/{group.pk}/members/{target.pk}/remove")
    assert response.status_code == 302


def removal_of(group: Group, user) -> Removal:
    return Removal.objects.get(group=group, user=user)


def test_a_removed_member_cannot_rejoin_with_the_link_they_had(
    invite, group, member, owner_client, member_client
):
    remove(owner_client, group, member)
    before = everything()
    response = member_client.post(f"/join/{invite.code}")
    assert response.status_code == 403
    assert REFUSED in response.text
    assert everything() == before
    assert not Membership.objects.filter(group=group, user=member).exists()


def test_a_removed_member_cannot_rejoin_with_a_new_link(group, owner, member, owner_client):
    remove(owner_client, group, member)
    owner_client.post(f"/groups/{group.pk}/invites", {"days": "7"})
    invite = Invite.objects.get()
    client = client_for(member)
    before = everything()
    response = client.post(f"/join/{invite.code}")
    assert response.status_code == 403
    assert REFUSED in response.text
    assert everything() == before


def test_the_invite_page_tells_a_removed_member_before_they_try(
    invite, group, member, owner_client, member_client
):
    remove(owner_client, group, member)
    response = member_client.get(f"/join/{invite.code}")
    assert response.status_code == 403
    assert REFUSED in response.text
    assert "Join November of NO</button>" not in response.text


def test_a_member_who_left_by_themselves_rejoins_with_a_link(invite, group, member, member_client):
    member_client.post(f"/groups/{group.pk}/leave")
    assert not Membership.objects.filter(group=group, user=member).exists()
    response = member_client.post(f"/join/{invite.code}")
    assert response.status_code == 302
    assert Membership.objects.filter(group=group, user=member).exists()


def test_the_members_page_lists_removed_people_with_a_let_back_in_button(
    group, member, owner_client
):
    remove(owner_client, group, member)
    removal = removal_of(group, member)
    text = owner_client.get(f"/groups/{group.pk}/").text
    assert '<h3 id="removed-title">Removed</h3>' in text
    assert f'action="/groups/{group.pk}/removals/{removal.pk}/let-back-in"' in text
    assert "Let member back in</button>" in text


def test_a_plain_member_does_not_see_who_was_removed(group, owner, member_client):
    third = make_user("third")
    group.memberships.create(user=third)
    remove(client_for(owner), group, third)
    text = member_client.get(f"/groups/{group.pk}/").text
    assert "Removed" not in text
    assert "let-back-in" not in text


def test_the_organizer_lets_a_removed_person_back_in_and_they_can_join(
    invite, group, member, owner_client, member_client
):
    remove(owner_client, group, member)
    removal = removal_of(group, member)
    response = owner_client.post(
        f"/groups/{group.pk}/removals/{removal.pk}/let-back-in", follow=True
    )
    assert response.redirect_chain == [(f"/groups/{group.pk}/#members", 302)]
    assert "member can join again with an invite link." in response.text
    assert not Removal.objects.exists()
    # Letting back in lifts the block; joining stays the person's own choice.
    assert not Membership.objects.filter(group=group, user=member).exists()
    assert member_client.post(f"/join/{invite.code}").status_code == 302
    assert Membership.objects.filter(group=group, user=member).exists()


def test_a_member_cannot_let_anyone_back_in(group, owner, member_client):
    third = make_user("third")
    group.memberships.create(user=third)
    remove(client_for(owner), group, third)
    removal = removal_of(group, third)
    before = everything()
    response = member_client.post(f"/groups/{group.pk}/removals/{removal.pk}/let-back-in")
    assert response.status_code == 403
    assert "Only the group&#x27;s organizers can do that." in response.text
    assert everything() == before


def test_an_outsider_cannot_let_anyone_back_in(group, member, owner_client, outsider_client):
    remove(owner_client, group, member)
    removal = removal_of(group, member)
    before = everything()
    response = outsider_client.post(f"/groups/{group.pk}/removals/{removal.pk}/let-back-in")
    assert response.status_code == 404
    assert everything() == before


def test_a_removal_from_another_group_cannot_be_lifted_from_here(group, owner, owner_client):
    stranger = make_user("stranger")
    ousted = make_user("ousted")
    elsewhere = make_group(stranger, ousted, name="Elsewhere")
    remove(client_for(stranger), elsewhere, ousted)
    removal = removal_of(elsewhere, ousted)
    before = everything()
    response = owner_client.post(f"/groups/{group.pk}/removals/{removal.pk}/let-back-in")
    assert response.status_code == 404
    assert everything() == before


def test_letting_back_in_only_takes_a_post(group, member, owner_client):
    remove(owner_client, group, member)
    removal = removal_of(group, member)
    response = owner_client.get(f"/groups/{group.pk}/removals/{removal.pk}/let-back-in")
    assert response.status_code == 405
    assert Removal.objects.filter(pk=removal.pk).exists()


def test_an_expired_link_still_says_it_expired_to_a_removed_member(
    group, owner, member, owner_client, member_client
):
    remove(owner_client, group, member)
    old = make_invite(group, owner, NOW - dt.timedelta(days=8), days=7)
    response = member_client.post(f"/join/{old.code}")
    assert response.status_code == 410
    assert "This invite link has expired." in response.text


def test_someone_let_back_in_and_removed_again_is_blocked_again(
    invite, group, member, owner_client, member_client
):
    remove(owner_client, group, member)
    owner_client.post(f"/groups/{group.pk}/removals/{removal_of(group, member).pk}/let-back-in")
    member_client.post(f"/join/{invite.code}")
    remove(owner_client, group, member)
    response = member_client.post(f"/join/{invite.code}")
    assert response.status_code == 403
    assert REFUSED in response.text
