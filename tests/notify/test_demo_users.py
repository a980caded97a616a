"""Demo users are never emailed, not even one who was given an address since the demo loaded."""

import datetime as dt

import pytest
import time_machine
from django.core import mail

from nomentum.accounts.models import User
from nomentum.asks.models import Outcome
from nomentum.notify import schedule
from nomentum.notify.models import Email, Kind, Status
from nomentum.web.demo_data import load_demo
from tests.conftest import make_ask, make_user
from tests.notify.conftest import run_tasks

# Monday 2026-11-16, 08:00 UTC: the demo users' zone, and the default digest day and hour.
MONDAY = dt.datetime(2026, 11, 16, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def maya(db) -> User:
    """Return the demo's organizer, given an address as anyone logged in as her could."""
    load_demo(today=dt.date(2026, 11, 26))
    for user in User.objects.filter(memberships__group__name="November of NO"):
        user.email = f"{user.username}@example.com"
        user.save()
    maya = User.objects.get(username="demo-maya")
    make_ask(maya, asked_on=dt.date(2026, 11, 2), follow_up_on=MONDAY.date())
    return maya


def test_no_digest_or_reminder_is_queued_for_a_demo_user(maya):
    real = make_user("real", timezone="UTC")
    make_ask(real, asked_on=dt.date(2026, 11, 9), outcome=Outcome.NO)
    with time_machine.travel(MONDAY, tick=False):
        schedule.tick(MONDAY)
        run_tasks()
    assert list(Email.objects.values_list("user__username", flat=True)) == ["real"]
    assert [message.to for message in mail.outbox] == [["real@example.com"]]


def test_an_email_queued_for_a_demo_user_is_never_sent(maya):
    with time_machine.travel(MONDAY, tick=False):
        assert schedule.queue(maya.pk, Kind.DIGEST, "2026-W47", MONDAY)
        assert schedule.queue(maya.pk, Kind.REMINDER, MONDAY.date().isoformat(), MONDAY)
        run_tasks()
    assert mail.outbox == []
    assert set(Email.objects.values_list("status", flat=True)) == {Status.SKIPPED}
