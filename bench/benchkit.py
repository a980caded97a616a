"""What every benchmark here shares: a throwaway database, and timing with a fair summary.

A benchmark runs against SQLite in a fresh temp dir, or, given --database-url,
against a PostgreSQL database of its own (created here, dropped at the end;
the URL's own database is only used to connect). Never the `test` database.
"""

import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit


def bench_url(url: str, database: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        sys.exit("--database-url: use postgres://user@host:port/any_existing_database")
    return urlunsplit(parts._replace(path="/" + database))


def admin(url: str, sql: str) -> None:
    """Run one statement outside a transaction on the server's maintenance connection."""
    import psycopg

    parts = urlsplit(url)
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(sql)


def prepare_environment(database_url: str | None, database: str) -> str:
    """Point the settings at a fresh database; return its URL, or "" for SQLite."""
    os.environ["NOMENTUM_DATA_DIR"] = tempfile.mkdtemp(prefix="nomentum-bench-")
    os.environ.pop("REDIS_URL", None)
    if not database_url:
        os.environ.pop("DATABASE_URL", None)
        return ""
    url = bench_url(database_url, database)
    admin(url, f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
    admin(url, f"CREATE DATABASE {database}")
    os.environ["DATABASE_URL"] = url
    return url


def start(database_url: str | None, database: str) -> str:
    """Set Django up on a fresh, migrated database with collected static files; return its URL.

    Static files are collected so that pages render through the production manifest.
    """
    repo = str(Path(__file__).resolve().parent.parent)
    if repo not in sys.path:
        sys.path.insert(0, repo)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nomentum.settings")
    url = prepare_environment(database_url, database)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    return url


def clean_up(url: str, database: str) -> None:
    from django.db import connections

    for connection in connections.all():
        connection.close()
        if hasattr(connection, "close_pool"):
            connection.close_pool()
    if url:
        admin(url, f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
    shutil.rmtree(os.environ["NOMENTUM_DATA_DIR"], ignore_errors=True)


def analyze() -> None:
    """Refresh the planner's statistics, as autovacuum (PostgreSQL) or optimize would."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def timed(call: Callable[[], object], warmup: int, runs: int) -> list[float]:
    """Return the sorted milliseconds of `runs` calls after `warmup` untimed ones."""
    for _ in range(warmup):
        call()
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        call()
        samples.append((time.perf_counter() - began) * 1000)
    return sorted(samples)


def p95(samples: list[float]) -> float:
    # Nearest rank: of 20 sorted samples, the 19th.
    rank = max(1, -(-95 * len(samples) // 100))
    return samples[rank - 1]
