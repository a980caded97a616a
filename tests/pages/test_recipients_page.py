"""/asks/recipients shows my recipients with their outcomes and links to their asks;
/history/groups/<id>/recipients pools a group's details-sharing members, for members only."""

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client

from nomentum.asks.models import Outcome
from nomentum.challenges.models import Membership, Sharing
from tests.conftest import client_for, join, make_ask, make_group, make_user

D = dt.date
NOW = dt.datetime(2026, 11, 11, 12, 0, tzinfo=dt.UTC)

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def counts(html: str, key: str) -> dict[str, str]:
    row = html.split(f'data-recipient="{key}"')[1].split("</li>")[0]
    return dict(re.findall(r'data-count="(\w+)">([^<]*)<', row))


def test_it_counts_each_recipient(owner, owner_client, outsider):
    make_ask(owner, recipient="Granta", asked_on=D(2026, 10, 1), outcome=Outcome.NO,
             decided_on=D(2026, 10, 5))  # fmt: skip
    make_ask(owner, recipient=" granta", asked_on=D(2026, 10, 1), outcome=Outcome.YES,
             decided_on=D(2026, 10, 11))  # fmt: skip
    make_ask(owner, recipient="GRANTA", asked_on=D(2026, 9, 1))  # silent since Oct 1
    make_ask(owner, recipient="Granta", asked_on=D(2026, 11, 10))
    make_ask(owner, recipient="Aeon", asked_on=D(2026, 11, 10), outcome=Outcome.WITHDRAWN)
    make_ask(outsider, recipient="Secret Quarterly")

    response = owner_client.get("/asks/recipients")

    assert response.status_code == 200
    assert counts(response.text, "granta") == {
        "asks": "4",
        "no": "1",
        "yes": "1",
        "no_response": "1",
        "pending": "1",
        "withdrawn": "0",
        "yes_rate": "33%",
        "median_days": "7",
    }
    assert counts(response.text, "aeon")["yes_rate"] == "no answer yet"
    assert counts(response.text, "aeon")["median_days"] == "no answer yet"
    assert response.text.index('data-recipient="granta"') < response.text.index(
        'data-recipient="aeon"'
    )
    assert 'href="/asks/?recipient=granta"' in response.text
    assert "Secret Quarterly" not in response.text


def test_the_link_lists_that_recipients_asks(owner, owner_client):
    make_ask(owner, title="One", recipient="The Paris Review")
    make_ask(owner, title="Two", recipient=" the paris review ")
    make_ask(owner, title="Three", recipient="Paris Review Daily")
    response = owner_client.get("/asks/?recipient=the%20paris%20review")
    assert "One" in response.text
    assert "Two" in response.text
    assert "Three" not in response.text


def test_it_says_so_without_recipients(owner_client):
    assert "No recipients yet." in owner_client.get("/asks/recipients").text


def test_it_sends_a_visitor_to_log_in(db):
    assert Client().get("/asks/recipients")["Location"] == "/login?next=/asks/recipients"


# A group's pooled recipients ------------------------------------------------------------


@pytest.fixture
def pool(owner):
    """The owner's group of six, everyone sharing details; five have asked Granta."""
    people = [make_user() for _ in range(5)]
    group = make_group(owner)
    Membership.objects.filter(group=group).update(sharing=Sharing.DETAILS)
    for person in people:
        join(group, person, sharing=Sharing.DETAILS)
        make_ask(person, recipient="Granta", asked_on=D(2026, 10, 1), outcome=Outcome.NO,
                 decided_on=D(2026, 10, 3))  # fmt: skip
    for person in people[:4]:
        make_ask(person, recipient="Aeon", title="Four members only")
    make_ask(people[0], recipient="Hidden Press", private=True)
    return group, people


def test_a_member_sees_recipients_five_members_back(pool):
    group, people = pool
    response = client_for(people[0]).get(f"/history/groups/{group.pk}/recipients")
    assert response.status_code == 200
    assert counts(response.text, "granta") == {
        "members": "5 members",
        "asks": "5",
        "no": "5",
        "yes": "0",
        "no_response": "0",
        "pending": "0",
        "withdrawn": "0",
        "yes_rate": "0%",
        "median_days": "2",
    }
    assert 'data-recipient="aeon"' not in response.text
    assert "Hidden Press" not in response.text
    # Pooled numbers, not links into anyone's asks.
    assert "/asks/?recipient=" not in response.text


def test_a_member_sharing_counts_only_is_told_their_asks_are_not_pooled(pool, owner):
    group, _ = pool
    Membership.objects.filter(group=group, user=owner).update(sharing=Sharing.COUNTS)
    response = client_for(owner).get(f"/history/groups/{group.pk}/recipients")
    assert "You share numbers only in this group" in response.text
    assert 'data-recipient="granta"' in response.text


def test_it_says_so_when_no_recipient_has_five_members(owner, owner_client):
    group = make_group(owner)
    response = owner_client.get(f"/history/groups/{group.pk}/recipients")
    assert "No recipient has asks from 5 sharing members yet." in response.text


def test_an_outsider_gets_404(pool, outsider_client):
    group, _ = pool
    assert outsider_client.get(f"/history/groups/{group.pk}/recipients").status_code == 404


def test_a_group_that_does_not_exist_is_404(owner_client):
    assert owner_client.get("/history/groups/999999/recipients").status_code == 404


def test_a_visitor_is_sent_to_log_in(pool):
    group, _ = pool
    url = f"/history/groups/{group.pk}/recipients"
    assert Client().get(url)["Location"] == f"/login?next={url}"
