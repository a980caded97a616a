"""Three people around a group for the API's group and challenge tests.

The owner (from tests/conftest.py) organizes the group, the member belongs to
it, the outsider does not; each calls the API with a bearer token.
"""

import datetime as dt
import json
from typing import Any

import pytest
import time_machine
from django.test import Client

from nomentum.accounts.models import ApiToken, User
from nomentum.asks.models import Ask
from nomentum.challenges.models import (
    Challenge,
    CheckIn,
    Cheer,
    Goal,
    GoalChange,
    Group,
    Invite,
    Membership,
)
from tests.conftest import make_challenge, make_group, make_user, stored

# Noon in UTC on Wednesday 2026-11-11: the same day for every test user, in week 2 of November.
NOW = dt.datetime(2026, 11, 11, 12, 0, tzinfo=dt.UTC)


def api_client(user: User) -> Client:
    return Client(headers={"Authorization": f"Bearer {ApiToken.issue(user)[1]}"})


def send(client: Client, method: str, path: str, body: Any = None) -> Any:
    """Send a JSON body (or none) with any method."""
    data = "" if body is None else json.dumps(body)
    return getattr(client, method)(path, data, content_type="application/json")


def everything() -> list[dict]:
    """Return every row a group or challenge endpoint could write: compare before and after."""
    return stored(Group, Membership, Invite, Challenge, Goal, GoalChange, CheckIn, Cheer, Ask)


@pytest.fixture
def frozen():
    """Stop the clock at NOW; a module opts in with pytestmark = pytest.mark.usefixtures."""
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def member(db) -> User:
    return make_user("member")


@pytest.fixture
def member_api(member) -> Client:
    return api_client(member)


@pytest.fixture
def anonymous() -> Client:
    return Client()


@pytest.fixture
def group(owner, member) -> Group:
    return make_group(owner, member, name="November of NO")


@pytest.fixture
def challenge(group) -> Challenge:
    return make_challenge(group=group)


def assert_refused(response: Any, status: int, before: list[dict], starts: str = "") -> str:
    """Assert a {"detail"} refusal with this status that changed nothing; return the detail."""
    assert response.status_code == status, response.content
    body = response.json()
    assert isinstance(body["detail"], str)
    assert body["detail"].startswith(starts), body["detail"]
    assert everything() == before
    return body["detail"]
