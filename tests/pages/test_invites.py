"""Invite links: the organizer makes and revokes them; anyone with a usable one joins by it."""

import datetime as dt

import pytest
from django.test import Client

from nomentum.challenges.models import Invite, Membership
from tests.conftest import PASSWORD, make_invite, make_user
from tests.pages.conftest import NOW, everything

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def invite(group, owner) -> Invite:
    return make_invite(group, owner, NOW)


# Making and revoking links ----------------------------------------------------


def test_the_organizer_makes_a_link_that_lasts_the_chosen_days(group, owner_client):
    response = owner_client.post(f"/groups/{group.pk}/invites", {"days": "7"}, follow=True)
    invite = Invite.objects.get()
    assert response.redirect_chain == [(f"/groups/{group.pk}/#invites", 302)]
    assert invite.expires_at == NOW + dt.timedelta(days=7)
    assert "New invite link, valid until Nov 18." in response.text
    assert f'value="http://testserver/join/{invite.code}" readonly' in response.text


def test_the_link_has_a_copy_button_that_needs_javascript(invite, group, owner_client):
    html = owner_client.get(f"/groups/{group.pk}/").text
    assert f'data-copy="invite-{invite.pk}"' in html
    # Hidden until the script shows it: without JavaScript the read-only field is enough.
    assert f'data-copy="invite-{invite.pk}" aria-live="polite" hidden>' in html
    assert '<script src="/static/nomentum/copy.js" defer></script>' in html


def test_an_expiry_outside_the_choices_changes_nothing(group, owner_client):
    response = owner_client.post(f"/groups/{group.pk}/invites", {"days": "365"})
    assert response.status_code == 200
    assert "Select a valid choice." in response.text
    assert not Invite.objects.exists()


def test_a_member_cannot_make_a_link(group, member_client):
    before = everything()
    response = member_client.post(f"/groups/{group.pk}/invites", {"days": "7"})
    assert response.status_code == 403
    assert "Only the group&#x27;s organizers can do that." in response.text
    assert everything() == before


def test_an_outsider_cannot_make_a_link(group, outsider_client):
    before = everything()
    response = outsider_client.post(f"/groups/{group.pk}/invites", {"days": "7"})
    assert response.status_code == 404
    assert everything() == before


def test_the_organizer_revokes_a_link(invite, group, owner_client):
    response = owner_client.post(f"/groups/{group.pk}/invites/{invite.pk}/revoke", follow=True)
    invite.refresh_from_db()
    assert invite.revoked_at == NOW
    assert "Revoked the invite link" in response.text
    assert invite.code not in response.text


def test_a_member_cannot_revoke_a_link(invite, group, member_client):
    before = everything()
    response = member_client.post(f"/groups/{group.pk}/invites/{invite.pk}/revoke")
    assert response.status_code == 403
    assert everything() == before


def test_an_outsider_cannot_revoke_a_link(invite, group, outsider_client):
    before = everything()
    response = outsider_client.post(f"/groups/{group.pk}/invites/{invite.pk}/revoke")
    assert response.status_code == 404
    assert everything() == before


# Joining ----------------------------------------------------------------------


def test_the_invite_page_shows_the_group_and_a_join_button(invite, outsider_client):
    response = outsider_client.get(f"/join/{invite.code}")
    assert response.status_code == 200
    assert "<h1>Join November of NO</h1>" in response.text
    assert '<button class="button primary big">Join November of NO</button>' in response.text
    assert not Membership.objects.filter(user__username="outsider").exists()


def test_joining_makes_a_member_and_counts_the_use(invite, group, outsider, outsider_client):
    response = outsider_client.post(f"/join/{invite.code}", follow=True)
    assert response.redirect_chain == [(f"/groups/{group.pk}/", 302)]
    assert "Welcome to November of NO!" in response.text
    membership = Membership.objects.get(group=group, user=outsider)
    assert (membership.role, membership.sharing) == ("member", "counts")
    invite.refresh_from_db()
    assert invite.uses == 1


def test_one_link_serves_many_people(invite):
    for name in ("ana", "ben", "cy"):
        client = Client()
        client.force_login(make_user(name))
        assert client.post(f"/join/{invite.code}").status_code == 302
    invite.refresh_from_db()
    assert invite.uses == 3


def test_an_anonymous_visitor_is_offered_log_in_or_sign_up_and_comes_back(invite):
    response = Client().get(f"/join/{invite.code}")
    assert response.status_code == 200
    assert "<h1>Join November of NO</h1>" in response.text
    assert f'href="/login?next=/join/{invite.code}"' in response.text
    assert f'href="/accounts/signup?next=/join/{invite.code}"' in response.text
    assert '<form method="post">' not in response.text


def test_logging_in_from_the_invite_comes_back_to_it(invite):
    make_user("newcomer")
    client = Client()
    response = client.post(
        "/login", {"username": "newcomer", "password": PASSWORD, "next": f"/join/{invite.code}"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/join/{invite.code}"
    assert "Join November of NO</button>" in client.get(response["Location"]).text


def test_an_anonymous_post_is_sent_to_log_in_and_joins_nobody(invite):
    before = everything()
    response = Client().post(f"/join/{invite.code}")
    assert response.status_code == 302
    assert response["Location"] == f"/login?next=/join/{invite.code}"
    assert everything() == before


def test_an_expired_link_says_so_with_410(group, owner, outsider_client):
    invite = make_invite(group, owner, NOW - dt.timedelta(days=8), days=7)
    before = everything()
    for response in (
        outsider_client.get(f"/join/{invite.code}"),
        outsider_client.post(f"/join/{invite.code}"),
    ):
        assert response.status_code == 410
        assert "This invite link has expired. Ask the organizer for a new one." in response.text
        assert "November of NO" not in response.text
    assert everything() == before


def test_a_revoked_link_says_so_with_410(group, owner, outsider_client):
    invite = make_invite(group, owner, NOW, revoked_at=NOW - dt.timedelta(minutes=1))
    before = everything()
    response = outsider_client.post(f"/join/{invite.code}")
    assert response.status_code == 410
    assert "This invite link was revoked. Ask the organizer for a new one." in response.text
    assert everything() == before


def test_an_unknown_code_is_404(db, outsider_client):
    assert outsider_client.get("/join/no-such-code").status_code == 404


def test_joining_twice_says_already_a_member_and_changes_nothing(invite, group, member_client):
    before = everything()
    response = member_client.post(f"/join/{invite.code}")
    assert response.status_code == 409
    assert "You are already a member of November of NO." in response.text
    assert f'href="/groups/{group.pk}/"' in response.text
    assert everything() == before
