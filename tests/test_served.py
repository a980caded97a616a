"""The production server, as `make run` starts it, serves the API, pages and static files."""

import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.datadir import copy_data_dir

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PASSWORD = "a long enough passphrase 42"
START_TIMEOUT = 20.0


@dataclass
class Served:
    url: str
    log: Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env: dict[str, str], *args: str) -> None:
    result = subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
        [str(BIN / "python"), "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stdout}{result.stderr}"


@pytest.fixture(scope="module")
def served(migrated: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    # Its own SQLite file and cache table (copied from one migrated once) whatever the
    # caller's shell points at, and the defaults a newcomer gets from `make run`.
    data = copy_data_dir(migrated, tmp_path_factory.mktemp("served"))
    env = dict(os.environ, NOMENTUM_DATA_DIR=str(data))
    for name in ("DATABASE_URL", "REDIS_URL", "NOMENTUM_ENV", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")

    port = free_port()
    log = data / "server.log"
    with log.open("w") as out:
        server = subprocess.Popen(  # noqa: S603 (our own server, fixed arguments)
            [str(ROOT / "scripts" / "serve")],
            cwd=ROOT,
            env={**env, "HOST": "127.0.0.1", "PORT": str(port), "WEB_CONCURRENCY": "2"},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_healthy(url, server, log)
        yield Served(url, log)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def wait_until_healthy(url: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"the server exited with {server.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:  # refused, reset, or a first answer slower than 2 s: ask again
            pass
        time.sleep(0.1)
    pytest.fail(f"the server did not answer /healthz in {START_TIMEOUT:.0f} s:\n{log.read_text()}")


def call(
    served: Served, method: str, path: str, body: Any = None, token: str = ""
) -> tuple[int, Any]:
    """Send a JSON request; return the status and the decoded body (None when empty)."""
    headers = {"Accept": "application/json"}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(served.url + path, data, headers, method=method)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, raw = error.code, error.read()
    return status, json.loads(raw) if raw else None


def this_week(home: str) -> dict[str, int]:
    """Return the counts on the home page's "This week" card, read from their data-count cells."""
    card = re.search(r"<article[^>]*>\s*<h2[^>]*>This week.*?</article>", home, re.S)
    assert card, "no 'This week' card on the home page"
    return {
        name: int(value)
        for name, value in re.findall(r'data-count="(\w+)">\s*(\d+)\s*<', card.group(0))
    }


def test_the_api_counts_what_a_client_logs(served: Served):
    status, body = call(
        served,
        "POST",
        "/api/v1/auth/signup",
        {"username": "kit", "email": "kit@example.com", "password": PASSWORD},
    )
    assert status == 201, body
    assert body["username"] == "kit"

    status, body = call(
        served, "POST", "/api/v1/auth/tokens", {"username": "kit", "password": PASSWORD}
    )
    assert status == 201, body
    token = body["token"]

    ids = []
    for title, recipient in [
        ("Pitch: night trains essay", "The Atlantic"),
        ("Pitch: ferry crossings", "Wired"),
        ("Grant: travel writing", "Arts Council"),
    ]:
        status, body = call(
            served, "POST", "/api/v1/asks", {"title": title, "recipient": recipient}, token
        )
        assert status == 201, body
        assert body["outcome"] == "pending"
        ids.append(body["id"])

    status, body = call(served, "PATCH", f"/api/v1/asks/{ids[0]}", {"outcome": "no"}, token)
    assert (status, body["outcome"]) == (200, "no"), body
    assert body["decided_on"] == body["asked_on"]
    status, body = call(served, "PATCH", f"/api/v1/asks/{ids[1]}", {"outcome": "yes"}, token)
    assert (status, body["outcome"]) == (200, "yes"), body

    status, body = call(served, "GET", "/api/v1/asks", token=token)
    assert status == 200, body
    assert body["count"] == 3
    assert {item["id"]: item["outcome"] for item in body["items"]} == {
        ids[0]: "no",
        ids[1]: "yes",
        ids[2]: "pending",
    }
    status, body = call(served, "GET", "/api/v1/asks?outcome=no", token=token)
    assert (body["count"], [item["id"] for item in body["items"]]) == (1, [ids[0]])

    status, body = call(served, "GET", "/api/v1/asks")
    assert status == 401, body
    assert "detail" in body


def test_the_home_page_counts_them_and_static_files_are_cached(served: Served):
    signup = {"username": "lou", "email": "lou@example.com", "password": PASSWORD}
    assert call(served, "POST", "/api/v1/auth/signup", signup)[0] == 201
    credentials = {"username": "lou", "password": PASSWORD}
    token = call(served, "POST", "/api/v1/auth/tokens", credentials)[1]["token"]
    for title, outcome in [("Pitch: one", "no"), ("Pitch: two", "yes"), ("Pitch: three", "")]:
        ask = call(served, "POST", "/api/v1/asks", {"title": title}, token)[1]
        if outcome:
            call(served, "PATCH", f"/api/v1/asks/{ask['id']}", {"outcome": outcome}, token)

    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with browser.open(f"{served.url}/login", timeout=10) as response:
        login_page = response.read().decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page)
    assert csrf, "no CSRF token in the login form"
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": csrf.group(1), "username": "lou", "password": PASSWORD, "next": ""}
    ).encode()
    # A successful log-in redirects to the home page, which the opener follows.
    with browser.open(f"{served.url}/login", form, timeout=10) as response:
        assert response.url == f"{served.url}/"
        home = response.read().decode()

    assert this_week(home) == {"rejections": 1, "asks": 3, "yeses": 1}
    assert "Pitch: three" in home  # still waiting for an answer

    stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)"', home)
    assert stylesheet, "no stylesheet on the home page"
    # collectstatic's manifest gives each file a content hash in its name...
    assert re.fullmatch(r"/static/nomentum/app\.[0-9a-f]{12}\.css", stylesheet.group(1))
    with urllib.request.urlopen(served.url + stylesheet.group(1), timeout=10) as response:  # noqa: S310
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/css")
        cache = response.headers["Cache-Control"]
        css = response.read().decode()
    # ...so WhiteNoise can tell browsers to keep it for good.
    max_age = re.search(r"max-age=(\d+)", cache)
    assert max_age and int(max_age.group(1)) >= 365 * 24 * 3600, cache
    assert "immutable" in cache, cache
    assert ".tally" in css
