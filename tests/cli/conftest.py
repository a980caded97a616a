"""Run `nomentum` as an operator would: a separate process on its own data dir.

The console script exists once the package is (re)installed, so the tests run
the same entry point as `python -m nomentum.cli`, each command in a process of its own.
"""

import atexit
import json
import os
import select
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest

from tests.datadir import ELSEWHERE, copy_data_dir, made_once

ROOT = Path(__file__).resolve().parent.parent.parent
PASSWORD = "a long enough passphrase 42"
WAIT = 30  # seconds: the bound on the launcher's answers


def environment(data_dir: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ, NOMENTUM_DATA_DIR=str(data_dir))
    # Its own SQLite file whatever the caller's shell points at, unless a test says otherwise.
    for name in ELSEWHERE:
        env.pop(name, None)
    return {**env, **extra}


class Launcher:
    """One warm `tests.cli.launcher` process per test process, started on first use."""

    def __init__(self) -> None:
        self.process: subprocess.Popen[str] | None = None
        self.lock = threading.Lock()

    def start(self) -> subprocess.Popen[str]:
        if self.process is None or self.process.poll() is not None:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "tests.cli.launcher"],
                cwd=ROOT,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            atexit.register(self.process.kill)
        return self.process

    def answer(self, process: subprocess.Popen[str], timeout: float) -> dict:
        assert process.stdout is not None
        ready, _, _ = select.select([process.stdout], [], [], timeout)
        if not ready:
            raise TimeoutError
        line = process.stdout.readline()
        assert line, "the launcher died"
        return json.loads(line)

    def run(self, args: list[str], env: dict[str, str], stdin: str, timeout: float) -> tuple:
        """Run `nomentum ARGS`; return (exit code, stdout, stderr)."""
        with self.lock, tempfile.TemporaryDirectory() as files:
            paths = {name: Path(files, name) for name in ("stdin", "out", "err")}
            paths["stdin"].write_text(stdin)
            for name in ("out", "err"):
                paths[name].touch()
            process = self.start()
            request = {"args": args, "env": env, "cwd": str(ROOT)}
            request.update({name: str(path) for name, path in paths.items()})
            assert process.stdin is not None
            print(json.dumps(request), file=process.stdin, flush=True)
            pid = self.answer(process, WAIT)["pid"]
            try:
                code = self.answer(process, timeout)["code"]
            except TimeoutError:
                os.kill(pid, signal.SIGKILL)
                self.answer(process, WAIT)
                raise subprocess.TimeoutExpired(["nomentum", *args], timeout) from None
            return code, paths["out"].read_text(), paths["err"].read_text()


LAUNCHER = Launcher()


def nomentum(
    data_dir: Path, *args: str, stdin: bytes | None = None, timeout: float = 120, **extra: str
) -> subprocess.CompletedProcess[str]:
    """Run `nomentum ARGS` on data_dir; return the finished process (text output).

    The command runs in a process of its own, forked from a warm interpreter (launcher.py);
    fresh_nomentum() starts a new interpreter, as an operator's shell does.
    """
    text = stdin.decode() if stdin is not None else ""
    code, out, err = LAUNCHER.run(list(args), environment(data_dir, **extra), text, timeout)
    return subprocess.CompletedProcess(["nomentum", *args], code, out, err)


def fresh_nomentum(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `python -m nomentum.cli ARGS` in a new interpreter on data_dir."""
    return subprocess.run(  # noqa: S603 (our own command, fixed arguments)
        [sys.executable, "-m", "nomentum.cli", *args],
        cwd=ROOT,
        env=environment(data_dir),
        capture_output=True,
        text=True,
        timeout=120,
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
def with_writer(migrated: Path, tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """A migrated data dir with the user "writer", made once per run: copy it (copy_data_dir)."""

    def make(data: Path) -> None:
        copy_data_dir(migrated, data)
        user = ("--noinput", "--username", "writer", "--email", "w@example.com")
        ok(nomentum(data, "createsuperuser", *user, DJANGO_SUPERUSER_PASSWORD=PASSWORD))

    return made_once(tmp_path_factory, worker_id, "with-writer", make)


@pytest.fixture
def data_dir(migrated: Path, tmp_path: Path) -> Path:
    return copy_data_dir(migrated, tmp_path / "data")
