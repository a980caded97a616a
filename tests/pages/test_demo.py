"""The demo at /demo shows the demo group's month to anyone, reads only, and only demo data."""

import datetime as dt
import re

import pytest
from django.test import Client

from nomentum.accounts.models import User
from nomentum.asks.models import Ask
from nomentum.challenges import services
from nomentum.challenges.models import Group, Sharing
from nomentum.lib.errors import Refusal
from nomentum.web.demo_data import DESCRIPTION, GROUP_NAME, load_demo
from tests.conftest import everything, join, make_ask, make_challenge, make_user, stored

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def loaded(db):
    return load_demo(today=dt.date(2026, 11, 11))


def test_it_shows_the_board_of_fifteen_members_to_a_visitor(loaded):
    response = Client().get("/demo")
    assert response.status_code == 200
    text = response.text
    assert "<h1>November of NO</h1>" in text
    assert "<strong>Demo data:</strong>" in text
    assert '<dd data-total="members">15</dd>' in text
    # One demo member hides from the ranking: fourteen rows, fifteen counted.
    assert len(re.findall(r'<li class="board-row" data-member="demo-', text)) == 14
    assert "1 member chose to stay off the ranking" in text
    assert 'data-member="demo-maya"' in text
    assert "What's new in the group" in text
    assert 'class="feed-item' in text


def test_it_has_no_form_that_writes(loaded):
    text = Client().get("/demo").text
    assert "<form" not in text
    assert 'method="post"' not in text
    assert "Cheer" not in text


def test_a_signed_in_visitor_only_has_the_log_out_form(loaded, owner_client):
    text = owner_client.get("/demo").text
    assert re.findall(r'<form[^>]*action="([^"]*)"', text) == ["/logout"]
    assert "Back to your own no's" in text


def test_visiting_it_writes_nothing(loaded, owner_client):
    before = everything() + stored(User)
    Client().get("/demo")
    owner_client.get("/demo?sort=points")
    assert everything() + stored(User) == before


def test_it_never_shows_a_real_person(loaded, owner):
    make_ask(owner, title="Secret pitch to the real editor", recipient="Real Editor")
    # Even a real account that somehow joined the demo group stays out of it.
    join(loaded.group, owner)
    text = Client().get("/demo").text
    assert 'data-member="owner"' not in text
    assert "<strong>owner</strong>" not in text
    assert "Secret pitch" not in text
    assert "Real Editor" not in text
    assert '<dd data-total="members">14</dd>' in text


def test_it_never_shows_a_private_demo_ask(loaded):
    private = Ask.objects.filter(user__username__startswith="demo-", private=True)
    assert private.exists()
    text = Client().get("/demo").text
    assert 'id="ask-' in text
    for ask in private:
        assert f'id="ask-{ask.pk}"' not in text


def test_without_the_demo_it_tells_the_operator_how_to_load_it(db):
    response = Client().get("/demo")
    assert response.status_code == 404
    assert "<h1>No demo here yet</h1>" in response.text
    assert "<code>nomentum demo</code>" in response.text
    assert not User.objects.exists()


def test_the_landing_page_links_to_it_once_loaded(db):
    assert "See a month of no" not in Client().get("/").text
    load_demo()
    text = Client().get("/").text
    assert """<a href="/demo">See a month of no's</a>""" in text


def take_over_attempt() -> Group:
    """Return the look-alike anyone could make: an account named like the demo's organizer,
    its email emptied, running a group named and described like the demo's."""
    attacker = make_user("demo-maya", email="", display_name="demo-Maya of evil.example")
    group = services.create_group(attacker, GROUP_NAME, "Demo data: free money at evil.example")
    group.memberships.update(sharing=Sharing.DETAILS)
    make_challenge(group=group)
    make_ask(attacker, title="Claim your prize at evil.example", outcome="no")
    return group


def test_a_look_alike_group_is_no_demo(db):
    take_over_attempt()
    response = Client().get("/demo")
    assert response.status_code == 404
    assert "<h1>No demo here yet</h1>" in response.text
    assert "evil.example" not in response.text
    assert "See a month of no" not in Client().get("/").text


def test_loading_after_a_look_alike_neither_adopts_its_group_nor_its_user(db):
    look_alike = take_over_attempt()
    before = everything() + stored(User)
    with pytest.raises(Refusal) as refused:
        load_demo(today=dt.date(2026, 11, 11))
    assert "demo-maya" in refused.value.message
    assert everything() + stored(User) == before
    assert not Group.objects.filter(is_demo=True).exists()
    assert not User.objects.filter(is_demo=True).exists()
    assert "evil.example" not in Client().get("/demo").text
    # Once the operator has dealt with the account, the demo loads beside the look-alike.
    User.objects.filter(username="demo-maya").update(username="maya-the-real")
    result = load_demo(today=dt.date(2026, 11, 11))
    assert result.created and result.group.pk != look_alike.pk
    text = Client().get("/demo").text
    assert '<dd data-total="members">15</dd>' in text
    assert "evil.example" not in text
    assert look_alike.memberships.count() == 1


def test_it_never_shows_an_account_that_is_not_demo_data_even_one_named_demo(loaded):
    impostor = make_user("demo-zoe2", email="", display_name="demo-Zoe of evil.example")
    make_ask(impostor, title="Claim your prize at evil.example", outcome="no")
    join(loaded.group, impostor, sharing=Sharing.DETAILS)
    text = Client().get("/demo").text
    assert 'data-member="demo-zoe2"' not in text
    assert "evil.example" not in text
    # As for any real account that joined (test_it_never_shows_a_real_person).
    assert '<dd data-total="members">14</dd>' in text


def test_nobody_makes_their_own_group_or_account_demo_data(owner, owner_client, api):
    owner_client.post("/groups/", {"name": GROUP_NAME, "description": DESCRIPTION, "is_demo": "on"})
    api.post(
        "/api/v1/groups",
        {"name": GROUP_NAME, "description": DESCRIPTION, "is_demo": True},
        content_type="application/json",
    )
    profile = {"email": "", "timezone": "UTC", "silence_days": 30, "hour": 8, "is_demo": "on"}
    owner_client.post("/accounts/profile", profile)
    assert Group.objects.filter(name=GROUP_NAME).exists()
    assert not Group.objects.filter(is_demo=True).exists()
    assert not User.objects.filter(is_demo=True).exists()
    assert Client().get("/demo").status_code == 404
