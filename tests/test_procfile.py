"""`make run` starts the whole app from the Procfile: each line a management command we ship."""

import os
import shlex
import subprocess
import sys
from pathlib import Path

from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent


def procfile() -> dict[str, list[str]]:
    lines = (ROOT / "Procfile").read_text().splitlines()
    entries = [line.split(":", 1) for line in lines if line.strip() and not line.startswith("#")]
    return {name.strip(): shlex.split(command) for name, command in entries}


def test_it_runs_the_server_and_a_task_worker():
    assert set(procfile()) == {"web", "worker"}


def test_each_process_is_a_management_command_of_the_project():
    commands = get_commands()
    for name, words in procfile().items():
        assert words[:2] == [".venv/bin/python", "manage.py"], name
        assert commands.get(words[2], "").startswith("nomentum"), (name, words[2])


def test_make_run_migrates_then_starts_the_procfile_under_honcho():
    recipe = subprocess.run(
        ["make", "-n", "run"],  # noqa: S607 (make from the PATH, as a newcomer runs it)
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    commands = [line for line in recipe if ".venv/bin/" in line and "pip" not in line]
    assert commands[-2:] == [
        ".venv/bin/python manage.py migrate --noinput",
        'exec .venv/bin/honcho start --port "${PORT:-8000}"',
    ]


def settings_value(name: str, **env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if k not in {"HOST", "PORT", "NOMENTUM_SITE_URL"}}
    code = f"from django.conf import settings; print(settings.{name})"
    return subprocess.run(  # noqa: S603 (our own settings, fixed code)
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "nomentum.settings", **env},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def test_email_links_follow_the_port_make_run_serves_on():
    assert settings_value("SITE_URL") == "http://127.0.0.1:8000"
    assert settings_value("SITE_URL", PORT="8731") == "http://127.0.0.1:8731"
    assert settings_value("SITE_URL", HOST="::1", PORT="9000") == "http://[::1]:9000"
    assert settings_value("SITE_URL", NOMENTUM_SITE_URL="https://n.example.org/") == (
        "https://n.example.org"
    )
