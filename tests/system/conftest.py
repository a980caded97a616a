"""Whole deployments on one machine: production servers (scripts/serve) and task workers
(`manage.py worker`), each in a process group of its own, sharing a fresh database.

The database is a SQLite file in a temporary NOMENTUM_DATA_DIR on the SQLite pass, and a
fresh PostgreSQL database on the pass that runs the suite on PostgreSQL (DATABASE_URL set),
created next to the suite's own and dropped afterwards: each pass runs its own variant. Either
is copied from one migrated once (tests/datadir.py).
What a test measured travels back to the terminal summary as a "system" user property.
"""

import asyncio
import datetime as dt
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from tests.conftest import DATABASE
from tests.datadir import copy_data_dir, postgresql_database, postgresql_url
from tests.notify.conftest import WORKER_COMMAND, Handler, Inbox, SmtpServer
from tests.test_served import free_port, wait_until_healthy

ROOT = Path(__file__).resolve().parents[2]
WAIT = 60.0  # seconds: the bound on every wait for a process


@dataclass
class Server:
    url: str
    port: int
    process: subprocess.Popen
    log: Path


@dataclass
class Deployment:
    """One data dir and one database, and every process started on them."""

    data: Path
    env: dict[str, str]
    database: str
    processes: list[subprocess.Popen] = field(default_factory=list)

    def manage(self, *args: str) -> str:
        done = subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=WAIT * 2,
            check=False,
        )
        assert done.returncode == 0, f"manage.py {args[0]}:\n{done.stdout}{done.stderr}"
        return done.stdout

    def people(self, count: int, prefix: str, digest_due: bool = False) -> dict[str, str]:
        """Create people with an API token each; return username -> token.

        With digest_due, each has a weekly digest due now and an ask for it to tell of.
        """
        now = dt.datetime.now(dt.UTC)
        if digest_due and (now.hour, now.minute) == (23, 59):
            time.sleep(61 - now.second)  # due "today" in UTC: not a minute before tomorrow
        script = PEOPLE.format(count=count, prefix=prefix, digest_due=digest_due)
        out = self.manage("shell", "-c", script)
        tokens: dict[str, str] = json.loads(out.strip().splitlines()[-1])
        return tokens

    def serve(self, workers: int = 2) -> Server:
        """Start the production server on a free port; return once /healthz answers."""
        port = free_port()
        log = self.data / f"server-{port}.log"
        with log.open("w") as out:
            process = subprocess.Popen(  # noqa: S603 (our own server, fixed arguments)
                [str(ROOT / "scripts" / "serve")],
                cwd=ROOT,
                env={
                    **self.env,
                    "HOST": "127.0.0.1",
                    "PORT": str(port),
                    "WEB_CONCURRENCY": str(workers),
                },
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # a group of its own: killed whole, workers and all
            )
        self.processes.append(process)
        url = f"http://127.0.0.1:{port}"
        wait_until_healthy(url, process, log)
        return Server(url, port, process, log)

    def worker(self, name: str, *args: str) -> subprocess.Popen:
        """Start `manage.py worker` as an operator would (it schedules as it starts)."""
        log = self.data / f"worker-{name}.log"
        with log.open("a") as out:
            process = subprocess.Popen(  # noqa: S603 (our own manage.py, fixed arguments)
                [*WORKER_COMMAND, "--worker-id", name, *args],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.processes.append(process)
        return process

    def logs(self) -> str:
        """Return every server and worker log of this deployment, one after another."""
        return "".join(
            f"--- {path.name}\n{path.read_text(errors='replace')}"
            for path in sorted(self.data.glob("*.log"))
        )

    def query(self, sql: str) -> list[tuple]:
        if self.database == "sqlite":
            reader = sqlite3.connect(self.data / "nomentum.sqlite3", timeout=WAIT)
            try:
                return reader.execute(sql).fetchall()
            finally:
                reader.close()
        import psycopg

        with psycopg.connect(self.env["DATABASE_URL"]) as connection:
            return connection.execute(sql).fetchall()

    def close(self) -> None:
        for process in self.processes:
            stop(process)


PEOPLE = """
import datetime as dt
import json
from nomentum.accounts.models import ApiToken, User
from nomentum.asks.models import Ask
from nomentum.notify.models import Preferences
today = dt.datetime.now(dt.UTC).date()
users = User.objects.bulk_create(
    User(username=f"{prefix}{{i:02d}}", email=f"{prefix}{{i:02d}}@example.com", timezone="UTC")
    for i in range({count})
)
if {digest_due}:
    # Due now: today's weekday in UTC, from 00:00.
    Preferences.objects.bulk_create(
        Preferences(user=user, digest_weekday=today.weekday(), hour=0) for user in users
    )
    Ask.objects.bulk_create(Ask(user=user, title="Before", asked_on=today) for user in users)
print(json.dumps({{user.username: ApiToken.issue(user)[1] for user in users}}))
"""


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    """Signal the process's whole group; SIGKILL it if it has not gone in WAIT seconds."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, sig)
            process.wait(timeout=WAIT)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def in_background(*processes: subprocess.Popen) -> None:
    """Give each process and all it starts a small share of the CPU when it is contended.

    pytest-xdist runs the rest of the suite beside a load test, and that load takes all the
    CPU it gets: at low priority it takes only what the other tests leave, and their timings
    hold. Set after start-up, so that a server's start is not slowed, and for the group, so that
    a server's workers (and any it starts again) follow.
    """
    for process in processes:
        os.setpriority(os.PRIO_PGRP, process.pid, 10)


def kill(process: subprocess.Popen) -> None:
    """kill -9 the process and every process it started, as a power cut or the OOM killer would."""
    stop(process, signal.SIGKILL)


@pytest.fixture
def deployment(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Deployment]:
    """A migrated database of its own, on the pass's database, and its processes, stopped after."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name
        not in {"DATABASE_URL", "REDIS_URL", "EMAIL_URL", "NOMENTUM_ENV", "DEBUG"}
        | {"DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(NOMENTUM_DATA_DIR=str(tmp_path), PYTHONUNBUFFERED="1")
    with ExitStack() as cleanup:
        if DATABASE == "postgresql":
            template = request.getfixturevalue("migrated_postgresql")
            created = cleanup.enter_context(postgresql_database("system", template))
            env["DATABASE_URL"] = postgresql_url(created)
        else:
            copy_data_dir(request.getfixturevalue("migrated"), tmp_path)
        site = Deployment(tmp_path, env, DATABASE)
        cleanup.callback(site.close)  # before the database is dropped: last in, first out
        yield site


class SlowHandler(Handler):
    """Take each message, then answer after a pause, as a real SMTP server over a network does."""

    delay = 0.05

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        answer = await super().handle_DATA(server, session, envelope)
        await asyncio.sleep(self.delay)
        return answer


@pytest.fixture
def smtp(deployment: Deployment) -> Iterator[SmtpServer]:
    """A real SMTP server on loopback that takes its time, and the deployment sending to it."""
    inbox = Inbox()
    controller = Controller(SlowHandler(inbox), hostname="127.0.0.1", port=free_port())
    controller.start()
    deployment.env["EMAIL_URL"] = f"smtp://127.0.0.1:{controller.port}"
    deployment.env["NOMENTUM_SITE_URL"] = "https://nomentum.example.org"
    try:
        yield SmtpServer("127.0.0.1", controller.port, inbox)
    finally:
        controller.stop()


def measured(record_property: Any, line: str) -> None:
    """Show a test's figures in the terminal summary (tests/summary.py), and with -s."""
    record_property("system", line)
    print(line)
