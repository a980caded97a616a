"""POST /api/v1/auth/tokens trades a username and password for a bearer token, stored hashed."""

import datetime as dt

import time_machine
from django.test import Client

from nomentum.accounts.models import ApiToken
from tests.conftest import PASSWORD

URL = "/api/v1/auth/tokens"


def issue(username: str = "owner", password: str = PASSWORD, **fields):
    body = {"username": username, "password": password, **fields}
    return Client().post(URL, body, content_type="application/json")


def bearer(token: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {token}"})


def test_it_issues_a_token(owner):
    response = issue()
    assert response.status_code == 201
    assert list(response.json()) == ["token"]
    assert response.json()["token"].startswith("nmt_")
    assert ApiToken.objects.get().user == owner


def test_the_token_works_as_a_bearer_token(owner):
    token = issue().json()["token"]
    response = bearer(token).get("/api/v1/me")
    assert response.status_code == 200
    assert response.json()["username"] == "owner"


def test_it_keeps_the_name_given(owner):
    issue(name="phone shortcut")
    assert ApiToken.objects.get().name == "phone shortcut"


def test_it_stores_the_token_only_hashed(owner):
    token = issue().json()["token"]
    row = ApiToken.objects.values().get()
    assert all(token not in str(value) for value in row.values())


def test_it_refuses_a_wrong_password(owner):
    response = issue(password="not the passphrase")
    assert response.status_code == 401
    assert isinstance(response.json()["detail"], str)
    assert not ApiToken.objects.exists()


def test_it_refuses_an_unknown_username(db):
    response = issue(username="nobody")
    assert response.status_code == 401
    assert isinstance(response.json()["detail"], str)


def test_it_refuses_a_deactivated_user(owner):
    owner.is_active = False
    owner.save()
    assert issue().status_code == 401


def test_a_revoked_token_is_refused(owner):
    token = issue().json()["token"]
    ApiToken.objects.filter(user=owner).delete()
    response = bearer(token).get("/api/v1/me")
    assert response.status_code == 401
    assert isinstance(response.json()["detail"], str)


def test_the_token_of_a_deactivated_user_is_refused(owner, api):
    owner.is_active = False
    owner.save()
    assert api.get("/api/v1/me").status_code == 401


def test_it_records_use_at_most_once_a_minute(owner, token, api):
    start = dt.datetime(2026, 11, 5, 12, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as clock:
        api.get("/api/v1/me")
        assert ApiToken.objects.get().last_used_at == start
        clock.shift(dt.timedelta(seconds=30))
        api.get("/api/v1/me")
        assert ApiToken.objects.get().last_used_at == start
        clock.shift(dt.timedelta(seconds=31))
        api.get("/api/v1/me")
        assert ApiToken.objects.get().last_used_at == start + dt.timedelta(seconds=61)
