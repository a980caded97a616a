"""Weekly check-ins at /challenges/<id>/checkins: a note, and a quick tally that becomes asks."""

import datetime as dt

import pytest
import time_machine

from nomentum.asks.models import Ask
from nomentum.challenges import services
from nomentum.challenges.models import CheckIn
from tests.conftest import make_challenge
from tests.pages.conftest import everything

pytestmark = pytest.mark.usefixtures("frozen")
D = dt.date


def test_the_form_offers_the_weeks_begun_and_picks_this_one(challenge, member_client):
    html = member_client.get(f"/challenges/{challenge.pk}/").text
    assert "What was this no a yes to?" in html
    assert '<option value="1">Week 1 (Nov 1 \N{EN DASH} Nov 7)</option>' in html
    assert '<option value="2" selected>Week 2 (Nov 8 \N{EN DASH} Nov 14)</option>' in html
    assert 'value="3"' not in html.split('name="week"')[1].split("</select>")[0]


def test_a_member_checks_in_with_a_note(challenge, member, member_client):
    response = member_client.post(
        f"/challenges/{challenge.pk}/checkins",
        {"week": "2", "note": "A yes to writing the essay I wanted."},
        follow=True,
    )
    assert response.redirect_chain == [(f"/challenges/{challenge.pk}/#checkins", 302)]
    assert "Checked in for week 2. Keep asking." in response.text
    checkin = CheckIn.objects.get()
    assert (checkin.user, checkin.week, checkin.note) == (
        member,
        2,
        "A yes to writing the essay I wanted.",
    )
    assert "A yes to writing the essay I wanted." in response.text.split('id="checkins"')[1]


def test_a_quick_tally_becomes_asks_that_the_board_counts(challenge, member, member_client):
    response = member_client.post(
        f"/challenges/{challenge.pk}/checkins",
        {"week": "2", "note": "", "asks": "4", "rejections": "2", "yeses": "1"},
        follow=True,
    )
    asks = Ask.objects.filter(user=member).order_by("outcome")
    assert [(a.outcome, a.asked_on, a.decided_on) for a in asks] == [
        ("no", D(2026, 11, 8), D(2026, 11, 11)),
        ("no", D(2026, 11, 8), D(2026, 11, 11)),
        ("pending", D(2026, 11, 8), None),
        ("yes", D(2026, 11, 8), D(2026, 11, 11)),
    ]
    assert list(CheckIn.objects.get().asks.order_by("pk")) == list(asks.order_by("pk"))
    assert 'data-mine="rejections">2<' in response.text


def test_a_second_check_in_for_the_same_week_is_refused(challenge, member, member_client):
    CheckIn.objects.create(challenge=challenge, user=member, week=2, note="First")
    before = everything()
    response = member_client.post(
        f"/challenges/{challenge.pk}/checkins", {"week": "2", "note": "Again", "rejections": "3"}
    )
    assert response.status_code == 409
    assert "You checked in for week 2 already." in response.text
    assert everything() == before


def test_a_week_not_yet_begun_is_refused(challenge, member_client):
    before = everything()
    response = member_client.post(
        f"/challenges/{challenge.pk}/checkins", {"week": "3", "note": "Too early"}
    )
    assert "Select a valid choice. 3 is not one of the available choices." in response.text
    assert everything() == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"note": "  "}, "Write a line, or give a tally."),
        ({"rejections": "-2"}, "A tally cannot be negative."),
        ({"asks": "1", "rejections": "2"}, "Asks must be at least the no&#x27;s plus the yeses."),
        ({"asks": "501"}, "A weekly tally takes at most 500 asks; import the rest."),
    ],
)
def test_bad_check_ins_say_why_and_change_nothing(challenge, member_client, data, message):
    before = everything()
    response = member_client.post(f"/challenges/{challenge.pk}/checkins", {"week": "1", **data})
    assert response.status_code == 200
    assert message in response.text
    assert everything() == before


def test_check_ins_open_when_the_challenge_starts(group, member_client):
    later = make_challenge(group=group, starts_on=D(2026, 12, 1), ends_on=D(2026, 12, 31))
    html = member_client.get(f"/challenges/{later.pk}/").text
    assert "Check-ins open when the challenge starts, on Dec 1." in html
    assert f'action="/challenges/{later.pk}/checkins"' not in html


def test_the_owner_of_a_personal_challenge_checks_in(owner, owner_client):
    mine = make_challenge(owner=owner)
    response = owner_client.post(f"/challenges/{mine.pk}/checkins", {"week": "1", "note": "Ok"})
    assert response.status_code == 302
    assert CheckIn.objects.get().challenge == mine


def test_an_outsider_cannot_check_in(challenge, outsider_client):
    before = everything()
    response = outsider_client.post(
        f"/challenges/{challenge.pk}/checkins", {"week": "1", "note": "Hi", "rejections": "2"}
    )
    assert response.status_code == 404
    assert everything() == before


def test_a_finished_challenge_shows_its_goal_frozen_and_closes_check_ins_a_week_later(
    challenge, member, member_client
):
    services.set_goal(challenge, member, rejections_per_week=3)
    with time_machine.travel(dt.datetime(2026, 12, 3, 9, tzinfo=dt.UTC), tick=False):
        member_client.force_login(member)  # weeks later: a new session
        html = member_client.get(f"/challenges/{challenge.pk}/").text
        assert "Now: 3 no's a week, 12 in total." in html
        assert "change it any time" not in html
        assert "Save my goal" not in html
        assert "The challenge has ended: its goals stay as they were." in html
        assert 'class="checkin-form"' in html  # the last week's check-in: still welcome
        refused = member_client.post(
            f"/challenges/{challenge.pk}/goal",
            {"rejections_per_week": "1"},
        )
        assert refused.status_code == 409
        assert "its goals stay as they were" in refused.text
    with time_machine.travel(dt.datetime(2026, 12, 8, 9, tzinfo=dt.UTC), tick=False):
        member_client.force_login(member)
        html = member_client.get(f"/challenges/{challenge.pk}/").text
        assert 'class="checkin-form"' not in html
        assert "Check-ins closed on Dec 7, a week after the challenge ended." in html
        refused = member_client.post(
            f"/challenges/{challenge.pk}/checkins", {"week": "5", "note": "Late"}
        )
        assert refused.status_code == 409  # the page, with why
        assert "closed on Dec 7, a week after it ended" in refused.text
        assert not CheckIn.objects.exists()
    assert challenge.goals.get(user=member).rejections_per_week == 3
