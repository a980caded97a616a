"""The admin opens its lists of users, asks and categories for a superuser."""

import pytest
from django.test import Client

from nomentum.accounts.models import User
from nomentum.asks.models import Outcome
from tests.conftest import PASSWORD, make_ask, make_group


@pytest.fixture
def admin_client(owner) -> Client:
    make_ask(owner, title="Night-train essay", category="pitch", outcome=Outcome.NO)
    superuser = User.objects.create_superuser("admin", "admin@example.com", PASSWORD)
    client = Client()
    client.force_login(superuser)
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/accounts/user/",
        "/admin/accounts/user/?q=owner",
        "/admin/accounts/apitoken/",
        "/admin/asks/ask/",
        "/admin/asks/ask/?q=night&outcome__exact=no",
        "/admin/asks/ask/?category__slug=pitch&asked_on__year=2026",
        "/admin/asks/category/",
        "/admin/asks/category/?q=pitch",
    ],
)
def test_it_opens_for_a_superuser(admin_client, url):
    assert admin_client.get(url).status_code == 200


def test_it_finds_an_ask_by_title(admin_client):
    response = admin_client.get("/admin/asks/ask/?q=night")
    assert "Night-train essay" in response.text


def test_it_opens_a_users_page(admin_client, owner):
    assert admin_client.get(f"/admin/accounts/user/{owner.pk}/change/").status_code == 200


def test_it_opens_an_asks_page(admin_client, owner):
    ask = owner.asks.get()
    assert admin_client.get(f"/admin/asks/ask/{ask.pk}/change/").status_code == 200


def test_it_refuses_an_ordinary_user(owner_client):
    assert owner_client.get("/admin/asks/ask/")["Location"].startswith("/admin/login/")


def test_it_shows_what_is_demo_data_but_lets_nobody_make_some(admin_client, owner):
    group = make_group(owner)
    for url in (
        f"/admin/accounts/user/{owner.pk}/change/",
        f"/admin/challenges/group/{group.pk}/change/",
    ):
        html = admin_client.get(url).text
        assert "Demo data:" in html
        # Only `nomentum demo` sets it: the admin shows it and has no field for it.
        assert 'name="is_demo"' not in html
