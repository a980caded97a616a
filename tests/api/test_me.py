"""GET /api/v1/me describes the caller, with exactly the contract's fields."""

from django.test import Client


def test_it_describes_the_caller(api, owner):
    response = api.get("/api/v1/me")
    assert response.status_code == 200
    assert response.json() == {
        "id": owner.pk,
        "username": "owner",
        "email": "owner@example.com",
        "timezone": "Europe/Berlin",
        "silence_days": 30,
    }


def test_it_follows_a_changed_silence_rule(api, owner):
    owner.silence_days = 0
    owner.save()
    assert api.get("/api/v1/me").json()["silence_days"] == 0


def test_it_works_with_the_session(owner_client):
    assert owner_client.get("/api/v1/me").json()["username"] == "owner"


def test_it_refuses_an_anonymous_caller(db):
    response = Client().get("/api/v1/me")
    assert response.status_code == 401
    assert isinstance(response.json()["detail"], str)
