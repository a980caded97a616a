"""The private calendar feed at /accounts/calendar/<token>.ics: follow-ups and challenge weeks.

Its address is the only key: a wrong, revoked or replaced token answers 404,
and what it serves parses with the icalendar library and keeps the rules
calendar apps rely on (CRLF, 75-octet lines, escaped text, stable UIDs).
"""

import datetime as dt
import re

import icalendar
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from nomentum.accounts.models import CalendarToken, hash_token
from nomentum.challenges.services import set_goal
from nomentum.notify.calendar import escape_text, fold
from tests.conftest import make_ask, make_challenge, make_user
from tests.pages.conftest import NOW

pytestmark = pytest.mark.usefixtures("frozen")

URL = re.compile(r'value="(http://testserver/accounts/calendar/([\w-]+)\.ics)"')


def new_feed(client: Client) -> str:
    """Make a calendar address through the profile's button; return its path."""
    response = client.post("/accounts/calendar/new")
    assert response.status_code == 200
    match = URL.search(response.text)
    assert match, response.text
    return match.group(1).removeprefix("http://testserver")


def events(body: bytes) -> dict[str, icalendar.cal.Component]:
    calendar = icalendar.Calendar.from_ical(body)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_the_profile_offers_a_calendar_address(owner_client):
    response = owner_client.get("/accounts/profile")
    assert 'action="/accounts/calendar/new"' in response.text
    assert "Make a calendar address" in response.text


def test_it_makes_an_address_and_shows_it_once(owner, owner_client):
    path = new_feed(owner_client)
    token = path.removeprefix("/accounts/calendar/").removesuffix(".ics")
    assert CalendarToken.objects.get(user=owner).key_hash == hash_token(token)
    profile = owner_client.get("/accounts/profile")
    assert token not in profile.text
    assert "Make a new address" in profile.text
    assert 'action="/accounts/calendar/off"' in profile.text


def test_the_feed_has_follow_ups_of_pending_asks_and_challenge_weeks(owner, owner_client, group):
    owner.silence_days = 0
    owner.save()
    pending = make_ask(
        owner, title="Pitch the lighthouse", recipient="Wired", follow_up_on=dt.date(2026, 11, 20)
    )
    make_ask(owner, title="No follow-up date")
    make_ask(owner, title="Answered", outcome="no", follow_up_on=dt.date(2026, 11, 21))
    make_ask(make_user("someone"), title="Not mine", follow_up_on=dt.date(2026, 11, 22))
    challenge = make_challenge(group=group)
    personal = make_challenge(
        owner=owner,
        name="Solo sprint",
        starts_on=dt.date(2026, 12, 1),
        ends_on=dt.date(2026, 12, 10),
    )
    make_challenge(owner=make_user("other"), name="Someone else's")
    set_goal(challenge, owner, rejections_per_week=3)

    response = Client().get(new_feed(owner_client))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    found = events(response.content)
    follow_up = found[f"ask-{pending.pk}-follow-up@nomentum"]
    assert str(follow_up["SUMMARY"]) == "Follow up: Pitch the lighthouse (Wired)"
    assert follow_up.decoded("DTSTART") == dt.date(2026, 11, 20)
    assert follow_up.decoded("DTEND") == dt.date(2026, 11, 21)
    assert str(follow_up["URL"]) == f"http://testserver/asks/{pending.pk}/edit"
    weeks = sorted(uid for uid in found if uid.startswith(f"challenge-{challenge.pk}-"))
    assert len(weeks) == 5  # November: four whole weeks and two days
    week5 = found[f"challenge-{challenge.pk}-week-5@nomentum"]
    assert (week5.decoded("DTSTART"), week5.decoded("DTEND")) == (
        dt.date(2026, 11, 29),
        dt.date(2026, 12, 1),
    )
    assert str(week5["SUMMARY"]) == "November of NO, week 5 of 5: bonus days"
    week1 = found[f"challenge-{challenge.pk}-week-1@nomentum"]
    assert str(week1["SUMMARY"]) == "November of NO, week 1 of 5: 3 no's to collect"
    solo = [uid for uid in found if uid.startswith(f"challenge-{personal.pk}-")]
    assert len(solo) == 2
    assert len(found) == 1 + 5 + 2


def test_the_feed_keeps_the_rules_calendar_apps_need(owner, owner_client):
    title = 'Pitch: "Night trains, again"; part 2\nwith a second line, and ümlauts ' + "é" * 60
    ask = make_ask(owner, title=title[:200], follow_up_on=dt.date(2026, 11, 20))
    path = new_feed(owner_client)

    first = Client().get(path).content
    second = Client().get(path).content

    assert first.endswith(b"\r\n")
    lines = first.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in lines), max(lines, key=len)
    assert b"\n" not in first.replace(b"\r\n", b"")
    for line in lines:
        line.decode()  # folding never splits a UTF-8 sequence
    assert lines[:3] == [
        b"BEGIN:VCALENDAR",
        b"VERSION:2.0",
        b"PRODID:-//Nomentum//Rejection goals//EN",
    ]
    assert b'SUMMARY:Follow up: Pitch: "Night trains\\, again"\\; part 2\\nwith' in first
    event = events(first)[f"ask-{ask.pk}-follow-up@nomentum"]
    assert str(event["SUMMARY"]) == f"Follow up: {ask.title}"
    assert event.decoded("DTSTAMP") == NOW
    assert events(first).keys() == events(second).keys()


def test_folding_counts_octets_and_continuations():
    line = "SUMMARY:" + "ü" * 100
    folded = fold(line)
    parts = folded.encode().split(b"\r\n")
    assert all(len(part) <= 75 for part in parts)
    assert all(part.startswith(b" ") for part in parts[1:])
    assert "".join(part[1:] if i else part for i, part in enumerate(folded.split("\r\n"))) == line
    assert escape_text("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne"


def test_a_wrong_token_answers_404(owner, owner_client):
    new_feed(owner_client)
    assert Client().get("/accounts/calendar/not-the-token.ics").status_code == 404
    assert Client().get("/accounts/calendar/.ics").status_code == 404


def test_an_outsider_cannot_read_anothers_calendar(owner, owner_client, outsider_client):
    make_ask(owner, title="Secret pitch", follow_up_on=dt.date(2026, 11, 20))
    owner_path = new_feed(owner_client)
    outsider_path = new_feed(outsider_client)
    assert owner_path != outsider_path
    theirs = Client().get(outsider_path)
    assert theirs.status_code == 200
    assert b"Secret pitch" not in theirs.content
    # A session opens no feed: only the exact address does, and a near miss is a 404.
    token = owner_path.removeprefix("/accounts/calendar/").removesuffix(".ics")
    near = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert outsider_client.get(f"/accounts/calendar/{near}.ics").status_code == 404


def test_a_new_address_makes_the_old_one_404(owner, owner_client):
    old = new_feed(owner_client)
    assert Client().get(old).status_code == 200
    new = new_feed(owner_client)
    assert new != old
    assert Client().get(old).status_code == 404
    assert Client().get(new).status_code == 200
    assert CalendarToken.objects.filter(user=owner).count() == 1


def test_turning_the_feed_off_makes_the_address_404(owner, owner_client):
    path = new_feed(owner_client)
    response = owner_client.post("/accounts/calendar/off", follow=True)
    assert response.redirect_chain == [("/accounts/profile", 302)]
    assert "Calendar feed turned off" in response.text
    assert Client().get(path).status_code == 404
    assert not CalendarToken.objects.filter(user=owner).exists()


def test_an_inactive_users_feed_answers_404(owner, owner_client):
    path = new_feed(owner_client)
    owner.is_active = False
    owner.save()
    assert Client().get(path).status_code == 404


def test_making_an_address_needs_a_login_and_a_post(owner_client):
    assert Client().post("/accounts/calendar/new").status_code == 302
    assert Client().post("/accounts/calendar/off").status_code == 302
    assert owner_client.get("/accounts/calendar/new").status_code == 405
    assert not CalendarToken.objects.exists()


def test_the_feed_takes_the_same_queries_however_much_it_shows(owner, owner_client, group):
    path = new_feed(owner_client)
    make_ask(owner, follow_up_on=dt.date(2026, 11, 20))
    make_challenge(group=group)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert Client().get(path).status_code == 200
        return len(captured)

    few = queries()
    for day in range(20):
        make_ask(owner, follow_up_on=dt.date(2026, 11, 1) + dt.timedelta(days=day))
    make_challenge(
        group=group, name="December", starts_on=dt.date(2026, 12, 1), ends_on=dt.date(2026, 12, 31)
    )
    make_challenge(owner=owner, name="Solo")
    assert queries() == few
