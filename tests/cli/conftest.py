"""Run `nomentum` as an operator would: a separate process on its own data dir.

The console script exists once the package is (re)installed, so the tests run
the same entry point as `python -m nomentum.cli`.
"""

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
PASSWORD = "a long enough passphrase 42"


def environment(data_dir: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ, NOMENTUM_DATA_DIR=str(data_dir))
    # Its own SQLite file whatever the caller's shell points at, unless a test says otherwise.
    for name in ("DATABASE_URL", "REDIS_URL", "NOMENTUM_ENV", "EMAIL_URL"):
        env.pop(name, None)
    return {**env, **extra}


def nomentum(
    data_dir: Path, *args: str, stdin: bytes | None = None, timeout: float = 120, **extra: str
) -> subprocess.CompletedProcess[str]:
    """Run `nomentum ARGS` on data_dir; return the finished process (text output)."""
    return subprocess.run(  # noqa: S603 (our own command, fixed arguments)
        [sys.executable, "-m", "nomentum.cli", *args],
        cwd=ROOT,
        env=environment(data_dir, **extra),
        input=stdin.decode() if stdin is not None else None,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, f"{result.args}:\n{result.stdout}{result.stderr}"
    return result.stdout


def refused(result: subprocess.CompletedProcess[str], code: int = 1) -> str:
    """Assert the command failed with one sentence on stderr and no traceback; return it.

    Code 2 is a usage error: a bad option, an unknown command.
    """
    shown = f"{result.args}:\n{result.stdout}{result.stderr}"
    assert result.returncode == code, shown
    assert "Traceback" not in result.stderr, shown
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, shown
    return lines[0]


def rows(database: Path, table: str) -> list[tuple]:
    with sqlite3.connect(database) as db:
        found = db.execute(f'SELECT * FROM "{table}" ORDER BY rowid').fetchall()  # noqa: S608
    db.close()
    return found


def tables(database: Path) -> list[str]:
    with sqlite3.connect(database) as db:
        found = [
            name
            for (name,) in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
    db.close()
    return found


@pytest.fixture(scope="session")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir with every migration applied, made once and copied per test."""
    data = tmp_path_factory.mktemp("migrated")
    ok(nomentum(data, "migrate", "--verbosity", "0"))
    return data


def copy_data_dir(source: Path, target: Path) -> Path:
    target.mkdir(parents=True)
    shutil.copyfile(source / "secret_key", target / "secret_key")
    # Through SQLite, not a file copy: the source's WAL may hold the last pages.
    reader = sqlite3.connect(source / "nomentum.sqlite3")
    writer = sqlite3.connect(target / "nomentum.sqlite3")
    reader.backup(writer)
    writer.close()
    reader.close()
    return target


@pytest.fixture
def data_dir(migrated: Path, tmp_path: Path) -> Path:
    return copy_data_dir(migrated, tmp_path / "data")
