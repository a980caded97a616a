"""A rejection that reaches a milestone or a goal gets a moment of its own."""

import datetime as dt

import time_machine

from nomentum.asks.models import Outcome
from nomentum.challenges import services
from nomentum.insights.milestones import milestone_crossed, milestones_reached
from tests.conftest import make_ask, make_challenge

D = dt.date
NOON = dt.datetime(2026, 11, 11, 12, tzinfo=dt.UTC)


def answer(client, ask, value="no"):
    return client.post(f"/asks/{ask.pk}/outcome", {"answer": value}, follow=True)


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_the_milestones_are_the_first_no_then_ten_twenty_five_fifty_a_hundred():
    assert milestones_reached(0, None) == []
    assert milestones_reached(12, 12) == ["First no", "10 no's", "Goal reached"]
    assert milestones_reached(100, None)[-1] == "100 no's"
    assert milestone_crossed(9, 10) == "10 no's"
    assert milestone_crossed(10, 11) is None


@time_machine.travel(NOON)
def test_the_first_no_is_celebrated(owner, owner_client):
    ask = make_ask(owner, asked_on=D(2026, 11, 10))
    assert "Milestone: your first no! The hardest one is behind you." in messages_of(
        answer(owner_client, ask)
    )


@time_machine.travel(NOON)
def test_the_tenth_no_is_celebrated_and_the_eleventh_is_not(owner, owner_client):
    for _ in range(9):
        make_ask(owner, asked_on=D(2026, 11, 2), outcome=Outcome.NO)
    tenth, eleventh = (
        make_ask(owner, asked_on=D(2026, 11, 10)),
        make_ask(owner, asked_on=D(2026, 11, 10)),
    )
    assert "Milestone: 10 no's! Look how far asking has taken you." in messages_of(
        answer(owner_client, tenth)
    )
    assert not any("Milestone" in m for m in messages_of(answer(owner_client, eleventh)))


@time_machine.travel(NOON)
def test_reaching_a_goal_in_a_running_challenge_is_celebrated(owner, owner_client):
    challenge = make_challenge(owner=owner, name="My November")
    services.set_goal(challenge, owner, rejections_total=3)
    for _ in range(2):
        make_ask(owner, asked_on=D(2026, 11, 2), outcome=Outcome.NO)
    third = make_ask(owner, asked_on=D(2026, 11, 10))
    assert "Goal reached in My November: 3 no's collected!" in messages_of(
        answer(owner_client, third)
    )


@time_machine.travel(NOON)
def test_a_yes_or_a_no_answered_again_crosses_nothing(owner, owner_client):
    ask = make_ask(owner, asked_on=D(2026, 11, 10))
    assert not any("Milestone" in m for m in messages_of(answer(owner_client, ask, "yes")))
    answer(owner_client, ask, "no")
    assert not any("Milestone" in m for m in messages_of(answer(owner_client, ask, "no:personal")))
