"""Editing an ask at /asks/<id>/edit: only its owner may, and bad input changes nothing."""

import datetime as dt

import pytest
import time_machine
from django.test import Client

from nomentum.asks.models import Ask, Category, Outcome
from tests.conftest import make_ask

D = dt.date
NOW = dt.datetime(2026, 11, 5, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def form_data(ask: Ask, **fields) -> dict:
    """Return what a browser sends for the edit form of an ask, with some fields changed."""
    data = {
        "title": ask.title,
        "recipient": ask.recipient,
        "category": ask.category_id or "",
        "asked_on": ask.asked_on.isoformat(),
        "outcome": ask.outcome,
        "feedback": ask.feedback,
        "decided_on": ask.decided_on.isoformat() if ask.decided_on else "",
        "amount": "" if ask.amount is None else str(ask.amount),
        "follow_up_on": "",
        "notes": ask.notes,
    }
    data.update(fields)
    return data


def test_it_shows_the_ask(owner, owner_client):
    ask = make_ask(owner, title="Night-train essay", recipient="The Review", category="pitch")
    response = owner_client.get(f"/asks/{ask.pk}/edit")
    assert response.status_code == 200
    assert 'value="Night-train essay"' in response.text
    assert 'value="The Review"' in response.text
    assert f'<option value="{ask.category_id}" selected>Pitch</option>' in response.text
    assert f'href="/asks/{ask.pk}/delete"' in response.text


def test_it_saves_changes(owner, owner_client):
    ask = make_ask(owner, asked_on=D(2026, 11, 2))
    job = Category.objects.get(user=owner, slug="job")
    response = owner_client.post(
        f"/asks/{ask.pk}/edit",
        form_data(
            ask,
            title="Renamed",
            category=job.pk,
            outcome="no",
            feedback="invited_back",
            decided_on="2026-11-04",
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == "/asks/"
    ask.refresh_from_db()
    assert ask.title == "Renamed"
    assert ask.category == job
    assert (ask.outcome, ask.feedback, ask.decided_on) == ("no", "invited_back", D(2026, 11, 4))


def test_it_says_saved(owner, owner_client):
    ask = make_ask(owner)
    response = owner_client.post(f"/asks/{ask.pk}/edit", form_data(ask), follow=True)
    assert "Saved." in response.text


def test_it_goes_back_to_the_page_it_came_from(owner, owner_client):
    ask = make_ask(owner)
    response = owner_client.get(f"/asks/{ask.pk}/edit?next=/asks/%3Fcategory%3Dgrant")
    assert '<input type="hidden" name="next" value="/asks/?category=grant">' in response.text
    response = owner_client.post(
        f"/asks/{ask.pk}/edit", {**form_data(ask), "next": "/asks/?category=grant"}
    )
    assert response["Location"] == "/asks/?category=grant"


def test_it_takes_an_answer_back_to_pending(owner, owner_client):
    ask = make_ask(owner, outcome=Outcome.NO, feedback="form", decided_on=D(2026, 11, 3))
    response = owner_client.post(f"/asks/{ask.pk}/edit", form_data(ask, outcome="pending"))
    assert response.status_code == 302
    ask.refresh_from_db()
    assert (ask.outcome, ask.feedback, ask.decided_on) == ("pending", "", None)


def test_it_drops_feedback_when_the_answer_becomes_a_yes(owner, owner_client):
    ask = make_ask(owner, outcome=Outcome.NO, feedback="personal", decided_on=D(2026, 11, 3))
    response = owner_client.post(f"/asks/{ask.pk}/edit", form_data(ask, outcome="yes"))
    assert response.status_code == 302
    ask.refresh_from_db()
    assert (ask.outcome, ask.feedback) == ("yes", "")


def test_it_refuses_an_answer_dated_before_the_ask(owner, owner_client):
    ask = make_ask(owner, asked_on=D(2026, 11, 3))
    response = owner_client.post(
        f"/asks/{ask.pk}/edit", form_data(ask, outcome="no", decided_on="2026-11-02")
    )
    assert response.status_code == 200
    assert '<p class="error" id="id_decided_on_error">' in response.text
    assert "The answer cannot come before the ask." in response.text
    ask.refresh_from_db()
    assert (ask.outcome, ask.decided_on) == ("pending", None)


def test_it_refuses_an_ask_moved_after_its_answer(owner, owner_client):
    ask = make_ask(owner, asked_on=D(2026, 11, 2), outcome=Outcome.NO, decided_on=D(2026, 11, 3))
    response = owner_client.post(f"/asks/{ask.pk}/edit", form_data(ask, asked_on="2026-11-04"))
    assert response.status_code == 200
    assert "The answer cannot come before the ask." in response.text
    ask.refresh_from_db()
    assert ask.asked_on == D(2026, 11, 2)


def test_it_refuses_an_empty_title(owner, owner_client):
    ask = make_ask(owner, title="Keep me")
    response = owner_client.post(f"/asks/{ask.pk}/edit", form_data(ask, title=""))
    assert response.status_code == 200
    assert '<p class="error" id="id_title_error">This field is required.</p>' in response.text
    ask.refresh_from_db()
    assert ask.title == "Keep me"


def test_it_refuses_an_outsider(owner, outsider_client):
    ask = make_ask(owner, title="Mine")
    assert outsider_client.get(f"/asks/{ask.pk}/edit").status_code == 404
    response = outsider_client.post(f"/asks/{ask.pk}/edit", form_data(ask, title="Theirs"))
    assert response.status_code == 404
    ask.refresh_from_db()
    assert ask.title == "Mine"


def test_it_sends_a_visitor_to_log_in(owner):
    ask = make_ask(owner, title="Mine")
    response = Client().post(f"/asks/{ask.pk}/edit", form_data(ask, title="Theirs"))
    assert response["Location"] == f"/login?next=/asks/{ask.pk}/edit"
    ask.refresh_from_db()
    assert ask.title == "Mine"
