"""The stats page at /insights/: my own numbers, filtered, by category, with words for thin data,
and the forecast, in a fixed number of queries."""

import datetime as dt
import itertools
import re

import pytest
from django.test import Client

from nomentum.accounts.models import User
from nomentum.asks.models import Ask, Category, Outcome
from nomentum.asks.services import create_default_categories
from nomentum.insights.forecast import asks_needed
from tests.conftest import computed_queries, make_ask, make_challenge
from tests.pages.conftest import everything

pytestmark = pytest.mark.usefixtures("frozen")  # 2026-11-11
D = dt.date
URL = "/insights/"
# Session, user, the data version (the key of the cached page), categories, challenges,
# the two of the stats and the forecast's one, and the data version for each of those two.
PAGE_QUERIES = 10


@pytest.fixture(autouse=True)
def categories(owner) -> None:
    create_default_categories(owner)


def answer(user: User, outcome: str, asked: dt.date, days: int, **fields) -> Ask:
    return make_ask(
        user, outcome=outcome, asked_on=asked, decided_on=asked + dt.timedelta(days), **fields
    )


def counts(html: str) -> dict[str, int]:
    return {name: int(value) for name, value in re.findall(r'data-count="(\w+)">(\d+)<', html)}


def stat(html: str, name: str) -> str:
    found = re.search(rf'data-stat="{name}">([^<]*)<', html)
    assert found, name
    return found.group(1)


def category_rows(html: str) -> list[str]:
    return re.findall(r'<tr data-category="([^"]*)">', html)


def forecast(html: str) -> str:
    found = re.search(r'data-asks-needed="(\d*)">([^<]*)<', html)
    assert found
    return found.group(2)


def history(owner: User) -> None:
    """Two no's and a yes in Pitch in November, a no in October, a pending ask, a silent one."""
    answer(owner, Outcome.NO, D(2026, 11, 2), 2, category="pitch")
    answer(owner, Outcome.NO, D(2026, 11, 3), 4, category="pitch")
    answer(owner, Outcome.YES, D(2026, 11, 4), 6, category="pitch")
    answer(owner, Outcome.NO, D(2026, 10, 5), 1, category="grant")
    make_ask(owner, asked_on=D(2026, 11, 9))
    make_ask(owner, asked_on=D(2026, 9, 1))  # silent on 10-01


def test_it_asks_a_visitor_to_log_in(db):
    response = Client().get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/login")


def test_the_navigation_links_to_it(owner_client):
    html = owner_client.get("/").text
    assert f'<a href="{URL}">Stats</a>' in html
    assert f'<a href="{URL}" aria-current="page">Stats</a>' in owner_client.get(URL).text


def test_it_says_in_words_that_there_is_nothing_to_count_yet(owner_client):
    html = owner_client.get(URL).text
    assert counts(html) == {"rejections": 0, "asks": 0, "yeses": 0, "pending": 0, "withdrawn": 0}
    assert stat(html, "yes-rate").startswith("No answers yet")
    assert stat(html, "nos-per-yes").startswith("No yes yet")
    assert stat(html, "median-days") == "No answer with a date yet."
    assert "No asks yet." in html
    assert "going by no history" in forecast(html)


def test_it_shows_all_of_my_history_by_default(owner, owner_client):
    history(owner)
    html = owner_client.get(URL).text
    assert counts(html) == {"rejections": 4, "asks": 6, "yeses": 1, "pending": 1, "withdrawn": 0}
    assert "All your history" in html
    assert stat(html, "nos-per-yes") == "4 no&#x27;s per yes"
    assert stat(html, "median-days").startswith("3 days")  # of 1, 2, 4 and 6
    assert category_rows(html) == ["grant", "pitch", ""]


def test_it_says_there_is_no_yes_yet_when_there_is_none(owner, owner_client):
    answer(owner, Outcome.NO, D(2026, 11, 2), 2)
    html = owner_client.get(URL).text
    assert stat(html, "nos-per-yes") == "No yes yet: no&#x27;s per yes needs at least one yes."
    assert "no yes yet" in html  # in the category table


def test_it_filters_by_dates_and_category(owner, owner_client):
    history(owner)
    query = "?date_from=2026-11-01&date_to=2026-11-30&category=pitch"
    html = owner_client.get(URL + query).text
    assert counts(html) == {"rejections": 2, "asks": 3, "yeses": 1, "pending": 0, "withdrawn": 0}
    assert "Nov 1, 2026\N{EN DASH}Nov 30, 2026 · Pitch" in html
    assert category_rows(html) == ["pitch"]


def test_it_filters_by_my_challenge(owner, owner_client):
    history(owner)
    challenge = make_challenge(owner=owner, name="Autumn", starts_on=D(2026, 10, 1))
    html = owner_client.get(f"{URL}?challenge={challenge.pk}&date_to=2026-10-31").text
    # October: the no asked on 10-05 and the ask that fell silent on 10-01.
    assert counts(html) == {"rejections": 2, "asks": 1, "yeses": 0, "pending": 0, "withdrawn": 0}
    assert "Oct 1, 2026\N{EN DASH}Oct 31, 2026 · Autumn" in html


def test_it_filters_by_a_group_challenge_i_am_in(challenge, member, member_client):
    answer(member, Outcome.NO, D(2026, 11, 2), 2)
    answer(member, Outcome.NO, D(2026, 10, 2), 2)
    html = member_client.get(f"{URL}?challenge={challenge.pk}").text
    assert counts(html)["rejections"] == 1


def test_it_refuses_a_challenge_i_am_not_in(challenge, outsider_client):
    before = everything()
    assert outsider_client.get(f"{URL}?challenge={challenge.pk}").status_code == 404
    assert everything() == before


def test_it_refuses_an_end_before_the_start(owner, owner_client):
    history(owner)
    before = everything()
    html = owner_client.get(f"{URL}?date_from=2026-11-05&date_to=2026-11-01").text
    assert "The end of the range cannot be before its start." in html
    assert "data-count" not in html
    assert everything() == before


def test_it_refuses_a_category_that_is_not_mine(owner, owner_client, outsider):
    Category.objects.create(user=outsider, name="Theirs")
    html = owner_client.get(f"{URL}?category=theirs").text
    assert "Select a valid choice." in html
    assert "data-count" not in html


def test_it_counts_only_my_own_asks(owner, outsider, outsider_client):
    history(owner)
    answer(outsider, Outcome.YES, D(2026, 11, 2), 1)
    html = outsider_client.get(URL).text
    assert counts(html) == {"rejections": 0, "asks": 1, "yeses": 1, "pending": 0, "withdrawn": 0}


def test_the_forecast_uses_all_of_my_history_and_says_so(owner, owner_client):
    history(owner)
    html = owner_client.get(URL + "?date_from=2026-11-10").text
    n = asks_needed(1, yeses=1, rejections=4, confidence=0.8)
    assert forecast(html) == f"About {n} more asks for 1 more yes (80% sure)"
    assert "Going by 1 yes and 4 no&#x27;s, all your history" in html


def test_the_forecast_takes_k_confidence_and_category(owner, owner_client):
    history(owner)
    query = "?forecast-yeses=3&forecast-confidence=0.95&forecast-category=pitch&category=grant"
    html = owner_client.get(URL + query).text
    n = asks_needed(3, yeses=1, rejections=2, confidence=0.95)
    assert forecast(html).startswith(f"About {n} more asks for 3 more yeses (95% sure)")
    assert "Going by 1 yes and 2 no&#x27;s in Pitch" in html
    # Each form carries the other's choices along.
    assert '<input type="hidden" name="category" value="grant">' in html
    assert '<input type="hidden" name="forecast-yeses" value="3">' in html


def test_the_forecast_follows_the_category_filter_until_changed(owner, owner_client):
    history(owner)
    html = owner_client.get(URL + "?category=pitch").text
    assert "Going by 1 yes and 2 no&#x27;s in Pitch" in html


@pytest.mark.parametrize("query", ["forecast-yeses=0", "forecast-confidence=0.7"])
def test_the_forecast_refuses_what_it_cannot_compute(owner_client, query):
    html = owner_client.get(f"{URL}?{query}").text
    assert 'class="error"' in html
    assert "data-asks-needed" not in html


def add_asks(user: User, number: int) -> None:
    """Add asks of every outcome, in every category, asked over the last 90 days."""
    categories = itertools.cycle([*Category.objects.filter(user=user), None])
    outcomes = itertools.cycle(Outcome)
    today = D(2026, 11, 11)
    asks = []
    for n in range(number):
        asked_on = today - dt.timedelta(days=n % 90)
        outcome = next(outcomes)
        decided = outcome != Outcome.PENDING
        asks.append(
            Ask(
                user=user,
                title=f"Ask {n}",
                category=next(categories),
                asked_on=asked_on,
                outcome=outcome,
                decided_on=min(today, asked_on + dt.timedelta(days=n % 13)) if decided else None,
            )
        )
    Ask.objects.bulk_create(asks, batch_size=2000)


def queries_for(client: Client, url: str) -> int:
    response, queries = computed_queries(lambda: client.get(url))
    assert response.status_code == 200
    assert "data-asks-needed" in response.text
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_asks(owner, owner_client):
    challenge = make_challenge(owner=owner, starts_on=D(2026, 10, 1))
    pages = {
        URL: PAGE_QUERIES,
        f"{URL}?date_from=2026-10-01&category=pitch&forecast-yeses=4&forecast-category=job": (
            PAGE_QUERIES
        ),
        # One more to check the challenge: a personal one is the caller's, or 404.
        f"{URL}?challenge={challenge.pk}": PAGE_QUERIES + 1,
    }
    add_asks(owner, 10)
    with_ten = {url: queries_for(owner_client, url) for url in pages}
    add_asks(owner, 9_990)
    with_many = {url: queries_for(owner_client, url) for url in pages}
    assert with_ten == with_many == pages
