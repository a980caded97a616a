"""Three people around a group for the group and challenge pages.

The owner (from tests/conftest.py) organizes "November of NO", the member
belongs to it, the outsider does not. The clock stops at noon UTC on
Wednesday 2026-11-11, in week 2 of November, for the modules that ask.
"""

import datetime as dt

import pytest
import time_machine
from django.test import Client

from nomentum.accounts.models import User
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
from tests.conftest import client_for, make_challenge, make_group, make_user, stored

NOW = dt.datetime(2026, 11, 11, 12, 0, tzinfo=dt.UTC)


def everything() -> list[dict]:
    """Return every row a group or challenge page could write: compare before and after."""
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
def member_client(member) -> Client:
    return client_for(member)


@pytest.fixture
def group(owner, member) -> Group:
    return make_group(owner, member, name="November of NO")


@pytest.fixture
def challenge(group) -> Challenge:
    return make_challenge(group=group)
