"""Real worker processes (`manage.py worker`) racing over one queue send every email exactly once,
and a worker killed in the middle of sending leaves nothing sent twice.

Each test has a migrated database of its own, copied from one migrated once: a SQLite file in
a temporary NOMENTUM_DATA_DIR on the SQLite pass, a PostgreSQL database on the PostgreSQL
pass. It fills it through `manage.py shell`, and reads the result from the SMTP server on
loopback.
"""

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import only_on
from tests.datadir import copy_data_dir, postgresql_database, postgresql_url
from tests.notify.conftest import WORKER_COMMAND, SmtpServer

ROOT = Path(__file__).resolve().parents[2]
WAIT = 60  # seconds: the bound on every wait for a process or a message
# Each pass runs its own variant: the SQLite pass on SQLite, the PostgreSQL pass on PostgreSQL.
DATABASES = [
    pytest.param("sqlite", marks=only_on("sqlite")),
    pytest.param("postgresql", marks=only_on("postgresql")),
]

# Run in `manage.py shell`: people whose digest is due now (today's weekday, from 00:00 UTC),
# each with an ask, so that there is something to tell.
SEED = """
import datetime as dt
from nomentum.accounts.models import User
from nomentum.asks.models import Ask
from nomentum.notify.models import Preferences
today = dt.datetime.now(dt.UTC).date()
users = User.objects.bulk_create(
    User(username=f"w{{i:02d}}", email=f"w{{i:02d}}@example.com", timezone="UTC")
    for i in range({people})
)
Preferences.objects.bulk_create(
    Preferences(user=user, digest_weekday=today.weekday(), hour=0) for user in users
)
Ask.objects.bulk_create(Ask(user=user, title="Pitch", asked_on=today) for user in users)
"""
# Run in `manage.py shell`: queue what is due.
QUEUE = """
from nomentum.notify import schedule
assert schedule.tick().queued == {people}
"""
# Run in `manage.py shell`: queue what is due, then queue every email's task a second time,
# as a sweep racing the first tasks would.
QUEUE_TWICE = """
from nomentum.notify import schedule, tasks
from nomentum.notify.models import Email
assert schedule.tick().queued == {people}
for pk in Email.objects.values_list("pk", flat=True):
    tasks.send_email.enqueue(pk)
"""


@dataclass
class Site:
    env: dict[str, str]
    database: str

    def manage(self, *args: str) -> str:
        done = subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=WAIT,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    def worker(self, worker_id: str, *args: str) -> subprocess.Popen:
        return subprocess.Popen(  # noqa: S603 (our own manage.py, fixed arguments)
            [*WORKER_COMMAND, "--worker-id", worker_id, *args],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def query(self, sql: str) -> list[tuple]:
        if self.database == "sqlite":
            path = Path(self.env["NOMENTUM_DATA_DIR"]) / "nomentum.sqlite3"
            with sqlite3.connect(path) as connection:
                return connection.execute(sql).fetchall()
        import psycopg

        with psycopg.connect(self.env["DATABASE_URL"]) as connection:
            return connection.execute(sql).fetchall()


def finish(process: subprocess.Popen) -> str:
    try:
        output, _ = process.communicate(timeout=WAIT)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
        raise AssertionError(f"a worker ran for more than {WAIT} s:\n{output}") from None
    assert process.returncode == 0, output
    return output


@pytest.fixture(params=DATABASES)
def site(request, tmp_path, smtp_server: SmtpServer) -> Iterator[Site]:
    """A migrated database of its own, mail going to the loopback SMTP server."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in {"DATABASE_URL", "REDIS_URL", "EMAIL_URL", "DEBUG"}
    }
    env.update(
        NOMENTUM_DATA_DIR=str(tmp_path),
        EMAIL_URL=f"smtp://{smtp_server.host}:{smtp_server.port}",
        NOMENTUM_SITE_URL="https://nomentum.example.org",
        PYTHONUNBUFFERED="1",
    )
    # Copied from a database migrated once (tests/datadir.py).
    if request.param == "sqlite":
        copy_data_dir(request.getfixturevalue("migrated"), tmp_path)
        yield Site(env, "sqlite")
        return
    template = request.getfixturevalue("migrated_postgresql")
    with postgresql_database("nomentum_workers", template) as created:
        yield Site({**env, "DATABASE_URL": postgresql_url(created)}, "postgresql")


def seed(site: Site, people: int, then: str = "") -> None:
    """Create people whose digest is due now; then run `then` in the same shell."""
    # The seeded digests are due on today's weekday in UTC: do not start a minute before midnight.
    now = dt.datetime.now(dt.UTC)
    if (now.hour, now.minute) == (23, 59):
        time.sleep(61 - now.second)
    site.manage("shell", "-c", SEED.format(people=people) + then.format(people=people))


def test_two_workers_racing_over_one_queue_send_every_digest_once(site, smtp_server):
    people = 30
    seed(site, people, then=QUEUE_TWICE)
    # The server holds its first answers until two messages are in flight at once: proof that
    # both workers are sending at the same time, not one after the other.
    smtp_server.inbox.together = 2

    workers = [site.worker(name, "--batch") for name in ("worker-a", "worker-b")]
    outputs = [finish(worker) for worker in workers]

    recipients = Counter(smtp_server.inbox.recipients)
    assert len(recipients) == people, outputs
    assert set(recipients.values()) == {1}, [to for to, n in recipients.items() if n > 1]
    assert site.query("SELECT status, count(*) FROM notify_email GROUP BY status") == [
        ("sent", people)
    ]
    tasks = site.query(
        "SELECT worker_ids, return_value, status FROM django_tasks_database_dbtaskresult"
    )
    assert len(tasks) == 2 * people
    assert Counter(str(row[1]).strip('"') for row in tasks) == {"sent": people, "taken": people}
    ran_by = Counter(str(row[0]) for row in tasks)
    assert all("worker-a" in key or "worker-b" in key for key in ran_by)
    assert any("worker-a" in key for key in ran_by) and any("worker-b" in key for key in ran_by)


def test_two_workers_scheduling_at_once_queue_each_digest_once(site, smtp_server):
    people = 20
    seed(site, people)
    # Both run the scheduler as they start, over the same due digests, then send.
    workers = [site.worker(name, "--batch", "--tick", "60") for name in ("worker-a", "worker-b")]
    for worker in workers:
        finish(worker)
    recipients = Counter(smtp_server.inbox.recipients)
    assert len(recipients) == people and set(recipients.values()) == {1}
    assert site.query("SELECT count(*) FROM notify_email") == [(people,)]
    assert site.query("SELECT count(*) FROM django_tasks_database_dbtaskresult") == [(people,)]


def test_a_worker_killed_while_sending_leaves_nothing_sent_twice(site, smtp_server):
    people = 5
    seed(site, people, then=QUEUE)
    inbox = smtp_server.inbox
    inbox.hold = threading.Event()  # the server takes each message, and answers when released

    doomed = site.worker("doomed")
    try:
        assert inbox.arrived.wait(WAIT), "the first message never arrived"
        # The server has the message; the worker waits for its "250 OK" and dies.
        doomed.send_signal(signal.SIGKILL)
        doomed.wait(WAIT)
    finally:
        if doomed.poll() is None:
            doomed.kill()
        doomed.communicate()
    inbox.hold.set()
    [first] = inbox.recipients

    # Another worker, scheduling as it starts, finishes the queue and resends nothing.
    finish(site.worker("survivor", "--batch"))

    recipients = Counter(inbox.recipients)
    assert len(recipients) == people and set(recipients.values()) == {1}
    statuses = dict(site.query("SELECT user_id, status FROM notify_email"))
    assert sorted(statuses.values()) == ["sending"] + ["sent"] * (people - 1)
    # The one left `sending` is the one the killed worker was sending.
    stuck = "SELECT u.email FROM notify_email e JOIN accounts_user u ON u.id = e.user_id"
    assert site.query(f"{stuck} WHERE e.status = 'sending'") == [(first,)]
