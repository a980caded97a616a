"""GET /api/v1/forecast: asks needed for k more yeses from all of the caller's history (of one
category when given), as scipy's beta-negative-binomial has it, in a fixed number of queries."""

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from scipy.stats import beta, betanbinom

from nomentum.accounts.models import User
from nomentum.asks.models import Ask, Outcome
from nomentum.asks.services import category_named, create_default_categories
from tests.api.conftest import refuses
from tests.conftest import computed_queries, make_ask
from tests.pages.test_stats_page import add_asks

pytestmark = pytest.mark.usefixtures("frozen")  # 2026-11-11
D = dt.date
URL = "/api/v1/forecast"
# The token, the data version, then one count of all the yeses and rejections.
FORECAST_QUERIES = 3


@pytest.fixture(autouse=True)
def categories(owner) -> None:
    create_default_categories(owner)


def answer(user: User, outcome: str, asked: dt.date, **fields) -> Ask:
    return make_ask(user, outcome=outcome, asked_on=asked, decided_on=asked, **fields)


def history(owner: User) -> None:
    """In Pitch a yes and three no's, in Grant two no's; one silent ask, one withdrawn, one
    pending; an old yes long before any window."""
    answer(owner, Outcome.YES, D(2026, 11, 2), category="pitch")
    for day in (2, 3, 4):
        answer(owner, Outcome.NO, D(2026, 11, day), category="pitch")
    answer(owner, Outcome.NO, D(2026, 10, 1), category="grant")
    answer(owner, Outcome.NO_RESPONSE, D(2026, 10, 1), category="grant")
    make_ask(owner, asked_on=D(2026, 9, 1))  # silent on 10-01
    answer(owner, Outcome.WITHDRAWN, D(2026, 11, 5))
    make_ask(owner, asked_on=D(2026, 11, 10))
    answer(owner, Outcome.YES, D(2019, 3, 1))


def expected_asks(k: int, yeses: int, rejections: int, confidence: float) -> int:
    """n = k + the smallest x whose BNB(k, 1 + yeses, 1 + rejections) CDF reaches the confidence."""
    distribution = betanbinom(k, 1 + yeses, 1 + rejections)
    return k + int(distribution.ppf(confidence))


def get(client: Client, **params: Any) -> dict:
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    return response.json()


def test_it_answers_the_contracts_fields(api):
    body = get(api)
    assert set(body) == {"asks_needed", "yes_rate", "yes_rate_low", "yes_rate_high", "based_on"}
    assert set(body["based_on"]) == {"yeses", "rejections"}


def test_with_no_history_it_forecasts_from_the_prior_and_gives_no_rate(api):
    body = get(api)
    assert body["asks_needed"] == expected_asks(1, 0, 0, 0.8) == 4
    assert body["based_on"] == {"yeses": 0, "rejections": 0}
    assert (body["yes_rate"], body["yes_rate_low"], body["yes_rate_high"]) == (None, None, None)


def test_it_uses_all_of_my_history_with_silent_asks_as_rejections(owner, api):
    history(owner)
    body = get(api)
    assert body["based_on"] == {"yeses": 2, "rejections": 6}
    assert body["asks_needed"] == expected_asks(1, 2, 6, 0.8)
    assert body["yes_rate"] == 0.25
    assert body["yes_rate_low"] == pytest.approx(beta.ppf(0.05, 3, 7), abs=1e-9)
    assert body["yes_rate_high"] == pytest.approx(beta.ppf(0.95, 3, 7), abs=1e-9)


@pytest.mark.parametrize(
    ("k", "confidence"), [(1, 0.5), (2, 0.8), (3, 0.9), (5, 0.95), (1, 0.999), (100, 0.01)]
)
def test_it_takes_k_and_the_confidence(owner, api, k, confidence):
    history(owner)
    body = get(api, yeses=k, confidence=confidence)
    assert body["asks_needed"] == expected_asks(k, 2, 6, confidence)


def test_it_takes_one_category_by_name_or_slug(owner, api):
    history(owner)
    body = get(api, category="Pitch", yeses=2)
    assert body["based_on"] == {"yeses": 1, "rejections": 3}
    assert body["asks_needed"] == expected_asks(2, 1, 3, 0.8)
    assert get(api, category=" pitch ", yeses=2) == body


def test_it_counts_only_my_asks(owner, outsider_api):
    history(owner)
    assert get(outsider_api)["based_on"] == {"yeses": 0, "rejections": 0}


def test_it_refuses_anyone_not_logged_in(anonymous):
    refuses(lambda: anonymous.get(URL), 401)


def test_it_works_with_the_browser_session(owner, owner_client):
    history(owner)
    assert owner_client.get(URL).json()["based_on"] == {"yeses": 2, "rejections": 6}


# Bad input, one case each


def test_it_refuses_fewer_than_one_yes(api):
    refuses(lambda: api.get(URL, {"yeses": 0}), 422, "yeses: ")


def test_it_refuses_more_yeses_than_it_forecasts(api):
    refuses(lambda: api.get(URL, {"yeses": 101}), 422, "yeses: ")


def test_it_refuses_a_number_of_yeses_that_is_not_one(api):
    refuses(lambda: api.get(URL, {"yeses": "two"}), 422, "yeses: ")


@pytest.mark.parametrize("confidence", ["0", "1", "1.5", "-0.2", "nan", "high"])
def test_it_refuses_a_confidence_outside_zero_to_one(api, confidence):
    refuses(lambda: api.get(URL, {"confidence": confidence}), 422, "confidence: ")


def test_it_refuses_an_unknown_category(api):
    refuses(
        lambda: api.get(URL, {"category": "Poetry"}), 422, "category: You have no category named"
    )


def test_it_refuses_another_persons_category(api, outsider):
    category_named(outsider, "Theirs")
    refuses(lambda: api.get(URL, {"category": "Theirs"}), 422, "category: ")


# Queries


def queries_for(client: Client, params: dict) -> int:
    response, queries = computed_queries(lambda: client.get(URL, params))
    assert response.status_code == 200, response.content
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_asks(owner, api):
    calls: list[tuple[dict[str, Any], int]] = [
        ({}, FORECAST_QUERIES),
        ({"yeses": 5, "confidence": 0.95, "category": "pitch"}, FORECAST_QUERIES + 1),
    ]
    api.get(URL)  # records the token's first use, once a minute
    add_asks(owner, 10)
    with_ten = [queries_for(api, params) for params, _ in calls]
    add_asks(owner, 9_990)
    with_many = [queries_for(api, params) for params, _ in calls]
    assert with_ten == with_many == [expected for _, expected in calls]
