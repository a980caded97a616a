"""Every 4xx from the API is a JSON object whose "detail" is a sentence (a string, never a list)."""

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from tests.conftest import PASSWORD, make_ask


@dataclass
class World:
    api: Client  # the owner's bearer token
    session: Client  # the owner's session, with CSRF checks on
    ask_id: int  # the owner's
    others_ask_id: int


@pytest.fixture
def world(owner, outsider, api) -> World:
    session = Client(enforce_csrf_checks=True)
    session.force_login(owner)
    return World(api, session, make_ask(owner).pk, make_ask(outsider).pk)


def send(client: Client, method: str, path: str, body: object = None) -> Any:
    data = body if isinstance(body, str) else json.dumps(body)
    return getattr(client, method)(path, data, content_type="application/json")


FAILURES: dict[str, Callable[[World], Any]] = {
    "anonymous": lambda w: Client().get("/api/v1/asks"),
    "unknown token": lambda w: Client(headers={"Authorization": "Bearer nmt_x"}).get("/api/v1/me"),
    "session without CSRF": lambda w: send(w.session, "post", "/api/v1/asks", {"title": "x"}),
    "wrong password": lambda w: send(
        Client(), "post", "/api/v1/auth/tokens", {"username": "owner", "password": "nope"}
    ),
    "username taken": lambda w: send(
        Client(),
        "post",
        "/api/v1/auth/signup",
        {"username": "owner", "email": "new@example.com", "password": PASSWORD},
    ),
    "another user's ask": lambda w: w.api.get(f"/api/v1/asks/{w.others_ask_id}"),
    "missing ask": lambda w: w.api.delete(f"/api/v1/asks/{w.ask_id + 1000}"),
    "unknown path": lambda w: w.api.get("/api/v1/nothing-here"),
    "id that is not a number": lambda w: w.api.get("/api/v1/asks/first"),
    "wrong method": lambda w: send(w.api, "put", f"/api/v1/asks/{w.ask_id}", {"title": "x"}),
    "malformed JSON": lambda w: send(w.api, "post", "/api/v1/asks", "{"),
    "JSON array": lambda w: send(w.api, "post", "/api/v1/asks", "[]"),
    "missing body": lambda w: send(w.api, "post", "/api/v1/asks", ""),
    "schema error": lambda w: send(w.api, "post", "/api/v1/asks", {"title": ""}),
    "several schema errors": lambda w: send(
        w.api, "post", "/api/v1/asks", {"title": "", "outcome": "maybe", "amount": -1}
    ),
    "model error": lambda w: send(
        w.api, "patch", f"/api/v1/asks/{w.ask_id}", {"feedback": "personal"}
    ),
    "bad query": lambda w: w.api.get("/api/v1/asks", {"limit": 501, "offset": -1}),
    "too large": lambda w: send(w.api, "post", "/api/v1/asks", {"notes": "x" * 3_000_000}),
}


@pytest.mark.parametrize("failure", FAILURES.values(), ids=FAILURES.keys())
def test_every_error_is_a_detail_sentence(world, failure):
    response = failure(world)
    assert 400 <= response.status_code < 500
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert isinstance(body, dict)
    assert isinstance(body["detail"], str)
    assert body["detail"].strip()
