"""One-tap answers at POST /asks/<id>/outcome record the outcome and celebrate it."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.utils.html import escape

from nomentum.asks.models import Ask, Outcome
from nomentum.web.celebrate import outcome_message
from tests.conftest import make_ask

D = dt.date
# 00:30 on Friday 2026-11-06 in Berlin, still Thursday in UTC.
NOW = dt.datetime(2026, 11, 5, 23, 30, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.mark.parametrize(
    ("answer", "outcome", "feedback"),
    [
        ("no", "no", ""),
        ("yes", "yes", ""),
        ("no_response", "no_response", ""),
        ("withdrawn", "withdrawn", ""),
        ("no:form", "no", "form"),
        ("no:personal", "no", "personal"),
        ("no:invited_back", "no", "invited_back"),
    ],
)
def test_it_records_the_answer_and_celebrates_it(owner, owner_client, answer, outcome, feedback):
    ask = make_ask(owner, asked_on=D(2026, 11, 2))

    response = owner_client.post(f"/asks/{ask.pk}/outcome", {"answer": answer}, follow=True)

    ask.refresh_from_db()
    assert (ask.outcome, ask.feedback, ask.decided_on) == (outcome, feedback, D(2026, 11, 6))
    assert response.redirect_chain == [("/asks/", 302)]
    message = outcome_message(ask)
    assert message
    assert escape(message) in response.text


def test_it_takes_an_answer_back_to_pending(owner, owner_client):
    ask = make_ask(owner, outcome=Outcome.NO, feedback="form", decided_on=D(2026, 11, 3))
    response = owner_client.post(f"/asks/{ask.pk}/outcome", {"answer": "pending"}, follow=True)
    ask.refresh_from_db()
    assert (ask.outcome, ask.feedback, ask.decided_on) == ("pending", "", None)
    assert "Back to pending." in response.text


def test_it_never_dates_an_answer_before_the_ask(owner, owner_client):
    ask = make_ask(owner, asked_on=D(2026, 11, 20))
    owner_client.post(f"/asks/{ask.pk}/outcome", {"answer": "no"})
    ask.refresh_from_db()
    assert ask.decided_on == D(2026, 11, 20)


def test_it_goes_back_to_the_page_the_button_was_on(owner, owner_client):
    ask = make_ask(owner)
    response = owner_client.post(f"/asks/{ask.pk}/outcome", {"answer": "no", "next": "/"})
    assert response["Location"] == "/"


def test_it_refuses_to_go_back_to_another_site(owner, owner_client):
    ask = make_ask(owner)
    response = owner_client.post(
        f"/asks/{ask.pk}/outcome", {"answer": "no", "next": "//evil.example/"}
    )
    assert response["Location"] == "/asks/"


def test_it_refuses_an_unknown_answer(owner, owner_client):
    ask = make_ask(owner, asked_on=D(2026, 11, 2))
    response = owner_client.post(f"/asks/{ask.pk}/outcome", {"answer": "maybe"}, follow=True)
    assert "That answer is not one Nomentum knows" in response.text
    ask.refresh_from_db()
    assert (ask.outcome, ask.decided_on) == ("pending", None)


def test_it_refuses_an_unknown_feedback(owner, owner_client):
    ask = make_ask(owner, asked_on=D(2026, 11, 2))
    response = owner_client.post(f"/asks/{ask.pk}/outcome", {"answer": "yes:personal"}, follow=True)
    assert "That answer is not one Nomentum knows" in response.text
    assert Ask.objects.get(pk=ask.pk).outcome == "pending"


def test_it_refuses_a_get(owner, owner_client):
    ask = make_ask(owner)
    assert owner_client.get(f"/asks/{ask.pk}/outcome?answer=no").status_code == 405
    assert Ask.objects.get(pk=ask.pk).outcome == "pending"


def test_it_refuses_an_outsider(owner, outsider_client):
    ask = make_ask(owner, asked_on=D(2026, 11, 2))
    response = outsider_client.post(f"/asks/{ask.pk}/outcome", {"answer": "no"})
    assert response.status_code == 404
    ask.refresh_from_db()
    assert (ask.outcome, ask.decided_on) == ("pending", None)


def test_it_answers_404_for_an_ask_that_does_not_exist(owner_client):
    assert owner_client.post("/asks/999999/outcome", {"answer": "no"}).status_code == 404


def test_it_sends_a_visitor_to_log_in(owner):
    ask = make_ask(owner)
    response = Client().post(f"/asks/{ask.pk}/outcome", {"answer": "no"})
    assert response["Location"] == f"/login?next=/asks/{ask.pk}/outcome"
    assert Ask.objects.get(pk=ask.pk).outcome == "pending"
