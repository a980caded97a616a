"""No page waits on SMTP: pages only change data; the scheduler queues, and workers send."""

import datetime as dt

import time_machine
from django.core import mail
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from nomentum.notify import schedule
from nomentum.notify.models import Email
from nomentum.notify.tasks import send_email
from tests.notify.conftest import run_tasks

# Monday 2026-11-09, 08:30 in Berlin: the owner's digest (the defaults) and a reminder are due.
NOW = dt.datetime(2026, 11, 9, 7, 30, tzinfo=dt.UTC)


def test_email_tasks_go_to_the_database_queue_not_inline():
    assert isinstance(send_email.get_backend(), DatabaseBackend)


def test_pages_that_change_what_is_due_send_nothing(owner, owner_client, settings):
    settings.EMAIL_BACKEND = "tests.notify.conftest.RefusingBackend"
    with time_machine.travel(NOW, tick=False):
        assert owner_client.get("/").status_code == 200
        new_ask = {
            "title": "Pitch: night trains",
            "asked_on": "2026-11-02",
            "outcome": "pending",
            "follow_up_on": "2026-11-09",
        }
        assert owner_client.post("/asks/new", new_ask).status_code == 302
        profile = {
            "email": "owner@example.com",
            "timezone": "Europe/Berlin",
            "silence_days": "30",
            "digest": "on",
            "digest_weekday": "0",
            "hour": "8",
            "reminders": "on",
        }
        assert owner_client.post("/accounts/profile", profile).status_code == 302
        assert owner_client.get("/accounts/profile").status_code == 200
        assert not Email.objects.exists() and not DBTaskResult.objects.exists()

        # The scheduler queues one task per email, and sends nothing itself.
        assert schedule.tick().queued == 2
        assert DBTaskResult.objects.ready().count() == 2

        # A worker sends them.
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        assert run_tasks() == 2
    assert sorted(message.subject for message in mail.outbox) == [
        "Follow up today: Pitch: night trains",
        "Last week: 0 no's, 1 ask, 0 yeses",
    ]
