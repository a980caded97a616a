"""The home page and the ask list run a fixed number of queries, however many asks there are."""

import datetime as dt
import itertools

import pytest
import time_machine
from django.test import Client

from nomentum.accounts.models import User
from nomentum.asks.models import Ask, Category, Outcome
from tests.conftest import computed_queries

NOW = dt.datetime(2026, 11, 5, 12, 0, tzinfo=dt.UTC)
# Home: session, user, then the page's own: the data version, tallies, waiting asks, running
# challenges (none here), overdue asks, and the forecast's categories, data version and counts.
# The list: session, user, the data version, categories, count and one page.
HOME_QUERIES = 10
LIST_QUERIES = 6


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def add_asks(user: User, number: int) -> None:
    """Add asks of every outcome, in every category, asked over the last 60 days."""
    categories = itertools.cycle([*Category.objects.filter(user=user), None])
    outcomes = itertools.cycle(Outcome)
    today = dt.date(2026, 11, 5)
    asks = []
    for n in range(number):
        asked_on = today - dt.timedelta(days=n % 60)
        outcome = next(outcomes)
        decided = outcome != Outcome.PENDING
        asks.append(
            Ask(
                user=user,
                title=f"Ask {n}",
                recipient=f"Editor {n % 7}",
                category=next(categories),
                asked_on=asked_on,
                outcome=outcome,
                feedback="personal" if outcome == Outcome.NO else "",
                decided_on=min(today, asked_on + dt.timedelta(days=5)) if decided else None,
            )
        )
    Ask.objects.bulk_create(asks)


def queries_for(client: Client, url: str) -> int:
    response, queries = computed_queries(lambda: client.get(url))
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/", HOME_QUERIES),
        ("/asks/", LIST_QUERIES),
        ("/asks/?outcome=pending&q=Ask&date_from=2026-10-01", LIST_QUERIES),
        ("/asks/?category=collaboration", LIST_QUERIES),
        ("/asks/?page=2", LIST_QUERIES),
    ],
)
def test_the_number_of_queries_does_not_grow_with_the_asks(owner, owner_client, url, expected):
    add_asks(owner, 1)
    with_one = queries_for(owner_client, url)
    add_asks(owner, 199)
    with_many = queries_for(owner_client, url)
    assert with_one == with_many == expected
