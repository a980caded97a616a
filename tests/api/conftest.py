"""Three people around a group for the API's group and challenge tests.

The owner (from tests/conftest.py) organizes the group, the member belongs to
it, the outsider does not; each calls the API with a bearer token.
"""

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from nomentum.accounts.models import ApiToken, User
from tests.conftest import GROUP_NOW as NOW
from tests.conftest import everything

__all__ = ["NOW", "api_client", "everything", "refuses", "send"]


def api_client(user: User) -> Client:
    return Client(headers={"Authorization": f"Bearer {ApiToken.issue(user)[1]}"})


def send(client: Client, method: str, path: str, body: Any = None) -> Any:
    """Send a JSON body (or none) with any method."""
    data = "" if body is None else json.dumps(body)
    return getattr(client, method)(path, data, content_type="application/json")


@pytest.fixture
def member_api(member) -> Client:
    return api_client(member)


@pytest.fixture
def anonymous() -> Client:
    return Client()


def refuses(request: Callable[[], Any], status: int, starts: str = "") -> str:
    """Send the request and assert a {"detail"} refusal that changed nothing; return the detail.

    The request is passed unsent, as a callable, so that the snapshot of every table is
    taken before it is sent and compared after: a snapshot taken once the response is
    in hand would compare the database with itself and could never fail.
    """
    before = everything()
    response = request()
    assert response.status_code == status, response.content
    body = response.json()
    assert isinstance(body["detail"], str)
    assert body["detail"].startswith(starts), body["detail"]
    assert everything() == before
    return body["detail"]
