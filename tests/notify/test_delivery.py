"""Each email is sent at most once: claimed before it is sent, never sent again once claimed."""

import datetime as dt
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.db import IntegrityError
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from nomentum.asks.models import Outcome
from nomentum.notify import schedule, services, tasks
from nomentum.notify.models import Email, Kind, Status
from tests.conftest import make_ask
from tests.notify.conftest import run_tasks

# Monday 2026-11-09 08:00 in Berlin: the owner's digest is due.
NOW = dt.datetime(2026, 11, 9, 7, 0, tzinfo=dt.UTC)


@pytest.fixture
def due(owner):
    make_ask(owner, asked_on=dt.date(2026, 11, 2), outcome=Outcome.NO)
    with time_machine.travel(NOW, tick=False):
        schedule.tick()
        yield Email.objects.get()


def test_a_second_delivery_of_the_same_email_finds_it_taken(due):
    with time_machine.travel(NOW, tick=False):
        assert services.deliver(due.pk) == "sent"
        assert services.deliver(due.pk) == "taken"
    assert len(mail.outbox) == 1


def test_two_tasks_for_one_email_send_it_once(due):
    with time_machine.travel(NOW, tick=False):
        tasks.send_email.enqueue(due.pk)  # as a sweep racing the first task would
        assert run_tasks() == 2
    assert len(mail.outbox) == 1
    assert sorted(
        str(value) for value in DBTaskResult.objects.values_list("return_value", flat=True)
    ) == ["sent", "taken"]


def test_an_email_left_sending_by_a_killed_worker_is_never_sent_again(due):
    # The worker claimed it, then died: maybe the server has it, maybe not.
    Email.objects.filter(pk=due.pk).update(status=Status.SENDING)
    with time_machine.travel(NOW + dt.timedelta(hours=2), tick=False):
        result = schedule.tick()
        assert (result.queued, result.requeued) == (0, 0)
        run_tasks()
    assert mail.outbox == []
    assert Email.objects.get().status == Status.SENDING


def test_a_failure_while_sending_is_not_retried(due, settings):
    settings.EMAIL_BACKEND = "tests.notify.conftest.BrokenAfterConnectingBackend"
    with time_machine.travel(NOW, tick=False):
        run_tasks()
    email = Email.objects.get()
    assert email.status == Status.FAILED
    assert "SMTPServerDisconnected" in email.error
    assert DBTaskResult.objects.get().status == "FAILED"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(NOW + dt.timedelta(hours=1), tick=False):
        assert schedule.tick().requeued == 0
        assert run_tasks() == 0
    assert mail.outbox == []


def test_an_unreachable_server_is_tried_five_times_then_given_up(due, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # discard: nobody listens
    now = NOW
    for attempt in range(1, 6):
        with time_machine.travel(now, tick=False):
            schedule.tick()
            run_tasks()
        email = Email.objects.get()
        assert email.attempts == attempt
        now += schedule.RETRY_AFTER + dt.timedelta(minutes=1)
    assert email.status == Status.FAILED
    with time_machine.travel(now, tick=False):
        assert schedule.tick().requeued == 0


def test_an_email_no_worker_took_for_a_day_is_given_up(due):
    # No worker ran: the task waits, the sweep queues it again, then gives up.
    with time_machine.travel(NOW + dt.timedelta(minutes=20), tick=False):
        assert schedule.tick().requeued == 1
    with time_machine.travel(NOW + dt.timedelta(days=1, minutes=1), tick=False):
        assert schedule.tick().given_up == 1
        run_tasks()
    assert mail.outbox == []
    assert Email.objects.get().status == Status.FAILED


def test_an_email_and_its_task_are_written_together_or_not_at_all(owner):
    make_ask(owner, asked_on=dt.date(2026, 11, 2), outcome=Outcome.NO)
    with (
        time_machine.travel(NOW, tick=False),
        mock.patch.object(DatabaseBackend, "enqueue", side_effect=RuntimeError("queue down")),
        pytest.raises(RuntimeError),
    ):
        schedule.tick()
    assert not Email.objects.exists()
    with time_machine.travel(NOW + dt.timedelta(minutes=1), tick=False):
        assert schedule.tick().queued == 1
    assert DBTaskResult.objects.count() == 1


def test_one_email_per_person_kind_and_period(owner, due):
    assert not schedule.queue(owner.pk, Kind.DIGEST, due.period, NOW)
    with pytest.raises(IntegrityError):
        Email.objects.create(
            user=owner, kind=Kind.DIGEST, period=due.period, created_at=NOW, updated_at=NOW
        )
