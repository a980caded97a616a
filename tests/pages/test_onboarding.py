"""The onboarding at /welcome: three skippable steps from sign-up to a first logged ask."""

import datetime as dt

import pytest
from django.test import Client

from nomentum.asks.models import Ask, Outcome
from nomentum.challenges.models import Challenge, Goal
from tests.conftest import make_ask, make_user

pytestmark = pytest.mark.usefixtures("frozen")


def test_sign_up_leads_to_the_first_step(db):
    response = Client().post(
        "/accounts/signup",
        {
            "username": "ines",
            "email": "ines@example.com",
            "password1": "night trains at dawn 42",
            "password2": "night trains at dawn 42",
        },
        follow=True,
    )
    assert response.redirect_chain == [("/welcome", 302)]
    assert "Welcome to Nomentum." in response.text
    assert "<h1>What do you ask for?</h1>" in response.text
    assert "Step 1 of 3" in response.text


def test_step_one_offers_every_kind_and_preselects_none(owner_client):
    response = owner_client.get("/welcome")
    for value, label in [
        ("pitch", "Pitches"),
        ("job", "Jobs"),
        ("grant", "Grants"),
        ("funding", "Funding"),
        ("date", "Dates"),
        ("other", "Other"),
    ]:
        assert f'name="kind" value="{value}">{label}</button>' in response.text
    assert "aria-pressed" not in response.text
    assert 'href="/welcome/goal">Skip this step</a>' in response.text


def test_step_one_remembers_the_choice_for_the_log_form(owner_client, owner):
    response = owner_client.post("/welcome", {"kind": "grant"})
    assert response["Location"] == "/welcome/goal"
    response = owner_client.get("/welcome/ask")
    grant = owner.categories.get(slug="grant")
    assert f'<option value="{grant.pk}" selected>Grant</option>' in response.text


def test_step_one_refuses_an_unknown_kind(owner_client):
    response = owner_client.post("/welcome", {"kind": "lottery"})
    assert response.status_code == 200
    assert "Pick one of these: Select a valid choice." in response.text
    assert "welcome_category" not in owner_client.session


def test_step_two_prefills_a_challenge_for_the_rest_of_the_month(owner_client):
    response = owner_client.get("/welcome/goal")
    assert "<h1>Your first goal</h1>" in response.text
    assert 'value="My November of NO"' in response.text
    assert 'name="rejections_total" value="12"' in response.text
    assert "from today to November 30" in response.text
    assert 'href="/welcome/ask">Skip this step</a>' in response.text


def test_step_two_starts_a_personal_challenge_with_the_goal(owner_client, owner):
    response = owner_client.post(
        "/welcome/goal", {"name": "My November of NO", "rejections_total": "12"}, follow=True
    )
    assert response.redirect_chain == [("/welcome/ask", 302)]
    assert "My November of NO: 12 no&#x27;s to collect by Nov 30. Go get them." in response.text
    challenge = Challenge.objects.get(owner=owner)
    assert challenge.group is None
    assert challenge.name == "My November of NO"
    assert (challenge.starts_on, challenge.ends_on) == (
        dt.date(2026, 11, 11),
        dt.date(2026, 11, 30),
    )
    goal = Goal.objects.get(challenge=challenge, user=owner)
    assert goal.rejections_total == 12
    assert goal.rejections_target(challenge) == 12


def test_step_two_sent_twice_starts_one_challenge(owner_client, owner):
    data = {"name": "My November of NO", "rejections_total": "12"}
    owner_client.post("/welcome/goal", data)
    owner_client.post("/welcome/goal", {**data, "rejections_total": "15"})
    challenge = Challenge.objects.get(owner=owner)
    assert Goal.objects.get(challenge=challenge).rejections_total == 15


@pytest.mark.parametrize(
    ("target", "error"),
    [
        ("-3", "Aim for at least one no."),
        ("0", "Aim for at least one no."),
        ("1000000", "That is more than a month can hold: aim for 1000 or fewer."),
        ("twelve", "Enter a whole number."),
        ("", "This field is required."),
    ],
)
def test_step_two_refuses_a_bad_target(owner_client, target, error):
    response = owner_client.post(
        "/welcome/goal", {"name": "My November of NO", "rejections_total": target}
    )
    assert response.status_code == 200
    assert error in response.text
    assert not Challenge.objects.exists()
    assert not Goal.objects.exists()


def test_step_two_refuses_an_empty_name(owner_client):
    response = owner_client.post("/welcome/goal", {"name": "", "rejections_total": "12"})
    assert "This field is required." in response.text
    assert not Challenge.objects.exists()


def test_step_three_logs_the_first_ask_and_goes_home(owner_client, owner):
    owner_client.post("/welcome", {"kind": "pitch"})
    pitch = owner.categories.get(slug="pitch")
    response = owner_client.post(
        "/welcome/ask",
        {"title": "Pitch: night trains", "recipient": "The Atlantic", "category": pitch.pk},
        follow=True,
    )
    assert response.redirect_chain == [("/", 302)]
    assert "Logged: Pitch: night trains. Your first ask is out" in response.text
    assert "Waiting for an answer <small>(1)</small>" in response.text
    ask = Ask.objects.get(user=owner)
    assert (ask.title, ask.recipient, ask.category) == (
        "Pitch: night trains",
        "The Atlantic",
        pitch,
    )
    assert ask.outcome == Outcome.PENDING
    # Today in Berlin, the owner's time zone.
    assert ask.asked_on == dt.date(2026, 11, 11)


def test_step_three_shows_the_short_form_with_no_category_when_none_was_chosen(owner_client):
    response = owner_client.get("/welcome/ask")
    assert "<h1>Log your first ask</h1>" in response.text
    assert 'name="title"' in response.text
    assert 'name="recipient"' in response.text
    assert 'name="outcome"' not in response.text
    assert '<option value="" selected>(none)</option>' in response.text
    assert 'href="/">Skip this step</a>' in response.text


def test_step_three_refuses_an_ask_without_a_title(owner_client):
    response = owner_client.post("/welcome/ask", {"title": "", "recipient": "The Atlantic"})
    assert response.status_code == 200
    assert "This field is required." in response.text
    assert not Ask.objects.exists()


def test_step_three_refuses_another_users_category(owner_client):
    other = make_user("other").categories.get(slug="pitch")
    response = owner_client.post("/welcome/ask", {"title": "Pitch", "category": other.pk})
    assert "Select a valid choice." in response.text
    assert not Ask.objects.exists()


def test_skipping_every_step_reaches_home_with_nothing_written(owner_client):
    assert owner_client.get("/welcome").status_code == 200
    assert owner_client.get("/welcome/goal").status_code == 200
    assert owner_client.get("/welcome/ask").status_code == 200
    assert owner_client.get("/").status_code == 200
    assert not Challenge.objects.exists()
    assert not Ask.objects.exists()


@pytest.mark.parametrize("path", ["/welcome", "/welcome/goal", "/welcome/ask"])
def test_a_second_visit_after_the_first_ask_goes_home(owner_client, owner, path):
    make_ask(owner)
    assert owner_client.get(path)["Location"] == "/"
    assert owner_client.post(path, {"kind": "job"})["Location"] == "/"


@pytest.mark.parametrize("path", ["/welcome", "/welcome/goal", "/welcome/ask"])
def test_it_sends_an_anonymous_visitor_to_log_in(db, path):
    response = Client().get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/login?next={path}"
    response = Client().post(path, {"title": "x", "name": "x", "rejections_total": "3"})
    assert response["Location"] == f"/login?next={path}"
    assert not Ask.objects.exists()
    assert not Challenge.objects.exists()
