"""Bad input answers 4xx with {"detail": "<field>: <what is wrong>"} and writes nothing."""

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest

from nomentum.asks.models import Ask, Category
from tests.conftest import make_ask, stored

D = dt.date
URL = "/api/v1/asks"
Request = Callable[[], Any]  # sends one request, answers the test client's response


@pytest.fixture
def ask(owner) -> Ask:
    return make_ask(owner, title="Essay", asked_on=D(2026, 11, 2), outcome="yes")


def assert_refused(send: Request, status: int, field: str | None) -> str:
    """Assert that the request is refused with a sentence naming the field, and changes nothing.

    Return the sentence.
    """
    before = stored(Ask, Category)
    response = send()
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert isinstance(body["detail"], str)
    if field:
        assert body["detail"].startswith(f"{field}: ")
    # Beyond the contract's "detail", a 422 may list every problem for a client to show.
    assert set(body) <= {"detail", "errors"}
    assert stored(Ask, Category) == before
    return body["detail"]


def post(api, body) -> Request:
    raw = body if isinstance(body, str | bytes) else json.dumps(body)
    return lambda: api.post(URL, raw, content_type="application/json")


def patch(api, ask: Ask, **body) -> Request:
    return lambda: api.patch(f"{URL}/{ask.pk}", body, content_type="application/json")


def query(api, **params) -> Request:
    return lambda: api.get(URL, params)


# Logging an ask


def test_it_refuses_an_empty_title(api):
    assert_refused(post(api, {"title": ""}), 422, "title")


def test_it_refuses_a_whitespace_only_title(api):
    assert_refused(post(api, {"title": " \t\n "}), 422, "title")


def test_it_refuses_a_missing_title(api):
    assert_refused(post(api, {"recipient": "The Atlantic"}), 422, "title")


def test_it_refuses_a_title_over_200_characters(api):
    assert_refused(post(api, {"title": "x" * 201}), 422, "title")


def test_it_refuses_a_null_character(api):
    # PostgreSQL cannot store one: refused up front rather than failing at the database.
    assert_refused(post(api, {"title": "Essay\x00"}), 422, "title")


def test_it_refuses_a_date_that_does_not_exist(api):
    assert_refused(post(api, {"title": "Essay", "asked_on": "2025-13-45"}), 422, "asked_on")


def test_it_refuses_a_date_that_is_not_iso(api):
    assert_refused(post(api, {"title": "Essay", "asked_on": "11/02/2026"}), 422, "asked_on")


def test_it_refuses_a_date_at_the_end_of_the_calendar(api):
    # 9999-12-31 + the silence rule is past the last date Python knows.
    assert_refused(post(api, {"title": "Essay", "asked_on": "9999-12-31"}), 422, "asked_on")


def test_it_refuses_an_unknown_outcome(api):
    assert_refused(post(api, {"title": "Essay", "outcome": "maybe"}), 422, "outcome")


def test_it_refuses_an_unknown_feedback(api):
    body = {"title": "Essay", "outcome": "no", "feedback": "rude"}
    assert_refused(post(api, body), 422, "feedback")


def test_it_refuses_a_negative_amount(api):
    assert_refused(post(api, {"title": "Essay", "amount": -5}), 422, "amount")


def test_it_refuses_an_amount_that_is_not_a_number(api):
    assert_refused(post(api, {"title": "Essay", "amount": "lots"}), 422, "amount")


def test_it_refuses_fractions_of_a_cent(api):
    assert_refused(post(api, {"title": "Essay", "amount": "10.005"}), 422, "amount")


def test_it_refuses_a_private_flag_that_is_not_a_boolean(api):
    assert_refused(post(api, {"title": "Essay", "private": "perhaps"}), 422, "private")


def test_it_refuses_feedback_with_a_yes(api):
    body = {"title": "Essay", "outcome": "yes", "feedback": "form"}
    assert_refused(post(api, body), 422, "feedback")


def test_it_refuses_an_answer_before_the_ask(api):
    body = {"title": "Essay", "asked_on": "2026-11-02", "outcome": "no", "decided_on": "2026-11-01"}
    assert_refused(post(api, body), 422, "decided_on")


def test_it_refuses_malformed_json(api):
    assert_refused(post(api, '{"title": "Essay",'), 400, None)


def test_it_refuses_a_body_that_is_not_utf8(api):
    assert_refused(post(api, b'{"title": "\xff"}'), 400, None)


@pytest.mark.parametrize("body", ['"Essay"', '["Essay"]', "null", "42"])
def test_it_refuses_json_that_is_not_an_object(api, body):
    # ninja once read the bare string "x" as an ask titled "X" (from str.title).
    assert_refused(post(api, body), 400, None)


def test_it_refuses_a_missing_body(api):
    assert_refused(post(api, ""), 422, None)


def test_it_refuses_a_10_mb_body(api):
    body = json.dumps({"title": "Essay", "notes": "x" * 10_000_000})
    assert_refused(post(api, body), 413, None)


def test_it_says_what_is_wrong_with_the_json(api):
    response = post(api, '{"title": "Essay",')()
    assert "JSON" in response.json()["detail"]


# Changing an ask


def test_it_refuses_to_empty_the_title(api, ask):
    assert_refused(patch(api, ask, title="  "), 422, "title")


def test_it_refuses_feedback_on_a_yes(api, ask):
    assert_refused(patch(api, ask, feedback="form"), 422, "feedback")


def test_it_refuses_to_date_the_answer_before_the_ask(api, ask):
    assert_refused(patch(api, ask, decided_on="2026-11-01"), 422, "decided_on")


def test_it_refuses_to_move_the_ask_after_its_answer(api, ask):
    assert_refused(patch(api, ask, asked_on="2026-12-01"), 422, "decided_on")


def test_it_refuses_an_unknown_outcome_on_a_change(api, ask):
    assert_refused(patch(api, ask, outcome="maybe"), 422, "outcome")


def test_it_refuses_a_negative_amount_on_a_change(api, ask):
    assert_refused(patch(api, ask, amount="-0.01"), 422, "amount")


# Listing


def test_it_refuses_a_limit_of_zero(api):
    assert_refused(query(api, limit=0), 422, "limit")


def test_it_refuses_a_limit_that_is_not_a_number(api):
    assert_refused(query(api, limit="all"), 422, "limit")


def test_it_refuses_a_negative_offset(api):
    assert_refused(query(api, offset=-1), 422, "offset")


def test_it_refuses_an_offset_beyond_what_a_database_can_skip(api):
    assert_refused(query(api, offset=10**20), 422, "offset")


def test_it_refuses_a_filter_date_that_does_not_exist(api):
    assert_refused(query(api, **{"from": "2025-13-45"}), 422, "from")


def test_it_refuses_an_unknown_outcome_filter(api):
    assert_refused(query(api, outcome="maybe"), 422, "outcome")


# Strict input: a value is taken as the JSON type it is, and nothing sent goes unread


@pytest.mark.parametrize("value", ["yes", "true", 1, 0])
def test_it_refuses_a_private_flag_that_is_not_a_json_boolean(api, value):
    assert_refused(post(api, {"title": "Essay", "private": value}), 422, "private")


def test_it_refuses_a_private_flag_written_as_text_on_a_change(api, ask):
    assert_refused(patch(api, ask, private="false"), 422, "private")


@pytest.mark.parametrize("name", ["id", "user_id", "created_at"])
def test_it_refuses_an_unknown_field_and_names_it(api, name):
    detail = assert_refused(post(api, {"title": "Essay", name: 7}), 422, None)
    assert detail == f"Unknown field: {name}."


def test_it_refuses_an_unknown_field_on_a_change(api, ask, outsider):
    assert_refused(patch(api, ask, title="Mine now", user_id=outsider.pk), 422, None)


def test_it_names_a_misspelt_field_before_the_field_it_misses(api):
    assert assert_refused(post(api, {"titel": "Essay"}), 422, None) == "Unknown field: titel."


@pytest.mark.parametrize(
    "body",
    [
        {"title": "Essay", "decided_on": "2026-11-03"},
        {"title": "Essay", "outcome": "pending", "decided_on": "2026-11-03"},
    ],
)
def test_it_refuses_an_answer_date_on_a_pending_ask(api, body):
    assert_refused(post(api, body), 422, "decided_on")


def test_it_refuses_feedback_on_a_pending_ask(api):
    assert_refused(post(api, {"title": "Essay", "feedback": "form"}), 422, "feedback")


def test_it_refuses_an_answer_date_for_an_ask_still_pending(api, owner):
    pending = make_ask(owner, asked_on=D(2026, 11, 2))
    assert_refused(patch(api, pending, decided_on="2026-11-05"), 422, "decided_on")


def test_it_refuses_an_answer_date_when_the_answer_is_taken_back(api, ask):
    assert_refused(patch(api, ask, outcome="pending", decided_on="2026-11-05"), 422, "decided_on")


def test_it_refuses_feedback_for_an_ask_still_pending(api, owner):
    pending = make_ask(owner, asked_on=D(2026, 11, 2))
    assert_refused(patch(api, pending, feedback="personal"), 422, "feedback")


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", ""])
def test_it_refuses_a_json_body_not_sent_as_json(api, content_type):
    detail = assert_refused(
        lambda: api.post(URL, '{"title": "Essay"}', content_type=content_type), 415, None
    )
    assert "Content-Type: application/json" in detail


@pytest.mark.parametrize(
    "content_type", ["application/json; charset=utf-8", "Application/JSON", "application/ld+json"]
)
def test_it_takes_a_json_body_under_any_json_content_type(api, owner, content_type):
    response = api.post(URL, '{"title": "Essay"}', content_type=content_type)
    assert response.status_code == 201
    assert Ask.objects.filter(user=owner, title="Essay").exists()


def test_it_counts_a_long_title_in_characters(api):
    detail = assert_refused(post(api, {"title": "x" * 201}), 422, "title")
    assert detail == "title: Use at most 200 characters."


def test_it_names_the_calendar_a_date_must_fall_in(api):
    detail = assert_refused(post(api, {"title": "Essay", "asked_on": "3000-01-01"}), 422, None)
    assert detail == "asked_on: Use a date between 1900 and 2999."
