"""The home page counts this week's and this month's asks by the rules, in the user's own day."""

import datetime as dt
import re

import time_machine
from django.test import Client

from nomentum.asks.models import Outcome
from tests.conftest import client_for, make_ask, make_user

D = dt.date
# Thursday 2026-11-05, 13:00 in Berlin: the week runs Monday 11-02 .. Sunday 11-08.
NOW = dt.datetime(2026, 11, 5, 12, 0, tzinfo=dt.UTC)


def span(start: str, end: str) -> str:
    return f"{start}\N{EN DASH}{end}"


def glance(html: str) -> dict[str, dict[str, int]]:
    """Return the counts of the "This week" and "This month" cards."""
    pairs = re.findall(r'data-count="(\w+)">(\d+)<', html)
    assert len(pairs) == 6, pairs
    week, month = dict(pairs[:3]), dict(pairs[3:])
    return {
        "week": {name: int(value) for name, value in week.items()},
        "month": {name: int(value) for name, value in month.items()},
    }


def test_it_shows_the_landing_page_to_a_visitor(db):
    response = Client().get("/")
    assert response.status_code == 200
    assert "Make the <em>no</em> your goal." in response.text
    assert 'href="/accounts/signup"' in response.text
    assert 'href="/login"' in response.text


def test_it_hides_the_sign_up_link_when_sign_up_is_closed(db, settings):
    settings.OPEN_SIGNUP = False
    response = Client().get("/")
    assert 'href="/accounts/signup"' not in response.text


@time_machine.travel(NOW, tick=False)
def test_it_counts_the_week_and_the_month_by_the_rules(owner, owner_client):
    make_ask(owner, title="Waiting one", asked_on=D(2026, 11, 3))
    # Asked in October, answered no this week: a rejection this week, not an attempt.
    make_ask(owner, asked_on=D(2026, 10, 20), outcome=Outcome.NO, decided_on=D(2026, 11, 4))
    # Pending since 10-06: silent from today (30 days), so a no this week.
    make_ask(owner, title="Gone quiet", asked_on=D(2026, 10, 6))
    make_ask(owner, asked_on=D(2026, 11, 2), outcome=Outcome.YES, decided_on=D(2026, 11, 3))
    make_ask(owner, asked_on=D(2026, 10, 30), outcome=Outcome.WITHDRAWN, decided_on=D(2026, 11, 2))
    # Sunday of last week: this month only.
    make_ask(owner, asked_on=D(2026, 11, 1), outcome=Outcome.NO, decided_on=D(2026, 11, 1))
    # Silent on Friday: not yet.
    make_ask(owner, title="Quiet tomorrow", asked_on=D(2026, 10, 7))

    response = owner_client.get("/")

    assert response.status_code == 200
    assert glance(response.text) == {
        "week": {"rejections": 2, "asks": 2, "yeses": 1},
        "month": {"rejections": 3, "asks": 3, "yeses": 1},
    }
    assert span("Nov 2", "Nov 8") in response.text
    assert span("Nov 1", "Nov 30") in response.text


@time_machine.travel(NOW, tick=False)
def test_it_lists_only_asks_still_waiting_for_an_answer(owner, owner_client):
    make_ask(owner, title="Waiting one", asked_on=D(2026, 11, 3))
    make_ask(owner, title="Quiet tomorrow", asked_on=D(2026, 10, 7))
    make_ask(owner, title="Gone quiet", asked_on=D(2026, 10, 6))
    make_ask(owner, title="Answered", asked_on=D(2026, 11, 2), outcome=Outcome.NO)

    response = owner_client.get("/")

    waiting = response.text.split('id="waiting-title"')[1]
    assert "Waiting for an answer <small>(2)</small>" in response.text
    assert "Waiting one" in waiting
    assert "Quiet tomorrow" in waiting
    assert "Gone quiet" not in waiting
    assert "Answered" not in waiting
    assert waiting.count('action="/asks/') == 2


@time_machine.travel(NOW, tick=False)
def test_it_links_to_all_pending_asks_when_more_wait_than_it_shows(owner, owner_client):
    for _ in range(11):
        make_ask(owner, asked_on=D(2026, 11, 3))
    response = owner_client.get("/")
    assert 'href="/asks/?outcome=pending">All 11 pending asks' in response.text


@time_machine.travel(NOW, tick=False)
def test_it_says_so_when_nothing_is_pending(owner_client):
    response = owner_client.get("/")
    assert "Nothing pending." in response.text
    assert glance(response.text)["week"] == {"rejections": 0, "asks": 0, "yeses": 0}


@time_machine.travel(NOW, tick=False)
def test_it_ignores_other_users_asks(owner_client, outsider):
    make_ask(outsider, asked_on=D(2026, 11, 3), outcome=Outcome.NO, title="Not mine")
    response = owner_client.get("/")
    assert glance(response.text)["week"] == {"rejections": 0, "asks": 0, "yeses": 0}
    assert "Not mine" not in response.text


@time_machine.travel(dt.datetime(2026, 11, 8, 20, 0, tzinfo=dt.UTC), tick=False)
def test_the_users_time_zone_decides_which_week_it_is(db):
    # Sunday 20:00 UTC: Monday 09:00 in Auckland, still Sunday noon in Los Angeles.
    auckland = make_user(timezone="Pacific/Auckland")
    los_angeles = make_user(timezone="America/Los_Angeles")
    for user in (auckland, los_angeles):
        make_ask(user, asked_on=D(2026, 11, 8))

    in_auckland = client_for(auckland).get("/").text
    in_los_angeles = client_for(los_angeles).get("/").text

    assert span("Nov 9", "Nov 15") in in_auckland
    assert glance(in_auckland)["week"]["asks"] == 0
    assert span("Nov 2", "Nov 8") in in_los_angeles
    assert glance(in_los_angeles)["week"]["asks"] == 1
