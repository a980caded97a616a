"""Logging an ask at /asks/new: a title is enough, and bad input saves nothing."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.test import Client

from nomentum.asks.models import Ask, Category, Outcome
from tests.conftest import make_ask

D = dt.date
# 00:30 on Friday 2026-11-06 in Berlin, still Thursday in UTC.
NOW = dt.datetime(2026, 11, 5, 23, 30, tzinfo=dt.UTC)


def form_data(**fields) -> dict:
    """Return what a browser sends for the form filled in with a title only."""
    data = {
        "title": "Pitch: the night-train essay",
        "recipient": "",
        "category": "",
        "asked_on": "2026-11-06",
        "outcome": "pending",
        "feedback": "",
        "decided_on": "",
        "amount": "",
        "follow_up_on": "",
        "notes": "",
    }
    data.update(fields)
    return data


@time_machine.travel(NOW, tick=False)
def test_it_offers_today_in_the_users_time_zone(owner_client):
    response = owner_client.get("/asks/new")
    assert response.status_code == 200
    assert 'name="asked_on" value="2026-11-06"' in response.text


@time_machine.travel(NOW, tick=False)
def test_it_preselects_the_last_used_category(owner, owner_client):
    make_ask(owner, category="job", asked_on=D(2026, 11, 4))
    grant = Category.objects.get(user=owner, slug="grant")
    # Logged last, though asked earlier: "last used" means the last one logged.
    make_ask(owner, category=grant, asked_on=D(2026, 10, 1))
    response = owner_client.get("/asks/new")
    assert f'<option value="{grant.pk}" selected>Grant</option>' in response.text


def test_it_preselects_no_category_for_a_first_ask(owner_client):
    response = owner_client.get("/asks/new")
    assert '<option value="" selected>(none)</option>' in response.text


def test_it_offers_only_the_users_own_categories(owner_client, outsider):
    Category.objects.create(user=outsider, name="Secret plans")
    response = owner_client.get("/asks/new")
    assert "Secret plans" not in response.text


@time_machine.travel(NOW, tick=False)
def test_it_logs_an_ask(owner, owner_client):
    grant = Category.objects.get(user=owner, slug="grant")
    response = owner_client.post(
        "/asks/new",
        form_data(recipient="Arts Council", category=grant.pk, amount="1500.50", notes="Round 2"),
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
    ask = Ask.objects.get(user=owner)
    assert ask.title == "Pitch: the night-train essay"
    assert ask.recipient == "Arts Council"
    assert ask.category == grant
    assert ask.asked_on == D(2026, 11, 6)
    assert ask.outcome == Outcome.PENDING
    assert ask.decided_on is None
    assert ask.amount == Decimal("1500.50")
    assert ask.notes == "Round 2"


@time_machine.travel(NOW, tick=False)
def test_it_says_the_ask_was_logged(owner_client):
    response = owner_client.post("/asks/new", form_data(title="Ask the editor"), follow=True)
    assert "Logged: Ask the editor. Now wait for the answer." in response.text


@time_machine.travel(NOW, tick=False)
def test_it_goes_back_to_the_page_it_came_from(owner_client):
    response = owner_client.post("/asks/new", {**form_data(), "next": "/asks/?outcome=pending"})
    assert response["Location"] == "/asks/?outcome=pending"


@time_machine.travel(NOW, tick=False)
def test_it_refuses_to_go_back_to_another_site(owner_client):
    response = owner_client.post("/asks/new", {**form_data(), "next": "https://evil.example/"})
    assert response["Location"] == "/"


@time_machine.travel(NOW, tick=False)
def test_it_dates_an_answer_given_without_a_date_today(owner, owner_client):
    response = owner_client.post(
        "/asks/new", form_data(asked_on="2026-11-01", outcome="no", feedback="personal")
    )
    assert response.status_code == 302
    ask = Ask.objects.get(user=owner)
    assert (ask.outcome, ask.feedback, ask.decided_on) == ("no", "personal", D(2026, 11, 6))


@time_machine.travel(NOW, tick=False)
def test_it_drops_a_date_of_answer_given_to_a_pending_ask(owner, owner_client):
    response = owner_client.post("/asks/new", form_data(outcome="pending", decided_on="2026-11-06"))
    assert response.status_code == 302
    assert Ask.objects.get(user=owner).decided_on is None


@time_machine.travel(NOW, tick=False)
def test_it_drops_feedback_given_with_a_yes(owner, owner_client):
    response = owner_client.post(
        "/asks/new", form_data(outcome="yes", feedback="personal", decided_on="2026-11-06")
    )
    assert response.status_code == 302
    ask = Ask.objects.get(user=owner)
    assert (ask.outcome, ask.feedback) == ("yes", "")


@pytest.mark.parametrize("title", ["", "   "])
def test_it_requires_a_title(owner_client, title):
    response = owner_client.post("/asks/new", form_data(title=title))
    assert response.status_code == 200
    assert '<p class="error" id="id_title_error">This field is required.</p>' in response.text
    assert "Nothing was saved yet." in response.text
    assert not Ask.objects.exists()


def test_it_refuses_an_impossible_date(owner_client):
    response = owner_client.post("/asks/new", form_data(asked_on="2025-13-45"))
    assert response.status_code == 200
    assert '<p class="error" id="id_asked_on_error">Enter a valid date.</p>' in response.text
    assert not Ask.objects.exists()


def test_it_refuses_a_negative_amount(owner_client):
    response = owner_client.post("/asks/new", form_data(amount="-5"))
    assert response.status_code == 200
    assert 'id="id_amount_error"' in response.text
    assert "The amount cannot be negative." in response.text
    assert not Ask.objects.exists()


def test_it_refuses_an_answer_dated_before_the_ask(owner_client):
    response = owner_client.post(
        "/asks/new", form_data(asked_on="2026-11-05", outcome="no", decided_on="2026-11-04")
    )
    assert response.status_code == 200
    assert '<p class="error" id="id_decided_on_error">' in response.text
    assert "The answer cannot come before the ask." in response.text
    assert not Ask.objects.exists()


def test_it_refuses_another_users_category(owner_client, outsider):
    theirs = Category.objects.get(user=outsider, slug="grant")
    response = owner_client.post("/asks/new", form_data(category=theirs.pk))
    assert response.status_code == 200
    assert 'id="id_category_error"' in response.text
    assert not Ask.objects.exists()


def test_it_refuses_a_huge_body_and_saves_nothing(owner_client):
    response = owner_client.post("/asks/new", form_data(notes="x" * 10_000_000))
    assert response.status_code == 400
    assert "Nothing was saved." in response.text
    assert not Ask.objects.exists()


def test_it_sends_a_visitor_to_log_in(db):
    response = Client().get("/asks/new")
    assert response.status_code == 302
    assert response["Location"] == "/login?next=/asks/new"


def test_it_saves_nothing_for_a_visitor(db):
    response = Client().post("/asks/new", form_data())
    assert response["Location"] == "/login?next=/asks/new"
    assert not Ask.objects.exists()


def test_it_refuses_a_date_beyond_the_year_2999(owner_client):
    response = owner_client.post("/asks/new", form_data(asked_on="9999-12-31"))
    assert response.status_code == 200
    assert (
        '<p class="error" id="id_asked_on_error">Use a date between 1900 and 2999.</p>'
        in response.text
    )
    assert not Ask.objects.exists()
