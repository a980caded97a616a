"""The list at /asks/ shows the user's asks as counted today, filtered and paged."""

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client

from nomentum.asks.models import Ask, Outcome
from tests.conftest import make_ask

D = dt.date
NOW = dt.datetime(2026, 11, 5, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def titles(html: str) -> list[str]:
    return re.findall(r'class="ask-title">([^<]*)<', html)


def test_it_lists_the_users_asks_newest_first(owner, owner_client, outsider):
    make_ask(owner, title="Older", asked_on=D(2026, 10, 1))
    make_ask(owner, title="Newer", asked_on=D(2026, 11, 3))
    make_ask(outsider, title="Not mine")
    response = owner_client.get("/asks/")
    assert response.status_code == 200
    assert titles(response.text) == ["Newer", "Older"]
    assert "2 asks." in response.text


def test_it_shows_a_silent_ask_as_no_response(owner, owner_client):
    make_ask(owner, title="Gone quiet", asked_on=D(2026, 10, 6))
    response = owner_client.get("/asks/")
    assert "No response (silent)" in response.text
    assert 'action="/asks/' not in response.text


def test_it_offers_one_tap_answers_for_a_pending_ask(owner, owner_client):
    ask = make_ask(owner, asked_on=D(2026, 11, 3))
    response = owner_client.get("/asks/")
    assert f'action="/asks/{ask.pk}/outcome"' in response.text
    assert 'value="no:invited_back"' in response.text


def test_it_shows_the_feedback_of_a_no(owner, owner_client):
    make_ask(owner, outcome=Outcome.NO, feedback="personal")
    response = owner_client.get("/asks/")
    assert "No: personal no" in response.text


def test_it_filters_by_outcome(owner, owner_client):
    make_ask(owner, title="A no", outcome=Outcome.NO)
    make_ask(owner, title="A yes", outcome=Outcome.YES)
    response = owner_client.get("/asks/?outcome=no")
    assert titles(response.text) == ["A no"]
    assert "1 ask matches." in response.text


def test_it_filters_pending_as_still_waiting_and_silent_as_no_response(owner, owner_client):
    make_ask(owner, title="Waiting", asked_on=D(2026, 11, 3))
    make_ask(owner, title="Gone quiet", asked_on=D(2026, 10, 6))
    make_ask(owner, title="Said nothing", asked_on=D(2026, 10, 1), outcome=Outcome.NO_RESPONSE)
    assert titles(owner_client.get("/asks/?outcome=pending").text) == ["Waiting"]
    assert titles(owner_client.get("/asks/?outcome=no_response").text) == [
        "Gone quiet",
        "Said nothing",
    ]


def test_it_filters_by_category(owner, owner_client):
    make_ask(owner, title="Grant ask", category="grant")
    make_ask(owner, title="Job ask", category="job")
    make_ask(owner, title="No category")
    assert titles(owner_client.get("/asks/?category=grant").text) == ["Grant ask"]


def test_it_filters_by_the_day_asked(owner, owner_client):
    make_ask(owner, title="Before", asked_on=D(2026, 10, 31))
    make_ask(owner, title="First", asked_on=D(2026, 11, 1))
    make_ask(owner, title="Last", asked_on=D(2026, 11, 3))
    make_ask(owner, title="After", asked_on=D(2026, 11, 4))
    response = owner_client.get("/asks/?date_from=2026-11-01&date_to=2026-11-03")
    assert titles(response.text) == ["Last", "First"]


def test_it_searches_title_recipient_and_notes(owner, owner_client):
    make_ask(owner, title="Night-train essay")
    make_ask(owner, title="Other", recipient="The Night Review")
    make_ask(owner, title="Third", notes="about night trains")
    make_ask(owner, title="Unrelated")
    response = owner_client.get("/asks/?q=night")
    assert sorted(titles(response.text)) == ["Night-train essay", "Other", "Third"]


def test_it_combines_filters(owner, owner_client):
    make_ask(owner, title="Grant no", category="grant", outcome=Outcome.NO)
    make_ask(owner, title="Grant yes", category="grant", outcome=Outcome.YES)
    make_ask(owner, title="Job no", category="job", outcome=Outcome.NO)
    assert titles(owner_client.get("/asks/?category=grant&outcome=no").text) == ["Grant no"]


def test_it_says_when_nothing_matches(owner, owner_client):
    make_ask(owner, title="A no", outcome=Outcome.NO)
    response = owner_client.get("/asks/?outcome=yes")
    assert "No ask matches these filters." in response.text


def test_it_shows_a_filter_error_instead_of_failing(owner, owner_client):
    make_ask(owner, title="Still listed")
    response = owner_client.get("/asks/?date_from=2025-13-45&outcome=maybe")
    assert response.status_code == 200
    assert "Enter a valid date." in response.text
    assert "Select a valid choice." in response.text


def test_it_pages_fifty_asks_at_a_time_keeping_the_filters(owner, owner_client):
    Ask.objects.bulk_create(
        Ask(user=owner, title=f"Ask {n:02}", asked_on=D(2026, 11, 1)) for n in range(51)
    )
    first = owner_client.get("/asks/?outcome=pending")
    assert len(titles(first.text)) == 50
    assert "Page 1 of 2" in first.text
    assert 'href="?outcome=pending&amp;page=2" rel="next"' in first.text

    second = owner_client.get("/asks/?outcome=pending&page=2")
    assert titles(second.text) == ["Ask 00"]
    assert 'href="?outcome=pending&amp;page=1" rel="prev"' in second.text


def test_it_shows_the_last_page_for_a_page_out_of_range(owner, owner_client):
    make_ask(owner, title="Only one")
    for page in ("9", "x"):
        response = owner_client.get(f"/asks/?page={page}")
        assert response.status_code == 200
        assert titles(response.text) == ["Only one"]


def test_it_sends_a_visitor_to_log_in(db):
    response = Client().get("/asks/?outcome=no")
    assert response["Location"] == "/login?next=/asks/%3Foutcome%3Dno"
