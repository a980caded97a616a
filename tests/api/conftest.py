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

__all__ = ["NOW", "api_client", "assert_refused", "everything", "refuses", "send"]


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


def assert_refused(response: Any, status: int, before: list[dict], starts: str = "") -> str:
    """Assert a {"detail"} refusal with this status that changed nothing; return the detail."""
    assert response.status_code == status, response.content
    body = response.json()
    assert isinstance(body["detail"], str)
    assert body["detail"].startswith(starts), body["detail"]
    assert everything() == before
    return body["detail"]


def refuses(request: Callable[[], Any], status: int, starts: str = "") -> str:
    """Send the request and assert a {"detail"} refusal that changed nothing; return the detail.

    The snapshot is taken before the request is sent: passing everything() beside a request
    made in the same call would take it after, and prove nothing.
    """
    before = everything()
    return assert_refused(request(), status, before, starts)
