"""My challenges at /challenges/; creating, editing and ending them, each only by who may."""

import datetime as dt

import pytest

from nomentum.challenges.models import Challenge
from tests.conftest import make_challenge
from tests.pages.conftest import everything

pytestmark = pytest.mark.usefixtures("frozen")
D = dt.date


def challenge_data(**fields) -> dict:
    data = {
        "name": "December push",
        "starts_on": "2026-12-01",
        "ends_on": "2026-12-31",
        "points_per_rejection": "10",
        "points_per_yes": "1",
    }
    data.update(fields)
    return data


# My challenges ------------------------------------------------------------------


def test_it_lists_my_personal_and_group_challenges_with_their_states(
    group, member, member_client, owner
):
    make_challenge(group=group, name="Group November")
    make_challenge(
        owner=member, name="My October", starts_on=D(2026, 10, 1), ends_on=D(2026, 10, 31)
    )
    make_challenge(owner=owner, name="Not mine")

    html = member_client.get("/challenges/").text

    assert "Group November" in html and "November of NO · Nov 1 \N{EN DASH} Nov 30, 2026" in html
    assert "My October" in html and "Personal · Oct 1 \N{EN DASH} Oct 31, 2026" in html
    assert 'state-running">running<' in html and 'state-finished">finished<' in html
    assert "Not mine" not in html


def test_it_starts_a_personal_challenge(owner, owner_client):
    response = owner_client.post("/challenges/", challenge_data(name="Pitch month"))
    challenge = Challenge.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/challenges/{challenge.pk}/#goal"
    assert (challenge.owner, challenge.group, challenge.name) == (owner, None, "Pitch month")
    assert (challenge.starts_on, challenge.ends_on) == (D(2026, 12, 1), D(2026, 12, 31))


def test_an_end_before_the_start_is_refused(owner_client):
    response = owner_client.post("/challenges/", challenge_data(ends_on="2026-11-30"))
    assert response.status_code == 200
    assert "The end date cannot be before the start date." in response.text
    assert not Challenge.objects.exists()


def test_a_challenge_longer_than_400_days_is_refused(owner_client):
    response = owner_client.post("/challenges/", challenge_data(ends_on="2028-01-10"))
    assert response.status_code == 200
    assert "A challenge lasts at most 400 days, not 406." in response.text
    assert not Challenge.objects.exists()


def test_exactly_400_days_is_allowed(owner_client):
    response = owner_client.post(
        "/challenges/", challenge_data(starts_on="2026-01-01", ends_on="2027-02-04")
    )
    assert response.status_code == 302
    assert Challenge.objects.get().days == 400


# A group's challenge -------------------------------------------------------------


def test_the_organizer_creates_a_group_challenge_with_points(group, owner_client):
    response = owner_client.post(
        f"/groups/{group.pk}/challenges/new",
        challenge_data(points_per_rejection="5", points_per_yes="2"),
    )
    challenge = Challenge.objects.get()
    assert response["Location"] == f"/challenges/{challenge.pk}/"
    assert (challenge.group, challenge.owner) == (group, None)
    assert (challenge.points_per_rejection, challenge.points_per_yes) == (5, 2)


def test_a_group_challenge_refuses_bad_dates_too(group, owner_client):
    before = everything()
    response = owner_client.post(
        f"/groups/{group.pk}/challenges/new", challenge_data(ends_on="2026-11-02")
    )
    assert "The end date cannot be before the start date." in response.text
    assert everything() == before


def test_a_member_cannot_create_a_group_challenge(group, member_client):
    before = everything()
    for response in (
        member_client.get(f"/groups/{group.pk}/challenges/new"),
        member_client.post(f"/groups/{group.pk}/challenges/new", challenge_data()),
    ):
        assert response.status_code == 403
        assert "Only the group&#x27;s organizers can do that." in response.text
    assert everything() == before


def test_an_outsider_cannot_create_a_group_challenge(group, outsider_client):
    before = everything()
    response = outsider_client.post(f"/groups/{group.pk}/challenges/new", challenge_data())
    assert response.status_code == 404
    assert everything() == before


# Editing -------------------------------------------------------------------------


def test_the_organizer_edits_a_group_challenge(challenge, owner_client):
    response = owner_client.post(
        f"/challenges/{challenge.pk}/edit",
        challenge_data(name="NOvember", starts_on="2026-11-01", ends_on="2026-11-29"),
    )
    assert response["Location"] == f"/challenges/{challenge.pk}/"
    challenge.refresh_from_db()
    assert (challenge.name, challenge.ends_on) == ("NOvember", D(2026, 11, 29))


def test_editing_refuses_an_end_before_the_start(challenge, owner_client):
    before = everything()
    response = owner_client.post(
        f"/challenges/{challenge.pk}/edit",
        challenge_data(starts_on="2026-11-01", ends_on="2026-10-01"),
    )
    assert "The end date cannot be before the start date." in response.text
    assert everything() == before


def test_a_member_cannot_edit_a_group_challenge(challenge, member_client):
    before = everything()
    response = member_client.post(f"/challenges/{challenge.pk}/edit", challenge_data())
    assert response.status_code == 403
    assert "Only the group&#x27;s organizers can do that." in response.text
    assert everything() == before


def test_an_outsider_cannot_edit_a_group_challenge(challenge, outsider_client):
    before = everything()
    assert outsider_client.get(f"/challenges/{challenge.pk}/edit").status_code == 404
    assert (
        outsider_client.post(f"/challenges/{challenge.pk}/edit", challenge_data()).status_code
        == 404
    )
    assert everything() == before


def test_the_owner_edits_a_personal_challenge_and_nobody_else_sees_it(
    owner, owner_client, outsider_client
):
    mine = make_challenge(owner=owner, name="Mine")
    edit = owner_client.get(f"/challenges/{mine.pk}/edit")
    assert edit.status_code == 200
    assert "Points for a rejection" not in edit.text
    before = everything()
    assert outsider_client.get(f"/challenges/{mine.pk}/").status_code == 404
    assert outsider_client.post(f"/challenges/{mine.pk}/edit", challenge_data()).status_code == 404
    assert everything() == before


# Ending --------------------------------------------------------------------------


def test_the_organizer_ends_a_running_challenge_today(challenge, owner_client):
    response = owner_client.post(f"/challenges/{challenge.pk}/end", follow=True)
    challenge.refresh_from_db()
    assert challenge.ends_on == D(2026, 11, 11)
    assert "November of NO ended today. Its board stays here for good." in response.text
    assert 'state-running">running<' in response.text  # it ends at the close of today


def test_a_finished_challenge_stays_readable(group, member_client):
    old = make_challenge(
        group=group, name="October", starts_on=D(2026, 10, 1), ends_on=D(2026, 10, 31)
    )
    response = member_client.get(f"/challenges/{old.pk}/")
    assert response.status_code == 200
    assert 'state-finished">finished<' in response.text
    assert "End it…" not in response.text


def test_only_a_running_challenge_can_be_ended(group, owner_client):
    later = make_challenge(group=group, starts_on=D(2026, 12, 1), ends_on=D(2026, 12, 31))
    before = everything()
    response = owner_client.post(f"/challenges/{later.pk}/end", follow=True)
    assert "Only a running challenge can be ended." in response.text
    assert everything() == before


def test_a_member_cannot_end_a_challenge(challenge, member_client):
    before = everything()
    response = member_client.post(f"/challenges/{challenge.pk}/end")
    assert response.status_code == 403
    assert "Only the group&#x27;s organizers can do that." in response.text
    assert everything() == before


def test_an_outsider_cannot_end_a_challenge(challenge, outsider_client):
    before = everything()
    assert outsider_client.post(f"/challenges/{challenge.pk}/end").status_code == 404
    assert everything() == before
