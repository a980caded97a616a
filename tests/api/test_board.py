"""GET /api/v1/challenges/{id}/board: the contract's fields, and numbers by docs/RULES.md."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from nomentum.asks.models import Outcome
from nomentum.challenges import services
from nomentum.challenges.models import Challenge, Membership
from tests.conftest import make_ask, make_challenge, make_group, make_user

pytestmark = pytest.mark.usefixtures("frozen")

D = dt.date
CONTRACT_MEMBER = {
    "user_id", "username", "goal", "rejections_target", "asks", "rejections", "yeses",
    "pending", "progress", "weeks",
}  # fmt: skip
CONTRACT_WEEK = {"number", "asks", "rejections", "yeses", "goal_met"}


def url(challenge: Challenge) -> str:
    return f"/api/v1/challenges/{challenge.pk}/board"


@pytest.fixture
def counted(challenge, owner, member, outsider) -> Challenge:
    """November 2026, seen on Wednesday 11 November (week 2), counted by hand below."""
    services.set_goal(challenge, owner, rejections_per_week=1)  # 4 in all, 1 a week
    services.set_goal(challenge, member, rejections_total=10, asks_total=10)
    # The owner: 4 asks, 2 rejections (both week 1), 1 yes (week 2), 1 pending.
    make_ask(owner, asked_on=D(2026, 11, 2), outcome=Outcome.NO, decided_on=D(2026, 11, 3))
    make_ask(owner, asked_on=D(2026, 11, 2), outcome=Outcome.YES, decided_on=D(2026, 11, 9))
    make_ask(owner, asked_on=D(2026, 11, 9))  # pending: silent only from 9 December
    make_ask(owner, asked_on=D(2026, 11, 10), outcome=Outcome.WITHDRAWN)  # an ask, no answer
    make_ask(owner, asked_on=D(2026, 10, 5))  # silent for 30 days: a rejection on 4 November
    make_ask(owner, asked_on=D(2026, 10, 20), outcome=Outcome.NO)  # before the challenge
    # The member: 3 asks and 3 rejections, all in week 2; a private one still counts.
    make_ask(member, asked_on=D(2026, 11, 9), outcome=Outcome.NO, decided_on=D(2026, 11, 10))
    make_ask(
        member, asked_on=D(2026, 11, 9), outcome=Outcome.NO_RESPONSE, decided_on=D(2026, 11, 11)
    )
    make_ask(member, asked_on=D(2026, 11, 10), outcome=Outcome.NO, private=True)
    # Not in the group: never on the board.
    make_ask(outsider, asked_on=D(2026, 11, 2), outcome=Outcome.NO)
    return challenge


def weeks(row: dict) -> list[tuple]:
    return [
        (w["number"], w["asks"], w["rejections"], w["yeses"], w["goal_met"]) for w in row["weeks"]
    ]


def test_the_board_has_the_contracts_fields(api, counted):
    body = api.get(url(counted)).json()
    assert {"challenge", "totals", "members"} <= set(body)
    assert body["challenge"]["id"] == counted.pk
    assert len(body["challenge"]["weeks"]) == 5
    for row in body["members"]:
        assert set(row) >= CONTRACT_MEMBER
        for week in row["weeks"]:
            assert set(week) >= CONTRACT_WEEK


def test_the_board_counts_a_small_month_by_hand(api, counted, owner, member):
    response = api.get(url(counted))
    assert response.status_code == 200
    body = response.json()
    assert body["sort"] == "rejections"
    assert body["totals"] == {"members": 2, "asks": 7, "rejections": 5, "yeses": 1, "pending": 1}
    first, second = body["members"]

    assert (first["user_id"], first["username"], first["rank"]) == (member.pk, "member", 1)
    assert first["goal"] == {
        "rejections_per_week": None,
        "rejections_total": 10,
        "asks_total": 10,
        "yeses_total": None,
    }
    assert (first["asks"], first["rejections"], first["yeses"], first["pending"]) == (3, 3, 0, 0)
    assert first["rejections_target"] == 10
    assert first["progress"] == pytest.approx(0.3)
    assert first["points"] == 30
    # No weekly target: no week is met or missed.
    assert weeks(first) == [
        (1, 0, 0, 0, None),
        (2, 3, 3, 0, None),
        (3, 0, 0, 0, None),
        (4, 0, 0, 0, None),
        (5, 0, 0, 0, None),
    ]

    assert (second["user_id"], second["username"], second["rank"]) == (owner.pk, "owner", 2)
    assert second["goal"]["rejections_per_week"] == 1
    assert (second["asks"], second["rejections"], second["yeses"], second["pending"]) == (
        4,
        2,
        1,
        1,
    )
    assert second["rejections_target"] == 4  # 1 a week x 4 whole weeks
    assert second["progress"] == pytest.approx(0.5)
    assert second["points"] == 2 * 10 + 1
    assert weeks(second) == [
        (1, 2, 2, 0, True),
        (2, 2, 0, 1, None),  # running short of its 1: in progress, not missed
        (3, 0, 0, 0, None),  # to come
        (4, 0, 0, 0, None),
        (5, 0, 0, 0, None),  # 4 - 4 x 1 leaves the two days nothing: bonus days
    ]
    assert [(w["target"], w["state"]) for w in second["weeks"]] == [
        (1, "met"),
        (1, "in_progress"),
        (1, "upcoming"),
        (1, "upcoming"),
        (0, "bonus"),
    ]


def test_a_member_sees_the_same_board(member_api, api, counted):
    assert member_api.get(url(counted)).json() == api.get(url(counted)).json()


def test_it_ranks_by_progress_when_asked(api, counted):
    body = api.get(url(counted), {"sort": "progress"}).json()
    assert body["sort"] == "progress"
    assert [row["username"] for row in body["members"]] == ["owner", "member"]


def test_it_ranks_by_points_when_asked(api, group, owner, member):
    yeses = make_challenge(group=group, points_per_rejection=1, points_per_yes=5)
    make_ask(owner, asked_on=D(2026, 11, 2), outcome=Outcome.YES)
    make_ask(member, asked_on=D(2026, 11, 2), outcome=Outcome.NO)
    make_ask(member, asked_on=D(2026, 11, 3), outcome=Outcome.NO)
    body = api.get(url(yeses), {"sort": "points"}).json()
    assert [(row["username"], row["points"]) for row in body["members"]] == [
        ("owner", 5),
        ("member", 2),
    ]


def test_it_refuses_an_unknown_sort(api, counted):
    response = api.get(url(counted), {"sort": "yeses"})
    assert response.status_code == 422
    assert response.json()["detail"].startswith("sort: ")


def test_a_member_without_a_goal_has_no_target_or_progress(api, challenge, member):
    make_ask(member, asked_on=D(2026, 11, 2), outcome=Outcome.NO)
    row = next(r for r in api.get(url(challenge)).json()["members"] if r["username"] == "member")
    assert (row["goal"], row["rejections_target"], row["progress"]) == (None, None, None)
    assert row["rejections"] == 1


def test_a_hidden_member_counts_in_the_totals_but_only_sees_their_own_row(
    api, member_api, counted, member
):
    Membership.objects.filter(user=member).update(hidden_from_ranking=True)
    others = api.get(url(counted)).json()
    assert [row["username"] for row in others["members"]] == ["owner"]
    assert others["totals"]["rejections"] == 5
    own = member_api.get(url(counted)).json()
    assert [(row["username"], row["hidden"]) for row in own["members"]] == [
        ("owner", False),
        ("member", True),
    ]


def test_a_personal_challenge_has_one_row(api, owner):
    personal = make_challenge(owner=owner)
    make_ask(owner, asked_on=D(2026, 11, 2), outcome=Outcome.NO)
    body = api.get(url(personal)).json()
    assert [(row["username"], row["rejections"]) for row in body["members"]] == [("owner", 1)]
    assert body["challenge"]["group_id"] is None


def test_an_outsider_gets_404_for_the_board(outsider_api, counted):
    response = outsider_api.get(url(counted))
    assert response.status_code == 404
    assert isinstance(response.json()["detail"], str)


def test_an_anonymous_caller_gets_401_for_the_board(anonymous, counted):
    assert anonymous.get(url(counted)).status_code == 401


def _queries_for_board(api, challenge: Challenge, members: int) -> int:
    assert challenge.group is not None
    for index in range(members):
        user = make_user(f"q{members}x{index}")
        Membership.objects.create(group=challenge.group, user=user)
        services.set_goal(challenge, user, rejections_per_week=2)
        make_ask(user, asked_on=D(2026, 11, 2), outcome=Outcome.NO)
    with CaptureQueriesContext(connection) as queries:
        assert api.get(url(challenge)).status_code == 200
    return len(queries)


def test_the_board_takes_the_same_queries_for_3_or_30_members(api, group, owner):
    api.get("/api/v1/me")  # the token records its first use once: not part of the count
    small = _queries_for_board(api, make_challenge(group=group), 3)
    large = _queries_for_board(api, make_challenge(group=make_group(owner, name="Big")), 30)
    assert small == large
