"""POST /api/v1/challenges/{id}/checkins: one a week per participant; a tally creates its asks."""

import pytest

from nomentum.asks.models import Ask
from nomentum.challenges.models import Challenge, CheckIn
from tests.api.conftest import refuses, send
from tests.conftest import make_challenge

pytestmark = pytest.mark.usefixtures("frozen")


def url(challenge: Challenge) -> str:
    return f"/api/v1/challenges/{challenge.pk}/checkins"


def post(client, challenge: Challenge, **body):
    return send(client, "post", url(challenge), body)


def test_a_member_checks_in_with_a_note(member_api, member, challenge):
    response = post(member_api, challenge, week=2, note="  This no was a yes to my time.  ")
    assert response.status_code == 201
    body = response.json()
    checkin = CheckIn.objects.get()
    assert (checkin.user, checkin.week, checkin.note) == (
        member,
        2,
        "This no was a yes to my time.",
    )
    assert (body["id"], body["week"], body["note"], body["ask_ids"]) == (
        checkin.pk,
        2,
        "This no was a yes to my time.",
        [],
    )
    assert not Ask.objects.exists()


def test_the_organizer_checks_in_too(api, challenge):
    assert post(api, challenge, week=1, note="Slow start").status_code == 201


def test_the_owner_checks_in_on_a_personal_challenge(api, owner):
    personal = make_challenge(owner=owner)
    assert post(api, personal, week=2, note="Halfway").status_code == 201


def test_a_tally_creates_the_asks_behind_its_numbers(member_api, member, challenge):
    tally = {"asks": 4, "rejections": 2, "yeses": 1}
    response = post(member_api, challenge, week=2, tally=tally)
    assert response.status_code == 201
    asks = Ask.objects.filter(user=member).order_by("pk")
    assert sorted(response.json()["ask_ids"]) == [ask.pk for ask in asks]
    assert sorted(ask.outcome for ask in asks) == ["no", "no", "pending", "yes"]
    row = next(
        r
        for r in member_api.get(f"/api/v1/challenges/{challenge.pk}/board").json()["members"]
        if r["username"] == "member"
    )
    assert (row["weeks"][1]["asks"], row["weeks"][1]["rejections"], row["weeks"][1]["yeses"]) == (
        4,
        2,
        1,
    )


def test_a_tally_without_asks_counts_the_answers_as_the_asks(member_api, challenge):
    response = post(member_api, challenge, week=1, tally={"rejections": 2, "yeses": 1})
    assert len(response.json()["ask_ids"]) == 3


def test_a_second_check_in_for_the_same_week_is_409(member_api, challenge):
    post(member_api, challenge, week=2, note="First")
    detail = refuses(
        lambda: post(member_api, challenge, week=2, note="Again", tally={"rejections": 1}), 409
    )
    assert detail == "You checked in for week 2 already."


def test_another_week_is_another_check_in(member_api, challenge):
    post(member_api, challenge, week=1, note="First")
    assert post(member_api, challenge, week=2, note="Second").status_code == 201


@pytest.mark.parametrize("week", [0, 6, -1, 10_000_000])
def test_it_refuses_a_week_outside_the_challenge(member_api, challenge, week):
    refuses(
        lambda: post(member_api, challenge, week=week, note="Hi"),
        422,
        "week: This challenge has weeks 1 to 5.",
    )


def test_it_refuses_a_week_that_has_not_started(member_api, challenge):
    refuses(
        lambda: post(member_api, challenge, week=3, note="Hi"),
        422,
        "week: Week 3 has not started yet.",
    )


def test_it_refuses_a_check_in_with_neither_note_nor_tally(member_api, challenge):
    refuses(
        lambda: post(member_api, challenge, week=2, note="  "),
        422,
        "note: Write a line, or give a tally.",
    )


def test_it_refuses_a_negative_tally(member_api, challenge):
    body = {"week": 2, "tally": {"rejections": -1}}
    refuses(lambda: send(member_api, "post", url(challenge), body), 422, "tally: ")


def test_it_refuses_fewer_asks_than_answers(member_api, challenge):
    body = {"week": 2, "tally": {"asks": 1, "rejections": 2}}
    refuses(
        lambda: send(member_api, "post", url(challenge), body),
        422,
        "tally: Asks must be at least the no's plus the yeses.",
    )


def test_it_refuses_a_note_over_2000_characters(member_api, challenge):
    refuses(lambda: post(member_api, challenge, week=2, note="x" * 2001), 422, "note: ")


def test_it_refuses_a_check_in_without_a_week(member_api, challenge):
    body = {"note": "Hi"}
    refuses(lambda: send(member_api, "post", url(challenge), body), 422, "week: ")


def test_an_outsider_gets_404_for_a_check_in(outsider_api, challenge):
    refuses(lambda: post(outsider_api, challenge, week=2, note="Hi"), 404)


def test_a_member_gets_404_for_the_organizers_personal_challenge(member_api, owner, group):
    personal = make_challenge(owner=owner)
    refuses(lambda: post(member_api, personal, week=2, note="Hi"), 404)


def test_an_anonymous_caller_gets_401_for_a_check_in(anonymous, challenge):
    refuses(lambda: post(anonymous, challenge, week=2, note="Hi"), 401)
