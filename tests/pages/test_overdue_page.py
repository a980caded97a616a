"""/asks/overdue lists my pending asks past their reply window, oldest first, each with one tap
to count it as a no response or to snooze it; the home page shows the first few."""

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client

from nomentum.asks.models import Ask, Category, Outcome
from tests.conftest import make_ask, stored

D = dt.date
# Wednesday 2026-11-11, 13:00 in the owner's Berlin.
NOW = dt.datetime(2026, 11, 11, 12, 0, tzinfo=dt.UTC)
TODAY = D(2026, 11, 11)

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def grants(owner) -> Category:
    """Grants answer within 14 days."""
    category = Category.objects.get(user=owner, slug="grant")
    category.reply_days = 14
    category.save()
    return category


def listed(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'data-ask="(\d+)"', html)]


def test_it_lists_my_overdue_asks_oldest_first(owner, owner_client, outsider, grants):
    newer = make_ask(owner, title="Grant", category="grant", asked_on=D(2026, 10, 20))
    older = make_ask(owner, title="Gone quiet", asked_on=D(2026, 10, 1))
    make_ask(owner, title="Within its window", category="grant", asked_on=D(2026, 11, 1))
    make_ask(owner, title="Answered", asked_on=D(2026, 9, 1), outcome=Outcome.NO)
    make_ask(owner, title="Snoozed", asked_on=D(2026, 9, 1), snoozed_until=D(2026, 11, 12))
    make_ask(outsider, title="Not mine", asked_on=D(2026, 9, 1))

    response = owner_client.get("/asks/overdue")

    assert response.status_code == 200
    assert listed(response.text) == [older.pk, newer.pk]
    assert "2 overdue asks, oldest first." in response.text
    assert 'overdue since <time datetime="2026-11-03">Nov 3</time>' in response.text
    assert "already counted as a no response" in response.text.split(f'data-ask="{newer.pk}"')[0]
    assert f'action="/asks/{older.pk}/no-response"' in response.text
    assert f'action="/asks/{older.pk}/snooze"' in response.text
    for value in ("3", "7", "14"):
        assert f'name="days" value="{value}"' in response.text
    assert "Not mine" not in response.text


def test_it_says_so_when_nothing_is_overdue(owner_client):
    response = owner_client.get("/asks/overdue")
    assert "Nothing overdue." in response.text


def test_it_sends_a_visitor_to_log_in(db):
    response = Client().get("/asks/overdue")
    assert response["Location"] == "/login?next=/asks/overdue"


# Count as a no response ---------------------------------------------------------------


def test_counting_a_silent_ask_dates_it_the_day_it_fell_silent(owner, owner_client):
    ask = make_ask(owner, title="Gone quiet", asked_on=D(2026, 9, 1))
    response = owner_client.post(
        f"/asks/{ask.pk}/no-response", {"next": "/asks/overdue"}, follow=True
    )
    assert response.redirect_chain == [("/asks/overdue", 302)]
    assert "No response, counted as a no." in response.text
    ask.refresh_from_db()
    assert (ask.outcome, ask.decided_on) == (Outcome.NO_RESPONSE, D(2026, 10, 1))


def test_counting_an_ask_not_yet_silent_dates_it_today(owner, owner_client, grants):
    ask = make_ask(owner, category="grant", asked_on=D(2026, 10, 20))
    response = owner_client.post(f"/asks/{ask.pk}/no-response")
    assert response["Location"] == "/asks/overdue"
    ask.refresh_from_db()
    assert (ask.outcome, ask.decided_on) == (Outcome.NO_RESPONSE, TODAY)


def test_counting_goes_back_where_it_came_from(owner, owner_client):
    ask = make_ask(owner, asked_on=D(2026, 9, 1))
    response = owner_client.post(f"/asks/{ask.pk}/no-response", {"next": "/"})
    assert response["Location"] == "/"


def test_counting_an_answered_ask_changes_nothing(owner, owner_client):
    ask = make_ask(owner, asked_on=D(2026, 9, 1), outcome=Outcome.YES)
    before = stored(Ask)
    response = owner_client.post(f"/asks/{ask.pk}/no-response", follow=True)
    assert "That ask already has an answer." in response.text
    assert stored(Ask) == before


# Snooze ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("posted", "until"),
    [({}, D(2026, 11, 18)), ({"days": "3"}, D(2026, 11, 14)), ({"days": "14"}, D(2026, 11, 25))],
)
def test_snoozing_hides_it_for_a_week_or_the_days_chosen(owner, owner_client, posted, until):
    ask = make_ask(owner, title="Gone quiet", asked_on=D(2026, 9, 1))
    response = owner_client.post(f"/asks/{ask.pk}/snooze", posted, follow=True)
    assert response.redirect_chain == [("/asks/overdue", 302)]
    assert f"Snoozed until {until:%b} {until.day}: Gone quiet." in response.text
    assert listed(response.text) == []
    ask.refresh_from_db()
    assert ask.snoozed_until == until
    assert ask.outcome == Outcome.PENDING


@pytest.mark.parametrize("days", ["5", "0", "-7", "abc", "7.5", "99999999999999999999"])
def test_a_snooze_of_other_days_is_refused_and_changes_nothing(owner, owner_client, days):
    ask = make_ask(owner, asked_on=D(2026, 9, 1))
    before = stored(Ask)
    response = owner_client.post(f"/asks/{ask.pk}/snooze", {"days": days}, follow=True)
    assert "Snooze for 3, 7 or 14 days." in response.text
    assert stored(Ask) == before


def test_snoozing_an_answered_ask_changes_nothing(owner, owner_client):
    ask = make_ask(owner, asked_on=D(2026, 9, 1), outcome=Outcome.NO)
    before = stored(Ask)
    response = owner_client.post(f"/asks/{ask.pk}/snooze", follow=True)
    assert "That ask already has an answer." in response.text
    assert stored(Ask) == before


# Nobody else's asks ---------------------------------------------------------------------


@pytest.mark.parametrize("action", ["no-response", "snooze"])
def test_an_outsider_gets_404_and_nothing_changes(owner, outsider_client, action):
    ask = make_ask(owner, asked_on=D(2026, 9, 1))
    before = stored(Ask)
    response = outsider_client.post(f"/asks/{ask.pk}/{action}", {"days": "7"})
    assert response.status_code == 404
    assert stored(Ask) == before


@pytest.mark.parametrize("action", ["no-response", "snooze"])
def test_a_visitor_is_sent_to_log_in_and_nothing_changes(owner, action):
    ask = make_ask(owner, asked_on=D(2026, 9, 1))
    before = stored(Ask)
    response = Client().post(f"/asks/{ask.pk}/{action}")
    assert response["Location"] == f"/login?next=/asks/{ask.pk}/{action}"
    assert stored(Ask) == before


@pytest.mark.parametrize("action", ["no-response", "snooze"])
def test_an_action_takes_only_a_post(owner, owner_client, action):
    ask = make_ask(owner, asked_on=D(2026, 9, 1))
    assert owner_client.get(f"/asks/{ask.pk}/{action}").status_code == 405


def test_an_unknown_ask_is_404(owner_client):
    assert owner_client.post("/asks/999999/no-response").status_code == 404


# The home page ----------------------------------------------------------------------------


def test_the_home_page_shows_the_first_five_and_links_to_the_rest(owner, owner_client):
    asks = [make_ask(owner, asked_on=D(2026, 9, day)) for day in range(1, 8)]
    response = owner_client.get("/")
    section = response.text.split('id="overdue-title"')[1].split("</section>")[0]
    assert listed(section) == [ask.pk for ask in asks[:5]]
    assert 'href="/asks/overdue">All overdue asks' in section
    assert f'action="/asks/{asks[0].pk}/no-response"' in section


def test_the_home_page_shows_all_when_five_or_fewer(owner, owner_client):
    asks = [make_ask(owner, asked_on=D(2026, 9, day)) for day in range(1, 6)]
    section = owner_client.get("/").text.split('id="overdue-title"')[1].split("</section>")[0]
    assert listed(section) == [ask.pk for ask in asks]
    assert "All overdue asks" not in section


def test_the_home_page_has_no_overdue_section_when_nothing_is_overdue(owner, owner_client):
    make_ask(owner, asked_on=D(2026, 11, 1))
    assert 'id="overdue-title"' not in owner_client.get("/").text
