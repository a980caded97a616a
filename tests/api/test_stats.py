"""GET /api/v1/stats: the caller's own numbers, as the stats page computes them, in a fixed number
of queries; bad input answers 4xx with {"detail": sentence} and changes nothing."""

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from scipy.stats import beta

from nomentum.accounts.models import User
from nomentum.asks.models import Ask, Outcome
from nomentum.asks.services import category_named, create_default_categories
from tests.api.conftest import refuses
from tests.conftest import computed_queries, make_ask, make_challenge
from tests.pages.test_stats_page import add_asks

pytestmark = pytest.mark.usefixtures("frozen")  # 2026-11-11
D = dt.date
URL = "/api/v1/stats"
FIELDS = {
    "asks",
    "rejections",
    "yeses",
    "pending",
    "withdrawn",
    "yes_rate",
    "yes_rate_low",
    "yes_rate_high",
    "nos_per_yes",
    "median_days_to_answer",
}
# The token, the data version, then the per-category counts and the answers' days.
STATS_QUERIES = 4


@pytest.fixture(autouse=True)
def categories(owner) -> None:
    create_default_categories(owner)


def answer(user: User, outcome: str, asked: dt.date, days: int, **fields) -> Ask:
    return make_ask(
        user, outcome=outcome, asked_on=asked, decided_on=asked + dt.timedelta(days), **fields
    )


def history(owner: User) -> None:
    """Two no's and a yes in Pitch in November, a no in October, a pending ask, a silent one,
    a withdrawal."""
    answer(owner, Outcome.NO, D(2026, 11, 2), 2, category="pitch")
    answer(owner, Outcome.NO, D(2026, 11, 3), 4, category="pitch")
    answer(owner, Outcome.YES, D(2026, 11, 4), 6, category="pitch")
    answer(owner, Outcome.NO, D(2026, 10, 5), 1, category="grant")
    answer(owner, Outcome.WITHDRAWN, D(2026, 10, 6), 30, category="grant")
    make_ask(owner, asked_on=D(2026, 11, 9))
    make_ask(owner, asked_on=D(2026, 9, 1))  # silent on 10-01


def get(client: Client, **params: Any) -> dict:
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    return response.json()


def test_it_answers_the_contracts_fields(api):
    body = get(api)
    assert set(body) == FIELDS | {"by_category"}
    assert body["by_category"] == []


def test_it_gives_no_rates_without_answers(owner, api):
    make_ask(owner, asked_on=D(2026, 11, 2))
    body = get(api)
    assert (body["asks"], body["pending"]) == (1, 1)
    assert body["yes_rate"] is None
    assert body["yes_rate_low"] is None
    assert body["yes_rate_high"] is None
    assert body["nos_per_yes"] is None
    assert body["median_days_to_answer"] is None


def test_it_counts_all_of_my_history_by_default(owner, api):
    history(owner)
    body = get(api)
    assert {name: body[name] for name in ("asks", "rejections", "yeses", "pending")} == {
        "asks": 7,
        "rejections": 4,
        "yeses": 1,
        "pending": 1,
    }
    assert body["withdrawn"] == 1
    assert body["yes_rate"] == 0.2
    assert body["yes_rate_low"] == pytest.approx(beta.ppf(0.05, 2, 5), abs=1e-9)
    assert body["yes_rate_high"] == pytest.approx(beta.ppf(0.95, 2, 5), abs=1e-9)
    assert body["nos_per_yes"] == 4
    assert body["median_days_to_answer"] == 3  # of 1, 2, 4 and 6: no withdrawal, no silence
    grant, pitch, none = body["by_category"]
    assert set(grant) == FIELDS | {"slug", "name"}
    assert (grant["slug"], grant["name"], grant["rejections"], grant["withdrawn"]) == (
        "grant",
        "Grant",
        1,
        1,
    )
    assert (pitch["slug"], pitch["asks"], pitch["yes_rate"], pitch["median_days_to_answer"]) == (
        "pitch",
        3,
        1 / 3,
        4,
    )
    assert (none["slug"], none["name"], none["rejections"], none["pending"]) == (
        None,
        "No category",
        1,
        1,
    )


def test_it_filters_by_dates(owner, api):
    history(owner)
    body = get(api, **{"from": "2026-10-01", "to": "2026-10-31"})
    assert (body["asks"], body["rejections"], body["yeses"], body["withdrawn"]) == (2, 2, 0, 0)


def test_it_filters_by_category_name_or_slug(owner, api):
    history(owner)
    assert get(api, category="pitch") == get(api, category=" PITCH ")
    body = get(api, category="Pitch")
    assert (body["asks"], body["rejections"], body["yeses"]) == (3, 2, 1)
    assert [row["slug"] for row in body["by_category"]] == ["pitch"]


def test_it_tells_apart_categories_whose_names_differ_only_in_punctuation(owner, api):
    plus, sharp = category_named(owner, "C++"), category_named(owner, "C#")
    assert plus is not None and sharp is not None
    answer(owner, Outcome.NO, D(2026, 11, 2), 2, category=plus.slug)
    answer(owner, Outcome.YES, D(2026, 11, 3), 2, category=sharp.slug)

    for name, category, counts in (("C#", sharp, (0, 1)), ("c++", plus, (1, 0))):
        body = get(api, category=name)
        assert (body["rejections"], body["yeses"]) == counts, name
        assert [row["name"] for row in body["by_category"]] == [category.name]
        assert get(api, category=category.slug) == body


def test_it_filters_by_my_own_challenge(owner, api):
    history(owner)
    challenge = make_challenge(owner=owner, starts_on=D(2026, 10, 1), ends_on=D(2026, 10, 31))
    body = get(api, challenge=challenge.pk)
    assert (body["asks"], body["rejections"]) == (2, 2)
    # A range inside the challenge narrows it further.
    assert get(api, challenge=challenge.pk, **{"from": "2026-10-02"})["rejections"] == 1


def test_it_filters_by_a_group_challenge_i_am_in(challenge, member, member_api):
    answer(member, Outcome.NO, D(2026, 11, 2), 2)
    answer(member, Outcome.NO, D(2026, 10, 2), 2)
    assert get(member_api, challenge=challenge.pk)["rejections"] == 1


def test_it_counts_only_my_asks(owner, outsider_api):
    history(owner)
    body = get(outsider_api)
    assert (body["asks"], body["by_category"]) == (0, [])


def test_it_refuses_anyone_not_logged_in(anonymous):
    refuses(lambda: anonymous.get(URL), 401)


def test_it_works_with_the_browser_session(owner, owner_client):
    history(owner)
    assert owner_client.get(URL).json()["asks"] == 7


# Bad input, one case each


def test_it_refuses_an_end_before_the_start(api):
    refuses(
        lambda: api.get(URL, {"from": "2026-11-05", "to": "2026-11-01"}),
        422,
        "to: The end of the range cannot be before",
    )


def test_it_refuses_a_date_that_is_not_one(api):
    refuses(lambda: api.get(URL, {"from": "2026-02-30"}), 422, "from: ")


def test_it_refuses_a_date_beyond_the_years_it_keeps(api):
    refuses(lambda: api.get(URL, {"to": "3100-01-01"}), 422, "to: ")


def test_it_refuses_an_unknown_category(api):
    refuses(
        lambda: api.get(URL, {"category": "Poetry"}), 422, "category: You have no category named"
    )


def test_it_refuses_another_persons_category(api, outsider):
    category_named(outsider, "Theirs")
    refuses(lambda: api.get(URL, {"category": "Theirs"}), 422, "category: ")


def test_it_refuses_a_challenge_i_am_not_in(challenge, outsider_api):
    refuses(lambda: outsider_api.get(URL, {"challenge": challenge.pk}), 404)


def test_it_refuses_a_challenge_that_does_not_exist(api):
    refuses(lambda: api.get(URL, {"challenge": 999_999}), 404)


def test_it_refuses_a_challenge_id_that_is_not_a_number(api):
    refuses(lambda: api.get(URL, {"challenge": "november"}), 422, "challenge: ")


# Queries


def queries_for(client: Client, params: dict) -> int:
    response, queries = computed_queries(lambda: client.get(URL, params))
    assert response.status_code == 200, response.content
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_asks(owner, api):
    challenge = make_challenge(owner=owner, starts_on=D(2026, 10, 1))
    calls: list[tuple[dict[str, Any], int]] = [
        ({}, STATS_QUERIES),
        ({"from": "2026-10-01", "category": "pitch"}, STATS_QUERIES + 1),  # the category
        ({"challenge": challenge.pk}, STATS_QUERIES + 1),  # the challenge: a personal one
    ]
    api.get(URL)  # records the token's first use, once a minute
    add_asks(owner, 10)
    with_ten = [queries_for(api, params) for params, _ in calls]
    add_asks(owner, 9_990)
    with_many = [queries_for(api, params) for params, _ in calls]
    assert with_ten == with_many == [expected for _, expected in calls]
