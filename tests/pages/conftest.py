"""The group and challenge page tests' own helpers; the three people, the group, the
challenge and the frozen clock come from tests/conftest.py."""

import pytest
from django.test import Client

from tests.conftest import GROUP_NOW as NOW
from tests.conftest import client_for, everything

__all__ = ["NOW", "everything"]


@pytest.fixture
def member_client(member) -> Client:
    return client_for(member)
