"""DEBUG=1 never runs in production: the settings refuse to load, and say why, naming both
variables, before any server, worker or command starts."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(tmp_path: Path, *args: str, **variables: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, NOMENTUM_DATA_DIR=str(tmp_path), **variables)
    env.pop("DATABASE_URL", None)
    return subprocess.run(  # noqa: S603 (our own interpreter, fixed arguments)
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_settings_refuse_debug_in_production(tmp_path):
    result = run(
        tmp_path, "-c", "import nomentum.settings", NOMENTUM_ENV="production", DEBUG="1"
    )
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("nomentum.env.ConfigError: ")
    assert "DEBUG=1" in last and "NOMENTUM_ENV=production" in last


def test_nomentum_refuses_it_in_one_sentence(tmp_path):
    result = run(tmp_path, "-m", "nomentum.cli", "check", NOMENTUM_ENV="production", DEBUG="yes")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    [sentence] = result.stderr.strip().splitlines()
    assert "DEBUG" in sentence and "NOMENTUM_ENV=production" in sentence


def test_debug_still_runs_in_development(tmp_path):
    result = run(
        tmp_path,
        "-c",
        "import nomentum.settings as s; print(s.DEBUG)",
        NOMENTUM_ENV="development",
        DEBUG="1",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"
