"""`manage.py worker`: a django-tasks-db worker that also runs the email scheduler.

Start as many as you like, on any hosts sharing the database: each claims tasks
with the backend's locking (SELECT ... FOR UPDATE SKIP LOCKED on PostgreSQL, an
exclusive transaction on SQLite), and each runs schedule.tick(), which is safe
in parallel (see nomentum/notify/schedule.py). Every option of db_worker works.
"""

import logging
import math
import os
import random
import threading
import time
from argparse import ArgumentParser, ArgumentTypeError

from django.db import close_old_connections, connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from nomentum.notify import schedule

logger = logging.getLogger("nomentum.notify")


def tick_safely() -> None:
    try:
        schedule.tick()
    except Exception:
        # A failed tick (the database restarting, say) must not stop the worker: the next
        # tick queues whatever this one did not.
        logger.exception("notify: the scheduler's tick failed")
    finally:
        close_old_connections()


def tick_forever(every: float) -> None:
    # Spread the workers' ticks over the interval instead of all at the same second.
    time.sleep(random.uniform(0, every))  # noqa: S311 (not for security)
    while True:
        tick_safely()
        time.sleep(every)


def seconds(value: str) -> float:
    """Read a number of seconds, 0 or more; else say so in a sentence of the option's own."""
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not math.isfinite(number) or number < 0:
        raise ArgumentTypeError(f"{value!r} is not a number of seconds (0 or more)")
    return number


def positive_count(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise ArgumentTypeError(f"{value!r} is not a whole number of 1 or more")
    return number


class Command(DbWorkerCommand):
    help = (
        "Run a task worker for emails; any number at once. It is django-tasks-db's db_worker "
        "that also queues the emails due every --tick seconds."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        # db_worker's own readers name themselves in their messages ("invalid valid_interval
        # value"), or leave out the value: ours say what is wrong with what was given.
        parser._option_string_actions["--interval"].type = seconds
        parser._option_string_actions["--max-tasks"].type = positive_count
        for action in parser._actions:
            if action.option_strings and action.nargs == "?":
                # db_worker takes `--interval` with no value as None, and fails on it later.
                action.nargs = None
        parser.add_argument(
            "--tick",
            type=seconds,
            default=60.0,
            help="Seconds between runs of the email scheduler; 0 turns it off in this "
            "process (default: %(default)s). With --batch it runs once, before the tasks.",
        )

    def handle(self, *args, tick: float, **options) -> None:  # type: ignore[override]
        # With --reload the command runs twice: in a watching parent and in the child that
        # works. Only the child schedules.
        watcher = options.get("reload") and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true"
        if tick > 0 and not watcher:
            # Once now, so that a --batch run sends what is due before it exits.
            tick_safely()
            if not options.get("batch"):
                # A daemon thread with its own database connection: the worker's loop
                # knows nothing of it, and it dies with the process.
                threading.Thread(
                    target=tick_forever, args=(tick,), name="notify-tick", daemon=True
                ).start()
        try:
            super().handle(*args, **options)
        finally:
            connections.close_all()
