"""POST and DELETE /api/v1/asks/{id}/cheer: one cheer per person on another member's shown answer.

Both are idempotent: cheering twice keeps one cheer, taking back a cheer that is
not there changes nothing. Anything but another member's answered, non-private
ask in a group the caller shares answers 404.
"""

import datetime as dt

import pytest

from nomentum.asks.models import Ask, Outcome
from nomentum.challenges.models import Cheer, Membership
from tests.api.conftest import api_client, everything, refuses, send
from tests.conftest import join, make_ask, make_group, make_user

pytestmark = pytest.mark.usefixtures("frozen")
D = dt.date


def url(ask: Ask | int) -> str:
    return f"/api/v1/asks/{ask if isinstance(ask, int) else ask.pk}/cheer"


def a_no(user, **fields) -> Ask:
    fields.setdefault("outcome", Outcome.NO)
    return make_ask(user, asked_on=D(2026, 11, 2), decided_on=D(2026, 11, 9), **fields)


@pytest.fixture
def members_no(group, member) -> Ask:
    return a_no(member, title="Essay on night trains")


@pytest.fixture
def owners_no(group, owner) -> Ask:
    return a_no(owner, title="Grant for the novel")


# Cheering


def test_the_organizer_cheers_a_members_no(api, owner, members_no):
    response = send(api, "post", url(members_no))
    assert response.status_code == 201
    assert response.json() == {"cheered": True, "cheers": 1}
    assert Cheer.objects.get().user == owner


def test_a_member_cheers_the_organizers_no(member_api, member, owners_no):
    response = send(member_api, "post", url(owners_no))
    assert response.status_code == 201
    assert response.json() == {"cheered": True, "cheers": 1}
    assert [(c.ask_id, c.user_id) for c in Cheer.objects.all()] == [(owners_no.pk, member.pk)]


@pytest.mark.parametrize("outcome", [Outcome.YES, Outcome.NO_RESPONSE])
def test_a_yes_and_a_no_response_can_be_cheered_too(api, group, member, outcome):
    ask = a_no(member, outcome=outcome)
    assert send(api, "post", url(ask)).status_code == 201


def test_cheering_twice_keeps_one_cheer(api, members_no):
    send(api, "post", url(members_no))
    before = everything()
    response = send(api, "post", url(members_no))
    assert response.status_code == 200
    assert response.json() == {"cheered": True, "cheers": 1}
    assert everything() == before


def test_the_count_has_everyones_cheers(api, group, member, members_no):
    third = make_user("third")
    join(group, third)
    send(api_client(third), "post", url(members_no))
    assert send(api, "post", url(members_no)).json() == {"cheered": True, "cheers": 2}


# Taking a cheer back


def test_the_organizer_takes_a_cheer_back(api, members_no):
    send(api, "post", url(members_no))
    response = send(api, "delete", url(members_no))
    assert response.status_code == 200
    assert response.json() == {"cheered": False, "cheers": 0}
    assert not Cheer.objects.exists()


def test_a_member_takes_a_cheer_back(member_api, owners_no):
    send(member_api, "post", url(owners_no))
    assert send(member_api, "delete", url(owners_no)).json() == {"cheered": False, "cheers": 0}
    assert not Cheer.objects.exists()


def test_taking_back_a_cheer_that_is_not_there_changes_nothing(api, members_no):
    before = everything()
    response = send(api, "delete", url(members_no))
    assert response.status_code == 200
    assert response.json() == {"cheered": False, "cheers": 0}
    assert everything() == before


def test_taking_back_leaves_the_others_cheers(api, group, members_no):
    third = make_user("third")
    join(group, third)
    send(api_client(third), "post", url(members_no))
    send(api, "post", url(members_no))
    assert send(api, "delete", url(members_no)).json() == {"cheered": False, "cheers": 1}
    assert Cheer.objects.get().user == third


# What cannot be cheered: 404 and nothing changes, either way


@pytest.mark.parametrize("method", ["post", "delete"])
def test_an_outsider_gets_404(outsider_api, members_no, method):
    refuses(lambda: send(outsider_api, method, url(members_no)), 404)


@pytest.mark.parametrize("method", ["post", "delete"])
def test_an_anonymous_caller_gets_401(anonymous, members_no, method):
    refuses(lambda: send(anonymous, method, url(members_no)), 401)


@pytest.mark.parametrize("method", ["post", "delete"])
def test_ones_own_ask_is_404(member_api, members_no, method):
    refuses(lambda: send(member_api, method, url(members_no)), 404)


@pytest.mark.parametrize("method", ["post", "delete"])
def test_a_private_ask_is_404(api, group, member, method):
    secret = a_no(member, private=True)
    refuses(lambda: send(api, method, url(secret)), 404)


@pytest.mark.parametrize("outcome", [Outcome.PENDING, Outcome.WITHDRAWN])
def test_an_unanswered_ask_is_404(api, group, member, outcome):
    ask = make_ask(member, outcome=outcome)
    refuses(lambda: send(api, "post", url(ask)), 404)


def test_an_ask_of_someone_in_another_group_is_404(api, group, outsider):
    make_group(outsider, name="Elsewhere")
    elsewhere = a_no(outsider)
    refuses(lambda: send(api, "post", url(elsewhere)), 404)


def test_an_ask_of_someone_who_left_is_404(api, group, member, members_no):
    Membership.objects.filter(user=member).delete()
    refuses(lambda: send(api, "post", url(members_no)), 404)


@pytest.mark.parametrize("ask_id", [0, 10_000, 2**64])
def test_an_ask_that_does_not_exist_is_404(api, members_no, ask_id):
    refuses(lambda: send(api, "post", url(ask_id)), 404)
