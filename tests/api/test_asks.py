"""GET and POST /api/v1/asks: the caller's asks as counted today, paged, filtered; logging one."""

import datetime as dt

import pytest
import time_machine

from nomentum.asks.models import Ask, Category
from tests.conftest import make_ask

D = dt.date
URL = "/api/v1/asks"
# 00:30 on Wednesday 2026-11-11 in Berlin (the owner's zone), still Tuesday in UTC.
NOW = dt.datetime(2026, 11, 10, 23, 30, tzinfo=dt.UTC)
TODAY = "2026-11-11"


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def titles(response) -> list[str]:
    assert response.status_code == 200
    return [item["title"] for item in response.json()["items"]]


def post(api, **body):
    return api.post(URL, body, content_type="application/json")


# Listing


def test_it_lists_the_callers_asks_newest_first(api, owner):
    make_ask(owner, title="Older", asked_on=D(2026, 10, 20))
    make_ask(owner, title="Newer", asked_on=D(2026, 11, 9))
    make_ask(owner, title="Newer, logged later", asked_on=D(2026, 11, 9))
    response = api.get(URL)
    assert response.json()["count"] == 3
    assert titles(response) == ["Newer, logged later", "Newer", "Older"]


def test_it_never_lists_another_users_asks(api, owner, outsider):
    make_ask(owner, title="Mine")
    make_ask(outsider, title="Not mine")
    response = api.get(URL)
    assert titles(response) == ["Mine"]
    assert response.json()["count"] == 1


def test_it_answers_an_empty_list(api):
    assert api.get(URL).json() == {"count": 0, "items": []}


def test_an_item_has_the_asks_fields(api, owner):
    ask = make_ask(owner, title="Essay", recipient="The Atlantic", category="pitch")
    item = api.get(URL).json()["items"][0]
    assert item["id"] == ask.pk
    assert item["title"] == "Essay"
    assert item["recipient"] == "The Atlantic"
    assert item["category"] == "Pitch"
    assert item["asked_on"] == "2026-11-02"
    assert item["outcome"] == item["counted_as"] == "pending"


def test_the_limit_defaults_to_50(api, owner):
    Ask.objects.bulk_create(
        Ask(user=owner, title=f"Ask {n}", asked_on=D(2026, 11, 2)) for n in range(51)
    )
    body = api.get(URL).json()
    assert body["count"] == 51
    assert len(body["items"]) == 50


def test_it_takes_a_limit_up_to_500(api, owner):
    make_ask(owner)
    assert api.get(URL, {"limit": 500}).status_code == 200


def test_it_refuses_a_limit_above_500(api):
    response = api.get(URL, {"limit": 501})
    assert response.status_code == 422
    assert response.json()["detail"].startswith("limit: ")


def test_it_pages_with_limit_and_offset(api, owner):
    for day in range(1, 6):
        make_ask(owner, title=f"Day {day}", asked_on=D(2026, 11, day))
    response = api.get(URL, {"limit": 2, "offset": 1})
    assert titles(response) == ["Day 4", "Day 3"]
    assert response.json()["count"] == 5


def test_an_offset_past_the_end_answers_no_items_and_the_full_count(api, owner):
    make_ask(owner)
    assert api.get(URL, {"offset": 10}).json() == {"count": 1, "items": []}


def test_the_count_is_every_match_not_the_page(api, owner):
    for _ in range(3):
        make_ask(owner, outcome="no")
    make_ask(owner, outcome="yes")
    body = api.get(URL, {"outcome": "no", "limit": 1}).json()
    assert body["count"] == 3
    assert len(body["items"]) == 1


# Filters


def test_it_filters_by_outcome(api, owner):
    make_ask(owner, title="A no", outcome="no")
    make_ask(owner, title="A yes", outcome="yes")
    make_ask(owner, title="Withdrawn", outcome="withdrawn")
    assert titles(api.get(URL, {"outcome": "no"})) == ["A no"]
    assert titles(api.get(URL, {"outcome": "withdrawn"})) == ["Withdrawn"]


def test_no_response_includes_silent_pending_asks(api, owner):
    # The owner's silence rule is the default 30 days: asked 2026-10-12 or earlier is silent.
    make_ask(owner, title="Silent", asked_on=D(2026, 10, 12))
    make_ask(owner, title="Still waiting", asked_on=D(2026, 10, 13))
    make_ask(owner, title="Never answered", outcome="no_response", asked_on=D(2026, 9, 1))
    response = api.get(URL, {"outcome": "no_response"})
    assert titles(response) == ["Silent", "Never answered"]
    silent = response.json()["items"][0]
    # Counted as a no_response, yet never written back: it is still pending.
    assert (silent["outcome"], silent["counted_as"]) == ("pending", "no_response")


def test_pending_excludes_silent_asks(api, owner):
    make_ask(owner, title="Silent", asked_on=D(2026, 10, 12))
    make_ask(owner, title="Still waiting", asked_on=D(2026, 10, 13))
    response = api.get(URL, {"outcome": "pending"})
    assert titles(response) == ["Still waiting"]
    assert response.json()["count"] == 1


def test_silence_follows_the_owners_own_rule(api, owner):
    owner.silence_days = 7
    owner.save()
    make_ask(owner, title="A week ago", asked_on=D(2026, 11, 4))
    make_ask(owner, title="Six days ago", asked_on=D(2026, 11, 5))
    assert titles(api.get(URL, {"outcome": "no_response"})) == ["A week ago"]
    assert titles(api.get(URL, {"outcome": "pending"})) == ["Six days ago"]


def test_a_silence_rule_of_zero_never_counts_a_pending_ask_as_silent(api, owner):
    owner.silence_days = 0
    owner.save()
    make_ask(owner, title="Ancient", asked_on=D(2020, 1, 1))
    assert titles(api.get(URL, {"outcome": "no_response"})) == []
    item = api.get(URL, {"outcome": "pending"}).json()["items"][0]
    assert item["counted_as"] == "pending"


def test_it_filters_by_category_name(api, owner):
    make_ask(owner, title="Pitch", category="pitch")
    make_ask(owner, title="Grant", category="grant")
    make_ask(owner, title="None")
    assert titles(api.get(URL, {"category": "Grant"})) == ["Grant"]


def test_an_unknown_category_matches_nothing(api, owner):
    make_ask(owner, category="pitch")
    assert api.get(URL, {"category": "lottery"}).json() == {"count": 0, "items": []}


def test_a_category_filter_without_a_letter_or_digit_matches_nothing(api, owner):
    make_ask(owner, category="pitch")
    assert api.get(URL, {"category": "!!!"}).json() == {"count": 0, "items": []}


def test_it_filters_by_asked_on_from_and_to_inclusive(api, owner):
    for day in (1, 2, 3, 4, 5):
        make_ask(owner, title=f"Day {day}", asked_on=D(2026, 11, day))
    response = api.get(URL, {"from": "2026-11-02", "to": "2026-11-04"})
    assert titles(response) == ["Day 4", "Day 3", "Day 2"]


def test_it_searches_title_recipient_and_notes_in_any_case(api, owner):
    make_ask(owner, title="Essay for the ATLANTIC")
    make_ask(owner, title="Grant", recipient="Atlantic Foundation")
    make_ask(owner, title="Residency", notes="Ask the atlantic people next")
    make_ask(owner, title="Unrelated")
    response = api.get(URL, {"q": "atlantic"})
    assert sorted(titles(response)) == ["Essay for the ATLANTIC", "Grant", "Residency"]


def test_it_combines_filters(api, owner):
    make_ask(owner, title="Match", outcome="no", category="pitch", asked_on=D(2026, 11, 3))
    make_ask(owner, title="Wrong outcome", outcome="yes", category="pitch", asked_on=D(2026, 11, 3))
    make_ask(owner, title="Too early", outcome="no", category="pitch", asked_on=D(2026, 10, 3))
    make_ask(owner, title="Other category", outcome="no", category="job", asked_on=D(2026, 11, 3))
    query = {"outcome": "no", "category": "pitch", "from": "2026-11-01", "q": "match"}
    assert titles(api.get(URL, query)) == ["Match"]


# Logging


def test_it_logs_an_ask_from_a_title_alone(api, owner):
    response = post(api, title="Pitch: the night-train essay")
    assert response.status_code == 201
    body = response.json()
    ask = Ask.objects.get(pk=body["id"])
    assert ask.user == owner
    assert ask.title == "Pitch: the night-train essay"
    # Today where the owner lives (Berlin), though it is still yesterday in UTC.
    assert body["asked_on"] == TODAY
    assert body["outcome"] == body["counted_as"] == "pending"
    assert body["decided_on"] is None
    assert body["category"] is None


def test_it_logs_every_field_given(api, owner):
    response = post(
        api,
        title="Travel grant",
        recipient="Arts Council",
        category="grant",
        asked_on="2026-11-01",
        outcome="no",
        feedback="personal",
        decided_on="2026-11-09",
        amount="1500.50",
        notes="They liked the sample.",
        follow_up_on="2027-01-15",
        private=True,
    )
    assert response.status_code == 201
    body = response.json()
    assert {key: body[key] for key in body if key not in ("id", "created_at", "updated_at")} == {
        "title": "Travel grant",
        "recipient": "Arts Council",
        "category": "Grant",
        "asked_on": "2026-11-01",
        "outcome": "no",
        "feedback": "personal",
        "decided_on": "2026-11-09",
        "amount": 1500.5,
        "notes": "They liked the sample.",
        "follow_up_on": "2027-01-15",
        "private": True,
        "counted_as": "no",
    }
    ask = Ask.objects.get(pk=body["id"])
    assert str(ask.amount) == "1500.50"
    assert ask.category is not None
    assert ask.category.user == owner


def test_it_trims_the_title(api):
    assert post(api, title="  Essay  ").json()["title"] == "Essay"


def test_an_answer_logged_without_a_date_is_dated_today(api):
    body = post(api, title="Essay", asked_on="2026-11-01", outcome="no").json()
    assert body["decided_on"] == TODAY


def test_an_answer_to_an_ask_dated_later_is_dated_with_the_ask(api):
    # An answer may not come before its ask, even for an ask dated ahead.
    body = post(api, title="Essay", asked_on="2026-11-20", outcome="withdrawn").json()
    assert body["decided_on"] == "2026-11-20"


def test_a_pending_ask_logged_long_ago_counts_as_silent_at_once(api):
    body = post(api, title="Old pitch", asked_on="2026-09-01").json()
    assert (body["outcome"], body["counted_as"]) == ("pending", "no_response")


def test_a_new_category_name_creates_it_for_the_caller_only(api, owner, outsider):
    response = post(api, title="Essay", category="Residencies")
    assert response.json()["category"] == "Residencies"
    category = Category.objects.get(slug="residencies")
    assert category.user == owner
    assert not Category.objects.filter(user=outsider, slug="residencies").exists()


def test_a_category_name_is_matched_in_any_case(api, owner):
    post(api, title="One", category="Residencies")
    post(api, title="Two", category="residencies ")
    post(api, title="Three", category="Pitch")
    assert Category.objects.filter(user=owner, slug="residencies").count() == 1
    assert Ask.objects.get(title="Three").category == Category.objects.get(user=owner, slug="pitch")


def test_category_names_that_differ_only_in_punctuation_are_kept_apart(api, owner):
    # Each pair: the name as first written, and again in another case and spacing.
    names = {"C++": "c++ ", "C#": "c#", "=cat": "=CAT", "+cat": " +cat", "-cat": "-Cat"}
    for name, again in names.items():
        assert post(api, title=f"{name} talk", category=name).json()["category"] == name
        assert post(api, title=f"{name} workshop", category=again).json()["category"] == name

    for name in names:
        category = Category.objects.get(user=owner, name=name)
        mine = [f"{name} workshop", f"{name} talk"]
        assert sorted(category.asks.values_list("title", flat=True)) == sorted(mine)
        assert titles(api.get(URL, {"category": name})) == mine
        assert titles(api.get(URL, {"category": category.slug})) == mine


def test_another_users_category_of_the_same_name_is_not_used(api, owner, outsider):
    theirs = Category.objects.create(user=outsider, name="Residencies")
    ask_id = post(api, title="Essay", category="Residencies").json()["id"]
    mine = Ask.objects.get(pk=ask_id).category
    assert mine is not None
    assert mine.user == owner
    assert mine != theirs


def test_a_new_ask_appears_in_the_list(api):
    ask_id = post(api, title="Essay").json()["id"]
    assert [item["id"] for item in api.get(URL).json()["items"]] == [ask_id]


def test_a_category_name_without_a_letter_or_digit_is_refused_not_dropped(api):
    response = post(api, title="Essay", category="!!!")
    assert response.status_code == 422
    assert response.json()["detail"].startswith("category: ")
    assert not Ask.objects.exists()


def test_an_empty_category_name_means_no_category(api):
    assert post(api, title="Essay", category=" ").json()["category"] is None
