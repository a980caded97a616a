"""The overdue, recipients, categories and history pages run a fixed number of queries, however
many asks there are."""

import datetime as dt

import pytest
import time_machine
from django.test import Client

from nomentum.accounts.models import User
from nomentum.asks import counting as queries
from nomentum.asks.models import Ask, Category
from nomentum.challenges.models import Membership, Sharing
from tests.conftest import client_for, join, make_ask, make_challenge, make_group, make_user
from tests.pages.test_query_counts import add_asks, queries_for

NOW = dt.datetime(2026, 11, 5, 12, 0, tzinfo=dt.UTC)
# Each with the session and the user first:
OVERDUE_QUERIES = 4  # count, one page
RECIPIENTS_QUERIES = 4  # counts per recipient, days to an answer per recipient
CATEGORIES_QUERIES = 3  # categories
YEAR_QUERIES = 5  # the year and its months, no's per day, top recipients
COMPARE_QUERIES = 4  # my challenges, both windows' counts
GROUP_RECIPIENTS_QUERIES = 5  # membership, counts per recipient, days per recipient


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def pool(owner) -> list[User]:
    """The owner and five more people, all sharing details in one group."""
    people = [owner, *(make_user() for _ in range(5))]
    group = make_group(owner)
    Membership.objects.filter(group=group).update(sharing=Sharing.DETAILS)
    for person in people[1:]:
        join(group, person, sharing=Sharing.DETAILS)
    return people


def add_to_everyone(people: list[User], number: int) -> None:
    for person in people:
        add_asks(person, number)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/asks/overdue", OVERDUE_QUERIES),
        ("/asks/overdue?page=2", OVERDUE_QUERIES),
        ("/asks/recipients", RECIPIENTS_QUERIES),
        ("/asks/categories", CATEGORIES_QUERIES),
        ("/history/2026", YEAR_QUERIES),
        ("/history/1999", YEAR_QUERIES),
        ("/history/compare", COMPARE_QUERIES),
    ],
)
def test_my_pages_do_not_grow_with_the_asks(owner, owner_client, url, expected):
    Category.objects.filter(user=owner).update(reply_days=3)
    make_challenge(owner=owner, starts_on=dt.date(2026, 9, 1), ends_on=dt.date(2026, 9, 30))
    make_challenge(owner=owner, starts_on=dt.date(2026, 10, 1), ends_on=dt.date(2026, 10, 31))
    add_asks(owner, 3)
    make_ask(owner, title="Overdue", recipient="Editor 1", asked_on=dt.date(2026, 9, 1))
    with_few = queries_for(owner_client, url)
    add_asks(owner, 500)
    assert queries.overdue_asks(Ask.objects.filter(user=owner), NOW.date()).count() > 50
    with_many = queries_for(owner_client, url)
    assert with_few == with_many == expected


def test_the_group_recipients_page_does_not_grow_with_the_asks(pool):
    client: Client = client_for(pool[0])
    url = f"/history/groups/{pool[0].memberships.get().group_id}/recipients"
    add_to_everyone(pool, 1)
    with_few = queries_for(client, url)
    add_to_everyone(pool, 100)
    with_many = queries_for(client, url)
    assert with_few == with_many == GROUP_RECIPIENTS_QUERIES
    assert 'data-recipient="editor 1"' in client.get(url).text
