"""`nomentum serve` is the one way the server starts: `make run`, scripts/serve, the tests and
the benchmarks all go through it; it refuses a bad address before starting anything."""

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.cli.conftest import ROOT, environment, nomentum, refused
from tests.test_served import free_port

NOMENTUM = [sys.executable, "-m", "nomentum.cli"]


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--port", "http"),
        ("--port", "0"),
        ("--port", "-1"),
        ("--port", "70000"),
        ("--workers", "0"),
        ("--threads", "some"),
    ],
)
def test_it_refuses_a_bad_option(option, value, tmp_path):
    result = nomentum(tmp_path, "serve", "--no-collectstatic", option, value, timeout=30)
    sentence = refused(result, code=2)
    assert sentence.startswith(f"nomentum serve: error: argument {option}: {value!r} ")


def test_it_refuses_a_bad_port_from_the_environment(tmp_path):
    result = nomentum(tmp_path, "serve", "--no-collectstatic", PORT="80a", timeout=30)
    sentence = refused(result, code=2)
    assert "'80a'" in sentence and "PORT" in sentence


def test_it_refuses_a_port_that_is_taken(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = nomentum(tmp_path, "serve", "--no-collectstatic", "--port", str(port), timeout=30)
    sentence = refused(result)
    assert sentence.startswith("nomentum serve: ")
    assert f"127.0.0.1:{port}" in sentence


def wait_for_health(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text()
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as answer:  # noqa: S310
                if answer.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"no answer from {url}/healthz:\n{log.read_text()}")


def test_with_migrate_it_sets_up_a_new_data_dir_and_serves_it(tmp_path):
    data, port, log = tmp_path / "new", free_port(), tmp_path / "server.log"
    with log.open("w") as out:
        server = subprocess.Popen(  # noqa: S603 (our own command, fixed arguments)
            [*NOMENTUM, "serve", "--migrate", "--port", str(port), "--workers", "1"],
            cwd=ROOT,
            env=environment(data),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_for_health(f"http://127.0.0.1:{port}", server, log)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)
    assert f"Nomentum is running at http://127.0.0.1:{port}/" in log.read_text()
    assert (data / "static" / "staticfiles.json").exists()
    with sqlite3.connect(data / "nomentum.sqlite3") as db:
        names = {name for (name,) in db.execute("SELECT name FROM sqlite_master")}
    db.close()
    assert {"django_migrations", "nomentum_cache"} <= names


def test_the_server_command_line_is_written_once():
    places = [ROOT / "scripts" / "serve", ROOT / "Makefile", *ROOT.glob("nomentum/**/*.py")]
    assert [p.name for p in places if "--blocking-threads" in p.read_text()] == ["serve.py"]
