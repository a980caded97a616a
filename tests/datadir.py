"""Migrated databases for the tests that run processes on one: made once, copied per test.

Migrating a fresh database starts Django in a process of its own and runs every migration:
seconds each time. A test copies one that was migrated once instead: a data dir as an
operator has it (a SQLite file and a secret key) copied in milliseconds, or a PostgreSQL
database created from a migrated template.
"""

import fcntl
import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "nomentum.sqlite3"
# What points a process elsewhere than its own SQLite file: the caller's shell may set them.
ELSEWHERE = ("DATABASE_URL", "REDIS_URL", "NOMENTUM_ENV", "EMAIL_URL")


def made_once(
    factory: pytest.TempPathFactory, worker_id: str, name: str, make: Callable[[Path], None]
) -> Path:
    """Return the directory `name`, filled by make(directory) once per run.

    Each pytest-xdist worker (worker_id, "master" without xdist) is a session of its own, so
    a session fixture alone would make it once per worker: the first worker here makes it,
    under a lock, and the others wait for it. A make that fails leaves nothing behind, and
    the next one to come tries again.
    """
    root = factory.getbasetemp()
    if worker_id != "master":
        root = root.parent  # the run's directory, which holds each worker's own
    path = root / name
    with (root / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (root / f"{name}.made").exists():
            shutil.rmtree(path, ignore_errors=True)
            path.mkdir()
            try:
                make(path)
            except BaseException:
                shutil.rmtree(path, ignore_errors=True)
                raise
            (root / f"{name}.made").touch()
    return path


def migrate(data_dir: Path, **extra: str) -> None:
    """Create every table and the cache table, as `nomentum migrate` does: in data_dir's
    SQLite file, or in the database an extra DATABASE_URL names."""
    env = {name: value for name, value in os.environ.items() if name not in ELSEWHERE}
    done = subprocess.run(
        [sys.executable, "-m", "nomentum.cli", "migrate", "--verbosity", "0"],
        cwd=ROOT,
        env={**env, "NOMENTUM_DATA_DIR": str(data_dir), **extra},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, f"nomentum migrate:\n{done.stdout}{done.stderr}"


def copy_data_dir(source: Path, target: Path) -> Path:
    """Copy the data dir's database and secret key into target (made if missing); return it."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source / "secret_key", target / "secret_key")
    # Through SQLite, not a file copy: the source's WAL may hold the last pages.
    reader = sqlite3.connect(source / DATABASE)
    writer = sqlite3.connect(target / DATABASE)
    reader.backup(writer)
    writer.close()
    reader.close()
    return target


def postgresql_url(database: str) -> str:
    """Return the URL of another database on the PostgreSQL server DATABASE_URL names."""
    return urlunsplit(urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{database}"))


def postgresql() -> Any:
    """Return an autocommit connection to the PostgreSQL server's maintenance database."""
    import psycopg

    return psycopg.connect(postgresql_url("postgres"), autocommit=True)


@contextmanager
def postgresql_database(prefix: str, template: str = "") -> Iterator[str]:
    """Yield the name of a new database on the suite's PostgreSQL server, dropped after.

    Copied from template when given: no process may be connected to the template meanwhile.
    """
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with postgresql() as connection:
        copied = f' TEMPLATE "{template}"' if template else ""
        connection.execute(f'CREATE DATABASE "{name}"{copied}')
    try:
        yield name
    finally:
        with postgresql() as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
