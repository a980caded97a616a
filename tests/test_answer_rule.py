"""Every way of answering an ask stores the same answer for the same input.

An answer given without a date came today, never before its ask; giving the same answer
again keeps its date; feedback goes with a no alone; a pending ask has no answer date.
What the chosen outcome cannot carry, the page's form and an import drop (a browser sends
every field, a tracker fills every column) and the API refuses. One difference is by
design: an import dates an undated answer the day of its ask, not today
(tests/imports/test_importing.py).
"""

import datetime as dt
from collections.abc import Callable, Sequence

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client

from nomentum.accounts.models import ApiToken, User
from nomentum.asks.importing import import_asks
from nomentum.asks.models import Ask, Outcome
from tests.conftest import PASSWORD, client_for, make_ask, make_challenge, stored

D = dt.date
# Noon on Wednesday 2026-11-11, the same day in Berlin (the owner's) as in UTC.
NOW = dt.datetime(2026, 11, 11, 12, 0, tzinfo=dt.UTC)
TODAY = D(2026, 11, 11)
# The first day of week 2 of November's challenge: the day a tally's asks are dated.
WEEK_TWO = D(2026, 11, 8)
PENDING_WITH_A_DATE = "A pending ask has no answer date: give its outcome too, or leave it out."

Answer = tuple[str, str, dt.date | None]  # outcome, feedback, decided_on


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def answer_of(ask: Ask) -> Answer:
    ask.refresh_from_db()
    return (ask.outcome, ask.feedback, ask.decided_on)


def api_for(user: User) -> Client:
    return Client(headers={"Authorization": f"Bearer {ApiToken.issue(user)[1]}"})


def iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def form_fields(asked_on: dt.date, outcome: str, feedback: str, decided_on: dt.date | None):
    """Return what a browser sends for the ask form: every field, whatever the outcome."""
    return {
        "title": "Essay",
        "recipient": "",
        "category": "",
        "asked_on": iso(asked_on),
        "outcome": outcome,
        "feedback": feedback,
        "decided_on": iso(decided_on),
        "amount": "",
        "follow_up_on": "",
        "notes": "",
    }


def answer_body(outcome: str, feedback: str, decided_on: dt.date | None) -> dict:
    body = {"outcome": outcome}
    if feedback:
        body["feedback"] = feedback
    if decided_on:
        body["decided_on"] = iso(decided_on)
    return body


def csv_for(asked_on: dt.date, outcome: str, feedback: str, decided_on: dt.date | None) -> bytes:
    label = Outcome(outcome).label
    return (
        "Title,Date Sent,Response Date,Status,Feedback\n"
        f"Essay,{iso(asked_on)},{iso(decided_on)},{label},{feedback}\n"
    ).encode()


# The paths. Each answers a new ask, or a pending one it logs first, and returns it.


def by_new_form(user, asked_on, outcome, feedback="", decided_on=None) -> Ask:
    fields = form_fields(asked_on, outcome, feedback, decided_on)
    response = client_for(user).post("/asks/new", fields)
    assert response.status_code == 302, response.text
    return Ask.objects.get(user=user)


def by_edit_form(user, asked_on, outcome, feedback="", decided_on=None) -> Ask:
    ask = make_ask(user, asked_on=asked_on)
    fields = form_fields(asked_on, outcome, feedback, decided_on)
    response = client_for(user).post(f"/asks/{ask.pk}/edit", fields)
    assert response.status_code == 302, response.text
    return ask


def by_api(user, asked_on, outcome, feedback="", decided_on=None) -> Ask:
    answer = answer_body(outcome, feedback, decided_on)
    body = {"title": "Essay", "asked_on": iso(asked_on), **answer}
    response = api_for(user).post("/api/v1/asks", body, content_type="application/json")
    assert response.status_code == 201, response.content
    return Ask.objects.get(pk=response.json()["id"])


def by_api_patch(user, asked_on, outcome, feedback="", decided_on=None) -> Ask:
    ask = make_ask(user, asked_on=asked_on)
    body = answer_body(outcome, feedback, decided_on)
    response = api_for(user).patch(f"/api/v1/asks/{ask.pk}", body, content_type="application/json")
    assert response.status_code == 200, response.content
    return ask


def by_button(user, asked_on, outcome, feedback="", decided_on=None) -> Ask:
    assert decided_on is None  # a button gives no date
    ask = make_ask(user, asked_on=asked_on)
    answer = f"{outcome}:{feedback}" if feedback else outcome
    response = client_for(user).post(f"/asks/{ask.pk}/outcome", {"answer": answer})
    assert response.status_code == 302
    return ask


def by_import(user, asked_on, outcome, feedback="", decided_on=None) -> Ask:
    report = import_asks(user, csv_for(asked_on, outcome, feedback, decided_on))
    assert (report.errors, report.created) == ([], 1)
    return Ask.objects.get(user=user)


def by_tally(user, asked_on, outcome, feedback="", decided_on=None) -> Ask:
    assert (asked_on, feedback, decided_on) == (WEEK_TWO, "", None)  # all a tally says
    challenge = make_challenge(owner=user)
    counts = {Outcome.NO: "rejections", Outcome.YES: "yeses"}
    body = {"week": 2, "tally": {counts[Outcome(outcome)]: 1}}
    response = api_for(user).post(
        f"/api/v1/challenges/{challenge.pk}/checkins", body, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    return Ask.objects.get(user=user)


def by_overdue_page(user, asked_on, outcome, feedback="", decided_on=None) -> Ask:
    assert (outcome, feedback, decided_on) == (Outcome.NO_RESPONSE, "", None)  # one tap
    ask = make_ask(user, asked_on=asked_on)
    assert client_for(user).post(f"/asks/{ask.pk}/no-response").status_code == 302
    return ask


def by_overdue_api(user, asked_on, outcome, feedback="", decided_on=None) -> Ask:
    assert (outcome, feedback, decided_on) == (Outcome.NO_RESPONSE, "", None)  # one tap
    ask = make_ask(user, asked_on=asked_on)
    response = api_for(user).post(f"/api/v1/asks/{ask.pk}/no-response")
    assert response.status_code == 200, response.content
    return ask


Path = Callable[..., Ask]
FORMS: list[Path] = [by_new_form, by_edit_form]
API: list[Path] = [by_api, by_api_patch]
EVERY_OUTCOME: list[Path] = [*FORMS, *API, by_button]
DATED: list[Path] = [*FORMS, *API, by_import]
OVERDUE: list[Path] = [by_overdue_page, by_overdue_api]
DECIDED = [Outcome.NO, Outcome.YES, Outcome.NO_RESPONSE, Outcome.WITHDRAWN]


def cases(paths: list[Path], outcomes: Sequence[str]) -> list:
    return [pytest.param(path, outcome, id=f"{path.__name__}-{outcome}") for path in paths
            for outcome in outcomes]  # fmt: skip


# An answer's date


@pytest.mark.parametrize(
    ("path", "outcome"),
    cases(EVERY_OUTCOME, DECIDED)
    + cases([by_tally], [Outcome.NO, Outcome.YES])
    + cases(OVERDUE, [Outcome.NO_RESPONSE]),
)
def test_an_answer_given_without_a_date_came_today(owner, path, outcome):
    ask = path(owner, WEEK_TWO, outcome)
    assert answer_of(ask) == (outcome, "", TODAY)


@pytest.mark.parametrize(
    ("path", "outcome"),
    cases([*EVERY_OUTCOME, by_import], [Outcome.NO, Outcome.WITHDRAWN])
    + cases(OVERDUE, [Outcome.NO_RESPONSE]),
)
def test_an_answer_to_an_ask_dated_ahead_never_comes_before_it(owner, path, outcome):
    ask = path(owner, D(2026, 11, 20), outcome)
    assert answer_of(ask) == (outcome, "", D(2026, 11, 20))


@pytest.mark.parametrize(("path", "outcome"), cases(DATED, DECIDED))
def test_an_answer_keeps_the_date_it_is_given(owner, path, outcome):
    ask = path(owner, D(2026, 11, 2), outcome, decided_on=D(2026, 11, 5))
    assert answer_of(ask) == (outcome, "", D(2026, 11, 5))


def answered(user: User) -> Ask:
    return make_ask(
        user,
        asked_on=D(2026, 11, 2),
        outcome=Outcome.NO,
        feedback="form",
        decided_on=D(2026, 11, 3),
    )


def press(user: User, ask: Ask, answer: str) -> None:
    client_for(user).post(f"/asks/{ask.pk}/outcome", {"answer": answer})


def patch(user: User, ask: Ask, **body):
    return api_for(user).patch(f"/api/v1/asks/{ask.pk}", body, content_type="application/json")


def test_the_same_answer_again_keeps_its_date(owner):
    pressed, patched = answered(owner), answered(owner)
    press(owner, pressed, "no:personal")
    assert patch(owner, patched, outcome="no", feedback="personal").status_code == 200
    assert answer_of(pressed) == answer_of(patched) == ("no", "personal", D(2026, 11, 3))


def test_a_new_answer_is_dated_anew_and_drops_the_old_feedback(owner):
    pressed, patched = answered(owner), answered(owner)
    press(owner, pressed, "yes")
    assert patch(owner, patched, outcome="yes").status_code == 200
    assert answer_of(pressed) == answer_of(patched) == ("yes", "", TODAY)


# Feedback


@pytest.mark.parametrize("path", [*EVERY_OUTCOME, by_import])
def test_a_no_keeps_its_feedback(owner, path):
    # Asked today, so that an import's undated answer falls on the same day as the others'.
    ask = path(owner, TODAY, Outcome.NO, feedback="personal")
    assert answer_of(ask) == ("no", "personal", TODAY)


@pytest.mark.parametrize("path", FORMS)
def test_the_form_drops_feedback_sent_with_a_yes(owner, path):
    ask = path(owner, TODAY, Outcome.YES, feedback="personal")
    assert answer_of(ask) == ("yes", "", TODAY)


def test_the_api_refuses_feedback_with_a_yes_and_stores_nothing(owner):
    pending = make_ask(owner, asked_on=TODAY)
    before = stored(Ask)
    api = api_for(owner)
    body = {"title": "Essay", "outcome": "yes", "feedback": "personal"}
    created = api.post("/api/v1/asks", body, content_type="application/json")
    patched = patch(owner, pending, outcome="yes", feedback="personal")
    assert created.status_code == patched.status_code == 422
    detail = "feedback: Feedback goes with a no."
    assert created.json()["detail"] == patched.json()["detail"] == detail
    assert stored(Ask) == before


def test_an_import_refuses_a_row_with_feedback_on_a_yes(owner):
    report = import_asks(owner, csv_for(TODAY, Outcome.YES, "personal", None))
    assert report.errors == [{"row": 2, "field": "feedback", "message": "Feedback goes with a no."}]
    assert not Ask.objects.exists()


def test_no_button_sends_feedback_with_a_yes(owner):
    pending = make_ask(owner, asked_on=TODAY)
    press(owner, pending, "yes:personal")
    assert answer_of(pending) == ("pending", "", None)


# Pending


def test_taking_an_answer_back_clears_its_date_and_feedback_on_every_path(owner):
    edited, patched, pressed = answered(owner), answered(owner), answered(owner)
    # The browser sends the date and feedback fields still filled in.
    fields = form_fields(edited.asked_on, Outcome.PENDING, "form", edited.decided_on)
    assert client_for(owner).post(f"/asks/{edited.pk}/edit", fields).status_code == 302
    assert patch(owner, patched, outcome="pending").status_code == 200
    press(owner, pressed, "pending")
    assert answer_of(edited) == answer_of(patched) == answer_of(pressed) == ("pending", "", None)


@pytest.mark.parametrize("path", [*FORMS, by_import])
def test_the_form_and_an_import_drop_a_date_sent_with_pending(owner, path):
    ask = path(owner, D(2026, 11, 2), Outcome.PENDING, decided_on=D(2026, 11, 5))
    assert answer_of(ask) == ("pending", "", None)


def test_a_tallys_plain_asks_are_pending_without_a_date(owner):
    challenge = make_challenge(owner=owner)
    body = {"week": 2, "tally": {"asks": 1}}
    response = api_for(owner).post(
        f"/api/v1/challenges/{challenge.pk}/checkins", body, content_type="application/json"
    )
    assert response.status_code == 201
    assert answer_of(Ask.objects.get(user=owner)) == ("pending", "", None)


def test_the_model_refuses_a_pending_ask_with_an_answer_date(owner):
    ask = Ask(user=owner, title="Essay", asked_on=D(2026, 11, 2), decided_on=D(2026, 11, 5))
    with pytest.raises(ValidationError) as refused:
        ask.clean()
    assert refused.value.message_dict == {"decided_on": [PENDING_WITH_A_DATE]}


def test_the_api_refuses_a_pending_ask_with_an_answer_date_in_the_models_words(owner):
    pending = make_ask(owner, asked_on=D(2026, 11, 2))
    before = stored(Ask)
    body = {"title": "Essay", "asked_on": "2026-11-02", "decided_on": "2026-11-05"}
    created = api_for(owner).post("/api/v1/asks", body, content_type="application/json")
    patched = patch(owner, pending, decided_on="2026-11-05")
    assert created.status_code == patched.status_code == 422
    detail = f"decided_on: {PENDING_WITH_A_DATE}"
    assert created.json()["detail"] == patched.json()["detail"] == detail
    assert stored(Ask) == before


def test_the_admin_refuses_a_pending_ask_with_an_answer_date_in_words(owner):
    ask = make_ask(owner, asked_on=D(2026, 11, 2))
    admin = Client()
    admin.force_login(User.objects.create_superuser("admin", "admin@example.com", PASSWORD))
    before = stored(Ask)
    fields = {
        "user": owner.pk,
        "title": ask.title,
        "recipient": "",
        "category": "",
        "asked_on": "2026-11-02",
        "outcome": "pending",
        "feedback": "",
        "decided_on": "2026-11-05",
        "amount": "",
        "notes": "",
        "follow_up_on": "",
        "snoozed_until": "",
    }
    response = admin.post(f"/admin/asks/ask/{ask.pk}/change/", fields)
    assert response.status_code == 200
    assert PENDING_WITH_A_DATE in response.text
    assert stored(Ask) == before
