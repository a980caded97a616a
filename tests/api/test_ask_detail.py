"""GET, PATCH and DELETE /api/v1/asks/{id}: the caller's own ask; anyone else's does not exist."""

import datetime as dt

import pytest
import time_machine

from nomentum.asks.models import Ask, Category
from tests.conftest import make_ask, stored

D = dt.date
# 00:30 on Wednesday 2026-11-11 in Berlin (the owner's zone), still Tuesday in UTC.
NOW = dt.datetime(2026, 11, 10, 23, 30, tzinfo=dt.UTC)
TODAY = D(2026, 11, 11)


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def ask(owner) -> Ask:
    return make_ask(
        owner,
        title="Essay",
        recipient="The Atlantic",
        category="pitch",
        asked_on=D(2026, 11, 2),
        notes="Second try",
    )


def url(ask: Ask) -> str:
    return f"/api/v1/asks/{ask.pk}"


def patch(client, ask: Ask, **body):
    return client.patch(url(ask), body, content_type="application/json")


def test_it_shows_the_ask(api, ask):
    response = api.get(url(ask))
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == ask.pk
    assert body["title"] == "Essay"
    assert body["category"] == "Pitch"
    assert body["asked_on"] == "2026-11-02"
    assert body["counted_as"] == "pending"


def test_it_shows_the_contracts_ask_fields(api, ask):
    contract = {
        "id", "title", "recipient", "category", "asked_on", "outcome", "feedback",
        "decided_on", "amount", "notes", "follow_up_on", "private",
    }  # fmt: skip
    assert contract <= set(api.get(url(ask)).json())


def test_it_answers_404_for_a_missing_ask(api, ask):
    response = api.get(f"/api/v1/asks/{ask.pk + 1000}")
    assert response.status_code == 404
    assert isinstance(response.json()["detail"], str)


def test_it_changes_only_the_fields_given(api, ask):
    response = patch(api, ask, title="Essay, revised")
    assert response.status_code == 200
    assert response.json()["title"] == "Essay, revised"
    ask.refresh_from_db()
    assert (ask.title, ask.recipient, ask.notes) == ("Essay, revised", "The Atlantic", "Second try")
    assert ask.category is not None
    assert ask.category.slug == "pitch"


def test_an_empty_patch_changes_nothing(api, ask):
    before = stored(Ask)
    assert patch(api, ask).status_code == 200
    assert stored(Ask) == before


def test_a_no_without_a_date_is_dated_today(api, ask):
    body = patch(api, ask, outcome="no").json()
    assert (body["outcome"], body["decided_on"], body["counted_as"]) == ("no", "2026-11-11", "no")
    ask.refresh_from_db()
    assert ask.decided_on == TODAY


def test_an_answer_keeps_the_date_given(api, ask):
    body = patch(api, ask, outcome="yes", decided_on="2026-11-05").json()
    assert body["decided_on"] == "2026-11-05"


def test_a_no_can_carry_feedback(api, ask):
    body = patch(api, ask, outcome="no", feedback="invited_back").json()
    assert body["feedback"] == "invited_back"


def test_a_changed_answer_is_dated_anew(api, owner):
    ask = make_ask(owner, outcome="no", decided_on=D(2026, 11, 3))
    assert patch(api, ask, outcome="yes").json()["decided_on"] == "2026-11-11"


def test_repeating_the_answer_keeps_its_date(api, owner):
    ask = make_ask(owner, outcome="no", decided_on=D(2026, 11, 3))
    assert patch(api, ask, outcome="no").json()["decided_on"] == "2026-11-03"


def test_going_back_to_pending_clears_the_date_and_feedback(api, owner):
    ask = make_ask(owner, outcome="no", feedback="form", decided_on=D(2026, 11, 3))
    response = patch(api, ask, outcome="pending")
    assert response.status_code == 200
    ask.refresh_from_db()
    assert (ask.outcome, ask.decided_on, ask.feedback) == ("pending", None, "")


def test_turning_a_no_into_a_yes_drops_its_feedback(api, owner):
    ask = make_ask(owner, outcome="no", feedback="personal", decided_on=D(2026, 11, 3))
    body = patch(api, ask, outcome="yes").json()
    assert (body["outcome"], body["feedback"]) == ("yes", "")


def test_it_moves_the_ask_to_a_new_category(api, owner, ask):
    body = patch(api, ask, category="Residencies").json()
    assert body["category"] == "Residencies"
    assert Category.objects.filter(user=owner, slug="residencies").exists()


def test_null_clears_the_optional_fields(api, owner):
    ask = make_ask(
        owner, recipient="Editor", category="pitch", amount=10, notes="n", follow_up_on=TODAY
    )
    response = patch(
        api, ask, recipient=None, category=None, amount=None, notes=None, follow_up_on=None
    )
    assert response.status_code == 200
    ask.refresh_from_db()
    assert (ask.recipient, ask.category, ask.amount, ask.notes, ask.follow_up_on) == (
        "", None, None, "", None,
    )  # fmt: skip


def test_null_leaves_the_required_fields_alone(api, ask):
    response = patch(api, ask, title=None, asked_on=None, outcome=None, private=None)
    assert response.status_code == 200
    assert response.json()["title"] == "Essay"


def test_null_feedback_means_none(api, owner):
    ask = make_ask(owner, outcome="no", feedback="form")
    assert patch(api, ask, feedback=None).json()["feedback"] == ""


def test_it_deletes_the_ask(api, ask):
    response = api.delete(url(ask))
    assert response.status_code == 204
    assert response.content == b""
    assert not Ask.objects.filter(pk=ask.pk).exists()
    assert api.get(url(ask)).status_code == 404


def test_deleting_an_ask_keeps_its_category(api, ask):
    api.delete(url(ask))
    assert Category.objects.filter(user=ask.user, slug="pitch").exists()


# The outsider rule: another user's ask answers 404, like a missing one, and stays as it was.


@pytest.mark.parametrize(
    "method, body",
    [("get", None), ("patch", {"title": "Hijacked", "outcome": "yes"}), ("delete", None)],
)
def test_it_hides_another_users_ask(outsider_api, ask, method, body):
    before = stored(Ask, Category)
    if body is None:
        response = getattr(outsider_api, method)(url(ask))
    else:
        response = getattr(outsider_api, method)(url(ask), body, content_type="application/json")
    assert response.status_code == 404
    assert isinstance(response.json()["detail"], str)
    assert stored(Ask, Category) == before


def test_another_users_ask_answers_like_a_missing_one(outsider_api, ask):
    missing = outsider_api.get(f"/api/v1/asks/{ask.pk + 1000}")
    assert outsider_api.get(url(ask)).json() == missing.json()
