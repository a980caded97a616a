"""In production, every route answers with the security headers, whoever asks and whatever
the status: pages, redirects, error pages, JSON and the admin; cookies are HTTPS-only."""

import ast
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from nomentum.accounts.models import User
from tests.conftest import PASSWORD, client_for

from .conftest import World

ROOT = Path(__file__).resolve().parents[2]
# Behind the proxy, as docs/OPERATIONS.md runs production: it says the visitor used HTTPS.
HTTPS = {"X-Forwarded-Proto": "https"}
ONE_YEAR = 365 * 24 * 3600

# Each URL parameter, as "<the path segment before it>/<its name>" or just its name, and the
# world value (tests/security/conftest.py) or literal text that fills it.
ARGUMENTS = {
    "asks/pk": "ask",
    "tokens/pk": "token",
    "groups/pk": "group",
    "challenges/pk": "challenge",
    "invites/invite_pk": "invite",
    "members/member_pk": "membership",
    "removals/removal_pk": "removal",
    "cheers/ask_pk": "answered_ask",
    "calendar/token": "calendar_token",
    "reset/uidb64": "reset_uid",
    "uidb64/token": "reset_token",
    "unsubscribe/token": "unsubscribe",
    "join/code": "invite_code",
    "history/year": "year",
    "ask_id": "ask",
    "group_id": "group",
    "challenge_id": "challenge",
    "code": "invite_code",
    "user_id": "member_user",
    # The admin's: an app, any object (the owner's user row), and its catch-all.
    "app_label": "=asks",
    "content_type_id": "user_type",
    "object_id": "owner",
    "user/id": "owner",
    "url": "=no-such-page",
}
# What the policy would refuse in a page: an inline script (a JSON data block is not one),
# a <style> element, a style or on... attribute, a javascript: link.
INLINE = re.compile(
    r"<script(?![^>]*\ssrc=)(?![^>]*type=\"application/json\")[^>]*>"
    r"|<style[\s>]|<[a-z][^>]*\s(?:style|on[a-z]+)=|javascript:",
    re.IGNORECASE,
)
PLACEHOLDER = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)")


def routes(patterns=None, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    """Yield every route of the URL configuration, as its full pattern text, with its pattern."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        text = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from routes(pattern.url_patterns, text)
        else:
            yield text, pattern


def example_path(route: str, values: dict[str, str]) -> str:
    """Return a path that the route matches, its parameters filled from the world."""

    def fill(match: re.Match) -> str:
        name = match[1] or match[2]
        before = PLACEHOLDER.sub(lambda m: m[1] or m[2], route[: match.start()])
        segment = before.rstrip("/^").rsplit("/", 1)[-1]
        key = ARGUMENTS.get(f"{segment}/{name}") or ARGUMENTS.get(name)
        if key is None:
            raise LookupError(f"{route}: add a value for {segment}/{name} to ARGUMENTS")
        return key[1:] if key.startswith("=") else values[key]

    path = PLACEHOLDER.sub(fill, route).replace("^", "").replace("$", "")
    # An unnamed catch-all (the API's unknown paths) takes any text.
    path = re.sub(r"\.[*+]", "no-such-path", path)
    return "/" + path


def every_path(values: dict[str, str]) -> list[str]:
    """Return one path per route; fail when a route cannot be filled or does not match."""
    paths: list[str] = []
    for route, pattern in routes():
        path = example_path(route, values)
        # Several API operations share a path (GET and POST /asks): one request serves them.
        if path in paths:
            continue
        assert resolve(path).func is pattern.callback, f"{path} does not reach {route}"
        paths.append(path)
    return paths


_SETTINGS = """
import json, nomentum.settings as s
print(json.dumps({name: repr(getattr(s, name)) for name in dir(s) if name.isupper()}))
"""


def _settings_module(environment: str, data_dir: Path) -> dict[str, str]:
    env = dict(os.environ, NOMENTUM_ENV=environment, NOMENTUM_DATA_DIR=str(data_dir))
    env.pop("NOMENTUM_SSL_REDIRECT", None)  # production as shipped: it redirects to HTTPS
    result = subprocess.run(  # noqa: S603 (our own settings module, fixed arguments)
        [sys.executable, "-c", _SETTINGS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    settings: dict[str, str] = json.loads(result.stdout.splitlines()[-1])
    return settings


@pytest.fixture(scope="session")
def production_settings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Return what nomentum/settings.py sets differently under NOMENTUM_ENV=production.

    Read from the settings module itself, loaded twice in fresh interpreters, rather than
    written out here: a header dropped from the production branch then fails these tests.
    (A server started in production mode would prove no more, and would need a database
    of its own and a log-in over HTTPS for every role.)
    """
    data_dir = tmp_path_factory.mktemp("settings")
    development = _settings_module("development", data_dir)
    production = _settings_module("production", data_dir)
    changed = {
        name: ast.literal_eval(value)
        for name, value in production.items()
        if development.get(name) != value
    }
    assert changed.get("PRODUCTION") is True, changed
    return changed


@pytest.fixture
def production(production_settings) -> Iterator[None]:
    # Clients made inside build their middleware (which reads these settings once) inside.
    with override_settings(**production_settings):
        yield


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for directive in filter(None, (part.strip() for part in header.split(";"))):
        name, *sources = directive.split()
        directives[name.lower()] = sources
    return directives


def header_problems(response: HttpResponseBase) -> list[str]:
    """Return what is missing or too weak in the response's security headers and cookies."""
    problems = []
    headers = response.headers
    hsts = headers.get("Strict-Transport-Security", "")
    max_age = re.search(r"max-age=(\d+)", hsts)
    if not max_age or int(max_age[1]) < ONE_YEAR or "includesubdomains" not in hsts.lower():
        problems.append(f"Strict-Transport-Security: {hsts!r}")

    csp = csp_directives(headers.get("Content-Security-Policy", ""))
    required = {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
    for name, sources in required.items():
        if csp.get(name) != sources:
            problems.append(f"Content-Security-Policy {name}: {csp.get(name)}, want {sources}")
    if "'unsafe-inline'" in csp.get("style-src", ["'unsafe-inline'"]):
        problems.append(f"Content-Security-Policy style-src: {csp.get('style-src')}")

    expected = {
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "X-Frame-Options": "DENY",
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    for name, value in expected.items():
        if headers.get(name) != value:
            problems.append(f"{name}: {headers.get(name)!r}, want {value!r}")
    if "camera=()" not in headers.get("Permissions-Policy", ""):
        problems.append(f"Permissions-Policy: {headers.get('Permissions-Policy')!r}")

    if isinstance(response, HttpResponse) and response["Content-Type"].startswith("text/html"):
        found = INLINE.search(response.content.decode())
        if found:
            problems.append(f"the policy refuses {found[0]!r} in the page")

    for name, cookie in response.cookies.items():
        # A cookie being deleted carries nothing worth protecting.
        if cookie["max-age"] == 0:
            continue
        if not (cookie["secure"] and cookie["httponly"]):
            problems.append(f"cookie {name} without Secure and HttpOnly")
        if name.endswith(("sessionid", "csrftoken")) and not name.startswith("__Host-"):
            problems.append(f"cookie {name} without the __Host- prefix")
    return problems


@pytest.fixture
def values(world: World) -> dict[str, str]:
    user_type = ContentType.objects.get_for_model(User)
    return {**world.values, "owner": str(world.users["owner"].pk), "user_type": str(user_type.pk)}


@pytest.mark.parametrize("who", ["anonymous", "owner", "admin"])
def test_every_route_answers_with_the_security_headers(production, world, values, who):
    if who == "admin":
        admin = User.objects.create_superuser("admin", "admin@example.com", PASSWORD)
        client = client_for(admin)
    else:
        client = client_for(world.users[who]) if who == "owner" else Client()
    paths = every_path(values)
    failures = []
    statuses: dict[int, int] = {}
    kinds: set[str] = set()
    cookies: set[str] = set()
    for path in paths:
        response = client.get(path, headers=HTTPS)
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        kinds.add(response.headers.get("Content-Type", "").split(";")[0])
        cookies.update(response.cookies)
        if response.status_code >= 500:
            failures.append(f"GET {path}: {response.status_code}")
        failures.extend(
            f"GET {path} ({response.status_code}): {p}" for p in header_problems(response)
        )
    assert not failures, f"{len(failures)} problems as {who}:\n" + "\n".join(failures)
    # What the walk covered, so that it cannot pass by requesting nothing.
    assert len(paths) > 150, paths
    assert {200, 302, 404, 405} <= statuses.keys(), statuses
    assert {"text/html", "application/json"} <= kinds, kinds
    if who == "anonymous":
        # The log-in form sets the CSRF cookie; a reset link keeps its token in the session.
        assert {"__Host-csrftoken", "__Host-sessionid"} <= cookies, cookies


def test_logging_in_sets_host_only_https_cookies(production, world):
    client = Client()
    client.get("/login", headers=HTTPS)
    response = client.post(
        "/login",
        {"username": "owner", "password": PASSWORD},
        headers={**HTTPS, "Referer": "https://testserver/login"},
    )
    assert response.status_code == 302, response.content
    session = response.cookies["__Host-sessionid"]
    assert (session["secure"], session["httponly"], session["path"]) == (True, True, "/")
    assert not session["domain"]
    assert header_problems(response) == []


def test_plain_http_is_sent_to_https(production):
    response = Client().get("/login")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/login"


def test_the_health_check_answers_over_plain_http_for_the_proxy(production, db):
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.parametrize("path", ["/", "/no-such-page", "/api/v1/me", "/admin/login/"])
def test_development_serves_the_same_content_security_policy(
    db, settings, production_settings, path
):
    assert settings.PRODUCTION is False
    response = Client().get(path)
    with override_settings(**production_settings):
        served = Client().get(path, headers=HTTPS)
    assert response["Content-Security-Policy"] == served["Content-Security-Policy"]
    assert response["Permissions-Policy"] == served["Permissions-Policy"]
