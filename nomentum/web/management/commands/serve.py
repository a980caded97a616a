"""`manage.py serve` (`nomentum serve`): granian, the production server, in front of Django.

granian was chosen by measurement (docs/PERFORMANCE.md). This is the one place that
knows its command line and the defaults: `make run`, scripts/serve, the tests and the
benchmarks all start the server through it. Processes are stateless: run as many as
the machine has cores, on any host.
"""

import os
import socket
import sys
from argparse import ArgumentParser, ArgumentTypeError
from collections.abc import Callable

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from nomentum.env import env_str


def whole_number(low: int, high: int | None, variable: str) -> Callable[[str], int]:
    """Return an argparse type: a whole number from low to high, else a sentence saying so."""
    bounds = f"from {low} to {high}" if high is not None else f"{low} or more"

    def read(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            number = low - 1
        if number < low or (high is not None and number > high):
            raise ArgumentTypeError(
                f"{value!r} is not a whole number {bounds} (given as the option or in ${variable})"
            )
        return number

    return read


def granian(host: str, port: int, workers: int, threads: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "granian",
        "nomentum.wsgi:application",
        "--interface",
        "wsgi",
        "--host",
        host,
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--blocking-threads",
        str(threads),
        # Respawn a crashed worker; give a stopping worker 20 s to finish its requests.
        "--respawn-failed-workers",
        "--workers-kill-timeout",
        "20",
        "--access-log",
    ]


def check_free(host: str, port: int) -> None:
    """Raise CommandError unless the server could listen on host:port now."""
    # granian would say it with a traceback from inside its start-up, after the set-up work.
    where = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except socket.gaierror as error:
        raise CommandError(f"Cannot listen on {where}: {error.strerror}.") from None
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as error:
            raise CommandError(f"Cannot listen on {where}: {error.strerror}.") from None


class Command(BaseCommand):
    help = (
        "Serve the site with granian, the production server. It collects the static files "
        "first; with --migrate it also creates or upgrades the tables, as make run does."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        # String defaults go through the type too, so a bad $PORT is refused like a bad --port.
        parser.add_argument(
            "--host",
            default=env_str("HOST") or "127.0.0.1",
            help="the address to listen on (default: $HOST, else %(default)s)",
        )
        parser.add_argument(
            "--port",
            type=whole_number(1, 65535, "PORT"),
            default=env_str("PORT") or "8000",
            help="the port to listen on (default: $PORT, else 8000)",
        )
        parser.add_argument(
            "--workers",
            type=whole_number(1, None, "WEB_CONCURRENCY"),
            default=env_str("WEB_CONCURRENCY") or "2",
            help="server processes, about one per core (default: $WEB_CONCURRENCY, else 2)",
        )
        parser.add_argument(
            "--threads",
            type=whole_number(1, None, "NOMENTUM_THREADS"),
            default=env_str("NOMENTUM_THREADS") or "4",
            help="threads per server process (default: $NOMENTUM_THREADS, else 4)",
        )
        parser.add_argument(
            "--migrate",
            action="store_true",
            help="first create or upgrade the tables and the cache table (nomentum migrate)",
        )
        parser.add_argument(
            "--no-collectstatic",
            action="store_false",
            dest="collectstatic",
            help="do not collect static files first (they are collected already)",
        )

    def handle(
        self,
        *,
        host: str,
        port: int,
        workers: int,
        threads: int,
        migrate: bool,
        collectstatic: bool,
        verbosity: int,
        **options,
    ) -> None:
        check_free(host, port)
        if migrate:
            call_command("migrate", interactive=False, verbosity=verbosity)
        if collectstatic:
            # WhiteNoise serves the collected files by their hashed names.
            call_command("collectstatic", interactive=False, verbosity=0)
        connections.close_all()
        url = f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"
        self.stdout.write(f"\n  Nomentum is running at {url}   (Ctrl-C to stop)\n\n")
        self.stdout.flush()
        sys.stderr.flush()
        # The same process becomes the server: whoever started it can signal or wait for it.
        os.execv(sys.executable, granian(host, port, workers, threads))  # noqa: S606
