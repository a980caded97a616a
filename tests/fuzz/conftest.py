"""A person with data of every kind for the fuzz tests, and the figures the fuzzing printed.

The owner has asks (pending, answered, private, categorised), organizes a group
with a member, a running challenge and an invite, and belongs to another
person's group; an outsider has objects of their own. Path ids in fuzzed
requests are drawn from these as well as at random, so that operations are
tried on objects that exist, on other people's objects, and on none at all.
"""

import datetime as dt
import os
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone

from nomentum.accounts.models import ApiToken
from nomentum.asks import services as services_asks
from nomentum.asks.models import Ask
from nomentum.challenges import services
from tests.conftest import make_challenge, make_group, make_invite, make_user

# Examples per operation: few in the test suite, more for a longer run (README, Configuration).
EXAMPLES = int(os.environ.get("NOMENTUM_FUZZ_EXAMPLES") or 20)


@dataclass
class World:
    token: str
    ids: dict[str, list[int | str]] = field(default_factory=dict)


def make_world() -> World:
    today = timezone.localdate()
    owner = make_user("fuzzer", timezone="Europe/Berlin")
    member = make_user("fuzzmember")
    outsider = make_user("fuzzoutsider")
    category = services_asks.category_named(owner, "Pitches")

    def day(days: int) -> dt.date:
        return today - dt.timedelta(days=days)

    # Created in one query: full_clean for each (make_ask) would cost most of the setup.
    asks = Ask.objects.bulk_create(
        [
            Ask(user=owner, title="Silent by now", asked_on=day(days=40)),
            Ask(user=owner, title="Waiting", asked_on=day(days=3), recipient="The Review"),
            Ask(user=owner, title="A form no", asked_on=day(days=9), outcome="no",
                feedback="form", decided_on=day(days=2), category=category),
            Ask(user=owner, title="A yes", asked_on=day(days=5), outcome="yes",
                decided_on=day(days=1), amount=1500, category=category),
            Ask(user=owner, title="Withdrawn", asked_on=day(days=2), outcome="withdrawn",
                decided_on=day(days=2), private=True),
            Ask(user=member, title="Their no", asked_on=day(days=1), outcome="no",
                decided_on=today),
            Ask(user=outsider, title="Not yours", asked_on=today, outcome="no",
                decided_on=today),
        ]
    )  # fmt: skip
    group = make_group(owner, member, name="Fuzz club")
    challenge = make_challenge(
        group=group, starts_on=today - dt.timedelta(days=7), ends_on=today + dt.timedelta(days=22)
    )
    services.set_goal(challenge, owner, rejections_per_week=3)
    personal = make_challenge(
        owner=owner, name="My month", starts_on=today, ends_on=today + dt.timedelta(days=29)
    )
    invite = make_invite(group, owner, timezone.now())
    theirs = make_group(outsider, owner, name="Their club")
    their_challenge = make_challenge(group=theirs, starts_on=today, ends_on=today)
    hidden = make_group(outsider, name="Closed club")
    hidden_invite = make_invite(hidden, outsider, timezone.now())
    _, token = ApiToken.issue(owner, "fuzz")
    return World(
        token=token,
        ids={
            "ask_id": [ask.pk for ask in asks],
            "group_id": [group.pk, theirs.pk, hidden.pk],
            "challenge_id": [challenge.pk, personal.pk, their_challenge.pk],
            "user_id": [member.pk, owner.pk, outsider.pk],
            "code": [invite.code, hidden_invite.code],
        },
    )


@pytest.fixture
def world(db) -> Iterator[World]:
    # Django's test client keeps the connection open between requests; a WSGI call does
    # not, and closing it would end the test's transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield make_world()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def fuzzed(request: pytest.FixtureRequest) -> Iterator[Counter]:
    """Count an operation's examples and failures; tests/summary.py adds them up."""
    counts: Counter = Counter()
    yield counts
    request.node.user_properties.append(("fuzzed", dict(counts)))
