"""Digests and reminders travel through a real SMTP server, with text, HTML and a way out."""

import datetime as dt
import re
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import time_machine
from django.test import Client

from nomentum.asks.models import Outcome
from nomentum.notify import schedule
from nomentum.notify.models import Email, Kind, Preferences, Status
from tests.conftest import make_ask
from tests.notify.conftest import free_port, parts, run_tasks, unsubscribe_address

D = dt.date
BERLIN = ZoneInfo("Europe/Berlin")
# Monday 2026-11-09, 08:00 in Berlin: the owner's digest is due (the defaults: Monday, 8:00).
MONDAY_8 = dt.datetime(2026, 11, 9, 8, 0, tzinfo=BERLIN)


def log_last_week(owner) -> None:
    make_ask(owner, title="Night trains", asked_on=D(2026, 11, 2), outcome=Outcome.NO)
    make_ask(owner, title="Grant", asked_on=D(2026, 11, 3), outcome=Outcome.NO)
    make_ask(owner, title="Agent", asked_on=D(2026, 11, 4), outcome=Outcome.YES)
    make_ask(owner, title="Waiting", asked_on=D(2026, 11, 5))


def test_a_digest_arrives_with_its_subject_both_parts_and_unsubscribe_headers(owner, smtp_settings):
    log_last_week(owner)
    with time_machine.travel(MONDAY_8, tick=False):
        assert schedule.tick().queued == 1
        assert run_tasks() == 1

    [message] = smtp_settings.inbox.messages
    assert smtp_settings.inbox.recipients == ["owner@example.com"]
    assert message["To"] == "owner@example.com"
    assert message["From"] == "Nomentum <nomentum@localhost>"
    assert message["Subject"] == "Last week: 2 no's, 4 asks, 1 yes"
    text, html = parts(message)
    assert "Last week (Nov 2–Nov 8) you collected 2 no's from 4 asks, and 1 yes." in text
    assert "Last week (Nov 2–Nov 8): 2 no's, 4 asks, 1 yes" in text
    assert "Waiting for an answer: 1" in text
    assert "About " in text and "more yes (80% sure)" in text
    assert re.search(r'data-window="last-week">.*?data-count="rejections">2<', html, re.S)
    assert "<!doctype html>" in html

    url = unsubscribe_address(message)
    assert url.startswith("https://nomentum.example.org/notify/unsubscribe/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert f"Unsubscribe from the weekly digest: {url}" in text
    assert f'href="{url}"' in html
    assert "https://nomentum.example.org/accounts/profile#email" in text
    assert Email.objects.get().status == Status.SENT

    # The mail program's one click: a POST to the header's address, no login, no CSRF token.
    response = Client(enforce_csrf_checks=True).post(
        urlsplit(url).path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    preferences = Preferences.of(owner)
    assert (preferences.digest, preferences.reminders) == (False, True)


def test_a_reminder_arrives_on_the_follow_up_day(owner, smtp_settings):
    ask = make_ask(
        owner, title="Pitch: night trains", recipient="The Atlantic", follow_up_on=D(2026, 11, 10)
    )
    make_ask(owner, title="Answered", outcome=Outcome.NO, follow_up_on=D(2026, 11, 10))
    with time_machine.travel(dt.datetime(2026, 11, 10, 8, 30, tzinfo=BERLIN), tick=False):
        schedule.tick()
        run_tasks()

    [message] = smtp_settings.inbox.messages
    assert message["Subject"] == "Follow up today: Pitch: night trains"
    text, html = parts(message)
    assert "Today, Tuesday, Nov 10, is the day you meant to follow up on this ask:" in text
    assert "- Pitch: night trains (The Atlantic), asked Nov 2" in text
    assert f"https://nomentum.example.org/asks/{ask.pk}/edit" in text
    assert f'href="https://nomentum.example.org/asks/{ask.pk}/edit"' in html
    assert "Answered" not in text
    url = unsubscribe_address(message)
    assert f"Unsubscribe from follow-up reminders: {url}" in text
    assert Email.objects.get().kind == Kind.REMINDER


def test_an_unreachable_server_leaves_the_email_queued_and_a_later_tick_sends_it(
    owner, settings, smtp_server
):
    log_last_week(owner)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nobody listens
    with time_machine.travel(MONDAY_8, tick=False):
        schedule.tick()
        run_tasks()
    email = Email.objects.get()
    assert (email.status, email.attempts) == (Status.QUEUED, 1)
    assert "Connection refused" in email.error or "ConnectionRefused" in email.error

    settings.EMAIL_PORT = smtp_server.port
    with time_machine.travel(MONDAY_8 + dt.timedelta(minutes=10), tick=False):
        assert schedule.tick().requeued == 0  # too early to try again
    with time_machine.travel(MONDAY_8 + dt.timedelta(minutes=16), tick=False):
        assert schedule.tick().requeued == 1
        run_tasks()
    assert len(smtp_server.inbox.messages) == 1
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.SENT, 2)
