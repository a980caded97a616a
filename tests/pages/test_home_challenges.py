"""The home page lists my running challenges with my no's so far against my target."""

import datetime as dt
import re

import pytest

from nomentum.asks.models import Outcome
from nomentum.challenges import services
from tests.conftest import computed_queries, make_ask, make_challenge, make_group

pytestmark = pytest.mark.usefixtures("frozen")
D = dt.date
# Session, user, the data version, the week and month tallies, waiting asks, running
# challenges, their tallies, the first one's goal road, overdue asks, the forecast's
# categories, data version and counts.
HOME_QUERIES = 12


def running(html: str) -> dict[str, tuple[str, str | None]]:
    """Return {challenge name: (rejections, target)} from the "Your challenges" cards."""
    cards = re.findall(
        r'class="card-title"[^>]*>([^<]+)</a>.*?data-count="challenge-rejections">(\d+)<'
        r'(?:/strong> of <span data-count="challenge-target">(\d+)<)?',
        html,
        re.S,
    )
    return {name: (rejections, target or None) for name, rejections, target in cards}


def test_it_shows_my_no_s_against_my_target(group, challenge, member, member_client):
    services.set_goal(challenge, member, rejections_per_week=3)
    make_ask(member, asked_on=D(2026, 11, 2), outcome=Outcome.NO, decided_on=D(2026, 11, 3))
    make_ask(member, asked_on=D(2026, 10, 2), outcome=Outcome.NO, decided_on=D(2026, 11, 9))
    make_ask(member, asked_on=D(2026, 10, 2), outcome=Outcome.NO, decided_on=D(2026, 10, 9))
    html = member_client.get("/").text
    assert "Your challenges" in html
    assert running(html) == {"November of NO": ("2", "12")}


def test_it_leaves_out_challenges_not_running(group, member, member_client):
    make_challenge(group=group, name="October", starts_on=D(2026, 10, 1), ends_on=D(2026, 10, 31))
    make_challenge(group=group, name="December", starts_on=D(2026, 12, 1), ends_on=D(2026, 12, 31))
    html = member_client.get("/").text
    assert "Your challenges" not in html


def test_a_challenge_without_my_goal_asks_for_one(owner, owner_client):
    mine = make_challenge(owner=owner, name="Mine")
    html = owner_client.get("/").text
    assert running(html) == {"Mine": ("0", None)}
    assert f'href="/challenges/{mine.pk}/#goal">set your goal' in html


def test_others_asks_do_not_count(challenge, owner, member, owner_client):
    make_ask(member, asked_on=D(2026, 11, 2), outcome=Outcome.NO, decided_on=D(2026, 11, 3))
    assert running(owner_client.get("/").text) == {"November of NO": ("0", None)}


@pytest.mark.parametrize("number", [1, 5])
def test_the_queries_do_not_grow_with_the_challenges(owner, owner_client, number):
    for index in range(number):
        group = make_group(owner, name=f"Group {index}")
        challenge = make_challenge(group=group, name=f"Challenge {index}")
        services.set_goal(challenge, owner, rejections_total=index + 1)
        make_challenge(owner=owner, name=f"Own {index}")
    make_ask(owner, asked_on=D(2026, 11, 2), outcome=Outcome.NO, decided_on=D(2026, 11, 3))
    response, queries = computed_queries(lambda: owner_client.get("/"))
    assert len(queries) == HOME_QUERIES
    html = response.text
    assert len(running(html)) == 2 * number
