"""My groups at /groups/, a group's page at /groups/<id>/, my settings in it, and leaving it."""

import datetime as dt

import pytest
from django.test import Client

from nomentum.challenges.models import Group, Membership, Role
from tests.conftest import client_for, join, make_ask, make_challenge, make_group, make_user
from tests.pages.conftest import everything

pytestmark = pytest.mark.usefixtures("frozen")
D = dt.date


def test_it_lists_only_my_groups(owner_client, owner, outsider):
    make_group(owner, name="Writers")
    make_group(outsider, name="Secret society")
    response = owner_client.get("/groups/")
    assert response.status_code == 200
    assert "Writers" in response.text
    assert "Secret society" not in response.text


def test_it_creates_a_group_with_me_as_its_organizer(owner, owner_client):
    response = owner_client.post(
        "/groups/", {"name": "  November of NO ", "description": "Pitch daily."}
    )
    group = Group.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/groups/{group.pk}/#invites"
    assert (group.name, group.description) == ("November of NO", "Pitch daily.")
    assert Membership.objects.get(group=group).role == Role.ORGANIZER


def test_a_group_needs_a_name(owner_client):
    response = owner_client.post("/groups/", {"name": "   "})
    assert response.status_code == 200
    assert "This field is required." in response.text
    assert not Group.objects.exists()


def test_an_anonymous_visitor_is_sent_to_log_in(group):
    response = Client().get(f"/groups/{group.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/login?next=/groups/{group.pk}/"


def test_the_group_page_shows_members_with_roles_and_challenges_with_states(group, member_client):
    make_challenge(
        group=group, name="October warm-up", starts_on=D(2026, 10, 1), ends_on=D(2026, 10, 31)
    )
    make_challenge(group=group, name="November of NO")
    make_challenge(
        group=group, name="December push", starts_on=D(2026, 12, 1), ends_on=D(2026, 12, 31)
    )

    response = member_client.get(f"/groups/{group.pk}/")

    assert response.status_code == 200
    html = response.text
    assert "owner" in html and "member <small>(you)</small>" in html
    assert 'class="badge role-organizer">Organizer<' in html
    assert 'class="badge role-member">Member<' in html
    assert "October warm-up" in html and 'state-finished">finished<' in html
    assert 'state-running">running<' in html
    assert 'state-upcoming">upcoming<' in html


def test_a_member_sees_no_organizer_tools(group, member_client):
    html = member_client.get(f"/groups/{group.pk}/").text
    assert "Invite links" not in html
    assert "/members/" not in html
    assert "New challenge" not in html


def test_the_organizer_sees_invites_and_member_tools(group, owner_client):
    html = owner_client.get(f"/groups/{group.pk}/").text
    assert "Invite links" in html
    assert "/hand-over" in html and "/remove" in html
    assert f'href="/groups/{group.pk}/challenges/new"' in html


def test_an_outsider_gets_404_and_learns_nothing(group, outsider_client):
    response = outsider_client.get(f"/groups/{group.pk}/")
    assert response.status_code == 404
    assert "November of NO" not in response.text


def test_a_member_saves_sharing_and_hiding_from_the_ranking(group, member, member_client):
    response = member_client.post(
        f"/groups/{group.pk}/membership", {"sharing": "details", "hidden_from_ranking": "on"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/groups/{group.pk}/#settings"
    membership = Membership.objects.get(group=group, user=member)
    assert (membership.sharing, membership.hidden_from_ranking) == ("details", True)


def test_an_unknown_sharing_choice_changes_nothing(group, member_client):
    before = everything()
    response = member_client.post(f"/groups/{group.pk}/membership", {"sharing": "everything"})
    assert response.status_code == 200
    assert "Select a valid choice." in response.text
    assert everything() == before


def test_an_outsider_cannot_change_settings(group, outsider_client):
    before = everything()
    response = outsider_client.post(f"/groups/{group.pk}/membership", {"sharing": "details"})
    assert response.status_code == 404
    assert everything() == before


def test_leaving_asks_for_confirmation_first(group, member_client):
    response = member_client.get(f"/groups/{group.pk}/leave")
    assert response.status_code == 200
    assert "Leave November of NO?" in response.text
    assert Membership.objects.count() == 2


def test_a_member_leaves(group, member, member_client):
    response = member_client.post(f"/groups/{group.pk}/leave", follow=True)
    assert response.redirect_chain == [("/groups/", 302)]
    assert "You left November of NO." in response.text
    assert not Membership.objects.filter(user=member).exists()


def test_the_only_organizer_cannot_leave(group, owner_client):
    before = everything()
    response = owner_client.post(f"/groups/{group.pk}/leave", follow=True)
    assert response.redirect_chain == [(f"/groups/{group.pk}/#members", 302)]
    assert "You are the group&#x27;s only organizer: hand the role" in response.text
    assert everything() == before


def test_the_last_member_leaving_deletes_the_group(owner, owner_client):
    group = make_group(owner, name="Just me")
    response = owner_client.post(f"/groups/{group.pk}/leave", follow=True)
    assert "You were its last member, so it is gone." in response.text
    assert not Group.objects.exists()


def test_an_outsider_cannot_leave_a_group_they_are_not_in(group, outsider_client):
    before = everything()
    assert outsider_client.get(f"/groups/{group.pk}/leave").status_code == 404
    assert outsider_client.post(f"/groups/{group.pk}/leave").status_code == 404
    assert everything() == before


# The organizer's page runs two more queries than a member's: the invite links and the
# people removed from the group.
GROUP_PAGE_QUERIES = {"owner": 9, "member": 7}


@pytest.mark.parametrize("size", [3, 30])
@pytest.mark.parametrize("viewer", ["owner", "member"])
def test_the_group_page_runs_the_same_queries_at_any_size(
    group, owner, member, viewer, size, django_assert_num_queries
):
    make_challenge(group=group)
    for index in range(size - 2):
        user = make_user(f"m{index}")
        join(group, user, sharing="details" if index % 2 else "counts")
        make_ask(user, outcome="no", asked_on=D(2026, 11, 2), decided_on=D(2026, 11, 3))
        make_ask(user, outcome="yes", asked_on=D(2026, 11, 2), decided_on=D(2026, 11, 4))
    client = client_for(owner if viewer == "owner" else member)
    with django_assert_num_queries(GROUP_PAGE_QUERIES[viewer]):
        response = client.get(f"/groups/{group.pk}/")
    assert response.status_code == 200
    assert response.text.count('class="member-line"') == size
