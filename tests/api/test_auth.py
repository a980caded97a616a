"""The asks endpoints need a bearer token or a session; a session write needs a CSRF token too."""

import pytest
from django.test import Client

from nomentum.asks.models import Ask
from tests.conftest import make_ask, stored

CSRF = "a" * 32  # a well-formed unmasked CSRF secret, used as both cookie and header


@pytest.fixture
def ask(owner) -> Ask:
    return make_ask(owner, title="Essay")


def call(client: Client, method: str, path: str):
    if method in ("post", "patch"):
        return getattr(client, method)(path, {"title": "Changed"}, content_type="application/json")
    return getattr(client, method)(path)


ENDPOINTS = [
    ("get", "/api/v1/asks"),
    ("post", "/api/v1/asks"),
    ("get", "/api/v1/asks/{id}"),
    ("patch", "/api/v1/asks/{id}"),
    ("delete", "/api/v1/asks/{id}"),
]


@pytest.mark.parametrize("method, path", ENDPOINTS)
def test_it_refuses_an_anonymous_caller(ask, method, path):
    before = stored(Ask)
    response = call(Client(), method, path.format(id=ask.pk))
    assert response.status_code == 401
    assert isinstance(response.json()["detail"], str)
    assert stored(Ask) == before


@pytest.mark.parametrize(
    "header",
    ["Bearer nmt_not-a-token", "Bearer ", "Basic b3duZXI6cGFzc3dvcmQ=", "nmt_no-scheme"],
)
def test_it_refuses_a_bad_authorization_header(ask, header):
    response = Client(headers={"Authorization": header}).get("/api/v1/asks")
    assert response.status_code == 401
    assert isinstance(response.json()["detail"], str)


def test_a_session_can_read(owner_client, ask):
    response = owner_client.get("/api/v1/asks")
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["items"]] == [ask.pk]


def test_a_session_write_without_a_csrf_token_is_refused(owner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    response = client.post("/api/v1/asks", {"title": "Essay"}, content_type="application/json")
    assert response.status_code == 403
    assert isinstance(response.json()["detail"], str)
    assert not Ask.objects.exists()


def test_a_session_delete_without_a_csrf_token_is_refused(owner, ask):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    assert client.delete(f"/api/v1/asks/{ask.pk}").status_code == 403
    assert Ask.objects.filter(pk=ask.pk).exists()


def test_a_session_write_with_its_csrf_token_is_accepted(owner):
    client = Client(enforce_csrf_checks=True, headers={"X-CSRFToken": CSRF})
    client.force_login(owner)
    client.cookies["csrftoken"] = CSRF
    response = client.post("/api/v1/asks", {"title": "Essay"}, content_type="application/json")
    assert response.status_code == 201


def test_a_bearer_token_needs_no_csrf_token(token):
    client = Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {token}"})
    response = client.post("/api/v1/asks", {"title": "Essay"}, content_type="application/json")
    assert response.status_code == 201
