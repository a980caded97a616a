"""GET /api/v1/asks/overdue, POST /api/v1/asks/{id}/no-response and /snooze, and
GET /api/v1/asks/recipients: the overdue page's and the recipients page's numbers as JSON."""

import datetime as dt

import pytest
import time_machine
from django.test import Client

from nomentum.asks.models import Ask, Category, Outcome
from tests.conftest import make_ask, stored

D = dt.date
NOW = dt.datetime(2026, 11, 11, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def post(client: Client, path: str, body: dict | None = None):
    return client.post(path, body or {}, content_type="application/json")


def test_it_lists_my_overdue_asks_oldest_first(api, owner, outsider):
    Category.objects.filter(user=owner, slug="grant").update(reply_days=14)
    newer = make_ask(owner, category="grant", asked_on=D(2026, 10, 20))
    older = make_ask(owner, asked_on=D(2026, 10, 1))
    make_ask(owner, asked_on=D(2026, 11, 1))
    make_ask(owner, asked_on=D(2026, 9, 1), snoozed_until=D(2026, 11, 20))
    make_ask(outsider, asked_on=D(2026, 9, 1))

    body = api.get("/api/v1/asks/overdue").json()

    assert body["count"] == 2
    assert [(i["id"], i["overdue_on"], i["counted_as"]) for i in body["items"]] == [
        (older.pk, "2026-10-31", "no_response"),
        (newer.pk, "2026-11-03", "pending"),
    ]
    assert api.get("/api/v1/asks/overdue?limit=1&offset=1").json()["items"][0]["id"] == newer.pk


def test_counting_a_silent_ask_dates_it_the_day_it_fell_silent(api, owner):
    ask = make_ask(owner, asked_on=D(2026, 9, 1))
    response = post(api, f"/api/v1/asks/{ask.pk}/no-response")
    assert response.status_code == 200
    assert (response.json()["outcome"], response.json()["decided_on"]) == (
        "no_response",
        "2026-10-01",
    )


def test_counting_an_answered_ask_is_a_conflict(api, owner):
    ask = make_ask(owner, asked_on=D(2026, 9, 1), outcome=Outcome.NO)
    before = stored(Ask)
    response = post(api, f"/api/v1/asks/{ask.pk}/no-response")
    assert response.status_code == 409
    assert response.json() == {"detail": "That ask already has an answer."}
    assert stored(Ask) == before


@pytest.mark.parametrize(("body", "until"), [({}, "2026-11-18"), ({"days": 14}, "2026-11-25")])
def test_snoozing_sets_the_day_it_comes_back(api, owner, body, until):
    ask = make_ask(owner, asked_on=D(2026, 9, 1))
    response = post(api, f"/api/v1/asks/{ask.pk}/snooze", body)
    assert response.status_code == 200
    assert response.json()["snoozed_until"] == until
    assert api.get("/api/v1/asks/overdue").json()["count"] == 0


@pytest.mark.parametrize("days", [5, -3, "abc", None])
def test_a_snooze_of_other_days_is_refused(api, owner, days):
    ask = make_ask(owner, asked_on=D(2026, 9, 1))
    before = stored(Ask)
    response = post(api, f"/api/v1/asks/{ask.pk}/snooze", {"days": days})
    assert response.status_code == 422
    assert isinstance(response.json()["detail"], str)
    assert stored(Ask) == before


@pytest.mark.parametrize("action", ["no-response", "snooze"])
def test_another_users_ask_is_404_and_nothing_changes(outsider_api, owner, action):
    ask = make_ask(owner, asked_on=D(2026, 9, 1))
    before = stored(Ask)
    response = post(outsider_api, f"/api/v1/asks/{ask.pk}/{action}")
    assert response.status_code == 404
    assert stored(Ask) == before


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/asks/overdue"),
        ("get", "/api/v1/asks/recipients"),
        ("post", "/api/v1/asks/1/no-response"),
        ("post", "/api/v1/asks/1/snooze"),
    ],
)
def test_an_anonymous_caller_gets_401(db, method, path):
    assert getattr(Client(), method)(path).status_code == 401


def test_it_lists_my_recipients(api, owner, outsider):
    make_ask(owner, recipient="Granta", asked_on=D(2026, 10, 1), outcome=Outcome.NO,
             decided_on=D(2026, 10, 5))  # fmt: skip
    make_ask(owner, recipient=" granta ", asked_on=D(2026, 10, 1), outcome=Outcome.YES,
             decided_on=D(2026, 10, 3))  # fmt: skip
    make_ask(owner, recipient="Aeon", asked_on=D(2026, 11, 10))
    make_ask(outsider, recipient="Secret Quarterly")

    body = api.get("/api/v1/asks/recipients").json()

    assert body["count"] == 2
    granta, aeon = body["items"]
    assert granta == {
        "recipient": granta["recipient"],
        "key": "granta",
        "asks": 2,
        "no": 1,
        "yes": 1,
        "no_response": 0,
        "pending": 0,
        "withdrawn": 0,
        "yes_rate": 0.5,
        "median_days_to_answer": 3.0,
    }
    assert granta["recipient"].lower() == "granta"
    assert (aeon["key"], aeon["yes_rate"], aeon["median_days_to_answer"]) == ("aeon", None, None)
    assert api.get("/api/v1/asks/recipients?offset=1").json()["items"][0]["key"] == "aeon"
