"""A digest is due at the person's chosen weekday and hour where they live: not before, once a week.

A reminder is due on the follow-up day where they live, from their chosen hour.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from nomentum.asks.models import Outcome
from nomentum.notify import schedule
from nomentum.notify.models import Email, Kind, Status
from tests.conftest import make_ask, make_user
from tests.notify.conftest import prefer, run_tasks

D = dt.date
NEW_YORK = ZoneInfo("America/New_York")
AUCKLAND = ZoneInfo("Pacific/Auckland")


def at(zone: dt.tzinfo, year: int, month: int, day: int, hour: int, minute: int) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=zone)


def queued_at(now: dt.datetime) -> list[tuple[str, str, str]]:
    schedule.tick(now)
    return sorted(Email.objects.values_list("user__username", "kind", "period"))


@pytest.fixture
def ana(db):
    """Ana lives in New York and wants her digest on Wednesdays at 07:00."""
    user = make_user("ana", timezone="America/New_York")
    make_ask(user, asked_on=D(2026, 11, 2), outcome=Outcome.NO)
    prefer(user, digest_weekday=2, hour=7)
    return user


def test_the_digest_is_due_at_the_chosen_hour_in_the_person_s_zone(ana):
    assert queued_at(at(NEW_YORK, 2026, 11, 11, 6, 59)) == []
    # 07:00 in New York is already noon in UTC: the person's clock decides.
    assert queued_at(at(NEW_YORK, 2026, 11, 11, 7, 0)) == [("ana", "digest", "2026-W46")]


def test_the_digest_is_not_due_on_another_weekday(ana):
    assert queued_at(at(NEW_YORK, 2026, 11, 10, 23, 59)) == []  # Tuesday, 04:59 UTC Wednesday
    assert queued_at(at(NEW_YORK, 2026, 11, 12, 7, 0)) == []  # Thursday


def test_the_digest_is_queued_once_a_week_however_often_the_scheduler_runs(ana):
    for minute in range(0, 60 * 17, 7):  # every 7 minutes, from 07:00 to midnight
        schedule.tick(at(NEW_YORK, 2026, 11, 11, 7, 0) + dt.timedelta(minutes=minute))
    assert queued_at(at(NEW_YORK, 2026, 11, 11, 23, 59)) == [("ana", "digest", "2026-W46")]
    # Moving the digest to later in the same week sends no second one.
    prefer(ana, digest_weekday=4)
    assert schedule.tick(at(NEW_YORK, 2026, 11, 13, 9, 0)).queued == 0
    # The next week's comes on its day.
    assert schedule.tick(at(NEW_YORK, 2026, 11, 20, 7, 0)).queued == 1
    with time_machine.travel(at(NEW_YORK, 2026, 11, 20, 7, 1), tick=False):
        run_tasks()
    assert len(mail.outbox) == 1  # the first was never run; the second was sent
    assert Email.objects.filter(status=Status.SENT).get().period == "2026-W47"


def test_a_missed_day_is_not_caught_up(ana):
    assert queued_at(at(NEW_YORK, 2026, 11, 12, 0, 1)) == []  # Thursday, just after midnight


def test_nothing_is_queued_for_people_who_do_not_want_it_or_cannot_get_it(ana):
    prefer(ana, digest=False)
    no_address = make_user("no_address", timezone="America/New_York", email="")
    prefer(no_address, digest_weekday=2, hour=7)
    gone = make_user("gone", timezone="America/New_York", is_active=False)
    prefer(gone, digest_weekday=2, hour=7)
    assert queued_at(at(NEW_YORK, 2026, 11, 11, 12, 0)) == []


def test_without_preferences_the_digest_comes_on_monday_at_8(db):
    make_user("new", timezone="Asia/Kolkata")
    kolkata = ZoneInfo("Asia/Kolkata")
    assert queued_at(at(kolkata, 2026, 11, 9, 7, 59)) == []
    assert queued_at(at(kolkata, 2026, 11, 9, 8, 0)) == [("new", "digest", "2026-W46")]


def test_an_unknown_zone_counts_as_utc_as_everywhere(db):
    make_user("nowhere", timezone="Mars/Olympus_Mons")
    assert queued_at(at(dt.UTC, 2026, 11, 9, 7, 59)) == []
    assert queued_at(at(dt.UTC, 2026, 11, 9, 8, 0)) == [("nowhere", "digest", "2026-W46")]


def test_people_in_many_zones_are_each_due_at_their_own_8(db):
    zones = ["Pacific/Auckland", "Asia/Tokyo", "Europe/Berlin", "UTC", "America/Los_Angeles"]
    for index, zone in enumerate(zones):
        make_user(f"p{index}", timezone=zone)
    start = dt.datetime(2026, 11, 8, 0, 0, tzinfo=dt.UTC)  # Sunday
    seen: dict[str, dt.datetime] = {}
    for hour in range(60):  # every zone here is a whole number of hours from UTC
        now = start + dt.timedelta(hours=hour)
        schedule.tick(now)
        for username in Email.objects.values_list("user__username", flat=True):
            seen.setdefault(username, now)
    assert {
        name: when.astimezone(ZoneInfo(zones[int(name[1:])])).strftime("%a %H:%M")
        for name, when in seen.items()
    } == {f"p{i}": "Mon 08:00" for i in range(len(zones))}
    assert Email.objects.count() == len(zones)


# Follow-up reminders ------------------------------------------------------------------


@pytest.fixture
def kiri(db):
    """Kiri lives in Auckland (UTC+13 in November), with the default hour, 08:00; no digest."""
    user = make_user("kiri", timezone="Pacific/Auckland")
    prefer(user, digest=False)
    return user


def test_a_reminder_is_due_on_the_follow_up_day_where_the_person_lives(kiri):
    make_ask(kiri, follow_up_on=D(2026, 11, 10))
    # 20:00 UTC on the 9th is 09:00 on the 10th in Auckland.
    assert queued_at(at(AUCKLAND, 2026, 11, 10, 7, 59)) == []
    assert queued_at(at(dt.UTC, 2026, 11, 9, 20, 0)) == [("kiri", "reminder", "2026-11-10")]
    # Once a day, however many asks and ticks.
    assert schedule.tick(at(AUCKLAND, 2026, 11, 10, 18, 0)).queued == 0


def test_a_reminder_is_not_due_the_day_before_or_after(kiri):
    make_ask(kiri, follow_up_on=D(2026, 11, 10))
    assert queued_at(at(AUCKLAND, 2026, 11, 9, 23, 0)) == []
    # Noon UTC on the 10th is already the 11th in Auckland: that day has passed.
    assert queued_at(at(dt.UTC, 2026, 11, 10, 12, 0)) == []


def test_one_reminder_a_day_lists_every_follow_up_of_that_day(kiri):
    make_ask(kiri, title="First", follow_up_on=D(2026, 11, 10))
    make_ask(kiri, title="Second", follow_up_on=D(2026, 11, 10))
    make_ask(kiri, title="Tomorrow", follow_up_on=D(2026, 11, 11))
    make_ask(kiri, title="Answered", outcome=Outcome.YES, follow_up_on=D(2026, 11, 10))
    with time_machine.travel(at(AUCKLAND, 2026, 11, 10, 8, 0), tick=False):
        assert schedule.tick().queued == 1
        run_tasks()
    [message] = mail.outbox
    assert message.subject == "Follow up today: 2 asks"
    assert "First" in message.body and "Second" in message.body
    assert "Tomorrow" not in message.body and "Answered" not in message.body


def test_no_reminder_for_answered_asks_or_when_reminders_are_off(kiri):
    make_ask(kiri, outcome=Outcome.NO, follow_up_on=D(2026, 11, 10))
    assert queued_at(at(AUCKLAND, 2026, 11, 10, 9, 0)) == []
    make_ask(kiri, follow_up_on=D(2026, 11, 10))
    prefer(kiri, reminders=False)
    assert queued_at(at(AUCKLAND, 2026, 11, 10, 9, 0)) == []


def test_a_reminder_answered_before_it_goes_out_is_skipped(kiri):
    ask = make_ask(kiri, follow_up_on=D(2026, 11, 10))
    with time_machine.travel(at(AUCKLAND, 2026, 11, 10, 8, 0), tick=False):
        schedule.tick()
        ask.set_outcome(Outcome.NO, D(2026, 11, 10))
        ask.save()
        run_tasks()
    assert mail.outbox == []
    assert Email.objects.get(kind=Kind.REMINDER).status == Status.SKIPPED
