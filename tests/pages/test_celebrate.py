"""A new no is met with a small celebration (the `celebrate` tag, animated in app.css)."""

import datetime as dt

import time_machine

from tests.conftest import make_ask

D = dt.date
NOON = dt.datetime(2026, 11, 11, 12, tzinfo=dt.UTC)


def answer(client, ask, value):
    return client.post(f"/asks/{ask.pk}/outcome", {"answer": value}, follow=True)


def celebrated(response) -> list[str]:
    return [str(m) for m in response.context["messages"] if "celebrate" in m.tags.split()]


@time_machine.travel(NOON)
def test_a_no_is_celebrated_on_the_page(owner, owner_client):
    ask = make_ask(owner, asked_on=D(2026, 11, 10))
    response = answer(owner_client, ask, "no")
    assert len(celebrated(response)) == 1
    assert 'class="message celebrate success"' in response.content.decode()


@time_machine.travel(NOON)
def test_a_yes_is_not_celebrated_as_a_no(owner, owner_client):
    ask = make_ask(owner, asked_on=D(2026, 11, 10))
    response = answer(owner_client, ask, "yes")
    assert [str(m) for m in response.context["messages"]]
    assert celebrated(response) == []
    assert 'class="message success"' in response.content.decode()


@time_machine.travel(NOON)
def test_a_no_answered_again_is_not_celebrated_twice(owner, owner_client):
    ask = make_ask(owner, asked_on=D(2026, 11, 10))
    answer(owner_client, ask, "no")
    assert celebrated(answer(owner_client, ask, "no:personal")) == []
