"""Every URL pattern and every API operation, walked by five roles, gives the status its row
in the table below says; a refused request changes nothing, and a route without a row fails.

Roles: anonymous, the owner (of the asks, tokens, calendar feed and a personal challenge; a
plain member of the group too), a plain member and the organizer of the group, and an outsider
who shares nothing (tests/security/conftest.py builds their world). Each request runs in a
savepoint that is rolled back, so every row starts from the same world.

Codes: an HTTP status, or `login` (302 to the log-in page) or `admin` (302 to the admin's).
Pages are keyed by route name, API operations by method and path as in the OpenAPI schema.
Two rules cover the rest: every admin route but its log-in and log-out sends everyone in the
world (nobody is staff) to the admin's log-in; and no static, media or debug route is routed
by Django at all (WhiteNoise serves static files before the URLconf).
"""

import copy
import functools
import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.http.response import HttpResponseBase
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from nomentum.accounts.models import User
from nomentum.api.api import api
from nomentum.asks.models import Ask
from nomentum.challenges.models import Challenge, Group, Invite, Membership, Removal
from tests.conftest import GROUP_NOW, PASSWORD
from tests.security.conftest import ROLES, WALK_PROPERTY, World

CODES = {"200", "201", "204", "302", "400", "401", "403", "404", "405", "409", "410", "422"}
CODES |= {"login", "admin"}
# Answers that refuse: the request must have changed nothing.
REFUSALS = {"login", "admin", "400", "401", "403", "404", "405", "409", "410", "422"}

Body = Mapping[str, Any] | Callable[[World, str], Mapping[str, Any]] | None


@dataclass(frozen=True)
class Case:
    """One request, and the code each role gets for it, in ROLES order."""

    method: str
    expect: tuple[str, ...]
    # URL parameter -> the name of a value in World.values.
    args: Mapping[str, str] = field(default_factory=dict)
    body: Body = None
    query: str = ""  # formatted with World.values
    label: str = ""
    url: str = ""  # for a pattern without a name
    multipart: bool = False  # an API body sent as a form, with files


def _case(method: str, expect: str, **options: Any) -> Case:
    codes = tuple(expect.split())
    assert len(codes) == len(ROLES) and set(codes) <= CODES, expect
    return Case(method, codes, **options)


def get(expect: str, **options: Any) -> Case:
    return _case("GET", expect, **options)


def post(expect: str, **options: Any) -> Case:
    return _case("POST", expect, **options)


def op(expect: str, **options: Any) -> Case:
    """An API operation's case: the method is the table key's."""
    return _case("", expect, **options)


def csv_file() -> SimpleUploadedFile:
    return SimpleUploadedFile("asks.csv", b"title,asked_on\nA pitch,2026-11-02\n", "text/csv")


def _profile(world: World, role: str) -> dict[str, Any]:
    """The profile form as its owner would send it back (anonymous never gets that far)."""
    if role == "anonymous":
        return {}
    user = world.users[role]
    return {"email": user.email, "timezone": user.timezone, "silence_days": 30, "hour": 8}


GROUP = {"pk": "group"}
CHALLENGE = {"pk": "challenge"}
PERSONAL = {"pk": "personal_challenge"}
THEIR_INVITE = {"pk": "group", "invite_pk": "their_invite"}
THEIR_MEMBER = {"pk": "group", "member_pk": "their_membership"}
NEW_CHALLENGE = {
    "name": "December of NO",
    "starts_on": "2026-12-01",
    "ends_on": "2026-12-31",
    "points_per_rejection": 10,
    "points_per_yes": 1,
}
EDITED_CHALLENGE = {**NEW_CHALLENGE, "name": "Renamed", "starts_on": "2026-11-01"}

# Pages: route name -> cases. Columns: anonymous, owner, member, organizer, outsider.
PAGES: dict[str, list[Case]] = {
    "home": [get("200 200 200 200 200")],
    "healthz": [get("200 200 200 200 200")],
    "security_txt": [get("200 200 200 200 200")],
    # Onboarding ends once a person has an ask: the organizer and the outsider have none.
    "welcome": [
        get("login 302 302 200 200"),
        post("login 302 302 302 302", body={"kind": "pitch"}),
    ],
    "welcome_goal": [
        get("login 302 302 200 200"),
        post("login 302 302 302 302", body={"name": "My November", "rejections_total": 12}),
    ],
    "welcome_ask": [
        get("login 302 302 200 200"),
        post("login 302 302 302 302", body={"title": "A first pitch"}),
    ],
    # No demo is loaded in this world: the page says so, to anyone, with a 404.
    "demo": [get("404 404 404 404 404")],
    "login": [get("200 302 302 302 302")],
    "logout": [post("302 302 302 302 302")],
    "asks:list": [get("login 200 200 200 200")],
    "asks:new": [
        get("login 200 200 200 200"),
        post(
            "login 302 302 302 302",
            body={"title": "A pitch", "asked_on": "2026-11-11", "outcome": "pending"},
        ),
    ],
    "asks:categories": [
        get("login 200 200 200 200"),
        post("login 302 302 302 302", body={"name": "Residencies"}),
    ],
    "asks:category_windows": [post("login 302 302 302 302", body={})],
    "asks:overdue": [get("login 200 200 200 200")],
    "asks:recipients": [get("login 200 200 200 200")],
    "asks:import": [
        get("login 200 200 200 200"),
        # A preview: nothing is written until the next step.
        post("login 200 200 200 200", body=lambda world, role: {"file": csv_file()}),
    ],
    "asks:import_confirm": [
        post(
            "login 302 302 302 302",
            body=lambda world, role: {
                "file": csv_file(),
                "column_0": "title",
                "column_1": "asked_on",
                "skip_duplicates": "on",
                "action": "import",
            },
        )
    ],
    "asks:export_csv": [get("login 200 200 200 200")],
    "asks:export_json": [get("login 200 200 200 200")],
    "asks:edit": [
        get("login 200 404 404 404", args={"pk": "ask"}),
        post(
            "login 302 404 404 404",
            args={"pk": "ask"},
            body={"title": "Renamed", "asked_on": "2026-09-01", "outcome": "pending"},
        ),
    ],
    "asks:delete": [
        get("login 200 404 404 404", args={"pk": "ask"}),
        post("login 302 404 404 404", args={"pk": "ask"}),
    ],
    "asks:outcome": [post("login 302 404 404 404", args={"pk": "ask"}, body={"answer": "no"})],
    "asks:no_response": [post("login 302 404 404 404", args={"pk": "ask"})],
    "asks:snooze": [post("login 302 404 404 404", args={"pk": "ask"}, body={"days": "7"})],
    "accounts:signup": [
        get("200 302 302 302 302"),
        post(
            "302 302 302 302 302",
            body={"username": "newcomer", "email": "new@example.com", "password1": PASSWORD},
        ),
    ],
    "accounts:profile": [
        get("login 200 200 200 200"),
        post("login 302 302 302 302", body=_profile),
    ],
    "accounts:tokens": [
        get("login 200 200 200 200"),
        post("login 200 200 200 200", body={"name": "laptop"}),
    ],
    "accounts:token_revoke": [post("login 302 404 404 404", args={"pk": "token"})],
    "accounts:export": [get("login 200 200 200 200")],
    "accounts:delete": [
        get("login 200 200 200 200"),
        # Each signed-in person deletes their own account, never anyone else's.
        post("login 302 302 302 302", body={"password": PASSWORD}),
    ],
    "accounts:calendar_new": [post("login 200 200 200 200")],
    "accounts:calendar_off": [post("login 302 302 302 302")],
    # The feed's address is its credential (calendar apps cannot log in): whoever holds it reads.
    "accounts:calendar_feed": [
        get("200 200 200 200 200", args={"token": "calendar_token"}),
        get("404 404 404 404 404", label="a wrong token", url="/accounts/calendar/wrong.ics"),
    ],
    "accounts:password_change": [
        get("login 200 200 200 200"),
        post(
            "login 302 302 302 302",
            body={
                "old_password": PASSWORD,
                "new_password1": "another long passphrase 43",
                "new_password2": "another long passphrase 43",
            },
        ),
    ],
    "accounts:password_change_done": [get("login 200 200 200 200")],
    "accounts:password_reset": [
        get("200 200 200 200 200"),
        post("302 302 302 302 302", body={"email": "owner@example.com"}),
    ],
    "accounts:password_reset_done": [get("200 200 200 200 200")],
    # The emailed link is the credential: it moves the token into the session and on.
    "accounts:password_reset_confirm": [
        get("302 302 302 302 302", args={"uidb64": "reset_uid", "token": "reset_token"})
    ],
    "accounts:password_reset_complete": [get("200 200 200 200 200")],
    "challenges:groups": [
        get("login 200 200 200 200"),
        post("login 302 302 302 302", body={"name": "Walkers", "description": ""}),
    ],
    "challenges:group": [
        get("login 200 200 200 404", args=GROUP),
        get("login 404 404 404 200", args={"pk": "their_group"}, label="the outsider's"),
    ],
    "challenges:membership": [
        post("login 302 302 302 404", args=GROUP, body={"sharing": "counts"})
    ],
    # The only organizer may not leave (a message, nothing changes) until they hand over.
    "challenges:leave": [
        get("login 200 200 200 404", args=GROUP),
        post("login 302 302 302 404", args=GROUP),
    ],
    "challenges:invite_create": [post("login 403 403 302 404", args=GROUP, body={"days": "7"})],
    # An id from another group, tried through this group's address, is not found.
    "challenges:invite_revoke": [
        post("login 403 403 302 404", args={"pk": "group", "invite_pk": "invite"}),
        post("login 403 403 404 404", args=THEIR_INVITE, label="another group's"),
    ],
    "challenges:member_remove": [
        post("login 403 403 302 404", args={"pk": "group", "member_pk": "membership"}),
        post("login 403 403 404 404", args=THEIR_MEMBER, label="another group's"),
    ],
    "challenges:member_hand_over": [
        post("login 403 403 302 404", args={"pk": "group", "member_pk": "membership"}),
        post("login 403 403 404 404", args=THEIR_MEMBER, label="another group's"),
    ],
    "challenges:removal_let_back_in": [
        post("login 403 403 302 404", args={"pk": "group", "removal_pk": "removal"}),
        post(
            "login 403 403 404 404",
            args={"pk": "group", "removal_pk": "their_removal"},
            label="another group's",
        ),
    ],
    "challenges:challenge_new": [
        get("login 403 403 200 404", args=GROUP),
        post("login 403 403 302 404", args=GROUP, body=NEW_CHALLENGE),
    ],
    # An invite link is meant to be opened by anyone; joining twice is a conflict.
    "challenges:join": [
        get("200 200 200 200 200", args={"code": "invite_code"}),
        post("login 409 409 409 302", args={"code": "invite_code"}),
    ],
    "challenges:challenges": [
        get("login 200 200 200 200"),
        post(
            "login 302 302 302 302",
            body={"name": "Mine", "starts_on": "2026-11-11", "ends_on": "2026-12-08"},
        ),
    ],
    "challenges:challenge": [
        get("login 200 200 200 404", args=CHALLENGE),
        get("login 200 404 404 404", args=PERSONAL, label="personal"),
    ],
    "challenges:challenge_edit": [
        get("login 403 403 200 404", args=CHALLENGE),
        post("login 403 403 302 404", args=CHALLENGE, body=EDITED_CHALLENGE),
        get("login 200 404 404 404", args=PERSONAL, label="personal"),
        post("login 302 404 404 404", args=PERSONAL, body=EDITED_CHALLENGE, label="personal"),
    ],
    "challenges:challenge_end": [
        post("login 403 403 302 404", args=CHALLENGE),
        post("login 302 404 404 404", args=PERSONAL, label="personal"),
    ],
    "challenges:goal": [
        post("login 302 302 302 404", args=CHALLENGE, body={"rejections_per_week": 4}),
        post(
            "login 302 404 404 404",
            args=PERSONAL,
            body={"rejections_per_week": 4},
            label="personal",
        ),
    ],
    "challenges:checkin": [
        post("login 302 302 302 404", args=CHALLENGE, body={"week": 2, "note": "Two no's."}),
        post(
            "login 302 404 404 404",
            args=PERSONAL,
            body={"week": 2, "note": "Two no's."},
            label="personal",
        ),
    ],
    # The owner's answered ask: the member cheered it already (a second tap takes it back).
    "challenges:cheer": [
        post("login 404 302 302 404", args={"ask_pk": "answered_ask"}),
        post("login 404 404 404 404", args={"ask_pk": "private_ask"}, label="private"),
    ],
    "insights:stats": [
        get("login 200 200 200 200"),
        get("login 200 404 404 404", query="challenge={personal_challenge}", label="personal"),
        get("login 200 200 200 404", query="challenge={challenge}", label="group's"),
    ],
    "history:index": [get("login 302 302 302 302")],
    "history:compare": [
        get("login 200 200 200 200"),
        get(
            "login 200 404 404 404",
            query="a={personal_challenge}&b={challenge}",
            label="personal",
        ),
    ],
    "history:group_recipients": [get("login 200 200 200 404", args=GROUP)],
    "history:year": [get("login 200 200 200 200", args={"year": "year"})],
    # The signed link is the credential, and can only switch one kind of email off.
    "notify:unsubscribe": [
        get("200 200 200 200 200", args={"token": "unsubscribe"}),
        post("200 200 200 200 200", args={"token": "unsubscribe"}),
        get("400 400 400 400 400", label="a forged token", url="/notify/unsubscribe/forged"),
    ],
    "api:openapi-json": [get("200 200 200 200 200")],
    "api:openapi-view": [get("200 200 200 200 200")],
    "api:api-root": [get("404 404 404 404 404")],
    "api/v1/^.+$": [get("404 404 404 404 404", url="/api/v1/nowhere")],
}

# The admin's own log-in and log-out; every other admin route follows ADMIN_RULE.
ADMIN_PAGES: dict[str, list[Case]] = {
    "admin:login": [get("200 200 200 200 200")],
    "admin:logout": [post("302 302 302 302 302")],
    "admin:index": [get("admin admin admin admin admin")],
}
# Nobody in the world is staff: every admin page sends every role to the admin's log-in.
ADMIN_RULE = get("admin admin admin admin admin")

EVERYONE = "201 201 201 201 201"
SIGNED_IN = "401 200 200 200 200"
OWNER = "401 200 404 404 404"
IN_GROUP = "401 200 200 200 404"
ORGANIZER = "401 403 403 200 404"
ON_PERSONAL = {"challenge_id": "personal_challenge"}

# API operations: "METHOD /path" (under /api/v1) -> cases.
API: dict[str, list[Case]] = {
    "POST /auth/signup": [
        op(
            EVERYONE,
            body={"username": "newcomer", "email": "new@example.com", "password": PASSWORD},
        )
    ],
    "POST /auth/tokens": [op(EVERYONE, body={"username": "owner", "password": PASSWORD})],
    "GET /me": [op(SIGNED_IN)],
    "GET /asks": [op(SIGNED_IN)],
    "POST /asks": [op("401 201 201 201 201", body={"title": "A pitch"})],
    "GET /asks/{ask_id}": [op(OWNER)],
    "PATCH /asks/{ask_id}": [op(OWNER, body={"notes": "Followed up."})],
    "DELETE /asks/{ask_id}": [op("401 204 404 404 404")],
    "GET /asks/overdue": [op(SIGNED_IN)],
    "POST /asks/{ask_id}/no-response": [op(OWNER)],
    "POST /asks/{ask_id}/snooze": [op(OWNER, body={"days": 7})],
    "GET /asks/recipients": [op(SIGNED_IN)],
    "GET /groups": [op(SIGNED_IN)],
    "POST /groups": [op("401 201 201 201 201", body={"name": "Walkers"})],
    "GET /groups/{group_id}": [
        op(IN_GROUP),
        op("401 404 404 404 200", args={"group_id": "their_group"}, label="the outsider's"),
    ],
    "POST /groups/{group_id}/invites": [op("401 403 403 201 404", body={"days": 7})],
    "GET /groups/{group_id}/invites": [op(ORGANIZER)],
    "DELETE /groups/{group_id}/invites/{code}": [
        op("401 403 403 204 404"),
        op("401 403 403 404 404", args={"code": "their_invite_code"}, label="another group's"),
    ],
    "POST /invites/{code}/accept": [op("401 409 409 409 200")],
    "GET /groups/{group_id}/challenges": [op(IN_GROUP)],
    "POST /groups/{group_id}/challenges": [op("401 403 403 201 404", body=NEW_CHALLENGE)],
    "GET /groups/{group_id}/membership": [op(IN_GROUP)],
    "PATCH /groups/{group_id}/membership": [op(IN_GROUP, body={"sharing": "counts"})],
    # The only organizer is refused (400) until they hand the role over.
    "DELETE /groups/{group_id}/membership": [op("401 200 200 400 404")],
    "DELETE /groups/{group_id}/members/{user_id}": [
        op("401 403 403 204 404"),
        op("401 403 403 404 404", args={"user_id": "outsider_user"}, label="not in the group"),
    ],
    "GET /groups/{group_id}/removals": [op(ORGANIZER)],
    "DELETE /groups/{group_id}/removals/{user_id}": [
        op("401 403 403 204 404", args={"user_id": "removed_user"}),
        op("401 403 403 404 404", label="not removed"),
        op(
            "401 403 403 404 404",
            args={"user_id": "their_removed_user"},
            label="another group's",
        ),
    ],
    "POST /groups/{group_id}/organizer": [
        op(ORGANIZER, body=lambda world, role: {"user_id": int(world.values["member_user"])}),
        op(
            "401 403 403 422 404",
            body=lambda world, role: {"user_id": int(world.values["outsider_user"])},
            label="not in the group",
        ),
    ],
    "GET /challenges": [op(SIGNED_IN)],
    "POST /challenges": [
        op(
            "401 201 201 201 201",
            body={"name": "Mine", "starts_on": "2026-11-11", "ends_on": "2026-12-08"},
        )
    ],
    "GET /challenges/{challenge_id}": [
        op(IN_GROUP),
        op(OWNER, args=ON_PERSONAL, label="personal"),
    ],
    "PATCH /challenges/{challenge_id}": [
        op(ORGANIZER, body={"name": "Renamed"}),
        op(OWNER, args=ON_PERSONAL, body={"name": "Renamed"}, label="personal"),
    ],
    "POST /challenges/{challenge_id}/end": [
        op(ORGANIZER),
        op(OWNER, args=ON_PERSONAL, label="personal"),
    ],
    "GET /challenges/{challenge_id}/goal": [
        op(IN_GROUP),
        op(OWNER, args=ON_PERSONAL, label="personal"),
    ],
    "PUT /challenges/{challenge_id}/goal": [
        op(IN_GROUP, body={"rejections_per_week": 4}),
        op(OWNER, args=ON_PERSONAL, body={"rejections_per_week": 4}, label="personal"),
    ],
    "GET /challenges/{challenge_id}/board": [
        op(IN_GROUP),
        op(OWNER, args=ON_PERSONAL, label="personal"),
    ],
    "POST /challenges/{challenge_id}/checkins": [
        op("401 201 201 201 404", body={"week": 2, "note": "Two no's."}),
        op(
            "401 201 404 404 404",
            args=ON_PERSONAL,
            body={"week": 2, "note": "Two."},
            label="personal",
        ),
    ],
    "GET /challenges/{challenge_id}/checkins": [
        op(IN_GROUP),
        op(OWNER, args=ON_PERSONAL, label="personal"),
    ],
    "GET /groups/{group_id}/feed": [op(IN_GROUP)],
    # The owner's answered ask: the member cheered it already, the organizer not yet.
    "POST /asks/{ask_id}/cheer": [
        op("401 404 200 201 404", args={"ask_id": "answered_ask"}),
        op("401 404 404 404 404", args={"ask_id": "private_ask"}, label="private"),
    ],
    "DELETE /asks/{ask_id}/cheer": [op("401 404 200 200 404", args={"ask_id": "answered_ask"})],
    "GET /stats": [
        op(SIGNED_IN),
        op(OWNER, query="challenge={personal_challenge}", label="personal"),
        op(IN_GROUP, query="challenge={challenge}", label="group's"),
    ],
    "GET /forecast": [op(SIGNED_IN)],
    "GET /export": [op(SIGNED_IN)],
    "POST /import": [
        op(SIGNED_IN, body=lambda world, role: {"file": csv_file()}, multipart=True),
    ],
}
# What fills an API path's parameters unless a case says otherwise.
API_ARGS = {
    "ask_id": "ask",
    "group_id": "group",
    "code": "invite_code",
    "user_id": "member_user",
    "challenge_id": "challenge",
}


# The URL patterns --------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    key: str  # "namespace:name", or the whole route for a pattern without a name
    namespace: str
    route: str  # the whole route, as Django writes it


def routes() -> Iterator[Route]:
    """Yield every URL pattern, includes and namespaces followed."""

    def walk(patterns: list, prefix: str, namespace: str) -> Iterator[Route]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            else:
                route = prefix + str(pattern.pattern)
                key = f"{namespace}{pattern.name}" if pattern.name else route
                yield Route(key, namespace.rstrip(":"), route)

    yield from walk(get_resolver().url_patterns, "", "")


def _as_openapi(route: str) -> str:
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


def _api_prefix() -> str:
    return reverse("api:api-root").rstrip("/")


@functools.cache
def _schema_paths() -> dict[str, dict]:
    # Building the schema takes most of a second: once per run is enough.
    return api.get_openapi_schema()["paths"]


def operations() -> list[str]:
    """Return every API operation in the OpenAPI schema, as "METHOD /path" under the prefix."""
    prefix = _api_prefix()
    return [
        f"{method.upper()} {path.removeprefix(prefix)}"
        for path, methods in _schema_paths().items()
        for method in methods
    ]


def kind_of(route: Route, api_paths: set[str]) -> str:
    """Return which table answers for the route: page, api, admin or static."""
    if route.namespace == "admin":
        return "admin"
    if route.namespace == "api" and _as_openapi(route.route) in api_paths:
        return "api"
    served = [settings.STATIC_URL, settings.MEDIA_URL, "__debug__"]
    prefixes = [f"{prefix.strip('/')}/" for prefix in served if prefix and prefix.strip("/")]
    if route.namespace == "djdt" or route.route.startswith(tuple(prefixes)):
        return "static"
    return "page"


def _api_paths() -> set[str]:
    return set(_schema_paths())


def _fill(route: str, values: Mapping[str, str]) -> str:
    """Return the path of a route with its parameters filled in, for a pattern without a name."""
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m.group(1)], route)
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: values[m.group(1)], path)
    return "/" + path.replace("^", "").replace("$", "")


# Walking -------------------------------------------------------------------------------

WATCHED_APPS = ("accounts", "asks", "challenges", "notify", "django_tasks_database")
# Written by signing in and by using a token (at most once a minute), not by what is asked.
UNWATCHED = {"last_login", "last_used_at"}


@functools.cache
def _snapshot_queries() -> list[str]:
    queries = []
    for config in apps.get_app_configs():
        if config.label not in WATCHED_APPS:
            continue
        for model in config.get_models(include_auto_created=True):
            quote = connection.ops.quote_name
            columns = ", ".join(
                quote(f.column) for f in model._meta.concrete_fields if f.attname not in UNWATCHED
            )
            pk = quote(model._meta.pk.column)
            table = quote(model._meta.db_table)
            # Names from the models' own metadata, quoted: no outside text reaches the SQL.
            queries.append(f"SELECT {columns} FROM {table} ORDER BY {pk}")  # noqa: S608
    return queries


def snapshot() -> list[list[tuple]]:
    """Return every row the app keeps (but sessions and throttling), to compare after a request."""
    # Plain SQL: the walk takes a few hundred of these, and the ORM would take most of its time.
    with connection.cursor() as cursor:
        rows = []
        for query in _snapshot_queries():
            cursor.execute(query)
            rows.append(cursor.fetchall())
    return rows


def code_of(response: HttpResponseBase) -> str:
    if response.status_code in (301, 302, 303, 307, 308):
        path = urlsplit(response["Location"]).path
        # login_required's refusal names the page to come back to; a plain redirect does not.
        if path == resolve_url(settings.LOGIN_URL) and "next=" in response["Location"]:
            return "login"
        if path == reverse("admin:login"):
            return "admin"
    return str(response.status_code)


def _has_detail(content: bytes) -> bool:
    try:
        body = json.loads(content)
    except ValueError:
        return False
    return isinstance(body, dict) and isinstance(body.get("detail"), str)


@dataclass
class Cell:
    row: str
    seen: str
    expected: str
    changed: bool
    detail: str = ""
    # An API refusal answers {"detail": "a sentence"}, like every API error.
    shaped: bool = True

    @property
    def wrong(self) -> bool:
        return self.seen != self.expected or self.changed or not self.shaped


class Walker:
    """One role's requests: a page client (the session) and an API client (a bearer token)."""

    def __init__(self, world: World, role: str) -> None:
        self.world = world
        self.role = role
        self.column = ROLES.index(role)
        self.pages = Client(raise_request_exception=False)
        self.api = Client(raise_request_exception=False)
        if role != "anonymous":
            self.pages.force_login(world.users[role])
            self.api.defaults["HTTP_AUTHORIZATION"] = f"Bearer {world.bearer[role]}"
        self.cookies = copy.deepcopy(self.pages.cookies)
        # Signing in changes the owner's last_login, and with it any reset link made before.
        owner = User.objects.get(pk=world.users["owner"].pk)
        self.values = {**world.values, "reset_token": default_token_generator.make_token(owner)}
        self.before = snapshot()

    def send(self, client: Client, method: str, url: str, case: Case, api_call: bool) -> Cell:
        body = case.body(self.world, self.role) if callable(case.body) else case.body
        # A request may log out, rotate or delete the session: every row starts signed in.
        self.pages.cookies = copy.deepcopy(self.cookies)
        self.api.cookies = SimpleCookie()
        with transaction.atomic():
            if method == "GET":
                response = client.get(url)
            elif api_call and not case.multipart:
                data = "" if body is None else json.dumps(body)
                response = client.generic(method, url, data, content_type="application/json")
            else:
                response = client.post(url, body or {})
            # A streamed answer (the CSV export) runs its queries as it is read: read it here.
            content = (
                b"".join(response.streaming_content)  # type: ignore[attr-defined]
                if response.streaming
                else response.content
            )
            seen = code_of(response)
            # A refusal, or any read, must leave every row as it was.
            changed = (seen in REFUSALS or method == "GET") and snapshot() != self.before
            transaction.set_rollback(True)
        expected = case.expect[self.column]
        text = content[:300].decode(errors="replace")
        shaped = not api_call or response.status_code < 400 or _has_detail(content)
        detail = "" if seen == expected and shaped else text
        return Cell(f"{method} {url}", seen, expected, changed, detail, shaped)

    def page(self, route: Route, case: Case) -> Cell:
        values = self.values
        url = case.url or reverse(route.key, kwargs={k: values[v] for k, v in case.args.items()})
        if case.query:
            url += "?" + case.query.format(**values)
        cell = self.send(self.pages, case.method, url, case, api_call=False)
        cell.row = f"{case.method} {route.key}" + (f" ({case.label})" if case.label else "")
        return cell

    def operation(self, key: str, case: Case) -> Cell:
        method, path = key.split(" ", 1)
        names = {**API_ARGS, **case.args}
        filled = re.sub(r"\{(\w+)\}", lambda m: self.values[names[m.group(1)]], path)
        url = _api_prefix() + filled
        if case.query:
            url += "?" + case.query.format(**self.values)
        cell = self.send(self.api, method, url, case, api_call=True)
        cell.row = f"API {key}" + (f" ({case.label})" if case.label else "")
        return cell

    def admin(self, admin_routes: list[Route]) -> list[Cell]:
        """Walk the admin's own log-in and log-out, then every other admin route as one row."""
        cells = []
        values = {
            "object_id": self.values["ask"],
            "id": str(self.world.users["owner"].pk),
            "content_type_id": str(ContentType.objects.get_for_model(Ask).pk),
            "app_label": "asks",
            "url": "nowhere/",
        }
        ruled = []
        for route in admin_routes:
            if route.key in ADMIN_PAGES:
                cells += [self.page(route, case) for case in ADMIN_PAGES[route.key]]
                continue
            cell = self.send(self.pages, "GET", _fill(route.route, values), ADMIN_RULE, False)
            cell.row = f"GET {route.key}"
            ruled.append(cell)
        seen = "/".join(sorted({cell.seen for cell in ruled}))
        summary = Cell(
            f"GET admin: every other route ({len(ruled)})",
            seen,
            ADMIN_RULE.expect[self.column],
            any(cell.changed for cell in ruled),
            "; ".join(f"{cell.row}: {cell.seen}" for cell in ruled if cell.wrong),
        )
        return [*cells, summary]

    def walk(self) -> list[Cell]:
        api_paths = _api_paths()
        cells: list[Cell] = []
        admin_routes = []
        for route in routes():
            kind = kind_of(route, api_paths)
            if kind == "page":
                cells += [self.page(route, case) for case in PAGES.get(route.key, [])]
            elif kind == "admin":
                admin_routes.append(route)
        cells += self.admin(admin_routes)
        for key in operations():
            cells += [self.operation(key, case) for case in API.get(key, [])]
        return cells


# The tests -----------------------------------------------------------------------------


def test_every_route_and_operation_has_a_row():
    """A new route or operation fails here until the table says who gets what from it."""
    api_paths = _api_paths()
    found = list(routes())
    kinds = {route.key: kind_of(route, api_paths) for route in found}
    pages = {key for key, kind in kinds.items() if kind == "page"}
    admin = {key for key, kind in kinds.items() if kind == "admin"}
    assert sorted(pages - PAGES.keys()) == [], "pages without a row in PAGES"
    assert sorted(PAGES.keys() - pages) == [], "rows in PAGES for no route"
    assert sorted(ADMIN_PAGES.keys() - admin) == [], "rows in ADMIN_PAGES for no route"
    ops = operations()
    assert sorted(set(ops) - API.keys()) == [], "API operations without a row in API"
    assert sorted(API.keys() - set(ops)) == [], "rows in API for no operation"
    # The API's patterns are known by their schema paths (an API pattern that is no operation
    # of the schema, such as the docs, is a page and has its row above).
    assert len([key for key, kind in kinds.items() if kind == "api"]) >= len(api_paths)
    # Static files are WhiteNoise's, outside the URLconf; no media, no debug toolbar.
    assert [key for key, kind in kinds.items() if kind == "static"] == []


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_what_the_table_says(role, world, record_property):
    cells = Walker(world, role).walk()
    record_property(
        WALK_PROPERTY,
        json.dumps(
            {
                "role": role,
                "cells": [
                    {"row": c.row, "seen": c.seen, "expected": c.expected, "changed": c.changed}
                    for c in cells
                ],
            }
        ),
    )
    wrong = [
        f"{c.row}: {c.seen}, expected {c.expected}"
        + (" and it changed data" if c.changed else "")
        + ("" if c.shaped else ' without {"detail": ...}')
        + (f"\n    {c.detail}" if c.detail else "")
        for c in cells
        if c.wrong
    ]
    assert wrong == [], f"{role}:\n" + "\n".join(wrong)
    assert len(cells) > 100  # the walk saw every table


def test_the_world_is_as_the_table_assumes(world):
    """The rows rely on these facts: should one change, a 404 could pass for the wrong reason."""
    users = world.users
    owner, member, organizer = users["owner"], users["member"], users["organizer"]
    assert Ask.objects.get(pk=world.values["ask"]).user == owner
    answered = Ask.objects.get(pk=world.values["answered_ask"])
    assert (answered.user, answered.outcome, answered.private) == (owner, "no", False)
    assert answered.cheers.filter(user=member).exists()
    assert not answered.cheers.filter(user=organizer).exists()
    group = Group.objects.get(pk=world.values["group"])
    roles = dict(group.memberships.values_list("user__username", "role"))
    assert roles == {"owner": "member", "member": "member", "organizer": "organizer"}
    assert group.memberships.get(user=owner).sharing == "details"
    # The outsider's only group is their own, with nobody else in it.
    outsiders = Membership.objects.filter(group__memberships__user=users["outsider"])
    assert list(outsiders.values_list("user__username", flat=True)) == ["outsider"]
    assert outsiders.get().group_id == int(world.values["their_group"])
    assert Challenge.objects.get(pk=world.values["challenge"]).group == group
    assert Challenge.objects.get(pk=world.values["personal_challenge"]).owner == owner
    assert Invite.objects.get(code=world.values["invite_code"]).is_usable(GROUP_NOW)
    # The removed people belong to no group, and each is kept out of the group they left.
    removal = Removal.objects.get(pk=world.values["removal"])
    assert (removal.group, removal.user.username) == (group, "removed")
    theirs = Removal.objects.get(pk=world.values["their_removal"])
    assert theirs.group_id == int(world.values["their_group"])
    assert not Membership.objects.filter(user__username__in=["removed", "their-removed"])
    # The onboarding rows: only people without an ask see its steps.
    assert not Ask.objects.filter(user__in=[organizer, users["outsider"]]).exists()
    assert not any(user.is_staff for user in users.values())
